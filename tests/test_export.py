"""Diagrams and briefs: real Graphviz output, hostile text, selection, briefs."""

from __future__ import annotations

import os
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.export.diagram import Options, diagram, render
from argmap.export.formats import FORMATS
from argmap.io import load
from argmap.model import ArgMap, Claim, Kind

SVG = "{http://www.w3.org/2000/svg}"


def require_dot() -> None:
    """Tests that run Graphviz skip without it, except in CI (ARGMAP_REQUIRE_DOT=1)."""
    if shutil.which("dot") is None:
        if os.environ.get("ARGMAP_REQUIRE_DOT"):
            pytest.fail("Graphviz's dot is required here (ARGMAP_REQUIRE_DOT is set) but not installed")
        pytest.skip("Graphviz's dot is not installed")


@pytest.fixture
def need_dot():
    require_dot()


HOSTILE = [
    'He said "no" and left',
    "back\\slash, \\N and \\G and \\L, trailing \\",
    "braces { } and brackets [ ] ; semicolons",
    "<b>not bold</b> &amp; <i>x</i> & < >",
    "line one\nline two\n\nline four",
    "tab\there",
    "שלום עולם — right to left, مرحبا",
    "emoji 🛡️🇮🇱🤝",
    'node [shape=box]; edge; graph; digraph; subgraph; strict',
    '"]; evil [label="pwn"]; a -> b; // comment',
    "/* block */ # hash -- --> ->",
    "}\n}\ndigraph x {",
]


def svg_nodes(svg: bytes) -> dict[str, list[str]]:
    """Node name -> the lines of text drawn in it."""
    root = ET.fromstring(svg)
    out = {}
    for g in root.iter(f"{SVG}g"):
        if g.get("class") == "node":
            name = g.find(f"{SVG}title").text
            out[name] = [(t.text or "").replace("\xa0", " ") for t in g.iter(f"{SVG}text")]
    return out


def hostile_map() -> ArgMap:
    claims = {"root": Claim(kind=Kind.CONCLUSION, text="The root")}
    for i, t in enumerate(HOSTILE):
        claims[f"h{i}"] = Claim(kind=Kind.PREMISE, text=t, supports=["root"])
    return ArgMap(argmap=1, title='Hostile "title" \\N { }', claims=claims)


def test_dot_needs_no_graphviz_and_goes_to_stdout(cli, small_map):
    r = cli("export", str(small_map), env={"PATH": "/nonexistent"})
    assert r.code == 0, r.both
    assert r.out.startswith("digraph argmap {")
    assert '"thesis" [label=<' in r.out and '"p1" -> ' in r.out


def test_missing_graphviz_is_explained(cli, small_map, tmp_path):
    r = cli("export", str(small_map), "-o", str(tmp_path / "m.svg"), env={"PATH": "/nonexistent"})
    assert r.code == 1
    assert "Graphviz's 'dot' program is needed" in r.err and "apt install graphviz" in r.err
    assert not (tmp_path / "m.svg").exists()


def test_hostile_text_renders_verbatim_and_adds_nothing(need_dot):
    m = hostile_map()
    svg = render(diagram(m, Options(wrap=0, legend=False, quotes=False)), "svg")
    nodes = svg_nodes(svg)
    assert set(nodes) == set(m.claims), "hostile labels must not add or remove nodes"
    for cid, c in m.claims.items():
        drawn = nodes[cid][1:]  # the first line is "kind · id · ..."; Graphviz draws no empty lines
        assert drawn == [line for line in c.text.replace("\t", "    ").split("\n") if line], cid
    root = ET.fromstring(svg)
    edges = [g for g in root.iter(f"{SVG}g") if g.get("class") == "edge"]
    assert len(edges) == len(HOSTILE)
    title = [t.text for t in root.iter(f"{SVG}text")][0]
    assert title == 'Hostile "title" \\N { }'


texts = st.text(
    st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n"), min_size=1, max_size=60
).filter(lambda s: s.strip())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(texts, min_size=1, max_size=4))
def test_random_text_parses_and_is_carried(ts):
    require_dot()
    claims = {"c0": Claim(kind=Kind.CONCLUSION, text=ts[0])}
    for i, t in enumerate(ts[1:], 1):
        claims[f"c{i}"] = Claim(kind=Kind.PREMISE, text=t, supports=["c0"])
    m = ArgMap(argmap=1, title="t", claims=claims)
    svg = render(diagram(m, Options(wrap=0, legend=False, quotes=False)), "svg")  # dot must parse it
    nodes = svg_nodes(svg)
    assert set(nodes) == set(claims)
    for cid, c in claims.items():
        # SVG text collapses nothing we check: compare with spaces normalised
        drawn = " ".join(" ".join(nodes[cid][1:]).split())
        assert drawn == " ".join(c.text.split()), cid


