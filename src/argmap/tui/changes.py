"""What changed since the last save (``D``): the claims changed, added or
removed, and the conflict annotations a git merge left, Enter jumping to the claim."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ..analysis.diff import MapDiff, diff_maps
from ..analysis.semantics import Semantics
from ..io.document import Document
from ..model import ArgMap
from .style import escape_controls, one_line


def changes_since_save(doc: Document, semantics: Semantics = Semantics.GROUNDED, base: ArgMap | None = None) -> MapDiff:
    """The document's map compared with ``base``, by default the map as last loaded or saved."""
    return diff_maps(base if base is not None else doc._base, doc.map, semantics=semantics)


class ChangesScreen(ModalScreen[str | None]):
    """The changes since the last save and the merge conflicts; dismissed with the claim to jump to."""

    DEFAULT_CSS = """
    ChangesScreen #changes-options { height: auto; max-height: 24; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", id="changes.close"),
        Binding("D", "close", "Close", show=False),
    ]

    def __init__(self, m: ArgMap, diff: MapDiff, what: str = "since the last save") -> None:
        super().__init__()
        self.map = m
        self.diff = diff
        self.what = what

    def compose(self) -> ComposeResult:
        d = self.diff
        options: list[Option] = []
        for i, c in enumerate(d.conflicts):
            prompt = Text()
            prompt.append("conflict ", style="bold red")
            prompt.append(escape_controls(c.claim), style="bold")
            prompt.append("  " + one_line(c.text))
            options.append(Option(prompt, id=f"k{i}:{c.claim}"))
        changed = {e.id: e for e in d.claims_changed}
        for cid in d.changed_ids:
            prompt = Text(no_wrap=True, overflow="ellipsis")
            prompt.append("added   " if cid in d.claims_added else "changed ", style="green")
            prompt.append(escape_controls(cid), style="bold")
            e = changed.get(cid)
            if e is not None:
                prompt.append(" (" + ", ".join(f.field for f in e.fields) + ")", style="dim")
            prompt.append("  " + one_line(self.map.claims[cid].text))
            options.append(Option(prompt, id=f"c:{cid}"))
        for cid in d.claims_removed:
            prompt = Text()
            prompt.append("removed ", style="red")
            prompt.append(escape_controls(cid), style="bold")
            options.append(Option(prompt, id=f"r:{cid}", disabled=True))
        with Vertical(classes="dialog changes"):
            head = f"Changes {self.what}: " + (escape_controls(d.summary()) if d else "none")
            yield Label(Text(head), classes="dialog-title")
            if options:
                yield OptionList(*options, id="changes-options")
            else:
                yield Static(Text("Nothing changed."))
            yield Static(Text("✎ marks the changed claims in the tree until D is pressed again.", style="dim"))

    def on_mount(self) -> None:
        for ol in self.query("#changes-options").results(OptionList):
            ol.focus()

    @on(OptionList.OptionSelected, "#changes-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        self.dismiss(event.option.id.split(":", 1)[1])

    def action_close(self) -> None:
        self.dismiss(None)
