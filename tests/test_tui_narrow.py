"""The TUI at 80x24: the keys that matter stay in the footer, the status line
summarises, counts say what they count, tab reaches the related claims."""

from __future__ import annotations

from textual.widgets import Static
from textual.widgets._footer import FooterKey

from argmap.tui.app import ArgmapApp
from argmap.tui.linelist import LineList

from .conftest import wait_for
from .test_tui import map_path  # noqa: F401  (the fixture)


async def test_footer_keeps_the_keys_that_matter_at_80_columns(map_path):
    app = ArgmapApp(map_path, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        keys = {k.key for k in app.query(FooterKey)}
        assert {"q", "question_mark", "ctrl+s", "exclamation_mark", "ctrl+z"} <= keys
        right = max(k.region.right for k in app.query(FooterKey))
        assert right <= 80  # none cut off


def many_conclusions(n: int) -> str:
    rows = [f"  t{i}: {{kind: conclusion, text: Thesis {i}.}}\n  a{i}: {{kind: counterpoint, text: No {i}., attacks: [t{i}]}}\n"
            for i in range(n)]
    return "argmap: 1\ntitle: Many\nclaims:\n" + "".join(rows)


async def test_status_line_summarises_when_narrow(write_map):
    path = write_map(many_conclusions(8))
    app = ArgmapApp(path, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        status = str(app.query_one("#status", Static).render())
        n = len(app.warnings)
        assert n > 0
        assert status.strip() == f"0 of 8 conclusions stand · ⚠ {n} prep warnings (!)"
        await pilot.resize_terminal(200, 24)
        await pilot.pause()
        await pilot.pause()
        status = str(app.query_one("#status", Static).render())
        assert "t0 ✗" in status and "t7 ✗" in status and f"{n} prep warnings" in status


async def test_tab_from_the_tree_goes_to_the_related_claims(map_path):
    app = ArgmapApp(map_path, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("tab")
        assert app.focused is app.query_one("#links", LineList)


async def test_the_footer_is_composed_again_only_when_its_keys_change(map_path, monkeypatch):
    """Composing the footer mounts a widget per key and lays out the whole
    screen: as the map opens (read at once, or behind the loading screen),
    the map's keys are composed in the map's first frames, never again for
    the same keys (a stray composing, asked for by Textual's own signal,
    waited for the next refresh: the first key's, 150 ms on a large map),
    and again when they do change (the search box focused)."""
    from argmap.tui import app as app_module
    from argmap.tui.widgets import PriorityFooter

    composed: list[bool] = []  # whether each composing changed the keys
    real = PriorityFooter.recompose
    running = [0, 0]  # composings under way, and the most at once

    async def recompose(self):
        composed.append(self._plan() != self._shown)
        running[0] += 1
        running[1] = max(running)
        try:
            await real(self)
        finally:
            running[0] -= 1

    monkeypatch.setattr(PriorityFooter, "recompose", recompose)
    for background in (False, True):
        monkeypatch.setattr(app_module, "OPEN_IN_BACKGROUND", 0 if background else 10**9)
        composed.clear()
        app = ArgmapApp(map_path, blink=False)
        async with app.run_test(size=(120, 30)) as pilot:
            await wait_for(pilot, lambda app=app: app.selected is not None and not app.opening)
            for _ in range(4):
                await pilot.pause()
            assert "n" in {k.key for k in app.query(FooterKey)}, background
            opening = list(composed)
            # the keys of the map (and, behind the loading screen, first its own), one composing at a time
            assert len(opening) == (2 if background else 1) and running[1] == 1, (background, opening, running)
            await pilot.press("down", "down", "up")
            for _ in range(4):
                await pilot.pause()
            assert composed == opening and all(composed), (background, composed)
            await pilot.press("slash")  # the search box's keys
            await wait_for(pilot, lambda opening=opening: len(composed) > len(opening))
            assert len(composed) == len(opening) + 1 and all(composed), composed


async def test_the_footer_follows_the_focus_going_and_coming_back_within_a_frame(map_path, monkeypatch):
    """Focus moving to the search box and back before the footer is composed
    (two keys inside one frame, on a large map) asks for nothing in the end;
    moving to the search box again asks again, and the footer shows its keys."""
    from argmap.tui.widgets import PriorityFooter

    app = ArgmapApp(map_path, blink=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        footer = app.query_one(PriorityFooter)
        asked: list = []  # the composings asked for, run when the test says
        monkeypatch.setattr(footer, "call_after_refresh", lambda callback, *args: asked.append(callback))
        search = app.query_one("#search")
        search.display = True
        tree_keys = {k.key for k in footer.query(FooterKey)}

        def focus(widget) -> None:
            app.screen.set_focus(widget)
            footer.bindings_changed(app.screen)

        focus(search)
        focus(app.tree)
        for callback in asked:
            await callback()
        assert {k.key for k in footer.query(FooterKey)} == tree_keys
        asked.clear()
        focus(search)
        assert asked  # asked again (it was taken as asked for already, and never came)
        for callback in asked:
            await callback()
        await pilot.pause()
        shown = {k.key for k in footer.query(FooterKey)}
        assert shown == {key for key, *_ in footer._plan()} and shown != tree_keys
