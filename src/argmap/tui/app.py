"""The argmap terminal UI: a tree of the map, the selected claim's detail,
and every edit through the command layer (undo/redo, safe saving)."""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from rich.text import Text
from textual import events, on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.reactive import Reactive, var
from textual.screen import ModalScreen, Screen, SystemModalScreen
from textual.timer import Timer
from textual.widgets import Input, Static, Tree

from ..analysis.evaluation import Change, Evaluation, Label, Side, evaluate, what_if
from ..analysis.explain import Explainer
from ..analysis.prep import PrepWarning, all_tags, prep_checks, unanswered_counterpoints
from ..analysis.semantics import CAVEATS, Semantics, tagged
from ..export.cards import WordCounts, card, count_all_words, counted_subtree_words
from ..export.flow import Flow, flow
from ..io.ahead import ReadAhead
from ..io.loader import Loaded
from ..io.mapfile import CommentsWouldBeDropped
from ..io.save import ChangedOnDisk
from ..io.sources import load_sources
from ..model import ArgMap, Claim, Kind, Quote, giveway
from ..model.giveway import give_way
from ..model.graph import Graph, Relation
from ..model.merge import diff_claims
from ..model.ops import (
    OpError,
    add_claim,
    claim_from,
    delete_claim,
    deletion_plan,
    make_quote,
    note,
    replace_claim,
    utc_now,
)
from ..model.rules import did_you_mean
from .background import BackgroundDocument
from .cards import CardScreen, not_a_card, reading_line, words_line
from .commands import ClaimCommands
from .flow import FlowScreen
from .idle import IdleCollector
from .linelist import LineList
from .screens import (
    ChoiceScreen,
    ClaimFields,
    ClaimForm,
    ErrorScreen,
    ExportRequest,
    ExportScreen,
    FilterScreen,
    HelpScreen,
    LoadingScreen,
    NoteForm,
    PrepResult,
    PrepScreen,
    PromptScreen,
    TextInput,
)
from .style import LABEL_STYLE, RELATION_STYLE, escape_controls, one_line
from .textpane import TextPane
from .widgets import Detail, MapHeader, MapTree, NodeData, PriorityFooter

#: Maps up to this many claims are evaluated at once, on the UI thread (a few
#: milliseconds); larger ones in a worker, marks pending meanwhile.
SYNC_LIMIT = 2000
#: Maps up to this many claims are searched and filtered at once, each letter
#: as it is typed; larger ones after a pause in the typing, in a worker (the
#: tree a search opens is built again: at 1,000 claims, at once, the letter
#: showed with its count after 90 ms; now the letter after 20).
VIEW_SYNC_LIMIT = 500
#: Maps larger than this (bytes, about 13,000 claims) are opened in a worker,
#: a loading screen showing meanwhile.  A smaller one is read before the
#: first frame (half a second at most): the loading screen's own drawing
#: would share the CPU with the reading and put the map's first paint off
#: by a fifth (measured at 10,000 claims).
OPEN_IN_BACKGROUND = 4_000_000
#: Related claims narrower than this (cells) say their relation with the
#: tree's marks (↑ for the claims above), not in words: the ids show.
NARROW_LINKS = 48
#: A pause in typing this long (seconds) starts the search on a large map.
SEARCH_DELAY = 0.05
#: A large map's recovery file is written once no key has come for this long
#: (seconds), and at the latest this long after the edit: the write (a
#: hundredth of a second at 10,000 claims, a tenth at 100,000) would share
#: Python's lock with the keys that follow the edit (undo right after a note
#: took twice as long).
RECOVERY_QUIET, RECOVERY_LATEST = 0.2, 1.0


def _visible_change(c: Change) -> bool:
    """Whether a what-if change shows at the displayed precision (2 decimals)."""
    if c.before_label != c.after_label or (c.before_strength is None) != (c.after_strength is None):
        return True
    return f"{c.before_strength:.2f}" != f"{c.after_strength:.2f}"


def compute(m: ArgMap, whatif: str | None, perspective: Side, base_dir: Path,
            base: Evaluation | None = None, evaluation: Evaluation | None = None,
            changes: dict[str, Change] | None = None, *,
            semantics: Semantics = Semantics.GROUNDED, without_tag: str | None = None,
            warnings: list[PrepWarning] | None = None, graph: Graph | None = None,
            ) -> tuple[Evaluation, Evaluation, dict[str, Change], list[PrepWarning]]:
    """Evaluation, what-if and prep warnings of ``m``: safe to run in a
    thread on a snapshot of the map.  What is given is kept: ``base`` (the
    map's evaluation), ``evaluation`` and ``changes`` (the what-if's), the
    prep warnings; the rest is computed.  The what-if withdraws ``whatif``,
    or every claim tagged ``without_tag``."""
    if base is None:
        base, evaluation = evaluate(m, semantics=semantics), None
    if evaluation is None:
        evaluation, changes = base, {}
        gone = [whatif] if whatif is not None else tagged(m, [without_tag]) if without_tag else []
        if gone:
            evaluation, found = what_if(m, gone, base)
            changes = {c.claim: c for c in found if _visible_change(c)}
    if warnings is None:
        g = graph if graph is not None else Graph.of(m)
        give_way()
        warnings = prep_checks(m, base, g, perspective=perspective, sources=load_sources(m, base_dir))
    return base, evaluation, changes or {}, warnings


def downstream(claims: dict[str, Claim], start: Iterable[str]) -> set[str]:
    """``start`` and every claim whose label or strength may follow from them."""
    out: set[str] = set()
    stack = list(start)
    while stack:
        cid = stack.pop()
        if cid in out:
            continue
        out.add(cid)
        c = claims.get(cid)
        if c is not None:
            stack.extend(c.supports)
            stack.extend(c.attacks)
            stack.extend(u.to for u in c.undercuts)
    return out


@dataclass(frozen=True)
class View:
    """What the tree shows: every claim, the unanswered counterpoints, or the claims of one tag."""

    unanswered: bool = False
    tag: str | None = None

    @property
    def everything(self) -> bool:
        return not self.unanswered and self.tag is None

    @property
    def id(self) -> str:
        """The filter screen's name for it."""
        return "unanswered" if self.unanswered else "all" if self.tag is None else f"tag:{self.tag}"

    @classmethod
    def of(cls, view_id: str) -> View:
        if view_id == "unanswered":
            return cls(unanswered=True)
        if view_id.startswith("tag:"):
            return cls(tag=view_id[4:])
        return cls()

    def describe(self) -> str:
        return "unanswered counterpoints" if self.unanswered else f"tag:{one_line(self.tag or '')}"


class SearchTexts:
    """Each claim's searchable text (its id, text and tags, casefolded), kept
    from search to search: casefolding every claim's text again at each
    keystroke took 0.35 s on 100,000 claims.  A text is made again when its
    claim was replaced (an edit); the list of all of them, when the map's
    revision changed."""

    def __init__(self) -> None:
        self._by_claim: dict[str, tuple[Claim, str]] = {}
        self._state: tuple[tuple[object, int] | None, list[str], list[str]] = (None, [], [])

    def of(self, claims: dict[str, Claim], version: tuple[object, int] | None) -> tuple[list[str], list[str]]:
        """The ids and their texts, in the map's order.  ``version``: the
        document's history and its revision (None: unknown, made again)."""
        was, ids, texts = self._state  # (one tuple: a worker may replace it meanwhile)
        if version is not None and was is not None and version[0] is was[0] and version[1] == was[1]:
            return ids, texts
        by, ids, texts = self._by_claim, [], []
        for n, (cid, c) in enumerate(claims.items()):
            if not n & 4095:
                give_way()  # (made by a worker: it pauses while a key is drawn)
            known = by.get(cid)
            if known is None or known[0] is not c:
                # the parts apart: the query is one line, so it never matches across them
                known = by[cid] = (c, "\n".join((cid, c.text, *c.tags)).casefold())
            ids.append(cid)
            texts.append(known[1])
        self._state = (version, ids, texts)
        return ids, texts


def matching(claims: dict[str, Claim], g: Graph, view: View, query: str,
             texts: SearchTexts | None = None, version: tuple[object, int] | None = None,
             ) -> tuple[set[str] | None, set[str] | None, list[str]]:
    """The claims a view and a search show (None: all), those plus their
    ancestors, and the search's matches in the map's order.  ``texts``: the
    claims' searchable texts kept from call to call, for the map at
    ``version`` (see :meth:`SearchTexts.of`)."""
    base: set[str] | None = None
    if view.unanswered:
        base = set(unanswered_counterpoints_of(claims, g))
    elif view.tag is not None:
        tag = view.tag
        base = {cid for cid, c in claims.items() if tag in c.tags}
    shown = base
    ids: list[str] = []
    if query:
        q = query.casefold().replace("\n", " ")
        ids, hay = (texts or SearchTexts()).of(claims, version)
        shown = {cid for cid, h in zip(ids, hay, strict=True) if q in h}
        if base is not None:
            shown &= base
    if shown is None:
        return None, None, []
    visible, stack = set(shown), list(shown)
    add, push, pop, parents = visible.add, stack.append, stack.pop, g.parent_index().get
    while stack:
        for p in parents(pop(), ()):
            if p not in visible:
                add(p)
                push(p)
    ordered = [cid for cid in ids if cid in shown] if query else []
    return shown, visible, ordered


