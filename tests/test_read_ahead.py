"""A large map's YAML parsed in a child process while the TUI starts
(io/ahead.py): the load says exactly what it says without it, whatever the
child does, and no child is left behind."""

from __future__ import annotations

import os
import signal

import pytest

from argmap.io import ahead, load
from argmap.tui.app import ArgmapApp

from .conftest import wait_for
from .test_large_map_reading import PAD, _big

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the read-ahead needs fork")


def said(loaded) -> tuple:
    return (
        [str(d) for d in loaded.diagnostics],
        loaded.ok,
        loaded.digest,
        loaded.map.model_dump() if loaded.ok else None,
    )


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.parametrize(
    "extra",
    [
        "",
        "  c5:\n    kind: premise\n    text: a duplicate key\n",  # duplicates: located by a second read
        "  bad:\n    kind: premise\n    text: [unclosed\n",  # a YAML error: the child gives up
        "  odd:\n    kind: premis\n    text: a kind misspelt\n",  # a map error: the models say what
    ],
    ids=["valid", "duplicate key", "yaml error", "map error"],
)
def test_a_load_given_the_read_ahead_says_what_it_says_without(write_map, extra):
    path = write_map(_big(4000, extra=extra))
    assert path.stat().st_size >= ahead.MIN_BYTES
    expected = said(load(path))
    started = ahead.start(path)
    assert started is not None
    assert said(load(path, ahead=started)) == expected
    assert (started.result() is None) == ("unclosed" in extra)  # the child read it, unless YAML is broken
    assert gone(started.pid)  # reaped


def test_a_killed_child_only_costs_the_time_it_saved(write_map):
    path = write_map(_big(4000))
    expected = said(load(path))
    started = ahead.start(path)
    assert started is not None
    os.kill(started.pid, signal.SIGKILL)
    assert started.result() is None
    assert said(load(path, ahead=started)) == expected


def test_no_child_for_a_small_file_or_another_format(write_map):
    assert ahead.start(write_map(_big(20))) is None
    big = _big(4000) + PAD
    assert ahead.start(write_map(big, name="m.json")) is None
    assert ahead.start(write_map(b"x", name="missing/../nothing.yaml").parent / "nope.yaml") is None


def test_a_child_not_needed_is_stopped(write_map):
    path = write_map(_big(4000))
    started = ahead.start(path)
    assert started is not None
    other = write_map(_big(30), name="other.yaml")
    assert load(other, ahead=started).ok  # another file: not used
    started.cancel()
    assert gone(started.pid)


async def test_the_tui_opens_a_large_map_read_ahead(write_map):
    path = write_map(_big(4000))
    started = ahead.start(path)
    assert started is not None
    app = ArgmapApp(path, blink=False, ahead=started)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.doc is not None and app.selected is not None)
        assert app.doc is not None and len(app.doc.map.claims) == 4000
        assert app.doc.digest == load(path).digest
    assert gone(started.pid)


def test_a_file_read_with_positions_does_not_wait_for_the_child(write_map):
    """Over a megabyte but under a million characters (text not ASCII), the
    loader reads the text with positions itself: it does not wait for the
    child, which is stopped once the map is open, and nothing is kept."""
    from argmap.io.document import Document

    wide = _big(2600, extra="# " + "\u2014" * 200_000 + "\n")  # 3 bytes a character
    path = write_map(wide)
    assert path.stat().st_size >= ahead.MIN_BYTES > len(wide.decode())
    started = ahead.start(path)
    assert started is not None
    expected = said(load(path))
    assert said(load(path, ahead=started)) == expected
    assert not gone(started.pid)  # not waited for (nor reaped)
    doc, loaded = Document.open(path, started)
    assert said(loaded) == expected and doc is not None
    assert gone(started.pid) and started.data == b"" and started.result() is None
