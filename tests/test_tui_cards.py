"""Debate prep in the TUI: the card screen (k), the flow view (F) and the
subtree reading time in the detail pane."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static

from argmap.tui.app import ArgmapApp
from argmap.tui.cards import CardScreen
from argmap.tui.flow import FlowScreen
from argmap.tui.textpane import TextPane

from .conftest import wait_for

SIZE = (120, 36)

PREP_MAP = """
argmap: 1
title: Prep [b]map[/b]
sources:
  nyt:
    title: Sanctions and their [red]limits[/red]
    author: A. Writer
    publisher: The Paper
    date: 2024-03-01
    url: https://example.org/s
claims:
  thesis:
    kind: conclusion
    text: Sanctions work [citation needed].
  p1:
    kind: evidence
    label: Sanctions [bold]bite[/bold]
    text: Sanctions cut the target's trade by half.
    supports: [thesis]
    quote: {source: nyt, text: "Studies agree that [[sanctions cut trade by half]] in most cases", locator: p. 4}
  c1:
    kind: counterpoint
    text: Trade moves to other partners.
    attacks: [p1]
  r1:
    kind: rebuttal
    text: The other partners pay less.
    attacks: [c1]
  c2:
    kind: counterpoint
    text: Nobody answered this objection.
    attacks: [thesis]
"""


@pytest.fixture
def prep_map(write_map):
    return write_map(PREP_MAP)


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.pause()


async def select(app: ArgmapApp, pilot, cid: str) -> None:
    app.action_select_claim(cid)
    await settle(pilot)
    assert app.selected == cid


def notes(app: ArgmapApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_k_shows_and_copies_the_card(prep_map):
    app = ArgmapApp(prep_map, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(app, pilot, "p1")
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, CardScreen)
        shown = app.screen.query_one("#card-text", Static).render()
        text = str(shown)
        assert "Sanctions [bold]bite[/bold]" in text  # the tag, verbatim (not markup)
        assert "Writer 2024, p. 4" in text  # the short cite
        assert "Sanctions and their [red]limits[/red], A. Writer, The Paper, 2024-03-01, https://example.org/s" in text
        assert "Studies agree that sanctions cut trade by half in most cases" in text
        # the read-aloud part is emphasised, the context around it is not
        spans = {text[s.start:s.end]: str(s.style) for s in shown.spans}
        assert "bold" in spans["sanctions cut trade by half"]
        assert "bold" not in spans.get("Studies agree that ", "dim")
        # copied as plain text: the card's text with the read part marked
        assert app.clipboard.startswith("Sanctions [bold]bite[/bold]\n")
        assert "“Studies agree that ▶sanctions cut trade by half◀ in most cases”" in app.clipboard
        assert any(n.startswith("Copied") for n in notes(app))
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, CardScreen)


async def test_k_on_a_claim_without_quote_or_cite_says_it_is_not_a_card(prep_map):
    app = ArgmapApp(prep_map, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(app, pilot, "c1")
        await pilot.press("k")
        await settle(pilot)
        assert not isinstance(app.screen, CardScreen)
        assert app.clipboard == ""
        assert any("c1 is not a card: it has no quote and cites no source" in n for n in notes(app))


@pytest.mark.parametrize("large", [False, True], ids=["small", "large map: built in a worker"])
async def test_flow_view_marks_and_jumps_to_the_argument(prep_map, large):
    app = ArgmapApp(prep_map, blink=False)
    if large:
        app.sync_limit = 0  # as on a map over the limit: evaluation and the flow in workers
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: not app.busy)
        await pilot.press("F")
        await wait_for(pilot, lambda: isinstance(app.screen, FlowScreen))
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen)
        table = app.screen.query_one(DataTable)
        headers = [str(c.label) for c in table.columns.values()]
        assert headers == ["#", "1. Pro: case", "2. Con: attacks", "3. Pro: answers"]
        rows = [[str(x) for x in table.get_row_at(i)] for i in range(table.row_count)]
        flat = "\n".join(" | ".join(r) for r in rows)
        assert "✗ answered  Sanctions work [citation needed]. (thesis)" in flat  # c2 stands against it
        assert "○ dropped  Nobody answered this objection. (c2)" in flat
        assert "✗ answered  Trade moves to other partners. (c1)" in flat
        # the cursor starts on the selected claim (thesis); go to c1's cell and jump there
        assert table.cursor_coordinate.row == 0 and table.cursor_coordinate.column == 1
        c1_row = next(i for i, r in enumerate(rows) if "(c1)" in r[2])
        table.move_cursor(row=c1_row, column=2)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, FlowScreen)
        assert app.selected == "c1"


async def test_flow_view_opens_on_the_selected_claim_and_escape_closes(prep_map):
    app = ArgmapApp(prep_map, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(app, pilot, "r1")
        await pilot.press("F")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert "(r1)" in str(table.get_cell_at(table.cursor_coordinate))
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, FlowScreen)
        assert app.selected == "r1"


async def test_detail_shows_the_subtree_reading_time(prep_map):
    app = ArgmapApp(prep_map, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(app, pilot, "r1")
        # "The other partners pay less." : 5 words, 1.875 s at 160 wpm
        assert "≈ 0:02 to read" in str(app.query_one("#detail", TextPane).render())
        assert "5 words at 160 wpm" in str(app.query_one("#detail", TextPane).render())
        await select(app, pilot, "c1")
        # c1 (5 words) and r1 (5 words) under it: 10 words, 3.75 s
        assert "≈ 0:04 to read" in str(app.query_one("#detail", TextPane).render())
        assert "10 words at 160 wpm" in str(app.query_one("#detail", TextPane).render())


def test_flow_snapshot(snap_compare, prep_map, monkeypatch):
    monkeypatch.chdir(prep_map.parent)
    assert snap_compare(ArgmapApp("map.yaml", blink=False), terminal_size=(120, 30), press=["F"])


def test_card_snapshot(snap_compare, prep_map, monkeypatch):
    monkeypatch.chdir(prep_map.parent)
    assert snap_compare(ArgmapApp("map.yaml", blink=False), terminal_size=(110, 30), press=["right", "down", "k"])
