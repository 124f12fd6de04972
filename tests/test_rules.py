"""Every rule of argmap/1 is an error (or warning) at the right line."""

from __future__ import annotations

import textwrap

import pytest

from argmap.io import load

HEAD = "argmap: 1\ntitle: T\n"


def problems(write_map, body: str, extra_files: dict[str, str] | None = None):
    path = write_map(HEAD + textwrap.dedent(body).lstrip("\n"))
    for name, text in (extra_files or {}).items():
        (path.parent / name).parent.mkdir(parents=True, exist_ok=True)
        (path.parent / name).write_text(text, encoding="utf-8")
    loaded = load(path)
    return loaded, [f"{d.line}:{d.col}: {d.severity}: {d.message}" for d in loaded.diagnostics]


CASES = [
    (
        "unknown field in a claim",
        """
        claims:
          a:
            kind: conclusion
            text: A
          b:
            kind: premise
            text: B
            suports: [a]
        """,
        "10:5: error: claim 'b', suports: unknown field 'suports' (did you mean 'supports'?)",
    ),
    (
        "unknown top-level field",
        """
        titel: x
        claims:
          a: {kind: conclusion, text: A}
        """,
        "3:1: error: titel: unknown field 'titel'",
    ),
    (
        "unknown field in a quote",
        """
        sources:
          s: {title: S}
        claims:
          a: {kind: conclusion, text: A, quote: {source: s, text: t, page: 4}}
        """,
        "6:62: error: claim 'a', quote.page: unknown field 'page'",
    ),
    (
        "unknown field in a source",
        """
        sources:
          s: {title: S, autor: me}
        claims:
          a: {kind: conclusion, text: A}
        """,
        "4:17: error: source 's', autor: unknown field 'autor' (did you mean 'author'?)",
    ),
    (
        "duplicate claim id",
        """
        claims:
          a: {kind: conclusion, text: A}
          a: {kind: conclusion, text: B}
        """,
        "5:3: error: claims: duplicate key 'a' (first at line 4)",
    ),
    (
        "duplicate field",
        """
        claims:
          a:
            kind: conclusion
            text: A
            text: B
        """,
        "7:5: error: claim 'a': duplicate key 'text' (first at line 6)",
    ),
    (
        "unknown claim in supports",
        """
        claims:
          thesis: {kind: conclusion, text: A}
          p: {kind: premise, text: B, supports: [thesys]}
        """,
        "5:42: error: claim 'p', supports[0]: unknown claim 'thesys' (did you mean 'thesis'?)",
    ),
    (
        "unknown claim in attacks",
        """
        claims:
          a: {kind: conclusion, text: A}
          c: {kind: counterpoint, text: B, attacks: [nope]}
        """,
        "5:46: error: claim 'c', attacks[0]: unknown claim 'nope'",
    ),
    (
        "unknown source",
        """
        sources:
          oped: {title: S}
        claims:
          a: {kind: conclusion, text: A, quote: {source: opd, text: x}}
        """,
        "6:50: error: claim 'a', quote.source: unknown source 'opd' (did you mean 'oped'?)",
    ),
    (
        "self support",
        """
        claims:
          a: {kind: conclusion, text: A}
          p: {kind: premise, text: B, supports: [a, p]}
        """,
        "5:45: error: claim 'p', supports[1]: a claim cannot support itself",
    ),
    (
        "self attack",
        """
        claims:
          a: {kind: conclusion, text: A}
          c: {kind: counterpoint, text: B, attacks: [c]}
        """,
        "5:46: error: claim 'c', attacks[0]: a claim cannot attack itself",
    ),
    (
        "cycle of supports",
        """
        claims:
          a: {kind: conclusion, text: A}
          p: {kind: premise, text: B, supports: [q]}
          q: {kind: premise, text: C, supports: [r]}
          r: {kind: premise, text: D, supports: [p]}
        """,
        "7:42: error: claim 'r', supports[0]: cycle of supports: 'p' -> 'q' -> 'r' -> 'p'",
    ),
    (
        "premise supporting nothing",
        """
        claims:
          a: {kind: conclusion, text: A}
          p: {kind: premise, text: B}
        """,
        "5:13: error: claim 'p', kind: a claim of kind premise must support some claim",
    ),
    (
        "evidence supporting nothing",
        """
        claims:
          a: {kind: conclusion, text: A}
          e:
            kind: evidence
            text: B
        """,
        "6:11: error: claim 'e', kind: a claim of kind evidence must support some claim",
    ),
    (
        "counterpoint attacking nothing",
        """
        claims:
          a: {kind: conclusion, text: A}
          c: {kind: counterpoint, text: B}
        """,
        "5:13: error: claim 'c', kind: a claim of kind counterpoint must attack or undercut",
    ),
    (
        "rebuttal attacking nothing",
        """
        claims:
          a: {kind: conclusion, text: A}
          r: {kind: rebuttal, text: B}
        """,
        "5:13: error: claim 'r', kind: a claim of kind rebuttal must attack or undercut",
    ),
    (
        "undercut of a link that does not exist",
        """
        claims:
          a: {kind: conclusion, text: A}
          b: {kind: conclusion, text: B}
          p: {kind: premise, text: P, supports: [a]}
          u: {kind: counterpoint, text: U, undercuts: [{from: p, to: b}]}
        """,
        "7:48: error: claim 'u', undercuts[0]: undercuts the link 'p' -> 'b', but 'p' does not support 'b'",
    ),
    (
        "undercut naming an unknown claim",
        """
        claims:
          a: {kind: conclusion, text: A}
          u: {kind: counterpoint, text: U, undercuts: [{from: x, to: a}]}
        """,
        "5:55: error: claim 'u', undercuts[0].from: unknown claim 'x'",
    ),
    (
        "strength above 1",
        """
        claims:
          a: {kind: conclusion, text: A, strength: 1.5}
        """,
        "4:44: error: claim 'a', strength: strength must be a number from 0 to 1, got 1.5",
    ),
    (
        "strength below 0",
        """
        claims:
          a: {kind: conclusion, text: A, strength: -0.1}
        """,
        "4:44: error: claim 'a', strength: strength must be a number from 0 to 1, got -0.1",
    ),
    (
        "strength not a number",
        """
        claims:
          a: {kind: conclusion, text: A, strength: high}
        """,
        "4:44: error: claim 'a', strength: expected a number from 0 to 1, got 'high'",
    ),
    (
        "strength NaN",
        """
        claims:
          a: {kind: conclusion, text: A, strength: .nan}
        """,
        "4:44: error: claim 'a', strength:",
    ),
    (
        "absolute source file",
        """
        sources:
          s: {title: S, file: /etc/passwd}
        claims:
          a: {kind: conclusion, text: A}
        """,
        "4:23: error: source 's', file: source file '/etc/passwd' is absolute",
    ),
    (
        "source file escaping the folder",
        """
        sources:
          s: {title: S, file: sub/../../secret.txt}
        claims:
          a: {kind: conclusion, text: A}
        """,
        "4:23: error: source 's', file: source file 'sub/../../secret.txt' leaves the map's folder",
    ),
    (
        "unsupported version",
        """
        claims:
          a: {kind: conclusion, text: A}
        """.replace("claims", "claims"),
        None,  # checked separately below
    ),
    (
        "missing text",
        """
        claims:
          a: {kind: conclusion}
        """,
        "4:3: error: claim 'a': missing required field 'text'",
    ),
    (
        "empty text",
        """
        claims:
          a: {kind: conclusion, text: "  "}
        """,
        "4:31: error: claim 'a', text: must not be blank",
    ),
    (
        "text that YAML reads as a boolean",
        """
        claims:
          a: {kind: conclusion, text: yes}
        """,
        "4:31: error: claim 'a', text: expected text, got the boolean true; put it in quotes",
    ),
    (
        "unknown kind",
        """
        claims:
          a: {kind: conclusio, text: A}
        """,
        "4:13: error: claim 'a', kind: unknown kind 'conclusio' (did you mean 'conclusion'?)",
    ),
    (
        "bad claim id",
        """
        claims:
          -bad: {kind: conclusion, text: A}
        """,
        "4:3: error: claim '-bad': claim id '-bad' is not valid",
    ),
    (
        "empty claims",
        """
        claims: {}
        """,
        "3:9: error: claims: a map needs at least one claim",
    ),
    (
        "missing claims",
        """
        description: nothing else
        """,
        "1:1: error: missing required field 'claims'",
    ),
    (
        "supports not a list",
        """
        claims:
          a: {kind: conclusion, text: A}
          p: {kind: premise, text: P, supports: a}
        """,
        "5:41: error: claim 'p', supports: expected a list, got 'a'; write [a]",
    ),
    (
        "bad annotation timestamp",
        """
        claims:
          a:
            kind: conclusion
            text: A
            annotations:
              - {text: n, at: yesterday}
        """,
        "8:23: error: claim 'a', annotations[0].at: expected an ISO 8601 timestamp",
    ),
]


