"""The canonical writer: load(dump(m)) == m, dump is idempotent, any text survives."""

from __future__ import annotations

import ast
import string
import typing
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from argmap.io import dump, load_bytes, writer, yamlread
from argmap.model import Annotation, ArgMap, Cite, Claim, Kind, Quote, Source, Undercut

# Any text a map may hold: every code point but surrogates and control
# characters (which the format refuses), tab and newline included.
any_text = st.text(
    st.characters(exclude_categories=("Cs", "Cc"), include_characters="\t\n"), max_size=40
)
nonblank = any_text.filter(lambda s: s.strip() != "")
tricky = st.sampled_from(
    [
        "yes", "no", "null", "~", "1", "0x1F", "1.5", ".inf", "2026-11-25", "2026-11-25T10:00:00Z",
        "- item", "key: value", "a #b", "#x", "[citation needed]", "{a: b}", "*alias", "&anchor",
        "!tag", "|", ">", "'quoted'", '"dq"', "  lead", "trail  ", "multi\nline", "multi\nline\n",
        "x\n\n", "\n\nleading", "tab\there", "ls\u2028x", "ps\u2029x", "bom\ufeffx", "\\", "%x", "@x",
        "`x", "<<", "=", "---", "...", "ל ש״ח עברית", "emoji 🇮🇱🛡️", "zw\u200bj", "rtl\u202eo",
        "a: ", "a:", "?x", ": x", "   ", "\t", "\t\n x",
    ]
)
text = st.one_of(tricky, any_text)
ids = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9_.-]{0,12}\Z")
timestamps = st.sampled_from(
    ["2026-11-25T14:30:00Z", "2026-11-25", "2026-11-25T14:30:00+02:00", "2026-11-25 14:30:00"]
)


def _nonblank(s: str) -> bool:
    return s.strip() != ""


@st.composite
def maps(draw) -> ArgMap:
    source_ids = draw(st.lists(ids, max_size=3, unique=True))
    sources = {
        sid: Source(
            title=draw(text.filter(_nonblank)),
            author=draw(st.none() | text),
            publisher=draw(st.none() | text),
            date=draw(st.none() | timestamps | text),
            url=draw(st.none() | text),
            accessed=draw(st.none() | timestamps),
            file=draw(st.none() | st.just("src/a.txt")),
        )
        for sid in source_ids
    }
    claim_ids = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    claims = {}
    for i, cid in enumerate(claim_ids):
        earlier = claim_ids[:i]
        supports = draw(st.lists(st.sampled_from(earlier), unique=True, max_size=2)) if earlier else []
        claims[cid] = Claim(
            kind=draw(st.sampled_from(list(Kind))),
            label=draw(st.none() | text.filter(_nonblank)),
            text=draw(text.filter(_nonblank)),
            supports=supports,
            attacks=draw(st.lists(st.sampled_from(claim_ids), unique=True, max_size=2)),
            undercuts=[Undercut(**{"from": s, "to": s}) for s in draw(st.lists(st.sampled_from(claim_ids), max_size=1))],
            quote=(
                Quote(source=draw(st.sampled_from(source_ids)), text=draw(text.filter(_nonblank)),
                      locator=draw(st.none() | text))
                if source_ids and draw(st.booleans())
                else None
            ),
            cites=[
                Cite(source=draw(st.sampled_from(source_ids)), locator=draw(st.none() | text))
                for _ in range(draw(st.integers(0, 2) if source_ids else st.just(0)))
            ],
            tags=draw(st.lists(text.filter(bool), max_size=3)),
            strength=draw(st.floats(0, 1)),
            annotations=[
                Annotation(text=draw(text.filter(_nonblank)), by=draw(st.none() | text), at=draw(st.none() | timestamps))
                for _ in range(draw(st.integers(0, 2)))
            ],
        )
    return ArgMap(
        argmap=1,
        title=draw(text.filter(_nonblank)),
        description=draw(st.none() | text),
        sources=sources,
        claims=claims,
    )


