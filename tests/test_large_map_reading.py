"""A large map is read by another path than a small one (from its bytes,
without positions, sharing repeated strings): what it says must not change,
and it must need less memory."""

from __future__ import annotations

import tracemalloc

import pytest

from argmap.io import dump, load_bytes, loader

from .test_cli_bad_input import CASES

#: More than the loader's limit for reading positions at once.
PAD = b"# " + b"x" * 1_100_000 + b"\n"


def _big(n: int, *, extra: str = "") -> bytes:
    """A valid map of ``n`` claims (some text not ASCII), then ``extra``."""
    lines = ["argmap: 1", "title: Großes Bild — big map", "sources:", "  s:", "    title: Quelle", "claims:"]
    for i in range(n):
        lines += [
            f"  c{i}:",
            f"    kind: {'conclusion' if i < 10 else 'premise'}",
            f"    text: Ünïcödé claim {i}, with some words to make it longer than a short line.",
        ]
        if i >= 10:
            lines += ["    supports:", f"      - c{i % 10}", "    tags:", "      - factual", "      - needs-check"]
            lines += ["    quote:", "      source: s", f"      text: quoted words {i}", "      locator: p. 3"]
    return ("\n".join(lines) + "\n" + extra).encode("utf-8")


def _diagnostics(data: bytes) -> list[str]:
    loaded = load_bytes(data, "m.yaml")
    return [str(d) for d in loaded.diagnostics] + [f"ok={loaded.ok} claims={loaded.claim_count}"]


def _as_small(data: bytes, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the path for small maps (positions read at once from the text) says."""
    with monkeypatch.context() as m:
        m.setattr(loader, "_POSITIONS_AT_ONCE", 10**9)
        return _diagnostics(data)


BIG = {
    "duplicate claim far in": _big(4000, extra="  c3999:\n    kind: premise\n    text: again\n"),
    "duplicate field": _big(4000, extra="  z:\n    kind: premise\n    text: a\n    text: b\n"),
    "syntax error far in": _big(4000, extra="  z: {kind: premise, text: \"x}\n"),
    "alias far in": _big(4000, extra="  z: &a {kind: premise, text: x}\n  y: *a\n"),
    "tag far in": _big(4000, extra="  z: {kind: premise, text: !!binary aGVsbG8=}\n"),
    "invalid field far in": _big(4000, extra="  z: {kind: premise, text: x, strength: 2, supports: [c1]}\n"),
    "unknown claim far in": _big(4000, extra="  z: {kind: premise, text: x, supports: [nope]}\n"),
    "warning far in": _big(4000, extra="  z: {kind: premise, text: x, supports: [c3], attacks: [c3]}\n"),
    "long run of spaces": _big(4000, extra="  z: {kind: premise, text: x" + " " * 1200 + "}\n"),
    "long run of blank lines": _big(4000, extra="\n" * 1200 + "  z: {kind: premise, text: x}\n"),
    "byte-order mark": b"\xef\xbb\xbf" + _big(4000, extra="  c1: {kind: premise, text: x}\n"),
    "second document": _big(4000, extra="---\nmore: 1\n"),
    "valid": _big(4000),
    "valid with comments": _big(4000, extra="# a comment\n  z: {kind: premise, text: x}  # another\n"),
}


@pytest.mark.parametrize("content", [c for c, _, _ in CASES.values()], ids=list(CASES))
def test_a_bad_map_made_large_says_what_it_says_when_small(content, monkeypatch):
    data = content + PAD
    assert len(data) > loader._POSITIONS_AT_ONCE
    got = _diagnostics(data)
    assert got == _as_small(data, monkeypatch)
    assert got[0].startswith("m.yaml:") and "ok=False" in got[-1]


@pytest.mark.parametrize("data", BIG.values(), ids=list(BIG))
def test_a_large_map_is_located_to_the_character(data, monkeypatch):
    assert len(data.decode("utf-8")) > loader._POSITIONS_AT_ONCE
    assert _diagnostics(data) == _as_small(data, monkeypatch)


def test_a_large_map_with_problems_is_located_as_written(write_map, cli):
    path = write_map(_big(4000, extra="  c3999:\n    kind: premise\n    text: again\n"))
    first = 6 + 10 * 3 + 3990 * 12 - 11  # the line of the first 'c3999:'
    r = cli("validate", str(path))
    assert r.code == 1
    assert f"{path}:{first + 12}:3: error: claims: duplicate key 'c3999' (first at line {first})" in r.out, r.out


def test_reading_a_large_valid_map_needs_little_more_memory_than_its_bytes():
    data = _big(6000)
    load_bytes(data, "warm-up.yaml")  # imports, caches
    tracemalloc.start()
    try:
        loaded = load_bytes(data, "m.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert loaded.ok and loaded.claim_count == 6000
    # (the bytes are the caller's; the text of this map is twice as large,
    # as a character needs two bytes)  With the text kept while reading, a
    # copy of the bytes for libyaml, each key, id and tag as a string of its
    # own and a new list for each empty field, this took 9.4 times the bytes
    assert peak < 6 * len(data), peak / len(data)


def test_formatting_a_large_map_needs_little_more_memory_than_its_models():
    data = _big(6000)
    dump(load_bytes(data, "warm-up.yaml").map)  # imports, caches, validators
    tracemalloc.start()
    try:
        loaded = load_bytes(data, "m.yaml")
        text = dump(loaded.map, loaded.header)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert text.startswith("argmap: 1\n") and text.count("\n  c") == 6000
    # The models were made with the data of every claim still held, and the
    # text was written a line at a time (a string for each line): 14.5 times
    # the bytes.  The models alone take about 7.
    assert peak < 13.5 * len(data), peak / len(data)
