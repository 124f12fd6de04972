"""Explanations name exactly the claims that decide a label, and agree with the labels."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.analysis.evaluation import Label, evaluate
from argmap.analysis.explain import Step, explain
from argmap.analysis.semantics import Semantics
from argmap.model import ArgMap
from tests.test_evaluation import C, random_maps

IN, OUT, UNDEC = Label.IN, Label.OUT, Label.UNDEC


def test_reinstatement_chain_and_what_would_reinstate():
    # the bundled map's shape: thesis <- obj <- reb <- cp (cp unanswered)
    claims = {"thesis": C(), "obj": C("counterpoint", a=["thesis"]), "reb": C("rebuttal", a=["obj"]),
              "cp": C("counterpoint", a=["reb"])}
    ev = evaluate(claims)
    e = explain(claims, ev, "thesis")
    assert e.label is OUT
    assert e.chain == (Step("obj", IN, (Step("reb", OUT, (Step("cp", IN),)),)),)
    assert e.reinstate == ("cp",)
    assert "answer 'cp' to reinstate it" in e.one_line()
    # reb, once answered, reinstates: c is in because its attacker is out
    e = explain(claims, ev, "obj")
    assert e.label is IN and [s.claim for s in e.chain] == ["reb"] and e.chain[0].under[0].claim == "cp"


def test_two_unanswered_attackers_must_both_be_answered():
    claims = {"t": C(), "a": C("counterpoint", a=["t"]), "b": C("counterpoint", a=["t"]), "p": C("premise", s=["t"])}
    e = explain(claims, evaluate(claims), "t")
    assert [s.claim for s in e.chain] == ["a", "b"] and all(not s.under for s in e.chain)
    assert e.reinstate == ("a", "b")
    assert set(e.names()) == {"a", "b", "p"}


def test_odd_cycle_and_what_it_leads_to():
    claims = {"x": C("counterpoint", a=["y"]), "y": C("counterpoint", a=["z"]), "z": C("counterpoint", a=["x", "t"]),
              "t": C()}
    ev = evaluate(claims)
    e = explain(claims, ev, "x")
    assert e.label is UNDEC and set(e.cycle) == {"x", "y", "z"} and e.cycle[0] == "x" and e.via == ()
    assert "odd" in e.reason()
    e = explain(claims, ev, "t")
    assert e.label is UNDEC and e.via == ("z",) and set(e.cycle) == {"x", "y", "z"}


def test_undercut_shows_in_the_strength_not_the_label():
    claims = {"t": C(strength=0.5), "s1": C("premise", s=["t"], strength=0.6), "u": C("counterpoint", u=[("s1", "t")])}
    e = explain(claims, evaluate(claims), "t")
    assert e.label is IN and e.chain == () and e.reason() == "nothing attacks it"
    (sup,) = e.strength.contributors
    assert sup.claim == "s1" and sup.undercut_by == ("u",) and abs(sup.value - 0.3) < 1e-12
    assert abs(e.strength.support - 0.3) < 1e-12 and e.strength.attack == 0
    assert "u" in e.names()


def test_preference_explains_a_failing_attack():
    claims = {"t": C(strength=0.8), "w": C("counterpoint", a=["t"], strength=0.3)}
    e = explain(claims, evaluate(claims, semantics=Semantics.PREFERENCE), "t")
    assert e.label is IN and e.chain[0].claim == "w" and e.chain[0].fails and e.chain[0].label is IN
    assert "fails" in e.one_line()


def _walk(s: Step):
    yield s
    for u in s.under:
        yield from _walk(u)


@settings(max_examples=200, deadline=None)
@given(random_maps(), st.sampled_from(list(Semantics)))
def test_explanations_agree_with_labels(claims, semantics):
    ev = evaluate(claims, semantics=semantics)
    for cid in claims:
        e = explain(claims, ev, cid)
        assert e.label is ev.labels[cid]
        assert set(e.names()) <= set(claims)
        if e.label is OUT:
            assert e.chain and all(s.label is IN and not s.fails and cid in claims[s.claim].attacks for s in e.chain)
            if e.reinstate:  # answering those does bring it back
                trial = dict(claims)
                for i, a in enumerate(e.reinstate):
                    trial[f"ans{i}"] = C("rebuttal", a=[a], strength=1.0)
                assert evaluate(trial, semantics=semantics).labels[cid] is IN
        elif e.label is IN:
            assert all(s.label is OUT or s.fails for s in e.chain)
            assert {s.claim for s in e.chain} == {a for a in claims if cid in claims[a].attacks and a != cid}
        else:
            assert e.cycle and all(ev.labels[c] is UNDEC for c in (*e.cycle, *e.via))
            ring = list(e.cycle)
            for i, c in enumerate(ring):  # each attacks the one before it
                assert ring[i - 1] in claims[c].attacks
        for s in (x for top in e.chain for x in _walk(top)):
            assert ev.labels[s.claim] is s.label


@settings(max_examples=100, deadline=None)
@given(random_maps(), st.sampled_from(list(Semantics)))
def test_explanations_read_the_evaluations_index_or_index_the_claims(claims, semantics):
    """An evaluation of these very claims lends its index; of others (here a
    copy), the claims are indexed again: the explanations are the same."""
    for without in ((), list(claims)[:2]):
        ev = evaluate(claims, without, semantics=semantics)
        copy = dict(claims)
        for cid in ev.labels:
            assert explain(claims, ev, cid) == explain(copy, ev, cid)


MAP = """
argmap: 1
title: T
claims:
  thesis: {kind: conclusion, text: The thesis}
  obj: {kind: counterpoint, text: Objection, attacks: [thesis]}
  reb: {kind: rebuttal, text: Answer, attacks: [obj]}
  cp: {kind: counterpoint, text: Against the answer, attacks: [reb], tags: [needs-check]}
  p: {kind: premise, text: P, supports: [thesis]}
"""


def test_why_on_the_cli(cli, write_map):
    path = write_map(MAP)
    r = cli("analyze", str(path), "--why", "thesis")
    assert r.code == 0, r.both
    assert r.out.startswith("thesis: falls [out]") and "To reinstate it: answer 'cp'." in r.out
    r = cli("analyze", str(path), "--why", "thesis", "--json")
    doc = json.loads(r.out)
    assert doc["label"] == "out" and doc["reinstate"] == ["cp"] and doc["chain"][0]["claim"] == "obj"
    assert doc["strength"]["contributors"][0]["claim"] == "p"
    r = cli("analyze", str(path), "--why", "nosuch")
    assert r.code == 2 and "no claim 'nosuch'" in r.err
    # the report leads with the conclusions and why; the table comes last
    r = cli("analyze", str(path))
    out = r.out
    assert out.index("thesis: falls [out]") < out.index("Prep warnings") < out.index("All claims")
    assert "Rests on: 'cp' ⚑ unverified" in out
    # with cp withdrawn the thesis stands; only visible changes are listed
    r = cli("analyze", str(path), "--without-tag", "needs-check")
    assert "thesis: stands [in]" in r.out and "thesis: label out -> in (falls -> stands)" in r.out


def test_why_names_only_existing_claims_on_random_maps_cli(cli, write_map):
    claims = {"a": C(), "b": C("counterpoint", a=["a", "c"]), "c": C("counterpoint", a=["b"])}
    m = ArgMap(argmap=1, title="T", claims=claims)
    from argmap.io import dump

    path = write_map(dump(m))
    for cid in claims:
        doc = json.loads(cli("analyze", str(path), "--why", cid, "--json").out)
        assert doc["label"] == "undec" and set(doc["cycle"]) <= set(claims)
