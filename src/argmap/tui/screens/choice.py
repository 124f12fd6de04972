"""A message and a few choices: buttons, each with its key."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from ..style import escape_controls


class ChoiceScreen(ModalScreen[str | None]):
    """A message and a few choices (buttons and their keys); the result is the
    value of the choice made (the caller's own vocabulary), Escape gives 'cancel'."""

    BINDINGS = [Binding("escape", "choose('cancel')", "Cancel", id="choice.cancel")]

    def __init__(self, title: str, message: Text | str, choices: list[tuple[str, str, str]]) -> None:
        """``choices``: (value, button label, key)."""
        super().__init__()
        self.choice_title = title
        self.message = message if isinstance(message, Text) else Text(escape_controls(message))
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog choice"):
            yield Label(Text(escape_controls(self.choice_title)), classes="dialog-title")
            with VerticalScroll(classes="message"):
                yield Static(self.message)
            with Horizontal(classes="buttons"):
                for i, (value, label, key) in enumerate(self.choices):
                    yield Button(f"{label} ({key})", id=f"choice-{value}", variant="primary" if i == 0 else "default")

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def on_key(self, event: Key) -> None:
        for value, _label, key in self.choices:
            if event.key == key:
                event.stop()
                self.dismiss(value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        self.dismiss(event.button.id.removeprefix("choice-"))

    def action_choose(self, value: str) -> None:
        self.dismiss(value)
