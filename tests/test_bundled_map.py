"""The bundled op-ed map: its structure is pinned so edits are deliberate."""

from __future__ import annotations

from collections import Counter

import pytest

from argmap.analysis.coverage import coverage
from argmap.io import load
from argmap.io.quotes import fold
from argmap.io.sources import load_sources
from argmap.model import Kind

from .conftest import BUNDLED


@pytest.fixture(scope="module")
def m():
    loaded = load(BUNDLED)
    assert loaded.ok and not loaded.diagnostics, loaded.diagnostics
    return loaded.map


def test_kind_counts(m):
    counts = Counter(c.kind for c in m.claims.values())
    assert counts == {
        Kind.CONCLUSION: 5,
        Kind.PREMISE: 36,
        Kind.EVIDENCE: 12,
        Kind.COUNTERPOINT: 21,
        Kind.REBUTTAL: 7,
    }


def test_conclusions_have_supporters(m):
    supported = {t for c in m.claims.values() for t in c.supports}
    for cid, c in m.claims.items():
        if c.kind is Kind.CONCLUSION:
            assert cid in supported, cid
    # the three steps are conclusions of their own (step 1 restates the thesis
    # as an action; steps 2 and 3 are further proposals, not reasons for it)
    for step in ("step-1-eop", "step-2-coordination", "step-3-southern-planning"):
        assert m.claims[step].kind is Kind.CONCLUSION and not m.claims[step].supports
    assert "thesis" in m.claims["closing-include-defenders"].supports


def test_op_ed_claims_quote_it_and_implicit_ones_do_not(m):
    implicit = [cid for cid, c in m.claims.items() if "implicit" in c.tags]
    assert len(implicit) >= 3
    for cid in implicit:
        assert m.claims[cid].quote is None and m.claims[cid].kind is Kind.PREMISE
    premises = [c for c in m.claims.values() if c.kind is Kind.PREMISE and "implicit" not in c.tags]
    assert len(premises) >= 12
    for c in premises:
        assert c.quote is not None and c.quote.source == "oped" and c.quote.locator.startswith("para ")


def test_every_quote_is_in_the_op_ed_at_its_paragraph(m):
    lines = (BUNDLED.parent / m.sources["oped"].file).read_text(encoding="utf-8").splitlines()
    for cid, c in m.claims.items():
        if c.quote is None:
            continue
        para = int(c.quote.locator.split()[1])
        assert fold(c.quote.text) in fold(lines[para - 1]), cid


def test_counterpoints_attack_and_cite_a_source(m):
    counterpoints = {cid: c for cid, c in m.claims.items() if c.kind is Kind.COUNTERPOINT}
    for cid, c in counterpoints.items():
        assert c.attacks or c.undercuts, cid
        cited = [t.split(":", 1)[1] for t in c.tags if t.startswith("source:")]
        assert cited or c.quote, f"{cid} cites no source"
        for sid in cited:
            assert sid in m.sources, f"{cid} cites unknown source {sid}"
    from_facts = [c for c in counterpoints.values() if "pre-empted" not in c.tags]
    assert len(from_facts) >= 8
    assert any(c.undercuts for c in counterpoints.values())


def test_pre_empted_objections_are_answered_by_the_op_ed(m):
    pre = [cid for cid, c in m.claims.items() if c.kind is Kind.COUNTERPOINT and "pre-empted" in c.tags]
    assert len(pre) == 4
    for cid in pre:
        answers = [r for r in m.claims.values() if cid in r.attacks and r.kind is Kind.REBUTTAL]
        assert any(r.quote and r.quote.source == "oped" for r in answers), cid


def test_rebuttals_from_the_record(m):
    rebuttals = [c for c in m.claims.values() if c.kind is Kind.REBUTTAL and c.quote is None]
    assert len(rebuttals) >= 4
    for c in rebuttals:
        assert any(t.startswith("source:") for t in c.tags)


@pytest.mark.parametrize("cid", ["hormuz-closure", "allies-barely-budged", "spain-middle-finger", "only-israel"])
def test_unverified_claims_are_tagged(m, cid):
    assert "needs-check" in m.claims[cid].tags
    assert m.claims[cid].quote is not None


def test_rhetoric_tagged(m):
    assert "rhetoric" in m.claims["spain-middle-finger"].tags


def test_sources_have_titles_and_the_op_ed_is_copied(m):
    assert m.sources["oped"].file == "sources/nato-israel-eop.txt"
    shared = BUNDLED.parents[2] / "shared" / "oped" / "nato-israel-eop.txt"
    if shared.exists():
        assert (BUNDLED.parent / "sources" / "nato-israel-eop.txt").read_bytes() == shared.read_bytes()
    assert len(m.sources) >= 15
    assert m.description and "framing" in m.description


def test_coverage_of_the_op_ed(m):
    (cov,) = coverage(m, load_sources(m, BUNDLED.parent))
    assert cov.share > 0.9
    assert sorted({s.para for s in cov.unquoted}) == [1, 3, 24, 29]
    for para in (1, 3, 24, 29):
        assert f"para {para}" in m.description