def reload(text_: str) -> ArgMap:
    """Parse canonical text back into a model (structure only: the rules
    that span claims are not the writer's business)."""
    from argmap.io import yamlread

    return ArgMap.model_validate(yamlread.read(text_).data)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(maps())
def test_roundtrip_and_idempotence(m):
    out = dump(m)
    back = reload(out)
    assert back == m
    assert dump(back) == out


@settings(max_examples=200, deadline=None)
@given(st.lists(text.filter(_nonblank), min_size=1, max_size=5))
def test_any_text_survives_a_full_load(texts):
    claims = {"c0": Claim(kind=Kind.CONCLUSION, text=texts[0])}
    for i, t in enumerate(texts[1:], 1):
        claims[f"c{i}"] = Claim(kind=Kind.PREMISE, text=t, supports=["c0"], tags=[t])
    m = ArgMap(argmap=1, title=texts[-1], description=texts[0], claims=claims)
    loaded = load_bytes(dump(m).encode("utf-8"), "t.yaml")
    assert loaded.ok, loaded.diagnostics
    assert loaded.map == m


def test_canonical_form_looks_as_documented():
    m = ArgMap(
        argmap=1,
        title="T: a title",
        sources={"s": Source(title="S", date="2016-05-04")},
        claims={
            "a": Claim(kind=Kind.CONCLUSION, text="Line one\nline two", strength=0.8),
            "b": Claim(kind=Kind.PREMISE, text="yes", supports=["a"], tags=["x"]),
        },
    )
    assert dump(m) == (
        "argmap: 1\n"
        'title: "T: a title"\n'
        "sources:\n"
        "  s:\n"
        "    title: S\n"
        "    date: 2016-05-04\n"
        "claims:\n"
        "  a:\n"
        "    kind: conclusion\n"
        "    text: |-\n"
        "      Line one\n"
        "      line two\n"
        "    strength: 0.8\n"
        "  b:\n"
        "    kind: premise\n"
        '    text: "yes"\n'
        "    supports:\n"
        "      - a\n"
        "    tags:\n"
        "      - x\n"
    )


def test_ascii_printable_strings_roundtrip_exhaustively():
    """Every one- and two-character printable ASCII string."""
    chars = string.printable.replace("\r", "").replace("\x0b", "").replace("\x0c", "")
    texts = [a + b for a in chars for b in chars] + list(chars)
    texts = [t for t in texts if t.strip()]
    claims = {f"c{i}": Claim(kind=Kind.CONCLUSION, text=t) for i, t in enumerate(texts)}
    m = ArgMap(argmap=1, title="t", claims=claims)
    assert reload(dump(m)) == m


def _models(cls: type[BaseModel], seen: dict[type[BaseModel], None]) -> dict[type[BaseModel], None]:
    """``cls`` and every model its fields hold."""
    seen[cls] = None
    for info in cls.model_fields.values():
        for t in _types(info.annotation):
            if isinstance(t, type) and issubclass(t, BaseModel) and t not in seen:
                _models(t, seen)
    return seen


def _types(annotation) -> list:
    return [annotation, *(t for a in typing.get_args(annotation) for t in _types(a))]


MODELS = list(_models(ArgMap, {}))


def test_every_model_field_has_its_place_in_the_canonical_order():
    assert set(MODELS) == {ArgMap, Source, Claim, Quote, Cite, Undercut, Annotation}
    for cls in MODELS:
        assert sorted(writer.ORDER[cls]) == sorted(cls.model_fields), cls.__name__


