"""What the user sees: from a key press to the screen updated, in the TUI
driven by Textual's pilot (headless, the whole app: widgets, layout and the
compositor's render of every frame).

For each key the clock starts when the key is put on the app's queue, as
the terminal's driver puts it (not ``pilot.press``, which then waits for the
process to go idle: 40 ms at least, up to 2 s while a worker runs), and stops
when the change is on screen (the pilot pauses, frame by frame, until the
widgets show it and the screen has refreshed).  Two figures where the app answers at once and
finishes in the background: "answered" (the key's first visible effect: the
cursor moved, the typed letter, the pending marks) and "done" (the result:
the search count, the evaluation marks).  Wall-clock figures on a loaded
machine include waiting for a CPU: the process's CPU time per key (all its
threads) is printed beside them.

The first table is the floor: a bare Textual app of the same size and
shape, measured the same way in the same run.

    python benchmarks/bench_tui.py [--claims 1000 10000 100000] [--repeat 15] [--json OUT]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from genmap import generate

from argmap.io import dump
from argmap.tui.textpane import TextPane

SIZE = (160, 45)


def ms(xs: list[float]) -> dict[str, float]:
    xs = sorted(xs)
    p95 = xs[min(len(xs) - 1, max(0, round(0.95 * len(xs)) - 1))]
    return {"median": round(statistics.median(xs) * 1000, 1), "p95": round(p95 * 1000, 1), "n": len(xs)}


async def send_key(pilot, key: str) -> None:
    """The key as the terminal sends it: onto the app's queue, nothing more.
    (``pilot.press`` then waits till the process's CPU is idle, at least 40 ms
    in 20 ms sleeps and up to 2 s while a worker runs: the harness's time, not
    the app's.)"""
    import unicodedata

    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    event = events.Key(key, char)
    event.set_sender(pilot.app)
    pilot.app._driver.send_message(event)
    await asyncio.sleep(0)


async def until(pilot, cond: Callable[[], bool], timeout: float = 60.0) -> None:
    """Pause frame by frame until ``cond`` holds, then once more so the
    frame that shows it is rendered.  ``pilot.pause(delay)``: every widget's
    messages handled, then the screen rendered; without a delay the pilot
    would also wait for the CPU to go idle (up to 1 s, not what we measure)."""
    deadline = time.perf_counter() + timeout
    while not cond():
        if time.perf_counter() > deadline:
            raise TimeoutError("the screen never showed the change")
        await pilot.pause(0.002)
    await pilot.pause(0)


async def measure(n: int, repeat: int) -> dict[str, dict[str, float]]:
    from textual.widgets import Input, Static

    from argmap.tui.app import ArgmapApp

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"map-{n}.yaml"
        path.write_text(dump(generate(n)), encoding="utf-8")
        out: dict[str, list[float]] = {}

        cpu: dict[str, list[float]] = {}

        def rec(name: str, t0: float, c0: float | None = None) -> None:
            out.setdefault(name, []).append(time.perf_counter() - t0)
            if c0 is not None:
                cpu.setdefault(name, []).append(time.process_time() - c0)

        # as the argmap command does: what a load builds is left out of the
        # garbage collector's walks (else a full collection, 0.4 s at 10,000
        # claims, lands now and then in a key's time)
        from argmap.io.loader import freeze_after_loading

        freeze_after_loading()
        t0 = time.perf_counter()
        app = ArgmapApp(path, blink=False)
        async with app.run_test(size=SIZE) as pilot:
            detail = app.query_one("#detail", TextPane)
            status = app.query_one("#status", Static)

            def detail_shows(text: str) -> bool:
                return text in str(detail.render())

            def idle() -> bool:
                return not app.busy

            await until(pilot, lambda: app.selected is not None and detail_shows(app.selected), timeout=600)
            rec("first paint", t0)
            # the cursor while the first evaluation still runs in the background
            # (a large map), from a person's first key on: 150 ms after the first
            # paint, when the frames that follow a new screen (the widgets sized
            # the first time lay out once more, the footer's keys) are drawn
            await asyncio.sleep(0.15)
            for _ in range(10):
                if idle():
                    break
                before = app.selected
                t, c = time.perf_counter(), time.process_time()
                await send_key(pilot, "down")
                await until(pilot, lambda before=before: app.selected != before and detail_shows(app.selected or "\0"))
                rec("cursor move (evaluating)", t, c)
            await until(pilot, idle, timeout=600)

            async def timed(name: str, press: Awaitable[None] | Callable[[], Awaitable[None]],
                            answered: Callable[[], bool], done: Callable[[], bool] | None = None) -> None:
                t, c = time.perf_counter(), time.process_time()
                await press()
                await until(pilot, answered)
                rec(name, t, c)
                if done is not None:
                    await until(pilot, done)
                    rec(name + " (done)", t, c)

            for i in range(repeat):
                # cursor move
                before = app.selected
                key = "up" if app.tree.cursor_line >= app.tree.last_line else "down"
                await timed("cursor move", lambda key=key: send_key(pilot, key),
                            lambda: app.selected != before and detail_shows(app.selected or "\0"))
                # add a note: from enter in the note form to the note in the detail pane
                await pilot.press("n")
                await until(pilot, lambda: app.screen.__class__.__name__ == "NoteForm")
                app.screen.query_one("#text", Input).value = f"bench note {i}"
                await timed("add note", lambda: send_key(pilot, "enter"),
                            lambda: detail_shows(f"bench note {i}"), idle)
                await timed("undo", lambda: send_key(pilot, "ctrl+z"),
                            lambda: not detail_shows(f"bench note {i}"), idle)
                await timed("redo", lambda: send_key(pilot, "ctrl+y"),
                            lambda: detail_shows(f"bench note {i}"), idle)
                # a search keystroke: the letter in the box, then the count in the status line
                await pilot.press("slash")
                search = app.query_one("#search", Input)
                for letter in "drone"[: 1 + i % 5]:
                    want = search.value + letter
                    await timed("search keystroke", lambda letter=letter: send_key(pilot, letter),
                                lambda want=want: search.value == want,
                                lambda want=want: f"'{want}': " in (st := str(status.render()))
                                and "searching" not in st and idle())
                await pilot.press("escape")
                await until(pilot, idle)
                # apply a filter: from enter on "unanswered" to the filtered tree
                await pilot.press("f")
                await until(pilot, lambda: app.screen.__class__.__name__ == "FilterScreen")
                await pilot.press("down")
                await timed("apply filter", lambda: send_key(pilot, "enter"),
                            lambda: "unanswered" in str(status.render()), idle)
                await pilot.press("f")
                await until(pilot, lambda: app.screen.__class__.__name__ == "FilterScreen")
                await pilot.press("home")
                await timed("apply filter", lambda: send_key(pilot, "enter"),
                            lambda: "unanswered" not in str(status.render()), idle)
                # what-if on and off
                # (a map with caveat tags asks first: the selected claim, or a tag)
                await pilot.press("w")
                await until(pilot, lambda: app.screen.__class__.__name__ == "ChoiceScreen")
                await timed("what-if on", lambda: send_key(pilot, "s"),
                            lambda: "what-if" in str(status.render()), idle)
                await timed("what-if off", lambda: send_key(pilot, "w"),
                            lambda: "what-if" not in str(status.render()), idle)
                # the prep side switch: in the prep view, s shows the other side's warnings
                await pilot.press("exclamation_mark")
                await until(pilot, lambda: app.screen.__class__.__name__ == "PrepScreen")
                side = str(app.screen.query_one(".dialog-title").render())
                await timed("prep side switch", lambda: send_key(pilot, "s"),
                            lambda: app.screen.__class__.__name__ == "PrepScreen"
                            and str(app.screen.query_one(".dialog-title").render()) != side, idle)
                await pilot.press("escape")
                await until(pilot, idle)
            app.exit()
    figures = {k: ms(v) for k, v in out.items()}
    for k, v in cpu.items():
        figures[k]["cpu median"] = ms(v)["median"]
        figures[k]["cpu p95"] = ms(v)["p95"]
    return figures


async def baseline(repeat: int) -> dict[str, dict[str, float]]:
    """The floor, measured the same way in the same run: a bare Textual app
    of the same size and shape (a tree of 200 rows, a detail pane, a footer)
    doing the least each key can do: move the cursor and show the row's text;
    close a one-field modal form and show what was typed."""
    from bare_tui import Bare, Form
    from textual.widgets import Input, Static

    out: dict[str, list[float]] = {}
    app = Bare()
    async with app.run_test(size=SIZE) as pilot:
        detail = app.query_one("#detail", Static)
        await pilot.pause(0.2)
        for i in range(repeat):
            before = str(detail.render())
            t = time.perf_counter()
            await send_key(pilot, "down")
            await until(pilot, lambda before=before: str(detail.render()) != before)
            out.setdefault("cursor move", []).append(time.perf_counter() - t)
            await pilot.press("n")
            await until(pilot, lambda: isinstance(app.screen, Form))
            app.screen.query_one("#text", Input).value = f"bench note {i}"
            t = time.perf_counter()
            await send_key(pilot, "enter")
            await until(pilot, lambda i=i: f"bench note {i}" in str(detail.render()))
            out.setdefault("close a form, show its text", []).append(time.perf_counter() - t)
        app.exit()
    return {k: ms(v) for k, v in out.items()}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, nargs="+", default=[1_000, 10_000])
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--json", metavar="OUT", help="also write the figures (milliseconds) to OUT as JSON")
    args = ap.parse_args()
    results: dict[str, dict[str, dict[str, float]]] = {}
    base = asyncio.run(baseline(args.repeat))
    results["baseline: bare Textual app"] = base
    print(f"baseline: a bare Textual app ({SIZE[0]}x{SIZE[1]}: tree, detail, footer), same harness, ms:")
    for name, f in base.items():
        print(f"  {name:28} median {f['median']:8.1f}   p95 {f['p95']:8.1f}   (n={f['n']})")
    for n in args.claims:
        figures = asyncio.run(measure(n, args.repeat))
        results[str(n)] = figures
        print(f"{n} claims ({SIZE[0]}x{SIZE[1]}), key press to screen updated, ms:")
        for name, f in figures.items():
            cpu = f"   CPU median {f['cpu median']:7.1f}  p95 {f['cpu p95']:7.1f}" if "cpu p95" in f else ""
            print(f"  {name:28} median {f['median']:8.1f}   p95 {f['p95']:8.1f}{cpu}   (n={f['n']})")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
