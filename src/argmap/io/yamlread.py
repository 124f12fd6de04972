"""A safe, position-aware YAML reader built for argmap maps.

It builds plain Python data straight from the parser's events (libyaml's C
parser when present) instead of composing a node tree first, which is both
faster than ``yaml.load(..., CSafeLoader)`` and safer:

* aliases are refused (no "billion laughs"), at the alias's own position;
* only the core tags are accepted (``!!python/object`` and friends are
  refused and never constructed);
* nesting is bounded (libyaml's composer recurses in C and can crash the
  interpreter on deep input; we stop reading long before);
* duplicate keys are reported (plain PyYAML silently keeps the last);
* mapping keys are read as text, as every key of the format is a name;
* dates and times are kept as the text that was written.

Positions are not recorded on the fast path.  When something needs to be
located, :func:`read` is called again with ``positions=True`` and returns a
table from document paths to (line, column), both 1-based.

Memory: the fast path reads the file's bytes as they are (given the text,
PyYAML would hold a UTF-8 copy of it for the whole parse), and each mapping
key and short plain value is one string however often it is written (the
names of fields, ids, tags: half the strings of a map).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from ..model.problems import KEY

try:  # libyaml's C parser: the fast path
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: Deepest nesting of mappings and sequences accepted.  A map needs about 6.
MAX_DEPTH = 100

#: Longest run of spaces and tabs, and of blank lines, accepted.  libyaml's
#: scanner keeps such a run in a buffer that it clears (all of it) at every
#: later space or line break of the same scalar, so a long run makes reading
#: quadratic: 2,000,000 spaces followed by words took over a minute.  With
#: runs capped, no file under the size limit takes more than a few seconds.
MAX_BLANK_RUN = 1000

_T = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    _T + t for t in ("str", "int", "float", "bool", "null", "timestamp")
)
MAP, SEQ = _T + "map", _T + "seq"
_SCALAR_TAGS = {STR, INT, FLOAT, BOOL, NULL, TIMESTAMP}

_RESOLVERS: dict[str, list[tuple[str, Any]]] = Resolver.yaml_implicit_resolvers
_ctor = SafeConstructor()
_CONSTRUCT = {
    INT: _ctor.construct_yaml_int,
    FLOAT: _ctor.construct_yaml_float,
    BOOL: _ctor.construct_yaml_bool,
    NULL: _ctor.construct_yaml_null,
}


class YamlError(Exception):
    """The text cannot be read as an argmap YAML document."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(f"{line}:{col}: {message}")
        self.line, self.col, self.message = line, col, message


@dataclass
class Read:
    data: Any
    #: Keys met a second time in one mapping: (path of the key, line, col).
    duplicates: list[tuple[tuple[Any, ...], int, int]] = field(default_factory=list)
    #: path -> (line, col) of the value; path + (KEY,) -> of its key.
    positions: dict[tuple[Any, ...], tuple[int, int]] = field(default_factory=dict)


class _Lines:
    """1-based (line, column) of a character index.  YAML parsers also count
    U+0085, U+2028 and U+2029 as line breaks; editors count only newlines,
    so positions are computed from the mark's index, not its line.

    Without the text (reading bytes), every position is (0, 0): see :func:`read`."""

    def __init__(self, text: str | None) -> None:
        self.text = text
        self._starts: list[int] | None = None

    def __call__(self, mark: Any) -> tuple[int, int]:
        return self.at(mark.index)

    def at(self, index: int) -> tuple[int, int]:
        if self.text is None:
            return UNKNOWN
        if self._starts is None:
            self._starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        line = bisect.bisect_right(self._starts, index)
        return line, index - self._starts[line - 1] + 1


def implicit_tag(value: str) -> str | None:
    """The tag YAML gives ``value`` written plain, or None for plain text."""
    for tag, regexp in _RESOLVERS.get(value[:1], ()) if value else _RESOLVERS.get("", ()):
        if regexp.match(value):
            return tag
    return None


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_T) :] if tag.startswith(_T) else tag


