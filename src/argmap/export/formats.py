"""Every format argmap exports, once: the CLI, the TUI's export form and the
exporters all read this table."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal


@dataclass(frozen=True)
class Format:
    name: str
    kind: Literal["diagram", "brief", "data"]
    #: File suffixes that mean this format; the first is the one written.
    suffixes: tuple[str, ...]
    #: How the TUI's export form lists it.
    label: str
    #: Fit to print on a terminal (the others need -o FILE there).
    terminal: bool
    #: Made by running Graphviz's dot.
    needs_dot: bool

    @property
    def suffix(self) -> str:
        return self.suffixes[0]


FORMATS: tuple[Format, ...] = (
    Format("dot", "diagram", (".dot", ".gv"), "Diagram: DOT (Graphviz source)", terminal=True, needs_dot=False),
    Format("svg", "diagram", (".svg",), "Diagram: SVG", terminal=False, needs_dot=True),
    Format("png", "diagram", (".png",), "Diagram: PNG", terminal=False, needs_dot=True),
    Format("pdf", "diagram", (".pdf",), "Diagram: PDF", terminal=False, needs_dot=True),
    Format("md", "brief", (".md", ".markdown"), "Brief: Markdown", terminal=True, needs_dot=False),
    # the diagram inside is left out (with a warning) when dot is missing
    Format("html", "brief", (".html", ".htm"), "Brief: HTML (with the diagram)", terminal=True, needs_dot=False),
    # interchange: the map itself in another tool's format (io.formats writes them)
    Format("argdown", "data", (".argdown",), "Data: Argdown", terminal=True, needs_dot=False),
    Format("aif", "data", (".aif",), "Data: AIF JSON", terminal=True, needs_dot=False),
    Format("json", "data", (".json",), "Data: argmap/1 as JSON", terminal=True, needs_dot=False),
)
BY_NAME = {f.name: f for f in FORMATS}
DIAGRAM_FORMATS = tuple(f.name for f in FORMATS if f.kind == "diagram")
BRIEF_FORMATS = tuple(f.name for f in FORMATS if f.kind == "brief")
DATA_FORMATS = tuple(f.name for f in FORMATS if f.kind == "data")


def from_suffix(path: str | None, kind: Literal["diagram", "brief", "data"]) -> Format | None:
    """The format of ``kind`` that ``path``'s suffix names (the first of the
    kind for no path or ``-``), or None."""
    names = [f for f in FORMATS if f.kind == kind]
    if path in (None, "-"):
        return names[0]
    suffix = Path(path).suffix.lower()
    return next((f for f in names if suffix in f.suffixes), None)


#: The prep documents (cards, frontlines, flow): each kind's formats, the
#: first the default, with the suffixes that name them.
DOCUMENT_SUFFIXES = {"md": (".md", ".markdown"), "txt": (".txt",), "html": (".html", ".htm"), "csv": (".csv",)}
DOCUMENT_FORMATS: dict[str, tuple[str, ...]] = {
    "cards": ("md", "txt", "html"),
    "frontlines": ("md", "html"),
    "flow": ("md", "html", "csv"),
}


def document_format(kind: str, path: str | None) -> str | None:
    """The format of the ``kind`` document ``path``'s suffix names (the
    default for no path or ``-``), or None."""
    names = DOCUMENT_FORMATS[kind]
    if path in (None, "-"):
        return names[0]
    suffix = Path(path).suffix.lower()
    return next((n for n in names if suffix in DOCUMENT_SUFFIXES[n]), None)
