"""The TUI, driven with Textual's pilot: every key, forms, undo/redo, saving,
the quit prompt, recovery and external changes."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Label, OptionList, Select, Static

from argmap.io import load
from argmap.io.document import Document, recovery_path
from argmap.model import Kind
from argmap.model.graph import Graph
from argmap.model.ops import rebut
from argmap.tui.app import ArgmapApp, View
from argmap.tui.linelist import LineList
from argmap.tui.screens import ChoiceScreen, ClaimForm, ErrorScreen, FilterScreen, HelpScreen, NoteForm, PromptScreen
from argmap.tui.textpane import TextPane

from .conftest import wait_for

SIZE = (110, 34)

TUI_MAP = """
argmap: 1
title: TUI test map
sources:
  src:
    title: A source
    author: Someone
    date: 2016-05-04
    file: source.txt
  other:
    title: Another source
claims:
  thesis:
    kind: conclusion
    text: The thesis [citation needed].
  p1:
    kind: premise
    text: First premise.
    supports: [thesis]
    quote: {source: src, text: the first premise, locator: para 1}
    tags: [factual]
  c1:
    kind: counterpoint
    text: An objection.
    attacks: [p1]
    tags: [needs-check]
  r1:
    kind: rebuttal
    text: A reply to the objection.
    attacks: [c1]
  c2:
    kind: counterpoint
    text: Nobody answered this objection.
    attacks: [thesis]
  u1:
    kind: counterpoint
    text: Granted, but it does not follow.
    undercuts: [{from: p1, to: thesis}]
