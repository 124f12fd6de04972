"""The command layer: every edit of a map is an operation with an inverse.

``op.apply(m)`` changes the map in place and returns the operation that undoes
it.  The CLI (``rebut``, ``note``) and the TUI's undo/redo both go through
here, so an edit means the same thing wherever it is made.

Claims are treated as values: an operation replaces a claim with a new one
instead of mutating it, so an inverse can keep the old one as it was.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from pydantic import ValidationError

from .messages import describe, validation_problems
from .problems import Loc, Problem
from .rules import check, check_touched, did_you_mean
from .schema import (
    ATTACKING_KINDS,
    SUPPORTING_KINDS,
    Annotation,
    ArgMap,
    Claim,
    Kind,
    Quote,
    Source,
    Undercut,
)


class OpError(ValueError):
    """An edit that cannot be made; ``problems`` say why."""

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


class Op(Protocol):
    # read-only: the ops are frozen dataclasses
    @property
    def label(self) -> str: ...

    def apply(self, m: ArgMap) -> Op: ...


@dataclass(frozen=True)
class PutClaim:
    """Set claim ``id`` to ``claim`` (``None`` deletes it).

    A new claim goes at ``index`` in the map's order (the end when ``None``);
    an existing one keeps its place."""

    id: str
    claim: Claim | None
    index: int | None = None
    label: str = "edit"

    def apply(self, m: ArgMap) -> PutClaim:
        claims = m.claims
        old = claims.get(self.id)
        if old is None and self.claim is None:
            raise OpError(f"no claim '{self.id}' to delete")
        old_index = list(claims).index(self.id) if old is not None else None
        if self.claim is None:
            del claims[self.id]
        elif old is not None or self.index is None or self.index >= len(claims):
            claims[self.id] = self.claim
        else:
            items = list(claims.items())
            items.insert(self.index, (self.id, self.claim))
            claims.clear()
            claims.update(items)
        return PutClaim(self.id, old, old_index, self.label)


@dataclass(frozen=True)
class ReplaceMap:
    """Replace the whole content of the map (title, description, sources, claims)."""

    title: str
    description: str | None
    sources: dict[str, Source]
    claims: dict[str, Claim]
    label: str = "restore unsaved edits"

    def apply(self, m: ArgMap) -> ReplaceMap:
        old = ReplaceMap(m.title, m.description, dict(m.sources), dict(m.claims), self.label)
        m.title, m.description = self.title, self.description
        m.sources.clear()
        m.sources.update(self.sources)
        m.claims.clear()
        m.claims.update(self.claims)
        return old


@dataclass(frozen=True)
class Batch:
    """Several operations as one step; undone in reverse order."""

    ops: tuple[Op, ...]
    label: str = "edit"

    def apply(self, m: ArgMap) -> Batch:
        done: list[Op] = []
        try:
            for op in self.ops:
                done.append(op.apply(m))
        except Exception:
            for inv in reversed(done):
                inv.apply(m)
            raise
        return Batch(tuple(reversed(done)), self.label)


def touched(op: Op) -> frozenset[str] | None:
    """The ids of the claims ``op`` adds, changes or deletes (``None``: it may
    change anything: the sources, the whole map)."""
    if isinstance(op, PutClaim):
        return frozenset((op.id,))
    if isinstance(op, Batch):
        out: set[str] = set()
        for o in op.ops:
            ids = touched(o)
            if ids is None:
                return None
            out |= ids
        return frozenset(out)
    return None


def apply_checked(m: ArgMap, op: Op, *, known_valid: bool = False) -> Op:
    """Apply ``op`` and keep it only if the map still obeys every rule.

    Returns the inverse; on a broken rule the map is left as it was and
    :class:`OpError` lists the problems.  ``known_valid`` says the map has no
    error now, which saves checking it before the edit."""
    ids = touched(op)
    if known_valid and ids is not None:  # only what the edit can have broken
        was = {cid: m.claims.get(cid) for cid in ids}
        inverse = op.apply(m)
        new = [p for p in check_touched(m.claims, m.sources, ids, was) if p.is_error]
    else:
        before = set() if known_valid else {p for p in check(m.claims, m.sources) if p.is_error}
        inverse = op.apply(m)
        new = [p for p in check(m.claims, m.sources) if p.is_error and p not in before]
    if new:
        inverse.apply(m)
        raise OpError(f"{op.label}: " + "; ".join(p.message for p in new), new)
    return inverse


_STATES = itertools.count(1)


@dataclass
class History:
    """Undo and redo stacks over one map, without limit."""

    map: ArgMap
    #: The map obeys every rule (true of a map that loaded without errors);
    #: every edit is checked, so it stays so and need not be re-checked first.
    known_valid: bool = False
    # Each entry: the op that goes back (or forth) and the token of the state
    # the map is in after the edit, so that undoing back to a state gives
    # its token again (a document is clean again when undone to its save).
    _undo: list[tuple[Op, int]] = field(default_factory=list)
    _redo: list[tuple[Op, int]] = field(default_factory=list)
    #: The claims the last edit, undo or redo added, changed or deleted
    #: (``None``: it may have changed anything).
    touched: frozenset[str] | None = None

    @property
    def revision(self) -> int:
        """A token for the map's current state: 0 before any edit; a new one
        after each edit; the same again after undo or redo back to a state."""
        return self._undo[-1][1] if self._undo else 0

    def do(self, op: Op) -> None:
        self._undo.append((apply_checked(self.map, op, known_valid=self.known_valid), next(_STATES)))
        self._redo.clear()
        self.touched = touched(op)

    def undo(self) -> str | None:
        """Undo the last edit; returns its label, or ``None`` when there is none."""
        if not self._undo:
            return None
        inverse, token = self._undo.pop()
        self._redo.append((inverse.apply(self.map), token))
        self.touched = touched(inverse)
        return inverse.label

    def redo(self) -> str | None:
        if not self._redo:
            return None
        op, token = self._redo.pop()
        self._undo.append((op.apply(self.map), token))
        self.touched = touched(op)
        return op.label


# -- ids --------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+")


def slug(text: str, max_len: int = 32, max_words: int = 5) -> str:
    """A readable id fragment from ``text``: ``"Turkey lifted its veto"`` -> ``turkey-lifted-its-veto``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words: list[str] = []
    for w in _WORD.findall(ascii_text.lower()):
        if len(words) == max_words or len("-".join([*words, w])) > max_len:
            break
        words.append(w)
    return "-".join(words)