def _refuse_anchor(ev: Any, _pos: _Lines) -> None:
    raise YamlError(
        *_pos(ev.start_mark),
        f"YAML anchor '&{ev.anchor}' is not allowed in a map (nor are aliases); remove it",
    )


def _scalar(ev: ScalarEvent, _pos: _Lines) -> Any:
    value = ev.value
    tag = ev.tag
    if tag is None:
        if not ev.implicit[0]:  # quoted or block scalar
            return value
        tag = implicit_tag(value)
        if tag is None:
            return value
    elif tag == "!":
        return value
    elif tag not in _SCALAR_TAGS:
        raise YamlError(
            *_pos(ev.start_mark),
            f"YAML tag {_tag_name(tag)} is not allowed in a map "
            "(only plain values, lists and mappings); remove the tag",
        )
    construct = _CONSTRUCT.get(tag)
    if construct is None:  # str, timestamp (kept as written), merge '<<', value '='
        return value
    try:
        return construct(ScalarNode(tag, value))
    except (ValueError, TypeError, KeyError, IndexError):
        raise YamlError(
            *_pos(ev.start_mark), f"'{value}' is not a valid {_tag_name(tag)}"
        ) from None


def _resolve(ev: ScalarEvent, _pos: _Lines, resolved: dict[str, Any]) -> Any:
    """:func:`_scalar`, remembering the value of a short plain scalar
    (numbers, tags and names repeat through a map)."""
    value = _scalar(ev, _pos)
    if ev.tag is None and len(ev.value) <= 32 and len(resolved) < 4096:
        resolved[ev.value] = value
    return value


def _check_runs(text: str | bytes, _pos: _Lines) -> None:
    """Refuse the runs of blanks that make libyaml's scanner quadratic
    (see :data:`MAX_BLANK_RUN`).  Linear: only ``str.find`` and ``translate``."""
    limit = MAX_BLANK_RUN
    if len(text) <= limit:
        return
    if isinstance(text, bytes):  # where and how long is told when the text is read
        spaced = text.translate(_TABS_AS_SPACES_B) if b"\t" in text else text
        if b" " * (limit + 1) in spaced or b"\n" * (limit + 1) in text.translate(None, b" \t\r"):
            raise YamlError(*UNKNOWN, "a long run of blanks")
        return
    spaces = text.translate(_TABS_AS_SPACES) if "\t" in text else text
    at = spaces.find(" " * (limit + 1))
    if at >= 0:
        end = _SPACES.match(spaces, at).end()  # type: ignore[union-attr]
        line, col = _pos.at(at)
        raise YamlError(
            line, col,
            f"{end - at:,} spaces or tabs in a row on line {line}; a map may have at most "
            f"{limit:,} in a row (longer runs make reading very slow): shorten the run",
        )
    # as bytes: str.translate is slow on text that is not all ASCII
    squeezed = text.encode("utf-8", "surrogatepass").translate(None, b" \t\r")
    at = squeezed.find(b"\n" * (limit + 1))
    if at >= 0:
        line = squeezed.count(b"\n", 0, at) + 2  # the first blank line
        raise YamlError(
            line, 1,
            f"more than {limit:,} blank lines in a row from line {line}; a map may have at most "
            f"{limit:,} in a row (longer runs make reading very slow): remove them",
        )


_SPACES = re.compile(" +")
_TABS_AS_SPACES = str.maketrans("\t", " ")
_TABS_AS_SPACES_B = bytes.maketrans(b"\t", b" ")

#: The position of everything read from bytes (see :func:`read`).
UNKNOWN = (0, 0)
#: Plain values up to this long are kept once however often they are written.
_SHARED_LEN = 40


