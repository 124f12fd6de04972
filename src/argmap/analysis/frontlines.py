"""Frontlines: for a side, every argument the other side makes against it,
with the prepared answers.

An *argument* is a claim of the other side that attacks one of this side's
claims or undercuts a link into one, unless every claim it hits is itself
one of this side's answers (then it is a reply, shown under that answer).
Its *answers* are this side's claims that attack it, undercut the link from
its support, or attack its support; under each answer, the other side's
replies to it and the answers to those, and so on.

Holes come first: arguments that still stand (no answer defeats them, though
one may weaken them).  Then the rest; each group by the strength of what the
argument hits (strongest first), then by the argument's own strength, then
map order.  Each argument appears once, however many claims it hits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model.graph import Graph
from .evaluation import Evaluation, Label, Side

if TYPE_CHECKING:
    from ..model import ArgMap, Claim

#: How deep replies and answers to replies are followed under an answer.
MAX_DEPTH = 6


def other(side: Side) -> Side:
    return Side.CON if side is Side.PRO else Side.PRO


@dataclass(frozen=True)
class Answer:
    claim: str
    #: "answers it", "undercuts its support 'e'", "answers its support 'e'",
    #: or for a reply "replies"
    how: str
    label: Label
    replies: tuple[Answer, ...] = ()
    #: shown already higher up (a cycle of replies): not expanded again
    again: bool = False


@dataclass(frozen=True)
class Block:
    """One argument of the other side and this side's answers to it."""

    argument: str
    #: what it hits: ("attacks", target) or ("undercuts", "from -> to")
    hits: tuple[tuple[str, str], ...]
    label: Label
    strength: float
    answers: tuple[Answer, ...] = ()
    #: the strongest of what it hits
    weight: float = 0.0

    @property
    def hole(self) -> bool:
        """It still stands: no answer defeats it."""
        return self.label is not Label.OUT

    @property
    def status(self) -> str:
        if self.label is Label.OUT:
            return "answered"
        if self.label is Label.UNDEC:
            return "contested"
        if not self.answers:
            return "unanswered"
        return "answers fall" if all(a.label is Label.OUT for a in self.answers) else "weakened"

    def targets(self) -> set[str]:
        out = set()
        for verb, t in self.hits:
            out.add(t.split(" -> ")[1] if verb == "undercuts" else t)
        return out

    def claims(self) -> list[str]:
        """The argument and every claim of its answers, in order."""
        out = [self.argument]
        stack = list(reversed(self.answers))
        while stack:
            a = stack.pop()
            out.append(a.claim)
            if not a.again:
                stack.extend(reversed(a.replies))
        return out


def _ours(ev: Evaluation, side: Side, cid: str) -> bool:
    return ev.sides.get(cid) in (side, Side.MIXED)


def answers_to(
    claims: Mapping[str, Claim], ev: Evaluation, g: Graph, arg: str, side: Side,
) -> list[tuple[str, str]]:
    """``(claim, how)`` for each of ``side``'s direct answers to ``arg``."""
    out: dict[str, str] = {}
    for a in g.attackers.get(arg, ()):
        if a in ev.labels and _ours(ev, side, a):
            out.setdefault(a, "answers it")
    for s in g.supporters.get(arg, ()):
        for u in g.undercutters.get((s, arg), ()):
            if u in ev.labels and _ours(ev, side, u):
                out.setdefault(u, f"undercuts its support '{s}'")
        for a in g.attackers.get(s, ()):
            if a in ev.labels and _ours(ev, side, a):
                out.setdefault(a, f"answers its support '{s}'")
    return list(out.items())


def frontlines(m: ArgMap | Mapping[str, Claim], ev: Evaluation, side: Side, g: Graph | None = None) -> list[Block]:
    """The frontlines of ``side`` (see the module's description)."""
    claims = m if isinstance(m, Mapping) else m.claims
    g = g or Graph.of(claims)
    them = other(side)
    present = [cid for cid in claims if cid in ev.labels]

    def theirs(cid: str) -> bool:
        return ev.sides.get(cid) in (them, Side.MIXED)

    hits: dict[str, list[tuple[str, str]]] = {}
    for cid in present:
        if not theirs(cid):
            continue
        c = claims[cid]
        h = [("attacks", t) for t in c.attacks if t in ev.labels and _ours(ev, side, t)]
        h += [("undercuts", f"{u.from_} -> {u.to}") for u in c.undercuts
              if u.to in ev.labels and _ours(ev, side, u.to)]
        if h:
            hits[cid] = h
    # this side's answers: its claims that answer an argument of the other side
    answering: set[str] = set()
    for arg in hits:
        answering.update(a for a, _ in answers_to(claims, ev, g, arg, side))

    def target_of(verb: str, t: str) -> str:
        return t.split(" -> ")[1] if verb == "undercuts" else t

    blocks = []
    for arg, h in hits.items():
        if all(target_of(v, t) in answering for v, t in h):
            continue  # a reply to an answer: shown under that answer
        weight = max(ev.strengths.get(target_of(v, t), 0.0) for v, t in h)
        blocks.append(Block(arg, tuple(h), ev.labels[arg], ev.strengths[arg],
                            _answer_tree(claims, ev, g, arg, side), weight))
    order = {cid: i for i, cid in enumerate(claims)}
    blocks.sort(key=lambda b: (not b.hole, -round(b.weight, 6), -round(b.strength, 6), order[b.argument]))
    return blocks


def _answer_tree(claims: Mapping[str, Claim], ev: Evaluation, g: Graph, arg: str, side: Side) -> tuple[Answer, ...]:
    def build(cid: str, how: str, by: Side, depth: int, path: frozenset[str]) -> Answer:
        if cid in path or depth >= MAX_DEPTH:
            return Answer(cid, how, ev.labels[cid], (), again=True)
        path = path | {cid}
        # replies to an answer come from the other side of the one who answered
        reply_side = other(by)
        kids = tuple(
            build(k, "replies" if reply_side is not side else h, reply_side, depth + 1, path)
            for k, h in answers_to(claims, ev, g, cid, reply_side)
        )
        return Answer(cid, how, ev.labels[cid], kids)

    return tuple(build(a, how, side, 0, frozenset({arg})) for a, how in answers_to(claims, ev, g, arg, side))


__all__ = ["Answer", "Block", "answers_to", "frontlines", "other"]