def fresh_id(text: str, taken: Collection[str], fallback: str = "claim") -> str:
    """An id made from ``text`` that is not in ``taken``."""
    base = slug(text) or fallback
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


# -- edits that the faces offer ----------------------------------------------


def utc_now() -> str:
    """Now as an ISO 8601 timestamp to the second, e.g. 2026-11-25T14:30:00Z."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def make_quote(m: ArgMap, text: str, source: str | None, locator: str | None = None) -> Quote:
    """A quote for a new or edited claim; ``source`` may be left out when the
    map has exactly one source.  Raises OpError saying what is wrong."""
    if not text.strip():
        raise OpError("the quote's text must not be empty")
    if not source:
        if len(m.sources) != 1:
            known = ", ".join(m.sources) or "this map has no sources: add one under 'sources'"
            raise OpError(f"give the quote's source ({known})")
        source = next(iter(m.sources))
    if source not in m.sources:
        known = ", ".join(m.sources) or "none"
        raise OpError(f"unknown source '{source}'{did_you_mean(source, m.sources)}; the map's sources: {known}")
    try:
        return Quote(source=source, text=text, locator=locator or None)
    except ValidationError as e:
        raise _invalid(e, ("quote",)) from None


def _invalid(e: ValidationError, prefix: Loc) -> OpError:
    problems = validation_problems(e, prefix)
    return OpError("; ".join(describe(p.loc, p.message) for p in problems), problems)


def claim_from(data: dict[str, object], cid: str) -> Claim:
    """A claim validated from plain data; OpError in the format's own words."""
    try:
        return Claim.model_validate(data)
    except ValidationError as e:
        raise _invalid(e, ("claims", cid)) from None


def _claim(cid: str, **fields: object) -> Claim:
    return claim_from({k: v for k, v in fields.items() if v is not None}, cid)


