"""``argmap analyze --json`` on a generated map: the same document as the
analysis layer gives over the validated models, one claim per line, inert."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from .conftest import ROOT, run_cli

#: What a terminal may act on, except the newline the layout writes.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _genmap():
    spec = importlib.util.spec_from_file_location("genmap", ROOT / "benchmarks" / "genmap.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated map of 3,000 claims whose source file exists but lacks the
    quotes, under a name with a bidi override and a line separator in it
    (the quote-not-found warnings name it; a map has no control characters)."""
    from argmap.io import dump

    d = tmp_path_factory.mktemp("gen")
    name = "op\u202eed\u2028.txt"
    (d / name).write_text("Nothing quoted here.\n", encoding="utf-8")
    m = _genmap().generate(3000, seed=7)
    src = m.sources["oped"].model_copy(update={"file": name})
    m = m.model_copy(update={"sources": {"oped": src}})
    path = d / "gen.yaml"
    path.write_text(dump(m), encoding="utf-8")
    return path


def _reference(path: Path, *, without: tuple[str, ...] = (), semantics: str = "grounded", side: str = "pro") -> dict:
    """The document, from the analysis layer over the pydantic models."""
    from argmap.analysis.evaluation import Side, evaluate, what_if
    from argmap.analysis.explain import Explainer
    from argmap.analysis.prep import prep_checks
    from argmap.analysis.report import conclusions_of
    from argmap.analysis.semantics import Semantics
    from argmap.io import load
    from argmap.model import ArgMap
    from argmap.model.graph import Graph

    loaded = load(path)
    m = loaded.map
    assert isinstance(m, ArgMap)
    withdrawn = list(without)
    base = evaluate(m, semantics=Semantics(semantics))
    ev, changes = what_if(m, withdrawn, base) if withdrawn else (base, [])
    shown = {cid: c for cid, c in m.claims.items() if cid not in withdrawn}
    after = m.model_copy(update={"claims": shown})
    warnings = prep_checks(after, ev, Graph.of(after), perspective=Side(side), sources=loaded.sources)
    why = Explainer(m, ev)
    doc: dict = {
        "semantics": semantics,
        "conclusions": [why(cid).as_dict() for cid in conclusions_of(m, ev)],
        "claims": {
            cid: {"label": str(ev.labels[cid]), "strength": ev.strengths[cid], "side": str(ev.sides[cid])}
            for cid in shown
        },
        "warnings": [w.as_dict() for w in warnings],
    }
    if withdrawn:
        doc["without"] = withdrawn
        doc["changes"] = [
            {"claim": c.claim, "label": [c.before_label, c.after_label], "strength": [c.before_strength, c.after_strength]}
            for c in changes
        ]
    return json.loads(json.dumps(doc))


@pytest.mark.parametrize(
    "options",
    [(), ("--semantics", "preference", "--as", "con"), ("--without", "c3", "--without", "c40")],
    ids=["grounded", "preference-con", "without"],
)
def test_analyze_json_is_the_analysis_of_the_models(generated: Path, options: tuple[str, ...]) -> None:
    r = run_cli("analyze", "--json", str(generated), *options)
    assert r.code == 0, r.err
    without = tuple(options[i + 1] for i, o in enumerate(options) if o == "--without")
    semantics = options[options.index("--semantics") + 1] if "--semantics" in options else "grounded"
    side = options[options.index("--as") + 1] if "--as" in options else "pro"
    doc = json.loads(r.out)
    assert doc == _reference(generated, without=without, semantics=semantics, side=side)
    assert len(doc["claims"]) == 3000 - len(without)
    assert any(w["code"] == "quote-not-found" for w in doc["warnings"])
    # inert: the file name's bidi override and line separator are JSON escapes
    assert RAW.search(r.out) is None
    assert "op\\u202eed\\u2028.txt" in r.out
    # readable: each claim on a line of its own, each warning too
    lines = r.out.splitlines()
    claim_lines = [ln for ln in lines if re.fullmatch(r'    "c\d+": \{"label": .*\},?', ln)]
    assert len(claim_lines) == len(doc["claims"])
    warning_lines = [ln for ln in lines if re.fullmatch(r'    \{"code": .*\},?', ln)]
    assert len(warning_lines) == len(doc["warnings"])


def test_analyze_json_plain_ascii_map_left_as_is(cli, write_map) -> None:
    path = write_map(
        """
        argmap: 1
        title: T
        claims:
          a: {kind: conclusion, text: "A \\u00e9t\\u00e9 \\u201cquoted\\u201d"}
          b: {kind: counterpoint, text: B, attacks: [a]}
        """
    )
    r = cli("analyze", "--json", str(path))
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["claims"] == {
        "a": {"label": "out", "strength": 0.25, "side": "pro"},
        "b": {"label": "in", "strength": 0.5, "side": "con"},
    }
    assert r.out.endswith("}\n") and r.out.startswith("{\n")


def test_analyze_json_of_a_map_larger_than_its_blocks(tmp_path: Path) -> None:
    """More claims and warnings than are written at a time (the document is
    written in pieces): the same document, laid out as ``json.dumps(indent=2)``
    with each claim and warning a compact record on its own line."""
    from argmap.io import dump

    path = tmp_path / "big.yaml"
    path.write_text(dump(_genmap().generate(9000, seed=3)), encoding="utf-8")
    r = run_cli("analyze", "--json", str(path))
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc == _reference(path)
    assert len(doc["claims"]) == 9000 and len(doc["warnings"]) > 4096

    def records(items: list[str], brackets: str) -> str:
        return brackets[0] + "\n    " + ",\n    ".join(items) + "\n  " + brackets[1]

    layout = "{\n  " + ",\n  ".join([
        '"semantics": "grounded"',
        '"conclusions": ' + json.dumps(doc["conclusions"], indent=2, ensure_ascii=False).replace("\n", "\n  "),
        '"claims": ' + records([f"{json.dumps(k)}: {json.dumps(v)}" for k, v in doc["claims"].items()], "{}"),
        '"warnings": ' + records([json.dumps(w, ensure_ascii=False) for w in doc["warnings"]], "[]"),
    ]) + "\n}\n"
    assert r.out == layout
