"""The benchmark table: every command as the user runs it (a whole process),
next to baselines measured in the same run on the same file.

    python benchmarks/run.py [--sizes 1000 10000 100000] [--repeat 5]
                             [--json benchmarks/results.json] [--markdown FILE]

For each generated map size (``genmap.py``: every part of the format) it
times, interleaved so that machine noise hits all alike, and reports the
median and the peak memory (max RSS) of:

- argmap: ``validate``, ``fmt --check``, ``analyze --json``,
  ``export --format dot``, ``brief``;
- baselines: ``yaml.load(CSafeLoader)`` (what a plain loader costs), the bare
  libyaml event parse (the floor for reading YAML at all), ``yaml.dump``
  with ``CSafeDumper`` (a plain writer), ``python -c pass`` (process start),
  and ``dot -Tsvg`` on argmap's DOT (what drawing costs; at most 1,000
  claims, as dot's layout is superlinear);
- the Argdown CLI (``@argdown/cli``: ``$ARGDOWN_CLI``, else the copy
  ``.ci/run`` installs, else ``argdown`` on the PATH) making its DOT map
  (``argdown map``) of the same graph, written as Argdown by argmap's
  writer, beside ``export dot`` (at most 10,000 claims; skipped, with the
  reason, when the CLI is not installed).

Sizes of 1,000,000 claims and more (a 300 MB file) are above the 64 MiB a
map file may have: for those, argmap runs with the limit lifted in the
process (the same code otherwise); each runs once, and only validate,
analyze --json, export dot and two baselines run there.

Then it fits how each command grows from the smallest to the largest size
(the exponent k in t ~ n^k) and flags anything growing faster than
n log n (k above 1.2, allowing for noise), and checks the targets of the
benchmark issue.  Output: a terminal table, a JSON file, and a Markdown
table for the README.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

from genmap import generate

from argmap.io import dump

PY = sys.executable

#: name -> (argv builder, kind); ``{map}`` is the map, ``{tmp}`` a scratch folder.
ARGMAP = {
    "validate": ["-m", "argmap", "validate", "-q", "{map}"],
    "fmt --check": ["-m", "argmap", "fmt", "--check", "{map}"],
    "analyze --json": ["-m", "argmap", "analyze", "--json", "{map}"],
    "export dot": ["-m", "argmap", "export", "--format", "dot", "-o", "{tmp}/out.dot", "{map}"],
    "brief": ["-m", "argmap", "brief", "-o", "{tmp}/brief.md", "{map}"],
}
#: The Argdown CLI making its DOT map (``argdown map``) of the same graph.
ARGDOWN_ROW = "Argdown CLI map (DOT)"
BASELINES = {
    "python -c pass": ["-c", "pass"],
    "yaml.load CSafeLoader": [
        "-c", "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)", "{map}",
    ],
    "libyaml event parse": [
        "-c", "import sys, yaml\nfor _ in yaml.parse(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader): pass",
        "{map}",
    ],
    "yaml.dump CSafeDumper": [
        "-c", "import sys, yaml; d = yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)\n"
        "import time; t = time.perf_counter(); yaml.dump(d, Dumper=yaml.CSafeDumper, allow_unicode=True)\n"
        "print(time.perf_counter() - t)", "{map}",
    ],
}
#: Sizes above which a baseline is not run (dot's layout is superlinear).
DOT_MAX = 1_000
ARGDOWN_MAX = 10_000
#: Sizes from which the map is larger than a map file may be (MAX_BYTES).
BIG = 1_000_000
#: What runs at BIG sizes (the others take minutes and gigabytes there).
BIG_ROWS = ("validate", "analyze --json", "export dot", "python -c pass", "libyaml event parse")
#: argmap with the map size limit lifted (for BIG sizes only).
UNLIMITED = ["-c", "import sys; import argmap.io.loader as l; l.MAX_BYTES = 2**30; from argmap.cli import main; "
             "sys.argv[0] = 'argmap'; sys.exit(main())"]  # (main() with no argv: as the command runs)


def argdown_cli() -> str | None:
    """The Argdown CLI's executable, or None."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "argmap-ci/argdown"
    for candidate in (os.environ.get("ARGDOWN_CLI"), str(cache / "node_modules/.bin/argdown"),
                      shutil.which("argdown")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


#: GNU time, when present, measures a child's peak memory: a child forked
#: straight from this (large) process would count this process's memory too.
GNU_TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Seconds, peak RSS in MiB and stdout of one child process."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as mem:
        wrapped = [GNU_TIME, "-f", "%M", "-o", mem.name, *argv] if GNU_TIME else argv
        t = time.perf_counter()
        proc = subprocess.Popen(wrapped, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)  # reaped here, for its rusage
        elapsed = time.perf_counter() - t
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if code not in (0, 1):
            raise RuntimeError(f"{' '.join(argv)} exited {code}: {err.read().decode()[-500:]}")
        kib = float(mem.read().split()[-1]) if GNU_TIME else usage.ru_maxrss
        return elapsed, kib / 1024, out.read().decode("utf-8", "replace")


def measure(argv_by_name: dict[str, list[str]], repeat: int, env: dict[str, str]) -> dict[str, dict]:
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in argv_by_name}
    for _ in range(repeat):
        for name, argv in argv_by_name.items():  # interleaved
            secs, rss, out = run_once(argv, env)
            if name == "yaml.dump CSafeDumper":
                secs = float(out.strip())  # the dump alone, not the load before it
            runs[name].append((secs, rss))
    return {
        name: {"median_s": statistics.median(s for s, _ in r), "peak_mib": max(m for _, m in r), "runs": len(r)}
        for name, r in runs.items()
    }


