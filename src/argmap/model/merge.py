"""Three-way merge of maps by claim id.

:func:`merge3` combines two versions of a map made from the same ``base``:
``ours`` (e.g. unsaved edits) and ``theirs`` (e.g. the file as another
program left it).  It is the one merge of argmap: crash recovery uses it, and
a git merge driver can call it as ``merge3(base, ours, theirs)``.

Rules, per claim (and likewise per source):

- added on one side only: taken;
- deleted on one side and unchanged on the other: deleted;
- deleted on one side and edited on the other: a conflict; the edited claim
  is kept (an edit is never dropped) with an annotation saying so;
- edited on both sides: field by field (the fields of the pydantic model):
  a field changed on one side takes that side; changed identically on both
  is fine; changed differently is a conflict: ours is kept and an annotation
  records theirs.  List fields that are sets of references (``supports``,
  ``attacks``, ``undercuts``, ``tags``) merge as sets: additions from both,
  removals from both; ``annotations`` merge as a union keeping order (ours,
  then theirs' new ones).

The title and description merge like claim fields.  Every conflict is
recorded in the merged map as an annotation (by :data:`MERGE_AUTHOR`,
starting ``conflict:``): on the claim itself; for a source, on the claims
quoting it; for the map's own fields (or a source no claim quotes), on the
first conclusion.  The result always obeys
the rules of :mod:`.rules`: a merge that would leave a dangling reference
brings back the claim or source it refers to, and any other broken rule
(a support cycle, say) puts the claims involved back as ``ours`` has them;
each is reported as a conflict, never left as an invalid map.
"""

from __future__ import annotations

import json
import typing
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from .rules import check
from .schema import Annotation, ArgMap, Claim, Source

#: Who the conflict annotations are "by".
MERGE_AUTHOR = "argmap merge"
_NOTHING = object()  # a base value equal to neither side


@dataclass(frozen=True)
class Conflict:
    """Both sides changed the same thing differently (or the result broke a rule).

    ``claim`` is the claim id (``None`` for the map's own fields, ``source:ID``
    for a source); ``field`` the field name, or ``"deleted"`` when one side
    deleted what the other edited, or ``"rules"`` when the merge broke a rule."""

    claim: str | None
    field: str
    message: str

    @property
    def where(self) -> str:
        """``claim 'ID'``, ``source 'ID'`` or ``the map``."""
        if self.claim is None:
            return "the map"
        if self.claim.startswith("source:"):
            return f"source '{self.claim[len('source:'):]}'"
        return f"claim '{self.claim}'"

    def report(self, file: str) -> str:
        """``FILE: conflict: claim 'ID': what theirs did`` (one line for a
        merge driver's report)."""
        what = self.message.removeprefix("conflict: ")
        return f"{file}: conflict: {self.where}: {what}"


@dataclass
class MergeResult:
    map: ArgMap
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts


@dataclass(frozen=True)
class ClaimDiff:
    """Which claims differ between two versions of a map."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def describe(self, limit: int = 12) -> str:
        """``added a, b; removed c; changed d`` (ids), or ``no claim``."""
        def ids(xs: tuple[str, ...]) -> str:
            return ", ".join(xs[:limit]) + (f" and {len(xs) - limit} more" if len(xs) > limit else "")
        parts = [f"{word} {ids(xs)}" for word, xs in
                 (("added", self.added), ("removed", self.removed), ("changed", self.changed)) if xs]
        return "; ".join(parts) or "no claim"


def diff_claims(old: ArgMap, new: ArgMap) -> ClaimDiff:
    """The claims ``new`` adds, removes and changes compared with ``old``."""
    return ClaimDiff(
        tuple(c for c in new.claims if c not in old.claims),
        tuple(c for c in old.claims if c not in new.claims),
        tuple(c for c in new.claims if c in old.claims and new.claims[c] != old.claims[c]),
    )


def _key(value: Any) -> Any:
    """A hashable, comparable form of a field's value or list item."""
    if isinstance(value, BaseModel):
        return json.dumps(value.model_dump(mode="json"), sort_keys=True)
    if isinstance(value, list):
        return tuple(_key(v) for v in value)
    return value


def _show(value: Any) -> str:
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", exclude_defaults=True)
    elif isinstance(value, list):
        value = [v.model_dump(mode="json", exclude_defaults=True) if isinstance(v, BaseModel) else v for v in value]
    if value is None:
        return "nothing"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 200 else text[:199] + "…"


def _item_type(model: type[BaseModel], name: str) -> Any:
    """The item type of a list field (``None`` for other fields)."""
    hints = typing.get_type_hints(model, include_extras=True)
    tp = hints[name]
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    if typing.get_origin(tp) is list:
        return typing.get_args(tp)[0]
    return None


def _is_list(model: type[BaseModel], name: str) -> bool:
    return _item_type(model, name) is not None


def _union_field(model: type[BaseModel], name: str) -> bool:
    """Annotations are a log, not a set: merged as a union."""
    return _item_type(model, name) is Annotation


