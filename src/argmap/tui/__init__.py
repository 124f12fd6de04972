"""The terminal UI (Textual).  Only the CLI imports this package."""
