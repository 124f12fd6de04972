"""Graph queries over a map: who supports, attacks and undercuts whom.

The tree view used by the outline and the TUI: roots are the claims that
support, attack and undercut nothing; under a claim come its supporters
(``+``), attackers (``-``) and, when the claim is shown as the supporter of
its parent, the undercutters of that link (``~``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from .giveway import give_way

if TYPE_CHECKING:  # the models or their light objects (fastcheck): no pydantic needed
    from .schema import ArgMap, Claim


class Relation(StrEnum):
    SUPPORT = "support"
    ATTACK = "attack"
    UNDERCUT = "undercut"

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self]


_SYMBOLS = {Relation.SUPPORT: "+", Relation.ATTACK: "-", Relation.UNDERCUT: "~"}


@dataclass(frozen=True, slots=True)
class Child:
    relation: Relation
    id: str


@dataclass
class Graph:
    """Reverse indexes of a map's relations, built once in linear time."""

    claims: Mapping[str, Claim]
    supporters: dict[str, list[str]] = field(default_factory=dict)
    attackers: dict[str, list[str]] = field(default_factory=dict)
    undercutters: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    #: tree_roots(), once: a graph is built again when the relations change
    _tree_roots: list[str] | None = field(default=None, repr=False, compare=False)
    _parents: dict[str, tuple[str, ...]] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def of(cls, m: ArgMap | Mapping[str, Claim]) -> Graph:
        claims = m if isinstance(m, Mapping) else m.claims
        g = cls(claims)
        for i, (cid, c) in enumerate(claims.items()):
            if not i & 4095:
                give_way()  # (a worker's graph pauses while a key is drawn)
            for t in c.supports:
                g.supporters.setdefault(t, []).append(cid)
            for t in c.attacks:
                g.attackers.setdefault(t, []).append(cid)
            for link in c.undercuts:
                g.undercutters.setdefault((link.from_, link.to), []).append(cid)
        return g

    def roots(self) -> list[str]:
        """Claims that support, attack and undercut nothing, in document order."""
        return [
            cid
            for cid, c in self.claims.items()
            if not c.supports and not c.attacks and not c.undercuts
        ]

    def children(self, cid: str, parent: str | None = None) -> list[Child]:
        """What sits under ``cid`` in the tree; ``parent`` is the claim it is shown under."""
        out = [Child(Relation.SUPPORT, s) for s in self.supporters.get(cid, ())]
        out += [Child(Relation.ATTACK, a) for a in self.attackers.get(cid, ())]
        if parent is not None:
            out += [Child(Relation.UNDERCUT, u) for u in self.undercutters.get((cid, parent), ())]
        return out

    def parents(self, cid: str) -> list[str]:
        """The claims ``cid`` is shown under: what it supports, attacks or undercuts the link to."""
        c = self.claims[cid]
        seen: dict[str, None] = {}
        for t in (*c.supports, *c.attacks, *(u.from_ for u in c.undercuts)):
            seen.setdefault(t)
        return list(seen)

    def parent_index(self) -> dict[str, tuple[str, ...]]:
        """The claims each claim is shown under (as :meth:`parents`, in
        another order; claims with none left out), built once per graph from
        its own indexes, never from the claims (a worker may read it while
        the map is edited): for walking up from many claims at once."""
        if self._parents is None:
            index: dict[str, dict[str, None]] = {}
            for i, (target, ids) in enumerate((*self.supporters.items(), *self.attackers.items())):
                if not i & 4095:
                    give_way()  # (made by a worker: it pauses while a key is drawn)
                for cid in ids:
                    index.setdefault(cid, {})[target] = None
            for (from_, _), ids in self.undercutters.items():
                for cid in ids:
                    index.setdefault(cid, {})[from_] = None
            self._parents = {cid: tuple(ps) for cid, ps in index.items()}
        return self._parents

    def references_to(self, cid: str) -> list[tuple[str, str]]:
        """``(claim, field)`` pairs of every other claim that names ``cid``."""
        refs: list[tuple[str, str]] = []
        for other, c in self.claims.items():
            if other == cid:
                continue
            if cid in c.supports:
                refs.append((other, "supports"))
            if cid in c.attacks:
                refs.append((other, "attacks"))
            if any(cid in (u.from_, u.to) for u in c.undercuts):
                refs.append((other, "undercuts"))
        return refs

    def tree_roots(self) -> list[str]:
        """Roots, then one entry claim for each part of the map no root reaches
        (a ring of mutual attacks has no root of its own).  Computed once
        per graph: a graph holds the relations of the moment it was built."""
        if self._tree_roots is None:
            self._tree_roots = self._find_tree_roots()
        return list(self._tree_roots)

    def _find_tree_roots(self) -> list[str]:
        roots = self.roots()
        seen: set[str] = set()
        for r in roots:
            self._mark_reachable(r, seen)
        for cid in self.claims:
            if cid not in seen:
                roots.append(cid)
                self._mark_reachable(cid, seen)
        return roots

    def _mark_reachable(self, start: str, seen: set[str]) -> None:
        stack = [start]
        supporters, attackers, undercutters = self.supporters, self.attackers, self.undercutters
        claims, pop, push, mark = self.claims, stack.pop, stack.extend, seen.add
        while stack:
            cid = pop()
            if cid in seen:
                continue
            mark(cid)
            if cid in supporters:
                push(supporters[cid])
            if cid in attackers:
                push(attackers[cid])
            if undercutters:
                for t in claims[cid].supports:
                    push(undercutters.get((cid, t), ()))

    def paths_to(self, cid: str, limit: int = 50) -> list[list[str]]:
        """Up to ``limit`` paths from a tree root down to ``cid`` (root first)."""
        roots = set(self.tree_roots())
        out: list[list[str]] = []
        stack: list[list[str]] = [[cid]]
        while stack and len(out) < limit:
            path = stack.pop()
            head = path[-1]
            if head in roots:
                out.append(path[::-1])
                continue
            for p in reversed(self.parents(head)):
                if p not in path:
                    stack.append([*path, p])
        return out


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a walked tree."""

    depth: int
    id: str
    relation: Relation | None  # None for a root
    repeat: bool  # shown in full elsewhere (above) or a cycle back to an ancestor


def walk(g: Graph) -> Iterator[Row]:
    """The whole tree, depth first.  A claim's subtree is expanded the first
    time it is met; later occurrences, and cycles, are yielded with ``repeat``.

    Linear in the rows yielded, whatever the depth: the claims on the path
    from the root are one set, updated as the walk enters and leaves them."""
    expanded: set[str] = set()
    for root in g.tree_roots():
        on_path: set[str] = set()
        # (depth, claim, relation, parent); depth -1 marks leaving ``claim``
        stack: list[tuple[int, str, Relation | None, str | None]] = [(0, root, None, None)]
        while stack:
            depth, cid, rel, parent = stack.pop()
            if depth < 0:
                on_path.discard(cid)
                continue
            kids = g.children(cid, parent)
            cycle = cid in on_path
            repeat = cycle or (cid in expanded and bool(kids))
            yield Row(depth, cid, rel, repeat)
            if cycle:
                continue
            if repeat:
                # shown in full above, but the undercuts of *this* link belong here
                kids = [k for k in kids if k.relation is Relation.UNDERCUT]
            else:
                expanded.add(cid)
            if kids:
                on_path.add(cid)
                stack.append((-1, cid, None, None))
                for child in reversed(kids):
                    stack.append((depth + 1, child.id, child.relation, cid))
