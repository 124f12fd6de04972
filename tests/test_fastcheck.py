"""The fast check of a valid map (no pydantic) accepts only what the models
accept, with the same values for the rules; and checking a valid map never
imports pydantic."""

from __future__ import annotations

import copy
import subprocess
import sys
from typing import Any

import pytest
from pydantic import ValidationError

from argmap.bundled import bundled_map
from argmap.io import yamlread
from argmap.model import ArgMap
from argmap.model.fastcheck import light_map
from argmap.model.rules import check

FULL = """
argmap: 1
title: Every field
description: A map with every field of the format.
sources:
  src:
    title: A source
    author: Someone
    publisher: An outlet
    date: May 2016
    url: https://example.org/a
    accessed: 2026-11-25
    file: source.txt
  other:
    title: Another
claims:
  thesis:
    kind: conclusion
    label: The thesis
    text: The thesis.
    tags: [main]
  p1:
    kind: premise
    text: First premise.
    supports: [thesis]
    quote: {source: src, text: the first premise, locator: para 1}
    cites: [{source: other, locator: p. 2}, {source: src}]
    annotations: [{text: Check this, by: coach, at: "2026-11-25T10:00:00Z"}, {text: Plain}]
  c1:
    kind: counterpoint
    text: An objection.
    attacks: [p1]
    strength: 0.7
  r1:
    kind: rebuttal
    text: A rebuttal.
    attacks: [c1]
    strength: 1
  u1:
    kind: counterpoint
    text: Granted, but it does not follow.
    undercuts: [{from: p1, to: thesis}]
  e1:
    kind: evidence
    text: Some evidence.
    supports: [p1]
    strength: 0
"""

#: Values put in place of each value of the map in turn.
VARIANTS: list[Any] = [
    None, "", " ", "\t\n", "x\x01y", "x\x85y", "a" + " " * 600 + "b", "ok text", "thesis", "p1", "bad id",
    "thesis\n", "-x", "2026-11-25", "not a date", 0, 1, 2, -1, 0.5, 1.5, float("nan"), float("inf"), True,
    False, 1.0, [], ["thesis"], ["bad id"], [1], ["x\x01"], [""], {}, {"from": "p1"}, {"from": "p1", "to": "thesis"},
    {"from_": "p1", "to": "thesis"}, {"source": "src", "text": "t"}, {"text": "t"}, {"title": "T"}, "premise",
    "Premise", "conclusion",
]


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, (*path, i))
    return out


def _mutations(raw: dict[str, Any]):
    for path in _paths(raw):
        if not path:
            continue
        for v in VARIANTS:
            m = copy.deepcopy(raw)
            parent = m
            for p in path[:-1]:
                parent = parent[p]
            parent[path[-1]] = copy.deepcopy(v)
            yield m
    for path in _paths(raw):
        m = copy.deepcopy(raw)
        node = m
        for p in path:
            node = node[p]
        if isinstance(node, dict):
            for key in list(node):  # each key left out
                m2 = copy.deepcopy(m)
                n2 = m2
                for p in path:
                    n2 = n2[p]
                del n2[key]
                yield m2
            for key in ("extra", "from_", "claims", "kind"):  # a key added
                m2 = copy.deepcopy(m)
                n2 = m2
                for p in path:
                    n2 = n2[p]
                if key not in n2:
                    n2[key] = "thesis"
                    yield m2


def _validated(raw: Any) -> ArgMap | None:
    try:
        return ArgMap.model_validate(raw)
    except ValidationError:
        return None


def _full() -> dict[str, Any]:
    import textwrap

    data = yamlread.read(textwrap.dedent(FULL)).data
    assert isinstance(data, dict)
    return data


def _dump(x: Any) -> Any:
    return None if x is None else x.model_dump()


def _ldump(x: Any) -> Any:
    return None if x is None else {f: getattr(x, f) for f in type(x).__slots__}


def test_the_fast_check_accepts_a_map_of_every_field_with_the_models_values():
    raw = _full()
    light = light_map(copy.deepcopy(raw))
    m = ArgMap.model_validate(raw)
    assert light is not None
    assert list(light.claims) == list(m.claims) and list(light.sources) == list(m.sources)
    for cid, c in m.claims.items():
        lc = light.claims[cid]
        for name in type(c).model_fields:
            value, lvalue = getattr(c, name), getattr(lc, name)
            if name in ("undercuts", "cites", "annotations", "quote"):
                if isinstance(value, list):
                    assert [_dump(x) for x in value] == [_ldump(x) for x in lvalue]
                else:
                    assert _dump(value) == _ldump(lvalue)
            else:
                assert value == lvalue and type(value) is type(lvalue), (cid, name)
    for sid, s in m.sources.items():
        assert s.model_dump() == {f: getattr(light.sources[sid], f) for f in type(s).model_fields}


