"""How kinds and relations look: symbols and colours shared by the widgets."""

from __future__ import annotations

import re

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


#: Characters never sent to the terminal as they are: C0/C1 controls (but tab
#: and newline), DEL, and the bidirectional embeddings, overrides and isolates
#: (they can make text read differently from what it holds).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escaped(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """``text`` with control and bidi-override characters written out as
    ``\\x1b``, ``\\u202e``…, so that none reaches the terminal raw (TUI-local;
    pass the result as rich.text.Text, never as markup)."""
    return _UNSAFE.sub(_escaped, text)


def one_line(text: str) -> str:
    return " ".join(escape_controls(text).split())
