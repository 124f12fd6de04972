"""A fast check of a map that is valid, without pydantic.

:func:`light_map` reads the plain data of a map (as the YAML reader built it)
and returns light objects with the same fields as the pydantic models, when
every field is certainly valid; otherwise it returns None and the caller
validates with the models (:mod:`.schema`), which say what is wrong.  It
accepts only a subset of what the models accept (exact types: a ``str``, a
``list``, an ``int`` 1), so whatever it accepts the models accept too, with
the same values.  The cross-claim rules (:mod:`.rules`) run on these objects
as they run on the models.

Why: importing pydantic and building the models' validators costs more
than checking a whole small map, and a command that only checks a map (``argmap
validate``) never needs the models.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from .fields import _CONTROL, _LONG_RUN, DEFAULT_STRENGTH, MAX_TEXT_RUN, Kind

#: An id, as the models' pattern reads it (``$`` there is the end of the text).
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
#: Something besides white space.
_NONBLANK = re.compile(r"\S")
_KINDS = {k.value: k for k in Kind}

_MAP_KEYS = frozenset({"argmap", "title", "description", "sources", "claims"})
_SOURCE_KEYS = frozenset({"title", "author", "publisher", "date", "url", "accessed", "file"})
_CLAIM_KEYS = frozenset(
    {"kind", "label", "text", "supports", "attacks", "undercuts", "quote", "cites", "tags", "strength",
     "annotations"}
)
_QUOTE_KEYS = frozenset({"source", "text", "locator"})
_CITE_KEYS = frozenset({"source", "locator"})
_UNDERCUT_KEYS = frozenset({"from", "to"})
_ANNOTATION_KEYS = frozenset({"text", "by", "at"})


class LightSource:
    __slots__ = ("title", "author", "publisher", "date", "url", "accessed", "file")

    title: str
    author: str | None
    publisher: str | None
    date: str | None
    url: str | None
    accessed: str | None
    file: str | None


class LightQuote:
    __slots__ = ("source", "text", "locator")

    def __init__(self, source: str, text: str, locator: str | None) -> None:
        self.source, self.text, self.locator = source, text, locator


class LightCite:
    __slots__ = ("source", "locator")

    def __init__(self, source: str, locator: str | None) -> None:
        self.source, self.locator = source, locator


class LightUndercut:
    __slots__ = ("from_", "to")

    def __init__(self, from_: str, to: str) -> None:
        self.from_, self.to = from_, to


class LightAnnotation:
    __slots__ = ("text", "by", "at")

    def __init__(self, text: str, by: str | None, at: str | None) -> None:
        self.text, self.by, self.at = text, by, at


class LightClaim:
    __slots__ = (
        "kind", "label", "text", "supports", "attacks", "undercuts", "quote", "cites", "tags", "strength",
        "annotations",
    )

    kind: Kind
    label: str | None
    text: str
    supports: list[str]
    attacks: list[str]
    undercuts: list[LightUndercut]
    quote: LightQuote | None
    cites: list[LightCite]
    tags: list[str]
    strength: float
    annotations: list[LightAnnotation]


class LightMap:
    __slots__ = ("argmap", "title", "description", "sources", "claims")

    def __init__(
        self, title: str, description: str | None, sources: dict[str, LightSource], claims: dict[str, LightClaim]
    ) -> None:
        self.argmap = 1
        self.title, self.description, self.sources, self.claims = title, description, sources, claims

    def model_copy(self, *, update: dict[str, Any]) -> LightMap:
        """A shallow copy with the fields in ``update`` replaced (as the model's)."""
        fields = {k: getattr(self, k) for k in ("title", "description", "sources", "claims")}
        return LightMap(**{**fields, **update})


class _Invalid(Exception):
    """Not certainly valid: the models must say."""


def _str(v: Any) -> str:
    if (
        v.__class__ is not str
        or _CONTROL.search(v)
        or (len(v) > MAX_TEXT_RUN and _LONG_RUN.search(v))
    ):
        raise _Invalid
    return v


def _opt_str(v: Any) -> str | None:
    return None if v is None else _str(v)


def _text(v: Any) -> str:
    s = _str(v)
    if _NONBLANK.search(s):
        return s
    raise _Invalid


def _opt_text(v: Any) -> str | None:
    return None if v is None else _text(v)


def _id(v: Any) -> str:
    if v.__class__ is str and _ID.match(v):
        return v
    raise _Invalid


def _ids(v: Any) -> list[str]:
    if v.__class__ is not list:
        raise _Invalid
    for x in v:
        if x.__class__ is not str or not _ID.match(x):
            raise _Invalid
    return v


def _opt_timestamp(v: Any) -> str | None:
    if v is None:
        return None
    s = _str(v)
    try:
        datetime.fromisoformat(s)
    except ValueError:
        raise _Invalid from None
    return s


def _dict(v: Any, keys: frozenset[str]) -> dict[str, Any]:
    if v.__class__ is not dict or not keys.issuperset(v):
        raise _Invalid
    return v


def _list(v: Any) -> list[Any]:
    if v.__class__ is not list:
        raise _Invalid
    return v


def _source(body: Any) -> LightSource:
    d = _dict(body, _SOURCE_KEYS)
    s = LightSource()
    s.title = _text(d.get("title"))
    s.author = _opt_str(d.get("author"))
    s.publisher = _opt_str(d.get("publisher"))
    s.date = _opt_str(d.get("date"))
    s.url = _opt_str(d.get("url"))
    s.accessed = _opt_timestamp(d.get("accessed"))
    s.file = _opt_str(d.get("file"))
    return s


def _claim(body: Any) -> LightClaim:
    if body.__class__ is not dict or not _CLAIM_KEYS.issuperset(body):
        raise _Invalid
    d: dict[str, Any] = body
    c = LightClaim()
    kind = d.get("kind")
    if kind.__class__ is not str or kind not in _KINDS:
        raise _Invalid
    c.kind = _KINDS[kind]
    c.text = _text(d.get("text"))
    c.label = _text(v) if (v := d.get("label")) is not None else None
    c.supports = _ids(d["supports"]) if "supports" in d else _NO_ITEMS
    c.attacks = _ids(d["attacks"]) if "attacks" in d else _NO_ITEMS
    undercuts = _NO_ITEMS
    if "undercuts" in d:
        undercuts = []
        for u in _list(d["undercuts"]):
            u = _dict(u, _UNDERCUT_KEYS)
            if len(u) != 2:
                raise _Invalid
            undercuts.append(LightUndercut(_id(u["from"]), _id(u["to"])))
    c.undercuts = undercuts
    q = d.get("quote")
    if q is None:
        c.quote = None
    else:
        q = _dict(q, _QUOTE_KEYS)
        c.quote = LightQuote(_id(q.get("source")), _text(q.get("text")), _opt_str(q.get("locator")))
    cites = _NO_ITEMS
    if "cites" in d:
        cites = []
        for ct in _list(d["cites"]):
            ct = _dict(ct, _CITE_KEYS)
            cites.append(LightCite(_id(ct.get("source")), _opt_str(ct.get("locator"))))
    c.cites = cites
    if "tags" in d:
        tags = _list(d["tags"])
        for t in tags:
            if not _str(t):  # an empty tag
                raise _Invalid
        c.tags = tags
    else:
        c.tags = _NO_ITEMS
    if "strength" in d:
        strength = d["strength"]
        cls = strength.__class__
        if (cls is not float and cls is not int) or not 0.0 <= strength <= 1.0:  # also false for nan
            raise _Invalid
        c.strength = float(strength)
    else:
        c.strength = DEFAULT_STRENGTH
    notes = _NO_ITEMS
    if "annotations" in d:
        notes = []
        for a in _list(d["annotations"]):
            a = _dict(a, _ANNOTATION_KEYS)
            notes.append(LightAnnotation(_text(a.get("text")), _opt_str(a.get("by")), _opt_timestamp(a.get("at"))))
    c.annotations = notes
    return c


#: The value of every empty list field: one list, which no one changes (the
#: light objects are only read, then dropped).  A new empty list for each field
#: of each claim took a fifth of the light objects' memory.
_NO_ITEMS: list[Any] = []


class _None:
    pass


_NONE = _None()


def light_map(raw: Any) -> LightMap | None:
    """The map ``raw`` describes, as light objects, when it is certainly
    valid field by field (the cross-claim rules are not checked); otherwise
    None."""
    try:
        d = _dict(raw, _MAP_KEYS)
        version = d.get("argmap")
        if version.__class__ is not int or version != 1:
            raise _Invalid
        title = _text(d.get("title"))
        description = _opt_str(d.get("description"))
        sources: dict[str, LightSource] = {}
        for sid, body in _dict(d.get("sources", {}), _ANY_KEYS).items():
            sources[_id(sid)] = _source(body)
        raw_claims = _dict(d.get("claims"), _ANY_KEYS)
        if not raw_claims:
            raise _Invalid
        claims: dict[str, LightClaim] = {}
        for cid, body in raw_claims.items():
            claims[_id(cid)] = _claim(body)
    except _Invalid:
        return None
    return LightMap(title, description, sources, claims)


class _AnyKeys(frozenset[str]):
    def issuperset(self, other: Any) -> bool:
        return True


_ANY_KEYS = _AnyKeys()
