"""The source pane: sentences by paragraph with the quoted ones marked and
the coverage in its title; jumping to the claims that quote a sentence;
claims added from what is read; quotes picked into the claim forms."""

from __future__ import annotations

import re

import pytest
from textual.widgets import Input, Label, Static

from argmap.io import load
from argmap.tui.app import ArgmapApp
from argmap.tui.screens import ClaimForm
from argmap.tui.source import QuotedClaimForm, SourceScreen

from .test_tui import settle, type_text

SIZE = (110, 34)

SOURCE = (
    "A Speech On Trams\n"
    "\n"
    "The tram is cheap. It carries “many” people.\n"
    "It would cut the traffic in the centre,\n"
    "and the air would be cleaner. Nobody has counted the cost.\n"
    "\n"
    "We should build it now.--Really.\n"
)

MAP = """
argmap: 1
title: Trams
sources:
  speech: {title: A Speech On Trams, file: speech.txt}
  other: {title: No file}
claims:
  thesis:
    kind: conclusion
    text: Build the tram.
    quote: {source: speech, text: We should build it now., locator: para 7}
  cheap:
    kind: premise
    text: The tram is cheap.
    supports: [thesis]
    quote: {source: speech, text: The tram is cheap., locator: para 3}
  cheap-again:
    kind: premise
    text: Cheap, says the speech.
    supports: [thesis]
    quote: {source: speech, text: tram is cheap, locator: para 3}
"""


@pytest.fixture
def tram_map(write_map, tmp_path):
    (tmp_path / "speech.txt").write_text(SOURCE, encoding="utf-8")
    return write_map(MAP)


def pane_title(app) -> str:
    return str(app.screen.query_one("#source-title", Label).render())


def coverage_line(cli, path) -> str:
    r = cli("coverage", str(path))
    return re.search(r"\d+ of \d+ sentences quoted \(\d+%\)", r.out).group()


async def test_pane_marks_coverage_jumps_and_adds_claims(tram_map, cli):
    app = ArgmapApp(tram_map, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")  # the thesis quotes para 7: the pane opens there
        await settle(pilot)
        pane = app.screen
        assert isinstance(pane, SourceScreen)
        assert coverage_line(cli, tram_map) in pane_title(app) == (
            "speech.txt (source 'speech')  2 of 6 sentences quoted (33%)"
        )
        assert [p.number for p in pane.doc.paragraphs] == [1, 3, 4, 7]
        assert pane.pick.text == "We should build it now." and pane.pick.locator == "para 7"
        await pilot.press("pageup", "pageup")  # para 3: quoted by two claims
        assert pane.pick.locator == "para 3" and pane.doc.quoters[pane.cur] == ["cheap", "cheap-again"]
        await pilot.press("enter")  # a list of the two
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, SourceScreen) and app.selected == "cheap-again"
        # map as you read: the second sentence of para 3, with its typographic quotes
        await pilot.press("s")  # opens on cheap-again's quote, part of the first sentence
        await settle(pilot)
        pane = app.screen
        assert pane.pick.text == "tram is cheap"
        await pilot.press("down")
        assert pane.pick.text == "It carries “many” people." and pane.doc.quoters[pane.cur] == []
        await pilot.press("enter")  # nothing quotes it: the pane stays
        assert app.screen is pane
        await pilot.press("v")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, QuotedClaimForm)
        assert form.query_one("#target", Input).value == "cheap-again"  # the claim selected in the tree
        form.query_one("#target", Input).value = "thesis"
        await type_text(pilot, "Many ride it")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is pane
        assert pane_title(app).endswith("3 of 6 sentences quoted (50%)")
        added = app.doc.map.claims["many-ride-it"]
        assert added.kind.value == "evidence" and added.supports == ["thesis"]
        assert (added.quote.source, added.quote.text, added.quote.locator) == (
            "speech", "It carries “many” people.", "para 3"
        )
        # a span: the hard-wrapped para 4, its first sentence cut by words at both ends
        await pilot.press("pagedown")
        await pilot.press("ctrl+right", "ctrl+right", "shift+left", "shift+left", "shift+left")
        assert pane.pick.text == "cut the traffic in the centre, and the air"
        await pilot.press("shift+down")  # to the end of the sentence
        assert pane.pick.text == "cut the traffic in the centre, and the air would be cleaner."
        await pilot.press("c")
        await settle(pilot)
        await type_text(pilot, "Cleaner air")
        await pilot.press("enter")  # the target stays the last one used
        await settle(pilot)
        assert app.doc.map.claims["cleaner-air"].attacks == ["thesis"]
        # / finds words: the selection starts there, to the end of the sentence; a dash parts words
        await pilot.press("slash")
        await settle(pilot)
        await type_text(pilot, "should build")
        await pilot.press("enter")
        await settle(pilot)
        assert pane.pick.text == "should build it now.--Really."
        assert "“should build it now.--Really.”" in str(pane.query_one("#source-where", Static).render())
        await pilot.press("shift+left")
        assert (pane.pick.text, pane.pick.locator) == ("should build it now.", "para 7")
        await pilot.press("slash")  # first ... last: from one through the other
        await settle(pilot)
        await type_text(pilot, "would cut ... the air")
        await pilot.press("enter")
        await settle(pilot)
        assert (pane.pick.text, pane.pick.locator) == ("would cut the traffic in the centre, and the air", "para 4")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
    loaded = load(tram_map)
    assert loaded.ok and not loaded.warnings  # both quotes verbatim
    assert coverage_line(cli, tram_map) == "4 of 6 sentences quoted (67%)"


