"""Import and export of Argdown, Kialo and AIF (io.formats), through the CLI.

The corpus of real files lives in ../shared/corpus (its licence does not
allow copying it here); the tests that need it skip when it is absent.
Expected counts are taken from each file independently of argmap's readers:
Kialo and AIF with regexes and json, Argdown with the reference parser
(@argdown/cli) when it is installed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.io import load
from argmap.io.formats import aif, argdown
from argmap.model import ArgMap, Claim, Kind, Undercut

from .conftest import ROOT

CORPUS = Path(os.environ.get("ARGMAP_CORPUS") or ROOT.parent / "shared" / "corpus")
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")


def _argdown_cli() -> list[str] | None:
    local = os.environ.get("ARGDOWN_CLI")
    if local and Path(local).exists():
        return [local]
    found = shutil.which("argdown")
    return [found] if found else None


ARGDOWN = _argdown_cli()
needs_argdown = pytest.mark.skipif(
    ARGDOWN is None, reason="the Argdown CLI is not installed (npm install @argdown/cli; set ARGDOWN_CLI)"
)


def corpus(sub: str, pattern: str) -> list[Path]:
    return sorted((CORPUS / sub).glob(pattern)) if CORPUS.is_dir() else []


def relations(m: ArgMap) -> int:
    return sum(len(c.supports) + len(c.attacks) + len(c.undercuts) for c in m.claims.values())


def imported(cli, src: Path, tmp_path: Path, *extra: str) -> ArgMap:
    out = tmp_path / "out.yaml"
    r = cli("import", str(src), "-o", str(out), *extra)
    assert r.code == 0, r.both
    assert " error: " not in r.err
    loaded = load(out)
    assert loaded.ok, loaded.diagnostics
    return loaded.map


# -- the corpus ----------------------------------------------------------------


@needs_corpus
@pytest.mark.parametrize("path", corpus("kialo", "*.txt"), ids=lambda p: p.name[:30])
def test_kialo_corpus_counts(cli, path, tmp_path):
    text = path.read_text(encoding="utf-8")
    numbered = re.findall(r"^((?:\d+\.)+) (.*)$", text, re.M)
    links = [n for n, rest in numbered if re.match(r"(Pro|Con): -> See ", rest)]
    top = [n for n, _ in numbered if n.count(".") == 1]
    m = imported(cli, path, tmp_path)
    assert len(m.claims) == len(numbered) - len(links)
    assert relations(m) == len(numbered) - len(top)
    assert m.title == re.match(r"Discussion Title: (.*)", text).group(1).strip()


@needs_corpus
@pytest.mark.parametrize("path", corpus("aif", "*.json"), ids=lambda p: p.name)
def test_aif_corpus_counts(cli, path, tmp_path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc = doc.get("AIF", doc)
    kind = {str(n["nodeID"]): n["type"] for n in doc["nodes"]}
    into: dict[str, list[str]] = {}
    out: dict[str, list[str]] = {}
    for e in doc["edges"]:
        out.setdefault(str(e["fromID"]), []).append(str(e["toID"]))
        into.setdefault(str(e["toID"]), []).append(str(e["fromID"]))
    rel = set()
    for n, k in kind.items():
        if k == "RA":
            rel |= {("s", p, c) for p in into.get(n, []) if kind[p] == "I" for c in out.get(n, []) if kind[c] == "I"}
        if k == "CA":
            rel |= {("a", p, c) for p in into.get(n, []) if kind[p] == "I" for c in out.get(n, []) if kind[c] == "I"}
    m = imported(cli, path, tmp_path)
    assert len(m.claims) == sum(k == "I" for k in kind.values())
    assert relations(m) == len(rel)
    r = cli("import", str(path))
    assert "skipped nodes" in r.err  # L, YA, TA nodes are reported, not dropped silently


@needs_corpus
@pytest.mark.parametrize("path", corpus("argdown", "*.argdown"), ids=lambda p: p.name)
def test_argdown_corpus_imports(cli, path, tmp_path):
    text = path.read_text(encoding="utf-8")
    m = imported(cli, path, tmp_path)
    # every titled statement defined with a text is a claim with that text (a second
    # definition of the same title is kept in an annotation)
    for title, body in re.findall(r"^[ \t]*(?:[-+_<>]{1,2}[ \t]+|\(\d+\)[ \t]+)?\[([^\]]+)\]:[ \t]*(\S[^\n]*)", text, re.M):
        first = body.split("#")[0].split("{")[0].split()[:3]
        said = [c.text for c in m.claims.values()]
        said += [a.text.split(": ", 1)[1] for c in m.claims.values() for a in c.annotations if a.text.startswith("Also stated")]
        assert any(t.split()[: len(first)] == first for t in said), (title, body)
    assert len(m.claims) >= len(set(re.findall(r"^\s*(?:\S+\s+)?\[([^\]]+)\]", text, re.M)))


def _argdown_json(path: Path, tmp_path: Path) -> dict:
    out = tmp_path / "adjson"
    p = subprocess.run([*ARGDOWN, "json", str(path), str(out)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0 and "rror" not in p.stdout + p.stderr, p.stdout + p.stderr
    return json.loads((out / (path.stem + ".json")).read_text(encoding="utf-8"))


def _argdown_edges(j: dict) -> set[tuple[str, str, str]]:
    """Relations as argmap imports them, computed from the reference parser's JSON."""
    name = {"support": "s", "entails": "s", "attack": "a", "contrary": "a", "undercut": "u"}
    edges = set()
    for r in j["relations"]:
        a, z, t = (r["fromType"][0] + r["from"]), (r["toType"][0] + r["to"]), r["relationType"]
        if t == "contradictory":
            edges |= {("a", a, z), ("a", z, a)}
        else:
            edges.add((name[t], a, z))
    for title, arg in j["arguments"].items():
        pcs = arg.get("pcs") or []
        start, last = 0, None
        for i, s in enumerate(pcs):
            if s.get("role") in ("main-conclusion", "intermediary-conclusion"):
                edges |= {("s", "e" + p["title"], "e" + s["title"]) for p in pcs[start:i]}
                start, last = i, s
        if last is not None:
            edges.add(("s", "a" + title, "e" + last["title"]))
    return edges


