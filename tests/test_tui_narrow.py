"""The TUI at 80x24: the keys that matter stay in the footer, the status line
summarises, counts say what they count, tab reaches the related claims."""

from __future__ import annotations

from textual.widgets import Static

from argmap.tui.app import ArgmapApp
from argmap.tui.linelist import LineList
from argmap.tui.widgets import PriorityFooter

from .conftest import wait_for
from .test_tui import map_path  # noqa: F401  (the fixture)


async def test_footer_keeps_the_keys_that_matter_at_80_columns(map_path):
    app = ArgmapApp(map_path, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        footer = app.query_one(PriorityFooter)
        keys = {k.key for k in footer.items}
        assert {"q", "question_mark", "ctrl+s", "exclamation_mark", "ctrl+z"} <= keys
        assert max(k.end for k in footer.items) <= 80  # none cut off
        row = str(footer.render())
        for shown in ("q Quit", "? Help", "^s Save", "! Prep", "^z Undo", "▏^p palette"):
            assert shown in row, row
        assert len(row) == 80 and row.index("▏") == 80 - len("▏^p palette")  # the palette's key on the right
        for k in footer.items:  # each key's cells are where it is drawn
            assert row[k.start:k.end] == f"{k.shown} {k.description}", (k, row)
        await pilot.resize_terminal(12, 24)  # too narrow for the palette's key: nothing drawn wrong
        await pilot.pause()
        await pilot.pause()
        assert all(k.start >= 0 and k.end <= 12 for k in footer.items), footer.items


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


async def test_the_footer_draws_its_keys_again_only_when_they_change(map_path, monkeypatch):
    """The footer is one widget (Textual's mounted a widget per key, and
    laid out the screen each time the keys changed): as the map opens (read
    at once, or behind the loading screen) it shows the map's keys in the
    map's first frames, draws them again only when they change (the search
    box focused, and back), never for the same keys."""
    from argmap.tui import app as app_module

    changes: list[tuple[str, ...]] = []
    real = PriorityFooter.update_keys

    def update_keys(self) -> bool:
        changed = real(self)
        if changed:
            changes.append(tuple(k.key for k in self.items))
        return changed

    monkeypatch.setattr(PriorityFooter, "update_keys", update_keys)
    for background in (False, True):
        monkeypatch.setattr(app_module, "OPEN_IN_BACKGROUND", 0 if background else 10**9)
        changes.clear()
        app = ArgmapApp(map_path, blink=False)
        async with app.run_test(size=(120, 30)) as pilot:
            await wait_for(pilot, lambda app=app: app.selected is not None and not app.opening)
            for _ in range(4):
                await pilot.pause()
            footer = app.query_one(PriorityFooter)
            tree_keys = tuple(k.key for k in footer.items)
            assert "n" in tree_keys and changes and changes[-1] == tree_keys, (background, changes)
            opening = len(changes)
            await pilot.press("down", "down", "up")
            for _ in range(2):
                await pilot.pause()
            assert len(changes) == opening, (background, changes)  # the same keys: not drawn again
            await pilot.press("slash")  # the search box's keys
            await pilot.pause()
            assert len(changes) == opening + 1 and changes[-1] != tree_keys
            assert changes[-1] == tuple(k.key for k in footer._plan())
            await pilot.press("escape")  # back to the tree's
            await pilot.pause()
            assert len(changes) == opening + 2 and changes[-1] == tree_keys


async def test_a_click_on_a_footer_key_presses_it_and_hovering_shows_its_tooltip(map_path):
    from argmap.tui.screens import HelpScreen

    app = ArgmapApp(map_path, blink=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        footer = app.query_one(PriorityFooter)
        help_key = next(k for k in footer.items if k.key == "question_mark")
        key_style = footer.get_component_rich_style("footer-key--key")
        hover_bg = footer.get_component_rich_style("footer-key--hover", partial=True).bgcolor

        def style_at(x: int):
            return footer.render().get_style_at_offset(app.console, x)

        assert style_at(help_key.start).bgcolor != hover_bg
        await pilot.hover(PriorityFooter, offset=(help_key.start + 1, 0))
        await pilot.pause()
        assert footer.tooltip == help_key.tooltip and help_key.tooltip
        # the key under the mouse is highlighted, its key keeping its colour
        assert style_at(help_key.start).bgcolor == hover_bg and style_at(help_key.start).color == key_style.color
        assert style_at(footer.items[0].start).bgcolor != hover_bg
        await pilot.hover(PriorityFooter, offset=(footer.items[0].end, 0))  # a gap: no key, no tooltip
        await pilot.pause()
        assert footer.tooltip is None and style_at(help_key.start).bgcolor != hover_bg
        await pilot.click(PriorityFooter, offset=(help_key.start + 1, 0))
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        stack = list(app.screen_stack)
        for k in footer.items[:3]:  # the cells just after each key: nothing
            await pilot.click(PriorityFooter, offset=(k.end, 0))
            await pilot.pause()
            assert app.screen_stack == stack and app.query_one("#search").display is False