def add_claim(
    m: ArgMap,
    kind: Kind,
    text: str,
    *,
    supports: list[str] | None = None,
    attacks: list[str] | None = None,
    undercuts: list[Undercut] | None = None,
    quote: Quote | None = None,
    tags: list[str] | None = None,
    id: str | None = None,
) -> tuple[PutClaim, str]:
    """An operation adding a new claim, and the claim's id (fresh unless given)."""
    for target in [*(supports or ()), *(attacks or ())]:
        if target not in m.claims:
            raise OpError(f"no claim '{target}' in this map")
    new_id = id or fresh_id(text, m.claims, fallback=str(kind))
    if new_id in m.claims:
        raise OpError(f"a claim '{new_id}' already exists")
    claim = _claim(
        new_id,
        kind=kind,
        text=text,
        supports=supports,
        attacks=attacks,
        undercuts=undercuts,
        quote=quote,
        tags=tags,
    )
    return PutClaim(new_id, claim, None, f"add {kind} '{new_id}'"), new_id


def rebut(
    m: ArgMap,
    target: str,
    text: str,
    *,
    quote: Quote | None = None,
    tags: list[str] | None = None,
) -> tuple[PutClaim, str]:
    """A rebuttal attacking ``target``."""
    return add_claim(m, Kind.REBUTTAL, text, attacks=[target], quote=quote, tags=tags)


def note(m: ArgMap, target: str, text: str, by: str | None = None, at: str | None = None) -> PutClaim:
    """Append an annotation to ``target``."""
    claim = m.claims.get(target)
    if claim is None:
        raise OpError(f"no claim '{target}' in this map")
    try:
        ann = Annotation.model_validate({"text": text, "by": by, "at": at})
    except ValidationError as e:
        raise _invalid(e, ("claims", target, "annotations", len(claim.annotations))) from None
    new = claim.model_copy(update={"annotations": [*claim.annotations, ann]})
    return PutClaim(target, new, None, f"note on '{target}'")


def replace_claim(m: ArgMap, cid: str, claim: Claim) -> PutClaim:
    if cid not in m.claims:
        raise OpError(f"no claim '{cid}' in this map")
    return PutClaim(cid, claim, None, f"edit '{cid}'")


def deletion_plan(m: ArgMap, cid: str) -> list[str]:
    """What deleting ``cid`` deletes: the claim, then every claim left with
    nothing to argue about (a premise or evidence that would support nothing,
    a counterpoint or rebuttal that would attack and undercut nothing), in
    turn.  Conclusions are never deleted along."""
    if cid not in m.claims:
        raise OpError(f"no claim '{cid}' in this map")
    gone = {cid}
    order = [cid]
    changed = True
    while changed:
        changed = False
        for other, c in m.claims.items():
            if other in gone or c.kind is Kind.CONCLUSION:
                continue
            left_s = [t for t in c.supports if t not in gone]
            left_a = [t for t in c.attacks if t not in gone]
            left_u = [u for u in c.undercuts if u.from_ not in gone and u.to not in gone]
            needed = (c.kind in SUPPORTING_KINDS and not left_s) or (
                c.kind in ATTACKING_KINDS and not left_a and not left_u
            )
            if needed and (c.supports or c.attacks or c.undercuts):
                gone.add(other)
                order.append(other)
                changed = True
    return order


def delete_claim(m: ArgMap, cid: str) -> Batch:
    """Delete ``cid`` with everything :func:`deletion_plan` names, and every
    reference to them, so nothing is left dangling."""
    order = deletion_plan(m, cid)
    gone = set(order)
    ops: list[Op] = []
    for other, c in m.claims.items():
        if other in gone:
            continue
        if (
            gone.isdisjoint(c.supports)
            and gone.isdisjoint(c.attacks)
            and not any(u.from_ in gone or u.to in gone for u in c.undercuts)
        ):
            continue
        new = c.model_copy(
            update={
                "supports": [t for t in c.supports if t not in gone],
                "attacks": [t for t in c.attacks if t not in gone],
                "undercuts": [u for u in c.undercuts if u.from_ not in gone and u.to not in gone],
            }
        )
        ops.append(PutClaim(other, new, None))
    # delete dependents first so an undo restores them in their old places
    ops += [PutClaim(x, None) for x in sorted(order, key=list(m.claims).index, reverse=True)]
    return Batch(tuple(ops), f"delete '{cid}'" + (f" and {len(order) - 1} more" if len(order) > 1 else ""))
