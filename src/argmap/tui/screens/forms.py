"""The shared form base (title, error line, fields, Save/Cancel: Enter in a
field submits, Escape cancels) and the forms that add and edit claims."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select, Static

from ...model import Kind
from ..style import escape_controls

T = TypeVar("T")


class TextInput(Input):
    """An Input whose cursor blinks unless the app says not to (tests)."""

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "blink", True)


class FormBase(ModalScreen[T]):
    """A form: its title, a line for errors, the fields and the buttons.
    Enter in a field or the first button calls ``try_submit``; Escape or
    Cancel dismisses with ``cancelled()``."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="form.cancel")]

    #: the label of the button that submits
    ok_label = "Save"

    def __init__(self, title: str) -> None:
        super().__init__()
        self.form_title = title

    def fields(self) -> ComposeResult:  # overridden
        yield from ()

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form"):
            yield Label(Text(escape_controls(self.form_title)), classes="dialog-title")
            yield Static("", id="form-error", classes="error")
            yield from self.fields()
            with Horizontal(classes="buttons"):
                yield Button(self.ok_label, variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value

    def show_error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(Text(escape_controls(message)))
        self.query_one(".dialog", VerticalScroll).scroll_home(animate=False)

    def try_submit(self) -> None:  # overridden
        raise NotImplementedError

    def cancelled(self) -> T:  # overridden
        raise NotImplementedError

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.try_submit()

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.try_submit()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(self.cancelled())


@dataclass(frozen=True)
class ClaimFields:
    """What a claim form collects."""

    text: str
    quote: str = ""
    source: str = ""
    locator: str = ""
    tags: tuple[str, ...] = ()
    kind: Kind | None = None
    strength: str = ""
    by: str = ""
    target: str = ""


def split_tags(value: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in value.split(",") if t.strip())


#: A form's submit callback: apply the fields, or return why it cannot.
Submit = Callable[[ClaimFields], str | None]


class FormScreen(FormBase[bool]):
    """Base of the claim forms: the result is whether the fields were applied;
    an error from ``submit`` is shown in the form and the map is left untouched."""

    def __init__(self, title: str, submit: Submit) -> None:
        super().__init__(title)
        self.submit = submit

    def collect(self) -> ClaimFields:  # overridden
        raise NotImplementedError

    def try_submit(self) -> None:
        fields = self.collect()
        if not fields.text.strip():
            self.show_error("The text must not be empty.")
            self.query_one("#text", Input).focus()
            return
        error = self.submit(fields)
        if error:
            self.show_error(error)
        else:
            self.dismiss(True)

    def cancelled(self) -> bool:
        return False


#: Opens the source pane for a form: (the form's fields now, what to do with the pick).
PickQuote = Callable[[ClaimFields, Callable[[tuple[str, str, str] | None], None]], None]
#: Checks a typed quote: why it is not verbatim, or None.
CheckQuote = Callable[[ClaimFields], str | None]


class ClaimForm(FormScreen):
    """Add a claim (rebuttal, counterpoint, premise, evidence) or edit one.
    With ``pick``, ctrl+o picks the quote from the source (text, source and
    locator filled exactly); with ``check``, a typed quote that is not in
    its source is shown as a warning in the form, and saved on a second try."""

    BINDINGS = [Binding("ctrl+o", "pick_quote", "Pick the quote from the source", id="form.pick")]

    def __init__(
        self,
        title: str,
        submit: Submit,
        sources: list[str],
        initial: ClaimFields | None = None,
        edit: bool = False,
        pick: PickQuote | None = None,
        check: CheckQuote | None = None,
    ) -> None:
        super().__init__(title, submit)
        self.sources = sources
        self.initial = initial or ClaimFields(text="")
        self.edit = edit
        self.pick = pick
        self.check = check
        #: the typed quote last warned about (saving it again keeps it)
        self.warned: tuple[str, str] | None = None

    def fields(self) -> ComposeResult:
        i = self.initial
        yield Label("Text")
        yield TextInput(i.text, id="text", placeholder="the claim, in full")
        if self.edit:
            yield Label("Kind")
            yield Select(
                [(k.value, k) for k in Kind], value=i.kind or Kind.PREMISE, allow_blank=False, id="kind"
            )
            yield Label("Strength (0 to 1, empty for the default 0.5)")
            yield TextInput(i.strength, id="strength")
        yield Label("Quote (verbatim, optional" + ("; ctrl+o picks it from the source)" if self.pick else ")"))
        yield TextInput(i.quote, id="quote")
        with Horizontal(classes="row"):
            with Vertical():
                yield Label("Source")
                yield TextInput(
                    i.source,
                    id="source",
                    placeholder=", ".join(self.sources[:4]) or "no sources",
                    suggester=SuggestFromList(self.sources, case_sensitive=False),
                )
            with Vertical():
                yield Label("Locator")
                yield TextInput(i.locator, id="locator", placeholder="e.g. para 4")
        yield Label("Tags (comma-separated)")
        yield TextInput(", ".join(i.tags), id="tags")

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def action_pick_quote(self) -> None:
        if self.pick is None:
            return

        def picked(pick: tuple[str, str, str] | None) -> None:
            if pick is None:
                return
            for widget_id, value in zip(("source", "quote", "locator"), pick, strict=True):
                self.query_one(f"#{widget_id}", Input).value = value
            self.show_error("")
            self.query_one("#text", Input).focus()

        self.pick(self.collect(), picked)

    def try_submit(self) -> None:
        fields = self.collect()
        if self.check is not None and fields.text.strip() and fields.quote.strip():
            typed = (fields.quote, fields.source)
            problem = None if typed == self.warned else self.check(fields)
            if problem:
                self.warned = typed
                self.show_error(f"Warning: {problem}. Save again to keep it as typed"
                                + (", or ctrl+o to pick it." if self.pick else "."))
                self.query_one("#quote", Input).focus()
                return
        super().try_submit()

    def collect(self) -> ClaimFields:
        kind = self.query_one("#kind", Select).value if self.edit else None
        return ClaimFields(
            text=self._value("text"),
            quote=self._value("quote"),
            source=self._value("source").strip(),
            locator=self._value("locator"),
            tags=split_tags(self._value("tags")),
            kind=kind if isinstance(kind, Kind) else None,
            strength=self._value("strength") if self.edit else "",
        )


class NoteForm(FormScreen):
    def __init__(self, title: str, submit: Submit, by: str = "") -> None:
        super().__init__(title, submit)
        self.by = by

    def fields(self) -> ComposeResult:
        yield Label("Note")
        yield TextInput(id="text", placeholder="what to remember about this claim")
        yield Label("By (optional)")
        yield TextInput(self.by, id="by")

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def collect(self) -> ClaimFields:
        return ClaimFields(text=self._value("text"), by=self._value("by"))
