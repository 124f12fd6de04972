"""The source pane: a source's text by paragraph and sentence, the sentences
the map quotes marked, its coverage in the title; a quote picked from it
(a sentence, or a span extended by words and sentences) for a claim form;
and claims added straight from what is read.

Paragraph numbers are those of :mod:`argmap.analysis.coverage` (the line
the paragraph starts on), the locators the map uses (``para N``).  A
picked quote is the source's own text, so it always passes the verbatim
check."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ..analysis.coverage import Paragraph, Sentence, layout, quote_spans, quoted
from ..io.sources import load_sources
from ..model import ArgMap, Kind
from .screens import ClaimFields, FormScreen, PromptScreen, Submit, TextInput
from .style import KIND_STYLE, escape_controls, one_line

if TYPE_CHECKING:
    from .app import ArgmapApp


@dataclass(frozen=True)
class Pick:
    """A quote picked from a source: its text as written and where it is."""

    source: str
    text: str
    locator: str


@dataclass
class SourceDoc:
    """One source laid out for the pane, with what the map quotes of it."""

    sid: str
    file: str
    title: str
    folded: str
    paragraphs: list[Paragraph]
    sentences: list[Sentence]
    quoted: list[bool]
    #: for each sentence, the claims whose quotes overlap it
    quoters: list[list[str]]
    #: for each sentence, the index of its paragraph
    para_of: list[int]
    #: for each paragraph, the indexes of its sentences
    sentences_of: list[list[int]]

    @property
    def summary(self) -> str:
        n, q = len(self.sentences), sum(self.quoted)
        share = f" ({q / n:.0%})" if n else ""
        return f"{q} of {n} sentence{'s' * (n != 1)} quoted{share}"


def source_files(m: ArgMap) -> list[str]:
    """The sources of ``m`` that have a file, in the map's order."""
    return [sid for sid, s in m.sources.items() if s.file]


def read_doc(m: ArgMap, base_dir: Path, sid: str) -> SourceDoc | str:
    """Source ``sid`` of ``m`` laid out, or why it cannot be shown."""
    src = m.sources.get(sid)
    if src is None or not src.file:
        return f"source '{sid}' has no file to show"
    sf = load_sources(m, base_dir).get(sid)
    if sf is None or sf.text is None:
        why = sf.problem.message if sf is not None and sf.problem else f"source file '{src.file}' cannot be used"
        return why.replace("; its quotes cannot be checked", "")
    folded, paras, found = layout(sf.text.text, sf.text.ends)
    index = {p.number: i for i, p in enumerate(paras)}
    para_of = [index[s.para] for s in found]
    sentences_of: list[list[int]] = [[] for _ in paras]
    for k, pi in enumerate(para_of):
        sentences_of[pi].append(k)
    doc = SourceDoc(sid, src.file, src.title, folded, paras, found, [], [], para_of, sentences_of)
    measure(doc, m)
    return doc


def measure(doc: SourceDoc, m: ArgMap) -> None:
    """Mark what the map's quotes cover now (as ``argmap coverage`` counts it)."""
    spans = list(quote_spans(m, doc.sid, doc.folded))
    doc.quoted = quoted(doc.folded, doc.sentences, spans)
    doc.quoters = [[] for _ in doc.sentences]
    starts = [s.start for s in doc.sentences]
    for cid, i, j in spans:
        k = max(bisect_right(starts, i) - 1, 0)
        while k < len(starts) and starts[k] < j:
            if doc.sentences[k].end > i and cid not in doc.quoters[k]:
                doc.quoters[k].append(cid)
            k += 1


