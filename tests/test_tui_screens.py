"""The modal screens return typed results (issue 15): the prep view says
"switch side" or "go to this claim" as a PrepResult, never as a sentinel string."""

from __future__ import annotations

from textual.app import App

from argmap.analysis.prep import PrepWarning
from argmap.tui.screens import PrepResult, PrepScreen
from argmap.tui.textpane import TextPane

WARNINGS = [PrepWarning("unanswered", "c2", "c2 is not answered"), PrepWarning("weak-conclusion", None, "weak")]


class Host(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(PrepScreen(WARNINGS, "pro"), self.results.append)


async def _result_of(*keys: str) -> list[object]:
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        assert not isinstance(app.screen, PrepScreen)
        return app.results


async def test_prep_switch_is_a_typed_result():
    [result] = await _result_of("s")
    assert result == PrepResult(switch=True) and result.claim is None


async def test_prep_enter_jumps_to_the_claim():
    [result] = await _result_of("enter")
    assert result == PrepResult(claim="c2") and not result.switch


async def test_prep_warning_without_a_claim_and_escape_return_nothing():
    assert await _result_of("down", "enter") == [PrepResult()]
    assert await _result_of("escape") == [None]


MAP = """
argmap: 1
title: Selected claim
claims:
  c1:
    kind: conclusion
    text: The conclusion.
  p1:
    kind: premise
    text: A premise for it.
    supports: [c1]
  r1:
    kind: rebuttal
    text: A rebuttal of the premise.
    attacks: [p1]
"""


async def test_the_selected_claim_is_a_reactive_that_drives_the_detail_pane(write_map):

    from argmap.tui.app import ArgmapApp

    app = ArgmapApp(write_map(MAP), blink=False)
    async with app.run_test(size=(110, 34)) as pilot:
        for _ in range(4):
            await pilot.pause()
        detail = app.query_one("#detail", TextPane)
        assert app.selected_claim == app.selected == "c1"
        assert "The conclusion." in str(detail.render())
        app.action_select_claim("p1")  # going to a claim selects it
        await pilot.pause()
        assert app.selected_claim == app.selected == "p1"
        assert "A premise for it." in str(detail.render())
        app.selected_claim = "r1"  # setting it shows that claim
        assert "A rebuttal of the premise." in str(detail.render())
        app.selected_claim = None
        assert "No claim selected." in str(detail.render())
