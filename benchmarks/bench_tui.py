"""What the TUI recomputes after an edit, without drawing: graph, evaluation,
prep warnings (and, separately, the whole edit: apply + recovery file).

    python benchmarks/bench_tui.py [--claims 10000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from genmap import generate

from argmap.analysis.evaluation import evaluate
from argmap.analysis.prep import prep_checks
from argmap.model.graph import Graph


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    m = generate(args.claims)
    ev_t, all_t = [], []
    for _ in range(args.repeat):
        t = time.perf_counter()
        ev = evaluate(m)
        ev_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        g = Graph.of(m)
        ev = evaluate(m)
        prep_checks(m, ev, g)
        all_t.append(time.perf_counter() - t)
    med = lambda xs: statistics.median(xs) * 1000  # noqa: E731
    print(f"{args.claims} claims, median of {args.repeat}: evaluation {med(ev_t):.1f} ms; "
          f"graph + evaluation + prep warnings {med(all_t):.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
