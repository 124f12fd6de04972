"""Citations as data: claim `cites`, source publisher/url/accessed, claim
`label`, `[[...]]` read-aloud marks in quotes, and `fmt --migrate-cites`."""

from __future__ import annotations

import json
import shutil
import textwrap

import yaml

from argmap.io import load

from .conftest import BUNDLED

HEAD = "argmap: 1\ntitle: T\n"


def diags(write_map, body: str, files: dict[str, str] | None = None) -> list[str]:
    path = write_map(HEAD + textwrap.dedent(body).lstrip("\n"))
    for name, text in (files or {}).items():
        (path.parent / name).write_text(text, encoding="utf-8")
    return [f"{d.line}:{d.col}: {d.severity}: {d.message}" for d in load(path).diagnostics]


def test_cite_of_an_unknown_source_is_an_error_at_its_line(write_map):
    got = diags(write_map, """
        sources:
          gmf: {title: EOPs, publisher: German Marshall Fund, url: "https://gmfus.org/x", accessed: 2026-11-25}
        claims:
          a:
            kind: conclusion
            text: A
            cites:
              - {source: gmf, locator: p. 3}
              - source: gmff
        """)
    assert got == ["11:17: error: claim 'a', cites[1].source: unknown source 'gmff' (did you mean 'gmf'?)"]


def test_cite_needs_a_source_and_accessed_must_be_a_date(write_map):
    got = diags(write_map, """
        sources:
          s: {title: S, accessed: last week}
        claims:
          a:
            kind: conclusion
            text: A
            cites:
              - {locator: p. 3}
        """)
    assert any(d.startswith("4:") and "accessed" in d and "ISO 8601" in d for d in got), got
    assert any(d.startswith("10:") and "cites[0]" in d and "source" in d for d in got), got


def test_the_same_cite_twice_is_an_error(write_map):
    got = diags(write_map, """
        sources:
          s: {title: S}
        claims:
          a:
            kind: conclusion
            text: A
            cites: [{source: s, locator: p. 1}, {source: s, locator: p. 1}]
        """)
    assert len(got) == 1 and "error" in got[0] and "listed twice" in got[0], got


def test_a_long_label_is_a_warning_a_short_one_is_fine(write_map):
    long = " ".join(["word"] * 13)
    got = diags(write_map, f"""
        claims:
          a:
            kind: conclusion
            label: Israel belongs in the partnership structure
            text: A
          b:
            kind: premise
            label: {long}
            text: B
            supports: [a]
        """)
    assert got == ["10:12: warning: claim 'b', label: the label has 13 words; a label is a short tag "
                   "(about ten words): shorten it, the claim's text holds the rest"]


def test_a_source_tag_naming_no_source_is_a_warning(write_map):
    got = diags(write_map, """
        sources:
          s: {title: S}
        claims:
          a:
            kind: conclusion
            text: A
            tags: [source:s, source:nope]
        """)
    assert len(got) == 1 and got[0].startswith("9:") and "warning" in got[0] and "'source:nope'" in got[0], got


def test_read_aloud_marks_are_ignored_by_the_quote_check(write_map):
    body = """
        sources:
          s: {title: S, file: s.txt}
        claims:
          a:
            kind: conclusion
            text: A
            quote: {source: s, text: "The alliance [[must adapt now]] or fail."}
          b:
            kind: premise
            text: B
            supports: [a]
            quote: {source: s, text: "The alliance [[must fail]]."}
        """
    got = diags(write_map, body, {"s.txt": "Intro. The alliance must adapt now or fail. End."})
    assert len(got) == 1 and got[0].startswith("14:") and "quote not found" in got[0], got


def test_writer_places_the_new_fields(write_map, cli):
    path = write_map(HEAD + textwrap.dedent("""
        sources:
          s: {url: "https://x.org/a", accessed: 2026-11-25, publisher: Pub, date: "2016", title: S, author: A. B}
        claims:
          a:
            cites: [{locator: p. 2, source: s}]
            text: The claim.
            tags: [x]
            label: Short tag
            kind: conclusion
        """).lstrip("\n"))
    r = cli("fmt", str(path))
    assert r.code == 0, r.both
    assert path.read_text() == HEAD + textwrap.dedent("""\
        sources:
          s:
            title: S
            author: A. B
            publisher: Pub
            date: "2016"
            url: https://x.org/a
            accessed: 2026-11-25
        claims:
          a:
            kind: conclusion
            label: Short tag
            text: The claim.
            cites:
              - source: s
                locator: p. 2
            tags:
              - x
        """)


def test_json_schema_has_the_new_fields(cli):
    r = cli("schema")
    schema = json.loads(r.out)
    defs = schema["$defs"]
    assert {"publisher", "url", "accessed"} <= set(defs["Source"]["properties"])
    assert {"label", "cites"} <= set(defs["Claim"]["properties"])
    assert defs["Cite"]["required"] == ["source"]


MIGRATE = HEAD + """\
sources:
  a: {title: A}
  b: {title: B}
claims:
  t:
    kind: conclusion
    text: T
    tags: [factual, source:a, source:b, source:gone]
  u:
    kind: premise
    text: U
    supports: [t]
    cites: [{source: a, locator: p. 9}]
    tags: [source:a]
    quote: {source: b, text: U}
"""


def test_migrate_cites_turns_source_tags_into_cites(write_map, cli):
    path = write_map(MIGRATE)
    r = cli("fmt", "--migrate-cites", str(path))
    assert r.code == 0, r.both
    assert "warning" in r.err and "'source:gone'" in r.err
    assert "3 source tags" in r.out
    loaded = load(path)
    t, u = loaded.map.claims["t"], loaded.map.claims["u"]
    assert [(c.source, c.locator) for c in t.cites] == [("a", None), ("b", None)]
    assert t.tags == ["factual", "source:gone"]
    # already cited (with its locator), or quoted: the tag goes, nothing is added
    assert [(c.source, c.locator) for c in u.cites] == [("a", "p. 9")]
    assert u.tags == []
    again = cli("fmt", "--migrate-cites", "--check", str(path))
    assert again.code == 0, again.both


def test_migrate_check_reports_without_writing(write_map, cli):
    path = write_map(MIGRATE)
    r = cli("fmt", "--migrate-cites", "--check", str(path))
    assert r.code == 1 and "source tag" in r.out
    assert path.read_text() == MIGRATE


def test_migrating_the_bundled_map_keeps_it_valid(tmp_path, cli):
    # The bundled map is already migrated: put its cites back as the
    # `source:ID` tags it was written with, then migrate that copy again.
    copy = tmp_path / "m"
    shutil.copytree(BUNDLED.parent, copy)
    path = copy / BUNDLED.name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cited = set()
    for cid, c in data["claims"].items():
        for x in c.pop("cites", []):
            c.setdefault("tags", []).append(f"source:{x['source']}")
            cited.add((cid, x["source"]))
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    tagged = sum(t.startswith("source:") for c in load(path).map.claims.values() for t in c.tags)
    assert tagged == len(cited) > 0
    r = cli("fmt", "--migrate-cites", str(path))
    assert r.code == 0, r.both
    after = load(path)
    assert after.ok, after.diagnostics
    assert not any(t.startswith("source:") for c in after.map.claims.values() for t in c.tags)
    assert {(cid, x.source) for cid, c in after.map.claims.items() for x in c.cites} == cited
    assert cli("validate", "--strict", str(path)).code == 0
