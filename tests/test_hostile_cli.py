"""Hostile maps and arguments: what the CLI prints stays inert (issue 17).

Terminal escapes, other controls and bidi overrides from a map, a file name
or an argument are shown escaped; a value can never start an output line of
its own (no forged diagnostics); error lists are capped; inputs that make the
YAML scanner or the tree walks slow are refused or handled in linear time.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import run_cli

PAYLOADS = Path(__file__).parent / "payloads"
#: Everything a terminal may act on, except the newline and tab argmap writes itself.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
FORGED = re.compile(r"^evil\.yaml:", re.M)


def assert_inert(text: str) -> None:
    m = RAW.search(text)
    assert m is None, f"raw U+{ord(m.group()):04X} in output: {text[max(m.start() - 60, 0):m.end() + 60]!r}"
    assert not FORGED.search(text), text


@pytest.fixture
def payloads(tmp_path: Path) -> Path:
    for f in PAYLOADS.iterdir():
        shutil.copy(f, tmp_path / f.name)
    return tmp_path


def test_validate_shows_every_control_and_bidi_character_escaped(payloads: Path) -> None:
    r = run_cli("validate", str(payloads / "escapes-invalid.yaml"))
    assert r.code == 1
    assert_inert(r.both)
    assert r"kind '\x1b]52;c;aGk=\x07\x1b[2J'" in r.out
    assert r"unknown field 'top\x1b[31m field'" in r.out
    assert r"'k\nevil.yaml:99:1: error: forged'" in r.out
    assert r"bidi\u202eid\u2067\u200f\u061c" in r.out
    assert r"field\x07\x08\x0b\x0c\x1b\u202d\u200e" in r.out
    assert r"'ref\x1b[2J\u202e'" in r.out
    # every diagnostic is exactly one line, starting with the file's name
    lines = r.out.splitlines()
    assert len(lines) >= 10
    assert all(line.startswith(str(payloads / "escapes-invalid.yaml") + ":") for line in lines), r.out


def test_file_name_in_diagnostics_is_escaped(payloads: Path) -> None:
    hostile = payloads / "m\x1b[2J\nevil.yaml:1:1: error: x.yaml"
    shutil.copy(payloads / "escapes-invalid.yaml", hostile)
    r = run_cli("validate", str(hostile))
    assert r.code == 1
    assert_inert(r.both)
    assert r"m\x1b[2J\nevil.yaml:1:1: error: x.yaml:" in r.out
    r = run_cli("outline", str(hostile))
    assert r.code == 1
    assert_inert(r.both)
    r = run_cli("validate", str(payloads / "missing\x1b[2J.yaml"))
    assert_inert(r.both)
    assert r"missing\x1b[2J.yaml:1:1: error: no such file" in r.out


@pytest.mark.parametrize(
    "args",
    [
        ["outline"],
        ["outline", "--width", "60"],
        ["analyze"],
        ["analyze", "--json"],
        ["analyze", "--without", "c1"],
        ["coverage"],
        ["export", "--format", "dot"],
        ["brief", "--format", "md", "--no-diagram"],
    ],
    ids=lambda a: " ".join(a),
)
def test_commands_print_map_text_inert(payloads: Path, args: list[str]) -> None:
    r = run_cli(*args[:1], str(payloads / "escapes-valid.yaml"), *args[1:])
    assert r.code == 0, r.err
    if args[0] in ("export", "brief"):  # documents: line breaks in text are theirs to keep
        assert RAW.search(r.both) is None, r.both
    else:
        assert_inert(r.both)


@pytest.mark.parametrize(
    "args",
    [
        ["rebut", "{map}", "x\x1b[2J\u202e", "text"],
        ["note", "{map}", "x\x1b[2J\u202e", "text"],
        ["outline", "{map}x\x1b[2J"],
        ["analyze", "{map}", "--without", "x\x1b[2J\u202e"],
        ["export", "{map}", "--root", "x\x1b[2J\u202e"],
        ["brief", "{map}", "--root", "x\x1b[2J\u202e"],
        ["rebut", "{map}", "thesis", "bad \x1b[2J text\nevil.yaml:1:1: error: x"],
        ["note", "{map}", "thesis", "bad \x1b[2J text"],
    ],
    ids=lambda a: a[0],
)
def test_arguments_echoed_inert(payloads: Path, args: list[str]) -> None:
    m = str(payloads / "escapes-valid.yaml")
    before = (payloads / "escapes-valid.yaml").read_bytes()
    r = run_cli(*(a.replace("{map}", m) for a in args))
    assert r.code != 0
    assert_inert(r.both)
    assert "\\x1b[2J" in r.err or "control character U+001B" in r.err
    assert (payloads / "escapes-valid.yaml").read_bytes() == before


def test_rebut_unknown_target_message(payloads: Path) -> None:
    r = run_cli("rebut", str(payloads / "escapes-valid.yaml"), "x\x1b[2J", "t")
    assert r.code == 2
    assert r"no claim 'x\x1b[2J'" in r.err


# -- error lists are capped ------------------------------------------------------------------


def _dangling(n: int) -> str:
    refs = "".join(f"      - missing{i}\n" for i in range(n))
    return (
        "argmap: 1\ntitle: T\nclaims:\n  thesis: {kind: conclusion, text: x}\n"
        f"  p:\n    kind: premise\n    text: y\n    supports:\n{refs}"
        "  w:\n    kind: premise\n    text: z\n    supports: [thesis]\n"
        "    quote: {source: nowhere, text: q}\n"
    )


def test_validate_stops_after_200_diagnostics(tmp_path: Path) -> None:
    p = tmp_path / "m.yaml"
    p.write_text(_dangling(450), encoding="utf-8")
    r = run_cli("validate", str(p))
    assert r.code == 1
    lines = r.out.splitlines()
    assert len(lines) == 201
    assert lines[0] == f"{p}:9:9: error: claim 'p', supports[0]: unknown claim 'missing0'"
    assert lines[199].startswith(f"{p}:208:9: error:")
    assert lines[-1] == f"{p}: 251 more errors not shown (--max-errors 0 shows all)"
    # the other commands cap their error lists likewise
    r = run_cli("outline", str(p))
    assert r.code == 1
    assert len(r.err.splitlines()) == 202
    assert f"{p}: 251 more errors not shown" in r.err


def test_max_errors_option(tmp_path: Path) -> None:
    p = tmp_path / "m.yaml"
    p.write_text(_dangling(30), encoding="utf-8")
    r = run_cli("validate", "--max-errors", "5", str(p))
    assert r.code == 1
    lines = r.out.splitlines()
    assert len(lines) == 6
    assert lines[-1] == f"{p}: 26 more errors not shown (--max-errors 0 shows all)"
    r = run_cli("validate", "--max-errors", "0", str(p))
    assert len(r.out.splitlines()) == 31
    assert "not shown" not in r.out
    r = run_cli("validate", "--max-errors", "-1", str(p))
    assert r.code == 2


def test_million_dangling_references_report_fast(tmp_path: Path) -> None:
    """Reporting is linear and cheap in the number of problems (measured at
    1,000,000 in the report; 100,000 here to keep the suite fast)."""
    p = tmp_path / "m.yaml"
    p.write_text(_dangling(100_000), encoding="utf-8")
    r, seconds, mib = _timed("validate", str(p), timeout=60)
    assert r.code == 1
    assert len(r.out.splitlines()) == 201
    assert "99801 more errors not shown" in r.out
    assert seconds < 20 and mib < 400, (seconds, mib)


# -- inputs that were quadratic ----------------------------------------------------------------


def _timed(*args: str, timeout: float) -> tuple:
    """Run argmap; return (Run, seconds, peak MiB of this child)."""
    import resource

    script = (
        "import resource, runpy, sys\n"
        "sys.argv = ['argmap', *sys.argv[1:]]\n"
        "try:\n    runpy.run_module('argmap', run_name='__main__')\n"
        "finally:\n"
        "    sys.stderr.write('\\nMAXRSS %d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    del resource
    t = time.monotonic()
    p = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=timeout
    )
    seconds = time.monotonic() - t
    err, _, rss = p.stderr.rpartition("\nMAXRSS ")
    assert "Traceback" not in err, err
    from .conftest import Run

    return Run(p.returncode, p.stdout, err.rstrip("\n") + "\n" if err.strip() else ""), seconds, int(rss) / 1024


@pytest.mark.parametrize(
    ("line", "where", "message"),
    [
        ("title: x" + " " * 2_000_000 + "words " * 100_000, "2:9", "2,000,000 spaces or tabs in a row on line 2"),
        ('title: "x' + " \t" * 1_000_000 + 'words "', "2:10", "2,000,000 spaces or tabs in a row on line 2"),
        ("title: x" + " " * 2_000_000 + "# comment", "2:9", "2,000,000 spaces or tabs in a row"),
        ("title: x\n" + " " * 2_000_000 + "# comment", "3:1", "2,000,000 spaces or tabs in a row on line 3"),
        ("title: |\n  x" + "\n" * 200_000 + "  w\n" * 200_000, "4:1", "more than 1,000 blank lines in a row from line 4"),
        ("title: " + "word " * 600_000 + "end", None, None),
        # the reader takes a run of 1,000 quickly; the model then refuses more than 500 in a text
        ("title: x" + " " * 1000 + "w" + " w" * 1_000_000, "2:8", "title: has more than 500 blanks or line breaks"),
    ],
    ids=["spaces in a plain scalar", "blanks in a quoted scalar", "spaces before a comment",
         "spaces on a line", "blank lines in a block scalar", "long plain scalar", "longest run allowed"],
)
def test_inputs_that_make_the_scanner_quadratic_are_refused_quickly(
    tmp_path: Path, line: str, where: str | None, message: str | None
) -> None:
    p = tmp_path / "m.yaml"
    p.write_text(f"argmap: 1\n{line}\nclaims:\n  a: {{kind: conclusion, text: x}}\n", encoding="utf-8")
    r, seconds, _ = _timed("validate", str(p), timeout=30)
    assert seconds < 10
    if where is None:
        assert r.code == 0, r.out[:300]
    else:
        assert r.code == 1
        assert r.out.startswith(f"{p}:{where}: error: {message}"), r.out[:300]


def _chain(n: int) -> str:
    rows = "".join(f"  c{i}: {{kind: premise, text: claim {i}, supports: [c{i - 1}]}}\n" for i in range(1, n))
    return f"argmap: 1\ntitle: Chain\nclaims:\n  c0: {{kind: conclusion, text: root}}\n{rows}"


def test_deep_supports_chain_is_linear(tmp_path: Path) -> None:
    """A chain of supports 20,000 deep (100,000 measured in the report): the
    outline and the brief stop indenting at depth 40, so their size is linear;
    the walks are iterative.  Quadratic indentation would write ~800 MB here."""
    n = 20_000
    p = tmp_path / "chain.yaml"
    p.write_text(_chain(n), encoding="utf-8")
    r, seconds, mib = _timed("validate", str(p), timeout=60)
    assert r.code == 0, r.both
    assert seconds < 30 and mib < 300, (seconds, mib)
    r, seconds, mib = _timed("outline", str(p), timeout=60)
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert len(lines) == n + 2
    assert max(map(len, lines)) < 200
    assert lines[2 + 40] == " " * 80 + "+ c40 [premise] claim 40"
    assert lines[2 + 41] == " " * 80 + "[depth 41] + c41 [premise] claim 41"
    assert lines[-1] == " " * 80 + f"[depth {n - 1}] + c{n - 1} [premise] claim {n - 1}"
    assert seconds < 30 and mib < 300, (seconds, mib)
    r, seconds, mib = _timed("brief", str(p), "--no-diagram", timeout=60)
    assert r.code == 0, r.err
    assert f"- [depth {n - 1}] **claim {n - 1}** (`c{n - 1}`" in r.out
    assert max(map(len, r.out.splitlines())) < 300
    assert seconds < 30 and mib < 300, (seconds, mib)
    r = run_cli("brief", str(p), "--no-diagram", "--format", "html")
    assert r.code == 0, r.err
    assert f"claim {n - 1}</strong> (<code>c{n - 1}</code>" in r.out  # nothing dropped by the renderer


def test_suggestions_stay_cheap_and_still_found_in_a_large_map(tmp_path: Path) -> None:
    """Too many ids of about the same length to compare: one-letter typos are still suggested."""
    rows = "".join(f"  claim{i}: {{kind: premise, text: t, supports: [thesis]}}\n" for i in range(12_000))
    p = tmp_path / "m.yaml"
    p.write_text(
        "argmap: 1\ntitle: T\nclaims:\n  thesis: {kind: conclusion, text: x}\n" + rows
        + "  bad: {kind: premise, text: t, supports: [claim4999x, claim49O9]}\n",
        encoding="utf-8",
    )
    r = run_cli("validate", str(p))
    assert r.code == 1
    assert "unknown claim 'claim4999x' (did you mean 'claim4999'?)" in r.out
    assert re.search(r"unknown claim 'claim49O9' \(did you mean 'claim49(0?)9'\?\)", r.out)  # 'claim499' or 'claim4909'
