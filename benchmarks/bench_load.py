"""Loading and validating a map vs. a bare ``yaml.load(..., CSafeLoader)``.

Both are timed in the same run on the same file, interleaved, and the
medians and their ratio are reported (machines here are noisy).

    python benchmarks/bench_load.py [--claims 10000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from genmap import generate

from argmap.io import dump, load


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--claims", type=int, nargs="+", default=[10_000])
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    print(f"PyYAML {yaml.__version__}, baseline loader {loader.__name__}, median of {args.repeat} runs")
    print(f"{'claims':>8} {'MB':>6} {'yaml.load':>10} {'argmap load':>12} {'ratio':>6} {'dump':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.claims:
            m = generate(n)
            path = Path(tmp) / f"map-{n}.yaml"
            path.write_text(dump(m), encoding="utf-8")
            assert load(path).ok, "generated map must be valid"
            base, ours, dumps = [], [], []
            for _ in range(args.repeat):
                base.append(timed(lambda: yaml.load(path.read_text(encoding="utf-8"), Loader=loader)))
                ours.append(timed(lambda: load(path)))
                dumps.append(timed(lambda: dump(m)))
            b, o = statistics.median(base), statistics.median(ours)
            mb = path.stat().st_size / 1e6
            print(f"{n:>8} {mb:>6.1f} {b * 1000:>8.0f}ms {o * 1000:>10.0f}ms {o / b:>6.2f} "
                  f"{statistics.median(dumps) * 1000:>6.0f}ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