def _merge_list(base: list[Any], ours: list[Any], theirs: list[Any], union: bool) -> list[Any]:
    """Sets: ours without what theirs removed, then what theirs added.
    A union (``union``): ours, then theirs' items ours lacks, in order."""
    bk = {_key(v) for v in base}
    tk = {_key(v) for v in theirs}
    kept = list(ours) if union else [v for v in ours if not (_key(v) in bk and _key(v) not in tk)]
    seen = {_key(v) for v in kept}
    for v in theirs:
        k = _key(v)
        if k not in seen and (union or k not in bk):
            kept.append(v)
            seen.add(k)
    return kept


def _merge_fields(
    model: type[BaseModel],
    base: BaseModel,
    ours: BaseModel,
    theirs: BaseModel,
    skip: tuple[str, ...] = (),
) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
    """Field-by-field three-way merge; returns the merged values and the
    fields in conflict (with theirs' value; the merged value is ours)."""
    values: dict[str, Any] = {}
    conflicts: list[tuple[str, Any]] = []
    for name in model.model_fields:
        if name in skip:
            continue
        b, o, t = getattr(base, name), getattr(ours, name), getattr(theirs, name)
        kb, ko, kt = _key(b), _key(o), _key(t)
        if ko == kt or kt == kb:
            values[name] = o
        elif ko == kb:
            values[name] = t
        elif _is_list(model, name):
            values[name] = _merge_list(b, o, t, _union_field(model, name))
        else:
            values[name] = o
            conflicts.append((name, t))
    return values, conflicts


def _note(claim: Claim, texts: list[str]) -> Claim:
    have = {a.text for a in claim.annotations}
    extra = [Annotation(text=t, by=MERGE_AUTHOR) for t in texts if t not in have]
    if not extra:
        return claim
    return claim.model_copy(update={"annotations": [*claim.annotations, *extra]})


def _merge_entries(
    kind: str,
    model: type[BaseModel],
    base: dict[str, Any],
    ours: dict[str, Any],
    theirs: dict[str, Any],
    conflicts: list[Conflict],
) -> dict[str, Any]:
    """Merge two id -> model dicts; conflicts on claims get annotations."""
    out: dict[str, Any] = {}
    label = (lambda i: i) if kind == "claim" else (lambda i: f"source:{i}")

    def note(value: Any, text: str) -> Any:
        return _note(value, [text]) if isinstance(value, Claim) else value

    for cid in [*ours, *(c for c in theirs if c not in ours)]:
        o, t, b = ours.get(cid), theirs.get(cid), base.get(cid)
        if o is not None and t is not None:
            if _key(o) == _key(t) or (b is not None and _key(t) == _key(b)):
                out[cid] = o
                continue
            if b is not None and _key(o) == _key(b):
                out[cid] = t
                continue
            if b is None:  # added on both sides, differently: no common base
                common: dict[str, Any] = {
                    n: getattr(o, n) if _key(getattr(o, n)) == _key(getattr(t, n))
                    else ([] if _is_list(model, n) else _NOTHING)
                    for n in model.model_fields
                }
                b = model.model_construct(**common)
            values, clashes = _merge_fields(model, b, o, t)
            merged = o.model_copy(update=values)
            texts = []
            for name, theirs_value in clashes:
                msg = f"conflict: theirs changed {name} to {_show(theirs_value)}"
                conflicts.append(Conflict(label(cid), name, msg))
                texts.append(msg)
            out[cid] = _note(merged, texts) if isinstance(merged, Claim) else merged
        elif o is not None:  # ours added it, or theirs deleted it
            if b is None:
                out[cid] = o
            elif _key(o) != _key(b):
                msg = "conflict: theirs deleted this; ours edited it (kept ours)"
                conflicts.append(Conflict(label(cid), "deleted", msg))
                out[cid] = note(o, msg)
        elif t is not None:  # theirs added it, or ours deleted it
            if b is None:
                out[cid] = t
            elif _key(t) != _key(b):
                msg = "conflict: ours deleted this; theirs edited it (kept theirs)"
                conflicts.append(Conflict(label(cid), "deleted", msg))
                out[cid] = note(t, msg)
    return _in_order(out, ours, theirs)


def _in_order(out: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any]:
    """Ours' order; an entry only theirs has goes after the one before it in theirs."""
    order = [k for k in ours if k in out]
    prev: str | None = None
    for k in theirs:
        if k in out and k not in ours:
            order.insert(order.index(prev) + 1 if prev in order else len(order), k)
        if k in out:
            prev = k
    return {k: out[k] for k in order}


def _references(claim: Claim) -> tuple[set[str], set[str]]:
    """Ids of claims and of sources that ``claim`` refers to."""
    claims = set(claim.supports) | set(claim.attacks)
    for u in claim.undercuts:
        claims |= {u.from_, u.to}
    sources = {claim.quote.source} if claim.quote is not None else set()
    return claims, sources


