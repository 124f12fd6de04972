"""The TUI's explanations (y, the reason under the label), caveat marks,
semantics, what-if by tag, and the changes since the last save (D)."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, Static

from argmap.analysis.semantics import Semantics
from argmap.io import load
from argmap.tui.app import ArgmapApp
from argmap.tui.changes import ChangesScreen
from argmap.tui.explain import ExplainScreen
from argmap.tui.screens import ChoiceScreen, HelpScreen
from argmap.tui.textpane import TextPane

from .conftest import wait_for

SIZE = (110, 34)

MAP = """
argmap: 1
title: Explain test map
claims:
  thesis:
    kind: conclusion
    text: The thesis.
  p1:
    kind: premise
    text: A premise [b]bold[/b].
    supports: [thesis]
    strength: 0.9
  c2:
    kind: counterpoint
    text: An objection.
    attacks: [thesis]
    tags: [needs-check]
    strength: 0.4
  r1:
    kind: rebuttal
    text: A weak reply.
    attacks: [c2]
    strength: 0.1
    tags: [rhetoric]
"""


@pytest.fixture
def map_path(write_map):
    path = write_map(MAP)
    assert load(path).ok
    return path


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.pause()


def detail(app: ArgmapApp) -> str:
    return str(app.query_one("#detail", TextPane).render())


def status(app: ArgmapApp) -> str:
    return str(app.query_one("#status", Static).render())


def row(app: ArgmapApp, cid: str) -> str:
    app.tree.reveal(cid)
    return next(str(n.label) for n in app.tree._all_nodes() if n.data is not None and n.data.cid == cid)


@pytest.mark.parametrize("large", [False, True], ids=["small", "large map: explained in a worker"])
async def test_reason_under_the_label(map_path, large):
    app = ArgmapApp(map_path, blink=False)
    if large:
        app.sync_limit = 0  # as on a map over the limit: evaluation and explanation in workers
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: not app.busy and "stands [in]" in detail(app))  # once the worker is done
        # r1 falls to nothing? no: r1 is unattacked, so it stands and c2 falls
        assert "stands [in]: every attack is answered: 'c2' falls to 'r1'" in detail(app)
        app.action_select_claim("c2")
        await settle(pilot)
        assert "falls [out]: 'r1' defeats it and nothing answers it" in detail(app)


async def test_why_screen_lists_named_claims_and_jumps(map_path):
    app = ArgmapApp(map_path, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExplainScreen)
        text = str(screen.query_one("#explain-text", Static).render())
        assert "thesis: stands [in]" in text and "Chain of attacks:" in text and "Strength:" in text
        names = screen.query_one("#explain-names", OptionList)
        ids = [names.get_option_at_index(i).id for i in range(names.option_count)]
        assert ids == ["c:c2", "c:r1", "c:p1"]
        assert "[b]bold[/b]" in str(names.get_option_at_index(2).prompt)  # plain text, not markup
        await pilot.press("down", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, ExplainScreen)
        assert app.selected == "r1"


async def test_caveat_marks_in_tree_detail_and_help(map_path):
    app = ArgmapApp(map_path, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "c2 ⚑" in row(app, "c2") and "r1 ❝" in row(app, "r1")
        assert "⚑" not in row(app, "p1")
        app.action_select_claim("c2")
        await settle(pilot)
        assert "Caveat: ⚑ unverified" in detail(app)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        help_text = "\n".join(str(s.render()) for s in app.screen.query(Static))
        assert "⚑ unverified" in help_text and "◌ implicit" in help_text and "y " in help_text


async def test_semantics_switch_and_start(map_path):
    app = ArgmapApp(map_path, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.evaluation.labels["c2"].value == "out"
        assert "preference" not in status(app)
        app.action_semantics()
        await settle(pilot)
        # r1 (0.1) cannot defeat c2 (0.4) under preference semantics
        assert app.evaluation.semantics is Semantics.PREFERENCE
        assert app.evaluation.labels["c2"].value == "in"
        assert "semantics: preference" in status(app)
        assert "stands [in]: every attack is answered: 'c2''s attack fails" in detail(app)
    app = ArgmapApp(map_path, blink=False, semantics=Semantics.PREFERENCE)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.evaluation.labels["c2"].value == "in"
        assert "semantics: preference" in status(app)
        cmds = [c.title for c in app.get_system_commands(app.screen)]
        assert "Semantics: switch to grounded" in cmds


async def test_whatif_offers_claim_or_tag(map_path):
    app = ArgmapApp(map_path, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("n")  # without tag needs-check
        await settle(pilot)
        assert app.without_tag == "needs-check" and app.whatif is None
        assert "c2" not in app.evaluation.labels and "r1" in app.evaluation.labels
        assert "⊘" in row(app, "c2")
        assert "without tag needs-check" in status(app)
        await pilot.press("w")
        await settle(pilot)
        assert app.without_tag is None and "c2" in app.evaluation.labels
        app.action_select_claim("p1")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert app.whatif == "p1" and "p1" not in app.evaluation.labels


async def test_changes_since_save_and_conflicts(write_map):
    text = MAP + """    annotations:
      - {text: "conflict: text: theirs [red]x[/red]", by: argmap merge}
