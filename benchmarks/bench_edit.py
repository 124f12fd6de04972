"""One TUI edit on a large map: apply (rules checked), recovery write, graph rebuild.

    python benchmarks/bench_edit.py [--claims 10000] [--repeat 15]
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

from argmap.io import dump
from argmap.io.document import Document
from argmap.model.graph import Graph
from argmap.model.ops import note


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "map.yaml"
        path.write_text(dump(generate(args.claims)), encoding="utf-8")
        doc, loaded = Document.open(path)
        assert doc is not None
        apply_t, graph_t, undo_t = [], [], []
        for i in range(args.repeat):
            t = time.perf_counter()
            doc.apply(note(doc.map, "c1", f"note {i}"))
            apply_t.append(time.perf_counter() - t)
            t = time.perf_counter()
            Graph.of(doc.map).tree_roots()
            graph_t.append(time.perf_counter() - t)
            t = time.perf_counter()
            doc.undo()
            undo_t.append(time.perf_counter() - t)
    med = lambda xs: statistics.median(xs) * 1000  # noqa: E731
    print(f"{args.claims} claims, median of {args.repeat}: apply {med(apply_t):.1f} ms "
          f"(rules checked + recovery written), graph+roots {med(graph_t):.1f} ms, undo {med(undo_t):.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
