"""Opening a large map: what is being read, how big, for how long so far."""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ..style import escape_controls


class LoadingScreen(ModalScreen[None]):
    """Shown while a large map is read and checked in the background (a
    100,000-claim map takes seconds): the file, its size, the stage and the
    seconds so far. q quits. The app dismisses it when the map is open."""

    BINDINGS = [Binding("q", "quit_app", "Quit", id="loading.quit")]

    def __init__(self, name: str, size: int) -> None:
        super().__init__()
        self.name_shown = name
        self.file_size = size
        self._start = time.monotonic()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog loading"):
            mb = f"{self.file_size / 1e6:.1f} MB"
            yield Label(Text(escape_controls(f"Opening {self.name_shown} ({mb})")), classes="dialog-title")
            yield Static(self._line(), id="loading-stage")

    def on_mount(self) -> None:
        self.set_interval(0.25, self._tick)

    def _line(self) -> Text:
        # a still line, written four times a second: an animation would take
        # the CPU from the loading itself
        seconds = time.monotonic() - self._start
        spin = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"[int(seconds * 4) % 10]
        return Text(f"{spin} reading and checking the map… {seconds:.0f} s   (q quits)")

    def _tick(self) -> None:
        self.query_one("#loading-stage", Static).update(self._line())

    def action_quit_app(self) -> None:
        self.app.exit()
