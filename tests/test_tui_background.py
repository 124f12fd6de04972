"""What the TUI does while nobody waits: the explainer and word counts made
by the evaluation's worker, and Python's full garbage collections run when idle."""

from __future__ import annotations

import gc
import threading
from functools import partial

from argmap.analysis import explain
from argmap.export import cards as export_cards
from argmap.tui.app import ArgmapApp
from argmap.tui.idle import NEVER
from argmap.tui.textpane import TextPane

from .conftest import wait_for

SIZE = (110, 34)


def detail(app: ArgmapApp) -> str:
    return str(app.query_one("#detail", TextPane).render())


async def test_cursor_moves_on_a_large_map_build_nothing_while_the_user_waits(small_map, monkeypatch):
    """On a large map the evaluation's worker goes on to index the
    explanations and count each claim's words: a cursor move afterwards shows
    the why line and the subtree's reading time without building either on
    the UI thread (on 10,000 claims that was 0.1 to 0.4 s on a first visit)."""
    on_ui: list[str] = []
    real_init, real_card = explain.Explainer.__init__, export_cards.card

    def init(self, *args, **kwargs):
        if threading.current_thread() is threading.main_thread():
            on_ui.append("explainer")
        real_init(self, *args, **kwargs)

    def card(*args, **kwargs):
        if threading.current_thread() is threading.main_thread():
            on_ui.append("card " + str(args[1]))
        return real_card(*args, **kwargs)

    monkeypatch.setattr(explain.Explainer, "__init__", init)
    monkeypatch.setattr(export_cards, "card", card)
    app = ArgmapApp(small_map, blink=False)
    app.sync_limit = 0  # as on a map over the limit: evaluation in a worker
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.evaluation is not None and not app.busy)
        await pilot.pause()
        on_ui.clear()  # (the first screen's detail pane is drawn before any worker starts)
        assert app.doc is not None
        for cid in app.doc.map.claims:
            app.action_select_claim(cid)
            await pilot.pause()
            text = detail(app)
            assert f" {cid}\n" in text.split("\n\n")[0] + "\n" and "to read" in text, text
            assert "stands [in]" in text or "falls [out]" in text, text
        assert on_ui == []


async def test_full_collections_wait_for_a_quiet_moment(small_map):
    """While the app runs, Python never starts a full collection by itself
    (one took 70 to 120 ms on 10,000 claims, inside a key's time); the app
    runs it once nobody has pressed a key for a while and nothing runs in the
    background, and Python's thresholds are back when the app stops."""
    before = gc.get_threshold()
    app = ArgmapApp(small_map, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: not app.busy)
        assert gc.get_threshold() == (before[0], before[1], NEVER)
        idle = app.idle_gc
        idle.quiet = 3600.0  # a user at the keys: nothing is collected

        def churn() -> None:  # cyclic garbage enough for several full collections
            for _ in range(before[0] * before[1] * before[2] * 2):
                a: list[object] = []
                a.append(a)

        churn()
        assert gc.get_count()[2] >= before[2] and idle.due()
        await pilot.press("down")
        await pilot.pause(0.7)  # past the collector's tick
        assert idle.collections == 0 and idle.due()
        idle.quiet = 0.2  # now nobody waits
        await wait_for(pilot, lambda: idle.collections >= 1, timeout=3)
        assert idle.collections >= 1 and not idle.due()
    assert gc.get_threshold() == before


def test_the_recovery_file_is_written_once_the_edit_is_drawn(small_map):
    """On a large map the recovery file is written in a thread, started once
    the screen shows the edit (the app's call_after_refresh); only the newest
    edit's is written, and flush() writes one still waiting (quitting)."""
    from argmap.io.document import recovery_path
    from argmap.model.ops import replace_claim
    from argmap.tui.background import BackgroundDocument

    doc, _ = BackgroundDocument.open(small_map)
    assert doc is not None
    waiting: list = []
    doc.later = waiting.append
    for text in ("First edit.", "Second edit."):
        doc.apply(replace_claim(doc.map, "c1", doc.map.claims["c1"].model_copy(update={"text": text})))
    assert len(waiting) == 2 and not recovery_path(small_map).exists()  # not before the screen is drawn
    doc.flush()  # writes the one waiting: the newest
    saved = recovery_path(small_map).read_text(encoding="utf-8")
    assert "Second edit." in saved and "First edit." not in saved
    for run in waiting:  # the screen drew the edits: nothing more to write
        run()
    doc.flush()
    assert recovery_path(small_map).read_text(encoding="utf-8") == saved


async def test_a_subtree_not_counted_yet_says_so_and_fills_in(small_map, monkeypatch):
    """On a large map, while the worker still counts the words, the detail
    pane says the reading time is being counted (instead of counting the
    subtree on the UI thread), and shows it, unasked, once counted."""
    from argmap.tui import app as app_module

    release = threading.Event()
    real = app_module.count_all_words

    def slow(*args, **kwargs):
        assert release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(app_module, "count_all_words", slow)
    # (a subtree with a few claims not counted is counted at once: here, none may be)
    monkeypatch.setattr(app_module, "counted_subtree_words", partial(app_module.counted_subtree_words, at_most=0))
    app = ArgmapApp(small_map, blink=False)
    app.sync_limit = 0
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.evaluation is not None and "stands [in]" in detail(app))
        assert "counting the words" in detail(app) and "to read" in detail(app)
        release.set()
        await wait_for(pilot, lambda: not app.busy and "counting" not in detail(app))
        assert "counting" not in detail(app) and "words at 160 wpm" in detail(app)