def test_selection_root_depth_tags(cli, write_map):
    path = write_map(
        """
        argmap: 1
        title: Selection
        claims:
          a: {kind: conclusion, text: A, tags: [keep]}
          b: {kind: conclusion, text: B}
          p: {kind: premise, text: P, supports: [a], tags: [keep]}
          e: {kind: evidence, text: E, supports: [p], tags: [keep, drop]}
          c: {kind: counterpoint, text: C, attacks: [a]}
          r: {kind: rebuttal, text: R, attacks: [c]}
          u: {kind: counterpoint, text: U, undercuts: [{from: p, to: a}]}
          q: {kind: premise, text: Q, supports: [b]}
        """
    )

    def nodes(*args: str) -> set[str]:
        r = cli("export", str(path), "--no-legend", *args)
        assert r.code == 0, r.both
        return set(re.findall(r'^\t"(\w+)" \[label=<', r.out, re.M))

    assert nodes() == {"a", "b", "p", "e", "c", "r", "u", "q"}
    assert nodes("--root", "a") == {"a", "p", "e", "c", "r", "u"}
    assert nodes("--root", "a", "--depth", "1") == {"a", "p", "c"}
    assert nodes("--root", "a", "--depth", "2") == {"a", "p", "e", "c", "r", "u"}
    assert nodes("--root", "b") == {"b", "q"}
    assert nodes("--tag", "keep") == {"a", "p", "e"}
    assert nodes("--tag", "keep", "--exclude-tag", "drop") == {"a", "p"}
    r = cli("export", str(path), "--depth", "1")
    assert r.code == 2 and "--depth goes with --root" in r.err
    r = cli("export", str(path), "--root", "zz")
    assert r.code == 2 and "no claim 'zz'" in r.err


def test_undercut_is_drawn_onto_the_link(cli, small_map):
    out = cli("export", str(small_map), "--no-legend").out
    assert re.search(r'^\t"link\|p1\|thesis" \[label="" shape="point"', out, re.M)
    assert '"p1" -> "link|p1|thesis"' in out and '"link|p1|thesis" -> "thesis"' in out
    assert '"u1" -> "link|p1|thesis"' in out


def test_evaluation_layer_and_options(cli, small_map):
    out = cli("export", str(small_map), "--strengths").out
    assert "✗ out" in out and "✓ in" in out and "strength 0.50" in out
    assert "cluster_legend" in out and "dashed" in out
    plain = cli("export", str(small_map), "--no-evaluation", "--no-legend", "--no-quotes",
                "--direction", "LR", "--title", "").out
    assert "✓" not in plain and "cluster_legend" not in plain and "the first premise" not in plain
    assert "rankdir=LR" in plain and "Small test map" not in plain
    assert "the first premise" in cli("export", str(small_map)).out


MAGIC = {"dot": b"digraph", "svg": b"<?xml", "png": b"\x89PNG", "pdf": b"%PDF", "md": b"# Small test map\n",
         "html": b"<!DOCTYPE html>", "argdown": b"===\ntitle:", "aif": b'{\n  "nodes"', "json": b'{\n  "argmap"'}


@pytest.mark.parametrize("fmt,suffix", [(f, s) for f in FORMATS for s in f.suffixes], ids=lambda x: getattr(x, "name", x))
def test_every_format_is_told_by_its_suffixes(cli, small_map, tmp_path, request, fmt, suffix):
    if fmt.needs_dot:
        request.getfixturevalue("need_dot")
    out = tmp_path / f"m{suffix.upper() if suffix == '.gv' else suffix}"
    r = cli("brief" if fmt.kind == "brief" else "export", str(small_map), "-o", str(out))
    assert r.code == 0, r.both
    assert out.read_bytes().startswith(MAGIC[fmt.name])


def test_svg_of_bundled_map_has_every_claim(need_dot):
    from .conftest import BUNDLED

    m = load(BUNDLED).map
    nodes = svg_nodes(render(diagram(m, Options(wrap=0, quotes=False, legend=False)), "svg"))
    for cid, c in m.claims.items():
        assert " ".join(nodes[cid][1:]) == c.text, cid


