"""The model layer: graph queries and the command layer (ops, undo/redo)."""

from __future__ import annotations

import pytest

from argmap.io import load
from argmap.model import Kind
from argmap.model.graph import Graph, Relation
from argmap.model.ops import History, OpError, delete_claim, deletion_plan, fresh_id, note, rebut, slug


def test_graph_queries(small_map):
    m = load(small_map).map
    g = Graph.of(m)
    assert g.roots() == ["thesis"]
    assert [(c.relation, c.id) for c in g.children("thesis")] == [(Relation.SUPPORT, "p1")]
    assert [(c.relation, c.id) for c in g.children("p1", parent="thesis")] == [
        (Relation.ATTACK, "c1"),
        (Relation.UNDERCUT, "u1"),
    ]
    assert g.parents("u1") == ["p1"]
    assert g.paths_to("u1") == [["thesis", "p1", "u1"]]
    assert sorted(g.references_to("p1")) == [("c1", "attacks"), ("u1", "undercuts")]


def test_slug_and_fresh_id():
    assert slug("Turkey lifted its veto in May 2016!") == "turkey-lifted-its-veto-in"
    assert slug("Ça coûte cher") == "ca-coute-cher"
    assert slug("עברית") == ""
    assert fresh_id("עברית", {"rebuttal"}, fallback="rebuttal") == "rebuttal-2"
    assert fresh_id("a b", {"a-b", "a-b-2"}) == "a-b-3"


def test_history_undo_redo_every_kind_of_edit(small_map):
    m = load(small_map).map
    original = m.model_copy(deep=True)
    h = History(m)
    op, rid = rebut(m, "c1", "A reply.")
    h.do(op)
    h.do(note(m, "thesis", "remember", by="me", at="2026-11-25T10:00:00Z"))
    assert deletion_plan(m, "p1") == ["p1", "c1", "u1", rid]
    h.do(delete_claim(m, "p1"))
    assert list(m.claims) == ["thesis"]
    after = m.model_copy(deep=True)
    assert h.undo() and h.undo() and h.undo()
    assert m == original and list(m.claims) == list(original.claims)
    assert h.undo() is None and m == original
    assert h.redo() and h.redo() and h.redo()
    assert m == after
    assert h.redo() is None and m == after


def test_checked_edit_that_breaks_a_rule_changes_nothing(small_map):
    m = load(small_map).map
    before = m.model_copy(deep=True)
    h = History(m)
    with pytest.raises(OpError, match="no claim 'nope'"):
        rebut(m, "nope", "x")
    with pytest.raises(OpError, match="text: must not be blank"):
        rebut(m, "c1", "   ")
    from argmap.model.ops import PutClaim

    bad = m.claims["p1"].model_copy(update={"supports": ["ghost"]})
    with pytest.raises(OpError, match="unknown claim 'ghost'"):
        h.do(PutClaim("p1", bad))
    assert h.undo() is None and m == before


def test_rebut_kind_and_id(small_map):
    m = load(small_map).map
    op, rid = rebut(m, "c1", "The objection misreads the premise.")
    op.apply(m)
    assert rid == "the-objection-misreads-the"
    assert m.claims[rid].kind == Kind.REBUTTAL and m.claims[rid].attacks == ["c1"]
    assert list(m.claims)[-1] == rid
