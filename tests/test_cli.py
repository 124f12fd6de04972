"""The CLI's commands, run as a user runs them."""

from __future__ import annotations

import json
import re

from argmap import __version__
from argmap.io import dump, load

from .conftest import BUNDLED


def test_version_and_help(cli):
    r = cli("--version")
    assert r.code == 0 and r.out.strip() == f"argmap {__version__}"
    r = cli("--help")
    assert r.code == 0
    for cmd in ("validate", "fmt", "rebut", "note", "outline", "schema"):
        assert cmd in r.out
        sub = cli(cmd, "--help")
        assert sub.code == 0 and "usage: argmap " + cmd in sub.out


def test_validate_ok(cli, small_map):
    r = cli("validate", str(small_map))
    assert r.code == 0
    assert r.out == f"{small_map}: ok, 4 claims, 0 warnings\n"


def test_validate_strict_fails_on_warnings(cli, small_map):
    text = small_map.read_text().replace("the first premise", "a premise that is not there")
    small_map.write_text(text)
    r = cli("validate", str(small_map))
    assert r.code == 0
    assert re.search(rf"^{re.escape(str(small_map))}:\d+:\d+: warning: claim 'p1', quote.text: quote not found", r.out, re.M)
    assert cli("validate", "--strict", str(small_map)).code == 1


def test_fmt_check_and_rewrite(cli, small_map):
    r = cli("fmt", "--check", str(small_map))
    assert r.code == 1 and "not in canonical form" in r.out
    before = load(small_map).map
    r = cli("fmt", str(small_map))
    assert r.code == 0, r.both
    assert load(small_map).map == before
    assert cli("fmt", "--check", str(small_map)).code == 0
    text = small_map.read_text()
    assert "  thesis:\n    kind: conclusion\n    text: The thesis.\n" in text
    assert "    undercuts:\n      - from: p1\n        to: thesis\n" in text
    assert cli("fmt", str(small_map)).out == ""  # already canonical: untouched


def test_fmt_refuses_invalid_and_commented_maps(cli, write_map):
    bad = write_map("argmap: 1\ntitle: T\nclaims:\n  a: {kind: conclusion}\n", name="bad.yaml")
    before = bad.read_bytes()
    r = cli("fmt", str(bad))
    assert r.code == 1 and "missing required field 'text'" in r.err
    assert bad.read_bytes() == before

    commented = write_map(
        "argmap: 1  # version\ntitle: 'T # not a comment'\nclaims:\n  a: {kind: conclusion, text: x}\n",
        name="c.yaml",
    )
    before = commented.read_bytes()
    r = cli("fmt", str(commented))
    assert r.code == 1 and "has YAML comments" in r.err
    assert commented.read_bytes() == before
    assert cli("fmt", "--drop-comments", str(commented)).code == 0
    assert "# version" not in commented.read_text()
    assert "T # not a comment" in commented.read_text()


def test_rebut(cli, small_map):
    cli("fmt", str(small_map))
    r = cli("rebut", str(small_map), "c1", "Turkey lifted its veto in 2016.", "--quote", "first premise",
            "--source", "src", "--locator", "para 1", "--tag", "factual")
    assert r.code == 0, r.both
    assert "added rebuttal 'turkey-lifted-its-veto-in' attacking 'c1'" in r.out
    m = load(small_map).map
    new = m.claims["turkey-lifted-its-veto-in"]
    assert new.kind == "rebuttal" and new.attacks == ["c1"] and new.tags == ["factual"]
    assert new.quote.source == "src" and new.quote.locator == "para 1"
    assert cli("fmt", "--check", str(small_map)).code == 0
    # same text again: a fresh id, not a clash
    r = cli("rebut", str(small_map), "c1", "Turkey lifted its veto in 2016.")
    assert "'turkey-lifted-its-veto-in-2'" in r.out


def test_rebut_refuses_bad_input_and_changes_nothing(cli, small_map):
    before = small_map.read_bytes()
    assert cli("rebut", str(small_map), "c1", "   ").code == 2
    r = cli("rebut", str(small_map), "c1", "x", "--quote", "q", "--source", "nope")
    assert r.code == 2 and "unknown source 'nope'" in r.err
    r = cli("rebut", str(small_map), "c1", "x", "--source", "src")
    assert r.code == 2
    r = cli("rebut", str(small_map), "c1", "x", "--locator", "para 2")
    assert r.code == 2 and "go with --quote" in r.err
    r = cli("rebut", str(small_map), "c1", "x", "--quote", "  ", "--source", "src")
    assert r.code == 2 and "quote's text must not be empty" in r.err
    assert small_map.read_bytes() == before


def test_rebut_warns_when_quote_not_in_source(cli, small_map):
    cli("fmt", str(small_map))
    r = cli("rebut", str(small_map), "c1", "Reply.", "--quote", "words nobody wrote", "--source", "src")
    assert r.code == 0
    assert "warning: claim 'reply': quote not found in source 'src'" in r.err


def test_note(cli, small_map):
    cli("fmt", str(small_map))
    r = cli("note", str(small_map), "thesis", "Check [citation needed] here", "--by", "coach")
    assert r.code == 0, r.both
    ann = load(small_map).map.claims["thesis"].annotations
    assert [(a.text, a.by) for a in ann] == [("Check [citation needed] here", "coach")]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", ann[0].at)
    cli("note", str(small_map), "thesis", "second")
    assert [a.text for a in load(small_map).map.claims["thesis"].annotations][-1] == "second"