def growth(figures: dict[int, dict[str, dict]], name: str, last: bool = False) -> float | None:
    """The exponent k in t ~ n^k: a least-squares fit over every size, or
    (``last``) between the two largest, where process start matters least.
    Process start (``python -c pass``), which does not grow with the map, is
    subtracted first."""
    sizes = sorted(n for n in figures if name in figures[n])
    if last:
        sizes = sizes[-2:]
    if len(sizes) < 2:
        return None
    start = figures[sizes[0]].get("python -c pass", {}).get("median_s", 0.0)
    xs = [math.log(n) for n in sizes]
    ys = [math.log(max(figures[n][name]["median_s"] - start, 1e-4)) for n in sizes]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", type=Path, default=HERE / "results.json")
    ap.add_argument("--markdown", type=Path, help="write the README table here")
    args = ap.parse_args()

    # as installed: .pyc files written (the warm-up run writes them)
    env = {k: v for k, v in os.environ.items() if k not in ("ARGMAP_DEBUG", "PYTHONDONTWRITEBYTECODE")}
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    figures: dict[int, dict[str, dict]] = {}
    skipped: dict[str, str] = {}
    dot = shutil.which("dot")
    if dot is None:
        skipped["dot -Tsvg"] = "Graphviz's dot is not installed"
    argdown = argdown_cli()
    if argdown is None:
        skipped[ARGDOWN_ROW] = "the Argdown CLI is not installed (npm install @argdown/cli; set ARGDOWN_CLI)"
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = Path(tmp) / f"map-{n}.yaml"
            m = generate(n)
            path.write_text(dump(m), encoding="utf-8")
            subst = {"map": str(path), "tmp": tmp}
            argvs = {
                name: [PY, *(UNLIMITED if n >= BIG and argv[:2] == ["-m", "argmap"] else argv[:2]),
                       *(a.format(**subst) for a in argv[2:])]
                for name, argv in {**ARGMAP, **BASELINES}.items()
                if n < BIG or name in BIG_ROWS
            }
            if argdown is not None and n <= ARGDOWN_MAX:
                from argmap.io.formats import argdown as argdown_format

                ad = Path(tmp) / f"map-{n}.argdown"
                ad.write_text(argdown_format.write(m), encoding="utf-8")
                argvs[ARGDOWN_ROW] = [argdown, "map", "--format", "dot", "--silent", str(ad), str(Path(tmp) / "argdown-out")]
            del m
            # One warm-up run each (file cache, .pyc), not counted; not of the
            # Argdown CLI (no .pyc to write, and it takes seconds).
            # From 100,000 claims on, no warm-up: the .pyc files are written by
            # then, the map was just written (cached), and a run takes long.
            for name, argv in argvs.items():
                if name != ARGDOWN_ROW and n < 100_000:
                    run_once(argv, env)
            dot_file = Path(tmp) / "out.dot"
            if dot is not None and n <= DOT_MAX:
                argvs["dot -Tsvg"] = [dot, "-Tsvg", "-o", os.devnull, str(dot_file)]
            repeat = args.repeat if n < 100_000 else 1 if n >= BIG else max(1, min(args.repeat, 3))
            res = measure(argvs, repeat, env)
            res["_file"] = {"bytes": path.stat().st_size, "claims": n}
            figures[n] = res
            print(f"{n:,} claims ({path.stat().st_size / 1e6:.1f} MB): "
                  + ", ".join(f"{k} {v['median_s'] * 1000:.0f} ms" for k, v in res.items() if k != "_file"),
                  file=sys.stderr)

    names = [*ARGMAP, *BASELINES, "dot -Tsvg", ARGDOWN_ROW]
    exps = {name: growth(figures, name) for name in names}
    lasts = {name: growth(figures, name, last=True) for name in names}
    rows = []
    for name in names:
        row = {"work": name, "kind": "argmap" if name in ARGMAP else "baseline"}
        for n in args.sizes:
            f = figures[n].get(name)
            row[str(n)] = None if f is None else {"s": round(f["median_s"], 4), "mib": round(f["peak_mib"], 1)}
        k = exps[name]
        row["growth"] = None if k is None else round(k, 2)
        k_last = lasts[name] if len(args.sizes) > 2 else None
        row["growth_last"] = None if k_last is None else round(k_last, 2)
        k = max(x for x in (k, k_last) if x is not None) if k is not None else None
        row["flag"] = name in ARGMAP and k is not None and k > 1.2  # baselines are context, not checked
        rows.append(row)

    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    command = "python benchmarks/run.py " + " ".join(
        ["--sizes", *map(str, args.sizes), "--repeat", str(args.repeat)]
    )
    targets = check_targets(figures)
    doc = {"machine": machine, "command": command, "date": time.strftime("%Y-%m-%d"), "rows": rows,
           "skipped": skipped, "targets": targets}
    args.json.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")

    table = markdown(doc, args.sizes)
    print(table)
    if args.markdown:
        args.markdown.write_text(table + "\n", encoding="utf-8")
    return 0


