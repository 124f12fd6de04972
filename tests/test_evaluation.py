"""Evaluation: known answers, worked examples, and properties on random maps."""

from __future__ import annotations

import gc
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.analysis.evaluation import Label, Side, combine, evaluate, grounded
from argmap.model import Claim, Kind, Undercut

IN, OUT, UNDEC = Label.IN, Label.OUT, Label.UNDEC


def C(kind: str = "conclusion", *, s=(), a=(), u=(), strength: float = 0.5) -> Claim:
    return Claim(
        kind=Kind(kind), text="x", supports=list(s), attacks=list(a),
        undercuts=[Undercut(**{"from": f, "to": t}) for f, t in u], strength=strength,
    )


def test_reinstatement():
    claims = {"a": C(), "b": C("counterpoint", a=["a"]), "c": C("rebuttal", a=["b"])}
    ev = evaluate(claims)
    assert ev.labels == {"a": IN, "b": OUT, "c": IN}
    assert ev.sides == {"a": Side.PRO, "b": Side.CON, "c": Side.PRO}


def test_mutual_attack_is_undecided():
    claims = {"a": C(), "x": C("counterpoint", a=["a", "y"]), "y": C("counterpoint", a=["x"])}
    ev = evaluate(claims)
    assert ev.labels == {"a": UNDEC, "x": UNDEC, "y": UNDEC}
    assert ev.sides == {"a": Side.PRO, "x": Side.CON, "y": Side.PRO}


def test_odd_cycle_is_undecided_and_its_victims_too():
    claims = {
        "x": C("counterpoint", a=["y"]), "y": C("counterpoint", a=["z"]), "z": C("counterpoint", a=["x", "t"]),
        "t": C(), "free": C(),
    }
    assert grounded(claims) == {"x": UNDEC, "y": UNDEC, "z": UNDEC, "t": UNDEC, "free": IN}


def test_unattacked_attacker_beats_a_cycle():
    claims = {"x": C("counterpoint", a=["y"]), "y": C("counterpoint", a=["x"]), "k": C("rebuttal", a=["x"])}
    assert grounded(claims) == {"k": IN, "x": OUT, "y": IN}


def test_dfquad_worked_example():
    # t (0.5) supported by s1 (0.6) and s2 (0.5); attacked by a (0.8, itself attacked by r 0.5).
    claims = {
        "t": C(strength=0.5),
        "s1": C("premise", s=["t"], strength=0.6),
        "s2": C("premise", s=["t"], strength=0.5),
        "a": C("counterpoint", a=["t"], strength=0.8),
        "r": C("rebuttal", a=["a"], strength=0.5),
    }
    ev = evaluate(claims)
    # a: base 0.8, attacked by 0.5 -> 0.8 - 0.8*0.5 = 0.4
    assert ev.strengths["a"] == pytest.approx(0.4)
    # vs = 1 - (0.4*0.5) = 0.8; va = 0.4; vs > va -> 0.5 + 0.5*(0.8-0.4) = 0.7
    assert ev.strengths["t"] == pytest.approx(0.7)
    assert ev.converged and not ev.cyclic


def test_undercut_weakens_the_link_not_the_premise():
    claims = {
        "t": C(strength=0.5),
        "p": C("premise", s=["t"], strength=0.8),
        "u": C("counterpoint", u=[("p", "t")], strength=0.5),
    }
    ev = evaluate(claims)
    assert ev.strengths["p"] == pytest.approx(0.8)
    # link contributes 0.8 * (1 - 0.5) = 0.4 -> 0.5 + 0.5*0.4 = 0.7
    assert ev.strengths["t"] == pytest.approx(0.7)
    assert ev.labels["t"] is IN  # undercuts are not attacks on claims
    assert ev.sides["u"] is Side.CON


def test_attackers_and_supporters_aggregate():
    """F(v1..vn) = 1 - prod(1 - vi): two attackers of 0.5 attack with 0.75."""
    ev = evaluate({"t": C(strength=0.4), "a": C("counterpoint", a=["t"]), "b": C("counterpoint", a=["t"])})
    assert ev.strengths["t"] == pytest.approx(0.4 - 0.4 * 0.75)
    ev = evaluate({"t": C(strength=0.4), "p": C("premise", s=["t"]), "q": C("premise", s=["t"])})
    assert ev.strengths["t"] == pytest.approx(0.4 + 0.6 * 0.75)
    ev = evaluate({"t": C(strength=0.4), "p": C("premise", s=["t"]), "a": C("counterpoint", a=["t"])})
    assert ev.strengths["t"] == 0.4  # equal attack and support leave the base


def test_evaluate_leaves_the_garbage_collector_as_it_found_it():
    claims = {"a": C(), "b": C("counterpoint", a=["a"])}
    was = gc.isenabled()
    try:
        for state in (True, False):
            (gc.enable if state else gc.disable)()
            evaluate(claims)
            assert gc.isenabled() is state
            with pytest.raises(AttributeError):
                evaluate({"a": object()})  # type: ignore[dict-item]
            assert gc.isenabled() is state
    finally:
        (gc.enable if was else gc.disable)()


def test_combine():
    assert combine(0.4, 0.3, 0.3) == 0.4
    assert combine(0.4, 0.5, 0.0) == pytest.approx(0.2)
    assert combine(0.4, 0.0, 0.5) == pytest.approx(0.7)


