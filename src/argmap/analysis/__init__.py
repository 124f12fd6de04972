"""Analysis over a loaded map: coverage of sources, later evaluation and prep checks."""