def unanswered_counterpoints_of(claims: dict[str, Claim], g: Graph) -> list[str]:
    return [cid for cid, c in claims.items() if c.kind is Kind.COUNTERPOINT and not g.attackers.get(cid)]


ADD_TITLES = {
    Kind.REBUTTAL: "Rebut",
    Kind.COUNTERPOINT: "Counterpoint against",
    Kind.PREMISE: "Premise supporting",
    Kind.EVIDENCE: "Evidence supporting",
}


@dataclass(frozen=True)
class Action:
    """One action of the app: its key binding, footer label, and the help
    text shown in the help screen, the footer's tooltip and the palette."""

    key: str  #: the key as Textual names it
    shown: str  #: the key as the help screen shows it
    action: str
    label: str  #: the footer's label
    help: str
    footer: bool = True  #: whether the footer shows it (a narrow footer keeps FOOTER_PRIORITY first)


#: Every action of the app, once.
ACTIONS = [
    Action("g", "g", "goto", "Go to", "Go to a claim by id (→ accepts the completion)"),
    Action("r", "r", "add('rebuttal')", "Rebut", "Add a rebuttal attacking the selected claim"),
    Action("c", "c", "add('counterpoint')", "Counter", "Add a counterpoint attacking the selected claim"),
    Action("p", "p", "add('premise')", "Premise", "Add a premise supporting the selected claim"),
    Action("v", "v", "add('evidence')", "Evidence", "Add evidence supporting the selected claim"),
    Action("n", "n", "note", "Note", "Add a note to the selected claim"),
    Action("e", "e", "edit", "Edit", "Edit the selected claim: text, kind, tags, strength, quote"),
    Action("delete", "delete", "delete", "Delete", "Delete the selected claim (asks first, says what refers to it)", footer=False),
    Action("ctrl+z", "ctrl+z", "undo", "Undo", "Undo the last edit"),
    Action("ctrl+y", "ctrl+y", "redo", "Redo", "Redo the last undone edit", footer=False),
    Action("slash", "/", "search", "Search", "Search text, ids and tags; enter: next match; escape: clear"),
    Action("f", "f", "filter", "Filter", "Show all claims, unanswered counterpoints, or one tag"),
    Action("w", "w", "whatif", "What-if", "Evaluate as if the selected claim (or every claim with a caveat tag) were withdrawn; w again: back"),
    Action("y", "y", "why", "Why", "Explain why the selected claim stands, falls or is open (enter jumps to a claim)", footer=False),
    Action("D", "D", "changes", "Changes", "Mark what changed since the last save and list merge conflicts; D again: off", footer=False),
    Action("exclamation_mark", "!", "prep", "Prep", "List the prep warnings and jump to their claims"),
    Action("s", "s", "source", "Source", "Read the selected claim's source (or any source): sentences quoted marked, coverage; add claims quoting it", footer=False),
    Action("k", "k", "card", "Card", "Show the selected claim's evidence card and copy it as plain text", footer=False),
    Action("F", "F", "flow", "Flow", "Show the flow sheet (case, attacks, answers); enter jumps to the argument", footer=False),
    Action("x", "x", "export", "Export", "Export a diagram (SVG, PNG, PDF, DOT) or a brief"),
    Action("ctrl+s", "ctrl+s", "save", "Save", "Save the map (atomically)"),
    Action("q", "q", "quit", "Quit", "Quit (asks about unsaved edits)"),
    Action("question_mark", "?", "help", "Help", "Show keys and symbols"),
]


#: The footer's keys, most important first: a narrow footer keeps the first that fit.
FOOTER_PRIORITY = ["quit", "help", "save", "prep", "undo", "add('rebuttal')", "add('counterpoint')", "note",
                   "search", "filter", "whatif", "export", "edit", "goto", "add('premise')", "add('evidence')"]


class StatusLine(Static):
    """The status line: written again when its width changes (it summarises when narrow)."""

    def on_resize(self) -> None:
        app = self.app
        if isinstance(app, ArgmapApp) and app.doc is not None and app.graph is not None:
            app.update_title()


def by_claim_of(warnings: list[PrepWarning]) -> dict[str | None, list[str]]:
    """The warnings' messages by claim (None: about the map as a whole)."""
    by_claim: dict[str | None, list[str]] = {}
    for w in warnings:
        by_claim.setdefault(w.claim, []).append(w.message)
    return by_claim