def test_the_strategy_draws_every_field():
    """maps() builds each model with every field (so a new one is property-tested)."""
    module = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    tree = next(n for n in module.body if isinstance(n, ast.FunctionDef) and n.name == "maps")
    given: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            names = {k.arg for k in node.keywords if k.arg}
            names |= {k for kw in node.keywords if kw.arg is None and isinstance(kw.value, ast.Dict)
                      for k in (c.value for c in kw.value.keys)}
            given.setdefault(node.func.id, set()).update(names)
    for cls in MODELS:
        fields = {info.alias or name for name, info in cls.model_fields.items()}
        assert given.get(cls.__name__, set()) >= fields, cls.__name__


def test_a_field_the_order_does_not_know_is_written_not_dropped():
    class Claim2(Claim):
        priority: int = 0
        aside: str | None = None

    class ArgMap2(ArgMap):
        claims: dict[str, Claim2]  # type: ignore[assignment]
        venue: str | None = None

    m = ArgMap2(
        argmap=1, title="T", venue="Hall: B",
        claims={"a": Claim2(kind=Kind.CONCLUSION, text="A", priority=3, aside="x\ny", tags=["t"]),
                "b": Claim2(kind=Kind.CONCLUSION, text="B")},
    )
    out = dump(m)
    assert out == (
        "argmap: 1\ntitle: T\nclaims:\n"
        "  a:\n    kind: conclusion\n    text: A\n    tags:\n      - t\n    priority: 3\n    aside: |-\n      x\n      y\n"
        "  b:\n    kind: conclusion\n    text: B\n"
        'venue: "Hall: B"\n'
    )
    assert ArgMap2.model_validate(yamlread.read(out).data) == m


def test_longest_blank_runs_the_model_allows_read_back():
    """The reader refuses runs of more than 1,000 blanks (libyaml is quadratic
    on them); the model allows at most 500, so whatever it accepts, the writer
    writes in a form that reads back, even indented inside a block."""
    from argmap.model.schema import MAX_TEXT_RUN

    text = "a" + " " * MAX_TEXT_RUN + "b\n" + "\n" * (MAX_TEXT_RUN - 1) + "c" + "\t" * MAX_TEXT_RUN + "d"
    m = ArgMap.model_validate({"argmap": 1, "title": "T", "claims": {"a": {"kind": "conclusion", "text": text}}})
    again = load_bytes(dump(m).encode("utf-8"), "m.yaml")
    assert again.ok, [str(d) for d in again.diagnostics]
    assert again.map == m


def test_a_longer_blank_run_is_refused_by_the_edit_not_by_the_next_load(cli, small_map):
    before = small_map.read_bytes()
    r = cli("rebut", str(small_map), "thesis", "a" + " " * 1200 + "b")
    assert r.code == 2, r.both
    assert "blanks or line breaks in a row" in r.err
    assert small_map.read_bytes() == before


def test_dump_with_a_cache_writes_what_dump_writes_after_every_edit():
    """The recovery writer reuses the text of claims an edit left as they
    were: after notes, rebuttals, edits, deletions and undos, the cached text
    is the canonical text, byte for byte."""
    import random

    from argmap.bundled import bundled_map
    from argmap.io import dump, load
    from argmap.model import Kind
    from argmap.model.ops import History, add_claim, delete_claim, note, replace_claim

    m = load(bundled_map()).map
    assert m is not None
    h = History(m, known_valid=True)
    cache: dict = {}
    rnd = random.Random(3)
    assert dump(m, cache=cache) == dump(m)
    for i in range(60):
        ids = list(m.claims)
        cid = rnd.choice(ids)
        what = rnd.randrange(5)
        if what == 0:
            h.do(note(m, cid, f"note {i}"))
        elif what == 1:
            h.do(add_claim(m, Kind.REBUTTAL, f"rebuttal {i}", attacks=[cid])[0])
        elif what == 2:
            h.do(replace_claim(m, cid, m.claims[cid].model_copy(update={"text": f"text {i}"})))
        elif what == 3 and len(ids) > 20:
            h.do(delete_claim(m, cid))
        else:
            h.undo()
        assert dump(m, "# head\n", cache=cache) == dump(m, "# head\n")
