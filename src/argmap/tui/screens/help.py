"""The keys and what the tree's marks mean."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ...analysis.semantics import CAVEATS
from ..style import KIND_STYLE, LABEL_STYLE, RELATION_STYLE


class HelpScreen(ModalScreen[None]):
    """The keys (given by the app) and a legend of the tree; it has no result."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="help.close"),
        Binding("question_mark", "close", "Close", show=False),
        Binding("q", "close", "Close", show=False),
    ]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
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
        t.append("  ↑ ", style="bold")
        t.append("in a narrow list of related claims: a claim above the one shown\n")
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
