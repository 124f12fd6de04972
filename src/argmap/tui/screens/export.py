"""The export form: the map, or the selected claim's subtree, as a diagram or a brief."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Label, Select, Static

from ...export.formats import BY_NAME, FORMATS
from .forms import FormBase, TextInput

EXPORT_FORMATS = [(f.label, f.name) for f in FORMATS]


@dataclass(frozen=True)
class ExportRequest:
    fmt: str
    path: str
    subtree: bool
    depth: str


class ExportScreen(FormBase[bool]):
    """Export the map or the selected claim's subtree as a diagram or a brief;
    the result is whether a file was written."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel")]
    ok_label = "Export"

    def __init__(self, stem: str, selected: str | None, run: Callable[[ExportRequest], str | None]) -> None:
        super().__init__("Export")
        self.stem = stem
        self.selected = selected
        self.run = run

    def fields(self) -> ComposeResult:
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

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(Select.Changed, "#format")
    def _format(self, event: Select.Changed) -> None:
        path = self.query_one("#path", Input)
        suffix = BY_NAME[str(event.value)].suffix
        base = path.value.rsplit(".", 1)[0] if "." in path.value.rsplit("/", 1)[-1] else path.value
        path.value = base + suffix

    def try_submit(self) -> None:
        request = ExportRequest(
            fmt=str(self.query_one("#format", Select).value),
            path=self._value("path").strip(),
            subtree=self.query_one("#scope", Select).value == "subtree",
            depth=self._value("depth").strip(),
        )
        self.exporting = True
        self.query_one("#form-error", Static).update(Text("Exporting…"))
        self._export(request)

    def cancelled(self) -> bool:
        return False

    #: an export is running (in a worker: Graphviz can take seconds on a large map)
    exporting = False

    @work(thread=True, exclusive=True, group="export")
    def _export(self, request: ExportRequest) -> None:
        error = self.run(request)
        self.app.call_from_thread(self._exported, error)

    def _exported(self, error: str | None) -> None:
        self.exporting = False
        if error:
            self.show_error(error)
        else:
            self.dismiss(True)
