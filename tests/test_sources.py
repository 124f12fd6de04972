"""Source files: read once by io, only when they are regular files of a
bounded size; analysis never touches the file system."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from argmap.io import MAX_BYTES, load
from argmap.io.sources import load_sources

from .conftest import SMALL

ANALYSIS = Path(__file__).resolve().parents[1] / "src" / "argmap" / "analysis"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("command", ["validate", "coverage", "brief", "analyze"])
def test_a_fifo_source_never_hangs(cli, write_map, tmp_path, command):
    path = write_map(SMALL)
    os.mkfifo(tmp_path / "source.txt")
    r = cli(command, str(path))  # run_cli times out after 120 s
    assert "Traceback" not in r.err
    if command == "validate":
        assert r.code == 0, r.both
        assert f"{path}:6:" in r.out and "warning: source 'src', file: source file 'source.txt' is not a regular file" in r.out
    elif command == "coverage":
        assert "source.txt (source 'src'): source file 'source.txt' is not a regular file" in r.out, r.both
    else:
        assert r.code == 0, r.both


def test_an_oversized_source_is_refused_unread(cli, write_map, tmp_path):
    path = write_map(SMALL)
    with open(tmp_path / "source.txt", "wb") as fh:  # sparse: cheap to make
        fh.truncate(MAX_BYTES + 1)
    r = cli("validate", str(path))
    assert r.code == 0, r.both
    assert f"more than the {MAX_BYTES // 2**20} MiB a source file may have" in r.out, r.out
    r = cli("coverage", str(path))
    assert "MiB a source file may have" in r.out, r.out


def test_sources_are_read_once_and_again_when_changed(write_map, tmp_path):
    path = write_map(SMALL)
    src = tmp_path / "source.txt"
    src.write_text("the first premise\n", encoding="utf-8")
    m = load(path).map
    first = load_sources(m, tmp_path)["src"].text
    assert load_sources(m, tmp_path)["src"].text is first  # unchanged file: cached
    src.write_text("something else entirely\n", encoding="utf-8")
    os.utime(src, ns=(1, 1))
    again = load_sources(m, tmp_path)["src"].text
    assert again is not first and again.contains("something else")
    assert load(path).warnings  # the quote is no longer found


def test_a_directory_source_says_so(cli, write_map, tmp_path):
    path = write_map(SMALL)
    (tmp_path / "source.txt").mkdir()
    r = cli("validate", str(path))
    assert "source file 'source.txt' is a directory" in r.out, r.out


_IO_CALLS = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "stat", "lstat", "exists",
             "is_file", "is_dir", "iterdir", "glob", "rglob", "fstat", "scandir", "listdir", "realpath"}
_IO_MODULES = {"os", "pathlib", "io", "shutil", "subprocess", "argmap.io.sources", "argmap.io.loader",
               "argmap.io.document", "argmap.io.save"}


def _problems(tree: ast.AST, name: str) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            called = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
            if called in _IO_CALLS:
                found.append(f"{name}:{node.lineno}: calls {called}()")
        elif isinstance(node, ast.Import):
            found += [f"{name}:{node.lineno}: imports {a.name}" for a in node.names if a.name.split(".")[0] in _IO_MODULES]
        elif isinstance(node, ast.ImportFrom):
            mod = ("argmap." + (node.module or "")) if node.level == 2 else (node.module or "")
            if node.level == 2 and node.module == "io":
                mod = "argmap.io." + ",".join(a.name for a in node.names)
            if mod in _IO_MODULES or mod.split(".")[0] in _IO_MODULES - {"argmap"}:
                found.append(f"{name}:{node.lineno}: imports from {mod}")
    return found


def test_analysis_never_touches_files():
    found = []
    for py in [*sorted(ANALYSIS.glob("*.py")), ANALYSIS.parent / "io" / "quotes.py"]:  # all analysis uses of io
        found += _problems(ast.parse(py.read_text(encoding="utf-8")), py.name)
    assert found == []


def test_the_file_check_sees_file_access():
    code = "from pathlib import Path\nfrom ..io.sources import load_sources\ndef f(p):\n    return p.read_text()\n"
    assert len(_problems(ast.parse(code), "x.py")) == 3
