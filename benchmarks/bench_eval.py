"""Evaluation time (after loading) on large generated maps.

    python benchmarks/bench_eval.py [--claims 10000 100000] [--repeat 7]

Reports, per size: load time, evaluate() (grounded + DF-QuAD + sides), and
the full recomputation the TUI does after an edit (graph + evaluation).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from genmap import generate

from argmap.analysis.evaluation import evaluate
from argmap.io import dump, load


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    print(f"median of {args.repeat} runs")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.claims:
            path = Path(tmp) / f"map-{n}.yaml"
            path.write_text(dump(generate(n)), encoding="utf-8")
            load_ms = median_ms(lambda: load(path), max(3, args.repeat // 2))
            m = load(path).map
            eval_ms = median_ms(lambda: evaluate(m), args.repeat)
            print(f"{n:>7} claims: load {load_ms:8.0f} ms   evaluate {eval_ms:7.1f} ms "
                  f"({eval_ms / load_ms:.0%} of load)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
