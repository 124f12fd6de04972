"""Debate prep documents: cards, frontlines, the flow, timing and the brief for a side."""

from __future__ import annotations

import csv
import io
import json

import pytest

from argmap.analysis.timing import clock, count_words, reading_time

PREP = """
argmap: 1
title: Prep test
sources:
  s1: {title: Study of costs, author: A. Writer, date: 2019-03-01, url: "https://x.org/s1", accessed: 2026-11-20}
  s2: {title: Report on prices, publisher: Daily News}
  s3: {title: A bare title of a long source name}
  s4: {title: Ministry page, author: Ministry of Finance, date: May 2016}
claims:
  t: {kind: conclusion, label: Act now, text: We should act on costs this year.}
  p1:
    kind: premise
    text: Costs fell.
    supports: [t]
    quote: {source: s1, text: "Across the region, in each of the twelve districts the household survey covered from spring to autumn, costs fell [[by half in two years]] according to the survey.", locator: p. 4}
  p2: {kind: premise, text: It is popular., supports: [t], tags: [needs-check]}
  e2: {kind: evidence, text: Polls show support., supports: [p2], cites: [{source: s2, locator: para 3}]}
  c-weak: {kind: counterpoint, text: Nobody wants it., attacks: [t], strength: 0.2}
  r1: {kind: rebuttal, text: Many want it., attacks: [c-weak], cites: [{source: s3}, {source: s4}]}
  c-strong: {kind: counterpoint, text: The numbers are made up., attacks: [p1, p2], strength: 0.9}
  c-ev: {kind: counterpoint, text: Prices rose instead., attacks: [p2]}
  ce: {kind: evidence, text: A report says prices rose., supports: [c-ev], quote: {source: s2, text: the report found that food fuel and rent prices rose in every district it measured over the whole period}}
  u1: {kind: rebuttal, text: That report measured another region., undercuts: [{from: ce, to: c-ev}]}
"""


@pytest.fixture
def prep_map(write_map):
    return write_map(PREP)


def test_timing_arithmetic(cli, prep_map):
    assert count_words("It's 2,000 words — no: [[two]] words.") == 6
    assert reading_time(160, 160) == 60.0 and reading_time(40, 160) == 15.0
    assert clock(60.0) == "1:00" and clock(61.2) == "1:02" and clock(0) == "0:00" and clock(3599.5) == "60:00"
    with pytest.raises(ValueError):
        reading_time(10, 0)
    slow = cli("cards", str(prep_map), "--wpm", "80").out
    fast = cli("cards", str(prep_map)).out
    n = int(fast.split("read aloud: ")[1].split(" words")[0])
    assert f"read aloud: {n} words, {clock(n * 60 / 160)} at 160 wpm" in fast
    assert f"read aloud: {n} words, {clock(n * 60 / 80)} at 80 wpm" in slow
    r = cli("cards", str(prep_map), "--wpm", "0")
    assert r.code == 2 and "speaking rate" in r.err


def test_cards_with_missing_fields_and_marks(cli, prep_map):
    r = cli("cards", str(prep_map), "--format", "txt")
    assert r.code == 0, r.both
    text = r.out
    # the short cite: a person's last name and the year; the publisher; the title; an organisation in full
    assert "Writer 2019 — Study of costs, A. Writer, 2019-03-01, https://x.org/s1, accessed 2026-11-20, p. 4" in text
    assert "Daily News n.d. — Report on prices, Daily News, para 3" in text
    assert "A bare title of… n.d. — A bare title of a long source name" in text
    assert "Ministry of Finance 2016 — Ministry page, Ministry of Finance, May 2016" in text
    # the marked part is emphasised, and only it is timed
    assert "“Across the region, in each of the twelve districts the household survey covered from spring to autumn, costs fell ▶by half in two years◀ according to the survey.”" in text
    words = count_words("Costs fell. Writer 2019, p. 4 by half in two years")
    assert f"({words} words, " in text
    # claims with neither quote nor cite are not cards
    assert "It is popular." not in text and "; claim p2)" not in text and "; claim p1)" in text
    md_text = cli("cards", str(prep_map)).out
    assert "Across the region, in each of the twelve districts the household survey covered from spring to autumn, costs fell **by half in two years** according to the survey." in md_text
    html = cli("cards", str(prep_map), "--format", "html").out
    assert "<strong>by half in two years</strong>" in html and html.startswith("<!DOCTYPE html>")


def test_cards_by_side_and_tag(cli, prep_map):
    con = cli("cards", str(prep_map), "--side", "con", "--format", "txt").out
    assert "; claim ce)" in con and "; claim p1)" not in con
    tagged = cli("cards", str(prep_map), "--tag", "needs-check", "--format", "txt").out
    assert "0 cards" in tagged
    r = cli("cards", str(prep_map), "--tag", "nosuch")
    assert r.code == 2 and "no claim is tagged 'nosuch'" in r.err