def merge3(base: ArgMap, ours: ArgMap, theirs: ArgMap) -> MergeResult:
    """Merge ``ours`` and ``theirs``, two versions of ``base``, by claim id.

    Returns the merged map (always valid when ``ours`` is) and the conflicts;
    on a conflict the merged map keeps ours and, for a claim, an annotation
    ``conflict: theirs changed FIELD to ...`` records theirs.  The inputs are
    not changed."""
    conflicts: list[Conflict] = []
    top, clashes = _merge_fields(ArgMap, base, ours, theirs, skip=("claims", "sources"))
    for name, theirs_value in clashes:
        conflicts.append(Conflict(None, name, f"conflict: theirs changed {name} to {_show(theirs_value)}"))
    sources = _merge_entries("source", Source, base.sources, ours.sources, theirs.sources, conflicts)
    claims = _merge_entries("claim", Claim, base.claims, ours.claims, theirs.claims, conflicts)
    _repair(claims, sources, base, ours, theirs, conflicts)
    _record_elsewhere(claims, conflicts)
    merged = ours.model_copy(update={**top, "sources": sources, "claims": claims})
    return MergeResult(merged, conflicts)


def _record_elsewhere(claims: dict[str, Claim], conflicts: list[Conflict]) -> None:
    """Annotate the conflicts that are not on a claim: a source's on the
    claims quoting it, the map's (and an unquoted source's) on the first
    conclusion (else the first claim), so the merged map holds every one."""
    if not claims:
        return
    first = next((cid for cid, c in claims.items() if c.kind == "conclusion"), next(iter(claims)))
    for c in conflicts:
        if c.claim is not None and not c.claim.startswith("source:"):
            continue
        text = f"conflict: {c.where}: {c.message.removeprefix('conflict: ')}"
        sid = c.claim[len("source:"):] if c.claim is not None else None
        quoting = [cid for cid, cl in claims.items() if sid is not None and cl.quote and cl.quote.source == sid]
        for cid in quoting or [first]:
            claims[cid] = _note(claims[cid], [text])


def _repair(
    claims: dict[str, Claim],
    sources: dict[str, Source],
    base: ArgMap,
    ours: ArgMap,
    theirs: ArgMap,
    conflicts: list[Conflict],
) -> None:
    """Make the merged claims obey the rules, reporting each change as a conflict."""

    def restore(cid: str, pool: str) -> None:
        for m, side in ((ours, "ours"), (theirs, "theirs"), (base, "base")):
            got = getattr(m, pool).get(cid)
            if got is not None:
                msg = f"conflict: deleted by one side but still referred to; kept as {side} has it"
                conflicts.append(Conflict(cid if pool == "claims" else f"source:{cid}", "deleted", msg))
                if isinstance(got, Claim):
                    claims[cid] = _note(got, [msg])
                else:
                    sources[cid] = got
                return

    for _ in range(len(claims) + len(ours.claims) + len(theirs.claims) + 2):
        # dangling references: bring back what is referred to
        missing_c: set[str] = set()
        missing_s: set[str] = set()
        for claim in claims.values():
            rc, rs = _references(claim)
            missing_c |= rc - claims.keys()
            missing_s |= rs - sources.keys()
        for cid in sorted(missing_c):
            restore(cid, "claims")
        for sid in sorted(missing_s):
            restore(sid, "sources")
        if missing_c or missing_s:
            continue
        errors = [p for p in check(claims, sources) if p.is_error]
        if not errors:
            return
        changed = False
        for key in dict.fromkeys(p.loc[1] for p in errors if p.loc[:1] == ("claims",) and len(p.loc) > 1):
            cid = str(key)
            mine = ours.claims.get(cid)
            why = "; ".join(p.message for p in errors if p.loc[1:2] == (cid,))
            if mine is not None and _key(claims.get(cid)) != _key(mine):
                theirs_claim = theirs.claims.get(cid)
                msg = f"conflict: the merge broke a rule ({why}); kept ours" + (
                    f", theirs had {_show(theirs_claim)}" if theirs_claim is not None else ""
                )
                conflicts.append(Conflict(cid, "rules", msg))
                claims[cid] = _note(mine, [msg[:1000]])
                changed = True
            elif mine is None and cid in claims:
                msg = f"conflict: theirs' claim was left out: the merge broke a rule ({why}): {_show(claims[cid])}"
                conflicts.append(Conflict(cid, "rules", msg))
                del claims[cid]
                changed = True
        if not changed:
            break
    # last resort: ours as it is (valid on its own), every difference a conflict
    if not claims or [p for p in check(claims, sources) if p.is_error]:
        conflicts.append(Conflict(None, "rules", "conflict: the merge broke a rule; kept ours as a whole"))
        claims.clear()
        claims.update(ours.claims)
        sources.clear()
        sources.update(ours.sources)


__all__ = ["MERGE_AUTHOR", "ClaimDiff", "Conflict", "MergeResult", "diff_claims", "merge3"]
