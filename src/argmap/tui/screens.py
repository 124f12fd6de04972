"""Modal screens: forms that add and edit claims, prompts and dialogs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from ..export.formats import BY_NAME, FORMATS
from ..model import Kind
from .style import escape_controls


class TextInput(Input):
    """An Input whose cursor blinks unless the app says not to (tests)."""

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "blink", True)


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


def split_tags(value: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in value.split(",") if t.strip())


#: A form's submit callback: apply the fields, or return why it cannot.
Submit = Callable[[ClaimFields], str | None]


class FormScreen(ModalScreen[bool]):
    """Base of the forms: Enter in a field submits, Escape cancels; an error
    from ``submit`` is shown in the form and the map is left untouched."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="form.cancel")]

    def __init__(self, title: str, submit: Submit) -> None:
        super().__init__()
        self.form_title = title
        self.submit = submit

    def fields(self) -> ComposeResult:  # overridden
        yield from ()

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form"):
            yield Label(Text(escape_controls(self.form_title)), classes="dialog-title")
            yield Static("", id="form-error", classes="error")
            yield from self.fields()
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def collect(self) -> ClaimFields:  # overridden
        raise NotImplementedError

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value

    def show_error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(Text(escape_controls(message)))
        self.query_one(".dialog", VerticalScroll).scroll_home(animate=False)

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

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.try_submit()

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.try_submit()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


class ClaimForm(FormScreen):
    """Add a claim (rebuttal, counterpoint, premise, evidence) or edit one."""

    def __init__(
        self,
        title: str,
        submit: Submit,
        sources: list[str],
        initial: ClaimFields | None = None,
        edit: bool = False,
    ) -> None:
        super().__init__(title, submit)
        self.sources = sources
        self.initial = initial or ClaimFields(text="")
        self.edit = edit

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
        yield Label("Quote (verbatim, optional)")
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


class PromptScreen(ModalScreen[str | None]):
    """One line of input with completion; Enter accepts, Escape cancels."""

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


class ChoiceScreen(ModalScreen[str | None]):
    """A message and a few choices (buttons and their keys)."""

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

    def on_key(self, event) -> None:
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


class FilterScreen(ModalScreen[str | None]):
    """Pick a view: all claims, unanswered counterpoints, or one tag."""

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


EXPORT_FORMATS = [(f.label, f.name) for f in FORMATS]


@dataclass(frozen=True)
class ExportRequest:
    fmt: str
    path: str
    subtree: bool
    depth: str


