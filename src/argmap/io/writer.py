"""The canonical YAML form of a map.

One form for every map: keys in the format's order, block style, two-space
indents (list items indented under their key), UTF-8 written as is, fields
at their default left out, no line folding.  A string is written plain when
YAML reads it back as the same text, as a literal block (``|``) when it has
line breaks that a block keeps exactly, and double-quoted otherwise.

The emitter is argmap's own: the structure of a map is fixed, so writing it
directly is several times faster than PyYAML's emitter and gives the same
bytes wherever argmap runs (with or without libyaml).  ``load(dump(m)) == m``
and ``dump`` is idempotent; both are property-tested.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any

from pydantic import BaseModel

from ..model import Annotation, ArgMap, Cite, Claim, Quote, Source, Undercut
from ..model.giveway import give_way
from .yamlread import TIMESTAMP, implicit_tag

_UNSAFE_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@` \t")
# Characters that may stand unescaped in a plain scalar (printable, no line
# breaks, no tab, no byte-order mark).
_PLAIN_CHARS = re.compile(
    "[\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*"
)
# Characters a double-quoted scalar must escape.
_DQ_ESCAPE = re.compile('["\\\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]')
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\x00": "\\0", '"': '\\"', "\\": "\\\\"}


def _plain_ok(value: str, allow_timestamp: bool = False) -> bool:
    if not value or value[0] in _UNSAFE_FIRST or value[-1] in " \t:":
        return False
    if ": " in value or " #" in value or not _PLAIN_CHARS.fullmatch(value):
        return False
    tag = implicit_tag(value)
    return tag is None or (allow_timestamp and tag == TIMESTAMP)


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    named = _NAMED.get(ch)
    if named:
        return named
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def quoted(value: str) -> str:
    return '"' + _DQ_ESCAPE.sub(_escape, value) + '"'


def _literal_ok(value: str) -> bool:
    if "\n" not in value or "\r" in value or not value.strip("\n"):
        return False
    for line in value.split("\n"):
        if line and (line[0] in " \t" or line[-1] in " \t" or not _PLAIN_CHARS.fullmatch(line)):
            return False
    return True


def scalar(value: str, indent: int, *, allow_timestamp: bool = False) -> str:
    """``value`` as it follows ``key: `` on a line indented by ``indent``."""
    if _plain_ok(value, allow_timestamp):
        return value
    if _literal_ok(value):
        body = value.rstrip("\n")
        trailing = len(value) - len(body)
        chomp = "-" if trailing == 0 else "" if trailing == 1 else "+"
        pad = " " * (indent + 2)
        lines = [pad + line if line else "" for line in body.split("\n")]
        lines += [""] * (trailing - 1)
        return f"|{chomp}\n" + "\n".join(lines)
    return quoted(value)


def key(name: str) -> str:
    return name if _plain_ok(name) else quoted(name)


def _float(x: float) -> str:
    text = repr(float(x))
    if "." not in text and "e" in text:  # 1e-05 -> 1.0e-05, so YAML reads a float
        text = text.replace("e", ".0e", 1)
    return text


#: The format's order of each model's fields.  Every field of a model must
#: have its place here (tests/test_roundtrip.py checks); a field of a model
#: derived from one of these that is not listed is written after the listed
#: ones, in the order the model declares them, so nothing is ever dropped.
ORDER: dict[type[BaseModel], tuple[str, ...]] = {
    ArgMap: ("argmap", "title", "description", "sources", "claims"),
    Source: ("title", "author", "publisher", "date", "url", "accessed", "file"),
    Claim: (
        "kind", "label", "text", "supports", "attacks", "undercuts", "quote", "cites", "tags", "strength",
        "annotations",
    ),
    Quote: ("source", "text", "locator"),
    Cite: ("source", "locator"),
    Undercut: ("from_", "to"),
    Annotation: ("text", "by", "at"),
}
#: Text fields that may be written as a plain YAML timestamp (the reader
#: keeps timestamps as text).
TIMESTAMP_FIELDS = {(Source, "date"), (Source, "accessed"), (Annotation, "at")}

_REQUIRED, _NONE, _EMPTY, _EQUAL = range(4)
_plans: dict[tuple[type[BaseModel], int], list[tuple[str, str, int, Any, bool]]] = {}


def fields_in_order(cls: type[BaseModel]) -> list[str]:
    """The fields of ``cls`` in the order they are written."""
    order = next((ORDER[k] for k in cls.__mro__ if k in ORDER), ())
    unknown = [n for n in order if n not in cls.model_fields]
    if unknown:
        raise TypeError(f"writer: {cls.__name__} has no field {', '.join(unknown)}; update ORDER")
    return [*order, *(n for n in cls.model_fields if n not in order)]


def _plan(cls: type[BaseModel], indent: int) -> list[tuple[str, str, int, Any, bool]]:
    """For each field of ``cls`` in order: its attribute, its ``key:`` at
    ``indent``, how its default is told, the default, and whether it may be
    a plain timestamp."""
    plan = _plans.get((cls, indent))
    if plan is None:
        plan = []
        for name in fields_in_order(cls):
            info = cls.model_fields[name]
            if info.is_required():
                mode, default = _REQUIRED, None
            else:
                default = info.get_default(call_default_factory=True)
                mode = _NONE if default is None else _EMPTY if default in ([], {}) else _EQUAL
            ts = any((k, name) in TIMESTAMP_FIELDS for k in cls.__mro__)
            plan.append((name, f"{' ' * indent}{key(info.alias or name)}:", mode, default, ts))
        _plans[(cls, indent)] = plan
    return plan


def _value(v: Any, indent: int, ts: bool) -> str:
    """A scalar as it follows ``key: `` (or ``- ``) at ``indent``."""
    if isinstance(v, Enum):
        v = v.value
    if isinstance(v, str):
        return scalar(v, indent, allow_timestamp=ts)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return _float(v)
    if isinstance(v, int):
        return str(v)
    raise TypeError(f"writer: cannot write a {type(v).__name__}; teach io/writer.py its form")


#: What :func:`dump` wrote for each entry of a map's dicts (claims, sources):
#: ``field -> key -> (the value written, its lines joined)``.
DumpCache = dict[str, dict[str, tuple[BaseModel, str]]]


def _fields(out: list[str], obj: BaseModel, indent: int, cache: DumpCache | None = None) -> None:
    """The fields of ``obj`` that are not at their default, in order
    (with ``cache``, an entry of a dict field that is the same object as
    last time is not written again: its lines are reused)."""
    add = out.append
    for name, prefix, mode, default, ts in _plan(type(obj), indent):
        v = getattr(obj, name)
        if mode and (v is None if mode == _NONE else not v if mode == _EMPTY else v == default):
            continue
        if type(v) is str:
            add(f"{prefix} {scalar(v, indent, allow_timestamp=ts)}")
        elif isinstance(v, BaseModel):
            add(prefix)
            _fields(out, v, indent + 2)
        elif isinstance(v, list):
            if not v:
                add(prefix + " []")
                continue
            add(prefix)
            dash = " " * (indent + 2) + "- "
            for x in v:
                if isinstance(x, BaseModel):
                    start = len(out)
                    _fields(out, x, indent + 4)
                    if len(out) == start:
                        add(dash + "{}")
                    else:  # the item's first field goes on the dash's line
                        out[start] = dash + out[start][indent + 4 :]
                else:
                    add(dash + _value(x, indent + 2, ts))
        elif isinstance(v, dict):
            if not v:
                add(prefix + " {}")
                continue
            add(prefix)
            pad = " " * (indent + 2)
            kept = None if cache is None else cache.setdefault(name, {})
            for dk, dv in v.items():
                if kept is not None:
                    hit = kept.get(dk)
                    if hit is not None and hit[0] is dv:
                        add(hit[1])  # its lines, joined: one string a claim
                        continue
                if isinstance(dv, BaseModel):
                    # (the recovery file is written in a thread: it pauses while a key is drawn)
                    give_way()
                    # its lines, joined at once: one string a claim, not one a
                    # line (a million lines of strings took twice the text's memory)
                    lines = [f"{pad}{key(dk)}:"]
                    _fields(lines, dv, indent + 4)
                    entry = "\n".join(lines)
                    if kept is not None:
                        kept[dk] = (dv, entry)
                    add(entry)
                else:
                    add(f"{pad}{key(dk)}: {_value(dv, indent + 2, ts)}")
        else:
            add(f"{prefix} {_value(v, indent, ts)}")


def dump(m: ArgMap, header: str = "", cache: DumpCache | None = None) -> str:
    """The canonical text of ``m``, after ``header`` (comment lines kept from
    the top of the file, see :attr:`Loaded.header`).

    ``cache`` (a dict kept between calls, for maps whose claims and sources
    are replaced, never changed in place, as the edit operations do): a
    claim or source that is the same object as at the last call is not
    written again, its text is reused; a 10,000-claim map with one claim
    edited is written about ten times as fast."""
    out: list[str] = []
    _fields(out, m, 0, cache)
    out[0] = header + out[0]
    out.append("")
    return "\n".join(out)
