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

from ..model import DEFAULT_STRENGTH, ArgMap, Claim, Source
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


def _source(out: list[str], sid: str, s: Source) -> None:
    out.append(f"  {key(sid)}:")
    out.append(f"    title: {scalar(s.title, 4)}")
    if s.author is not None:
        out.append(f"    author: {scalar(s.author, 4)}")
    if s.date is not None:
        out.append(f"    date: {scalar(s.date, 4, allow_timestamp=True)}")
    if s.url is not None:
        out.append(f"    url: {scalar(s.url, 4)}")
    if s.file is not None:
        out.append(f"    file: {scalar(s.file, 4)}")


def _claim(out: list[str], cid: str, c: Claim) -> None:
    add = out.append
    add(f"  {key(cid)}:")
    add(f"    kind: {c.kind.value}")
    add(f"    text: {scalar(c.text, 4)}")
    if c.supports:
        add("    supports:")
        out.extend(f"      - {scalar(t, 6)}" for t in c.supports)
    if c.attacks:
        add("    attacks:")
        out.extend(f"      - {scalar(t, 6)}" for t in c.attacks)
    if c.undercuts:
        add("    undercuts:")
        for u in c.undercuts:
            add(f"      - from: {scalar(u.from_, 8)}")
            add(f"        to: {scalar(u.to, 8)}")
    if c.quote is not None:
        q = c.quote
        add("    quote:")
        add(f"      source: {scalar(q.source, 6)}")
        add(f"      text: {scalar(q.text, 6)}")
        if q.locator is not None:
            add(f"      locator: {scalar(q.locator, 6)}")
    if c.tags:
        add("    tags:")
        out.extend(f"      - {scalar(t, 6)}" for t in c.tags)
    if c.strength != DEFAULT_STRENGTH:
        add(f"    strength: {_float(c.strength)}")
    if c.annotations:
        add("    annotations:")
        for a in c.annotations:
            add(f"      - text: {scalar(a.text, 8)}")
            if a.by is not None:
                add(f"        by: {scalar(a.by, 8)}")
            if a.at is not None:
                add(f"        at: {scalar(a.at, 8, allow_timestamp=True)}")


def dump(m: ArgMap, header: str = "") -> str:
    """The canonical text of ``m``, after ``header`` (comment lines kept from
    the top of the file, see :attr:`Loaded.header`)."""
    out = [header + f"argmap: {m.argmap}", f"title: {scalar(m.title, 0)}"]
    if m.description is not None:
        out.append(f"description: {scalar(m.description, 0)}")
    if m.sources:
        out.append("sources:")
        for sid, s in m.sources.items():
            _source(out, sid, s)
    out.append("claims:")
    for cid, c in m.claims.items():
        _claim(out, cid, c)
    out.append("")
    return "\n".join(out)
