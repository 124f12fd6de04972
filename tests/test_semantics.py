"""Preference-based semantics, evaluating without tagged claims, and what-if at a precision."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.analysis.evaluation import Change, Label, evaluate, grounded, visible_changes, what_if
from argmap.analysis.semantics import EvalOptions, Semantics
from tests.test_evaluation import C, random_maps

IN, OUT, UNDEC = Label.IN, Label.OUT, Label.UNDEC
PREF = Semantics.PREFERENCE


def test_weaker_attacker_does_not_defeat_a_stronger_claim():
    claims = {"a": C(strength=0.8), "b": C("counterpoint", a=["a"], strength=0.3)}
    assert grounded(claims) == {"a": OUT, "b": IN}
    assert grounded(claims, PREF) == {"a": IN, "b": IN}
    # an equal attacker still defeats: only a strictly greater target resists
    claims["b"] = C("counterpoint", a=["a"], strength=0.8)
    assert grounded(claims, PREF) == {"a": OUT, "b": IN}


def test_preference_hand_worked_chain():
    # The Turkey-veto shape: t (0.7) attacked by k (0.6); k answered by r (0.8);
    # r attacked by a weak w (0.3).  Grounded: w in, r out, k in, t out.
    # Preference: w's attack on r fails (0.8 > 0.3), so r in, k out, t in.
    claims = {
        "t": C(strength=0.7), "k": C("counterpoint", a=["t"], strength=0.6),
        "r": C("rebuttal", a=["k"], strength=0.8), "w": C("counterpoint", a=["r"], strength=0.3),
    }
    assert grounded(claims) == {"t": OUT, "k": IN, "r": OUT, "w": IN}
    assert grounded(claims, PREF) == {"t": IN, "k": OUT, "r": IN, "w": IN}
    ev = evaluate(claims, semantics=PREF)
    assert ev.semantics is PREF and ev.labels["t"] is IN
    # strengths do not depend on the semantics
    assert ev.strengths == evaluate(claims).strengths


def test_preference_breaks_a_cycle_by_strength():
    claims = {"x": C("counterpoint", a=["y"], strength=0.9), "y": C("counterpoint", a=["x"], strength=0.4)}
    assert grounded(claims) == {"x": UNDEC, "y": UNDEC}
    assert grounded(claims, PREF) == {"x": IN, "y": OUT}


@settings(max_examples=300, deadline=None)
@given(random_maps(), st.floats(0, 1))
def test_preference_with_equal_strengths_is_grounded(claims, v):
    same = {cid: c.model_copy(update={"strength": v}) for cid, c in claims.items()}
    assert grounded(same, PREF) == grounded(same)


@settings(max_examples=400, deadline=None)
@given(random_maps(), st.data())
def test_raising_base_strength_never_turns_in_to_out(claims, data):
    before = grounded(claims, PREF)
    cid = data.draw(st.sampled_from(sorted(claims)))
    up = data.draw(st.floats(claims[cid].strength, 1))
    raised = dict(claims)
    raised[cid] = claims[cid].model_copy(update={"strength": up})
    after = grounded(raised, PREF)
    if before[cid] is IN:
        assert after[cid] is not OUT


def test_what_if_keeps_the_semantics_of_its_base():
    claims = {"t": C(strength=0.6), "k": C("counterpoint", a=["t"], strength=0.6),
              "r": C("rebuttal", a=["k"], strength=0.8), "w": C("counterpoint", a=["r"], strength=0.3)}
    from argmap.model import ArgMap

    m = ArgMap(argmap=1, title="T", claims=claims)
    base = evaluate(m, semantics=PREF)
    after, changes = what_if(m, ["r"], base)
    assert after.semantics is PREF and after.labels["t"] is OUT
    assert {c.claim for c in changes if c.before_label != c.after_label} == {"r", "k", "t"}


def test_visible_changes_at_a_precision():
    changes = [
        Change("a", IN, IN, 0.5001, 0.5004),  # 0.500 -> 0.500: invisible at 3, at 2
        Change("b", IN, IN, 0.5004, 0.5006),  # 0.500 -> 0.501: visible at 3 only
        Change("c", IN, OUT, 0.5, 0.5),  # a label change always shows
        Change("d", IN, None, 0.5, None),  # withdrawn
    ]
    assert [c.claim for c in visible_changes(changes, 3)] == ["b", "c", "d"]
    assert [c.claim for c in visible_changes(changes, 2)] == ["c", "d"]


TAGGED = """
argmap: 1
title: T
claims:
  t: {kind: conclusion, text: T}
  p1: {kind: premise, text: P1, supports: [t], tags: [needs-check], strength: 0.9}
  p2: {kind: premise, text: P2, supports: [t], tags: [needs-check, factual]}
  p3: {kind: premise, text: P3, supports: [t], tags: [factual]}
  k: {kind: counterpoint, text: K, attacks: [t]}
  r: {kind: rebuttal, text: R, attacks: [k], tags: [needs-check]}
"""


def test_without_tag_equals_without_each_tagged_claim(cli, write_map):
    path = write_map(TAGGED)
    by_tag = cli("analyze", "--json", str(path), "--without-tag", "needs-check")
    by_id = cli("analyze", "--json", str(path), "--without", "p1", "--without", "p2", "--without", "r")
    assert by_tag.code == by_id.code == 0, by_tag.both + by_id.both
    a, b = json.loads(by_tag.out), json.loads(by_id.out)
    assert a["claims"] == b["claims"] and a["changes"] == b["changes"] and a["warnings"] == b["warnings"]
    assert set(a["claims"]) == {"t", "p3", "k"} and a["claims"]["t"]["label"] == "out"
    assert a["without"] == ["p1", "p2", "r"]
    # the same through the options object the exports and the TUI use
    from argmap.io import load

    m = load(path).map
    assert EvalOptions(without_tags=("needs-check",)).evaluate(m).labels == evaluate(m, ["p1", "p2", "r"]).labels
    # several tags, and a tag no claim has
    r = cli("analyze", str(path), "--without-tag", "needs-check", "--without-tag", "factual")
    assert r.code == 0 and "p3" not in r.out.split("All claims", 1)[1]
    r = cli("analyze", str(path), "--without-tag", "nosuch")
    assert r.code == 2 and "no claim is tagged 'nosuch'" in r.err
