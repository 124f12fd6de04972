"""The TUI in a real terminal (tmux): from tmux send-keys to the change in
capture-pane, polled; for a note, undo, a search keystroke and what-if.

The floor, measured first in the same run and the same way: a bare Textual app
of the same shape (benchmarks/bare_tui.py): its first screen from the start
of the process, a cursor move and the close of a form; and the bare libyaml
event parse of the same map (the least reading it can cost).

    python benchmarks/tmux_tui.py [--claims 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from genmap import generate

from argmap.io import dump


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout


def wait_for(session: str, cond: Callable[[str], bool], timeout: float = 60) -> None:
    deadline = time.perf_counter() + timeout
    while not cond(tmux("capture-pane", "-p", "-t", session)):
        if time.perf_counter() > deadline:
            raise TimeoutError(tmux("capture-pane", "-p", "-t", session))
        time.sleep(0.002)


def floor(repeat: int, path: Path) -> dict[str, list[float]]:
    """The bare Textual app in tmux, and the libyaml event parse of ``path``."""
    import yaml

    out: dict[str, list[float]] = {}
    data = path.read_bytes()
    for _ in range(3):
        t = time.perf_counter()
        for _event in yaml.parse(data, Loader=yaml.CSafeLoader):
            pass
        out.setdefault("libyaml event parse of the map", []).append(time.perf_counter() - t)
    session = f"argmap-floor-{os.getpid()}"
    bare = Path(__file__).resolve().parent / "bare_tui.py"
    t0 = time.perf_counter()
    tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "45",
         f"{shlex.quote(sys.executable)} {shlex.quote(str(bare))}")
    try:
        wait_for(session, lambda s: " c0 " in s)
        out["first screen"] = [time.perf_counter() - t0]
        time.sleep(0.3)
        for i in range(repeat):
            t = time.perf_counter()
            tmux("send-keys", "-t", session, "Down")
            wait_for(session, lambda s, i=i: s.splitlines()[1].rstrip().endswith(f" c{i}"))
            out.setdefault("cursor move", []).append(time.perf_counter() - t)
            time.sleep(0.1)
            tmux("send-keys", "-t", session, "n")
            time.sleep(0.2)
            tmux("send-keys", "-t", session, "-l", f"floornote{i}x")
            wait_for(session, lambda s, i=i: f"floornote{i}x" in s)
            t = time.perf_counter()
            tmux("send-keys", "-t", session, "Enter")
            wait_for(session, lambda s, i=i: s.splitlines()[1].rstrip().endswith(f"floornote{i}x"))
            out.setdefault("close a form, show its text", []).append(time.perf_counter() - t)
            time.sleep(0.1)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    return out


def report(title: str, out: dict[str, list[float]]) -> None:
    print(title)
    for name, xs in out.items():
        if xs:
            print(f"  {name:32} median {statistics.median(xs) * 1000:8.1f}   max {max(xs) * 1000:8.1f}   (n={len(xs)})")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    session = f"argmap-bench-{os.getpid()}"
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "map.yaml"
        path.write_text(dump(generate(args.claims)), encoding="utf-8")
        report("floor: a bare Textual app in tmux (160x45), and the bare parse of the map, ms:",
               floor(args.repeat, path))
        # as installed: with .pyc files (this sandbox sets PYTHONDONTWRITEBYTECODE,
        # which would compile argmap's modules again at every start)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        subprocess.run([sys.executable, "-c", "import argmap.cli, argmap.tui.app"], env=env, check=True)
        cmd = f"env -u PYTHONDONTWRITEBYTECODE {shlex.quote(sys.executable)} -m argmap {shlex.quote(str(path))}"
        t0 = time.perf_counter()
        tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "45", cmd)
        # (the clock includes Python's start and the import of the TUI)
        out: dict[str, list[float]] = {}

        def screen() -> str:
            return tmux("capture-pane", "-p", "-t", session)

        def wait(cond: Callable[[str], bool], timeout: float = 60) -> None:
            deadline = time.perf_counter() + timeout
            while not cond(screen()):
                if time.perf_counter() > deadline:
                    raise TimeoutError(screen())
                time.sleep(0.002)

        def timed(name: str, keys: list[str], cond: Callable[[str], bool]) -> None:
            t = time.perf_counter()
            tmux("send-keys", "-t", session, *keys)
            wait(cond)
            out.setdefault(name, []).append(time.perf_counter() - t)

        try:
            wait(lambda s: " c0 " in s)
            out["first screen (tree)"] = [time.perf_counter() - t0]
            wait(lambda s: "conclusions stand" in s)
            out["first screen (with marks)"] = [time.perf_counter() - t0]
            for i in range(args.repeat):
                tmux("send-keys", "-t", session, "n")
                wait(lambda s: "Note on" in s)
                tmux("send-keys", "-t", session, "-l", f"tmuxnote{i}x")
                wait(lambda s, i=i: f"tmuxnote{i}x" in s)
                # the note in the detail pane, or (when earlier toasts cover
                # the pane's notes) the toast that confirms it
                toasts = screen().count("Noted on")
                timed("add note", ["Enter"], lambda s, i=i, toasts=toasts: "Note on" not in s
                      and (f"tmuxnote{i}x" in s or s.count("Noted on") > toasts) and "●" in s.splitlines()[0])
                # (the note may be hidden by toasts: the header's "●" of unsaved
                # edits goes too, the undo taking the map back to its saved state)
                timed("undo", ["C-z"], lambda s, i=i: f"tmuxnote{i}x" not in s and "●" not in s.splitlines()[0])
                time.sleep(0.3)
                tmux("send-keys", "-t", session, "/")
                wait(lambda s: "search text, ids and tags" in s)
                timed("search keystroke (count shown)", ["d"], lambda s: "search 'd': " in s and "searching" not in s)
                tmux("send-keys", "-t", session, "Escape")
                wait(lambda s: "search 'd'" not in s)
                time.sleep(0.3)
                # the cursor: the detail pane's first line shows the next claim
                top = screen().splitlines()[1].split("│", 1)[-1]
                timed("cursor move", ["Down"], lambda s, top=top: s.splitlines()[1].split("│", 1)[-1] != top)
                time.sleep(0.3)
                # a map with caveat tags asks what to withdraw: the selected claim
                tmux("send-keys", "-t", session, "w")
                wait(lambda s: "The selected claim" in s)
                t = time.perf_counter()
                timed("what-if on (marked)", ["s"], lambda s: "what-if without" in s)
                wait(lambda s: "evaluating" not in s)
                out.setdefault("what-if on (evaluated)", []).append(time.perf_counter() - t)
                timed("what-if off", ["w"], lambda s: "what-if without" not in s)
                wait(lambda s: "evaluating" not in s)
                time.sleep(0.3)
        finally:
            subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    report(f"{args.claims} claims in tmux (160x45), send-keys to capture-pane, ms:", out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