def test_whatever_the_fast_check_accepts_the_models_accept_and_the_rules_agree():
    raw = _full()
    accepted = refused = 0
    for mutated in _mutations(raw):
        light = light_map(copy.deepcopy(mutated))
        m = _validated(mutated)
        if light is None:
            refused += 1
            continue
        accepted += 1
        assert m is not None, mutated
        assert check(light.claims, light.sources) == check(m.claims, m.sources)
    # both sides were exercised: many mutations stay valid, many do not
    assert accepted > 100 and refused > 500


@pytest.mark.parametrize("path", [bundled_map()], ids=["bundled"])
def test_the_bundled_map_takes_the_fast_path(path):
    raw = yamlread.read(path.read_text(encoding="utf-8")).data
    light = light_map(raw)
    assert light is not None
    m = ArgMap.model_validate(raw)
    assert check(light.claims, light.sources) == check(m.claims, m.sources)


def _modules_after(code: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint(sorted(sys.modules))"],
                         capture_output=True, text=True, check=True, timeout=60)
    return eval(out.stdout.strip().splitlines()[-1])  # a list literal of module names


def test_validating_a_valid_map_does_not_import_pydantic(small_map):
    modules = _modules_after(
        "from argmap.cli import main\n"
        f"try:\n    main(['validate', {str(small_map)!r}])\nexcept SystemExit:\n    pass"
    )
    assert [m for m in modules if m.split(".")[0] in ("pydantic", "pydantic_core")] == []


@pytest.mark.parametrize(
    "options",
    [["--json"], [], ["--without", "cp-immediate-steps"], ["--json", "--without-tag", "rhetoric"],
     ["--why", "thesis"], ["--why", "thesis", "--json"]],
    ids=" ".join,
)
def test_analyzing_a_valid_map_reads_the_light_objects(options):
    """analyze reads a map the fast check accepted as it is: no models built, no pydantic."""
    args = ["analyze", str(bundled_map()), *options]
    modules = _modules_after(
        "from argmap.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit as e:\n    assert not e.code, e.code"
    )
    assert [m for m in modules if m.split(".")[0] in ("pydantic", "pydantic_core")] == []


@pytest.mark.parametrize("options", [["--format", "md"], ["--format", "html", "--side", "con"]], ids=" ".join)
def test_a_brief_of_a_valid_map_reads_the_light_objects(options, tmp_path):
    """brief, like analyze and the diagrams, reads a map the fast check
    accepted as it is (at 100,000 claims: 458 -> 365 MiB at its peak)."""
    args = ["brief", str(bundled_map()), *options, "-o", str(tmp_path / "brief.out")]
    modules = _modules_after(
        "from argmap.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit as e:\n    assert not e.code, e.code"
    )
    assert [m for m in modules if m.split(".")[0] in ("pydantic", "pydantic_core")] == []
    assert (tmp_path / "brief.out").read_text(encoding="utf-8").strip()


def test_an_invalid_map_is_still_explained_by_the_models(write_map, cli):
    p = write_map("argmap: 1\ntitle: T\nclaims:\n  a:\n    kind: premis\n    text: A.\n")
    r = cli("validate", str(p))
    assert r.code == 1
    assert "claim 'a', kind:" in r.out and "premise" in r.out


def test_the_parser_offers_every_readable_format():
    from argmap.cli import READABLE_FORMATS
    from argmap.io.formats import READABLE

    assert READABLE_FORMATS == READABLE


def _same_models(a: Any, b: Any, where: str = "map") -> None:
    """Equal values, and equal ``model_fields_set`` at every level."""
    from pydantic import BaseModel

    assert type(a) is type(b), where
    if isinstance(a, BaseModel):
        assert a.model_fields_set == b.model_fields_set, where
        for name in type(a).model_fields:
            _same_models(getattr(a, name), getattr(b, name), f"{where}.{name}")
    elif isinstance(a, dict):
        assert list(a) == list(b), where
        for k in a:
            _same_models(a[k], b[k], f"{where}[{k!r}]")
    elif isinstance(a, list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same_models(x, y, f"{where}[{i}]")
    else:
        assert a == b, where


def test_the_models_made_from_the_fast_check_equal_the_validated_models():
    """A valid map's models are made from the light objects without validating
    again (model.construct): for the map of every field and each mutation the
    fast check accepts, they equal pydantic's, fields set included."""
    from argmap.model.construct import from_light

    made = 0
    raw = _full()
    for mutated in [raw, *_mutations(raw)]:
        light = light_map(copy.deepcopy(mutated))
        if light is None:
            continue
        m = ArgMap.model_validate(mutated)
        built = from_light(light, mutated)
        _same_models(built, m)
        assert built == m and built.model_dump(by_alias=True) == m.model_dump(by_alias=True)
        consumed = from_light(light, copy.deepcopy(mutated), consume=True)
        _same_models(consumed, m)
        assert light.claims == {}  # let go as the models were made
        made += 1
    assert made > 100


def test_a_loaded_map_is_made_from_the_fast_check(tmp_path):
    from argmap.io import load

    text = bundled_map().read_text(encoding="utf-8")
    loaded = load(bundled_map())
    assert loaded.ok and loaded._light is not None  # the fast path was taken
    _same_models(loaded.map, ArgMap.model_validate(yamlread.read(text).data))
