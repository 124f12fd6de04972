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


def test_paragraph_numbers_match_the_bundled_maps_locators():
    """Every quote of the op-ed falls in the paragraph its locator names, and
    each sentence shown as written is the folded sentence (same offsets)."""
    from argmap.analysis.coverage import layout, quote_spans
    from argmap.io import load
    from argmap.io.quotes import fold

    from .conftest import BUNDLED

    loaded = load(BUNDLED)
    text = loaded.sources["oped"].text
    folded, paras, found = layout(text.text, text.ends)
    assert [p.number for p in paras][:8] == [1, 2, 3, 4, 5, 6, 8, 9]  # line 7 is blank: no para 7
    by_number = {p.number: p for p in paras}
    for s in found:
        written = by_number[s.para].span(s.start, s.end)
        assert fold(written) == s.text and written in text.text.replace("\n", " ")
    spans = list(quote_spans(loaded.map, "oped", folded))
    assert len(spans) >= 40
    for cid, i, j in spans:
        first = min(s.para for s in found if s.start < j and s.end > i)
        assert loaded.map.claims[cid].quote.locator == f"para {first}", cid


def test_markdown_source_reads_as_text(cli, write_map):
    path = write_map("""
        argmap: 1
        title: Markdown
        sources:
          s: {title: S, file: s.md}
        claims:
          a:
            kind: conclusion
            text: A
            quote: {source: s, text: "Some bold and a link here.", locator: para 3}
          b:
            kind: premise
            text: B
            supports: [a]
            quote: {source: s, text: "Some **bold**", locator: para 3}
        """)
    (path.parent / "s.md").write_text(
        "# A *heading*\n\nSome **bold** and [a link](https://example.org) here.\nSecond line, same paragraph.\n",
        encoding="utf-8",
    )
    r = cli("validate", str(path))
    assert r.code == 0 and "0 warnings" in r.out, r.out  # rendered and as-written quotes are both verbatim
    r = cli("coverage", str(path))
    assert r.out.splitlines()[0] == "s.md (source 's'): 1 of 3 sentences quoted (33%)", r.out
    assert "  para 1: A heading\n" in r.out and "  para 4: Second line, same paragraph.\n" in r.out
