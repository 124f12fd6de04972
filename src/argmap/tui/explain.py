"""The full explanation of a claim's label and strength (``y``), with the
claims it names listed so that Enter jumps to them."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ..analysis.explain import Explanation
from ..model import ArgMap
from .style import escape_controls, one_line


class ExplainScreen(ModalScreen[str | None]):
    """Why a claim stands, falls or stays open; dismissed with the claim to jump to."""

    DEFAULT_CSS = """
    ExplainScreen #explain-names { height: auto; max-height: 10; }
    ExplainScreen .message { height: auto; max-height: 18; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", id="explain.close"),
        Binding("y", "close", "Close", show=False),
    ]

    def __init__(self, m: ArgMap, why: Explanation) -> None:
        super().__init__()
        self.map = m
        self.why = why

    def compose(self) -> ComposeResult:
        body = Text()
        for i, line in enumerate(self.why.lines()):
            body.append(escape_controls(line) + "\n", style="bold" if i == 0 else "")
        names = [c for c in self.why.names() if c in self.map.claims]
        with Vertical(classes="dialog explain"):
            yield Label(Text(f"Why: {escape_controls(self.why.claim)}"), classes="dialog-title")
            with VerticalScroll(classes="message"):
                yield Static(body, id="explain-text")
            if names:
                options = []
                for cid in names:
                    prompt = Text(no_wrap=True, overflow="ellipsis")
                    prompt.append(escape_controls(cid), style="bold")
                    prompt.append("  " + one_line(self.map.claims[cid].text))
                    options.append(Option(prompt, id=f"c:{cid}"))
                yield OptionList(*options, id="explain-names")

    def on_mount(self) -> None:
        for ol in self.query("#explain-names").results(OptionList):
            ol.focus()

    @on(OptionList.OptionSelected, "#explain-names")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        self.dismiss(event.option.id[2:])

    def action_close(self) -> None:
        self.dismiss(None)
