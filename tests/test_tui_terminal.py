"""The real `argmap` command in a real terminal (tmux): open, rebut, save, quit."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time

import pytest

from argmap.io import load

from .test_tui import TUI_MAP

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout


def wait_for(session: str, text: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared; screen:\n{screen}")


def quit_with_status(session: str, status) -> None:
    """Press q and wait for the command's exit status, which must be 0."""
    tmux("send-keys", "-t", session, "q")
    deadline = time.monotonic() + 20
    while not status.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert status.read_text().strip() == "0"


def test_real_terminal_session(write_map, tmp_path):
    (tmp_path / "source.txt").write_text("It says: the first premise, and more.\n", encoding="utf-8")
    path = write_map(TUI_MAP)
    session = f"argmap-test-{os.getpid()}"
    status = tmp_path / "status"
    cmd = f"{shlex.quote(sys.executable)} -m argmap {shlex.quote(str(path))}; echo $? > {shlex.quote(str(status))}"
    tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", cmd)
    try:
        screen = wait_for(session, "TUI test map")
        assert "thesis" in screen and "The thesis [citation needed]." in screen
        tmux("send-keys", "-t", session, "r")
        wait_for(session, "Rebut 'thesis'")
        tmux("send-keys", "-t", session, "-l", "Typed in a real terminal")
        tmux("send-keys", "-t", session, "Enter")
        screen = wait_for(session, "● TUI test map")
        assert "typed-in-a-real-terminal" in screen
        tmux("send-keys", "-t", session, "C-s")
        wait_for(session, "Saved map.yaml")
        quit_with_status(session, status)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    m = load(path).map
    assert m.claims["typed-in-a-real-terminal"].attacks == ["thesis"]


def test_opening_a_missing_map_on_a_terminal_offers_to_create_it(tmp_path):
    (tmp_path / "speech.txt").write_text("A Speech\n\nWe should build it.\n", encoding="utf-8")
    path = tmp_path / "fresh.yaml"
    session = f"argmap-new-{os.getpid()}"
    status = tmp_path / "status"
    cmd = (f"cd {shlex.quote(str(tmp_path))} && {shlex.quote(sys.executable)} -m argmap fresh.yaml; "
           f"echo $? > {shlex.quote(str(status))}")
    tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", cmd)
    try:
        wait_for(session, "fresh.yaml does not exist. Create a new map there? [y/N]")
        for answer, next_prompt in (("y", "Title of the map:"), ("Trams", "Thesis"), ("Build it.", "Source text"),
                                    ("speech.txt", "Trams")):
            tmux("send-keys", "-t", session, "-l", answer)
            tmux("send-keys", "-t", session, "Enter")
            wait_for(session, next_prompt)
        tmux("send-keys", "-t", session, "s")  # the source pane, on the copied text
        wait_for(session, "0 of 2 sentences quoted")
        tmux("send-keys", "-t", session, "Escape")
        deadline = time.monotonic() + 20  # the pane closed (a q sent at once would read as alt+q)
        while "sentences quoted" in tmux("capture-pane", "-p", "-t", session) and time.monotonic() < deadline:
            time.sleep(0.2)
        quit_with_status(session, status)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    m = load(path).map
    assert m.title == "Trams" and m.claims["thesis"].text == "Build it."
    assert m.sources["speech"].file == "sources/speech.txt" and (tmp_path / "sources" / "speech.txt").exists()


def test_a_large_map_in_a_real_terminal_read_ahead(write_map, tmp_path):
    """A map over a megabyte is parsed in a child process while the TUI
    starts (io/ahead.py): in the real command it opens, takes an edit and
    saves, and no child is left behind."""
    from .test_large_map_reading import _big

    path = write_map(_big(4000))
    session = f"argmap-big-{os.getpid()}"
    status = tmp_path / "status"
    cmd = (f"{shlex.quote(sys.executable)} -m argmap {shlex.quote(str(path))}; "
           f"echo $? > {shlex.quote(str(status))}")
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "30", cmd)
    try:
        wait_for(session, "Großes Bild")
        screen = wait_for(session, "conclusions stand", timeout=60)
        assert " c0 " in screen
        tmux("send-keys", "-t", session, "n")
        wait_for(session, "Note on")
        tmux("send-keys", "-t", session, "-l", "noted in a large map")
        tmux("send-keys", "-t", session, "Enter")
        wait_for(session, "● Großes Bild")
        tmux("send-keys", "-t", session, "C-s")
        wait_for(session, "Saved map.yaml", timeout=60)
        ps = subprocess.run(["ps", "-ewwo", "pid=,comm=,args="], capture_output=True, text=True).stdout
        running = [line for line in ps.splitlines() if f"-m argmap {path}" in line and " python" in line]
        assert len(running) == 1, running  # the TUI alone: the child (a fork, the same command line) has gone
        quit_with_status(session, status)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    loaded = load(path)
    assert loaded.ok and len(loaded.map.claims) == 4000
    assert "noted in a large map" in path.read_text(encoding="utf-8")
