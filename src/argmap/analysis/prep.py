"""Prep checks a debater runs before a round: what the other side still has standing against you, and the premises nothing supports."""

from __future__ import annotations

from collections.abc import Container
from typing import TYPE_CHECKING, NamedTuple

from ..io.quotes import SourceTexts, check_sources
from ..model import Kind
from ..model.giveway import give_way
from ..model.graph import Graph
from .evaluation import Evaluation, Label, Side

if TYPE_CHECKING:
    from ..model import ArgMap


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


class PrepWarning(NamedTuple):
    """(A named tuple: a large map has tens of thousands, and a frozen
    dataclass took twice as long to make.)"""

    code: str
    claim: str | None
    message: str

    def as_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "claim": self.claim, "message": self.message}


def prep_checks(
    m: ArgMap,
    ev: Evaluation,
    g: Graph | None = None,
    *,
    perspective: Side = Side.PRO,
    sources: SourceTexts | None = None,
) -> list[PrepWarning]:
    """What a debater preparing ``perspective``'s side still has to answer.
    With ``sources`` (the texts io read), quotes not found in them too.
    Without a graph ``g`` the claims' supporters are found in one pass (what
    the checks need of a graph: building one costs many times that)."""
    other = Side.CON if perspective is Side.PRO else Side.PRO
    out: list[PrepWarning] = []
    add = out.append
    labels, sides, strengths = ev.labels, ev.sides, ev.strengths
    IN, PREMISE, CONCLUSION = Label.IN, Kind.PREMISE, Kind.CONCLUSION  # read once: an enum member lookup is slow
    supported: Container[str] = (
        g.supporters if g is not None else {t for c in m.claims.values() for t in c.supports}
    )
    no_file = {sid for sid, src in m.sources.items() if src.file is None}
    for n, (cid, c) in enumerate(m.claims.items()):
        if not n & 4095:
            give_way()  # (a worker's prep pauses while a key is drawn)
        if (c.attacks or c.undercuts) and labels.get(cid) is IN and sides.get(cid) is other:
            hit = [f"attacks '{t}'" for t in c.attacks if sides.get(t) is perspective]
            hit += [
                f"undercuts '{u.from_}' -> '{u.to}'" for u in c.undercuts if sides.get(u.from_) is perspective
            ]
            if hit:
                add(PrepWarning("unanswered", cid, f"'{cid}' {' and '.join(hit)} and still stands: no answer to it stands"))
        kind, quote = c.kind, c.quote
        if kind is PREMISE:
            if quote is None and cid not in supported:
                add(PrepWarning("unsupported", cid, f"premise '{cid}' has no quote, no evidence and no supporter"))
        elif kind is CONCLUSION:
            now = strengths.get(cid, c.strength)
            if now < c.strength - 1e-12:
                add(PrepWarning("weak-conclusion", cid, f"conclusion '{cid}' fell from {c.strength:.2f} to {now:.2f}"))
        if quote is not None and quote.source in no_file:
            add(PrepWarning("quote-unchecked", cid, f"quote from '{quote.source}', which has no file to check it against"))
    if sources is not None:
        for p in check_sources(m, sources):
            if p.loc[:1] == ("claims",) and p.loc[-1] == "text":
                out.append(PrepWarning("quote-not-found", str(p.loc[1]), p.message))
    if not ev.converged:
        out.append(
            PrepWarning(
                "no-convergence",
                None,
                f"strengths did not settle within {ev.rounds} rounds; those on cycles are approximate",
            )
        )
    return out