def read(text: str | bytes, *, positions: bool = False) -> Read:
    """Read one YAML document of plain data.  Raises :class:`YamlError`.

    ``text`` may be the UTF-8 bytes of the text (valid UTF-8, which the
    caller has checked): the same data is read with less memory, but nothing
    can be located: the errors and duplicate keys are at :data:`UNKNOWN`, and
    ``positions`` must be false.  Read the text to locate them."""
    if positions and isinstance(text, bytes):
        raise ValueError("positions are read from the text, not its bytes")
    _pos = _Lines(text if isinstance(text, str) else None)
    _check_runs(text, _pos)
    out = Read(data=None)
    dups = out.duplicates
    pos_table = out.positions
    # The open container is kept in locals (the enclosing ones on ``stack``):
    # ``cur`` (None before the root), its path, whether it is a mapping, and
    # the mapping's pending key (_NOKEY when the next scalar is a key, _DUP
    # when the value of a duplicate key is to be dropped).
    stack: list[tuple[Any, tuple[Any, ...], bool]] = []
    cur: Any = None
    cur_path: tuple[Any, ...] = ()
    cur_map = False
    cur_key: Any = _NOKEY
    have_root = False
    documents = 0
    # libyaml's parser, driven directly: get_event() once per event (rather
    # than the yaml.parse generator's check_event(), get_event() and yield)
    loader = _Loader(text)
    get_event = loader.get_event
    resolvers = _RESOLVERS
    resolved: dict[str, Any] = {}  # short plain values read so far -> their value
    shared: dict[str, str] = {}  # keys and short plain strings: one object each
    share = shared.setdefault
    try:
        while True:
            ev: Any = get_event()
            cls = ev.__class__
            if cls is ScalarEvent:
                if ev.anchor is not None:
                    _refuse_anchor(ev, _pos)
                tag = ev.tag
                if cur_map:
                    if cur_key is _NOKEY:  # a mapping key
                        if tag is not None and tag not in ("!", STR):
                            raise YamlError(
                                *_pos(ev.start_mark),
                                f"YAML tag {_tag_name(tag)} is not allowed on a key; remove it",
                            )
                        name = ev.value
                        name = share(name, name)
                        if name in cur:
                            dups.append(((*cur_path, name), *_pos(ev.start_mark)))
                            cur_key = _DUP
                        else:
                            cur_key = name
                            if positions:
                                pos_table[(*cur_path, name, KEY)] = _pos(ev.start_mark)
                        continue
                    key = cur_key
                    cur_key = _NOKEY
                    if key is not _DUP:  # a duplicate's value is dropped unread
                        value = ev.value
                        if tag is not None or (ev.implicit[0] and value[:1] in resolvers):
                            # not plain text (the common case); short plain values repeat
                            value = resolved.get(value, _NOKEY) if tag is None else _NOKEY
                            if value is _NOKEY:
                                value = _resolve(ev, _pos, resolved)
                        elif len(value) <= _SHARED_LEN:
                            value = share(value, value)
                        cur[key] = value
                elif cur is not None:
                    value = ev.value
                    if tag is not None or (ev.implicit[0] and value[:1] in resolvers):
                        value = resolved.get(value, _NOKEY) if tag is None else _NOKEY
                        if value is _NOKEY:
                            value = _resolve(ev, _pos, resolved)
                    elif len(value) <= _SHARED_LEN:
                        value = share(value, value)
                    key = len(cur)
                    cur.append(value)
                else:
                    out.data = _scalar(ev, _pos)
                    have_root = True
                    if positions:
                        pos_table[()] = _pos(ev.start_mark)
                    continue
                if positions:
                    pos_table[(*cur_path, key)] = _pos(ev.start_mark)
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                cur, cur_path, cur_map = stack.pop()
                cur_key = _NOKEY  # the parent's key was taken by what just ended
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                if ev.anchor is not None:
                    _refuse_anchor(ev, _pos)
                is_map = cls is MappingStartEvent
                tag = ev.tag
                if tag is not None and tag != "!" and tag != (MAP if is_map else SEQ):
                    raise YamlError(
                        *_pos(ev.start_mark),
                        f"YAML tag {_tag_name(tag)} is not allowed in a map; remove the tag",
                    )
                if len(stack) >= MAX_DEPTH:
                    raise YamlError(
                        *_pos(ev.start_mark),
                        f"nesting deeper than {MAX_DEPTH} levels; a map needs only a few",
                    )
                new: dict[Any, Any] | list[Any] = {} if is_map else []
                if cur_map:
                    if cur_key is _NOKEY:
                        raise YamlError(
                            *_pos(ev.start_mark),
                            "a mapping key must be a plain name, not a list or mapping",
                        )
                    path = (*cur_path, cur_key)
                    if cur_key is not _DUP:  # a duplicate's value is read and dropped
                        cur[cur_key] = new
                        if positions:
                            pos_table[path] = _pos(ev.start_mark)
                elif cur is not None:
                    path = (*cur_path, len(cur))
                    cur.append(new)
                    if positions:
                        pos_table[path] = _pos(ev.start_mark)
                else:
                    out.data = new
                    have_root = True
                    path = ()
                    if positions:
                        pos_table[()] = _pos(ev.start_mark)
                stack.append((cur, cur_path, cur_map))
                cur, cur_path, cur_map, cur_key = new, path, is_map, _NOKEY
            elif cls is AliasEvent:
                raise YamlError(
                    *_pos(ev.start_mark),
                    f"YAML alias '*{ev.anchor}' is not allowed in a map; "
                    "write the value out in full",
                )
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlError(
                        *_pos(ev.start_mark),
                        "a second YAML document ('---'); a map file holds exactly one",
                    )
            elif cls is StreamEndEvent:
                break
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = _pos(mark) if mark is not None else (1, 1)
        what = " ".join(x for x in (e.problem, e.context) if x)
        raise YamlError(line, col, f"YAML syntax error: {what}") from None
    except yaml.reader.ReaderError as e:
        line, col = _pos.at(e.position)
        raise YamlError(
            line, col, f"character {e.character!r} is not allowed in YAML: {e.reason}"
        ) from None
    except yaml.YAMLError as e:  # any other parser complaint
        raise YamlError(1, 1, f"YAML error: {e}") from None
    finally:
        loader.dispose()
    if not have_root:
        raise YamlError(1, 1, EMPTY)
    return out


