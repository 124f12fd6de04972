"""The flow sheet: one column per speech, each argument on the row of what
it answers.

Column 1 is the case (the conclusions and what supports them), column 2 the
attacks on it (with their support), column 3 the answers, and so on.  Each
cell is marked ``answered`` (a standing answer defeats it), ``weakened``
(answered, e.g. its evidence undercut, but it still stands) or ``dropped``
(nothing answers it).  :func:`flow` gives rows the TUI can show; the
documents are Markdown, HTML and CSV.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..analysis.evaluation import Evaluation, Label, Side
from ..analysis.report import conclusions_of
from ..analysis.timing import DEFAULT_WPM, timed
from ..model.graph import Graph
from ..model.text import inert
from .cards import card

if TYPE_CHECKING:  # the models or a map's light objects (model.fastcheck): no pydantic at run time
    from ..model import ArgMap

MARKS = {
    "answered": "a standing answer defeats it",
    "weakened": "answered, but it still stands (an answer that does not defeat it, e.g. its evidence undercut)",
    "dropped": "nothing answers it",
}
SYMBOL = {"answered": "✗", "weakened": "~", "dropped": "○"}
CELL_WORDS = 12


@dataclass(frozen=True)
class FlowCell:
    claim: str
    column: int
    #: "answered", "weakened" or "dropped"
    mark: str
    #: "support" when it supports the claim above it in the same column,
    #: "undercut" when it undercuts a link, else "" (it attacks, or is a root)
    relation: str = ""
    #: placed already on an earlier row: named, not expanded again
    again: bool = False
    row_of_first: int | None = None


@dataclass
class Flow:
    columns: list[str]
    rows: list[list[FlowCell | None]] = field(default_factory=list)
    #: words read aloud per column (tags and the read part of evidence)
    words: list[int] = field(default_factory=list)

    def cells(self) -> list[FlowCell]:
        return [c for row in self.rows for c in row if c is not None]

    def row_of(self, cid: str) -> int | None:
        """The first row where ``cid`` stands (for a view that jumps to it)."""
        for i, row in enumerate(self.rows):
            if any(c is not None and c.claim == cid and not c.again for c in row):
                return i
        return None


def _header(col: int) -> str:
    side = "Pro" if col % 2 == 0 else "Con"
    what = ("case", "attacks", "answers")[col] if col < 3 else "replies"
    return f"{col + 1}. {side}: {what}"


def flow(m: ArgMap, ev: Evaluation, g: Graph | None = None) -> Flow:
    """The flow of ``m`` under ``ev`` (withdrawn claims left out)."""
    present = {k: c for k, c in m.claims.items() if k in ev.labels}
    g = g or Graph.of(present)
    rows: list[list[FlowCell | None]] = []
    first: dict[str, int] = {}

    def put(row: int, cell: FlowCell) -> None:
        while len(rows) <= row:
            rows.append([])
        r = rows[row]
        while len(r) <= cell.column:
            r.append(None)
        r[cell.column] = cell

    def responders(cid: str, parent: str | None) -> list[tuple[str, str]]:
        out = [(a, "") for a in g.attackers.get(cid, ()) if a in present]
        if parent is not None:
            out += [(u, "undercut") for u in g.undercutters.get((cid, parent), ()) if u in present]
        return out

    def mark(cid: str, answered_by: list[tuple[str, str]]) -> str:
        # its support attacked or undercut answers it too (it may still stand)
        evidence = [s for s in g.supporters.get(cid, ()) if s in present]
        if not answered_by and not any(
            g.attackers.get(s) or g.undercutters.get((s, cid)) for s in evidence
        ):
            return "dropped"
        return "answered" if ev.labels[cid] is Label.OUT else "weakened"

    # depth first, without recursion: (claim, column, parent, relation, row or None: the next free row);
    # the first answer to a claim stands on its row, the others and its support on the rows below
    end = 0
    for root in conclusions_of(m, ev):
        work: list[tuple[str, int, str | None, str, int | None]] = [(root, 0, None, "", None)]
        while work:
            cid, col, parent, relation, at = work.pop()
            row = end if at is None else at
            resp = responders(cid, parent)
            if cid in first:
                put(row, FlowCell(cid, col, mark(cid, resp), relation, True, first[cid]))
                end = max(end, row + 1)
                continue
            first[cid] = row
            put(row, FlowCell(cid, col, mark(cid, resp), relation))
            end = max(end, row + 1)
            kids: list[tuple[str, int, str | None, str, int | None]] = [
                (k, col + 1, cid, rel, row if i == 0 else None) for i, (k, rel) in enumerate(resp)
            ]
            kids += [(s, col, cid, "support", None) for s in g.supporters.get(cid, ()) if s in present]
            work.extend(reversed(kids))
    cols = max((len(r) for r in rows), default=1)
    for cells in rows:
        cells.extend([None] * (cols - len(cells)))
    words = [0] * cols
    for c in (c for cells in rows for c in cells if c is not None and not c.again):
        words[c.column] += card(m, c.claim).words
    return Flow([_header(i) for i in range(cols)], rows, words)


def cell_text(m: ArgMap, c: FlowCell) -> str:
    k = card(m, c.claim)
    words = k.tag.split()
    tag = " ".join(words[:CELL_WORDS]) + ("…" if len(words) > CELL_WORDS else "")
    lead = "+ " if c.relation == "support" else "~ " if c.relation == "undercut" else ""
    if c.again:
        return f"{lead}{tag} ({c.claim}: see row {(c.row_of_first or 0) + 1})"
    return f"{lead}{tag} ({c.claim}) {SYMBOL[c.mark]} {c.mark}"


def document(m: ArgMap, f: Flow, fmt: str, wpm: int = DEFAULT_WPM) -> str:
    from .brief import html_document, md, md_line

    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["row", *f.columns])
        for i, row in enumerate(f.rows, 1):
            w.writerow([i, *(inert(cell_text(m, c)) if c else "" for c in row)])
        return buf.getvalue()
    lines = [f"# Flow: {md_line(m.title)}", ""]
    lines.append("Each argument stands on the row of what it answers. Marks: "
                 + "; ".join(f"{SYMBOL[k]} {k}: {v}" for k, v in MARKS.items())
                 + ". + supports the claim above it; ~ undercuts a link.")
    lines.append("")
    lines.append("Reading time per column: " + "; ".join(
        f"{md(name)}: {timed(n, wpm)}" for name, n in zip(f.columns, f.words, strict=True)) + ".")
    lines.append("")
    lines.append("| # | " + " | ".join(md(c) for c in f.columns) + " |")
    lines.append("|---" * (len(f.columns) + 1) + "|")
    for i, row in enumerate(f.rows, 1):
        lines.append(f"| {i} | " + " | ".join(md(cell_text(m, c)) if c else "" for c in row) + " |")
    text = "\n".join(lines) + "\n"
    if fmt == "md":
        return text
    if fmt == "html":
        return html_document(text, f"Flow: {m.title}", wide=True)
    raise ValueError(f"unknown flow format '{fmt}'")


__all__ = ["MARKS", "Flow", "FlowCell", "Side", "cell_text", "document", "flow"]
