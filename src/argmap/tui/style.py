"""How kinds and relations look: symbols and colours shared by the widgets."""

from __future__ import annotations

from rich.text import Text

from ..model import Kind
from ..model.graph import Relation

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


def kind_badge(kind: Kind) -> Text:
    symbol, style = KIND_STYLE[kind]
    return Text(f"{symbol} {kind.value}", style=style)


def one_line(text: str) -> str:
    return " ".join(text.split())