@pytest.mark.parametrize("name,body,expected", [c for c in CASES if c[2]], ids=[c[0] for c in CASES if c[2]])
def test_rule(write_map, name, body, expected):
    loaded, lines = problems(write_map, body)
    assert loaded.map is None, "a map with errors must not load"
    assert any(line.startswith(expected) for line in lines), "\n".join(lines)


def test_unsupported_version(write_map):
    path = write_map("argmap: 2\ntitle: T\nclaims:\n  a: {kind: conclusion, text: A}\n")
    loaded = load(path)
    assert [str(d) for d in loaded.diagnostics] == [
        f"{path}:1:9: error: argmap: unsupported format version 2; this argmap reads 'argmap: 1'"
    ]


def test_missing_version(write_map):
    loaded, lines = problems(write_map, "claims:\n  a: {kind: conclusion, text: A}\n")
    path = write_map("title: T\nclaims:\n  a: {kind: conclusion, text: A}\n")
    assert "missing required field 'argmap'" in str(load(path).diagnostics[0])


def test_attack_cycles_are_legal(write_map):
    loaded, lines = problems(
        write_map,
        """
        claims:
          a: {kind: conclusion, text: A}
          c: {kind: counterpoint, text: C, attacks: [a, r]}
          r: {kind: rebuttal, text: R, attacks: [c]}
        """,
    )
    assert loaded.ok, lines
    assert lines == []


