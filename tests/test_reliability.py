"""The reliability suite: the loader fuzzed (random texts, structured maps and
mutations of the bundled map), hostile files of every kind, each bounded in
time; its counts are printed at the end of the test run.

Crash safety and concurrent writers are in test_concurrent_writes.py, and
hostile text through the CLI, the exporters and the TUI in test_escapes*.py,
test_export.py and test_tui_markup.py; this file counts what it tried and
never expects a particular message, only the contract: a clean error (exit 1,
``FILE:LINE:COL``) or a valid map, never a traceback or a hang.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
import time
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.io import dump, load_bytes

from .conftest import BUNDLED, run_cli

#: Counts reported by conftest's terminal summary.
COUNTS: Counter[str] = Counter()

DIAG = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): .+$")


def check_loaded(data: bytes, name: str = "fuzz.yaml") -> None:
    """The loader's contract on any bytes: no exception; every diagnostic on
    one line, inside the file; a map that loads re-validates after fmt."""
    loaded = load_bytes(data, name)
    lines = data.count(b"\n") + 1
    for d in loaded.diagnostics:
        text = str(d)
        assert "\n" not in text, text
        m = DIAG.match(text)
        assert m is not None, text
        assert 1 <= int(m["line"]) <= lines + 1, (text, lines)
    if loaded.ok:
        COUNTS["fuzz: valid maps re-checked after fmt"] += 1
        again = load_bytes(dump(loaded.map, loaded.header).encode("utf-8"), name)
        assert again.ok, [str(d) for d in again.diagnostics]
        assert again.map == loaded.map
    else:
        COUNTS["fuzz: rejected with clean errors"] += 1


# -- random texts and structures ------------------------------------------------

YAML_BITS = st.sampled_from([
    "argmap: 1\n", "title: T\n", "claims:\n", "  a:\n", "    kind: conclusion\n", "    text: x\n",
    "    supports: [a]\n", "    attacks: [b]\n", "  b: {kind: counterpoint, text: y, attacks: [a]}\n",
    "&x ", "*x", "!!python/object:os.system ", "? ", "- ", ": ", "'", '"', "{", "}", "[", "]", "\t", "#c\n",
    "---\n", "...\n", "%YAML 1.1\n", "\u2028", "\x00", "\ufeff", "strength: 2\n", "quote: {text: q}\n",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(YAML_BITS, max_size=30).map("".join))
def test_fuzz_yaml_shaped_texts(text):
    COUNTS["fuzz: YAML-shaped texts"] += 1
    check_loaded(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_fuzz_random_bytes(data):
    COUNTS["fuzz: random byte strings"] += 1
    check_loaded(data)


# -- mutations of a real map ---------------------------------------------------

def mutate(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    op = rng.randrange(6)
    i = rng.randrange(len(lines))
    if op == 0:  # delete a line
        del lines[i]
    elif op == 1:  # duplicate a line elsewhere
        lines.insert(rng.randrange(len(lines)), lines[i])
    elif op == 2:  # flip a byte
        b = bytearray(data)
        j = rng.randrange(len(b))
        b[j] = rng.randrange(256)
        return bytes(b)
    elif op == 3:  # truncate
        return data[: rng.randrange(len(data))]
    elif op == 4:  # re-indent a line
        lines[i] = b" " * rng.randrange(8) + lines[i].lstrip()
    else:  # swap two ids (a dangling or doubled reference)
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


MUTANTS = 400


def test_mutations_of_the_bundled_map_load_cleanly():
    rng = random.Random(20261126)
    data = BUNDLED.read_bytes()
    for _ in range(MUTANTS):
        m = data
        for _ in range(rng.randint(1, 3)):
            m = mutate(m, rng)
        COUNTS["fuzz: mutations of the bundled map"] += 1
        check_loaded(m, str(BUNDLED))


def test_mutations_through_the_cli_exit_cleanly(tmp_path):
    """A sample through the real command: exit 0 or 1, FILE:LINE:COL, no
    traceback (run_cli asserts that), in bounded time."""
    rng = random.Random(7)
    data = BUNDLED.read_bytes()
    path = tmp_path / "m.yaml"
    for _ in range(8):
        path.write_bytes(mutate(mutate(data, rng), rng))
        for cmd in ("validate", "outline", "analyze"):
            r = run_cli(cmd, str(path))
            COUNTS["fuzz: mutated maps through the CLI"] += 1
            assert r.code in (0, 1), r.both
            if r.code == 1 and cmd == "validate":
                assert any(DIAG.match(line) for line in r.out.splitlines()), r.both


# -- hostile files ---------------------------------------------------------------

def bounded(args: list[str], seconds: float = 30) -> tuple[subprocess.CompletedProcess[str], float]:
    t = time.monotonic()
    p = subprocess.run([sys.executable, "-m", "argmap", *args], capture_output=True, text=True,
                       timeout=seconds, stdin=subprocess.DEVNULL)
    assert "Traceback" not in p.stderr, p.stderr
    return p, time.monotonic() - t


HEADER = b"argmap: 1\ntitle: T\n"


def _alias_bomb() -> bytes:
    lines = [b'a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [{','.join(['*a' + str(i - 1)] * 9)}]".encode())
    return HEADER + b"\n".join(lines) + b"\nclaims: {}\n"


HOSTILE = {
    "alias bomb": _alias_bomb,
    "100k-deep nesting": lambda: HEADER + b"claims: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
    "NUL bytes": lambda: HEADER + b"claims:\n  a: {kind: conclusion, text: \"x\x00y\"}\n",
    "invalid UTF-8": lambda: HEADER + b"claims:\n  a: {kind: conclusion, text: \xff\xfe}\n",
    "python tag": lambda: HEADER + b"claims: !!python/object/apply:os.system ['true']\n",
    "50 MB line": lambda: HEADER + b"claims:\n  a: {kind: conclusion, text: " + b"x" * 50_000_000 + b"}\n",
    "60 MB file": lambda: HEADER + b"claims:\n" + b"".join(
        b"  c%d: {kind: conclusion, text: '%s'}\n" % (i, b"y" * 1000) for i in range(58_000)
    ) + b"  bad: [\n",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_files_end_cleanly_in_bounded_time(tmp_path, name):
    """Each ends in a clean error (or, for a merely big but valid file, a
    valid map), well within the timeout."""
    path = tmp_path / "hostile.yaml"
    path.write_bytes(HOSTILE[name]())
    p, secs = bounded(["validate", str(path)], seconds=60)
    COUNTS["hostile files handled cleanly"] += 1
    assert p.returncode in (0, 1), p.stdout + p.stderr
    first = p.stdout.splitlines()[0]
    if p.returncode == 1:
        assert DIAG.match(first) and first.startswith(str(path)), first
    else:
        assert name in ("50 MB line",), first  # only this one may be valid
    assert secs < 30, f"{name}: {secs:.1f} s"


def test_source_path_escapes_are_refused(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("secret words\n")
    folder = tmp_path / "maps"
    folder.mkdir()
    (folder / "link.txt").symlink_to(outside)
    for file in ("../secret.txt", str(outside), "link.txt"):
        path = folder / "m.yaml"
        path.write_text(
            f"argmap: 1\ntitle: T\nsources:\n  s: {{title: S, file: '{file}'}}\n"
            "claims:\n  a: {kind: conclusion, text: x, quote: {source: s, text: secret words}}\n"
        )
        p, _ = bounded(["validate", str(path)])
        COUNTS["source paths escaping the folder refused"] += 1
        assert p.returncode == 1, (file, p.stdout)
        assert "secret words" not in p.stdout + p.stderr


@pytest.mark.parametrize("name", ["map.yaml", "map.argdown"])
def test_a_fifo_map_is_refused_never_waited_on(tmp_path, name):
    """A pipe given as the map (YAML or an import) is refused at once."""
    import os

    path = tmp_path / name
    os.mkfifo(path)
    p, secs = bounded(["validate" if name.endswith(".yaml") else "import", str(path)], seconds=20)
    COUNTS["hostile files handled cleanly"] += 1
    assert p.returncode == 1, p.stdout + p.stderr
    assert "not a regular file" in p.stdout + p.stderr
    assert secs < 10
