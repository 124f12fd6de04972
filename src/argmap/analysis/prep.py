"""Prep checks a debater runs before a round (more come with evaluation)."""

from __future__ import annotations

from ..model import ArgMap, Kind
from ..model.graph import Graph


def unanswered_counterpoints(m: ArgMap, g: Graph | None = None) -> list[str]:
    """Counterpoints nothing attacks yet (no rebuttal or other answer)."""
    g = g or Graph.of(m)
    return [
        cid
        for cid, c in m.claims.items()
        if c.kind is Kind.COUNTERPOINT and not g.attackers.get(cid)
    ]


def all_tags(m: ArgMap) -> list[str]:
    return sorted({t for c in m.claims.values() for t in c.tags})
