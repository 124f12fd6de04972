"""Pick a view: all claims, the unanswered counterpoints, or one tag."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ..style import escape_controls


class FilterScreen(ModalScreen[str | None]):
    """Pick a view: all claims, unanswered counterpoints, or one tag; the
    result is the view's id ('all', 'unanswered', 'tag:TAG'), None if cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="filter.cancel")]

    def __init__(self, tags: list[str], unanswered: int, current: str = "all") -> None:
        super().__init__()
        self.tags = tags
        self.unanswered = unanswered
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog filter"):
            yield Label("Show", classes="dialog-title")
            options = [
                Option(Text("All claims"), id="all"),
                Option(Text(f"Unanswered counterpoints: {self.unanswered} (nothing attacks them yet)"), id="unanswered"),
            ]
            options += [Option(Text(f"Tag: {escape_controls(t)}"), id=f"tag:{t}") for t in self.tags]
            yield OptionList(*options, id="filter-options")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        ids = ["all", "unanswered", *(f"tag:{t}" for t in self.tags)]
        if self.current in ids:
            options.highlighted = ids.index(self.current)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