class ExportScreen(ModalScreen[bool]):
    """Export the map or the selected claim's subtree as a diagram or a brief."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel")]

    def __init__(self, stem: str, selected: str | None, run: Callable[[ExportRequest], str | None]) -> None:
        super().__init__()
        self.stem = stem
        self.selected = selected
        self.run = run

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form"):
            yield Label("Export", classes="dialog-title")
            yield Static("", id="form-error", classes="error")
            yield Label("Format")
            yield Select(EXPORT_FORMATS, value="svg", allow_blank=False, id="format")
            yield Label("Scope")
            scopes = [("The whole map", "all")]
            if self.selected:
                scopes.append((f"'{self.selected}' and what sits under it", "subtree"))
            yield Select(scopes, value="all", allow_blank=False, id="scope")
            yield Label("Depth under the claim (empty: all)")
            yield TextInput(id="depth")
            yield Label("Write to (a relative path is beside the map)")
            yield TextInput(f"{self.stem}.svg", id="path")
            with Horizontal(classes="buttons"):
                yield Button("Export", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(Select.Changed, "#format")
    def _format(self, event: Select.Changed) -> None:
        path = self.query_one("#path", Input)
        suffix = BY_NAME[str(event.value)].suffix
        base = path.value.rsplit(".", 1)[0] if "." in path.value.rsplit("/", 1)[-1] else path.value
        path.value = base + suffix

    def _submit(self) -> None:
        request = ExportRequest(
            fmt=str(self.query_one("#format", Select).value),
            path=self.query_one("#path", Input).value.strip(),
            subtree=self.query_one("#scope", Select).value == "subtree",
            depth=self.query_one("#depth", Input).value.strip(),
        )
        self.exporting = True
        self.query_one("#form-error", Static).update(Text("Exporting…"))
        self._export(request)

    #: an export is running (in a worker: Graphviz can take seconds on a large map)
    exporting = False

    @work(thread=True, exclusive=True, group="export")
    def _export(self, request: ExportRequest) -> None:
        error = self.run(request)
        self.app.call_from_thread(self._exported, error)

    def _exported(self, error: str | None) -> None:
        self.exporting = False
        if error:
            self.query_one("#form-error", Static).update(Text(escape_controls(error)))
            self.query_one(".dialog", VerticalScroll).scroll_home(animate=False)
        else:
            self.dismiss(True)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self._submit()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


class PrepScreen(ModalScreen[str | None]):
    """The prep warnings for one side; Enter jumps to the claim, s switches side."""

    SWITCH = "\x00switch"
    BINDINGS = [
        Binding("escape", "cancel", "Close", id="prep.cancel"),
        Binding("s", "switch", "Switch side", id="prep.switch"),
    ]

    def __init__(self, warnings: list, side: str = "pro") -> None:  # list[PrepWarning]
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
        assert event.option.id is not None
        self.dismiss(event.option.id.split(":", 1)[1] or None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_switch(self) -> None:
        self.dismiss(self.SWITCH)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "close", "Close", id="help.close"),
        Binding("question_mark", "close", "Close", show=False),
        Binding("q", "close", "Close", show=False),
    ]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        from .style import KIND_STYLE, RELATION_STYLE

        t = Text()
        t.append("Keys\n", style="bold underline")
        for key, what in self.keys:
            t.append(f"  {key:<14}", style="bold")
            t.append(what + "\n")
        t.append("\nIn the tree\n", style="bold underline")
        for rel, (symbol, style) in RELATION_STYLE.items():
            t.append(f"  {symbol} ", style=style)
            t.append(f"{rel.value}s the claim above\n")
        for kind, (symbol, style) in KIND_STYLE.items():
            t.append(f"  {symbol} ", style=style)
            t.append(f"{kind.value}\n")
        t.append("  ↺ ", style="yellow")
        t.append("a cycle: the claim is already above on this path\n")
        from .style import LABEL_STYLE

        t.append("\nEvaluation marks\n", style="bold underline")
        for label, what in (("in", "stands: every attack on it is answered"),
                            ("out", "defeated: an attack on it stands"),
                            ("undec", "undecided: attacks in a cycle")):
            symbol, style = LABEL_STYLE[label]
            t.append(f"  {symbol} ", style=style)
            t.append(f"{what}\n")
        t.append("  ⊘ ", style="bold magenta")
        t.append("withdrawn in the what-if (w)\n")
        t.append("  Δ ", style="bold magenta")
        t.append("changed by the what-if: label and strength before → after\n")
        t.append("  … ", style="dim")
        t.append("being evaluated again (after an edit on a large map)\n")
        from ..analysis.semantics import CAVEATS

        for cav in CAVEATS.values():
            t.append(f"  {cav.mark} ", style="yellow")
            t.append(cav.legend().removeprefix(cav.mark + " ") + "\n")
        t.append("  ✎ ", style="bold green")
        t.append("changed since the last save (D)\n")
        t.append("\nctrl+p opens the command palette (every action, themes, go to a claim).\n", style="dim")
        with Vertical(classes="dialog help"):
            yield Label("argmap help", classes="dialog-title")
            with VerticalScroll():
                yield Static(t)

    def action_close(self) -> None:
        self.dismiss(None)


class ErrorScreen(ModalScreen[None]):
    """The map could not be opened: its problems, FILE:LINE:COL each."""

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