def _strengths(cli, path) -> dict[str, float]:
    doc = json.loads(cli("analyze", str(path), "--json").out)
    return {k: v["strength"] for k, v in doc["claims"].items()}


def test_frontlines_holes_first_once_with_undercuts_as_answers(cli, prep_map):
    r = cli("frontlines", str(prep_map), "--side", "pro")
    assert r.code == 0, r.both
    text = r.out
    blocks = text.split("\n#### ")[1:]
    args = [b.split("`")[1] for b in (x.split("\n\n", 1)[1] for x in blocks)]
    assert sorted(args) == ["c-ev", "c-strong", "c-weak"]  # each once, though c-strong attacks two claims
    holes = [a for a, b in zip(args, blocks, strict=True) if b.startswith("⚠")]
    assert set(holes) == {"c-strong", "c-ev"} and args[-1] == "c-weak"  # holes first
    s = _strengths(cli, prep_map)
    weight = {"c-strong": max(s["p1"], s["p2"]), "c-ev": s["p2"]}
    assert holes == sorted(holes, key=lambda a: -weight[a])  # by the strength of what they attack
    c_ev = blocks[args.index("c-ev")]
    assert "HOLE: answered but still standing" in c_ev
    assert "*undercuts its support 'ce'*: **That report measured another region.**" in c_ev
    assert "attacks `p1`, attacks `p2`" in blocks[args.index("c-strong")]
    assert "*answers it*: **Many want it.**" in blocks[args.index("c-weak")]


def test_frontlines_for_con(cli, prep_map):
    text = cli("frontlines", str(prep_map), "--side", "con").out
    assert "Every argument the pro side makes against the con side" in text
    assert "`r1` rebuttal, attacks `c-weak`" in text and "`u1` rebuttal, undercuts `ce` → `c-ev`" in text
    assert cli("frontlines", str(prep_map)).code == 2  # --side is required


def test_flow_columns_and_marks(cli, prep_map):
    r = cli("flow", str(prep_map), "--format", "csv")
    assert r.code == 0, r.both
    rows = list(csv.reader(io.StringIO(r.out)))
    assert rows[0] == ["row", "1. Pro: case", "2. Con: attacks", "3. Pro: answers"]
    cells = {c.split("(")[1].split(")")[0].split(":")[0]: (i, col, c) for i, row in enumerate(rows[1:])
             for col, c in enumerate(row[1:]) if c and "see row" not in c}
    assert cells["t"][1] == 0 and cells["p1"][1] == 0 and cells["e2"][1] == 0
    assert cells["c-weak"][1] == 1 and cells["c-strong"][1] == 1 and cells["c-ev"][1] == 1
    assert cells["r1"][1] == 2 and cells["u1"][1] == 2
    # an answer stands on the row of what it answers
    assert cells["r1"][0] == cells["c-weak"][0] and cells["c-weak"][0] == cells["t"][0]
    assert cells["u1"][0] == cells["ce"][0] and cells["c-strong"][0] == cells["p1"][0]
    assert cells["c-weak"][2].endswith("answered")  # r1 stands and defeats it
    assert cells["c-ev"][2].endswith("weakened")  # its evidence is undercut, it still stands
    assert cells["c-strong"][2].endswith("dropped")  # nothing answers it
    assert "+ A report says prices rose." in cells["ce"][2]  # its support, same column
    seen_again = [c for row in rows[1:] for c in row[1:] if "c-strong: see row" in c]
    assert len(seen_again) == 1  # it attacks p2 too: named there, not repeated
    md_text = cli("flow", str(prep_map)).out
    assert "| # | 1\\. Pro: case | 2\\. Con: attacks | 3\\. Pro: answers |" in md_text
    assert "Reading time per column: 1\\. Pro: case:" in md_text
    html = cli("flow", str(prep_map), "--format", "html").out
    assert "<table>" in html and "@page { size: landscape; }" in html


def test_brief_for_each_side(cli, prep_map):
    pro = cli("brief", str(prep_map), "--side", "pro").out
    assert "## Act now" in pro and "We should act on costs this year." in pro
    assert "Standing: " in pro and "### The case (" in pro and "### Frontlines (3 arguments, 2 holes;" in pro
    assert "Markers: ⚑ unverified" in pro and "**⚑ unverified**" in pro
    assert pro.index("The numbers are made up.") < pro.index("Nobody wants it.")  # holes first
    assert "## Sources" in pro and "- *Writer 2019*: Study of costs" in pro
    # the side's total is the sum of its blocks
    case = int(pro.split("### The case (", 1)[1].split(" words")[0])
    answers = int(pro.split("; answers ", 1)[1].split(" words")[0])
    assert f"Read aloud, the pro side's material takes {case + answers} words, " in pro
    assert f"the case cards {clock((case) * 60 / 160)}, the prepared answers {clock(answers * 60 / 160)}." in pro
    con = cli("brief", str(prep_map), "--side", "con").out
    assert "Debate brief for the **con** side" in con and "### The con case against it (" in con
    case = con.split("### The con case against it", 1)[1].split("### Frontlines", 1)[0]
    assert "`c-strong`" in case and "`ce`" in case and "`p1`" not in case
    front = con.split("### Frontlines", 1)[1].split("### Open", 1)[0]
    assert "`r1`" in front and "`u1`" in front and "`c-strong`" not in front