@needs_corpus
@needs_argdown
@pytest.mark.parametrize("path", corpus("argdown", "*.argdown"), ids=lambda p: p.name)
def test_argdown_corpus_counts_match_the_reference_parser(cli, path, tmp_path):
    j = _argdown_json(path, tmp_path)
    m = imported(cli, path, tmp_path)
    assert len(m.claims) == len(j["statements"]) + len(j["arguments"])
    assert relations(m) == len(_argdown_edges(j))


# -- bad input -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "line"),
    [
        ("bad.argdown", "===\ntitle: x\n\n[A]: a\n", 1),
        ("bad.txt", "Discussion Title: T\n\n1. Thesis\n1.1.1. Pro: orphan\n", 4),
        ("bad.txt", "Discussion Title: T\n\n1. Thesis\n1.1. Maybe: what\n", 4),
        ("bad.json", '{"nodes": [\n  {"nodeID": "1", "type": "I", "text": "a"}\n], "edges": [\n  {"edgeID": "e1", "fromID": "1", "toID": "9"}\n]}', 4),
        ("bad.json", '{"nodes": [\n  {"nodeID": "1", "type": "I", "text": "a"},\n]}', 3),
        ("empty.argdown", "\n\n", 1),
    ],
)
def test_bad_input_is_file_line_error_and_exit_1(cli, write_map, name, content, line):
    p = write_map(content, name)
    r = cli("import", str(p))
    assert r.code == 1, r.both
    assert re.search(rf"^{re.escape(str(p))}:{line}:\d+: error: ", r.err, re.M), r.err


def test_import_refuses_a_non_yaml_output(cli, write_map, tmp_path):
    p = write_map("[A]: a\n  + [B]: b\n", "m.argdown")
    r = cli("import", str(p), "-o", str(tmp_path / "x.argdown"))
    assert r.code == 2 and ".yaml" in r.err