"""
    path = write_map(text)
    assert load(path).ok
    app = ArgmapApp(path, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_select_claim("p1")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        for ch in "New reply":
            await pilot.press("space" if ch == " " else ch)
        await pilot.press("enter")  # submits the form
        await settle(pilot)
        added = [c for c in app.doc.map.claims if c not in ("thesis", "p1", "c2", "r1")]
        assert len(added) == 1
        new = added[0]
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, ChangesScreen)
        options = app.screen.query_one("#changes-options", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert prompts[0].startswith("conflict r1") and "[red]x[/red]" in prompts[0]
        assert any(p.startswith(f"added   {new}") for p in prompts)
        await pilot.press("enter")  # the conflict: jump to r1
        await settle(pilot)
        assert app.selected == "r1"
        assert "✎" in row(app, new) and "✎" not in row(app, "thesis")
        await pilot.press("D")
        await settle(pilot)
        assert "✎" not in row(app, new)
        await settle(pilot)


def test_since_outside_git_is_a_clear_error(map_path, cli):
    r = cli("--since", "HEAD", str(map_path), cwd=map_path.parent)
    assert r.code == 2
    assert r.err.startswith("argmap: error: --since HEAD: git could not show map.yaml")


async def test_since_a_git_revision(map_path):
    import subprocess

    from argmap.cli import _since_map

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(map_path.parent), *args], check=True, capture_output=True, timeout=30)

    git("init", "-q")
    git("add", "map.yaml")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "first")
    map_path.write_text(map_path.read_text().replace("An objection.", "A sharper objection."))
    since = _since_map(str(map_path), "HEAD")
    app = ArgmapApp(map_path, blink=False, since=since)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, ChangesScreen)
        options = app.screen.query_one("#changes-options", OptionList)
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == ["c:c2"]
        await pilot.press("escape")
        await settle(pilot)
        assert "✎" in row(app, "c2") and "✎" not in row(app, "thesis")
        await settle(pilot)


async def test_why_on_a_large_map_waits_for_the_explanations_without_blocking(map_path, monkeypatch):
    """On a large map the explanations are indexed in a worker: y pressed
    before they are ready says so, the cursor still moves, and the
    explanation opens (for the claim y was pressed on) once they are."""
    import threading

    from argmap.analysis.explain import Explainer

    ready = threading.Event()
    prepare = Explainer.prepare

    def slow_prepare(self: Explainer) -> Explainer:
        ready.wait(10)
        return prepare(self)

    monkeypatch.setattr(Explainer, "prepare", slow_prepare)
    app = ArgmapApp(map_path, blink=False)
    app.sync_limit = 0
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: app.evaluation is not None and not app.evaluating)
        app.action_select_claim("c2")
        await settle(pilot)
        await pilot.press("y")
        await pilot.pause(0.1)
        assert not isinstance(app.screen, ExplainScreen)
        assert any("Preparing the explanations" in str(n.message) for n in app._notifications)
        await pilot.press("up")  # the app answers meanwhile
        await wait_for(pilot, lambda: app.selected != "c2", timeout=2)
        assert app.selected != "c2" and not isinstance(app.screen, ExplainScreen)
        ready.set()
        await wait_for(pilot, lambda: isinstance(app.screen, ExplainScreen) and app.screen.query("#explain-text"))
        text = str(app.screen.query_one("#explain-text", Static).render())
        assert text.startswith("c2:"), text[:80]


async def test_changes_view_marks_follow_later_edits(map_path):
    """With the changes since the save marked (D), an edit made afterwards
    is marked too, and undoing it takes its mark away."""
    app = ArgmapApp(map_path, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_select_claim("p1")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        for ch in "first":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, ChangesScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert "✎" in row(app, "p1") and "✎" not in row(app, "thesis")
        app.action_select_claim("thesis")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        for ch in "second":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot)
        assert "second" in app.doc.map.claims["thesis"].annotations[-1].text
        assert "✎" in row(app, "thesis") and "✎" in row(app, "p1")
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "✎" not in row(app, "thesis") and "✎" in row(app, "p1")