def test_all_problems_reported_in_one_run_sorted_by_line(write_map):
    loaded, lines = problems(
        write_map,
        """
        claims:
          a: {kind: conclusion, text: A, strength: 2}
          p: {kind: premise, text: P, supports: [zz], color: red}
          p: {kind: premise, text: Q, supports: [a]}
          c: {kind: counterpoint, text: ""}
        """,
    )
    numbers = [int(line.split(":")[0]) for line in lines]
    assert numbers == sorted(numbers)
    assert len(lines) >= 5, lines
    assert set(numbers) >= {4, 5, 6, 7}


def test_quote_not_in_source_is_a_warning(write_map):
    loaded, lines = problems(
        write_map,
        """
        sources:
          s: {title: S, file: s.txt}
        claims:
          a: {kind: conclusion, text: A, quote: {source: s, text: "it’s   “here”"}}
          b: {kind: conclusion, text: B, quote: {source: s, text: not there}}
        """,
        {"s.txt": "Yes, it's\n\"here\" indeed."},
    )
    assert loaded.ok
    assert lines == [
        "7:59: warning: claim 'b', quote.text: quote not found in source 's' (s.txt); copy it verbatim from the source"
    ]


def test_missing_source_file_is_a_warning(write_map):
    loaded, lines = problems(
        write_map,
        """
        sources:
          s: {title: S, file: gone.txt}
        claims:
          a: {kind: conclusion, text: A, quote: {source: s, text: x}}
        """,
    )
    assert loaded.ok
    assert lines == ["4:23: warning: source 's', file: source file 'gone.txt' not found; its quotes cannot be checked"]


def test_source_file_link_leaving_the_folder_is_an_error(write_map, tmp_path):
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("secret", encoding="utf-8")
    (tmp_path / "inner").mkdir()
    (tmp_path / "inner" / "link.txt").symlink_to(outside)
    loaded, lines = problems(
        write_map,
        """
        sources:
          s: {title: S, file: link.txt}
        claims:
          a: {kind: conclusion, text: A, quote: {source: s, text: secret}}
        """.replace("link.txt", "link.txt"),
    )
    path = write_map(
        HEAD + "sources:\n  s: {title: S, file: link.txt}\nclaims:\n  a: {kind: conclusion, text: A}\n",
        name="inner/map.yaml",
    )
    loaded = load(path)
    assert not loaded.ok
    assert "leaves the map's folder (through a link)" in str(loaded.diagnostics[0])


def test_valid_map_loads_exactly(small_map):
    loaded = load(small_map)
    assert loaded.ok, loaded.diagnostics
    m = loaded.map
    assert list(m.claims) == ["thesis", "p1", "c1", "u1"]
    assert m.claims["p1"].quote.locator == "para 1"
    assert m.claims["u1"].undercuts[0].from_ == "p1"
    assert m.claims["thesis"].strength == 0.5
    assert loaded.diagnostics == []


def test_supporting_and_attacking_the_same_claim(write_map):
    loaded, lines = problems(
        write_map,
        """
        claims:
          a: {kind: conclusion, text: A}
          p: {kind: premise, text: P, supports: [a], attacks: [a]}
        """,
    )
    assert any(line.startswith("5:56: error: claim 'p', attacks[0]: 'a' is both supported and attacked") for line in lines), lines