def test_argdown_constructs(cli, write_map, tmp_path):
    p = write_map(
        """
        # Heading one

        [Main]: The main claim. #(a tag) #t2
          + <Arg>: An argument for it.
            - Untitled objection.
              <- [Reply]: A reply.
            _ [Cut]: The inference fails.

        <Arg>

        (1) Premise one.
        (2) [Main]
        ----
        (3) Conclusion of it.
        """,
        "c.argdown",
    )
    m = imported(cli, p, tmp_path)
    ids = {c.text: cid for cid, c in m.claims.items()}
    main, arg = ids["The main claim."], ids["An argument for it."]
    assert set(m.claims[main].tags) >= {"a tag", "t2", "Heading one"}
    assert main in m.claims[arg].supports
    objection = ids["Untitled objection."]
    assert m.claims[objection].attacks == [arg]
    assert m.claims[ids["A reply."]].attacks == [objection]
    assert m.claims[ids["A reply."]].kind is Kind.REBUTTAL
    assert m.claims[objection].kind is Kind.COUNTERPOINT
    cut = m.claims[ids["The inference fails."]]
    assert [(u.from_, u.to) for u in cut.undercuts] == [(arg, ids["Conclusion of it."])]
    concl = ids["Conclusion of it."]
    assert concl in m.claims[ids["Premise one."]].supports and concl in m.claims[main].supports


# -- round trips (property-based) ------------------------------------------------

words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30)
ids = st.from_regex(r"\A[a-z0-9][a-z0-9_-]{0,10}\Z")


@st.composite
def valid_maps(draw) -> ArgMap:
    cids = draw(st.lists(ids, min_size=1, max_size=8, unique_by=lambda s: s.rstrip("-_")))
    claims: dict[str, Claim] = {}
    for i, cid in enumerate(cids):
        earlier = cids[:i]
        sup = draw(st.lists(st.sampled_from(earlier), unique=True, max_size=2)) if earlier else []
        others = [c for c in cids if c != cid and c not in sup]
        att = draw(st.lists(st.sampled_from(others), unique=True, max_size=2)) if others else []
        text = draw(words.filter(lambda t: t.strip()))
        claims[cid] = Claim(kind=Kind.CONCLUSION, text=text, supports=sup, attacks=att)
    # an undercut hits the first support of a claim (Argdown can name no other: docs/formats.md)
    links = [(c, x.supports[0]) for c, x in claims.items() if x.supports]
    for cid in cids:
        if links and draw(st.booleans()):
            a, b = draw(st.sampled_from(links))
            if a != cid and not any((u.from_, u.to) == (a, b) for u in claims[cid].undercuts):
                claims[cid].undercuts.append(Undercut(**{"from": a, "to": b}))
    return ArgMap(argmap=1, title=draw(words.filter(lambda t: t.strip())), claims=claims)


def edges(m: ArgMap) -> set[tuple]:
    pos = {cid: i for i, cid in enumerate(m.claims)}
    out = set()
    for cid, c in m.claims.items():
        out |= {("s", pos[cid], pos[t]) for t in c.supports}
        out |= {("a", pos[cid], pos[t]) for t in c.attacks}
        out |= {("u", pos[cid], pos[u.from_], pos[u.to]) for u in c.undercuts}
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_maps())
def test_argdown_round_trip_keeps_texts_and_relations(m):
    back, diags = argdown.read(argdown.write(m), "rt.argdown")
    assert back is not None, [str(d) for d in diags]
    assert [" ".join(c.text.split()) for c in back.claims.values()] == [" ".join(c.text.split()) for c in m.claims.values()]
    assert edges(back) == edges(m)
    assert back.title == " ".join(m.title.split())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_maps())
def test_aif_round_trip_keeps_texts_ids_and_relations(m):
    back, diags = aif.read(aif.write(m), "rt.json")
    assert back is not None, [str(d) for d in diags]
    assert [c.text for c in back.claims.values()] == [c.text for c in m.claims.values()]
    assert list(back.claims) == list(m.claims)
    assert edges(back) == edges(m)


def test_json_export_is_the_model(cli, tmp_path):
    r = cli("export", str(ROOT / "arguments" / "nato-israel-eop.yaml"), "--format", "json")
    assert r.code == 0, r.both
    m = load(ROOT / "arguments" / "nato-israel-eop.yaml").map
    assert ArgMap.model_validate(json.loads(r.out)) == m


def test_aif_export_of_the_bundled_map_counts(cli):
    m = load(ROOT / "arguments" / "nato-israel-eop.yaml").map
    r = cli("export", str(ROOT / "arguments" / "nato-israel-eop.yaml"), "--format", "aif")
    doc = json.loads(r.out)
    types = [n["type"] for n in doc["nodes"]]
    assert types.count("I") == len(m.claims)
    assert types.count("RA") == sum(len(c.supports) for c in m.claims.values())
    assert types.count("CA") == sum(len(c.attacks) + len(c.undercuts) for c in m.claims.values())


