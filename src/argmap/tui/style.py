"""How kinds and relations look: symbols and colours shared by the widgets."""

from __future__ import annotations

from rich.text import Text

from ..model import Kind
from ..model.graph import Relation
from ..model.text import inert

KIND_STYLE: dict[Kind, tuple[str, str]] = {
    Kind.CONCLUSION: ("◆", "bold cyan"),
    Kind.PREMISE: ("●", "dodger_blue2"),
    Kind.EVIDENCE: ("■", "green"),
    Kind.COUNTERPOINT: ("▲", "red"),
    Kind.REBUTTAL: ("▼", "magenta"),
}

RELATION_STYLE: dict[Relation, tuple[str, str]] = {
    Relation.SUPPORT: ("+", "bold green"),
    Relation.ATTACK: ("−", "bold red"),
    Relation.UNDERCUT: ("~", "bold yellow"),
}


LABEL_STYLE = {
    "in": ("✓", "bold green"),
    "out": ("✗", "bold red"),
    "undec": ("?", "bold yellow"),
}


def strength_bar(value: float, width: int = 20) -> Text:
    filled = round(max(0.0, min(1.0, value)) * width)
    t = Text("█" * filled, style="green" if value >= 0.5 else "red")
    t.append("░" * (width - filled), style="dim")
    return t


def kind_badge(kind: Kind) -> Text:
    symbol, style = KIND_STYLE[kind]
    return Text(f"{symbol} {kind.value}", style=style)


def escape_controls(text: str) -> str:
    """``text`` with control and bidi-override characters written out as
    ``\\x1b``, ``\\u202e``… (:func:`argmap.model.text.inert`, keeping tabs and
    line breaks for multi-line panes), so that none reaches the terminal raw;
    pass the result as rich.text.Text or with markup off, never as markup."""
    return inert(text, keep="\n\t")


def one_line(text: str) -> str:
    return " ".join(escape_controls(text).split())
