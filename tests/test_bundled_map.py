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
        Kind.PREMISE: 41,
        Kind.EVIDENCE: 12,
        Kind.COUNTERPOINT: 35,
        Kind.REBUTTAL: 25,
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


def cited(c):
    """The sources a claim cites (its `cites` entries)."""
    return [x.source for x in c.cites]


def test_counterpoints_attack_and_cite_a_source(m):
    counterpoints = {cid: c for cid, c in m.claims.items() if c.kind is Kind.COUNTERPOINT}
    for cid, c in counterpoints.items():
        assert c.attacks or c.undercuts, cid
        assert cited(c) or c.quote, f"{cid} cites no source"
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
        assert cited(c)


def test_every_objection_and_answer_cites_a_source_or_is_flagged(m):
    """A debater must be able to look each one up, or see that it is unchecked
    and what would check it."""
    for cid, c in m.claims.items():
        if c.kind not in (Kind.COUNTERPOINT, Kind.REBUTTAL):
            continue
        assert cited(c) or c.quote or "needs-check" in c.tags, f"{cid} cites nothing and is not flagged"
        if "needs-check" in c.tags:
            assert c.annotations, f"{cid}: needs-check without a note on what would verify it"


def test_citations_are_data_not_tags(m):
    # every `source:ID` tag was migrated to `cites` (argmap fmt --migrate-cites)
    for cid, c in m.claims.items():
        assert not [t for t in c.tags if t.startswith("source:")], cid
    # a cite of the op-ed says where in it
    for cid, c in m.claims.items():
        for x in c.cites:
            if x.source == "oped":
                assert x.locator and x.locator.startswith("para"), cid


def test_every_claim_has_a_short_label(m):
    for cid, c in m.claims.items():
        assert c.label, cid
        assert len(c.label.split()) <= 10, (cid, c.label)


def test_every_cited_source_exists_and_can_be_found(m):
    used = set()
    for cid, c in m.claims.items():
        for sid in cited(c):
            assert sid in m.sources, f"{cid} cites unknown source {sid}"
            used.add(sid)
    for sid in used - {"oped"}:
        s = m.sources[sid]
        assert s.title and (s.author or s.publisher), sid  # enough for a reader to find it
        if s.url:
            assert s.accessed, sid
    # the sources found for this map beyond the fact sheet carry their address
    for sid in ("nato-consensus", "turkey-trade-2024", "icj-order-2024", "haaretz-sanctions-2022", "csis-mou-2016"):
        assert (m.sources[sid].url or "").startswith("https://"), sid


def test_the_veto_objections_attack_the_thesis_and_step_1_alike(m):
    # the thesis and step 1 ask for the same designation: an objection to one is
    # an objection to the other (else the thesis section of a brief omits it)
    for cid in ("cp-consensus-turkey", "cp-veto-other-allies"):
        c = m.claims[cid]
        assert {"thesis", "step-1-eop", "implicit-allies-consent"} <= set(c.attacks), cid
    for cid in ("cp-arab-partners", "obj-drawn-into-conflicts", "cp-gaza-exposure"):
        assert {"thesis", "step-1-eop"} <= set(m.claims[cid].attacks), cid
    # an undercut of partner-nato-needs cuts both of its links
    cut = {(u.from_, u.to) for u in m.claims["cp-eop-criterion"].undercuts}
    assert {("partner-nato-needs", "step-1-eop"), ("partner-nato-needs", "thesis")} <= cut


def test_dependencies_are_relations_not_notes(m):
    # claims that assume the Hormuz closure are supported by it, so doubting it counts
    assert set(m.claims["hormuz-closure"].supports) == {"allies-barely-budged", "only-israel", "spain-middle-finger"}
    # the shared-threat assumption bridges to the proposals, not into para 13
    assert set(m.claims["implicit-shared-threat-formal-tie"].supports) == {"step-2-coordination", "thesis"}
    # the same answer meets both objections that Israel already has formal ties
    assert {"cp-already-partner", "cp-formal-mechanisms-exist"} <= set(m.claims["reb-partner-not-member"].attacks)
    # the Red Sea record is set against the general verdict, not the Hormuz account
    assert "only-israel" not in m.claims["cp-allies-did-act"].attacks
    for cid in ("allies-barely-budged", "only-israel"):
        assert not any(cid in c.attacks for c in m.claims.values()), cid


@pytest.mark.parametrize(
    "cid, attackers",
    [
        ("implicit-eop-brings-integration", {"cp-eop-tailored"}),
        ("implicit-allies-consent", {"cp-consensus-turkey", "cp-veto-other-allies"}),
        ("implicit-eop-lightens-burden", {"cp-overstretch"}),
        ("implicit-gains-outweigh-arab-cost", {"cp-arab-partners"}),
        ("implicit-threat-needs-israel", set()),
    ],
)
def test_missing_premises_are_mapped_as_implicit(m, cid, attackers):
    c = m.claims[cid]
    assert "implicit" in c.tags and c.quote is None and c.supports
    assert attackers <= {a for a, x in m.claims.items() if cid in x.attacks}


@pytest.mark.parametrize(
    "cid, target",
    [
        ("cp-russia-alignment-gap", "israel-at-intersection"),
        ("cp-overstretch", "step-3-southern-planning"),
        ("cp-gaza-exposure", "step-3-southern-planning"),
        ("cp-step2-overlap", "step-2-coordination"),
        ("cp-step2-tech-security", "step-2-coordination"),
        ("cp-lifting-symbolic", "reb-turkey-lifted-veto"),
    ],
)
def test_objections_a_real_opponent_would_raise(m, cid, target):
    c = m.claims[cid]
    assert c.kind is Kind.COUNTERPOINT and target in c.attacks


@pytest.mark.parametrize(
    "answer, objection",
    [
        ("reb-eop-conflict-precedent", "cp-entanglement"),
        ("reb-ad-hoc-not-standing", "cp-effective-without-nato"),
        ("reb-partner-not-member", "cp-formal-mechanisms-exist"),
        ("reb-south-policy-needs-partners", "cp-southern-policy-exists"),
        ("reb-israel-condemned-invasion", "cp-russia-alignment-gap"),
        ("reb-allies-still-defend-israel", "cp-gaza-exposure"),
        ("reb-syria-reason-changed", "cp-russia-alignment-gap"),
        ("reb-nato-security-agreement", "cp-bilateral-controls"),
    ],
)
def test_pro_answers_the_sources_support_are_linked(m, answer, objection):
    assert objection in m.claims[answer].attacks


def test_facts_match_the_fact_sheet(m):
    # F1: Spain's Hague exemption, not "made by all Allies"
    assert "made by all Allies" not in m.claims["cp-burden-sharing-is-spending"].text
    assert "Spain" in m.claims["cp-burden-sharing-is-spending"].text
    # F3: answers that are not decisive are answered in turn
    for cid in ("reb-active-endeavour", "reb-jordan-precedent"):
        assert any(cid in c.attacks for c in m.claims.values()), cid
    # F4 and the "symbolic more than strategic" verdict
    assert cited(m.claims["ev-us-pressure"])
    assert "more symbolic than strategic" in m.claims["cp-lifting-symbolic"].text
    # neutral wording
    assert "battle-tested" not in m.claims["implicit-capabilities-transfer"].text
    assert "European countries" not in m.claims["europe-not-up-to-task"].text
    assert "take Israel in" not in m.title


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
