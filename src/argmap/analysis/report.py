"""The text of ``argmap analyze``: the conclusions and why, then what rests on
unchecked claims, the prep warnings, and the table of every claim.

Plain text (the CLI prints it; no markup).  Claim text is put on one line
with control characters shown as escapes, so a map cannot move the cursor
or colour the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..model import Kind
from ..model.graph import Graph
from .evaluation import Change, Evaluation, visible_changes
from .explain import WORDS, Explainer, _and, depends_on_tag, explain, verdict
from .prep import PrepWarning
from .semantics import CAVEATS, EvalOptions, caveat_marks, caveats

if TYPE_CHECKING:
    from ..model import ArgMap

#: Decimals of the strengths ``analyze`` prints.
DIGITS = 3
#: The tag whose claims the report checks the conclusions against.
UNCHECKED = "needs-check"


def plain(text: str, width: int = 0) -> str:
    """Text on one line, control characters escaped, cut at ``width`` (0: not cut)."""
    out = []
    for ch in " ".join(text.split()):
        o = ord(ch)
        if o < 0x20 or 0x7F <= o < 0xA0 or 0x202A <= o <= 0x202E or 0x2066 <= o <= 0x2069:
            out.append(f"\\u{o:04x}")
        else:
            out.append(ch)
    s = "".join(out)
    return s if not width or len(s) <= width else s[: width - 1] + "…"


def conclusions_of(m: ArgMap, ev: Evaluation) -> list[str]:
    """The claims the report leads with: the conclusions (else the tree roots)."""
    conclusion = Kind.CONCLUSION
    found = [cid for cid, c in m.claims.items() if c.kind is conclusion and cid in ev.labels]
    if found:
        return found
    present = {k: c for k, c in m.claims.items() if k in ev.labels}
    return Graph.of(present).tree_roots()


def _marked(m: ArgMap, cids: Sequence[str]) -> str:
    return "; ".join(f"'{c}' {caveat_marks(m.claims[c])}" for c in cids)


def conclusion_lines(m: ArgMap, ev: Evaluation, why: Explainer | None = None) -> list[str]:
    why = why or Explainer(m, ev)
    out = []
    for cid in conclusions_of(m, ev):
        e = why(cid)
        marks = caveat_marks(m.claims[cid])
        out.append(f"{cid}: {verdict(e.label)}, strength {ev.strengths[cid]:.{DIGITS}f}" + (f"  {marks}" if marks else ""))
        out.append(f"  “{plain(m.claims[cid].text, 100)}”")
        out.append(f"  Why: {e.reason()}.")
        if e.reinstate:
            out.append(f"  To reinstate it: answer {_and(repr(c) for c in e.reinstate)}.")
        flagged = [c for c in e.names() if c in m.claims and caveats(m.claims[c])]
        if flagged:
            out.append(f"  Rests on: {_marked(m, flagged)}")
        out.append("")
    return out


def change_lines(changes: Sequence[Change], withdrawn: Sequence[str]) -> list[str]:
    shown = visible_changes(changes, DIGITS)
    gone = ", ".join(f"'{c}'" for c in withdrawn)
    out = [f"Without {gone}: {len(shown)} change{'s' * (len(shown) != 1)} (at {DIGITS} decimals)"]
    for ch in shown:
        if ch.after_label is None:
            out.append(f"  {ch.claim}: withdrawn")
            continue
        parts = []
        if ch.before_label != ch.after_label:
            parts.append(f"label {ch.before_label} -> {ch.after_label} "
                         f"({WORDS[ch.before_label]} -> {WORDS[ch.after_label]})")  # type: ignore[index]
        if f"{ch.before_strength:.{DIGITS}f}" != f"{ch.after_strength:.{DIGITS}f}":
            parts.append(f"strength {ch.before_strength:.{DIGITS}f} -> {ch.after_strength:.{DIGITS}f}")
        out.append(f"  {ch.claim}: " + ", ".join(parts))
    out.append("")
    return out


def unchecked_lines(m: ArgMap, ev: Evaluation, why: Explainer | None = None) -> list[str]:
    deps = depends_on_tag(m, ev, UNCHECKED, conclusions_of(m, ev), digits=DIGITS, explainer=why)
    n = sum(1 for cid, c in m.claims.items() if UNCHECKED in c.tags and cid in ev.labels)
    if not n:
        return []
    mark = CAVEATS[UNCHECKED].mark
    out = [f"What rests on unchecked claims ({n} tagged {UNCHECKED}, marked {mark}; "
           f"see: argmap analyze FILE --without-tag {UNCHECKED}):"]
    flips = [d for d in deps if d.label_changes]
    if not flips:
        out.append("  No conclusion's label changes without them.")
    for d in deps:
        parts = []
        if d.label_changes:
            each = f" (on its own: {', '.join(repr(c) for c in d.each)})" if d.each else ""
            parts.append(f"{WORDS[d.before]} -> {verdict(d.after)} without them{each}")
        if f"{d.before_strength:.{DIGITS}f}" != f"{d.after_strength:.{DIGITS}f}":
            parts.append(f"strength {d.before_strength:.{DIGITS}f} -> {d.after_strength:.{DIGITS}f} without them")
        if d.named:
            parts.append("its reason names " + ", ".join(repr(c) for c in d.named))
        out.append(f"  {d.claim}: " + "; ".join(parts))
    out.append("")
    return out


def warning_lines(warnings: Sequence[PrepWarning], side: str) -> list[str]:
    if not warnings:
        return [f"No prep warnings (preparing the {side} side).", ""]
    out = [f"Prep warnings (preparing the {side} side):"]
    out += [f"  {w.code}: {plain(w.message)}" for w in warnings]
    out.append("")
    return out


def table_lines(m: ArgMap, ev: Evaluation) -> list[str]:
    order = sorted((cid for cid in m.claims if cid in ev.labels),
                   key=lambda cid: m.claims[cid].kind is not Kind.CONCLUSION)
    width = max((len(cid) for cid in order), default=2)
    out = [
        "All claims (stands? is the label: stands [in] when every attacker falls, falls [out] when an "
        "attacker stands, open [undec] otherwise; strength is DF-QuAD, 0 to 1, see docs/evaluation.md):",
        f"{'id':<{width}}  {'kind':<12}  {'side':<5}  {'stands?':<14}  strength  caveat",
    ]
    for cid in order:
        c = m.claims[cid]
        out.append(
            f"{cid:<{width}}  {c.kind.value:<12}  {ev.sides[cid].value:<5}  {verdict(ev.labels[cid]):<14}  "
            f"{ev.strengths[cid]:<8.{DIGITS}f}  {caveat_marks(c)}".rstrip()
        )
    return out


def analyze_lines(
    m: ArgMap,
    ev: Evaluation,
    opts: EvalOptions,
    warnings: Sequence[PrepWarning],
    *,
    side: str = "pro",
    changes: Sequence[Change] | None = None,
    withdrawn: Sequence[str] = (),
) -> list[str]:
    """The whole ``analyze`` report, top to bottom."""
    out = [f"Which conclusions stand ({opts.describe()}):", ""]
    why = Explainer(m, ev)
    out += conclusion_lines(m, ev, why)
    if withdrawn:
        out += change_lines(changes or [], withdrawn)
    out += unchecked_lines(m, ev, why)
    out += warning_lines(warnings, side)
    out += table_lines(m, ev)
    legend = [c.legend() for c in CAVEATS.values() if any(c.tag in x.tags for x in m.claims.values())]
    if legend:
        out.append("")
        out.append("Caveats: " + "; ".join(legend) + ".")
    return out


def why_lines(m: ArgMap, ev: Evaluation, cid: str) -> list[str]:
    """``analyze --why ID``: the claim's text, then its full explanation."""
    e = explain(m, ev, cid)
    lines = e.lines()
    return [lines[0], f"  “{plain(m.claims[cid].text, 100)}”", *lines[1:]]
