"""One line of input with completion."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from ..style import escape_controls
from .forms import TextInput


class PromptScreen(ModalScreen[str | None]):
    """One line of input with completion; Enter accepts (the result is the
    line, stripped), Escape cancels (the result is None)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(
        self,
        title: str,
        choices: list[str] | None = None,
        validate: Callable[[str], str | None] | None = None,
        value: str = "",
    ) -> None:
        super().__init__()
        self.prompt_title = title
        self.choices = choices
        self.validate = validate
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog prompt"):
            yield Label(Text(escape_controls(self.prompt_title)), classes="dialog-title")
            suggester = SuggestFromList(self.choices, case_sensitive=False) if self.choices else None
            yield TextInput(self.value, id="prompt-input", suggester=suggester)
            yield Static("", id="form-error", classes="error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        error = self.validate(value) if self.validate else None
        if error:
            self.query_one("#form-error", Static).update(Text(escape_controls(error)))
        else:
            self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
