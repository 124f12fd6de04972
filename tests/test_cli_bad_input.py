"""Bad input: exit code 1, FILE:LINE:COL cited, no traceback (run_cli asserts that)."""

from __future__ import annotations

import re

import pytest

from argmap.io import MAX_BYTES

CASES = {
    "yaml syntax error": (b"argmap: 1\ntitle: T\nclaims:\n  a: {kind: conclusion, text: \"x}\n", 5, "YAML syntax error"),
    "bad indentation": (b"argmap: 1\ntitle: T\nclaims:\n  a:\n    kind: conclusion\n   text: x\n", 6, "YAML syntax error"),
    "non-UTF-8 bytes": (b"argmap: 1\ntitle: caf\xe9\nclaims: {}\n", 2, "not UTF-8 text (byte 0xe9)"),
    "empty file": (b"", 1, "the file is empty"),
    "only comments": (b"# nothing here\n\n", 1, "the file is empty"),
    "top-level list": (b"- argmap: 1\n- title: T\n", 1, "the top level is a list"),
    "top-level scalar": (b"just words\n", 1, "the top level is a single value"),
    "python tag": (
        b"argmap: 1\ntitle: !!python/object/apply:os.system ['touch /tmp/argmap-pwned']\nclaims: {}\n",
        2,
        "YAML tag !!python/object/apply:os.system is not allowed",
    ),
    "custom local tag": (b"argmap: 1\ntitle: !secret T\nclaims: {}\n", 2, "YAML tag !secret is not allowed"),
    "alias": (
        b"argmap: 1\ntitle: T\nclaims:\n  a: &c {kind: conclusion, text: x}\n  b: *c\n",
        4,
        "YAML anchor '&c' is not allowed",
    ),
    "billion laughs": (
        b"argmap: 1\ntitle: T\nx: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        b"y: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nz: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        b"claims: {a: {kind: conclusion, text: x}}\n",
        3,
        "YAML anchor '&a' is not allowed",
    ),
    "second document": (
        b"argmap: 1\ntitle: T\nclaims: {a: {kind: conclusion, text: x}}\n---\nmore: 1\n",
        4,
        "a second YAML document",
    ),
    "tag on a key": (b"argmap: 1\ntitle: T\n!!python/object:x a: 1\nclaims: {}\n", 3, "YAML tag !!python/object:x is not allowed on a key"),
    "empty int": (b"argmap: 1\ntitle: T\nclaims:\n  a: {kind: conclusion, text: x, strength: !!int \"\"}\n", 4, "is not a valid !!int"),
    "control character": (b"argmap: 1\ntitle: T\x07\nclaims: {}\n", 2, "is not allowed in YAML"),
}


@pytest.mark.parametrize("content,line,message", CASES.values(), ids=CASES.keys())
def test_bad_input(cli, write_map, content, line, message):
    path = write_map(content)
    r = cli("validate", str(path))
    assert r.code == 1, r.both
    assert re.search(rf"^{re.escape(str(path))}:{line}:\d+: error: .*{re.escape(message)}", r.out, re.M), r.both


def test_python_tag_is_never_constructed(cli, write_map, tmp_path):
    marker = tmp_path / "pwned"
    path = write_map(
        f"argmap: 1\ntitle: !!python/object/apply:os.system ['touch {marker}']\nclaims: {{}}\n"
    )
    for cmd in (["validate"], ["fmt"], ["outline"]):
        assert cli(*cmd, str(path)).code == 1
    assert not marker.exists()


@pytest.mark.parametrize("depth", [150, 1_000_000])
def test_deep_nesting(cli, write_map, depth):
    path = write_map(("argmap: 1\ntitle: T\nclaims: " + "[" * depth + "]" * depth + "\n").encode())
    r = cli("validate", str(path))
    assert r.code == 1
    assert f"{path}:3:" in r.out
    # libyaml itself stops at 1000 levels; argmap stops at 100 before that
    assert "nesting deeper than 100 levels" in r.out or "maximum nesting depth" in r.out


def test_missing_file(cli, tmp_path):
    path = tmp_path / "nope.yaml"
    r = cli("validate", str(path))
    assert r.code == 1
    assert r.out.strip() == f"{path}:1:1: error: no such file; check the path"


def test_directory(cli, tmp_path):
    r = cli("validate", str(tmp_path))
    assert r.code == 1
    assert f"{tmp_path}:1:1: error: is a directory" in r.out


def test_too_large(cli, tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as fh:  # sparse: no need to write 64 MiB
        fh.truncate(MAX_BYTES + 1)
    r = cli("validate", str(path))
    assert r.code == 1
    assert f"{path}:1:1: error: file is 64.0 MiB, more than the 64 MiB a map may have" in r.out


def test_unreadable_file(cli, write_map):
    import os

    path = write_map("argmap: 1\n")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):  # root reads anything
            pytest.skip("running as root: permissions are not enforced")
        r = cli("validate", str(path))
        assert r.code == 1 and "permission denied" in r.out
    finally:
        path.chmod(0o644)


def test_every_bad_map_in_one_run(cli, write_map, small_map):
    bad = write_map(b"argmap: 1\ntitle: T\nclaims: []\n", name="bad.yaml")
    r = cli("validate", str(small_map), str(bad))
    assert r.code == 1
    assert f"{small_map}: ok, 4 claims, 0 warnings" in r.out
    assert f"{bad}:3:9: error: claims: expected a mapping" in r.out


def test_usage_errors_exit_2(cli, small_map):
    assert cli("validate").code == 2
    assert cli("frobnicate").code == 1  # not a command: taken as a file to open (missing)
    assert cli("frobnicate", "x").code == 2
    assert cli("validate", "--bogus", str(small_map)).code == 2
    r = cli("rebut", str(small_map), "nope", "text")
    assert r.code == 2 and "no claim 'nope' in this map" in r.err