async def test_quote_picked_into_a_form_and_typed_quote_checked(tram_map):
    app = ArgmapApp(tram_map, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await type_text(pilot, "Traffic")
        await pilot.press("ctrl+o")
        await settle(pilot)
        pane = app.screen
        assert isinstance(pane, SourceScreen) and pane.picking
        assert "Pick a quote from speech.txt" in pane_title(app)
        assert pane.pick.text == "A Speech On Trams"  # starts at the first sentence no quote covers
        await pilot.press("down", "down", "down", "shift+right", "v")  # the add keys do nothing while picking
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ClaimForm)
        values = {i: form.query_one(f"#{i}", Input).value for i in ("text", "quote", "source", "locator")}
        assert values == {"text": "Traffic", "quote": "It would cut the traffic in the centre, and the air would be cleaner. Nobody",
                          "source": "speech", "locator": "para 4"}
        await pilot.press("enter")
        await settle(pilot)
        assert app.doc.map.claims["traffic"].quote.text == values["quote"]
        # a typed quote not in the source: a warning in the form; saving again keeps it
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        form.query_one("#quote", Input).value = "the tram is free"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is form
        error = str(form.query_one("#form-error", Static).render())
        assert "the quote is not in source 'speech' (speech.txt) as typed" in error and "ctrl+o" in error
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is not form and app.doc.map.claims["traffic"].quote.text == "the tram is free"


async def test_a_source_that_cannot_be_read_is_refused(write_map, tmp_path):
    (tmp_path / "speech.txt").write_bytes("Caf\xe9.\n".encode("latin-1"))
    path = write_map(MAP)
    app = ArgmapApp(path, blink=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert not isinstance(app.screen, SourceScreen)
        messages = [str(n.message) for n in app._notifications]
        assert "Cannot show source 'speech': source file 'speech.txt' is not UTF-8 text." in messages


def test_source_pane_snapshot(snap_compare, tram_map, monkeypatch):
    monkeypatch.chdir(tram_map.parent)
    assert snap_compare(ArgmapApp("map.yaml", blink=False), terminal_size=(100, 30),
                        press=["s", "pageup", "down", "shift+left"])


async def test_a_long_source_shows_a_window_of_paragraphs(write_map, tmp_path):
    from argmap.tui.source import WINDOW

    (tmp_path / "speech.txt").write_text("".join(f"Paragraph {i} says one thing. And another.\n\n" for i in range(500)),
                                         encoding="utf-8")
    app = ArgmapApp(write_map(MAP), blink=False)  # its quotes are not in this text: nothing is quoted
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        pane = app.screen
        assert pane_title(app).endswith("0 of 1000 sentences quoted (0%)")
        assert len(pane.query(".para")) == WINDOW + 1  # and a line saying how many follow
        await pilot.press("end")
        await settle(pilot)
        assert pane.pick.text == "And another." and pane.pick.locator == "para 999"
        assert pane.query_one("#para-499", Static).region.height > 0
        assert "↑ 460 paragraph(s) before (pgup)" in str(pane.query(".para").first(Static).render())
