"""Exports: Graphviz diagrams and debate briefs (no UI imports)."""