def check_targets(figures: dict[int, dict[str, dict]]) -> list[dict]:
    out = []

    def fig(n: int, name: str) -> dict | None:
        return figures.get(n, {}).get(name)

    if (v := fig(10_000, "validate")) and (p := fig(10_000, "libyaml event parse")):
        out.append({"target": "validate 10k within 2x the bare event parse",
                    "value": f"{v['median_s'] / p['median_s']:.2f}x", "met": v["median_s"] <= 2 * p["median_s"]})
    if (a := fig(100_000, "analyze --json")) and (v := fig(100_000, "validate")):
        d = a["median_s"] - v["median_s"]
        out.append({"target": "analyze --json 100k within 1 s of validate 100k",
                    "value": f"{d:+.2f} s", "met": d <= 1.0})
    if (e := fig(10_000, "export dot")) and (a := fig(10_000, ARGDOWN_ROW)):
        out.append({"target": "export dot 10k at most a quarter of the Argdown CLI's DOT map",
                    "value": f"{e['median_s'] / a['median_s']:.2f} of its time", "met": e["median_s"] <= a["median_s"] / 4})
    if fig(100_000, "validate"):
        worst = max(f["peak_mib"] for name, f in figures[100_000].items() if name in ARGMAP)
        out.append({"target": "100k peak memory under 400 MB (every command)",
                    "value": f"{worst:.0f} MiB", "met": worst < 400 * 1e6 / 2**20})
    for name in ("validate", "analyze --json", "export dot"):
        if (big := fig(BIG, name)) and (base := fig(100_000, name)):
            ratio = big["median_s"] / base["median_s"]
            out.append({"target": f"{name} 1M within 10x of 100k and under 2 GB",
                        "value": f"{ratio:.1f}x, {big['peak_mib']:,.0f} MiB",
                        "met": ratio <= 10 and big["peak_mib"] < 2e9 / 2**20})
    return out


def markdown(doc: dict, sizes: list[int]) -> str:
    head = "| work | " + " | ".join(f"{n:,} claims" for n in sizes) + " | growth n^k |"
    lines = [head, "|" + " --- |" * (len(sizes) + 2)]
    for row in doc["rows"]:
        cells = []
        for n in sizes:
            f = row[str(n)]
            cells.append("–" if f is None else f"{f['s'] * 1000:,.0f} ms, {f['mib']:.0f} MiB")
        k = "–" if row["growth"] is None else f"{row['growth']:.2f}" + (
            f" (last step {row['growth_last']:.2f})" if row.get("growth_last") is not None else "") + (
            " ⚠" if row["flag"] else "")
        name = row["work"] if row["kind"] == "argmap" else f"*{row['work']}* (baseline)"
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {k} |")
    lines.append("")
    lines.append(f"Medians; peak memory is the largest RSS of one run{'' if GNU_TIME else ' (an upper bound: no /usr/bin/time)'}. Machine: {doc['machine']}; "
                 f"{doc['date']}; `{doc['command']}`.")
    for name, why in doc["skipped"].items():
        lines.append(f"Skipped: {name}: {why}.")
    for t in doc["targets"]:
        lines.append(f"Target: {t['target']}: {t['value']} ({'met' if t['met'] else 'missed'}).")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
