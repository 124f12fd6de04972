"""Workers give way while a key is drawn (model/giveway.py): a thread that
holds makes the others wait at their next give_way(), never itself, and
never longer than MAX_WAIT; the TUI holds from a key till its frame."""

from __future__ import annotations

import importlib.util
import threading
import time
from pathlib import Path

import pytest

from argmap.model import giveway


@pytest.fixture(autouse=True)
def _released():
    yield
    giveway.release()


def _worker_steps(steps: list[float], n: int) -> threading.Thread:
    def run() -> None:
        for _ in range(n):
            giveway.give_way()
            steps.append(time.monotonic())

    t = threading.Thread(target=run)
    t.start()
    return t


def test_a_worker_waits_while_held_and_goes_on_when_released():
    giveway.hold()
    steps: list[float] = []
    t = _worker_steps(steps, 3)
    time.sleep(0.1)
    assert steps == []  # held: the worker waits at its first give_way()
    released = time.monotonic()
    giveway.release()
    t.join(5)
    assert len(steps) == 3 and steps[0] >= released


def test_the_holder_never_waits_for_itself_and_a_worker_waits_at_most_max_wait(monkeypatch):
    monkeypatch.setattr(giveway, "MAX_WAIT", 0.05)
    giveway.hold()
    start = time.monotonic()
    for _ in range(100):
        giveway.give_way()  # the holding thread: no wait
    assert time.monotonic() - start < 0.05
    steps: list[float] = []
    t = _worker_steps(steps, 4)  # never released: each give_way() waits MAX_WAIT, then goes on
    t.join(5)
    assert len(steps) == 4 and steps[-1] - start >= 4 * 0.05 * 0.9


def test_a_hold_never_released_stops_a_worker_only_briefly(monkeypatch):
    monkeypatch.setattr(giveway, "MAX_HOLD", 0.2)
    giveway.hold()  # and never released
    steps: list[float] = []
    start = time.monotonic()
    t = _worker_steps(steps, 1000)
    t.join(5)
    assert len(steps) == 1000 and steps[-1] - start < 2.0  # not 1,000 waits of MAX_WAIT


def test_not_held_costs_nothing():
    start = time.perf_counter()
    for _ in range(100_000):
        giveway.give_way()
    assert not giveway.held()
    assert time.perf_counter() - start < 1.0


async def test_a_key_holds_the_workers_till_its_frame(small_map, monkeypatch):
    from argmap.tui.app import ArgmapApp

    from .conftest import wait_for

    calls: list[str] = []
    monkeypatch.setattr(giveway, "hold", lambda real=giveway.hold: (calls.append("hold"), real())[-1])
    monkeypatch.setattr(giveway, "release", lambda real=giveway.release: (calls.append("release"), real())[-1])
    app = ArgmapApp(small_map, blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: not app.busy)
        for key in ("down", "ctrl+t"):  # a key that changes the screen, and one that changes nothing
            calls.clear()
            await pilot.press(key)
            assert calls and calls[0] == "hold"
            await wait_for(pilot, lambda: not giveway.held(), timeout=2)
            assert not giveway.held() and calls[-1] == "release"


def test_writing_a_map_in_a_thread_waits_while_held():
    """The recovery file is written in a thread (tui/background.py): its dump
    of the map pauses while a key is drawn, claim by claim (at 100,000 claims
    the first one, of the whole map twice, made a search letter wait 160 ms)."""
    from argmap.io import dump

    spec = importlib.util.spec_from_file_location("genmap", Path(__file__).resolve().parents[1] / "benchmarks" / "genmap.py")
    assert spec is not None and spec.loader is not None
    genmap = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(genmap)
    m = genmap.generate(300)
    text: list[str] = []
    giveway.hold()
    t = threading.Thread(target=lambda: text.append(dump(m)))
    t.start()
    time.sleep(0.1)
    assert text == [] and t.is_alive()  # held: the dump waits at its first claim
    giveway.release()
    t.join(10)
    assert text == [dump(m)]


def test_zipped_is_dict_zip_in_chunks_that_wait_while_held(monkeypatch):
    monkeypatch.setattr(giveway, "CHUNK", 3)
    keys, values = [f"k{i}" for i in range(10)], list(range(10))
    assert giveway.zipped(keys, values) == dict(zip(keys, values, strict=True))
    assert giveway.zipped([], []) == {}
    with pytest.raises(ValueError):
        giveway.zipped(keys, values[:-1])
    waits: list[int] = []
    monkeypatch.setattr(giveway, "give_way", lambda: waits.append(1))
    giveway.zipped(keys, values)
    assert len(waits) == 4  # one before each chunk of 3
