"""The prep warnings for one side of the debate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ...analysis.prep import PrepWarning
from ..linelist import LineList
from ..style import escape_controls


@dataclass(frozen=True)
class PrepResult:
    """What the prep view was closed with: a claim to go to (None: a warning
    about the map as a whole), or ``switch``: prepare the other side."""

    claim: str | None = None
    switch: bool = False


class PrepScreen(ModalScreen[PrepResult | None]):
    """The prep warnings for one side; Enter jumps to the claim, s switches
    side, Escape closes (the result is None)."""

    BINDINGS = [
        Binding("escape", "cancel", "Close", id="prep.cancel"),
        Binding("s", "switch", "Switch side", id="prep.switch"),
    ]

    def __init__(self, warnings: Sequence[PrepWarning], side: str = "pro") -> None:
        super().__init__()
        self.warnings = warnings
        self.side = side

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog prep"):
            other = "con" if self.side == "pro" else "pro"
            yield Label(
                Text(f"Prep for the {self.side} side: {len(self.warnings)} prep warning"
                     f"{'' if len(self.warnings) == 1 else 's'}   (s: prepare {other})"),
                classes="dialog-title",
            )
            if self.warnings:
                # drawn as they scroll into view: a large map has thousands
                yield LineList(len(self.warnings), self._line, id="prep-list")
                yield Static(self._full(0), id="prep-full")
            else:
                yield Static(Text("Nothing to prepare: no warnings."))

    def _line(self, i: int) -> Text:
        w = self.warnings[i]
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(f"{w.code:<16}", style="bold yellow")
        line.append(escape_controls(w.message))
        return line

    def _full(self, i: int) -> Text:
        """The whole of warning ``i`` (a row cuts it to the width)."""
        w = self.warnings[i]
        return Text(escape_controls(w.message), style="dim")

    def on_mount(self) -> None:
        if self.warnings:
            self.query_one(LineList).focus()

    @on(LineList.Highlighted)
    def _highlighted(self, event: LineList.Highlighted) -> None:
        self.query_one("#prep-full", Static).update(self._full(event.index))

    @on(LineList.Selected)
    def _selected(self, event: LineList.Selected) -> None:
        self.dismiss(PrepResult(claim=self.warnings[event.index].claim or None))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_switch(self) -> None:
        self.dismiss(PrepResult(switch=True))
