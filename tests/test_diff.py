"""argmap diff: what changed between two versions of a map, claim by claim."""

from __future__ import annotations

import json
import shutil

from argmap.io import dump, load
from argmap.model.ops import PutClaim, apply_checked, delete_claim, rebut

from .conftest import BUNDLED


def edited(path, name, change):
    """A copy of the map at ``path`` with ``change(map)`` applied, written beside it."""
    m = load(path).map
    change(m)
    out = path.parent / name
    out.write_text(dump(m), encoding="utf-8")
    return out


def put(m, cid, **fields):
    apply_checked(m, PutClaim(cid, m.claims[cid].model_copy(update=fields)))


def test_claims_added_removed_and_changed_field_by_field_and_relations(cli, small_map):
    def change(m):
        put(m, "p1", text="Premise one.", strength=0.7)
        put(m, "thesis", tags=["key"])
        apply_checked(m, delete_claim(m, "c1"))
        apply_checked(m, rebut(m, "u1", "It does follow.")[0])

    new = edited(small_map, "new.yaml", change)
    r = cli("diff", str(small_map), str(new))
    assert r.code == 0, r.both
    lines = r.out.splitlines()
    assert lines[0].startswith(f"{small_map} → {new}: 1 claim added, 1 removed, 2 changed; "
                               "1 relation added, 1 removed")
    assert "+ claim 'it-does-follow' (rebuttal): \"It does follow.\"" in lines
    assert "- claim 'c1' (counterpoint): \"An objection.\"" in lines
    i = lines.index("~ claim 'p1'")
    assert lines[i + 1:i + 3] == ['    text: "First premise." → "Premise one."', "    strength: 0.5 → 0.7"]
    i = lines.index("~ claim 'thesis'")
    assert lines[i + 1] == '    tags: + "key"'
    assert "+ relation: it-does-follow attacks u1" in lines
    assert "- relation: c1 attacks p1" in lines


def test_identical_maps_have_no_changes(cli, small_map):
    copy = edited(small_map, "same.yaml", lambda m: None)
    r = cli("diff", str(small_map), str(copy))
    assert r.code == 0 and r.out == f"{small_map} → {copy}: no changes\n"


def test_conclusions_whose_standing_changed_and_only_changes_visible_at_3_decimals(cli, small_map):
    # an unanswered counterpoint against the thesis: it no longer stands
    new = edited(small_map, "new.yaml", lambda m: apply_checked(
        m, PutClaim("c2", m.claims["c1"].model_copy(update={"text": "No.", "attacks": ["thesis"]}))))
    r = cli("diff", str(small_map), str(new))
    standing = [line for line in r.out.splitlines() if line.startswith("conclusion ")]
    assert len(standing) == 1 and standing[0].startswith("conclusion 'thesis': in → out; strength ")
    before, after = standing[0].split("strength ")[1].split(" → ")
    assert float(before) > float(after)
    # a strength moved by less than the third decimal: the field change shows, no standing line
    # (the thesis goes from 0.5625 to 0.56249998...: 0.562 either way)
    tiny = edited(small_map, "tiny.yaml", lambda m: put(m, "c1", strength=0.5000001))
    r = cli("diff", str(small_map), str(tiny))
    assert "    strength: 0.5 → 0.5000001" in r.out.splitlines()
    assert not [line for line in r.out.splitlines() if line.startswith("conclusion ")]
    assert "conclusion" not in r.out.splitlines()[0].split(": ")[-1]
    # the same claim moved visibly: a standing line with the label unchanged
    more = edited(small_map, "more.yaml", lambda m: put(m, "c1", strength=0.9))
    r = cli("diff", str(small_map), str(more))
    assert [line for line in r.out.splitlines() if line.startswith("conclusion ")] == [
        "conclusion 'thesis': in; strength 0.562 → 0.512"]


def test_json_format(cli, small_map):
    new = edited(small_map, "new.yaml", lambda m: (put(m, "p1", text="P."), apply_checked(m, delete_claim(m, "c1"))))
    r = cli("diff", "--format", "json", str(small_map), str(new))
    assert r.code == 0, r.both
    doc = json.loads(r.out)
    assert doc["claims"]["added"] == [] and [c["id"] for c in doc["claims"]["removed"]] == ["c1"]
    assert doc["claims"]["changed"] == [{"id": "p1", "fields": [{"field": "text", "old": "First premise.", "new": "P."}]}]
    assert doc["relations"]["removed"] == [{"kind": "attacks", "from": "c1", "to": "p1"}]
    # c1 attacked p1: without it p1, and so the thesis, is stronger
    assert doc["conclusions"] == [{"claim": "thesis", "label": ["in", "in"], "strength": [0.5625, 0.625]}]