def test_undercutting_its_own_link(write_map):
    loaded, lines = problems(
        write_map,
        """
        claims:
          a: {kind: conclusion, text: A}
          p: {kind: premise, text: P, supports: [a], undercuts: [{from: p, to: a}]}
        """,
    )
    assert any("undercuts[0]: a claim cannot undercut its own supports link" in line for line in lines), lines


def test_control_characters_are_refused(write_map):
    loaded, lines = problems(
        write_map,
        """
        claims:
          a: {kind: conclusion, text: "clear \\e[2J screen", tags: ["\\x07bell"]}
        """,
    )
    assert any("text: contains the control character U+001B at position 7" in line for line in lines), lines
    assert any("tags[0]: contains the control character U+0007" in line for line in lines), lines


def test_positions_count_only_newlines(write_map):
    path = write_map('argmap: 1\ntitle: "a\u2028b\u2029c\x85d"\nclaims:\n  a: {kind: conclusion, text: A, strength: 2}\n')
    (d,) = load(path).diagnostics
    assert (d.line, d.col) == (4, 44)


def test_many_unknown_references(write_map):
    """Each gets an error; only the first 50 get a suggestion (difflib over
    thousands of ids for thousands of references was quadratic)."""
    lines = ["argmap: 1", "title: T", "claims:", "  root: {kind: conclusion, text: R}"]
    lines += [f"  p{i}: {{kind: premise, text: P, supports: [missing-{i}]}}" for i in range(3000)]
    path = write_map("\n".join(lines) + "\n")
    loaded = load(path)
    assert len(loaded.errors) == 3000


# -- the incremental check of an edit ----------------------------------------------------


def _random_edit(m, rnd):
    """A random edit of ``m``: links rewired (to known, unknown or the claim
    itself), a claim deleted without its references, a claim added, kinds
    changed; often one that breaks a rule."""
    from argmap.model import Kind, Undercut
    from argmap.model.ops import Batch, PutClaim

    ids = list(m.claims)
    pick = lambda: rnd.choice(ids + ["nowhere"]) if rnd.random() < 0.97 else "nowhere"  # noqa: E731
    ops = []
    for _ in range(rnd.randint(1, 3)):
        cid = rnd.choice(ids)
        c = m.claims[cid]
        what = rnd.randrange(6)
        if what == 0:
            ops.append(PutClaim(cid, None))
        elif what == 1:
            ops.append(PutClaim(cid, c.model_copy(update={"supports": [pick() for _ in range(rnd.randint(0, 2))]})))
        elif what == 2:
            ops.append(PutClaim(cid, c.model_copy(update={"attacks": [pick() for _ in range(rnd.randint(0, 2))]})))
        elif what == 3:
            ops.append(PutClaim(cid, c.model_copy(update={"kind": rnd.choice(list(Kind))})))
        elif what == 4:
            ops.append(PutClaim(cid, c.model_copy(update={"undercuts": [Undercut.model_validate({"from": pick(), "to": pick()})]})))
        else:
            new = f"new-{rnd.randrange(10**6)}"
            ops.append(PutClaim(new, c.model_copy(update={"supports": [pick()], "attacks": []})))
    return Batch(tuple(ops)) if len(ops) > 1 else ops[0]


def test_incremental_check_of_an_edit_finds_what_the_whole_check_finds():
    """An edit of a valid map is checked only where it can have broken a
    rule; over random edits (links to unknown claims, deletions that leave
    references dangling, cycles of supports, kinds without their links), the
    edit is refused exactly when the whole map's check finds a new error,
    with the same problems."""
    import random

    from argmap.bundled import bundled_map
    from argmap.model.ops import OpError, apply_checked
    from argmap.model.rules import check

    base = load(bundled_map()).map
    assert base is not None
    rnd = random.Random(7)
    refused = 0
    for _ in range(400):
        m = base.model_copy(update={"claims": dict(base.claims), "sources": dict(base.sources)})
        op = _random_edit(m, rnd)
        # the whole check, as the reference
        ref = m.model_copy(update={"claims": dict(m.claims)})
        op.apply(ref)
        want = sorted(p.message for p in check(ref.claims, ref.sources) if p.is_error)
        try:
            apply_checked(m, op, known_valid=True)
        except OpError as e:
            refused += 1
            assert sorted(p.message for p in e.problems) == want
            assert m.claims == base.claims  # left as it was
        else:
            assert want == []
    assert 100 < refused < 400  # both outcomes were exercised