@needs_argdown
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(valid_maps())
def test_argdown_export_parses_in_the_reference_parser(tmp_path_factory, m):
    tmp = tmp_path_factory.mktemp("ad")
    src = tmp / "m.argdown"
    src.write_text(argdown.write(m), encoding="utf-8")
    j = _argdown_json(src, tmp)
    undercutters = {u.from_ for c in m.claims.values() for u in c.undercuts}
    assert set(j["statements"]) == set(m.claims) - undercutters
    assert set(j["arguments"]) == undercutters
    for cid in set(m.claims) - undercutters:
        text = j["statements"][cid]["members"][0]["text"]
        assert " ".join(text.split()) == " ".join(m.claims[cid].text.split())
    got = {(r["relationType"], r["from"], r["to"]) for r in j["relations"]}
    want = {("support", c, t) for c, x in m.claims.items() for t in x.supports}
    want |= {("attack", c, t) for c, x in m.claims.items() for t in x.attacks}
    want |= {("undercut", c, u.from_) for c, x in m.claims.items() for u in x.undercuts}
    assert got == want


def test_document_opens_argdown_and_saves_a_yaml_beside_it(tmp_path):
    from argmap.io.document import Document

    src = tmp_path / "d.argdown"
    src.write_text("[A]: a claim\n  + [B]: a reason\n", encoding="utf-8")
    doc, loaded = Document.open(src)
    assert doc is not None, loaded.diagnostics
    saved = doc.save()
    assert saved == tmp_path / "d.yaml" and load(saved).ok
    assert src.read_text(encoding="utf-8").startswith("[A]")
    before = saved.read_bytes()
    doc2, _ = Document.open(src)  # d.yaml exists now: the next import saves beside it
    assert doc2 is not None and doc2.save() == tmp_path / "d-2.yaml"
    assert saved.read_bytes() == before


def test_argdown_titles_are_labels_both_ways(tmp_path):
    """A claim's label is its Argdown title on export, and a title becomes the
    label on import (ids stay readable slugs)."""
    from argmap.io.formats import argdown

    m = ArgMap.model_validate({
        "argmap": 1, "title": "T",
        "claims": {
            "thesis": {"kind": "conclusion", "label": "Build the tram", "text": "The city should build the tram."},
            "cost": {"kind": "counterpoint", "label": "Too costly", "text": "It costs too much.", "attacks": ["thesis"]},
            "plain": {"kind": "premise", "text": "Traffic falls.", "supports": ["thesis"]},
        },
    })
    text = argdown.write(m)
    assert "[Build the tram]: The city should build the tram." in text
    assert "[Too costly]" in text and "[plain]" in text
    back, diags = argdown.read(text, str(tmp_path / "m.argdown"))
    assert back is not None, [str(d) for d in diags]
    labels = {c.text: c.label for c in back.claims.values()}
    assert labels["The city should build the tram."] == "Build the tram"
    assert labels["It costs too much."] == "Too costly"


def test_import_never_writes_over_a_file(cli, tmp_path):
    src = tmp_path / "m.argdown"
    src.write_text("[A]: Claim a.\n  - [B]: Claim b.\n", encoding="utf-8")
    out = tmp_path / "m.yaml"
    out.write_text("mine\n", encoding="utf-8")
    r = cli("import", str(src), "-o", str(out))
    assert r.code == 1 and "already exists" in r.err
    assert out.read_text() == "mine\n"


def test_an_imported_map_is_saved_under_a_free_name(tmp_path):
    from argmap.io.document import Document

    src = tmp_path / "m.argdown"
    src.write_text("[A]: Claim a.\n  - [B]: Claim b.\n", encoding="utf-8")
    (tmp_path / "m.yaml").write_text("mine\n", encoding="utf-8")
    doc, _ = Document.open(src)
    assert doc is not None and doc.path == tmp_path / "m-2.yaml"
    doc.save()
    assert (tmp_path / "m.yaml").read_text() == "mine\n"
    assert (tmp_path / "m-2.yaml").exists()
