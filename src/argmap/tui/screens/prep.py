"""The prep warnings for one side of the debate."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
    side, Escape closes (the result is None).  Given ``switch``, s calls it
    with the screen, which then shows the other side's warnings in place
    (``finding``, then ``show``); else s closes it with ``PrepResult(switch=True)``."""

    BINDINGS = [
        Binding("escape", "cancel", "Close", id="prep.cancel"),
        Binding("s", "switch", "Switch side", id="prep.switch"),
    ]

    def __init__(self, warnings: Sequence[PrepWarning], side: str = "pro",
                 switch: Callable[[PrepScreen], None] | None = None, finding: bool = False) -> None:
        super().__init__()
        self.warnings = warnings
        self.side = side
        self._switch = switch
        #: ``side``'s warnings are being found (``warnings`` are not theirs yet)
        self.waiting = finding
        #: the warnings and the row whose warning is shown in full
        self._full_of: tuple[Sequence[PrepWarning], int] | None = None

    def _title(self) -> Text:
        other = "con" if self.side == "pro" else "pro"
        n = len(self.warnings)
        return Text(f"Prep for the {self.side} side: {n} prep warning{'' if n == 1 else 's'}   (s: prepare {other})")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog prep"):
            yield Label(self._finding_title() if self.waiting else self._title(), classes="dialog-title")
            # drawn as they scroll into view: a large map has thousands
            yield LineList(len(self.warnings), self._line, id="prep-list")
            yield Static(self._full(0), id="prep-full")
            self._full_of = (self.warnings, 0)

    def on_mount(self) -> None:
        self.query_one(LineList).display = bool(self.warnings) and not self.waiting
        self.query_one(LineList).focus()

    def _finding_title(self) -> Text:
        return Text(f"Prep for the {self.side} side: finding the prep warnings…")

    def finding(self, side: str) -> None:
        """``side``'s warnings are being found (a large map's, in the background)."""
        self.side, self.waiting = side, True
        self.query_one(".dialog-title", Label).update(self._finding_title(), layout=False)  # (fixed size: see argmap.tcss)

    def show(self, warnings: Sequence[PrepWarning], side: str) -> None:
        """Show ``side``'s warnings instead."""
        self.warnings, self.side, self.waiting = warnings, side, False
        self.query_one(".dialog-title", Label).update(self._title(), layout=False)  # (fixed size: see argmap.tcss)
        lines = self.query_one(LineList)
        lines.display = bool(warnings)
        lines.reset(len(warnings))
        if warnings:  # (hidden, an empty side's list lost the focus)
            lines.focus()
        self._show_full(0)

    def _line(self, i: int) -> Text:
        w = self.warnings[i]
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(f"{w.code:<16}", style="bold yellow")
        line.append(escape_controls(w.message))
        return line

    def _full(self, i: int) -> Text:
        """The whole of warning ``i`` (a row cuts it to the width)."""
        if not self.warnings:
            return Text("Nothing to prepare: no warnings.")
        w = self.warnings[i]
        return Text(escape_controls(w.message), style="dim")

    @on(LineList.Highlighted)
    def _highlighted(self, event: LineList.Highlighted) -> None:
        # (not one of a side shown before; nor the one shown: the list's first
        # row, highlighted as a side is shown, would draw it a second time)
        shown = self._full_of
        if event.index < len(self.warnings) and not (
            shown is not None and shown[0] is self.warnings and shown[1] == event.index
        ):  # (the same list, not an equal one: comparing two sides' lists item by item would take a while)
            self._show_full(event.index)

    def _show_full(self, i: int) -> None:
        self._full_of = (self.warnings, i)
        self.query_one("#prep-full", Static).update(self._full(i), layout=False)  # (fixed size: see argmap.tcss)

    @on(LineList.Selected)
    def _selected(self, event: LineList.Selected) -> None:
        if not self.waiting and event.index < len(self.warnings):
            self.dismiss(PrepResult(claim=self.warnings[event.index].claim or None))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_switch(self) -> None:
        if self.waiting:  # (the other side's are still being found)
            return
        if self._switch is not None:
            self._switch(self)
        else:
            self.dismiss(PrepResult(switch=True))
