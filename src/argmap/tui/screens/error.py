"""The map could not be opened: its problems, and q to quit."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ..style import escape_controls


class ErrorScreen(ModalScreen[None]):
    """The map could not be opened: its problems, FILE:LINE:COL each. It is
    never dismissed: q or Escape quits the app with return code 1."""

    BINDINGS = [
        Binding("q", "quit_app", "Quit", id="error.quit"),
        Binding("escape", "quit_app", "Quit", show=False),
    ]

    def __init__(self, path: str, lines: list[str]) -> None:
        super().__init__()
        self.path = path
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog errors"):
            yield Label(Text(escape_controls(f"{self.path} cannot be opened")), classes="dialog-title")
            yield Static(Text("Fix these problems in the file (or run: argmap validate FILE), then "
                              "open it again. q quits; arrows and PgUp/PgDn scroll."))
            with VerticalScroll(classes="message", id="error-scroll"):
                yield Static(Text(escape_controls("\n".join(self.lines))), id="error-lines")

    def on_mount(self) -> None:
        self.query_one("#error-scroll", VerticalScroll).focus()

    def action_quit_app(self) -> None:
        self.app.exit(return_code=1)
