"""merge3: the three-way merge of maps by claim id (recovery uses it; a git
merge driver will)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.model import ArgMap
from argmap.model.merge import MERGE_AUTHOR, merge3
from argmap.model.ops import PutClaim, apply_checked, delete_claim, note, rebut
from argmap.model.rules import check


def amap(**claims) -> ArgMap:
    return ArgMap.model_validate(
        {"argmap": 1, "title": "T", "sources": {"s": {"title": "S"}}, "claims": claims}
    )


BASE = {
    "thesis": {"kind": "conclusion", "text": "Thesis."},
    "p1": {"kind": "premise", "text": "P1.", "supports": ["thesis"], "tags": ["a"]},
    "p2": {"kind": "premise", "text": "P2.", "supports": ["thesis"]},
    "c1": {"kind": "counterpoint", "text": "C1.", "attacks": ["thesis"]},
}


def base() -> ArgMap:
    return amap(**BASE)


def edit(m: ArgMap, cid: str, **fields) -> ArgMap:
    out = m.model_copy(deep=True)
    apply_checked(out, PutClaim(cid, out.claims[cid].model_copy(update=fields)))
    return out


def valid(m: ArgMap) -> bool:
    ArgMap.model_validate(m.model_dump(by_alias=True))
    return not [p for p in check(m.claims, m.sources) if p.is_error]


def test_edits_of_different_claims_and_fields_combine():
    b = base()
    ours = edit(b, "p1", text="P1 ours.")
    theirs = edit(edit(b, "p2", strength=0.9), "p1", tags=["a", "b"])
    r = merge3(b, ours, theirs)
    assert r.clean and valid(r.map)
    assert r.map.claims["p1"].text == "P1 ours." and r.map.claims["p1"].tags == ["a", "b"]
    assert r.map.claims["p2"].strength == 0.9


def test_same_field_changed_differently_is_a_conflict_keeping_ours_noting_theirs():
    b = base()
    r = merge3(b, edit(b, "p1", text="Ours."), edit(b, "p1", text="Theirs."))
    assert [(c.claim, c.field) for c in r.conflicts] == [("p1", "text")]
    claim = r.map.claims["p1"]
    assert claim.text == "Ours."
    assert claim.annotations[-1].text == "conflict: theirs changed text to Theirs."
    assert claim.annotations[-1].by == MERGE_AUTHOR
    assert valid(r.map)


def test_same_change_on_both_sides_is_fine():
    b = base()
    r = merge3(b, edit(b, "p1", text="Same."), edit(b, "p1", text="Same."))
    assert r.clean and r.map.claims["p1"].text == "Same."


def test_reference_lists_merge_as_sets_and_annotations_as_a_union():
    b = base()
    ours = edit(b, "p1", tags=["b"], supports=["thesis", "p2"])  # removed a, added b; p2 is a premise
    theirs = edit(b, "p1", tags=["a", "c"])
    r = merge3(b, ours, theirs)
    assert r.clean
    assert r.map.claims["p1"].tags == ["b", "c"]
    assert r.map.claims["p1"].supports == ["thesis", "p2"]
    o = ours.model_copy(deep=True)
    o.claims["p1"] = note(o, "p1", "mine").claim
    t = theirs.model_copy(deep=True)
    t.claims["p1"] = note(t, "p1", "yours").claim
    r = merge3(b, o, t)
    assert [a.text for a in r.map.claims["p1"].annotations] == ["mine", "yours"]


def test_added_on_one_side_and_deleted_unchanged_on_the_other():
    b = base()
    ours = b.model_copy(deep=True)
    apply_checked(ours, rebut(ours, "c1", "An answer.")[0])
    theirs = b.model_copy(deep=True)
    apply_checked(theirs, delete_claim(theirs, "p2"))
    r = merge3(b, ours, theirs)
    assert r.clean and "an-answer" in r.map.claims and "p2" not in r.map.claims


def test_deleted_on_one_side_and_edited_on_the_other_keeps_the_edit_as_a_conflict():
    b = base()
    theirs = b.model_copy(deep=True)
    apply_checked(theirs, delete_claim(theirs, "p2"))
    r = merge3(b, edit(b, "p2", text="Edited."), theirs)
    assert [(c.claim, c.field) for c in r.conflicts] == [("p2", "deleted")]
    assert r.map.claims["p2"].text == "Edited." and valid(r.map)
    r = merge3(b, theirs, edit(b, "p2", text="Edited."))  # the other way round
    assert [(c.claim, c.field) for c in r.conflicts] == [("p2", "deleted")]
    assert r.map.claims["p2"].text == "Edited."


def test_dangling_reference_brings_the_claim_back_as_a_conflict():
    b = base()
    ours = b.model_copy(deep=True)
    apply_checked(ours, rebut(ours, "c1", "Answer to c1.")[0])
    theirs = b.model_copy(deep=True)
    apply_checked(theirs, delete_claim(theirs, "c1"))
    r = merge3(b, ours, theirs)
    assert valid(r.map)
    assert "c1" in r.map.claims and "answer-to-c1" in r.map.claims
    assert ("c1", "deleted") in [(c.claim, c.field) for c in r.conflicts]


def test_support_cycle_is_a_conflict_never_an_invalid_map():
    b = amap(
        thesis={"kind": "conclusion", "text": "T."},
        a={"kind": "premise", "text": "A.", "supports": ["thesis"]},
        b={"kind": "premise", "text": "B.", "supports": ["thesis"]},
    )
    ours = edit(b, "a", supports=["thesis", "b"])
    theirs = edit(b, "b", supports=["thesis", "a"])
    assert valid(ours) and valid(theirs)
    r = merge3(b, ours, theirs)
    assert valid(r.map)
    assert r.conflicts and r.conflicts[0].field == "rules"


def test_title_and_description_merge_like_fields():
    b = base()
    r = merge3(b, b.model_copy(update={"title": "Ours"}), b.model_copy(update={"description": "D"}))
    assert r.clean and (r.map.title, r.map.description) == ("Ours", "D")
    r = merge3(b, b.model_copy(update={"title": "Ours"}), b.model_copy(update={"title": "Theirs"}))
    assert r.map.title == "Ours" and [(c.claim, c.field) for c in r.conflicts] == [(None, "title")]


def test_inputs_are_not_changed():
    b = base()
    ours, theirs = edit(b, "p1", text="O."), edit(b, "p1", text="T.")
    snap = [m.model_dump() for m in (b, ours, theirs)]
    merge3(b, ours, theirs)
    assert [m.model_dump() for m in (b, ours, theirs)] == snap


# -- properties ---------------------------------------------------------------------------------


@st.composite
def maps(draw) -> ArgMap:
    n = draw(st.integers(1, 6))
    claims = {"k0": {"kind": "conclusion", "text": "Root."}}
    for i in range(1, n):
        parent = f"k{draw(st.integers(0, i - 1))}"
        kind = draw(st.sampled_from(["premise", "counterpoint"]))
        rel = "supports" if kind == "premise" else "attacks"
        claims[f"k{i}"] = {"kind": kind, "text": f"Claim {i}.", rel: [parent]}
    return amap(**claims)


def _edit_op(m: ArgMap, cid: str, what: int, side: str):
    c = m.claims[cid]
    if what == 0:
        return PutClaim(cid, c.model_copy(update={"text": f"{side} text of {cid}."}))
    if what == 1:
        return note(m, cid, f"{side} note")
    if what == 2:
        return PutClaim(cid, c.model_copy(update={"tags": [*c.tags, side]}))
    if what == 3:
        return PutClaim(cid, c.model_copy(update={"strength": 0.25 if side == "ours" else 0.75}))
    return rebut(m, cid, f"{side} reply to {cid}")[0]


@st.composite
def disjoint_edits(draw):
    m = draw(maps())
    ids = list(m.claims)
    sides = draw(st.lists(st.sampled_from(["ours", "theirs", None]), min_size=len(ids), max_size=len(ids)))
    kinds = draw(st.lists(st.integers(0, 4), min_size=len(ids), max_size=len(ids)))
    return m, [(cid, side, k) for cid, side, k in zip(ids, sides, kinds, strict=True) if side]


def _apply(m: ArgMap, edits, only: str | None) -> ArgMap:
    out = m.model_copy(deep=True)
    for cid, side, k in edits:
        if only is None or side == only:
            apply_checked(out, _edit_op(out, cid, k, side))
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps())
def test_merging_a_map_with_itself_gives_it_back(m):
    r = merge3(m, m, m)
    assert r.clean and r.map == m and list(r.map.claims) == list(m.claims)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(disjoint_edits())
def test_edits_of_disjoint_claims_merge_to_applying_both(case):
    m, edits = case
    ours, theirs, both = _apply(m, edits, "ours"), _apply(m, edits, "theirs"), _apply(m, edits, None)
    r = merge3(m, ours, theirs)
    assert r.clean, r.conflicts
    assert r.map == both
    assert valid(r.map)


@st.composite
def any_edits(draw):
    m = draw(maps())
    def side(name):
        out = m.model_copy(deep=True)
        for _ in range(draw(st.integers(0, 4))):
            cid = draw(st.sampled_from(list(out.claims)))
            what = draw(st.integers(0, 6))
            try:
                if what == 5:
                    if len(out.claims) == 1:
                        continue
                    op = delete_claim(out, cid)
                elif what == 6:
                    other = draw(st.sampled_from(list(out.claims)))
                    c = out.claims[cid]
                    field = "supports" if c.kind == "premise" else "attacks"
                    op = PutClaim(cid, c.model_copy(update={field: [*getattr(c, field), other]}))
                else:
                    op = _edit_op(out, cid, what, name)
                inverse = apply_checked(out, op)
                if not out.claims:  # a map keeps at least one claim
                    inverse.apply(out)
            except Exception:
                continue
        return out
    return m, side("ours"), side("theirs")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_edits())
def test_the_merge_always_validates(case):
    b, ours, theirs = case
    r = merge3(b, ours, theirs)
    assert valid(r.map)
    # nothing either side added is silently lost: it is merged or a conflict says so
    for side in (ours, theirs):
        for cid in side.claims.keys() - b.claims.keys():
            assert cid in r.map.claims or any(c.claim == cid for c in r.conflicts)


# -- what git's merge driver needs: a report line per conflict, every conflict in the map -------


def test_a_conflict_reports_as_file_claim_and_what_theirs_did():
    b = base()
    r = merge3(b, edit(b, "p1", text="Ours."), edit(b, "p1", text="Theirs."))
    assert r.conflicts[0].report("m.yaml") == "m.yaml: conflict: claim 'p1': theirs changed text to Theirs."


def test_map_field_and_source_conflicts_are_recorded_in_the_map_too():
    b = amap(**BASE, q={"kind": "evidence", "text": "Q.", "supports": ["p1"],
                        "quote": {"source": "s", "text": "quoted"}})
    ours = b.model_copy(update={"title": "Ours"}, deep=True)
    theirs = b.model_copy(update={"title": "Theirs"}, deep=True)
    ours.sources["s"] = ours.sources["s"].model_copy(update={"title": "S ours"})
    theirs.sources["s"] = theirs.sources["s"].model_copy(update={"title": "S theirs"})
    r = merge3(b, ours, theirs)
    assert [c.report("f") for c in r.conflicts] == [
        "f: conflict: the map: theirs changed title to Theirs",
        "f: conflict: source 's': theirs changed title to S theirs",
    ]
    assert valid(r.map) and r.map.title == "Ours" and r.map.sources["s"].title == "S ours"
    # the map's own conflicts go on the first conclusion; a source's on the claims quoting it
    assert [a.text for a in r.map.claims["thesis"].annotations] == [
        "conflict: the map: theirs changed title to Theirs"]
    assert [a.text for a in r.map.claims["q"].annotations] == [
        "conflict: source 's': theirs changed title to S theirs"]
    assert all(a.by == MERGE_AUTHOR for c in r.map.claims.values() for a in c.annotations)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_edits())
def test_a_side_that_changed_nothing_takes_the_other_side(case):
    b, ours, theirs = case
    for side in (ours, theirs):
        for r in (merge3(b, b, side), merge3(b, side, b)):
            assert r.clean and r.map == side
