"""The flow sheet in the TUI: one column per speech (case, attacks, answers,
...), each argument on the row of what it answers, marked answered,
weakened or dropped; enter on an argument jumps to it in the tree."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from ..analysis.evaluation import Evaluation
from ..analysis.timing import DEFAULT_WPM, timed
from ..export.flow import MARKS, SYMBOL, Flow, FlowCell, cell_text, flow
from ..model import ArgMap
from .style import escape_controls

#: How each mark looks in the table.
MARK_STYLE = {"answered": "red", "weakened": "yellow", "dropped": "bold"}
#: The widest a column grows (cells longer than this are cut with an ellipsis).
COLUMN_WIDTH = 40


def cell(m: ArgMap, c: FlowCell) -> Text:
    """One cell: the mark first (styled, so that a narrow column keeps it),
    then the argument as plain text."""
    text = escape_controls(cell_text(m, c))
    t = Text(no_wrap=True, overflow="ellipsis")
    if c.again:
        t.append(text, style="dim")
        return t
    mark = f"{SYMBOL[c.mark]} {c.mark}"
    t.append(mark, style=MARK_STYLE[c.mark])
    t.append("  " + (text[: -len(mark)].rstrip() if text.endswith(mark) else text))
    return t


class FlowScreen(ModalScreen[str | None]):
    """The flow as a table; enter on an argument dismisses with its claim id."""

    DEFAULT_CSS = """
    FlowScreen DataTable { height: 1fr; }
    FlowScreen .legend { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", id="flow.close"),
        Binding("F", "close", "Close", show=False),
        Binding("q", "close", "Close", show=False),
    ]

    def __init__(self, m: ArgMap, ev: Evaluation, selected: str | None = None, wpm: int = DEFAULT_WPM,
                 made: Flow | None = None) -> None:
        """``made``: the flow of ``m`` and ``ev``, when the caller built it (in a worker, for a large map)."""
        super().__init__()
        self.map = m
        self.flow: Flow = made if made is not None else flow(m, ev)
        self.selected = selected
        self.wpm = wpm
        #: the claim in each (row, column) of the table
        self.claims: dict[tuple[int, int], str] = {}

    def compose(self) -> ComposeResult:
        f = self.flow
        with Vertical(classes="dialog flow"):
            yield Label(Text(f"Flow: {escape_controls(' '.join(self.map.title.split()))}   (enter: jump to the "
                             "argument; escape closes)"), classes="dialog-title")
            legend = Text("Marks: " + "; ".join(f"{SYMBOL[k]} {k}: {v}" for k, v in MARKS.items())
                          + ". + supports the claim above it; ~ undercuts a link.")
            yield Static(legend, classes="legend")
            times = Text("Reading time: " + "; ".join(
                f"{name}: {timed(n, self.wpm)}" for name, n in zip(f.columns, f.words, strict=True)))
            yield Static(times, classes="legend")
            if f.rows:
                yield DataTable(id="flow-table", cursor_type="cell", zebra_stripes=True)
            else:
                yield Static(Text("Nothing to flow: the map has no claims in play."))

    def on_mount(self) -> None:
        box = self.query_one(".flow").styles  # wider than the other dialogs (inline: over the app's .dialog rule)
        box.width, box.max_width, box.height = "96%", "100%", "90%"
        if not self.flow.rows:
            return
        table = self.query_one(DataTable)
        table.add_column("#")
        for name in self.flow.columns:
            table.add_column(Text(name, style="bold"), width=COLUMN_WIDTH)
        for i, row in enumerate(self.flow.rows):
            cells: list[Text | str] = [str(i + 1)]
            for j, c in enumerate(row):
                if c is None:
                    cells.append("")
                else:
                    self.claims[(i, j + 1)] = c.claim
                    cells.append(cell(self.map, c))
            table.add_row(*cells)
        at = self.flow.row_of(self.selected) if self.selected else None
        if at is not None:
            col = next(j for j, c in enumerate(self.flow.rows[at]) if c is not None and c.claim == self.selected)
            table.move_cursor(row=at, column=col + 1)
        else:
            table.move_cursor(row=0, column=1)
        table.focus()

    @on(DataTable.CellSelected)
    def _selected(self, event: DataTable.CellSelected) -> None:
        cid = self.claims.get((event.coordinate.row, event.coordinate.column))
        if cid is not None:
            self.dismiss(cid)

    def action_close(self) -> None:
        self.dismiss(None)
