"""Importing a 10,000-claim Argdown and AIF file, beside loading the same map
as argmap YAML (the baseline).  Median of --repeat runs.

    python benchmarks/bench_import.py [--claims 10000] [--repeat 5]
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

from argmap.io import dump, load
from argmap.io.formats import aif, argdown, read_file


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--claims", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    m = generate(args.claims)
    with tempfile.TemporaryDirectory() as tmp:
        files = {
            "yaml (load)": Path(tmp) / "m.yaml",
            "argdown (import)": Path(tmp) / "m.argdown",
            "aif (import)": Path(tmp) / "m.json",
        }
        files["yaml (load)"].write_text(dump(m), encoding="utf-8")
        files["argdown (import)"].write_text(argdown.write(m), encoding="utf-8")
        files["aif (import)"].write_text(aif.write(m), encoding="utf-8")
        print(f"{args.claims} claims, median of {args.repeat} runs")
        for name, path in files.items():
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                loaded = load(path) if path.suffix == ".yaml" else read_file(path)
                times.append(time.perf_counter() - t)
                assert loaded.ok and len(loaded.map.claims) == args.claims, loaded.diagnostics[:3]
            print(f"{name:>18}: {statistics.median(times):.2f} s  ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