def test_write_refuses_an_invalid_map(cli, write_map):
    path = write_map("argmap: 1\ntitle: T\nclaims:\n  a: {kind: premise, text: x}\n")
    before = path.read_bytes()
    r = cli("note", str(path), "a", "hello")
    assert r.code == 1 and "must support some claim" in r.err
    assert path.read_bytes() == before


def test_outline(cli, small_map):
    r = cli("outline", str(small_map))
    assert r.code == 0
    assert r.out == (
        "Small test map\n\n"
        "thesis [conclusion] The thesis.\n"
        "  + p1 [premise] First premise.\n"
        "    - c1 [counterpoint] An objection.\n"
        "    ~ u1 [counterpoint] Granted, but it does not follow.\n"
    )
    r = cli("outline", "--width", "20", str(small_map))
    assert all(len(line) <= 20 for line in r.out.splitlines())


def test_outline_cycles_and_shared_claims(cli, write_map):
    path = write_map(
        """
        argmap: 1
        title: Cycles
        claims:
          a: {kind: conclusion, text: A}
          b: {kind: conclusion, text: B}
          p: {kind: premise, text: P, supports: [a, b]}
          e: {kind: evidence, text: E, supports: [p]}
          x: {kind: counterpoint, text: X, attacks: [y]}
          y: {kind: counterpoint, text: Y, attacks: [x]}
        """
    )
    r = cli("outline", str(path))
    assert r.code == 0
    assert r.out.splitlines()[2:] == [
        "a [conclusion] A",
        "  + p [premise] P",
        "    + e [evidence] E",
        "b [conclusion] B",
        "  + p [premise] P  (see above)",
        "x [counterpoint] X",
        "  - y [counterpoint] Y",
        "    - x [counterpoint] X  (see above)",
    ]


def test_schema(cli, small_map):
    r = cli("schema")
    assert r.code == 0
    schema = json.loads(r.out)
    assert schema["title"] == "argmap/1 map"
    assert set(schema["required"]) >= {"argmap", "title", "claims"}
    claim = schema["$defs"]["Claim"]
    assert claim["additionalProperties"] is False
    assert set(claim["properties"]) == {"kind", "label", "text", "supports", "attacks", "undercuts", "quote",
                                        "cites", "tags", "strength", "annotations"}
    assert "from" in schema["$defs"]["Undercut"]["properties"]


def test_schema_validates_maps(cli, small_map):
    """Editors validating with the printed schema accept a real map and reject a typo."""
    import jsonschema
    import yaml

    schema = json.loads(cli("schema").out)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    data = yaml.safe_load(dump(load(small_map).map))
    assert list(validator.iter_errors(data)) == []
    data["claims"]["p1"]["suports"] = ["thesis"]
    data["claims"]["bad id"] = {"kind": "premise", "text": "x", "supports": ["thesis"]}
    data["claims"]["thesis"]["strength"] = 2
    errors = list(validator.iter_errors(data))
    assert len(errors) >= 3, errors


def test_bundled_map_is_valid_and_canonical(cli):
    r = cli("validate", "--strict", str(BUNDLED))
    assert r.code == 0, r.both
    assert cli("fmt", "--check", str(BUNDLED)).code == 0


def test_open_without_file_shows_bundled_map(cli, tmp_path):
    r = cli(cwd=tmp_path)
    assert r.code == 0, r.both
    assert r.out.startswith("Should NATO make Israel an Enhanced Opportunities Partner? An op-ed's case and the objections to it\n")
    assert "\nthesis [conclusion] " in r.out


def test_comment_detection_is_exact(cli, write_map):
    # '#' inside values is not a comment; a comment after a '#'-bearing value is
    path = write_map(
        "argmap: 1\ntitle: 'Issue #3'\ndescription: |\n  # Scope \n  line\nclaims:\n"
        "  a: {kind: conclusion, text: 'see #3'}\n"
    )
    assert cli("note", str(path), "a", "x #4").code == 0
    assert cli("note", str(path), "a", "again").code == 0
    assert "# Scope " in load(path).map.description
    path.write_text(path.read_text().replace("  a:\n", "  a: # the thesis\n"))
    r = cli("rebut", str(path), "a", "see #5")
    assert r.code == 1 and f"{path}:5: has YAML comments (line 5)" in r.err, r.err


def test_open_flags_before_the_file(cli, small_map):
    r = cli("--outline", str(small_map))
    assert r.code == 0 and r.out.startswith("Small test map")


def test_fmt_keeps_the_comment_header(cli, write_map):
    path = write_map(
        "# yaml-language-server: $schema=./argmap.schema.json\n# Licence: CC-BY\n"
        "argmap: 1\ntitle: T\nclaims: {a: {kind: conclusion, text: x}}\n"
    )
    r = cli("fmt", str(path))
    assert r.code == 0, r.both
    assert path.read_text().startswith(
        "# yaml-language-server: $schema=./argmap.schema.json\n# Licence: CC-BY\nargmap: 1\n"
    )
    assert cli("fmt", "--check", str(path)).code == 0
    assert cli("note", str(path), "a", "n").code == 0
    assert path.read_text().startswith("# yaml-language-server:")


def test_help_texts_match_the_behaviour(cli):
    top = cli("--help").out
    assert "130" in top and "70" in top
    assert "support, attack and undercut nothing" in " ".join(cli("outline", "--help").out.split())
    brief = " ".join(cli("brief", "--help").out.split())
    assert "link it (default: no)" in brief