BRIEF_MAP = """
argmap: 1
title: Brief test
sources:
  s: {title: "The *Source*", author: Ann, date: 2020-01-02, url: "https://example.org/s"}
claims:
  thesis: {kind: conclusion, text: "We should act [now]."}
  p1:
    kind: premise
    text: It works.
    supports: [thesis]
    quote: {source: s, text: it works well, locator: p. 4}
  e1: {kind: evidence, text: A study shows it., supports: [p1]}
  p2: {kind: premise, text: It is cheap., supports: [thesis]}
  c1: {kind: counterpoint, text: It costs too much., attacks: [p2]}
  r1: {kind: rebuttal, text: Costs fell by half., attacks: [c1], tags: ["source:s"]}
  c2: {kind: counterpoint, text: "Nobody asked for it <really>.", attacks: [thesis]}
"""


def test_brief_markdown_sections(cli, write_map):
    path = write_map(BRIEF_MAP)
    r = cli("brief", str(path))
    assert r.code == 0, r.both
    text = r.out
    for heading in ("# Brief test", "## We should act \\[now\\].", "### The case", "### Frontlines", "### Open"):
        assert heading in text
    assert "*Ann 2020*, p. 4  \n  > “it works well”" in text  # the short cite on the card
    assert "- *Ann 2020*: The \\*Source\\*, Ann, 2020-01-02, https://example.org/s (`s`)" in text  # once
    assert "#### It costs too much." in text and "Answers (" in text
    assert "*answers it*: **Costs fell by half.**" in text
    assert "#### ⚠ Nobody asked for it \\<really\\>." in text and "*No answer prepared yet.*" in text
    # the hole comes first
    assert text.index("Nobody asked for it") < text.index("It costs too much.")
    open_part = text.split("### Open", 1)[1]
    assert "Still standing against this side (holes):" in open_part and "`c2`" in open_part
    assert "Premises with no evidence under them and no cite:" in open_part and "`p2`" in open_part
    assert "`p1`" not in open_part.split("Prep warnings")[0]  # p1 has evidence


def test_brief_html_is_self_contained(cli, write_map, tmp_path, need_dot):
    path = write_map(BRIEF_MAP)
    out = tmp_path / "brief.html"
    r = cli("brief", str(path), "-o", str(out))
    assert r.code == 0, r.both
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page and "<svg" in page
    assert "<script" not in page and 'src="http' not in page and "<link" not in page
    assert "Nobody asked for it &lt;really&gt;." in page
    assert "@media print" in page


def test_brief_markdown_with_diagram_and_root(cli, write_map, tmp_path, need_dot):
    path = write_map(BRIEF_MAP)
    out = tmp_path / "b.md"
    r = cli("brief", str(path), "--root", "thesis", "--diagram", "-o", str(out))
    assert r.code == 0, r.both
    assert "![Diagram of the map](<b.svg>)" in out.read_text()
    assert (tmp_path / "b.svg").read_bytes().startswith(b"<?xml")


def test_undercut_of_a_second_link_is_kept(cli, write_map):
    path = write_map(
        """
        argmap: 1
        title: Two links
        claims:
          r: {kind: conclusion, text: R}
          t1: {kind: premise, text: T1, supports: [r]}
          t2: {kind: premise, text: T2, supports: [r]}
          s: {kind: evidence, text: S, supports: [t1, t2]}
          u: {kind: counterpoint, text: U, undercuts: [{from: s, to: t2}]}
        """
    )
    assert '"u" -> "link|s|t2"' in cli("export", str(path), "--root", "r").out
    outline = cli("outline", str(path)).out
    assert "      ~ u [counterpoint] U" in outline
    brief = cli("brief", str(path)).out
    assert "#### ⚠ U" in brief and "`u` counterpoint, undercuts `s` → `t2`" in brief


def test_brief_keeps_odd_text_as_text(cli, write_map, tmp_path):
    path = write_map(
        """
        argmap: 1
        title: "Odd\\ntitle"
        claims:
          a:
            kind: conclusion
            text: "First line\\n\\n  indented [x](javascript:alert(1)) <script>alert(1)</script>\\n# not a heading\\n1. not a list"
          p: {kind: premise, text: "**not bold** _nor this_", supports: [a]}
        """
    )
    out = tmp_path / "b.html"
    assert cli("brief", str(path), "-o", str(out), "--no-diagram").code == 0
    page = out.read_text()
    assert "<script" not in page and "href=" not in page and "<strong>not bold" not in page and "<em>nor" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "**not bold** _nor this_" in page
    assert "<h1>Odd title</h1>" in page and page.count("<h2>") == 1
    md_text = cli("brief", str(path)).out
    # the list item of p stays one item: the claim's own lines are continued inside it
    case = md_text.split("### The case", 1)[1].split("### Frontlines", 1)[0]
    assert case.count("\n- **") == 1 and "\\*\\*not bold\\*\\* \\_nor this\\_" in case


