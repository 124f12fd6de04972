"""The TUI at 80x24: the keys that matter stay in the footer, the status line
summarises, counts say what they count, tab reaches the related claims."""

from __future__ import annotations

from textual.widgets import Static
from textual.widgets._footer import FooterKey

from argmap.tui.app import ArgmapApp
from argmap.tui.linelist import LineList

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