#: What an empty map file is told.
EMPTY = "the file is empty; a map starts with 'argmap: 1', 'title:' and 'claims:'"


def comment_lines(text: str, after: int = 0) -> list[int]:
    """Lines (1-based) of the YAML comments in ``text`` from index ``after``
    on: a ``#`` at a line's start or after white space, outside any scalar."""
    hashes = [m.start() for m in re.finditer(r"(?:^|(?<=[ \t]))#", text[after:], re.M)]
    if not hashes:
        return []
    hashes = [h + after for h in hashes]
    spans: list[tuple[int, int]] = []
    events = yaml.parse(text, Loader=_Loader)
    try:
        for ev in events:
            if ev.__class__ is ScalarEvent and ev.start_mark is not None and ev.end_mark is not None:
                spans.append((ev.start_mark.index, ev.end_mark.index))
    except yaml.YAMLError:
        return []
    finally:
        # yaml.parse is a generator (closing it frees libyaml's parser); the stub says Iterator
        events.close()  # type: ignore[attr-defined]
    starts = [a for a, _ in spans]
    lines = _Lines(text)
    out: list[int] = []
    for h in hashes:
        i = bisect.bisect_right(starts, h) - 1
        if i >= 0 and spans[i][0] <= h < spans[i][1]:
            continue  # part of a value
        line = lines.at(h)[0]
        if not out or out[-1] != line:
            out.append(line)
    return out


class _Marker:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


_NOKEY = _Marker("NOKEY")
_DUP = _Marker("DUP")