def test_cycle_strengths_converge():
    claims = {"x": C("counterpoint", a=["y"], strength=0.7), "y": C("counterpoint", a=["x"], strength=0.4)}
    ev = evaluate(claims)
    assert ev.converged and ev.cyclic == {"x", "y"}
    x, y = ev.strengths["x"], ev.strengths["y"]
    assert x == pytest.approx(0.7 - 0.7 * y) and y == pytest.approx(0.4 - 0.4 * x)


def test_without_withdraws_claims():
    claims = {"a": C(), "b": C("counterpoint", a=["a"]), "c": C("rebuttal", a=["b"])}
    assert evaluate(claims, without=["c"]).labels == {"a": OUT, "b": IN}


# -- properties on random maps -------------------------------------------------------------


@st.composite
def random_maps(draw):
    n = draw(st.integers(1, 9))
    ids = [f"c{i}" for i in range(n)]
    claims = {}
    for i, cid in enumerate(ids):
        supports = draw(st.lists(st.sampled_from(ids[:i]), unique=True, max_size=2)) if i else []
        attacks = draw(st.lists(st.sampled_from([x for x in ids if x != cid]), unique=True, max_size=3)) if n > 1 else []
        claims[cid] = C("conclusion", s=supports, a=attacks, strength=draw(st.floats(0, 1)))
    for cid in ids:  # some undercuts of existing links
        links = [(s, t) for s, c in claims.items() for t in c.supports]
        if links and draw(st.booleans()):
            f, t = draw(st.sampled_from(links))
            claims[cid] = claims[cid].model_copy(update={"undercuts": [Undercut(**{"from": f, "to": t})]})
    return claims


@settings(max_examples=300, deadline=None)
@given(random_maps())
def test_grounded_properties(claims):
    labels = grounded(claims)
    attackers = {cid: [a for a, c in claims.items() if cid in c.attacks] for cid in claims}
    ins = {cid for cid, lab in labels.items() if lab is IN}
    # conflict-free
    assert not any(t in ins for a in ins for t in claims[a].attacks)
    # defends itself: every attacker of an in claim is attacked by some in claim
    for cid in ins:
        for a in attackers[cid]:
            assert any(a in claims[d].attacks for d in ins)
    # a fixpoint of the labelling rules
    for cid, lab in labels.items():
        att = [labels[a] for a in attackers[cid]]
        if lab is IN:
            assert all(x is OUT for x in att)
        elif lab is OUT:
            assert any(x is IN for x in att)
        else:
            assert not all(x is OUT for x in att) and not any(x is IN for x in att)


@settings(max_examples=300, deadline=None)
@given(random_maps(), st.floats(0, 1))
def test_strength_properties(claims, new_strength):
    ev = evaluate(claims)
    assert all(0.0 <= v <= 1.0 for v in ev.strengths.values())
    if not ev.converged:
        return
    # adding an attacker never raises the strength of the claim it attacks
    target = next(iter(claims))
    more = dict(claims)
    more["new-attacker"] = C("counterpoint", a=[target], strength=new_strength)
    ev2 = evaluate(more)
    if ev2.converged and not ev.cyclic and not ev2.cyclic:
        assert ev2.strengths[target] <= ev.strengths[target] + 1e-12


def test_analyze_cli_table_json_and_what_if(cli, write_map):
    path = write_map(
        """
        argmap: 1
        title: T
        claims:
          a: {kind: conclusion, text: A}
          b: {kind: counterpoint, text: B, attacks: [a]}
          c: {kind: rebuttal, text: C, attacks: [b]}
          d: {kind: counterpoint, text: D, attacks: [a]}
          p: {kind: premise, text: P, supports: [a]}
        """
    )
    r = cli("analyze", "--json", str(path))
    assert r.code == 0, r.both
    doc = json.loads(r.out)
    # a: attack F(0.25 from b, which c halves; 0.5 from d) = 0.625 against support 0.5
    assert doc["claims"]["a"] == {"label": "out", "strength": pytest.approx(0.5 - 0.5 * 0.125), "side": "pro"}
    assert doc["claims"]["b"]["label"] == "out" and doc["claims"]["d"]["label"] == "in"
    codes = {(w["code"], w["claim"]) for w in doc["warnings"]}
    assert ("unanswered", "d") in codes and ("unsupported", "p") in codes and ("weak-conclusion", "a") in codes
    r = cli("analyze", str(path))
    table = r.out.split("All claims", 1)[1].splitlines()
    assert table[2].startswith("a ") and "conclusion" in table[2]
    r = cli("analyze", str(path), "--without", "d")
    assert "Without 'd': " in r.out and "a: label out -> in (falls -> stands)" in r.out
    r = cli("analyze", str(path), "--as", "con")
    assert "unanswered: 'c' attacks 'b'" in r.out
    assert cli("analyze", str(path), "--without", "zz").code == 2


def test_mixed_side():
    claims = {"a": C(), "b": C(), "m": C("premise", s=["a"], a=["b"])}
    assert evaluate(claims).sides["m"] is Side.MIXED


def test_dfquad_worked_example_with_undercut():
    claims = {
        "t": C(strength=0.5),
        "s1": C("premise", s=["t"], strength=0.6),
        "s2": C("premise", s=["t"], strength=0.5),
        "a": C("counterpoint", a=["t"], strength=0.8),
        "r": C("rebuttal", a=["a"], strength=0.5),
        "u": C("counterpoint", u=[("s1", "t")], strength=0.5),
    }
    ev = evaluate(claims)
    assert ev.strengths["t"] == pytest.approx(0.625)
    assert ev.labels == {"t": IN, "s1": IN, "s2": IN, "a": OUT, "r": IN, "u": IN}