def test_markdown_format(cli, small_map):
    new = edited(small_map, "new.yaml", lambda m: put(m, "p1", text="A *new* premise."))
    r = cli("diff", "--format", "md", str(small_map), str(new))
    assert r.code == 0, r.both
    assert "## Claims changed" in r.out
    assert "- **p1**: text: First premise. → A \\*new\\* premise." in r.out


def test_text_with_newlines_stays_on_one_line(cli, small_map):
    new = edited(small_map, "new.yaml", lambda m: put(m, "p1", text="Line one.\nLine two."))
    r = cli("diff", str(small_map), str(new))
    assert '    text: "First premise." → "Line one.\\nLine two."' in r.out.splitlines()


def test_invalid_map_is_an_error_not_a_traceback(cli, small_map, write_map):
    bad = write_map("argmap: 1\ntitle: T\nclaims: {}\n", name="bad.yaml")
    r = cli("diff", str(small_map), str(bad))
    assert r.code == 1 and f"{bad}:" in r.err and "fix the errors" in r.err
    r = cli("diff", str(small_map), str(small_map.parent / "missing.yaml"))
    assert r.code == 1 and "no such file" in r.err


def test_git_external_diff_call(cli, small_map):
    """git calls diff.<driver>.command with: path old-file old-hex old-mode new-file new-hex new-mode."""
    new = edited(small_map, "new.yaml", lambda m: put(m, "p1", text="P."))
    r = cli("diff", "map.yaml", str(small_map), "abc", "100644", str(new), "def", "100644")
    assert r.code == 0, r.both
    assert r.out.splitlines()[0] == "argmap diff a/map.yaml b/map.yaml: 1 claim changed"
    assert '    text: "First premise." → "P."' in r.out.splitlines()
    # a new file: the old side is /dev/null
    r = cli("diff", "map.yaml", "/dev/null", ".", ".", str(new), "def", "100644")
    assert r.code == 0 and "+ claim 'thesis' (conclusion): \"The thesis.\"" in r.out.splitlines()
    # not a valid map (say, a file with conflict markers): a plain line diff, still exit 0 for git
    broken = small_map.parent / "broken.yaml"
    broken.write_text(small_map.read_text() + "<<<<<<< ours\n", encoding="utf-8")
    r = cli("diff", "map.yaml", str(small_map), "abc", "100644", str(broken), "def", "100644")
    assert r.code == 0 and "+<<<<<<< ours" in r.out and "not a valid map" in r.out


def test_bundled_map_against_itself_with_a_rebuttal(cli, tmp_path):
    old = tmp_path / "old.yaml"
    old.write_text(BUNDLED.read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copytree(BUNDLED.parent / "sources", tmp_path / "sources")
    new = tmp_path / "new.yaml"
    new.write_text(old.read_text(encoding="utf-8"), encoding="utf-8")
    m = load(new).map
    target = next(cid for cid, c in m.claims.items() if c.kind == "premise")
    r = cli("rebut", str(new), target, "This premise is doubtful.")
    assert r.code == 0, r.both
    r = cli("diff", str(old), str(new))
    assert r.code == 0 and "+ claim 'this-premise-is-doubtful' (rebuttal): \"This premise is doubtful.\"" in r.out
    assert f"+ relation: this-premise-is-doubtful attacks {target}" in r.out


# -- properties of diff_maps (the function the CLI prints and the TUI marks claims with) ---------

from hypothesis import HealthCheck, given, settings  # noqa: E402

from argmap.analysis.diff import diff_maps, relations  # noqa: E402

from .test_merge import any_edits  # noqa: E402


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_edits())
def test_diff_maps_accounts_for_every_difference(case):
    b, ours, _ = case
    assert not diff_maps(b, b) and diff_maps(b, b).changed_ids == []
    d = diff_maps(b, ours)
    assert set(d.claims_added) == ours.claims.keys() - b.claims.keys()
    assert set(d.claims_removed) == b.claims.keys() - ours.claims.keys()
    plain = lambda c: c.model_dump(exclude={"supports", "attacks", "undercuts"})  # noqa: E731
    assert {e.id for e in d.claims_changed} == {
        cid for cid in ours.claims.keys() & b.claims.keys() if plain(ours.claims[cid]) != plain(b.claims[cid])}
    assert set(d.relations_added) == set(relations(ours.claims)) - set(relations(b.claims))
    assert set(d.relations_removed) == set(relations(b.claims)) - set(relations(ours.claims))
    assert bool(d) == (ours != b)
    assert set(d.changed_ids) <= ours.claims.keys()
