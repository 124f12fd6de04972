"""What changed between two versions of a map, by claim id.

:func:`diff_maps` is a pure function: claims and sources added, removed and
changed field by field (every field of the pydantic models but the
relations), the map's own fields, relations (supports, attacks, undercuts)
added and removed, the conclusions whose standing (label) or strength
changed as far as it shows at 3 decimals, and the merge conflicts the new
version records.  ``argmap diff`` prints it (:func:`diff_lines`,
:func:`diff_markdown`, :meth:`MapDiff.as_dict`); the TUI can mark
:attr:`MapDiff.changed_ids` and list :attr:`MapDiff.conflicts`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from ..model.merge import MERGE_AUTHOR
from ..model.schema import ArgMap, Claim, Kind, Source
from .evaluation import Change, Evaluation, evaluate, visible_changes
from .semantics import Semantics

#: Decimals strengths are compared at (what a reader of the reports sees).
DIGITS = 3
#: Claim fields that hold relations: reported as relations, not as fields.
RELATION_FIELDS = ("supports", "attacks", "undercuts")


@dataclass(frozen=True)
class FieldChange:
    """One field of a claim, source or the map, before and after (JSON values)."""

    field: str
    old: Any
    new: Any

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class EntryChange:
    id: str
    fields: tuple[FieldChange, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "fields": [f.as_dict() for f in self.fields]}


@dataclass(frozen=True, order=True)
class Relation:
    """``from_ supports/attacks to``; an undercut's ``to`` is the link ``FROM->TO``."""

    kind: str
    from_: str
    to: str

    def __str__(self) -> str:
        return f"{self.from_} {self.kind} {self.to.replace('->', ' → ')}"

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "from": self.from_, "to": self.to}


@dataclass(frozen=True)
class Conflict:
    """A ``conflict:`` annotation a merge left on a claim, to resolve."""

    claim: str
    index: int  # in the claim's annotations
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"claim": self.claim, "annotation": self.index, "text": self.text}


@dataclass
class MapDiff:
    map_fields: tuple[FieldChange, ...] = ()
    claims_added: tuple[str, ...] = ()
    claims_removed: tuple[str, ...] = ()
    claims_changed: tuple[EntryChange, ...] = ()
    sources_added: tuple[str, ...] = ()
    sources_removed: tuple[str, ...] = ()
    sources_changed: tuple[EntryChange, ...] = ()
    relations_added: tuple[Relation, ...] = ()
    relations_removed: tuple[Relation, ...] = ()
    #: Conclusions whose label or strength (at 3 decimals) changed.
    standing: tuple[Change, ...] = ()
    #: Every conflict annotation of the new version.
    conflicts: tuple[Conflict, ...] = ()
    #: The claims of each version, to describe added and removed ones.
    old_claims: Mapping[str, Claim] = field(default_factory=dict, repr=False)
    new_claims: Mapping[str, Claim] = field(default_factory=dict, repr=False)
    old_sources: Mapping[str, Source] = field(default_factory=dict, repr=False)
    new_sources: Mapping[str, Source] = field(default_factory=dict, repr=False)

    def __bool__(self) -> bool:
        return bool(
            self.map_fields or self.claims_added or self.claims_removed or self.claims_changed
            or self.sources_added or self.sources_removed or self.sources_changed
            or self.relations_added or self.relations_removed or self.standing
        )

    @property
    def changed_ids(self) -> list[str]:
        """Claims of the new version that are new, changed, or gained or lost a
        relation of their own (in the new version's order): what to mark."""
        touched = set(self.claims_added) | {c.id for c in self.claims_changed}
        touched |= {r.from_ for r in (*self.relations_added, *self.relations_removed)}
        return [cid for cid in self.new_claims if cid in touched]

    def summary(self) -> str:
        """``1 claim added, 2 changed; 1 relation added; ...`` or ``no changes``."""
        def counted(noun: str, pairs: tuple[tuple[str, int], ...]) -> str:
            parts = [(word, n) for word, n in pairs if n]
            if not parts:
                return ""
            (w0, n0), rest = parts[0], parts[1:]
            first = f"{n0} {noun}{'s' * (n0 != 1)} {w0}"
            return ", ".join([first, *(f"{n} {w}" for w, n in rest)])

        groups = [
            "the map's " + ", ".join(f.field for f in self.map_fields) + " changed" if self.map_fields else "",
            counted("claim", (("added", len(self.claims_added)), ("removed", len(self.claims_removed)),
                              ("changed", len(self.claims_changed)))),
            counted("source", (("added", len(self.sources_added)), ("removed", len(self.sources_removed)),
                               ("changed", len(self.sources_changed)))),
            counted("relation", (("added", len(self.relations_added)), ("removed", len(self.relations_removed)))),
            counted("conclusion", (("changed standing", len(self.standing)),)),
            counted("conflict", (("to resolve", len(self.conflicts)),)),
        ]
        return "; ".join(g for g in groups if g) or "no changes"

    def as_dict(self) -> dict[str, Any]:
        def entry(cid: str, m: Mapping[str, BaseModel]) -> dict[str, Any]:
            return {"id": cid, **m[cid].model_dump(mode="json", by_alias=True, exclude_defaults=True)}

        return {
            "map": [f.as_dict() for f in self.map_fields],
            "claims": {
                "added": [entry(c, self.new_claims) for c in self.claims_added],
                "removed": [entry(c, self.old_claims) for c in self.claims_removed],
                "changed": [c.as_dict() for c in self.claims_changed],
            },
            "sources": {
                "added": [entry(s, self.new_sources) for s in self.sources_added],
                "removed": [entry(s, self.old_sources) for s in self.sources_removed],
                "changed": [c.as_dict() for c in self.sources_changed],
            },
            "relations": {
                "added": [r.as_dict() for r in self.relations_added],
                "removed": [r.as_dict() for r in self.relations_removed],
            },
            "conclusions": [
                {"claim": c.claim, "label": [_opt(c.before_label), _opt(c.after_label)],
                 "strength": [c.before_strength, c.after_strength]}
                for c in self.standing
            ],
            "conflicts": [c.as_dict() for c in self.conflicts],
        }


