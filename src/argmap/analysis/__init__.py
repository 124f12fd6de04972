"""Analysis over a loaded map (pure: no file access): evaluation, explanations, semantics, prep checks, frontlines, timing, coverage, diffs."""
