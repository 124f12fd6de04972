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

    async def recompose(self):
        composed.append(self._plan() != self._shown)
        await real(self)

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
            await pilot.press("down", "down", "up")
            for _ in range(4):
                await pilot.pause()
            assert composed == opening and all(composed), (background, composed)
            await pilot.press("slash")  # the search box's keys
            await wait_for(pilot, lambda opening=opening: len(composed) > len(opening))
            assert len(composed) == len(opening) + 1 and all(composed), composed