class ArgmapApp(App[None]):
    CSS_PATH = "argmap.tcss"
    TITLE = "argmap"
    COMMANDS = App.COMMANDS | {ClaimCommands}
    BINDINGS = [
        *(
            Binding(a.key, a.action, a.label, id=a.label.lower(), show=a.footer, tooltip=a.help)
            for a in ACTIONS
        ),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("escape", "clear_search", "Clear search", show=False),
    ]

    #: What the tree shows (the filter), the search, the claim withdrawn in a
    #: what-if, and the side the prep warnings are for: setting one updates the view.
    view: var[View] = var(View(), init=False)
    query_text: var[str] = var("", init=False)
    whatif: var[str | None] = var(None, init=False)
    perspective: var[Side] = var(Side.PRO, init=False)
    #: the what-if by tag (every claim with it withdrawn) and the semantics
    without_tag: var[str | None] = var(None, init=False)
    semantics: var[Semantics] = var(Semantics.GROUNDED, init=False)
    #: The claim the detail pane shows (the tree's cursor, or the claim gone to):
    #: setting it, even to the same claim (whose evaluation may have changed), redraws the pane.
    selected_claim: var[str | None] = var(None, init=False, always_update=True)
    #: The header's title and subtitle. The header redraws itself when they
    #: change; App's own repaint the whole screen besides (a full frame at the
    #: first edit, at each save and at an undo back to the saved map).
    title: Reactive[str] = Reactive("", compute=False, repaint=False)
    sub_title: Reactive[str] = Reactive("", compute=False, repaint=False)

    def __init__(self, path: str | Path, loaded: Loaded | None = None, *, blink: bool = True,
                 semantics: Semantics = Semantics.GROUNDED, since: tuple[str, ArgMap] | None = None,
                 ahead: ReadAhead | None = None) -> None:
        super().__init__()
        #: (revision, the map then): what D compares with instead of the last save
        self.since = since
        self.set_reactive(ArgmapApp.semantics, Semantics(semantics))
        #: the explainers of the evaluations kept (by identity of the evaluation)
        self._explainers: dict[int, Explainer] = {}
        self._explaining: Evaluation | None = None  # the evaluation an explainer is being built for
        self._when_explained: list[Callable[[], object]] = []  # what waits for that explainer
        #: the other side's prep warnings being found while the prep view shows (its key),
        #: and the evaluation (its generation) that waits for them
        self._prefetching: tuple[int, Side, Semantics] | None = None
        self._prefetch_waiting: int | None = None
        #: Whether text cursors blink (off in tests, for stable snapshots).
        self.blink = blink
        self.path = Path(path)
        #: a large map is opened in the background, a loading screen showing meanwhile
        self.opening = False
        if loaded is None:
            with contextlib.suppress(OSError):  # (opening it says what is wrong)
                self.opening = self.path.stat().st_size > OPEN_IN_BACKGROUND
        self.doc: BackgroundDocument | None = None
        self.loaded: Loaded | None = None
        #: the map's YAML being parsed in a child process meanwhile (see io/ahead.py)
        self._ahead = ahead
        if loaded is None:
            if not self.opening:
                self.doc, self.loaded = BackgroundDocument.open(self.path, ahead)
                self._ahead = None
        else:
            self.loaded = loaded
            self.doc = BackgroundDocument(loaded) if loaded.ok else None
        self.graph: Graph | None = None
        self.base_eval: Evaluation | None = None
        self.evaluation: Evaluation | None = None
        self.changes: dict[str, Change] = {}
        self.warnings: list[PrepWarning] = []
        self.matches: list[str] = []
        self.match_index = -1
        self.sync_limit = SYNC_LIMIT
        self._conclusions: list[str] | None = None
        self._warnings_of: tuple[list[PrepWarning] | None, dict[str | None, list[str]]] = (None, {})
        #: warnings indexed by claim in the worker that found them (by id; the list kept to check it)
        self._indexed: dict[int, tuple[list[PrepWarning], dict[str | None, list[str]]]] = {}
        #: the reading time of claims' subtrees, for the map's current state
        self._reading: dict[tuple[int, str], Text] = {}
        #: each claim's words read aloud (the reading times above are their sums)
        self._word_counts: WordCounts = {}
        #: the detail pane shows "counting the words" (a large map's are counted in a worker)
        self._reading_waits = False
        #: the prep warnings of each side for the map's current state (switching sides shows them at once)
        self._prep_known: dict[tuple[int, Side, Semantics], list[PrepWarning]] = {}
        #: an evaluation / a search or filter is running in a worker
        self.evaluating = False
        self.searching = False
        self._eval_gen = 0
        self._view_gen = 0
        self._after_eval: list[Callable[[], None]] = []
        self._search_timer: Timer | None = None
        #: enter was pressed in the search box before its search was done
        self._next_wanted = False
        #: expanded rows and cursor of the whole tree, while a search or filter shows part of it
        self._unfiltered: tuple[list[tuple[str, ...]], tuple[str, ...] | None] | None = None
        #: the claims' searchable texts (see matching)
        self._search_texts = SearchTexts()
        #: Python's full garbage collections, held back till nobody waits (see idle.py)
        self.idle_gc = IdleCollector(lambda: self.busy)
        #: the recovery file's write waiting for a pause in the keys, since when (see _when_keys_pause)
        self._pending_write: Callable[[], None] | None = None
        #: the claims the detail pane lists as related (heading, id), and the claim it shows
        self._links: list[tuple[str, str]] = []
        self._detail_of: str | None = None
        self._pending_since = 0.0
        #: dialogs shown since the last quiet moment (see push_screen)
        self._dialogs: list[Screen] = []

    # -- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield MapHeader()
        with Horizontal(id="main"):
            tree = MapTree(id="tree")
            tree.on_cursor = self._cursor_on
            yield tree
            with Vertical(id="detail-pane"):
                yield TextPane(id="detail")  # (tab goes past it, to the related claims)
                yield LineList(0, self._link_line, id="links")
        yield TextInput(id="search", placeholder="search text, ids and tags (enter: next, escape: clear)")
        yield StatusLine(id="status")
        yield PriorityFooter(FOOTER_PRIORITY)

    def on_mount(self) -> None:
        # Work in the background (evaluation, search, the recovery file) holds
        # Python's lock in turns: hand it back to the UI thread within a
        # millisecond, not five, so a key is not left waiting behind it.
        sys.setswitchinterval(0.001)
        self.idle_gc.start()
        self.set_interval(0.5, self._idle_tick)
        if self.opening:
            self._open_in_background()
            return
        self._opened()

    def on_unmount(self) -> None:
        self.idle_gc.stop()
        giveway.release()

    def _idle_tick(self) -> None:
        """Twice a second: the work that waits till nobody waits."""
        self.idle_gc.tick()
        if self._dialogs and self.idle_gc.idle():
            self._remove_closed_dialogs()

    def push_screen(self, screen, *args, **kwargs):  # (the overloads of App.push_screen pass through)
        """Show a screen. A dialog stays mounted once closed, till nobody waits:
        Textual removes a closed screen at once and then lays out and paints the
        whole screen again, a second full frame after the key that closed it
        (25 ms at 160x45, where the first shows what the key did)."""
        # (not Textual's own, as the command palette, nor the loading screen, whose timer would tick on)
        if (isinstance(screen, ModalScreen) and not isinstance(screen, (SystemModalScreen, LoadingScreen))
                and screen.id is None and not self.is_screen_installed(screen)):
            self.install_screen(screen, f"argmap-dialog-{id(screen)}")
            self._dialogs.append(screen)
        return super().push_screen(screen, *args, **kwargs)

    def _when_keys_pause(self, write: Callable[[], None]) -> None:
        """Run ``write`` (the recovery file's, see BackgroundDocument.later)
        once no key has come for RECOVERY_QUIET, at the latest RECOVERY_LATEST
        after the first edit it waits with (quitting writes it at once: flush)."""
        waiting = self._pending_write is not None
        self._pending_write = write
        if not waiting:
            self._pending_since = time.monotonic()
            self.set_timer(min(RECOVERY_QUIET, RECOVERY_LATEST), self._write_if_quiet)

    def _write_if_quiet(self) -> None:
        write = self._pending_write
        if write is None:
            return
        now = time.monotonic()
        quiet = now - self.idle_gc.last_input
        if quiet >= RECOVERY_QUIET or now - self._pending_since >= RECOVERY_LATEST:
            self._pending_write = None
            write()
        else:
            self.set_timer(min(RECOVERY_QUIET - quiet, RECOVERY_LATEST - (now - self._pending_since)),
                           self._write_if_quiet)

    def _remove_closed_dialogs(self) -> None:
        stacked = self.screen_stack
        for screen in self._dialogs:
            if screen not in stacked:
                self.uninstall_screen(screen)
                screen.remove()
        self._dialogs = [s for s in self._dialogs if s in stacked]

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.idle_gc.input()
            # the workers pause (see model/giveway.py) till the screen shows what the key did
            giveway.hold()
            self.call_after_refresh(giveway.release)
        await super().on_event(event)

    def _opened(self, graph: Graph | None = None) -> None:
        """The map is read: show it (or why it cannot be opened)."""
        if self.doc is None:
            self.title = "argmap"
            assert self.loaded is not None
            self.push_screen(ErrorScreen(str(self.path), [str(d) for d in self.loaded.diagnostics]))
            return
        self.refresh_view(graph)
        self.tree.screen.set_focus(self.tree)  # (now, not later: the footer's keys follow it)
        self._offer_recovery()

    def _open_in_background(self) -> None:
        """Read and check a large map in a worker, the loading screen showing
        the file, its size and the seconds so far; then build the tree."""
        self.title = escape_controls(self.path.name)
        try:
            size = self.path.stat().st_size
        except OSError:
            size = 0
        loading = LoadingScreen(self.path.name, size)
        self.push_screen(loading)

        def work() -> None:
            doc, loaded = BackgroundDocument.open(self.path, self._ahead)
            self._ahead = None  # (let go: it held the file's bytes)
            graph = Graph.of(doc.map) if doc is not None else None  # off the UI thread too
            with contextlib.suppress(RuntimeError):  # the app has stopped
                self.call_from_thread(done, doc, loaded, graph)

        def done(doc: BackgroundDocument | None, loaded: Loaded, graph: Graph | None) -> None:
            self.doc, self.loaded = doc, loaded
            self.opening = False
            if self.screen is loading:
                self.pop_screen()
            self._opened(graph)
            if self.screen is not loading and self.focused is self.tree:
                self.query_one(PriorityFooter).update_keys()  # (the map's keys in its first frame)

        # a daemon thread, not a worker: quitting while a large map loads does
        # not wait for the load to finish
        threading.Thread(target=work, name="argmap-open", daemon=True).start()

    def _offer_recovery(self) -> None:
        """Offer unsaved edits a crash left behind (never restoring them silently)."""
        assert self.doc is not None
        rec = self.doc.read_recovery()
        if rec is None:
            return
        if rec.map is None:
            kept = f" It was kept as {rec.kept.name}." if rec.kept else ""
            self.notify(
                escape_controls(f"Unsaved edits could not be recovered: {rec.problem}.{kept}"),
                severity="error", timeout=30, markup=False,
            )
            return
        name = self.path.name
        lines = [f"{rec.path.name} holds edits to {name} that were never saved (argmap stopped before saving)."]
        choices: list[tuple[str, str, str]]
        if not rec.changed_on_disk:
            lines.append(f"Restoring them {rec.edits.describe()}.")
            choices = [("restore", "Restore", "r"), ("copy", "Restore as a copy…", "c"), ("discard", "Discard", "d")]
        else:
            if rec.external is not None:
                lines.append(f"{name} changed on disk since then: {rec.external.describe()}.")
            else:
                lines.append(f"{name} may have changed on disk since then (the recovery does not say what it was based on).")
            lines.append(f"Restoring them as they are, over the file as it is now: {rec.edits.describe()}.")
            choices = []
            if rec.merge is None:
                lines.append("Merging is not available (the version they started from was not kept).")
            elif rec.merge.clean:
                lines.append(
                    "They do not touch the same claims: they can be merged onto the file as it is now "
                    f"({diff_claims(self.doc.map, rec.merge.map).describe()})."
                )
                choices.append(("merge", "Merge onto the file", "m"))
            else:
                shown = "; ".join(f"{c.claim or 'map'}: {c.field}" for c in rec.merge.conflicts[:8])
                lines.append(
                    f"Both changed the same thing ({shown}). Merging keeps your version and records theirs "
                    "in a 'conflict:' annotation on each claim."
                )
                choices.append(("merge", "Merge, marking conflicts", "m"))
            choices += [("copy", "Restore as a copy…", "c"), ("discard", "Discard", "d")]
        self.push_screen(
            ChoiceScreen("Unsaved edits found", Text("\n".join(lines)), choices),
            partial(self._recovery_chosen, rec),
        )

    def _recovery_chosen(self, rec, choice: str | None) -> None:
        assert self.doc is not None
        if choice == "restore":
            self.doc.restore_recovery(rec.map)
            self.notify("Restored the unsaved edits; ctrl+s saves them.")
        elif choice == "merge" and rec.merge is not None:
            self.doc.restore_recovery(rec.merge.map, "merge unsaved edits")
            extra = f" {len(rec.merge.conflicts)} conflict(s) are marked in annotations." if rec.merge.conflicts else ""
            self.notify(f"Merged the unsaved edits onto the file as it is now; ctrl+s saves them.{extra}")
        elif choice == "copy":
            self._recovery_copy(rec)
        elif choice == "discard":
            self.doc.discard()
            self.notify("Discarded the unsaved edits.")
        else:  # escape: keep them aside, never lose them
            kept = self.doc.set_aside_recovery("kept")
            if kept is not None:
                self.notify(escape_controls(f"Kept the unsaved edits in {kept.name} (a map argmap can open)."), markup=False)
        self.refresh_view()

    def _recovery_copy(self, rec) -> None:
        assert self.doc is not None

        def chosen(path: str | None) -> None:
            assert self.doc is not None
            if not path:  # cancelled: ask again
                self._offer_recovery()
                return
            try:
                saved = self.doc.restore_as_copy(rec.map, Path(path))
            except (OSError, ValueError) as e:
                self.notify(escape_controls(f"Could not save: {e}"), severity="error", markup=False)
                self._recovery_copy(rec)
                return
            self.refresh_view()
            self.notify(escape_controls(f"Saved the unsaved edits as {saved}; now editing that copy."), markup=False)

        self.push_screen(
            PromptScreen(
                "Save the unsaved edits as (path)",
                validate=lambda p: f"{p} already exists; choose another name" if Path(p).exists() else
                (None if p else "Give a path."),
                value=str(self.doc.path.with_suffix(".recovered.yaml")),
            ),
            chosen,
        )

    # -- the view -------------------------------------------------------------------------

    @property
    def tree(self) -> MapTree:  # type: ignore[override]  # DOMNode.tree is a debug view; the app's tree is the map
        return self.query_one(MapTree)

    @property
    def selected(self) -> str | None:
        return self.tree.selected_id

    @property
    def busy(self) -> bool:
        """Whether work started by a key (or the opening of the map) is still
        running in the background, or about to (an evaluation waiting for the
        first paint, a search for a pause in the typing)."""
        return self.opening or self.evaluating or self.searching or any(w.is_running for w in self.workers)

    @property
    def small(self) -> bool:
        return self.doc is None or len(self.doc.map.claims) <= self.sync_limit

    @property
    def small_view(self) -> bool:
        """Whether a search or a filter is shown at once (see VIEW_SYNC_LIMIT)."""
        return self.doc is None or len(self.doc.map.claims) <= min(self.sync_limit, VIEW_SYNC_LIMIT)

    def refresh_view(self, graph: Graph | None = None) -> None:
        """Rebuild everything (open, reload, restore): graph (unless given:
        the map's as it is), tree, evaluation."""
        assert self.doc is not None
        m = self.doc.map
        if isinstance(self.doc, BackgroundDocument):
            self.doc.background = not self.small
            self.doc.later = self._when_keys_pause
        if self.whatif is not None and self.whatif not in m.claims:
            self.set_reactive(ArgmapApp.whatif, None)
        self.graph = graph if graph is not None else Graph.of(m)
        self._conclusions = None
        # another map, or the same file read again: what was kept by revision
        # number is stale (a reloaded document counts its revisions from 0 again)
        self._search_texts = SearchTexts()
        self._prep_known.clear()
        self._reading.clear()
        self.evaluation = None if not self.small else self.evaluation
        self.start_evaluation()
        self.show_view()

    # -- evaluation -------------------------------------------------------------------

    def start_evaluation(self, affected: set[str] | None = None, prep_only: bool = False,
                         whatif_only: bool = False) -> None:
        """Evaluate (what-if, prep warnings): at once on a small map, else in a
        worker, the marks of ``affected`` (None: all) pending till it is done.
        ``prep_only``: only the prep warnings changed (the side); ``whatif_only``:
        only the what-if changed (the map's own evaluation and warnings stand).
        The worker starts once the screen is drawn: it would share Python's
        lock with the drawing of what the key changed (the pending marks, the
        first screen's tree)."""
        assert self.doc is not None
        m = self.doc.map
        if (prep_only or whatif_only) and (self.evaluating or self.base_eval is None):
            # the evaluation under way is stale: start again
            prep_only = whatif_only = False
            affected = set() if affected is None else affected
        self._eval_gen += 1
        gen = self._eval_gen
        keep: tuple[Evaluation | None, Evaluation | None, dict[str, Change] | None] = (
            (self.base_eval, self.evaluation, self.changes) if prep_only else (None, None, None)
        )
        warnings = None
        if whatif_only:
            keep, warnings = (self.base_eval, None, None), self.warnings
            if self.whatif is None and self.without_tag is None:  # back to the map as it is: nothing to compute
                assert self.base_eval is not None
                self._evaluated(gen, self.base_eval, self.base_eval, {}, self.warnings)
                return
        if prep_only and self.base_eval is not None and self.evaluation is not None:
            known = self._prep_known.get(self._prep_key())
            if known is not None:  # this side's warnings of this very map: shown at once
                self._evaluated(gen, self.base_eval, self.evaluation, self.changes, known)
                return
            if self._prefetching == self._prep_key():  # on their way (see _prefetch_other_side)
                self.evaluating = True
                self._prefetch_waiting = gen
                self.update_title()
                return
        run = partial(compute, semantics=self.semantics, without_tag=self.without_tag, warnings=warnings)
        if self.small:  # (a worker builds its own graph, of its snapshot of the map)
            self._evaluated(gen, *run(m, self.whatif, self.perspective, self.doc.path.parent, *keep, graph=self.graph))
            return
        args = (self._snapshot(), self.whatif, self.perspective, self.doc.path.parent, *keep)
        self.evaluating = True
        if not prep_only:
            tree = self.tree
            if affected is None:
                tree.pending = set(tree._claim_nodes)
            else:
                tree.pending |= affected
                tree.relabel(affected)
        if not prep_only and affected is None:
            self.tree.relabel(set(self.tree._claim_nodes))

        sources, version, graph, texts = m.sources, self._version(), self.graph, self._search_texts

        def work() -> None:
            result = run(*args)
            ev = result[1]
            self._index_in_worker(result[3])
            try:
                explain = self.call_from_thread(self._evaluated_in_worker, gen, *result)
            except RuntimeError:  # the app has stopped
                return
            # then, while the user reads: the explainer of the new evaluation
            # (claimed above: built even if a newer evaluation comes), each
            # claim's words (after the first time only edited claims) and what
            # a search needs, so that no key waits for them; not when quitting
            if explain:
                self._explain_in_worker(args[0], ev)
            if self._stopping():
                return
            count_all_words(args[0], self._word_counts, sources)
            with contextlib.suppress(RuntimeError):
                self.call_from_thread(self._words_counted)
            if self._stopping():
                return
            texts.of(args[0].claims, version)
            if graph is not None:
                graph.parent_index()

        def start() -> None:
            if gen == self._eval_gen:  # (not superseded meanwhile)
                self.run_worker(work, thread=True, exclusive=True, group="evaluate")

        self.call_after_refresh(start)
        self.update_title()

    def _index_in_worker(self, warnings: list[PrepWarning]) -> None:
        """(In a worker) index ``warnings`` by claim for the detail pane (58,000
        warnings at 100,000 claims: a tenth of a second on the UI thread at a
        side switch)."""
        self._indexed[id(warnings)] = (warnings, by_claim_of(warnings))

    def _evaluated_in_worker(self, gen: int, base: Evaluation, ev: Evaluation, changes: dict[str, Change],
                             warnings: list[PrepWarning]) -> bool:
        """A worker's evaluation is done: show it; whether the worker should
        build its explainer next (it is shown and has none)."""
        explain = gen == self._eval_gen and self._explaining is not ev and self._explainer_of(ev) is None
        if explain:  # the worker builds it next: showing the evaluation does not start another
            self._explaining = ev
        self._evaluated(gen, base, ev, changes, warnings)
        return explain

    def _evaluated(self, gen: int, base: Evaluation, ev: Evaluation, changes: dict[str, Change],
                   warnings: list[PrepWarning]) -> None:
        if gen != self._eval_gen:  # a newer evaluation is on its way
            return
        old_ev, old_changes = self.evaluation, self.changes
        self.base_eval, self.evaluation, self.changes, self.warnings = base, ev, changes, warnings
        key = self._prep_key()
        if key[0] != next(iter(self._prep_known), (None,))[0]:
            self._prep_known.clear()  # another state of the map: the other side's are stale
        self._prep_known[key] = warnings
        self.evaluating = False
        tree = self.tree
        tree.evaluation, tree.changes = ev, changes
        redraw = tree.pending | set(old_changes) | set(changes)
        if old_ev is None:
            redraw = set(tree._claim_nodes)
        elif old_ev is not ev:
            old, new = old_ev.labels, ev.labels
            redraw |= {cid for cid in tree._claim_nodes if old.get(cid) != new.get(cid)}
        tree.pending = set()
        tree.relabel(redraw)
        self.update_title()
        self.show_detail(self.selected)
        callbacks, self._after_eval = self._after_eval, []
        for callback in callbacks:
            callback()

    def _explainer_now(self) -> Explainer | None:
        """The explainer of the current evaluation: built at once on a small
        map; on a large one (0.7 s at 100,000 claims) in a worker (the
        evaluation's own, right after it, or one of its own), the detail pane
        drawn again when it is ready (None meanwhile)."""
        assert self.doc is not None and self.evaluation is not None
        ev = self.evaluation
        known = self._explainer_of(ev)
        if known is not None:
            return known
        if self.small:
            return self._keep_explainer(Explainer(self.doc.map, ev))
        if self._explaining is ev:  # on its way
            return None
        self._explaining = ev
        m = self._snapshot()

        self.run_worker(partial(self._explain_in_worker, m, ev), thread=True, exclusive=True, group="explain")
        return None

    def _explain_in_worker(self, m: ArgMap, ev: Evaluation) -> None:
        """(In a worker) build the explainer of ``ev`` and hand it to the app."""
        made = Explainer(m, ev).prepare()
        with contextlib.suppress(RuntimeError):  # the app has stopped
            self.call_from_thread(self._explained, ev, made)

    def _stopping(self) -> bool:
        """(In a worker) whether the app is quitting: what is left is not worth the wait."""
        return self._exit or not self.is_running

    def _words_counted(self) -> None:
        if self._reading_waits:
            self.show_detail(self.selected)

    def _explainer_of(self, ev: Evaluation) -> Explainer | None:
        """The explainer kept for ``ev``, if any."""
        known = self._explainers.get(id(ev))
        return known if known is not None and known.ev is ev else None

    def _keep_explainer(self, made: Explainer) -> Explainer:
        """Keep ``made``, and the explainers of the map's own evaluation and of
        the shown one (a what-if turned off finds the map's at once)."""
        wanted = (self.base_eval, self.evaluation, made.ev)
        self._explainers = {k: e for k, e in self._explainers.items() if any(e.ev is w for w in wanted)}
        self._explainers[id(made.ev)] = made
        return made

    def _explained(self, ev: Evaluation, made: Explainer) -> None:
        """An explainer built in a worker is ready: the detail pane shows its line."""
        if self._explaining is ev:
            self._explaining = None
        if self.evaluation is ev or self.base_eval is ev:
            self._keep_explainer(made)
        if self.evaluation is ev:
            self.show_detail(self.selected)
        waiting, self._when_explained = self._when_explained, []
        for callback in waiting:
            callback()

    def _snapshot(self) -> ArgMap:
        """The map as it is now, for a worker (edits replace claims, so a copy of the dicts is enough)."""
        assert self.doc is not None
        m = self.doc.map
        return m.model_copy(update={"claims": dict(m.claims), "sources": dict(m.sources)})

    def _version(self) -> tuple[object, int]:
        """The map's state: its history (a document opened again has another)
        and the revision in it."""
        assert self.doc is not None
        return (self.doc.history, self.doc.revision)

    def _prep_key(self) -> tuple[int, Side, Semantics]:
        """What prep warnings depend on: the map's state, the side and the semantics."""
        assert self.doc is not None
        return (self.doc.revision, self.perspective, self.semantics)

    # -- filter and search ------------------------------------------------------------

    def show_view(self) -> None:
        """Build the tree for the current filter and search, at once."""
        assert self.doc is not None and self.graph is not None
        self._view_gen += 1
        self.searching = False
        self._shown(self._view_gen, *matching(self.doc.map.claims, self.graph, self.view, self.query_text,
                                                     self._search_texts, self._version()))

    def start_view(self) -> None:
        """Filter or search: at once on a small map, else in a worker (a newer
        keystroke or filter supersedes an older one)."""
        assert self.doc is not None and self.graph is not None
        if self.small_view:
            self.show_view()
            return
        self._view_gen += 1
        gen = self._view_gen
        args = (dict(self.doc.map.claims), self.graph, self.view, self.query_text, self._search_texts,
                self._version())
        self.searching = True
        self.update_title()

        def work() -> None:
            result = matching(*args)
            with contextlib.suppress(RuntimeError):  # the app has stopped
                self.call_from_thread(self._shown, gen, *result)

        def start() -> None:  # once "searching…" is drawn (see start_evaluation)
            if gen == self._view_gen:  # (not superseded meanwhile)
                self.run_worker(work, thread=True, exclusive=True, group="view")

        self.call_after_refresh(start)

    def _shown(self, gen: int, shown: set[str] | None, visible: set[str] | None, ordered: list[str]) -> None:
        if gen != self._view_gen:  # a newer search or filter is on its way
            return
        assert self.doc is not None and self.graph is not None
        self.searching = False
        m = self.doc.map
        tree = self.tree
        expanded = None
        if visible is not None and self._unfiltered is None and tree.shown_ids is None:
            # leaving the whole tree: remember how it looked
            cursor = tree._path(tree.cursor_node) if tree.cursor_node is not None else None
            self._unfiltered = (tree._expanded_paths(), cursor)
        elif visible is None and self._unfiltered is not None:
            expanded = self._unfiltered[0]
            self._unfiltered = None
        tree.load(m, self.graph, visible, highlight=shown or set(), evaluation=self.evaluation,
                  changes=self.changes, expanded=expanded)
        self.matches = ordered if self.query_text else []
        self.match_index = -1
        self.update_title()
        self.show_detail(self.selected)
        if self._next_wanted:  # enter came while this search was on its way
            self._next_wanted = False
            if self.query_text:
                self._search_next()

    def update_title(self) -> None:
        assert self.doc is not None
        # the marker leads, so a narrow terminal still shows it
        self.title = ("● " if self.doc.dirty else "") + escape_controls(self.doc.map.title)
        self.sub_title = escape_controls(self.doc.path.name) + (" (unsaved)" if self.doc.dirty else "")
        status = Text(no_wrap=True, overflow="ellipsis")
        if self.whatif is not None:
            status.append(f"what-if without '{self.whatif}' (w: back)  ", style="bold magenta")
        elif self.without_tag is not None:
            status.append(f"what-if without tag {one_line(self.without_tag)} (w: back)  ", style="bold magenta")
        if self.semantics is not Semantics.GROUNDED:
            status.append(f"semantics: {self.semantics.value}  ", style="bold cyan")
        if not self.view.everything:
            status.append("view: " + self.view.describe() + "  ")
        if self.query_text:
            found = "searching…" if self.searching else f"{len(self.matches)} match(es)"
            status.append(f"search '{one_line(self.query_text)}': {found}  ")
        ev = self.evaluation
        if self._conclusions is None:
            self._conclusions = [cid for cid, c in self.doc.map.claims.items() if c.kind is Kind.CONCLUSION]
        conclusions = self._conclusions
        each, summary = Text(), Text()
        # each conclusion takes at least 9 cells ("id ✓0.50  "): spelled out
        # only when they may fit (500 would take 50 ms to write, then give way to the summary)
        spelled = len(conclusions) * 9 <= self.size.width
        if self.evaluating:
            each.append("evaluating…  ", style="dim")
            summary = each
        elif ev is not None and conclusions:
            labels = ev.labels
            stand = sum(labels.get(cid) is Label.IN for cid in conclusions)
            for cid in conclusions if spelled else ():
                state = labels.get(cid)
                if state is None:
                    continue
                symbol, style = LABEL_STYLE[state.value]
                each.append(f"{cid} ")
                each.append(f"{symbol}{ev.strengths[cid]:.2f}", style=style)
                each.append("  ")
            summary.append(f"{stand} of {len(conclusions)} conclusion{'' if len(conclusions) == 1 else 's'} stand")
            summary.append(" · " if self.warnings else "  ")
        tail = Text()
        if self.warnings:
            n = len(self.warnings)
            tail.append(f"⚠ {n} prep warning{'' if n == 1 else 's'} (!)", style="yellow")
        width = (self.query_one("#status", Static).content_size.width or self.size.width - 2)
        fits = spelled and status.cell_len + each.cell_len + tail.cell_len <= width
        status.append_text(each if fits else summary)
        status.append_text(tail)
        self.query_one("#status", Static).update(status, layout=False)  # one row, docked: never resized

    def show_detail(self, cid: str | None) -> None:
        self.selected_claim = cid

    def _cursor_on(self, cid: str | None) -> None:
        """The tree's cursor moved to ``cid``: show it (unless it is shown: a
        search, a filter or a jump that moves the cursor has shown it already)."""
        if cid != self._detail_of:
            self.show_detail(cid)

    def watch_selected_claim(self, cid: str | None) -> None:
        try:
            detail = self.query_one("#detail", TextPane)
            links = self.query_one("#links", LineList)
        except NoMatches:  # the app is closing: a highlight came after the widgets went
            return
        # the same claim drawn again (its evaluation came, a note was added) keeps the pane's scroll
        same, self._detail_of = self._detail_of == cid, cid
        if cid is None or self.doc is None or cid not in self.doc.map.claims:
            detail.update(Text("No claim selected.", style="dim"))
            self._links = []
            links.reset(0)
            return
        assert self.graph is not None
        m = self.doc.map
        withdrawn = self.evaluation is not None and cid not in self.evaluation.labels
        if self._warnings_of[0] is not self.warnings:  # index them by claim once per evaluation
            known = self._indexed.get(id(self.warnings))  # (by the worker that found them)
            by_claim = known[1] if known is not None and known[0] is self.warnings else by_claim_of(self.warnings)
            self._warnings_of = (self.warnings, by_claim)
            # those of earlier states of the map go (one on its way that goes is indexed here)
            if len(self._indexed) > 4:
                kept = (self.warnings, *self._prep_known.values())
                self._indexed = {k: v for k, v in list(self._indexed.items()) if any(v[0] is ws for ws in kept)}
        mine = [] if withdrawn else self._warnings_of[1].get(cid, [])
        why = None
        if self.evaluation is not None and not self.evaluating:
            explainer = self._explainer_now()
            why = explainer(cid).one_line() if explainer is not None else None
        shown = Detail.render(m, self.graph, cid, self.evaluation, mine, self.changes.get(cid), why)
        # the subtree's reading time, once per claim and state of the map (a root's subtree is large)
        key = (self.doc.revision, cid)
        reading = self._reading.get(key)
        self._reading_waits = False
        if reading is None:
            if next(iter(self._reading), key)[0] != key[0]:
                self._reading.clear()
            if self.small:
                reading = self._reading[key] = reading_line(m, cid, self.graph, counts=self._word_counts)
            elif (words := counted_subtree_words(m, cid, self.graph, self._word_counts)) is not None:
                reading = self._reading[key] = words_line(words)
            else:  # the words are being counted in the background (see start_evaluation)
                reading = Text("\n≈ … to read (counting the words)\n", style="dim")
                self._reading_waits = True
        detail.update(shown.append_text(reading), keep_scroll=same)
        links_now = Detail.links(m, self.graph, cid)
        same_links, self._links = same and links_now == self._links, links_now
        links.reset(len(links_now), keep=same_links)  # (a redraw of the same claim keeps the list's cursor)

    def _link_line(self, i: int) -> Text:
        """Row ``i`` of the related claims (drawn as it scrolls into view)."""
        heading, other = self._links[i]
        prompt = Text(no_wrap=True, overflow="ellipsis")
        links = self.query_one("#links", LineList)
        if links.size.width and links.scrollable_content_region.width < NARROW_LINKS:
            # a narrow pane: the tree's marks of the relation, so that the claim's id shows
            above = not heading.endswith(" by") and not heading.startswith("undercut by")
            rel = Relation.SUPPORT if "support" in heading else Relation.ATTACK if "attack" in heading \
                else Relation.UNDERCUT
            symbol, style = RELATION_STYLE[rel]
            prompt.append(("↑" if above else "") + symbol + " ", style=style)
        else:
            prompt.append(f"{heading} ", style="dim")
        prompt.append(other, style="bold")
        if self.doc is not None and other in self.doc.map.claims:
            prompt.append("  " + one_line(self.doc.map.claims[other].text))
        return prompt

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[NodeData]) -> None:
        # (the map's tree shows its claim at once, see MapTree.on_cursor: a
        # highlight comes after it, and is stale if the cursor moved on)
        if event.node is event.control.cursor_node:
            data = event.node.data
            self._cursor_on(data.cid if data is not None else None)

    @on(LineList.Selected, "#links")
    def _link(self, event: LineList.Selected) -> None:
        self.action_select_claim(self._links[event.index][1])

    def action_select_claim(self, cid: str) -> None:
        """Select and reveal ``cid`` (clearing a filter that hides it)."""
        if self.doc is None or cid not in self.doc.map.claims:
            return
        if not self.tree.reveal(cid):
            self.set_reactive(ArgmapApp.view, View())
            self.set_reactive(ArgmapApp.query_text, "")
            self._hide_search()
            self.show_view()
            self.tree.reveal(cid)
        self.tree.focus()
        self.show_detail(cid)

    # -- edits ------------------------------------------------------------------------------

    def _need_selection(self) -> str | None:
        if self.doc is None:
            return None
        cid = self.selected
        if cid is None:
            self.notify("Select a claim first.", severity="warning", markup=False)
        return cid

    def _quote(self, f: ClaimFields) -> Quote | None:
        """The form's quote, or raise OpError saying what is wrong with it."""
        assert self.doc is not None
        if not f.quote.strip():
            if f.source or f.locator:
                raise OpError("Give the quote's text, or leave source and locator empty.")
            return None
        return make_quote(self.doc.map, f.quote, f.source, f.locator)

    def _apply(self, op, message: str | None = None, select: str | None = None) -> None:
        assert self.doc is not None
        before = dict(self.doc.map.claims)
        self.doc.apply(op)
        self._edited(before)
        if select:
            self.action_select_claim(select)
        if message:
            self.notify(escape_controls(message), markup=False)

    def action_add(self, kind: str) -> None:
        target = self._need_selection()
        if target is None:
            return
        k = Kind(kind)

        def submit(f: ClaimFields) -> str | None:
            return self._add_claim(k, target, f)

        assert self.doc is not None
        self.push_screen(ClaimForm(f"{ADD_TITLES[k]} '{target}'", submit, list(self.doc.map.sources),
                                   pick=self._pick_quote, check=self._check_quote))

    def _add_claim(self, k: Kind, target: str, f: ClaimFields) -> str | None:
        """Add a claim of kind ``k`` arguing about ``target`` from a form's fields; an error, or None."""
        assert self.doc is not None
        try:
            if target not in self.doc.map.claims:
                raise OpError(f"No claim '{target}'{did_you_mean(target, self.doc.map.claims)}.")
            quote = self._quote(f)
            supporting = k in (Kind.PREMISE, Kind.EVIDENCE)
            op, new_id = add_claim(
                self.doc.map, k, f.text, quote=quote, tags=list(f.tags) or None,
                supports=[target] if supporting else None, attacks=None if supporting else [target],
            )
            self._apply(op, f"Added {k.value} '{new_id}'.", select=new_id)
        except OpError as e:
            return str(e)
        return None

    def action_source(self) -> None:
        """The source pane (tui/source.py) for the selected claim's source."""
        from .source import open_source

        open_source(self)

    def _pick_quote(self, f: ClaimFields, then: Callable[[tuple[str, str, str] | None], None]) -> None:
        from .source import open_source

        open_source(self, f, then)

    def _check_quote(self, f: ClaimFields) -> str | None:
        from .source import check_quote

        return check_quote(self, f)

    def action_note(self) -> None:
        target = self._need_selection()
        if target is None:
            return

        def submit(f: ClaimFields) -> str | None:
            assert self.doc is not None
            try:
                self._apply(note(self.doc.map, target, f.text, by=f.by or None, at=utc_now()), f"Noted on '{target}'.")
            except OpError as e:
                return str(e)
            return None

        self.push_screen(NoteForm(f"Note on '{target}'", submit))

    def action_edit(self) -> None:
        cid = self._need_selection()
        if cid is None:
            return
        assert self.doc is not None
        c = self.doc.map.claims[cid]
        initial = ClaimFields(
            text=c.text,
            quote=c.quote.text if c.quote else "",
            source=c.quote.source if c.quote else "",
            locator=(c.quote.locator or "") if c.quote else "",
            tags=tuple(c.tags),
            kind=c.kind,
            strength=f"{c.strength:g}" if "strength" in c.model_fields_set else "",
        )

        def submit(f: ClaimFields) -> str | None:
            assert self.doc is not None
            old = self.doc.map.claims[cid]
            try:
                quote = self._quote(f)
                data = old.model_dump(by_alias=True, exclude={"text", "kind", "tags", "strength", "quote"})
                data |= {"text": f.text, "kind": f.kind or old.kind, "tags": list(f.tags), "quote": quote}
                if f.strength.strip():
                    try:
                        data["strength"] = float(f.strength)
                    except ValueError:
                        return f"strength: expected a number from 0 to 1, got '{f.strength}'"
                self._apply(replace_claim(self.doc.map, cid, claim_from(data, cid)), f"Edited '{cid}'.")
            except OpError as e:
                return str(e)
            return None

        self.push_screen(ClaimForm(f"Edit '{cid}'", submit, list(self.doc.map.sources), initial, edit=True,
                                   pick=self._pick_quote, check=self._check_quote))

    def action_delete(self) -> None:
        cid = self._need_selection()
        if cid is None:
            return
        assert self.doc is not None and self.graph is not None
        plan = deletion_plan(self.doc.map, cid)
        refs = [(o, f) for o, f in self.graph.references_to(cid) if o not in plan]
        msg = Text()
        msg.append(f"Delete '{cid}': ", style="bold")
        msg.append(one_line(self.doc.map.claims[cid].text) + "\n")
        if len(plan) > 1:
            msg.append("\nAlso deleted, as they argue only about it:\n", style="bold")
            for other in plan[1:]:
                msg.append(f"  {other}: {one_line(self.doc.map.claims[other].text)[:70]}\n")
        if refs:
            msg.append("\nReferences removed from:\n", style="bold")
            for other, field in refs:
                msg.append(f"  {other} ({field})\n")
        msg.append("\nctrl+z undoes this.", style="dim")

        def chosen(choice: str | None) -> None:
            if choice == "delete" and self.doc is not None:
                try:
                    self._apply(delete_claim(self.doc.map, cid), f"Deleted '{cid}'" + (f" and {len(plan) - 1} more." if len(plan) > 1 else "."))
                except OpError as e:
                    self.notify(escape_controls(str(e)), severity="error", markup=False)

        self.push_screen(ChoiceScreen("Delete claim?", msg, [("delete", "Delete", "y"), ("cancel", "Cancel", "n")]), chosen)

    def _edited(self, before: dict[str, Claim]) -> None:
        """Show an edit: only the rows it changes are drawn again; the marks
        it may change are evaluated again (in a worker on a large map)."""
        assert self.doc is not None and self.graph is not None
        m = self.doc.map
        claims = m.claims
        if self.whatif is not None and self.whatif not in claims:
            self.set_reactive(ArgmapApp.whatif, None)
        ids = self.doc.history.touched  # the edit's claims (None: it may have changed any)
        if ids is None:
            changed = {cid for cid in before.keys() | claims.keys() if before.get(cid) is not claims.get(cid)}
        else:
            changed = {cid for cid in ids if before.get(cid) is not claims.get(cid)}
        if self.tree.edited:  # the changes view is on: its marks follow the edit
            base = (self.doc._base if self.since is None else self.since[1]).claims
            for cid in changed:
                if cid in claims and base.get(cid) != claims[cid]:
                    self.tree.edited.add(cid)
                else:
                    self.tree.edited.discard(cid)
        if len(changed) > 200:  # a whole map restored or reloaded
            self.refresh_view()
            return

        def rel(c: Claim | None) -> object:
            return None if c is None else (c.supports, c.attacks, c.undercuts)

        structural = any(rel(before.get(cid)) != rel(claims.get(cid)) for cid in changed)
        neutral = not structural and all(
            (o := before[cid]).kind == (n := claims[cid]).kind and o.strength == n.strength and o.quote == n.quote
            for cid in changed
        )
        if structural:
            self.graph = Graph.of(m)
        if not neutral:
            self._conclusions = None  # a kind may have changed
        if not self.view.everything or self.query_text:
            if not neutral:
                self.start_evaluation(downstream(claims, changed))
            self.show_view()
            return
        old_parents = None
        if structural:
            old_parents = {p for cid in changed if (old := before.get(cid)) is not None
                           for p in (*old.supports, *old.attacks, *(u.from_ for u in old.undercuts))}
        self.tree.update_claims(m, self.graph, changed, old_parents)
        if not neutral:
            self.start_evaluation(downstream(claims, changed) | downstream(before, changed))
        self.update_title()
        self.show_detail(self.selected)

    def action_undo(self) -> None:
        if self.doc is None:
            return
        before = dict(self.doc.map.claims)
        label = self.doc.undo()
        if label is None:
            self.notify("Nothing to undo.", markup=False)
        else:
            self._edited(before)
            self.notify(escape_controls(f"Undid: {label}"), markup=False)

    def action_redo(self) -> None:
        if self.doc is None:
            return
        before = dict(self.doc.map.claims)
        label = self.doc.redo()
        if label is None:
            self.notify("Nothing to redo.", markup=False)
        else:
            self._edited(before)
            self.notify(escape_controls(f"Redid: {label}"), markup=False)

    # -- navigation -------------------------------------------------------------------------

    def action_goto(self) -> None:
        if self.doc is None:
            return
        ids = list(self.doc.map.claims)

        def validate(value: str) -> str | None:
            if value in ids:
                return None
            return f"No claim '{value}'{did_you_mean(value, ids)}."

        def chosen(cid: str | None) -> None:
            if cid:
                self.action_select_claim(cid)

        self.push_screen(PromptScreen("Go to claim (id; → completes)", ids, validate), chosen)

    def action_search(self) -> None:
        if self.doc is None:
            return
        search = self.query_one("#search", Input)
        search.display = True
        search.focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value.strip()

    def watch_query_text(self) -> None:
        if self.doc is None or self.graph is None:
            return
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        if self.small_view:
            self.show_view()
            return
        # typing: wait for a pause before searching (a newer keystroke restarts the wait)
        self._view_gen += 1  # what an older search finds is stale now
        self.searching = True
        self.update_title()
        self._search_timer = self.set_timer(SEARCH_DELAY, self.start_view)

    @on(Input.Submitted, "#search")
    def _search_next(self, event: Input.Submitted | None = None) -> None:
        if self.searching and self.query_text:  # (typed, not found yet: the next match once it is)
            self._next_wanted = True
            return
        if not self.matches:
            self.notify("No match.", severity="warning", markup=False)
            return
        self.match_index = (self.match_index + 1) % len(self.matches)
        self.tree.reveal(self.matches[self.match_index])
        self.show_detail(self.matches[self.match_index])

    def _hide_search(self) -> None:
        search = self.query_one("#search", Input)
        search.value = ""
        search.display = False

    def action_clear_search(self) -> None:
        if self.query_text or self.query_one("#search", Input).display:
            keep = self.selected
            self._next_wanted = False
            self.set_reactive(ArgmapApp.query_text, "")
            self._hide_search()
            if self._search_timer is not None:
                self._search_timer.stop()
                self._search_timer = None
            self.show_view()
            if keep is not None:
                self.tree.reveal(keep)  # stay on the claim the search led to
                self.show_detail(keep)
            self.tree.focus()

    def action_filter(self) -> None:
        if self.doc is None:
            return
        m = self.doc.map

        def chosen(view: str | None) -> None:
            if view:
                self.view = View.of(view)
                self.tree.focus()

        self.push_screen(FilterScreen(all_tags(m), len(unanswered_counterpoints(m, self.graph)), self.view.id), chosen)

    def watch_view(self) -> None:
        if self.doc is not None and self.graph is not None:
            self.start_view()

    def watch_whatif(self, old: str | None, new: str | None) -> None:
        if self.doc is not None and self.graph is not None:
            self.start_evaluation(downstream(self.doc.map.claims, [c for c in (old, new) if c is not None]),
                                  whatif_only=True)

    def watch_perspective(self) -> None:
        if self.doc is not None and self.graph is not None:
            self.start_evaluation(prep_only=True)

    def watch_without_tag(self) -> None:
        if self.doc is not None and self.graph is not None:
            self.start_evaluation(whatif_only=True)

    def watch_semantics(self) -> None:
        if self.doc is not None and self.graph is not None:
            self.start_evaluation()

    def action_semantics(self) -> None:
        """Switch between grounded and preference-based semantics."""
        other = Semantics.PREFERENCE if self.semantics is Semantics.GROUNDED else Semantics.GROUNDED
        self.semantics = other
        self.notify(f"Semantics: {other.description}.", markup=False)

    def action_whatif(self) -> None:
        if self.doc is None:
            return
        assert self.doc is not None
        if self.whatif is not None or self.without_tag is not None:
            if self.whatif is not None:
                self.whatif = None
            else:
                self.without_tag = None
            self.notify("What-if off: the map as it is.", markup=False)
            return
        m = self.doc.map
        keys = {"needs-check": "n", "rhetoric": "r", "implicit": "i"}
        choices = [("claim", "The selected claim", "s")] if self.selected is not None else []
        choices += [(f"tag-{t}", f"Without tag {t}", keys.get(t, t[:1])) for t in CAVEATS if tagged(m, [t])]
        if not choices:
            self._need_selection()
            return
        if len(choices) == 1 and choices[0][0] == "claim":
            self._whatif_claim()
            return

        def chosen(choice: str | None) -> None:
            if choice == "claim":
                self._whatif_claim()
            elif choice is not None and choice.startswith("tag-"):
                tag = choice[4:]

                def tell() -> None:
                    if self.without_tag == tag:
                        n = len(tagged(m, [tag]))
                        self.notify(escape_controls(f"What-if without the {n} claim(s) tagged {tag}: "
                                                    f"{len(self.changes) - n} other claim(s) change (Δ in the tree)."), markup=False)

                self._after_eval.append(tell)
                self.without_tag = tag

        self.push_screen(ChoiceScreen("What-if: evaluate as if withdrawn", Text(f"Withdraw the selected claim ({escape_controls(self.selected or 'none')}), or every claim with a caveat tag?"),
                                      [*choices, ("cancel", "Cancel", "escape")]), chosen)

    def _whatif_claim(self) -> None:
        cid = self._need_selection()
        if cid is None:
            return

        def tell() -> None:
            if self.whatif == cid:
                self.notify(escape_controls(f"What-if without '{cid}': {len(self.changes) - 1} other claim(s) change (Δ in the tree)."), markup=False)

        self._after_eval.append(tell)
        self.whatif = cid

    def action_why(self) -> None:
        cid = self._need_selection()
        if cid is None or self.doc is None:
            return
        if self.evaluation is None or self.evaluating:
            self.notify("Still evaluating: try again in a moment.", severity="warning", markup=False)
            return
        told = bool(self._when_explained)
        if not self._why(cid) and not told:
            self.notify("Preparing the explanations…", timeout=3, markup=False)

    def _why(self, cid: str) -> bool:
        """Open the explanation of ``cid``; False when a large map's
        explainer is still being built in a worker (it opens when ready)."""
        if self.doc is None or cid not in self.doc.map.claims or self.evaluation is None:
            return True
        explainer = self._explainer_now()
        if explainer is None:
            self._when_explained = [partial(self._why, cid)]
            return False
        from .explain import ExplainScreen

        def chosen(other: str | None) -> None:
            if other:
                self.action_select_claim(other)

        self.push_screen(ExplainScreen(self.doc.map, explainer(cid, top=5)), chosen)
        return True

    def action_changes(self) -> None:
        if self.doc is None:
            return
        from .changes import ChangesScreen, changes_since_save

        tree = self.tree
        if tree.edited:
            old, tree.edited = tree.edited, set()
            tree.relabel(old)
            self.notify("Changes view off.", markup=False)
            return
        d = changes_since_save(self.doc, self.semantics, None if self.since is None else self.since[1])

        def chosen(other: str | None) -> None:
            tree.edited = set(d.changed_ids)  # marked once the list is closed (the tree is behind it)
            tree.relabel(set(tree.edited))
            if other:
                self.action_select_claim(other)

        what = "since the last save" if self.since is None else f"since {escape_controls(self.since[0])}"
        self.push_screen(ChangesScreen(self.doc.map, d, what), chosen)

    def action_prep(self) -> None:
        if self.doc is None:
            return

        def chosen(result: PrepResult | None) -> None:
            if result is not None and result.claim:
                self.action_select_claim(result.claim)

        screen = PrepScreen(self.warnings, self.perspective.value, self._switch_side, finding=self.evaluating)
        if self.evaluating:  # (this side's are being found: closed while switching, say): shown once found
            self._after_eval.append(partial(self._show_prep, screen))
        self.push_screen(screen, chosen)
        self._prefetch_other_side()

    def _show_prep(self, screen: PrepScreen) -> None:
        if screen in self.screen_stack:  # (not closed meanwhile)
            screen.show(self.warnings, self.perspective.value)
            self._prefetch_other_side()

    def _switch_side(self, screen: PrepScreen) -> None:
        """s in the prep view: the other side's warnings, in the same view
        (at once when known, else once found)."""
        other = Side.CON if self.perspective is Side.PRO else Side.PRO
        screen.finding(other.value)
        self._after_eval.append(partial(self._show_prep, screen))
        self.perspective = other

    def _prefetch_other_side(self) -> None:
        """On a large map, find the other side's prep warnings in a worker
        while the prep view is read, so that switching sides (s) shows them at once."""
        if self.doc is None or self.small or self.evaluating or self.base_eval is None:
            return
        other = Side.CON if self.perspective is Side.PRO else Side.PRO
        key = (self.doc.revision, other, self.semantics)
        if key in self._prep_known or self._prefetching == key:
            return
        base, graph, m = self.base_eval, self.graph, self._snapshot()
        base_dir = self.doc.path.parent

        def work() -> None:
            warnings = compute(m, None, other, base_dir, base, base, {}, semantics=key[2], graph=graph)[3]
            self._index_in_worker(warnings)
            with contextlib.suppress(RuntimeError):  # the app has stopped
                self.call_from_thread(done, warnings)

        def done(warnings: list[PrepWarning]) -> None:
            if self._prefetching == key:
                self._prefetching = None
            waiting, self._prefetch_waiting = self._prefetch_waiting, None
            # kept if the map, its evaluation and the semantics are still those it was found for
            if self.doc is None or self._prep_key()[0] != key[0] or self.base_eval is not base \
                    or self.semantics is not key[2]:
                if waiting == self._eval_gen:  # a switch waited for them: evaluate after all
                    self.start_evaluation(prep_only=True)
                return
            self._prep_known[key] = warnings
            if waiting == self._eval_gen and self.evaluation is not None and self._prep_key() == key:
                self._evaluated(waiting, base, self.evaluation, self.changes, warnings)

        self._prefetching = key
        self.run_worker(work, thread=True, exclusive=True, group="prep-other")

    def action_export(self) -> None:
        if self.doc is None:
            return
        doc = self.doc

        def run(req: ExportRequest) -> str | None:
            import os

            from ..export.diagram import DotFailed, DotMissing, Options
            from ..export.outputs import export_bytes
            from ..io import write_atomic

            if not req.path:
                return "Give a file to write to."
            target = Path(req.path)
            if not target.is_absolute():
                target = doc.path.parent / target
            if target.exists() and os.path.samefile(target, doc.path):
                return "That is the map itself: choose another file."
            depth = None
            if req.depth:
                try:
                    depth = int(req.depth)
                except ValueError:
                    depth = -1
                if depth < 0:
                    return f"Depth must be a whole number, 0 or more, not '{req.depth}'."
            root = self.selected if req.subtree else None
            left_out: list[str] = []
            try:
                data = export_bytes(
                    doc.map, req.fmt, Options(root=root, depth=depth if root else None),
                    ev=self.base_eval, sources=load_sources(doc.map, doc.path.parent), warn=left_out.append,
                )
                write_atomic(target, data)
            except (DotMissing, DotFailed) as e:
                return str(e)
            except OSError as e:
                return f"Could not write {target}: {e.strerror or e}"
            # run in the export screen's worker thread
            self.call_from_thread(self.notify, escape_controls(f"Wrote {target}" + (f" ({left_out[0]})" if left_out else "")), markup=False)
            return None

        self.push_screen(ExportScreen(escape_controls(doc.path.stem), self.selected, run))

    def action_card(self) -> None:
        cid = self._need_selection()
        if cid is None or self.doc is None:
            return
        k = card(self.doc.map, cid)
        if not k.is_evidence:
            self.notify(escape_controls(not_a_card(cid)), severity="warning", markup=False)
            return
        self.copy_to_clipboard(k.text())
        self.push_screen(CardScreen(k))
        self.notify(escape_controls(f"Copied the card of {cid} to the clipboard."), markup=False)

    def action_flow(self) -> None:
        if self.doc is None:
            return
        if self.evaluation is None:
            self.notify("Still evaluating: try again in a moment.", markup=False)
            return

        def chosen(cid: str | None) -> None:
            if cid:
                self.action_select_claim(cid)

        if self.small:
            self.push_screen(FlowScreen(self.doc.map, self.evaluation, self.selected), chosen)
            return
        # a large map's flow takes a second or more to build: in a worker, on a snapshot
        m, ev, selected, revision = self._snapshot(), self.evaluation, self.selected, self.doc.revision
        self.notify("Building the flow sheet…", markup=False, timeout=2)

        def work() -> None:
            made = flow(m, ev)
            with contextlib.suppress(RuntimeError):  # the app has stopped
                self.call_from_thread(show, made)

        def show(made: Flow) -> None:
            if self.doc is not None and self.doc.revision == revision:  # else an edit came meanwhile: stale
                self.push_screen(FlowScreen(m, ev, selected, made=made), chosen)

        self.run_worker(work, thread=True, exclusive=True, group="flow")

    def action_help(self) -> None:
        keys = [
            ("↑ ↓ ← →", "move; → expands, ← collapses; enter selects"),
            ("tab", "move between the tree and the list of related claims (enter jumps)"),
        ]
        keys += [(a.shown, a.help) for a in ACTIONS]
        keys.append(("ctrl+p", "command palette: every action, semantics, go to any claim, themes"))
        self.push_screen(HelpScreen(keys))

    # -- files ----------------------------------------------------------------------------

    def action_save(self, then_quit: bool = False, drop_comments: bool = False) -> None:
        if self.doc is None:
            return
        try:
            path = self.doc.save(drop_comments=drop_comments)
        except CommentsWouldBeDropped as e:

            def chosen(choice: str | None) -> None:
                if choice == "save":
                    self.action_save(then_quit, drop_comments=True)

            self.push_screen(
                ChoiceScreen(
                    "Comments will be dropped",
                    f"{e}; notes belong in annotations (n). Save anyway?",
                    [("save", "Save", "s"), ("cancel", "Cancel", "c")],
                ),
                chosen,
            )
            return
        except ChangedOnDisk:
            self._changed_on_disk(then_quit)
            return
        except OSError as e:
            self.notify(escape_controls(f"Could not save: {e.strerror or e}"), severity="error", markup=False)
            return
        self.update_title()
        self.notify(escape_controls(f"Saved {path.name}."), markup=False)
        if then_quit:
            self.exit()

    def _changed_on_disk(self, then_quit: bool) -> None:
        def chosen(choice: str | None) -> None:
            assert self.doc is not None
            if choice == "reload":
                loaded = self.doc.reload()
                if loaded.ok:
                    self.refresh_view()
                    self.notify(escape_controls(f"Reloaded {self.doc.path.name}; your edits were dropped."), markup=False)
                else:
                    self.notify(escape_controls("The file on disk has errors:\n" + "\n".join(map(str, loaded.errors[:5]))), severity="error", markup=False)
            elif choice == "saveas":
                self.push_screen(
                    PromptScreen(
                        "Save as (path)",
                        validate=lambda p: f"{p} already exists; choose another name" if Path(p).exists() else
                        (None if p else "Give a path."),
                        value=str(self.doc.path.with_suffix(".mine.yaml")),
                    ),
                    save_as,
                )

        def save_as(path: str | None) -> None:
            assert self.doc is not None
            if not path:
                return
            try:
                saved = self.doc.save(Path(path))
            except (OSError, ChangedOnDisk) as e:  # FileExistsError is an OSError
                self.notify(escape_controls(f"Could not save: {e}"), severity="error", markup=False)
                return
            self.update_title()
            self.notify(escape_controls(f"Saved as {saved}."), markup=False)
            if then_quit:
                self.exit()

        assert self.doc is not None
        self.push_screen(
            ChoiceScreen(
                "Changed on disk",
                f"{self.doc.path.name} changed on disk since it was opened. Saving would overwrite "
                "those changes. Reload it (dropping your edits here) or save your version elsewhere?",
                [("saveas", "Save as…", "a"), ("reload", "Reload", "r"), ("cancel", "Cancel", "c")],
            ),
            chosen,
        )

    async def action_quit(self) -> None:
        if self.doc is None or not self.doc.dirty:
            self.exit()
            return

        def chosen(choice: str | None) -> None:
            assert self.doc is not None
            if choice == "save":
                self.action_save(then_quit=True)
            elif choice == "discard":
                self.doc.discard()
                self.exit()

        self.push_screen(
            ChoiceScreen(
                "Unsaved edits",
                f"{self.doc.path.name} has unsaved edits.",
                [("save", "Save", "s"), ("discard", "Discard", "d"), ("cancel", "Cancel", "c")],
            ),
            chosen,
        )

    # -- command palette --------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for a in ACTIONS:
            if a.action != "quit":  # Textual's own Quit command runs our action_quit
                yield SystemCommand(a.help.split(" (")[0].split(";")[0], f"key: {a.shown}", partial(self.run_action, a.action))
        other = "preference" if self.semantics is Semantics.GROUNDED else "grounded"
        yield SystemCommand(f"Semantics: switch to {other}", f"now {self.semantics.value}", self.action_semantics)
        yield from super().get_system_commands(screen)


def run(path: str | Path, semantics: Semantics = Semantics.GROUNDED, since: tuple[str, ArgMap] | None = None,
        ahead: ReadAhead | None = None) -> int:
    app = ArgmapApp(path, semantics=semantics, since=since, ahead=ahead)
    try:
        app.run()
    finally:
        app.idle_gc.stop()  # (also when the app failed)
        giveway.release()
        if isinstance(app.doc, BackgroundDocument):
            app.doc.flush()
    return app.return_code or 0