"""


@pytest.fixture
def map_path(write_map, tmp_path):
    (tmp_path / "source.txt").write_text("It says: the first premise, and more.\n", encoding="utf-8")
    path = write_map(TUI_MAP)
    assert load(path).ok
    return path


def make_app(path) -> ArgmapApp:
    return ArgmapApp(path, blink=False)


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


def detail_text(app: ArgmapApp) -> str:
    return str(app.query_one("#detail", TextPane).render())


# -- layout and reading ----------------------------------------------------------------


async def test_opens_with_tree_detail_header(map_path):
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.title == "TUI test map"
        assert app.sub_title == "map.yaml"
        assert app.selected == "thesis"
        labels = [str(n.label) for n in app.tree.root.children]
        assert labels[0].startswith("✗ ◆ thesis  The thesis [citation needed].")  # c2 stands against it
        text = detail_text(app)
        assert "The thesis [citation needed]." in text  # verbatim, not markup
        assert "conclusion" in text
        links = app.query_one("#links", LineList)
        # (a narrow pane: the relation told with the tree's marks)
        assert [str(links.item(i)).split("  ")[0] for i in range(links.count)] == ["+ p1", "− c2"]


async def test_tree_children_relations_and_detail_lists(map_path):
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right")  # expand thesis
        await pilot.press("down")  # p1
        await settle(pilot)
        assert app.selected == "p1"
        await pilot.press("right")
        await settle(pilot)
        p1 = app.tree.cursor_node
        kids = [str(n.label).split("  ")[0] for n in p1.children]
        assert kids == ["− ✗ ▲ c1 ⚑", "~ ✓ ▲ u1"]
        text = detail_text(app)
        assert "“the first premise”" in text
        assert "A source, Someone, 2016-05-04, para 1" in text
        assert "Tags: factual" in text
        # a link in the detail pane jumps to that claim
        links = app.query_one("#links", LineList)
        prompts = [str(links.item(i)) for i in range(links.count)]
        assert any(p.startswith("~ u1") for p in prompts) and any(p.startswith("↑+ thesis") for p in prompts)
        links.focus()
        links.cursor = next(i for i, p in enumerate(prompts) if p.startswith("− c1"))
        await pilot.press("enter")
        await settle(pilot)
        assert app.selected == "c1"


async def test_attack_cycle_is_a_back_reference(write_map):
    path = write_map(
        """
        argmap: 1
        title: Cycle
        claims:
          a: {kind: conclusion, text: A}
          x: {kind: counterpoint, text: X, attacks: [a, y]}
          y: {kind: rebuttal, text: Y, attacks: [x]}
        """
    )
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.tree.reveal_path(("a", "x", "y", "x"))
        await settle(pilot)
        node = app.tree.cursor_node
        assert "↺ cycle, see above" in str(node.label)
        assert not node.allow_expand


async def test_small_terminal(map_path):
    app = make_app(map_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.selected == "thesis"
        await pilot.resize_terminal(140, 50)
        await settle(pilot)
        assert app.selected == "thesis"


# -- go to, search, filter ---------------------------------------------------------------


async def test_goto_with_completion_and_unknown_id(map_path):
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g")
        assert isinstance(app.screen, PromptScreen)
        await type_text(pilot, "u")
        await pilot.press("right")  # accept the suggestion
        assert app.screen.query_one(Input).value == "u1"
        await pilot.press("enter")
        await settle(pilot)
        assert app.selected == "u1"
        await pilot.press("g")
        await type_text(pilot, "nope")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        assert "No claim 'nope'" in str(app.screen.query_one("#form-error", Static).render())
        await pilot.press("escape")
        assert not isinstance(app.screen, PromptScreen)


async def test_search_narrows_highlights_and_cycles(map_path):
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "objection")
        await settle(pilot)
        assert app.matches == ["c1", "r1", "c2"]
        assert app.tree.shown_ids == {"thesis", "p1", "c1", "r1", "c2"}
        await pilot.press("enter")
        await settle(pilot)
        assert app.selected == "c1"
        await pilot.press("enter")
        await settle(pilot)
        assert app.selected == "r1"
        await pilot.press("escape")
        await settle(pilot)
        assert app.tree.shown_ids is None and app.query_text == ""
        assert app.selected == "r1"  # escape keeps the place the search led to
        # tags and ids match too
        await pilot.press("slash")
        await type_text(pilot, "needs-check")
        await settle(pilot)
        assert app.matches == ["c1"]


async def test_filter_unanswered_and_tag(map_path):
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        assert isinstance(app.screen, FilterScreen)
        await pilot.press("down", "enter")  # unanswered counterpoints
        await settle(pilot)
        assert app.view == View(unanswered=True)
        assert app.tree.marked == {"c2", "u1"}
        await pilot.press("f")
        await settle(pilot)
        assert app.screen.query_one(OptionList).highlighted == 1  # starts on the current view
        await pilot.press("down", "enter")  # first tag: factual
        await settle(pilot)
        assert app.view == View(tag="factual") and app.tree.marked == {"p1"}
        await pilot.press("f")
        await settle(pilot)
        assert app.screen.query_one(OptionList).highlighted == 2  # the current view
        await pilot.press("home", "enter")  # all
        await settle(pilot)
        assert app.tree.shown_ids is None


# -- adding claims ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key,kind,relation",
    [("r", Kind.REBUTTAL, "attacks"), ("c", Kind.COUNTERPOINT, "attacks"),
     ("p", Kind.PREMISE, "supports"), ("v", Kind.EVIDENCE, "supports")],
)
async def test_add_claim_keys(map_path, key, kind, relation):
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(key)
        assert isinstance(app.screen, ClaimForm)
        assert app.screen.focused.id == "text"
        await type_text(pilot, "New [b] claim")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ClaimForm)
        new = app.doc.map.claims["new-b-claim"]
        assert new.kind is kind and new.text == "New [b] claim"
        assert getattr(new, relation) == ["thesis"]
        assert app.selected == "new-b-claim"
        assert app.doc.dirty and app.title == "● TUI test map" and app.sub_title == "map.yaml (unsaved)"
        assert recovery_path(map_path).exists()


async def test_form_with_quote_source_and_tags(map_path):
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        form = app.screen
        form.query_one("#text", Input).value = "Quoted reply"
        form.query_one("#quote", Input).value = "and more"
        form.query_one("#source", Input).value = "src"
        form.query_one("#locator", Input).value = "para 1"
        form.query_one("#tags", Input).value = "factual, prep"
        form.query_one("#text", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        c = app.doc.map.claims["quoted-reply"]
        assert (c.quote.source, c.quote.text, c.quote.locator) == ("src", "and more", "para 1")
        assert c.tags == ["factual", "prep"]


async def test_form_validation_leaves_map_untouched(map_path):
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = app.doc.map.model_copy(deep=True)
        await pilot.press("r")
        await pilot.press("enter")  # empty text
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ClaimForm)
        assert "must not be empty" in str(form.query_one("#form-error", Static).render())
        form.query_one("#text", Input).value = "Reply"
        form.query_one("#quote", Input).value = "x"
        form.query_one("#source", Input).value = "nope"
        form.query_one("#text", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClaimForm)
        assert "unknown source 'nope'" in str(form.query_one("#form-error", Static).render())
        form.query_one("#source", Input).value = ""
        await pilot.press("enter")
        await settle(pilot)
        assert "give the quote's source" in str(form.query_one("#form-error", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        assert app.doc.map == before and not app.doc.dirty


async def test_note(map_path):
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        assert isinstance(app.screen, NoteForm)
        await type_text(pilot, "Ask about [sources]")
        await pilot.press("enter")
        await settle(pilot)
        (ann,) = app.doc.map.claims["thesis"].annotations
        assert ann.text == "Ask about [sources]" and ann.at
        assert "Ask about [sources]" in detail_text(app)


async def test_every_frame_shows_the_detail_of_the_claim_under_the_cursor(map_path, monkeypatch):
    """The detail pane follows the tree's cursor in the frame that draws the
    cursor, not a frame later (Tree.NodeHighlighted reached the app through
    three message queues: the tree's frame, then the detail's); keys that
    come fast end on the claim under the cursor."""
    from textual.screen import Screen

    seen: list[tuple[str | None, str | None]] = []
    real = Screen._on_timer_update
    watching = False

    def frame(self):
        real(self)
        if watching:
            node = app.tree.cursor_node
            cursor = node.data.cid if node is not None and node.data is not None else None
            seen.append((cursor, app._detail_of))
            assert f" {cursor}\n" in detail_text(app).split("\n\n")[0] + "\n"  # (the pane's first lines name it)

    monkeypatch.setattr(Screen, "_on_timer_update", frame)  # (before the screen's timer takes it)
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right")  # (thesis opened)
        await settle(pilot)
        watching = True
        for key in ("down", "down", "up", "down"):
            await pilot.press(key)
        await settle(pilot)
        assert len({cursor for cursor, _ in seen}) > 1
        assert all(cursor == shown for cursor, shown in seen), seen
        assert app.selected == app.tree.cursor_node.data.cid and app.selected in detail_text(app)


async def test_an_edit_draws_without_laying_out_the_map_screen(map_path, monkeypatch):
    """Adding a note (the first edit: the title gains its "●") changes what
    rows and panes say, never their sizes: the map's screen is drawn again,
    not laid out (a layout is a second frame for the key on a large map)."""
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await type_text(pilot, "x")
        layouts = spy_layouts(monkeypatch)
        await pilot.press("enter")
        await settle(pilot)
        assert "x" in [a.text for a in app.doc.map.claims["thesis"].annotations]
        title = app.query_one("HeaderTitle")  # (MapHeader's: drawn again without a layout)
        assert type(title).__name__ == "_SameSizeTitle" and "●" in str(title.render())
        assert app.title.startswith("● ")
        assert "Screen" not in layouts, layouts  # (the map's screen; the form's own is gone)


async def test_the_trees_rows_change_without_a_layout(map_path, monkeypatch):
    """A search, a filter or a new claim changes the tree's rows, never its
    size: the tree asks for no layout (Textual's does, and draws its
    scrollbars again in a second frame), and its scrollbars follow its rows."""
    from textual.widgets import Tree

    from argmap.tui.widgets import MapTree

    asked: list[bool] = []  # the layouts the map's tree asked Textual for
    real = Tree.refresh

    def refresh(self, *regions, **kwargs):
        if isinstance(self, MapTree) and kwargs.get("layout"):
            asked.append(True)
        return real(self, *regions, **kwargs)

    monkeypatch.setattr(Tree, "refresh", refresh)
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        tree = app.tree
        rows = tree.last_line
        asked.clear()
        await pilot.press("slash")
        await type_text(pilot, "objection")
        await settle(pilot)
        assert tree.shown_ids == {"thesis", "p1", "c1", "r1", "c2"} and tree.last_line != rows
        assert tree.vertical_scrollbar.window_virtual_size == tree.virtual_size.height == tree.last_line + 1
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("r")  # a rebuttal: a new row
        await type_text(pilot, "A new rebuttal")
        await pilot.press("enter")
        await settle(pilot)
        assert any(c.text == "A new rebuttal" for c in app.doc.map.claims.values())
        assert tree.vertical_scrollbar.window_virtual_size == tree.virtual_size.height == tree.last_line + 1
        assert asked == [], asked


def spy_layouts(monkeypatch) -> list[str]:
    """The screens laid out from now on (their class names), in order."""
    from textual.screen import Screen

    layouts: list[str] = []
    real = Screen._refresh_layout

    def refresh_layout(self, *args, **kwargs):
        layouts.append(type(self).__name__)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", refresh_layout)
    return layouts


async def test_edit(map_path):
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        form = app.screen
        assert form.query_one("#text", Input).value == "The thesis [citation needed]."
        form.query_one("#text", Input).value = "A sharper thesis."
        form.query_one("#strength", Input).value = "0.8"
        form.query_one("#tags", Input).value = "core"
        form.query_one("#text", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        c = app.doc.map.claims["thesis"]
        assert (c.text, c.strength, c.tags, c.kind) == ("A sharper thesis.", 0.8, ["core"], Kind.CONCLUSION)
        # a kind change that breaks a rule is refused inside the form
        await pilot.press("e")
        form = app.screen
        form.query_one("#kind", Select).value = Kind.REBUTTAL
        form.query_one("#strength", Input).value = "2"
        form.query_one("#text", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "strength must be a number from 0 to 1" in str(form.query_one("#form-error", Static).render())
        form.query_one("#strength", Input).value = ""
        await pilot.press("enter")
        await settle(pilot)
        assert "must attack or undercut" in str(form.query_one("#form-error", Static).render())
        await pilot.press("escape")
        assert app.doc.map.claims["thesis"].kind is Kind.CONCLUSION


async def test_delete_confirms_and_says_what_refers(map_path):
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_select_claim("p1")
        await settle(pilot)
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        message = str(app.screen.message)
        assert "Delete 'p1'" in message and "c1" in message and "u1" in message
        await pilot.press("n")
        await settle(pilot)
        assert "p1" in app.doc.map.claims
        await pilot.press("delete")
        await pilot.press("y")
        await settle(pilot)
        assert set(app.doc.map.claims) == {"thesis", "c2"}
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert set(app.doc.map.claims) == {"thesis", "p1", "c1", "r1", "c2", "u1"}


async def test_undo_redo_across_every_kind_of_edit(map_path):
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        original = app.doc.map.model_copy(deep=True)
        states = [original]
        await pilot.press("r")
        await type_text(pilot, "Reply")
        await pilot.press("enter")
        await settle(pilot)
        states.append(app.doc.map.model_copy(deep=True))
        app.action_select_claim("thesis")
        await settle(pilot)
        await pilot.press("n")
        await type_text(pilot, "note")
        await pilot.press("enter")
        await settle(pilot)
        states.append(app.doc.map.model_copy(deep=True))
        await pilot.press("e")
        app.screen.query_one("#text", Input).value = "Edited."
        await pilot.press("enter")
        await settle(pilot)
        states.append(app.doc.map.model_copy(deep=True))
        app.action_select_claim("c2")
        await settle(pilot)
        await pilot.press("delete", "y")
        await settle(pilot)
        states.append(app.doc.map.model_copy(deep=True))
        assert len({s.model_dump_json() for s in states}) == 5
        for expected in reversed(states[:-1]):
            await pilot.press("ctrl+z")
            await settle(pilot)
            assert app.doc.map == expected
        assert not app.doc.dirty and not recovery_path(map_path).exists()
        for expected in states[1:]:
            await pilot.press("ctrl+y")
            await settle(pilot)
            assert app.doc.map == expected
        assert app.doc.dirty


# -- saving, quitting, recovery ----------------------------------------------------------------


async def test_save(map_path):
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await type_text(pilot, "Saved reply")
        await pilot.press("enter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.doc.dirty and app.sub_title == "map.yaml"
        assert not recovery_path(map_path).exists()
    saved = load(map_path)
    assert saved.ok and saved.map.claims["saved-reply"].attacks == ["thesis"]


async def test_quit_prompt_cancel_discard_save(map_path):
    before = map_path.read_bytes()
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await type_text(pilot, "x")
        await pilot.press("enter")
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen) and "unsaved edits" in str(app.screen.message)
        await pilot.press("c")
        await settle(pilot)
        assert app.is_running
        await pilot.press("ctrl+q")
        await pilot.press("d")
        await settle(pilot)
    assert not app.is_running
    assert map_path.read_bytes() == before and not recovery_path(map_path).exists()

    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await type_text(pilot, "keep")
        await pilot.press("enter")
        await pilot.press("q", "s")
        await settle(pilot)
    assert load(map_path).map.claims["thesis"].annotations[0].text == "keep"


async def test_quit_without_edits_does_not_ask(map_path):
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
    assert not app.is_running


async def test_recovery_file_is_offered_on_open(map_path):
    doc, _ = Document.open(map_path)
    doc.apply(rebut(doc.map, "c2", "Unsaved answer")[0])
    del doc  # "crash": the recovery file stays
    assert recovery_path(map_path).exists()
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen) and "never saved" in str(app.screen.message)
        await pilot.press("r")
        await settle(pilot)
        assert "unsaved-answer" in app.doc.map.claims and app.doc.dirty
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert "unsaved-answer" in load(map_path).map.claims
    assert not recovery_path(map_path).exists()


async def test_recovery_can_be_discarded(map_path):
    doc, _ = Document.open(map_path)
    doc.apply(rebut(doc.map, "c2", "Unsaved answer")[0])
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert "unsaved-answer" not in app.doc.map.claims
    assert not recovery_path(map_path).exists()


async def test_external_change_offers_save_as_or_reload(map_path, tmp_path):
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await type_text(pilot, "mine")
        await pilot.press("enter")
        theirs = map_path.read_text().replace("An objection.", "Their objection.")
        map_path.write_text(theirs)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen) and "changed on disk" in str(app.screen.message)
        assert map_path.read_text() == theirs  # not overwritten
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = str(tmp_path / "mine.yaml")
        await pilot.press("enter")
        await settle(pilot)
        assert app.doc.path == tmp_path / "mine.yaml" and not app.doc.dirty
    assert load(tmp_path / "mine.yaml").map.claims["thesis"].annotations[0].text == "mine"
    assert map_path.read_text() == theirs

    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await type_text(pilot, "dropped")
        await pilot.press("enter")
        map_path.write_text(theirs.replace("Their objection.", "Newer objection."))
        await pilot.press("ctrl+s", "r")
        await settle(pilot)
        assert app.doc.map.claims["c1"].text == "Newer objection." and not app.doc.dirty


# -- other screens -------------------------------------------------------------------------


async def test_help_screen(map_path):
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)


async def test_error_screen_for_invalid_map(write_map):
    path = write_map("argmap: 1\ntitle: T\nclaims:\n  a: {kind: premise, text: [x}\n")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        lines = str(app.screen.query_one("#error-lines", Static).render())
        assert f"{path}:4:" in lines and "error:" in lines
        await pilot.press("q")
        await settle(pilot)
    assert app.return_code == 1


async def test_command_palette_goes_to_claims_and_runs_actions(map_path):
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "go to r1")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert app.selected == "r1"
        await pilot.press("ctrl+p")
        await type_text(pilot, "rebut the selected")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClaimForm) and "'r1'" in app.screen.form_title


async def test_large_map_expands_lazily(write_map):
    lines = ["argmap: 1", "title: Wide", "claims:", "  root: {kind: conclusion, text: Root}"]
    lines += [f"  p{i}: {{kind: premise, text: P {i}, supports: [root]}}" for i in range(1200)]
    path = write_map("\n".join(lines) + "\n")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        root = app.tree.root.children[0]
        assert len(root.children) == 0  # nothing below until expanded
        await pilot.press("right")
        await settle(pilot)
        from argmap.tui.widgets import CHUNK

        assert len(root.children) == CHUNK + 1 and f"{1200 - CHUNK} more" in str(root.children[-1].label)
        app.tree.reveal("p1100")
        await settle(pilot)
        assert app.selected == "p1100"


async def test_save_asks_before_dropping_comments(map_path):
    map_path.write_text(map_path.read_text().replace("  thesis:\n", "  thesis: # the main claim\n"))
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await type_text(pilot, "x")
        await pilot.press("enter", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen) and "YAML comments (line 12)" in str(app.screen.message)
        await pilot.press("c")
        await settle(pilot)
        assert "# the main claim" in map_path.read_text() and app.doc.dirty
        await pilot.press("ctrl+s", "s")
        await settle(pilot)
        assert not app.doc.dirty and "# the main claim" not in map_path.read_text()


async def test_evaluation_shown_and_updated_after_edits(map_path):
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        status = str(app.query_one("#status", Static).render())
        assert "thesis ✗" in status  # c2 stands against it
        assert "✗ out" in detail_text(app) and "Strength:" in detail_text(app)
        app.action_select_claim("c2")
        await settle(pilot)
        assert "✓ in" in detail_text(app)
        await pilot.press("r")
        await type_text(pilot, "Answer")
        await pilot.press("enter")
        await settle(pilot)
        assert app.evaluation.labels["c2"].value == "out"
        assert app.evaluation.labels["thesis"].value == "in"
        assert "thesis ✓" in str(app.query_one("#status", Static).render())


async def test_what_if_toggle(map_path):
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_select_claim("c2")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)  # the selected claim or a caveat tag (c1 is needs-check)
        await pilot.press("s")
        await settle(pilot)
        assert app.whatif == "c2"
        assert app.changes["thesis"].before_label.value == "out" and app.changes["thesis"].after_label.value == "in"
        root = app.tree.root.children[0]
        assert "Δ out→in" in str(root.label).split("  ")[0]  # before the text, so never cut off
        assert "what-if without 'c2'" in str(app.query_one("#status", Static).render())
        assert "Withdrawn in this what-if" in detail_text(app) and "⚠" not in detail_text(app)
        assert app.doc.map.claims.keys() >= {"c2"} and not app.doc.dirty  # nothing written
        await pilot.press("w")
        await settle(pilot)
        assert app.whatif is None and app.changes == {}
        assert "Δ" not in str(app.tree.root.children[0].label)


async def test_prep_view_jumps_to_claims(map_path, monkeypatch):
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("exclamation_mark")
        await settle(pilot)
        from argmap.tui.screens import PrepScreen

        assert isinstance(app.screen, PrepScreen)
        codes = [w.code for w in app.screen.warnings]
        assert "unanswered" in codes and "weak-conclusion" in codes
        first = app.screen.warnings[0].claim
        assert "for the pro side" in str(app.screen.query_one(".dialog-title").render())
        layouts = spy_layouts(monkeypatch)
        await pilot.press("s")  # prepare the other side
        await settle(pilot)
        assert isinstance(app.screen, PrepScreen) and app.screen.side == "con"
        assert layouts == []  # the title and the warning in full keep their size
        full = str(app.screen.query_one("#prep-full").render())
        assert full == app.screen.warnings[0].message
        assert app.perspective.value == "con"
        con_codes = {(w.code, w.claim) for w in app.screen.warnings}
        assert ("unanswered", "r1") in con_codes  # r1 stands against the con claim c1
        await pilot.press("s")
        await settle(pilot)
        first = app.screen.warnings[0].claim
        await pilot.press("enter")
        await settle(pilot)
        assert app.selected == first


def gate_con_prep(monkeypatch, gated: bool = True):
    """The app's prep checks, counted by side; with ``gated`` the con side's
    wait for the returned event (at most 10 s), as a slow worker would."""
    import threading

    import argmap.tui.app as app_module
    from argmap.analysis.evaluation import Side
    from argmap.analysis.prep import prep_checks

    calls: list[Side] = []
    gate = threading.Event()

    def counted(*args, **kwargs):
        calls.append(kwargs["perspective"])
        if kwargs["perspective"] is Side.CON and gated:
            gate.wait(10)
        return prep_checks(*args, **kwargs)

    monkeypatch.setattr(app_module, "prep_checks", counted)
    return calls, gate


@pytest.mark.parametrize("wait", [True, False], ids=["found while reading", "switched before found"])
async def test_prep_view_on_a_large_map_finds_the_other_side_while_it_is_read(map_path, monkeypatch, wait):
    """On a large map the other side's prep warnings are found in a worker as
    soon as the prep view opens: s shows them without finding them again
    (or, pressed before they are found, waits for those), the same as found
    on their own."""
    from argmap.analysis.evaluation import Side
    from argmap.analysis.prep import prep_checks
    from argmap.tui.screens import PrepScreen

    # the other side's are found only once s was pressed (wait=False)
    calls, gate = gate_con_prep(monkeypatch, gated=not wait)
    app = make_app(map_path)
    app.sync_limit = 0
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: not app.busy)
        assert calls == [Side.PRO]
        await pilot.press("exclamation_mark")
        if wait:
            await wait_for(pilot, lambda: not app.busy)
            assert calls == [Side.PRO, Side.CON]
        await pilot.press("s")
        if not wait:
            await pilot.pause(0.1)
            assert app.evaluating and calls == [Side.PRO, Side.CON]  # waiting for the worker's
            gate.set()
        await wait_for(pilot, lambda: isinstance(app.screen, PrepScreen) and app.screen.side == "con"
                       and not app.busy)
        assert calls == [Side.PRO, Side.CON]  # found once
        m = app.doc.map
        fresh = prep_checks(m, app.base_eval, Graph.of(m), perspective=Side.CON)
        assert [(w.code, w.claim) for w in app.screen.warnings] == [(w.code, w.claim) for w in fresh]


async def exported(app, pilot, timeout: float = 30) -> None:
    """Wait for the export (it runs in a worker) to finish."""
    import time

    from argmap.tui.screens import ExportScreen

    deadline = time.monotonic() + timeout
    await pilot.pause()
    while isinstance(app.screen, ExportScreen) and app.screen.exporting:
        assert time.monotonic() < deadline, "the export never finished"
        await pilot.pause(0.02)
    await settle(pilot)


async def test_export_form_writes_diagram_and_brief(map_path):
    import shutil

    from textual.widgets import Select

    from argmap.tui.screens import ExportScreen

    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#format", Select).value = "dot"
        await settle(pilot)
        path = app.screen.query_one("#path", Input)
        assert path.value == "map.dot"
        app.screen.query_one("#scope", Select).value = "subtree"
        app.screen.query_one("#depth", Input).value = "1"
        path.focus()
        await pilot.press("enter")
        await exported(app, pilot)
        assert not isinstance(app.screen, ExportScreen)
        dot = (map_path.parent / "map.dot").read_text()
        assert '"thesis" [label=<' in dot and '"p1" [label=<' in dot and '"c1"' not in dot
        await pilot.press("x")
        await settle(pilot)
        app.screen.query_one("#format", Select).value = "md"
        await settle(pilot)
        app.screen.query_one("#path", Input).focus()
        await pilot.press("enter")
        await exported(app, pilot)
        assert "### Frontlines" in (map_path.parent / "map.md").read_text()
        if shutil.which("dot"):
            await pilot.press("x")
            await settle(pilot)
            app.screen.query_one("#path", Input).value = "no-such-folder/pic.svg"
            app.screen.query_one("#path", Input).focus()
            await pilot.press("enter")
            await exported(app, pilot)
            assert isinstance(app.screen, ExportScreen)  # no such folder: said in the form
            assert "Could not write" in str(app.screen.query_one("#form-error", Static).render())


async def test_mouse_selects_and_expands(map_path):
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        tree = app.tree
        await pilot.click(tree, offset=(1, 0))  # the ▶ of the first row toggles it
        await settle(pilot)
        assert tree.root.children[0].is_expanded
        await pilot.click(tree, offset=(12, 1))  # the second row: p1
        await settle(pilot)
        assert app.selected == "p1"
        assert "First premise." in detail_text(app)


async def test_palette_has_our_actions_once_and_keeps_the_themes(map_path):
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Export a diagram" in titles and "Undo the last edit" in titles
        assert len(titles) == len(set(titles))  # Quit once: Textual's runs ours
        assert any("theme" in t.lower() for t in titles)  # ours come before Textual's, not instead


async def test_a_large_map_opens_in_the_background_behind_a_loading_screen(map_path, monkeypatch, tmp_path):
    """A map over OPEN_IN_BACKGROUND bytes is read in a worker: the loading
    screen names the file at once and q would quit; when the map is read,
    the tree and the first claim's detail are there. A broken one ends on
    the error screen, as a small one does."""
    import threading

    from argmap.tui import app as app_module
    from argmap.tui.screens import ErrorScreen, LoadingScreen

    monkeypatch.setattr(app_module, "OPEN_IN_BACKGROUND", 0)
    release = threading.Event()
    real_open = app_module.BackgroundDocument.open.__func__

    def slow_open(cls, path, ahead=None):
        assert release.wait(30)
        return real_open(cls, path, ahead)

    monkeypatch.setattr(app_module.BackgroundDocument, "open", classmethod(slow_open))
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoadingScreen) and app.doc is None
        assert map_path.name in str(app.screen.query_one(".dialog-title", Label).render())
        await pilot.press("down", "n")  # nothing to act on yet: no error
        assert isinstance(app.screen, LoadingScreen)
        release.set()
        await wait_for(pilot, lambda: app.selected is not None)
        await settle(pilot)
        assert not isinstance(app.screen, LoadingScreen)
        assert app.selected == "thesis" and "thesis" in detail_text(app)
        # the loading screen is removed at once, not kept as closed dialogs are (its timer would tick on)
        assert not any(isinstance(s, LoadingScreen) for s in app._dialogs)

    broken = tmp_path / "broken.yaml"
    broken.write_text("argmap: 1\ntitle: T\nclaims:\n  a: {kind: conclusoin, text: A}\n")
    app = make_app(broken)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ErrorScreen))
        assert isinstance(app.screen, ErrorScreen)
        assert "conclusoin" in str(app.screen.query_one("#error-lines", Static).render())


async def test_a_redraw_of_the_same_claim_keeps_the_related_claims_cursor(map_path):
    """The detail pane is drawn again when work in the background ends (an
    evaluation, the words counted): the related claim under the cursor stays
    there, so enter goes where the user pointed."""
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        links = app.query_one("#links", LineList)
        assert app.selected == "thesis" and links.count == 2
        links.focus()
        await pilot.press("down")
        assert links.cursor == 1
        app.show_detail(app.selected)  # as when an evaluation comes in
        await pilot.pause()
        assert links.cursor == 1
        await pilot.press("enter")
        await settle(pilot)
        assert app.selected == "c2"  # "attacked by c2", the second


async def test_prep_view_while_the_other_side_is_found(map_path, monkeypatch):
    """On a large map: s while the other side's warnings are being found does
    nothing more; the view closed and opened again meanwhile says they are
    being found and shows them once found, with the list focused."""
    from argmap.analysis.evaluation import Side
    from argmap.analysis.prep import prep_checks
    from argmap.tui.screens import PrepScreen

    _, gate = gate_con_prep(monkeypatch)
    app = make_app(map_path)
    app.sync_limit = 0
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: not app.busy)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, PrepScreen)
        await pilot.press("s")
        await pilot.pause(0.1)
        title = str(app.screen.query_one(".dialog-title", Label).render())
        assert "con side: finding" in title and app.perspective is Side.CON
        await pilot.press("s")  # ignored while finding
        await pilot.pause(0.1)
        assert app.perspective is Side.CON and app.screen.waiting
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("exclamation_mark")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PrepScreen) and screen.waiting
        assert "con side: finding" in str(screen.query_one(".dialog-title", Label).render())
        gate.set()
        await wait_for(pilot, lambda: not app.busy and not screen.waiting)
        assert not screen.waiting and screen.side == "con"
        assert "con side: " in str(screen.query_one(".dialog-title", Label).render())
        m = app.doc.map
        fresh = prep_checks(m, app.base_eval, Graph.of(m), perspective=Side.CON)
        assert [(w.code, w.claim) for w in screen.warnings] == [(w.code, w.claim) for w in fresh]
        if screen.warnings:
            assert app.focused is screen.query_one(LineList)


async def test_a_wide_pane_says_the_relations_in_words(map_path):
    app = make_app(map_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        app.action_select_claim("p1")
        await settle(pilot)
        links = app.query_one("#links", LineList)
        prompts = [str(links.item(i)).split("  ")[0] for i in range(links.count)]
        assert "supports thesis" in prompts and "attacked by c1" in prompts
        assert "undercut by (link to thesis) u1" in prompts
