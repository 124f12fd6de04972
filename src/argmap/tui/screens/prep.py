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
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ...analysis.prep import PrepWarning
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
                options = []
                for i, w in enumerate(self.warnings):
                    prompt = Text()
                    prompt.append(f"{w.code:<16}", style="bold yellow")
                    prompt.append(escape_controls(w.message))
                    options.append(Option(prompt, id=f"{i}:{w.claim or ''}"))
                yield OptionList(*options, id="prep-options")
            else:
                yield Static(Text("Nothing to prepare: no warnings."))

    def on_mount(self) -> None:
        if self.warnings:
            self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(PrepResult(claim=self.warnings[event.option_index].claim or None))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_switch(self) -> None:
        self.dismiss(PrepResult(switch=True))