class _Keys:
    """Keys coming, as far as the app's clock of input is concerned, from
    ``start()`` till ``stop()`` (every 20 ms)."""

    def __init__(self, app: ArgmapApp) -> None:
        self.app = app
        self.task = None

    async def _feed(self) -> None:
        import asyncio

        while True:
            self.app.idle_gc.input()
            await asyncio.sleep(0.02)

    def start(self) -> None:
        import asyncio

        self.app.idle_gc.input()
        self.task = asyncio.get_running_loop().create_task(self._feed())

    def stop(self) -> None:
        assert self.task is not None
        self.task.cancel()


async def test_a_large_maps_recovery_file_waits_for_a_pause_in_the_keys(small_map, monkeypatch):
    """On a large map the recovery file is written once the keys pause (the
    write shared Python's lock with the keys right after an edit), and at the
    latest RECOVERY_LATEST after the edit, however fast the keys come."""
    import argmap.tui.app as app_module
    from argmap.io.document import recovery_path

    monkeypatch.setattr(app_module, "RECOVERY_QUIET", 0.3)
    monkeypatch.setattr(app_module, "RECOVERY_LATEST", 60.0)
    app = ArgmapApp(small_map, blink=False)
    app.sync_limit = 0
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: not app.busy)
        assert app.doc is not None
        app.action_select_claim("c1")
        await wait_for(pilot, lambda: app.selected == "c1")
        assert app.selected == "c1"
        keys = _Keys(app)
        keys.start()
        await pilot.press("n")
        await pilot.press(*"kept", "enter")
        await wait_for(pilot, lambda: "kept" in detail(app))
        assert "kept" in detail(app)
        await pilot.pause(1.0)
        assert not recovery_path(small_map).exists()  # not while the keys come
        keys.stop()
        await wait_for(pilot, lambda: recovery_path(small_map).exists(), timeout=10)  # the keys paused
        assert recovery_path(small_map).exists()
        app.doc.flush()
        assert "kept" in recovery_path(small_map).read_text(encoding="utf-8")
        # keys that never pause: written all the same, RECOVERY_LATEST after the edit
        monkeypatch.setattr(app_module, "RECOVERY_QUIET", 60.0)
        monkeypatch.setattr(app_module, "RECOVERY_LATEST", 0.5)
        keys.start()
        await pilot.press("n")
        await pilot.press(*"later", "enter")
        await wait_for(pilot, lambda: "later" in detail(app))
        await wait_for(pilot, lambda: "later" in recovery_path(small_map).read_text(encoding="utf-8"), timeout=10)
        assert "later" in recovery_path(small_map).read_text(encoding="utf-8")
        keys.stop()


async def test_closed_dialogs_are_removed_once_nobody_waits(small_map):
    """A closed dialog stays mounted till a quiet moment (Textual's removal
    of a closed screen cost a second full frame inside the key's time); then
    it is removed, and dialogs still open are kept."""
    from argmap.tui.screens import NoteForm

    app = ArgmapApp(small_map, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: not app.busy)
        app.idle_gc.quiet = 3600.0  # a user at the keys
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, NoteForm)
        await pilot.press(*"first", "enter")
        await wait_for(pilot, lambda: "first" in detail(app))
        assert "first" in detail(app)
        assert form.is_attached and form not in app.screen_stack  # closed, kept for now
        await pilot.press("question_mark")  # the help: open while the quiet moment comes
        await pilot.pause()
        help_screen = app.screen
        app.idle_gc.quiet = 0.1
        await wait_for(pilot, lambda: not form.is_attached, timeout=5)
        assert not form.is_attached
        assert help_screen.is_attached and app.screen is help_screen and app._dialogs == [help_screen]
        await pilot.press("escape")
        await wait_for(pilot, lambda: not help_screen.is_attached, timeout=5)
        assert not help_screen.is_attached and app._dialogs == []
        # a dialog opened again after all that works as the first did
        await pilot.press("n")
        await pilot.press(*"second", "enter")
        await wait_for(pilot, lambda: "second" in detail(app))
        assert "second" in detail(app)


async def test_a_side_switch_finds_the_warnings_indexed_by_claim(small_map, monkeypatch):
    """The detail pane lists the claim's own prep warnings: on a large map
    they are indexed by claim in the worker that found them (58,000 warnings
    at 100,000 claims took a tenth of a second on the UI thread at each side
    switch), the other side's too."""
    from argmap.tui import app as app_module

    on_ui: list[int] = []
    real = app_module.by_claim_of

    def by_claim_of(warnings):
        if threading.current_thread() is threading.main_thread() and warnings:
            on_ui.append(len(warnings))
        return real(warnings)

    monkeypatch.setattr(app_module, "by_claim_of", by_claim_of)
    app = ArgmapApp(small_map, blink=False)
    app.sync_limit = 0
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.evaluation is not None and not app.busy)
        await pilot.press("exclamation_mark")
        await wait_for(pilot, lambda: not app.busy)
        for _ in range(2):
            side = app.perspective
            await pilot.press("s")
            await wait_for(pilot, lambda side=side: app.perspective is not side and not app.busy)
            assert app.perspective is not side
        await pilot.press("escape")
        for cid in app.doc.map.claims:
            app.action_select_claim(cid)
            await pilot.pause()
        assert app.warnings and on_ui == []
        mine = [w.message for w in app.warnings if w.claim == app.selected]
        assert all(m in detail(app) for m in mine)