class ListPick(ModalScreen[str | None]):
    """Choose one of a few items (claims, sources); the result is its id."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="listpick.cancel")]

    def __init__(self, title: str, items: list[tuple[str, Text]]) -> None:
        super().__init__()
        self.list_title = title
        self.items = items

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog listpick"):
            yield Label(Text(escape_controls(self.list_title)), classes="dialog-title")
            yield OptionList(*(Option(t, id=i) for i, t in self.items), id="listpick-options")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def claim_items(m: ArgMap, ids: list[str]) -> list[tuple[str, Text]]:
    out = []
    for cid in ids:
        c = m.claims[cid]
        symbol, style = KIND_STYLE[c.kind]
        t = Text(no_wrap=True, overflow="ellipsis")
        t.append(f"{symbol} ", style=style)
        t.append(cid, style="bold")
        t.append("  " + one_line(c.text))
        out.append((cid, t))
    return out


#: A word, for moving the selection's ends: parted by spaces and dashes (``--``, —, –).
_WORD = re.compile(r"(?:[^\s\u2013\u2014-]|(?<!-)-(?!-))+|-+(?=\s|$)")

#: Paragraphs shown at a time, and how near its edge the cursor may come before the window moves.
WINDOW = 40
EDGE = 3

#: What the add keys of the pane make: the kind, and how it relates to its target.
ADD_KEYS = {"p": Kind.PREMISE, "v": Kind.EVIDENCE, "c": Kind.COUNTERPOINT, "r": Kind.REBUTTAL}
VERB = {Kind.PREMISE: "supports", Kind.EVIDENCE: "supports", Kind.COUNTERPOINT: "attacks", Kind.REBUTTAL: "attacks"}

#: Adds a claim quoting a pick: (kind, its text, its target, the pick) -> an error, or None.
AddQuoted = Callable[[Kind, str, str, Pick], str | None]


class QuotedClaimForm(FormScreen):
    """A claim whose quote is already picked: only its wording and its target."""

    def __init__(self, title: str, submit: Submit, pick: Pick, targets: list[str], target: str | None) -> None:
        super().__init__(title, submit)
        self.pick = pick
        self.targets = targets
        self.target = target or ""

    def fields(self) -> ComposeResult:
        quote = Text(f"“{escape_controls(self.pick.text)}” ({self.pick.source}, {self.pick.locator})", style="italic")
        yield Static(quote, id="picked-quote")
        yield Label("Text (the claim in your own words)")
        yield TextInput(id="text", placeholder="what this passage claims")
        yield Label("Target (the id of the claim it argues about; → completes)")
        yield TextInput(self.target, id="target", suggester=SuggestFromList(self.targets, case_sensitive=False))

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def collect(self) -> ClaimFields:
        return ClaimFields(text=self._value("text"), quote=self.pick.text, source=self.pick.source,
                           locator=self.pick.locator, target=self._value("target").strip())


class SourceScreen(ModalScreen[str | Pick | None]):
    """A source's text; the cursor is a sentence, the selection a span of its
    paragraph.  To pick (``picking``), enter dismisses with the :class:`Pick`;
    else enter dismisses with the id of a claim quoting the sentence, and the
    add keys make a claim quoting the selection."""

    DEFAULT_CSS = """
    SourceScreen #source-text { height: 1fr; border-top: solid $primary-darken-2; border-bottom: solid $primary-darken-2; }
    SourceScreen .para { margin-bottom: 1; padding-right: 1; }
    SourceScreen #source-where { height: auto; max-height: 3; }
    SourceScreen .legend { color: $text-muted; height: auto; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", id="source.close"),
        Binding("down,j", "move(1)", "Next sentence", show=False),
        Binding("up,k", "move(-1)", "Previous sentence", show=False),
        Binding("pagedown", "paragraph(1)", "Next paragraph", show=False),
        Binding("pageup", "paragraph(-1)", "Previous paragraph", show=False),
        Binding("home", "to(0)", "First sentence", show=False),
        Binding("end", "to(-1)", "Last sentence", show=False),
        Binding("shift+right,right_square_bracket", "end_words(1)", "Extend by a word", show=False),
        Binding("shift+left,left_square_bracket", "end_words(-1)", "Shrink by a word", show=False),
        Binding("shift+down,right_curly_bracket", "end_sentences(1)", "Extend by a sentence", show=False),
        Binding("shift+up,left_curly_bracket", "end_sentences(-1)", "Shrink by a sentence", show=False),
        Binding("ctrl+right,greater_than_sign", "start_words(1)", "Start a word later", show=False),
        Binding("ctrl+left,less_than_sign", "start_words(-1)", "Start a word earlier", show=False),
        Binding("slash", "find", "Find", show=False),
        Binding("enter", "choose", "Choose", show=False),
        *(Binding(key, f"add('{kind.value}')", f"Add {kind.value}", show=False) for key, kind in ADD_KEYS.items()),
    ]

    def __init__(self, m: ArgMap, doc: SourceDoc, *, picking: bool = False, start: str | None = None,
                 add: AddQuoted | None = None, target: str | None = None) -> None:
        super().__init__()
        self.map = m
        self.doc = doc
        self.picking = picking
        self.add = add
        self.target = target
        self.cur = 0
        self.lo = self.hi = 0  # the paragraphs shown (see _window)
        self.sel = (0, 0)  # the selection: offsets in the folded text, within the cursor's paragraph
        at = locate(doc, start) if start else None
        if at is not None:
            self.cur, self.sel = at
        elif doc.sentences:
            self.cur = next((k for k, q in enumerate(doc.quoted) if not q), 0)
            s = doc.sentences[self.cur]
            self.sel = (s.start, s.end)

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog source"):
            yield Label(self._title(), id="source-title", classes="dialog-title")
            with VerticalScroll(id="source-text", can_focus=False):  # the keys move the selection
                yield from self._window()
            yield Static(id="source-where")
            keys = "↑↓ sentence  pgup pgdn paragraph  / find (a ... b)  shift+→← or ] [ end ±word  " \
                   "shift+↓↑ or } { ±sentence  ctrl+→← or > < start ±word  "
            keys += "enter: use this quote  esc: cancel" if self.picking else \
                "enter: claims quoting it  p v c r: add a claim quoting it  esc"
            yield Static(Text(keys), classes="legend")

    def on_mount(self) -> None:
        box = self.query_one(".source").styles  # wider and taller than the other dialogs
        box.width, box.max_width, box.height = "96%", "100%", "94%"
        self._show_where()
        self.call_after_refresh(self._scroll)

    def _title(self) -> Text:
        t = Text(no_wrap=True, overflow="ellipsis")
        t.append(f"{'Pick a quote from ' if self.picking else ''}{escape_controls(self.doc.file)}")
        t.append(f" (source '{self.doc.sid}')  ", style="dim")
        t.append(self.doc.summary, style="bold")
        return t

    def _window(self) -> list[Static]:
        """The paragraphs shown: a window of them around the cursor's (a long
        text stays quick), with how many more there are above and below."""
        n = len(self.doc.paragraphs)
        if not n:
            return [Static(Text("The source has no text.", style="dim"))]
        at = self.doc.para_of[self.cur] if self.doc.sentences else 0
        self.lo = max(0, min(at - WINDOW // 2, n - WINDOW))
        self.hi = min(n, self.lo + WINDOW)
        out = [Static(self._paragraph(i), id=f"para-{i}", classes="para") for i in range(self.lo, self.hi)]
        if self.lo:
            out.insert(0, Static(Text(f"↑ {self.lo} paragraph(s) before (pgup)", style="dim"), classes="para"))
        if self.hi < n:
            out.append(Static(Text(f"↓ {n - self.hi} paragraph(s) after (pgdn)", style="dim"), classes="para"))
        return out

    def _paragraph(self, i: int) -> Table:
        """Paragraph ``i``: its number (the locator) and a mark (✓ every sentence
        quoted, · some) beside its text, quoted sentences green, the selection reversed."""
        doc = self.doc
        p = doc.paragraphs[i]
        ks = doc.sentences_of[i]
        n_quoted = sum(doc.quoted[k] for k in ks)
        mark = "✓" if ks and n_quoted == len(ks) else "·" if n_quoted else " "
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", no_wrap=True, min_width=6)
        grid.add_column(ratio=1)
        t = Text()
        grid.add_row(Text(f"{p.number} {mark}", style="bold green" if mark != " " else "dim"), t)
        sel_a, sel_b = self.sel if doc.sentences and doc.para_of[self.cur] == i else (-1, -1)
        pos = p.offset
        end = p.offset + len(p.text)
        for k in ks:
            s = doc.sentences[k]
            if s.start > pos:
                self._append(t, p, pos, s.start, "", sel_a, sel_b)
            self._append(t, p, s.start, s.end, "green" if doc.quoted[k] else "", sel_a, sel_b)
            pos = s.end
        if pos < end:
            self._append(t, p, pos, end, "", sel_a, sel_b)
        return grid

    @staticmethod
    def _append(t: Text, p: Paragraph, a: int, b: int, style: str, sel_a: int, sel_b: int) -> None:
        """``a:b`` of paragraph ``p``, the selected part of it reversed."""
        for x, y, selected in ((a, min(b, max(a, sel_a)), False), (max(a, sel_a), min(b, sel_b), True),
                               (max(a, sel_b), b, False)):
            if y > x:
                t.append(escape_controls(p.span(x, y)), style=f"{style} reverse".strip() if selected else style)

    def _redraw(self, paras: set[int]) -> None:
        at = self.doc.para_of[self.cur] if self.doc.sentences else 0
        n = len(self.doc.paragraphs)
        if (at < self.lo + EDGE and self.lo > 0) or (at >= self.hi - EDGE and self.hi < n):
            box = self.query_one("#source-text", VerticalScroll)
            box.remove_children()
            box.mount_all(self._window())
            self.call_after_refresh(self._scroll)
        else:
            for i in paras:
                if self.lo <= i < self.hi:
                    self.query_one(f"#para-{i}", Static).update(self._paragraph(i))
            self._scroll()
        self._show_where()

    def _scroll(self) -> None:
        if self.doc.sentences:
            for shown in self.query(f"#para-{self.doc.para_of[self.cur]}").results(Static):
                shown.scroll_visible(animate=False)

    def _show_where(self) -> None:
        where = self.query_one("#source-where", Static)
        if not self.doc.sentences:
            where.update("")
            return
        p = self.doc.paragraphs[self.doc.para_of[self.cur]]
        chosen = p.span(*self.sel)
        words = len(chosen.split())
        t = Text()
        t.append(f"para {p.number}", style="bold")
        t.append(f" · {words} word{'s' * (words != 1)} selected")
        shown = escape_controls(chosen if len(chosen) <= 64 else f"{chosen[:30].rstrip()} … {chosen[-30:].lstrip()}")
        t.append(f" “{shown}”", style="italic")
        quoters = self.doc.quoters[self.cur]
        if quoters:
            t.append(" · quoted by ", style="dim")
            t.append(", ".join(quoters[:6]) + (f" and {len(quoters) - 6} more" if len(quoters) > 6 else ""))
        else:
            t.append(" · not quoted yet", style="dim")
        where.update(t)

    # -- the selection -----------------------------------------------------------------

    @property
    def pick(self) -> Pick:
        p = self.doc.paragraphs[self.doc.para_of[self.cur]]
        return Pick(self.doc.sid, p.span(*self.sel), f"para {p.number}")

    def _para_bounds(self) -> tuple[int, int]:
        p = self.doc.paragraphs[self.doc.para_of[self.cur]]
        return p.offset, p.offset + len(p.text)

    def _set(self, cur: int, sel: tuple[int, int]) -> None:
        before = self.doc.para_of[self.cur]
        self.cur, self.sel = cur, sel
        self._redraw({before, self.doc.para_of[cur]})

    def action_move(self, step: int) -> None:
        if self.doc.sentences:
            k = max(0, min(len(self.doc.sentences) - 1, self.cur + step))
            s = self.doc.sentences[k]
            self._set(k, (s.start, s.end))

    def action_to(self, k: int) -> None:
        if self.doc.sentences:
            self.action_move((k % len(self.doc.sentences)) - self.cur)

    def action_paragraph(self, step: int) -> None:
        if not self.doc.sentences:
            return
        pi = self.doc.para_of[self.cur] + step
        while 0 <= pi < len(self.doc.paragraphs) and not self.doc.sentences_of[pi]:
            pi += step
        if 0 <= pi < len(self.doc.paragraphs):
            self.action_move(self.doc.sentences_of[pi][0] - self.cur)

    def _words(self) -> tuple[list[int], list[int]]:
        """Where the words of the cursor's paragraph start and end (offsets in
        the folded text): words are parted by spaces and by dashes (``--``, —)."""
        a, b = self._para_bounds()
        f = self.doc.folded[a:b]
        starts = [a + m.start() for m in _WORD.finditer(f)]
        ends = [a + m.end() for m in _WORD.finditer(f)]
        return starts, ends

    def action_end_words(self, step: int) -> None:
        if self.doc.sentences:
            self._move_end(self._words()[1], step)

    def action_end_sentences(self, step: int) -> None:
        if self.doc.sentences:
            ks = self.doc.sentences_of[self.doc.para_of[self.cur]]
            self._move_end([self.doc.sentences[k].end for k in ks], step)

    def _move_end(self, ends: list[int], step: int) -> None:
        """Move the selection's end to the next (or previous) of ``ends``, never before its start."""
        a, b = self.sel
        if step > 0:
            b = next((e for e in ends if e > b), b)
        else:
            b = next((e for e in reversed(ends) if a < e < b), b)
        self._set(self.cur, (a, b))

    def action_start_words(self, step: int) -> None:
        if not self.doc.sentences:
            return
        a, b = self.sel
        starts, _ = self._words()
        if step > 0:
            a = next((x for x in starts if a < x < b), a)
        else:
            a = next((x for x in reversed(starts) if x < a), a)
        # the cursor follows the selection's start
        self._set(next((k for k, s in enumerate(self.doc.sentences) if s.start <= a < s.end), self.cur), (a, b))

    def action_find(self) -> None:
        """Start the selection at the next place the words typed occur, to the
        end of its sentence; ``FIRST ... LAST`` selects from FIRST through LAST
        (in one paragraph)."""
        from ..io.quotes import fold

        def found(words: str | None) -> None:
            first, _, last = fold(words or "").replace("…", "...").partition("...")
            first, last = first.strip(), last.strip()
            if not first or not self.doc.sentences:
                return
            f = self.doc.folded
            i = f.find(first, self.sel[0] + 1)
            i = f.find(first) if i < 0 else i
            k = next((k for k, s in enumerate(self.doc.sentences) if s.start <= i < s.end), None)
            if i < 0 or k is None:
                self.notify(escape_controls(f"'{first}' is not in the source."), severity="warning", markup=False)
                return
            end = self.doc.sentences[k].end
            if last:
                p = self.doc.paragraphs[self.doc.para_of[k]]
                j = f.find(last, i + len(first), p.offset + len(p.text))
                if j < 0:
                    self.notify(escape_controls(f"'{last}' does not follow '{first}' in its paragraph."),
                                severity="warning", markup=False)
                    return
                end = j + len(last)
            self._set(k, (i, end))

        self.app.push_screen(PromptScreen("Find in the source: the selection starts there "
                                          "(FIRST ... LAST: from FIRST through LAST)"), found)

    # -- what the pane does ------------------------------------------------------------

    def action_choose(self) -> None:
        if not self.doc.sentences:
            return
        if self.picking:
            self.dismiss(self.pick)
            return
        quoters = self.doc.quoters[self.cur]
        if not quoters:
            self.notify("No claim quotes this sentence yet: p, v, c or r adds one quoting it.", markup=False)
        elif len(quoters) == 1:
            self.dismiss(quoters[0])
        else:
            self.app.push_screen(ListPick("Claims quoting this sentence (enter jumps)",
                                          claim_items(self.map, quoters)), self._jump)

    def _jump(self, cid: str | None) -> None:
        if cid:
            self.dismiss(cid)

    def action_add(self, kind: str) -> None:
        if self.picking or self.add is None or not self.doc.sentences:
            return
        k = Kind(kind)
        pick = self.pick
        add = self.add

        def submit(f: ClaimFields) -> str | None:
            if not f.target:
                return f"Give the claim it {VERB[k].removesuffix('s')}s: its id."
            error = add(k, f.text, f.target, pick)
            if error is None:
                self.target = f.target
            return error

        def done(added: bool | None) -> None:
            if added:
                self.refresh_marks()

        title = f"{k.value.capitalize()} quoting {pick.locator} ({VERB[k]} the target)"
        self.app.push_screen(QuotedClaimForm(title, submit, pick, list(self.map.claims), self.target), done)

    def refresh_marks(self) -> None:
        """Mark the sentences quoted now (after an edit of the map)."""
        measure(self.doc, self.map)
        self.query_one("#source-title", Label).update(self._title())
        self._redraw(set(range(self.lo, self.hi)))

    def action_close(self) -> None:
        self.dismiss(None)


def locate(doc: SourceDoc, quote: str) -> tuple[int, tuple[int, int]] | None:
    """The sentence where ``quote`` starts in the source, and its span."""
    from ..io.quotes import fold, unmark

    q = fold(unmark(quote))
    i = doc.folded.find(q) if q else -1
    if i < 0:
        return None
    for k, s in enumerate(doc.sentences):
        if s.start <= i < s.end + 1:
            p = doc.paragraphs[doc.para_of[k]]
            return k, (i, min(i + len(q), p.offset + len(p.text)))
    return None


# -- the app's side: which source, and what a pick or a jump does ---------------------------------


def open_source(app: ArgmapApp, fields: ClaimFields | None = None,
                then: Callable[[tuple[str, str, str] | None], None] | None = None) -> None:
    """Open the pane on ``app``: to pick a quote for a form's ``fields``
    (``then`` gets (source, text, locator), or None), else to read and map
    the selected claim's source (or one chosen among the map's)."""
    if app.doc is None:
        return
    m = app.doc.map
    files = source_files(m)
    if not files:
        app.notify("This map has no source with a file to read: start one with argmap new FILE --source PATH, "
                   "or give a source a 'file:'.", severity="warning", markup=False)
        return
    claim = m.claims.get(app.selected) if app.selected else None
    start = None
    sid: str | None = None
    if fields is not None and fields.source:
        sid = fields.source
        if sid not in files:
            why = "is not a source of this map" if sid not in m.sources else "has no file to pick from"
            app.notify(escape_controls(f"Source '{sid}' {why}; its sources with a file: {', '.join(files)}."),
                       severity="warning", markup=False)
            return
        start = fields.quote or None
    elif fields is None and claim is not None:
        mine = [claim.quote.source] if claim.quote else []
        mine += [c.source for c in claim.cites]
        sid = next((x for x in mine if x in files), None)
        if sid is not None and claim.quote is not None and claim.quote.source == sid:
            start = claim.quote.text
    if sid is None and len(files) == 1:
        sid = files[0]

    def show(chosen: str | None) -> None:
        if chosen is None or app.doc is None:
            return
        doc = read_doc(m, app.doc.path.parent, chosen)
        if isinstance(doc, str):
            app.notify(escape_controls(f"Cannot show source '{chosen}': {doc}."), severity="error", markup=False)
            return
        if fields is not None and then is not None:
            def picked(result: str | Pick | None) -> None:
                then((result.source, result.text, result.locator) if isinstance(result, Pick) else None)

            app.push_screen(SourceScreen(m, doc, picking=True, start=start), picked)
            return

        def add(k: Kind, text: str, target: str, pick: Pick) -> str | None:
            return app._add_claim(k, target, ClaimFields(text=text, quote=pick.text, source=pick.source,
                                                         locator=pick.locator))

        def jump(result: str | Pick | None) -> None:
            if isinstance(result, str):
                app.action_select_claim(result)

        app.push_screen(SourceScreen(m, doc, start=start if chosen == sid else None, add=add,
                                     target=app.selected), jump)

    if sid is not None:
        show(sid)
        return
    items = []
    for x in files:
        t = Text(no_wrap=True, overflow="ellipsis")
        t.append(x, style="bold")
        t.append(f"  {one_line(m.sources[x].file or '')}  {one_line(m.sources[x].title)}")
        items.append((x, t))
    app.push_screen(ListPick("Read which source?", items), show)


def check_quote(app: ArgmapApp, f: ClaimFields) -> str | None:
    """Why a typed quote is not verbatim in its source's file, or None (also
    when there is no file to check it against)."""
    if app.doc is None:
        return None
    m = app.doc.map
    sid = f.source or (next(iter(m.sources)) if len(m.sources) == 1 else "")
    if sid not in m.sources:
        return None  # make_quote says what is wrong when the form is saved
    sf = load_sources(m, app.doc.path.parent).get(sid)
    if sf is None or sf.text is None or sf.text.contains(f.quote):
        return None
    return f"the quote is not in source '{sid}' ({sf.file}) as typed; copy it verbatim"


__all__ = ["AddQuoted", "ListPick", "Pick", "SourceDoc", "SourceScreen", "check_quote", "locate", "open_source",
           "read_doc", "source_files"]