def test_output_safety(cli, small_map, tmp_path):
    import os

    r = cli("brief", str(small_map), "--format", "md", "-o", str(small_map))
    assert r.code == 2 and "is the map itself" in r.err
    assert cli("validate", str(small_map)).code == 0
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    import threading

    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    assert cli("export", str(small_map), "-o", str(fifo), "--format", "dot").code == 0
    reader.join(10)
    assert fifo.is_fifo() and got and got[0].startswith(b"digraph")
    r = cli("export", str(small_map), "-o", str(tmp_path / "no" / "x.dot"))
    assert r.code == 1 and f"cannot write {tmp_path / 'no' / 'x.dot'}" in r.err
    r = cli("export", str(small_map), "--root", "thesis", "--depth", "-1")
    assert r.code == 2 and "--depth must be 0 or more" in r.err
    r = cli("brief", str(small_map), "-o", str(tmp_path / "x.pdf"))
    assert r.code == 2 and "give --format md|html" in r.err


def test_failing_dot_is_reported(cli, small_map, tmp_path):
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "dot").write_text("#!/bin/sh\necho 'Error: something broke' >&2\nexit 1\n")
    (fake / "dot").chmod(0o755)
    r = cli("export", str(small_map), "-o", str(tmp_path / "m.svg"), env={"PATH": str(fake)})
    assert r.code == 1 and "Graphviz's dot failed: Error: something broke" in r.err


CAVEAT_MAP = """
argmap: 1
title: T
claims:
  t: {kind: conclusion, text: The thesis, strength: 0.8}
  k: {kind: counterpoint, text: Weak objection, attacks: [t], strength: 0.3}
  p: {kind: premise, text: Unchecked premise, supports: [t], tags: [needs-check]}
  q: {kind: premise, text: Assumed, supports: [t], tags: [implicit]}
"""


def test_caveats_semantics_and_without_tag_in_exports(cli, write_map):
    path = write_map(CAVEAT_MAP)
    dot = cli("export", str(path)).out
    assert "⚑ unverified" in dot and "◌ implicit" in dot and "❝" not in dot  # only markers in use
    assert "⚑ unverified: tagged needs-check" in dot  # the legend
    assert "· t · ✗ out" in dot
    assert "· t · ✓ in" in cli("export", str(path), "--semantics", "preference").out
    dot = cli("export", str(path), "--without-tag", "needs-check").out
    assert "· p · withdrawn" in dot
    brief = cli("brief", str(path)).out
    assert "Markers: ⚑ unverified" in brief and "◌ implicit" in brief
    assert "Standing: falls \\[out\\]: 'k' defeats it and nothing answers it; answer 'k' to reinstate it." in brief
    assert "(`p`; ✓ in, strength 0.50 · **⚑ unverified**)" in brief
    brief = cli("brief", str(path), "--semantics", "preference", "--without-tag", "implicit").out
    assert "preference-based semantics" in brief and "with 1 claims withdrawn" in brief
    assert "`t` · conclusion · ✓ in" in brief and "`q`" not in brief  # withdrawn: left out
    r = cli("brief", str(path), "--without-tag", "nosuch")
    assert r.code == 2 and "no claim is tagged 'nosuch'" in r.err


def _wrapped_word_by_word(text: str, width: int) -> list[str]:
    """The wrapping rule, one word at a time: greedy, breaking only at single
    spaces, empty words (runs of spaces) kept on the line."""
    out: list[str] = []
    for para in text.split("\n"):
        para = para.replace("\t", "    ")
        if width <= 0 or len(para) <= width:
            out.append(para)
            continue
        line = None
        for word in para.split(" "):
            if line is None:
                line = word
            elif len(line) + 1 + len(word) <= width or not word:
                line += " " + word
            else:
                out.append(line)
                line = word
        out.append(line or "")
    return out


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from("ab é\n\t"), max_size=80) | st.text(st.sampled_from("abcd "), max_size=200),
       st.integers(min_value=-1, max_value=20))
def test_wrapping_is_greedy_at_single_spaces(text, width):
    from argmap.export.diagram import wrapped

    assert wrapped(text, width) == _wrapped_word_by_word(text, width)
