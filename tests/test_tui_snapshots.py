"""Snapshots of the main screen, a form, the help screen and the error screen.

Update after an intended change of look: pytest tests/test_tui_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from argmap.tui.app import ArgmapApp

from .test_tui import TUI_MAP


@pytest.fixture
def in_tmp(write_map, tmp_path, monkeypatch):
    (tmp_path / "source.txt").write_text("It says: the first premise, and more.\n", encoding="utf-8")
    write_map(TUI_MAP)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_main_screen(snap_compare, in_tmp):
    assert snap_compare(ArgmapApp("map.yaml", blink=False), terminal_size=(110, 30), press=["right", "down", "right"])


def test_main_screen_80x24(snap_compare, in_tmp):
    assert snap_compare(ArgmapApp("map.yaml", blink=False), terminal_size=(80, 24))


def test_rebut_form(snap_compare, in_tmp):
    assert snap_compare(ArgmapApp("map.yaml", blink=False), terminal_size=(110, 34), press=["r", "N", "o"])


def test_help_screen(snap_compare, in_tmp):
    assert snap_compare(ArgmapApp("map.yaml", blink=False), terminal_size=(110, 40), press=["question_mark"])


def test_error_screen(snap_compare, write_map, tmp_path, monkeypatch):
    write_map("argmap: 1\ntitle: T\nclaims:\n  a: {kind: premis, text: x, suports: [b]}\n", name="bad.yaml")
    monkeypatch.chdir(tmp_path)
    assert snap_compare(ArgmapApp("bad.yaml", blink=False), terminal_size=(110, 24))
