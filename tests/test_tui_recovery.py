"""The TUI's recovery prompt: after a crash, unsaved edits are offered;
when the file changed on disk meanwhile the prompt says so and offers to
merge, to restore as a copy, or to discard; never a silent overwrite."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from textual.widgets import Input

from argmap.io import load
from argmap.io.document import Document, recovery_path
from argmap.model.ops import replace_claim
from argmap.tui.screens import ChoiceScreen, PromptScreen

from .conftest import ROOT
from .test_tui import SIZE, make_app, map_path, settle  # noqa: F401  (map_path is a fixture)

_EDITOR = """
import sys
from argmap.io.document import Document
from argmap.model.ops import rebut
doc, _ = Document.open(sys.argv[1])
doc.apply(rebut(doc.map, "c2", "Unsaved answer")[0])
sys.stdout.write("edited\\n"); sys.stdout.flush()
for i in range(100000):
    doc.apply(rebut(doc.map, "c2", f"Later answer {i}")[0])
"""


def kill_between_edits(path) -> None:
    """A child process edits through Document and is SIGKILLed mid-way."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    p = subprocess.Popen([sys.executable, "-c", _EDITOR, str(path)], stdout=subprocess.PIPE, env=env)
    try:
        assert p.stdout.readline() == b"edited\n"
    finally:
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=30)
        p.stdout.close()
    assert recovery_path(path).exists()


def change_on_disk(path, old: str, new: str) -> str:
    text = path.read_text().replace(old, new)
    path.write_text(text)
    return text


def message(app) -> str:
    assert isinstance(app.screen, ChoiceScreen), app.screen
    return str(app.screen.message)


async def test_killed_editor_then_file_changed_prompt_says_changed_and_merges(map_path):
    kill_between_edits(map_path)
    change_on_disk(map_path, "An objection.", "Their objection.")
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = message(app)
        assert "changed on disk" in text and "changed c1" in text  # which claims changed there
        assert "added unsaved-answer" in text  # which claims the edits add
        assert "can be merged onto the file as it is now (added unsaved-answer" in text
        await pilot.press("m")
        await settle(pilot)
        assert app.doc.map.claims["c1"].text == "Their objection."
        assert "unsaved-answer" in app.doc.map.claims and app.doc.dirty
        await pilot.press("ctrl+s")
        await settle(pilot)
    saved = load(map_path).map
    assert saved.claims["c1"].text == "Their objection." and "unsaved-answer" in saved.claims
    assert not recovery_path(map_path).exists()


async def test_conflicting_edits_are_marked_when_merged(map_path):
    doc, _ = Document.open(map_path)
    doc.apply(replace_claim(doc.map, "c1", doc.map.claims["c1"].model_copy(update={"text": "My objection."})))
    del doc
    change_on_disk(map_path, "An objection.", "Their objection.")
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = message(app)
        assert "changed on disk" in text and "Both changed the same thing (c1: text)" in text
        await pilot.press("m")
        await settle(pilot)
        c1 = app.doc.map.claims["c1"]
        assert c1.text == "My objection."
        assert c1.annotations[-1].text == "conflict: theirs changed text to Their objection."


async def test_restore_as_a_copy_leaves_the_changed_file(map_path, tmp_path):
    kill_between_edits(map_path)
    theirs = change_on_disk(map_path, "An objection.", "Their objection.")
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = str(map_path)  # an existing file is refused
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = str(tmp_path / "mine.yaml")
        await pilot.press("enter")
        await settle(pilot)
        assert app.doc.path == tmp_path / "mine.yaml" and not app.doc.dirty
    copy = load(tmp_path / "mine.yaml").map
    assert "unsaved-answer" in copy.claims and copy.claims["c1"].text == "An objection."
    assert map_path.read_text() == theirs
    assert not recovery_path(map_path).exists()


async def test_discard_after_external_change(map_path):
    kill_between_edits(map_path)
    theirs = change_on_disk(map_path, "An objection.", "Their objection.")
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert "unsaved-answer" not in app.doc.map.claims and not app.doc.dirty
    assert map_path.read_text() == theirs and not recovery_path(map_path).exists()


async def test_escape_keeps_the_edits_aside(map_path):
    kill_between_edits(map_path)
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Restoring them added unsaved-answer" in message(app)
        await pilot.press("escape")
        await settle(pilot)
        assert not app.doc.dirty
    kept = recovery_path(map_path).with_name(recovery_path(map_path).name + ".kept")
    assert "unsaved-answer" in load(kept).map.claims  # a map argmap can open
    assert not recovery_path(map_path).exists()


async def test_bad_recovery_is_reported_not_offered(map_path):
    recovery_path(map_path).write_text("argmap: 1\ntitle: [oops\n")
    app = make_app(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not isinstance(app.screen, ChoiceScreen)
        notes = [str(n.message) for n in app._notifications]
        assert any("could not be recovered" in n and ".map.yaml.recovery.bad" in n for n in notes), notes