def test_brief_max_words_cuts_quotes_to_their_marked_part(cli, prep_map):
    full = cli("brief", str(prep_map)).out
    assert "Left out" not in full and "Across the region" in full
    n = count_words(full)
    tiny = cli("brief", str(prep_map), "--max-words", "10")
    assert "over the budget of 10" in tiny.err
    least = count_words(tiny.out)  # every quote cut or left out
    assert least < n
    fit = cli("brief", str(prep_map), "--max-words", str(least))
    assert fit.code == 0 and fit.err == "", fit.both
    assert count_words(fit.out) <= least
    left = fit.out.split(f"## Left out to fit {least} words", 1)[1]
    assert f"The full brief has {n} words." in left
    assert "Quotes cut to their marked part: `p1`." in left
    assert "**by half in two years** […]" in fit.out and "Across the region" not in fit.out
    con = cli("brief", str(prep_map), "--side", "con").out
    assert "the whole period" in con
    con_cut = cli("brief", str(prep_map), "--side", "con", "--max-words", "10").out
    assert "the whole period" not in con_cut and "Quotes left out (no marked part): `ce`." in con_cut

    def case_words(text: str) -> int:
        return int(text.split("### The con case against it (", 1)[1].split(" words")[0])

    quote = count_words("the report found that food fuel and rent prices rose in every district it measured over "
                        "the whole period")
    assert case_words(con_cut) == case_words(con) - quote  # a quote left out is not timed
    assert cli("brief", str(prep_map), "--max-words", "0").code == 2


def test_card_api_for_the_tui(prep_map):
    from argmap.export.cards import card, subtree_words
    from argmap.io import load

    m = load(prep_map).map
    k = card(m, "p1")
    assert k.is_evidence and k.text().startswith("Costs fell.\nWriter 2019 — Study of costs")
    assert not card(m, "p2").is_evidence
    # c-ev's subtree: c-ev, its evidence ce and the undercut of that link u1
    assert subtree_words(m, "c-ev") == card(m, "c-ev").words + card(m, "ce").words + card(m, "u1").words
    assert subtree_words(m, "t") == sum(card(m, c).words for c in m.claims)


def test_subtree_words_kept_between_calls_follow_edits(prep_map):
    """The TUI keeps each claim's word count from call to call: a claim an
    edit replaced, or new sources, are counted again."""
    from argmap.export.cards import subtree_words
    from argmap.io import load

    m = load(prep_map).map
    counts: dict = {}
    assert [subtree_words(m, c, counts=counts) for c in m.claims] == [subtree_words(m, c) for c in m.claims]
    assert len(counts) == len(m.claims)
    longer = m.claims["ce"].model_copy(update={"text": m.claims["ce"].text + " and ten more words to read aloud here now"})
    m2 = m.model_copy(update={"claims": {**m.claims, "ce": longer}})
    assert subtree_words(m2, "t", counts=counts) == subtree_words(m2, "t") == subtree_words(m, "t") + 9  # nine words more
    m3 = m2.model_copy(update={"sources": {}})  # (no sources: the citations are not read)
    assert subtree_words(m3, "t", counts=counts) == subtree_words(m3, "t")


def test_text_documents_keep_map_text_inert(cli, write_map):
    path = write_map("""
        argmap: 1
        title: T
        sources:
          s: {title: "Evil\\u202e title"}
        claims:
          t: {kind: conclusion, text: "Right\\u202eleft", quote: {source: s, text: "a\\u202eb"}}
          c: {kind: counterpoint, text: "x\\u202ey", attacks: [t]}
        """)
    for args in (("cards", "--format", "txt"), ("flow", "--format", "csv"), ("cards",), ("frontlines", "--side", "pro"),
                 ("brief", "--side", "con")):
        r = cli(args[0], str(path), *args[1:])
        assert r.code == 0, r.both
        assert "\u202e" not in r.out, args


def test_marks_do_not_count_in_coverage_or_show_in_the_diagram(cli, write_map):
    path = write_map("""
        argmap: 1
        title: T
        sources:
          s: {title: S, file: s.txt}
        claims:
          t: {kind: conclusion, text: T, quote: {source: s, text: "The alliance [[must adapt now]] or fail."}}
        """)
    (path.parent / "s.txt").write_text("The alliance must adapt now or fail.\nAnother sentence here.\n", encoding="utf-8")
    cov = cli("coverage", str(path)).out
    assert "1 of 2 sentences quoted" in cov, cov
    dot = cli("export", str(path)).out
    assert "must adapt now" in dot and "[[" not in dot
