"""`argmap coverage` on a small made-up source."""

from __future__ import annotations

SOURCE = (
    "First sentence here. Second “quoted” sentence here!\n"
    "A hard-wrapped paragraph that goes\n"
    "on to a second line. Then a short one.\n"
    "\n"
    "- A list item without a full stop\n"
    "Last line? Yes.\n"
)

MAP = """
argmap: 1
title: Coverage
sources:
  s: {title: S, file: s.txt}
  t: {title: T}
claims:
  a:
    kind: conclusion
    text: A
    quote: {source: s, text: "Second \\"quoted\\" sentence"}
  b:
    kind: premise
    text: B
    supports: [a]
    quote: {source: s, text: "paragraph that goes on to a second line."}
  c:
    kind: premise
    text: C
    supports: [a]
    quote: {source: s, text: "Yes"}
"""


def test_coverage_lists_unquoted_sentences(cli, write_map):
    path = write_map(MAP)
    (path.parent / "s.txt").write_text(SOURCE, encoding="utf-8")
    r = cli("coverage", str(path))
    assert r.code == 0, r.both
    assert r.out == (
        "s.txt (source 's'): 3 of 7 sentences quoted (43%)\n"
        "Not quoted (less than 50% of the sentence):\n"
        "  para 1: First sentence here.\n"
        "  para 2: Then a short one.\n"
        "  para 5: - A list item without a full stop\n"
        "  para 6: Last line?\n"
    )


def test_coverage_without_files(cli, write_map):
    path = write_map("argmap: 1\ntitle: T\nclaims: {a: {kind: conclusion, text: x}}\n")
    r = cli("coverage", str(path))
    assert r.code == 0 and "no source has a file" in r.out


def test_coverage_missing_file(cli, write_map):
    path = write_map("argmap: 1\ntitle: T\nsources: {s: {title: S, file: gone.txt}}\nclaims: {a: {kind: conclusion, text: x}}\n")
    r = cli("coverage", str(path))
    assert r.code == 0 and "gone.txt (source 's'): source file 'gone.txt' not found" in r.out