def _opt(value: Any) -> Any:
    return None if value is None else str(value)


def _json(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    if isinstance(value, list):
        return [_json(v) for v in value]
    return value


def _fields(model: type[BaseModel], old: BaseModel, new: BaseModel, skip: tuple[str, ...] = ()) -> tuple[FieldChange, ...]:
    out = []
    for name in model.model_fields:
        if name in skip:
            continue
        o, n = _json(getattr(old, name)), _json(getattr(new, name))
        if o != n:
            out.append(FieldChange(name, o, n))
    return tuple(out)


def _entries(
    model: type[BaseModel], old: Mapping[str, BaseModel], new: Mapping[str, BaseModel], skip: tuple[str, ...] = (),
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[EntryChange, ...]]:
    added = tuple(k for k in new if k not in old)
    removed = tuple(k for k in old if k not in new)
    changed = []
    for k in new:
        if k in old and old[k] != new[k]:
            fields = _fields(model, old[k], new[k], skip)
            if fields:
                changed.append(EntryChange(k, fields))
    return added, removed, tuple(changed)


def relations(claims: Mapping[str, Claim]) -> list[Relation]:
    """Every relation of the claims, in the map's order."""
    out = []
    for cid, c in claims.items():
        out += [Relation("supports", cid, t) for t in c.supports]
        out += [Relation("attacks", cid, t) for t in c.attacks]
        out += [Relation("undercuts", cid, f"{u.from_}->{u.to}") for u in c.undercuts]
    return out


def conflict_annotations(m: ArgMap | None) -> list[Conflict]:
    """The ``conflict:`` annotations a merge left in ``m``."""
    if m is None:
        return []
    return [
        Conflict(cid, i, a.text)
        for cid, c in m.claims.items()
        for i, a in enumerate(c.annotations)
        if a.by == MERGE_AUTHOR and a.text.startswith("conflict:")
    ]


def diff_maps(
    old: ArgMap | None,
    new: ArgMap | None,
    *,
    semantics: Semantics = Semantics.GROUNDED,
    before: Evaluation | None = None,
    after: Evaluation | None = None,
) -> MapDiff:
    """What ``new`` changes compared with ``old`` (``None``: no map, e.g. a
    file git adds or deletes).  ``before``/``after``: evaluations of the
    two, when the caller has them already."""
    oc: Mapping[str, Claim] = old.claims if old is not None else {}
    nc: Mapping[str, Claim] = new.claims if new is not None else {}
    os_: Mapping[str, Source] = old.sources if old is not None else {}
    ns: Mapping[str, Source] = new.sources if new is not None else {}
    map_fields: tuple[FieldChange, ...] = ()
    if old is not None and new is not None:
        map_fields = _fields(ArgMap, old, new, skip=("claims", "sources"))
    ca, cr, cc = _entries(Claim, oc, nc, skip=RELATION_FIELDS)
    sa, sr, sc = _entries(Source, os_, ns)
    old_rel, new_rel = relations(oc), relations(nc)
    old_set, new_set = set(old_rel), set(new_rel)
    added_rel = tuple(r for r in new_rel if r not in old_set)
    removed_rel = tuple(r for r in old_rel if r not in new_set)

    b = before if before is not None and before.semantics is semantics else evaluate(oc, semantics=semantics)
    a = after if after is not None and after.semantics is semantics else evaluate(nc, semantics=semantics)
    conclusions = [cid for cid, c in nc.items() if c.kind is Kind.CONCLUSION]
    conclusions += [cid for cid, c in oc.items() if c.kind is Kind.CONCLUSION and cid not in nc]
    changes = [
        Change(cid, b.labels.get(cid), a.labels.get(cid), b.strengths.get(cid), a.strengths.get(cid))
        for cid in conclusions
    ]
    return MapDiff(
        map_fields=map_fields,
        claims_added=ca, claims_removed=cr, claims_changed=cc,
        sources_added=sa, sources_removed=sr, sources_changed=sc,
        relations_added=added_rel, relations_removed=removed_rel,
        standing=tuple(visible_changes(changes, DIGITS)),
        conflicts=tuple(conflict_annotations(new)),
        old_claims=oc, new_claims=nc, old_sources=os_, new_sources=ns,
    )


# -- printing ------------------------------------------------------------------------------------


def quoted(value: Any) -> str:
    """A value on one line: strings in double quotes with newlines and
    control characters escaped, other values as JSON."""
    return json.dumps(value, ensure_ascii=False)


def _scalar(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, float):
        return repr(value)
    return quoted(value)


def _item(value: Any) -> str:
    if isinstance(value, dict) and "text" in value:  # an annotation
        extra = ", ".join(f"{k} {value[k]}" for k in ("by", "at") if value.get(k))
        return quoted(value["text"]) + (f" ({extra})" if extra else "")
    return quoted(value)


def field_text(f: FieldChange) -> str:
    """``text: "old" → "new"``; lists as ``tags: + "a", − "b"``."""
    if isinstance(f.old, list) and isinstance(f.new, list):
        gone = [v for v in f.old if v not in f.new]
        new = [v for v in f.new if v not in f.old]
        parts = [f"+ {_item(v)}" for v in new] + [f"− {_item(v)}" for v in gone]
        if not parts:  # same items, another order
            parts = [f"reordered to {quoted(f.new)}"]
        return f"{f.field}: " + ", ".join(parts)
    return f"{f.field}: {_scalar(f.old)} → {_scalar(f.new)}"


def _strength(v: float | None) -> str:
    return "-" if v is None else f"{v:.{DIGITS}f}"


def standing_text(c: Change) -> str:
    """``'thesis': in → out; strength 0.612 → 0.402`` (``in;`` when the label stays)."""
    label = "none" if c.before_label is None else str(c.before_label)
    if c.after_label != c.before_label:
        label += " → " + ("none" if c.after_label is None else str(c.after_label))
    return f"'{c.claim}': {label}; strength {_strength(c.before_strength)} → {_strength(c.after_strength)}"


def diff_lines(d: MapDiff, heading: str) -> list[str]:
    """The text report: ``HEADING: summary``, then one line per change
    (``+`` added, ``-`` removed, ``~`` changed, then the fields)."""
    out = [f"{heading}: {d.summary()}"]
    for f in d.map_fields:
        out.append(f"~ map {field_text(f)}")
    for sid in d.sources_added:
        out.append(f"+ source '{sid}': {quoted(d.new_sources[sid].title)}")
    for sid in d.sources_removed:
        out.append(f"- source '{sid}': {quoted(d.old_sources[sid].title)}")
    for e in d.sources_changed:
        out.append(f"~ source '{e.id}'")
        out += [f"    {field_text(f)}" for f in e.fields]
    for cid in d.claims_added:
        c = d.new_claims[cid]
        out.append(f"+ claim '{cid}' ({c.kind}): {quoted(c.text)}")
    for cid in d.claims_removed:
        c = d.old_claims[cid]
        out.append(f"- claim '{cid}' ({c.kind}): {quoted(c.text)}")
    for e in d.claims_changed:
        out.append(f"~ claim '{e.id}'")
        out += [f"    {field_text(f)}" for f in e.fields]
    out += [f"+ relation: {r}" for r in d.relations_added]
    out += [f"- relation: {r}" for r in d.relations_removed]
    out += [f"conclusion {standing_text(c)}" for c in d.standing]
    out += [f"conflict on '{c.claim}': {quoted(c.text)}" for c in d.conflicts]
    return out


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def md(text: str) -> str:
    """Text for Markdown: one line, its markup characters escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _md_value(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return md(value)
    return md(json.dumps(value, ensure_ascii=False))


def _md_field(f: FieldChange) -> str:
    if isinstance(f.old, list) and isinstance(f.new, list):
        gone = [v for v in f.old if v not in f.new]
        new = [v for v in f.new if v not in f.old]

        def show(v: object) -> str:
            return md(v["text"]) if isinstance(v, dict) and "text" in v else _md_value(v)

        parts = [f"added {show(v)}" for v in new] + [f"removed {show(v)}" for v in gone]
        return f"{f.field}: " + ("; ".join(parts) or "reordered")
    return f"{f.field}: {_md_value(f.old)} → {_md_value(f.new)}"


def diff_markdown(d: MapDiff, title: str) -> str:
    """The report as Markdown: a heading per kind of change, bullets."""
    out = [f"# Changes: {md(title)}", "", md(d.summary())]

    def section(name: str, lines: list[str]) -> None:
        if lines:
            out.extend(["", f"## {name}", "", *lines])

    section("The map", [f"- {_md_field(f)}" for f in d.map_fields])
    section("Sources added", [f"- **{md(s)}**: {md(d.new_sources[s].title)}" for s in d.sources_added])
    section("Sources removed", [f"- **{md(s)}**: {md(d.old_sources[s].title)}" for s in d.sources_removed])
    section("Sources changed", [f"- **{md(e.id)}**: {_md_field(f)}" for e in d.sources_changed for f in e.fields])
    section("Claims added", [f"- **{md(c)}** ({d.new_claims[c].kind}): {md(d.new_claims[c].text)}"
                             for c in d.claims_added])
    section("Claims removed", [f"- **{md(c)}** ({d.old_claims[c].kind}): {md(d.old_claims[c].text)}"
                               for c in d.claims_removed])
    section("Claims changed", [f"- **{md(e.id)}**: {_md_field(f)}" for e in d.claims_changed for f in e.fields])
    section("Relations added", [f"- {md(str(r))}" for r in d.relations_added])
    section("Relations removed", [f"- {md(str(r))}" for r in d.relations_removed])
    section("Conclusions whose standing changed", [f"- {md(standing_text(c))}" for c in d.standing])
    section("Conflicts to resolve", [f"- **{md(c.claim)}**: {md(c.text)}" for c in d.conflicts])
    return "\n".join(out) + "\n"


__all__ = [
    "Conflict", "EntryChange", "FieldChange", "MapDiff", "Relation",
    "conflict_annotations", "diff_lines", "diff_maps", "diff_markdown", "relations",
]
