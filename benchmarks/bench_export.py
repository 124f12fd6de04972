"""`argmap export FILE` to DOT, end to end (a new process each run), on a
10,000-claim generated map; the baseline is `argmap validate` of the same
file, measured in the same run.

    python benchmarks/bench_export.py [--claims 10000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from genmap import generate

from argmap.io import dump


def run(*args: str) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "argmap", *args], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "map.yaml"
        path.write_text(dump(generate(args.claims)), encoding="utf-8")
        out = Path(tmp) / "map.dot"
        validate, export = [], []
        for _ in range(args.repeat):
            validate.append(run("validate", "-q", str(path)))
            export.append(run("export", str(path), "-o", str(out)))
        v, e = statistics.median(validate), statistics.median(export)
        print(f"{args.claims} claims ({path.stat().st_size / 1e6:.1f} MB), median of {args.repeat} processes: "
              f"argmap validate {v * 1000:.0f} ms, argmap export (DOT) {e * 1000:.0f} ms "
              f"({out.stat().st_size / 1e6:.1f} MB of DOT)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
