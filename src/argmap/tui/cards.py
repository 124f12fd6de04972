"""Debate prep in the TUI: the selected claim's evidence card (shown and
copied) and the reading time of its subtree in the detail pane."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ..analysis.timing import DEFAULT_WPM, clock, reading_time, timed
from ..export.cards import Card, WordCounts, marked_parts, subtree_words
from ..model import ArgMap
from ..model.graph import Graph
from .style import escape_controls


def card_text(k: Card, wpm: int = DEFAULT_WPM) -> Text:
    """The card as the screen shows it: the tag bold, the short cite bold
    before the full citation, the read-aloud part of the quote bold and
    underlined, the rest of the quote dim.  Every piece is plain text."""
    t = Text()
    t.append(escape_controls(k.tag), style="bold")
    if k.caveats:
        t.append(f"  [{escape_controls(k.marks())}]", style="yellow")
    t.append("\n")
    if k.body:
        t.append(escape_controls(k.body) + "\n")
    if k.citations:
        t.append("\n")
    for c in k.citations:
        t.append(escape_controls(c.short + (f", {c.locator}" if c.locator else "")), style="bold cyan")
        t.append("\n  " + escape_controls(c.full) + "\n", style="dim")
    if k.quote is not None:
        t.append("\n“")
        parts = marked_parts(k.quote)
        for i, (piece, read) in enumerate(parts):
            text = escape_controls(piece)
            if i == 0:
                text = text.lstrip()
            if i == len(parts) - 1:
                text = text.rstrip()
            t.append(text, style="bold underline" if read and len(parts) > 1 else "dim" if not read else "")
        t.append("”\n")
    t.append(f"\nRead aloud: {timed(k.words, wpm)}   claim {k.id}", style="dim")
    return t


def not_a_card(cid: str) -> str:
    """Why a claim has no card (it neither quotes nor cites a source)."""
    return (f"{cid} is not a card: it has no quote and cites no source "
            "(e adds a quote with its source).")


class CardScreen(ModalScreen[None]):
    """The selected claim's card; escape or k closes it."""

    DEFAULT_CSS = """
    CardScreen .card-body { height: auto; max-height: 100%; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", id="card.close"),
        Binding("k", "close", "Close", show=False),
        Binding("q", "close", "Close", show=False),
    ]

    def __init__(self, k: Card, wpm: int = DEFAULT_WPM) -> None:
        super().__init__()
        self.card = k
        self.wpm = wpm

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog card"):
            yield Label(Text(f"Card {self.card.id}   (copied as plain text; escape closes)"), classes="dialog-title")
            with VerticalScroll(classes="card-body"):
                yield Static(card_text(self.card, self.wpm), id="card-text")

    def action_close(self) -> None:
        self.dismiss(None)


def reading_line(
    m: ArgMap, cid: str, g: Graph | None = None, wpm: int = DEFAULT_WPM, counts: WordCounts | None = None
) -> Text:
    """The detail pane's line: the time to read the claim and everything under
    it (``counts``: each claim's words, kept from call to call)."""
    return words_line(subtree_words(m, cid, g, counts), wpm)


def words_line(words: int, wpm: int = DEFAULT_WPM) -> Text:
    """The detail pane's reading line for a subtree of ``words`` words."""
    t = Text("\n")
    t.append(f"≈ {clock(reading_time(words, wpm))} to read", style="bold")
    t.append(f" (this claim and its subtree: {words} word{'s' * (words != 1)} at {wpm} wpm)\n", style="dim")
    return t
