"""The TUI in a real terminal (tmux): from tmux send-keys to the change in
capture-pane, polled; for a note, undo, a search keystroke and what-if.

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


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    session = f"argmap-bench-{os.getpid()}"
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "map.yaml"
        path.write_text(dump(generate(args.claims)), encoding="utf-8")
        cmd = f"{shlex.quote(sys.executable)} -m argmap {shlex.quote(str(path))}"
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
                timed("add note", ["Enter"], lambda s, i=i: "Note on" not in s and f"tmuxnote{i}x" in s)
                timed("undo", ["C-z"], lambda s, i=i: f"tmuxnote{i}x" not in s)
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
    print(f"{args.claims} claims in tmux (160x45), send-keys to capture-pane, ms:")
    for name, xs in out.items():
        if xs:
            print(f"  {name:32} median {statistics.median(xs) * 1000:8.1f}   max {max(xs) * 1000:8.1f}   (n={len(xs)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
