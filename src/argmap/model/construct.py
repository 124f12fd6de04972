"""The models of a map the fast check found valid, built without validating again.

:func:`~argmap.model.fastcheck.light_map` accepts only values the models
accept unchanged, so the models can be made from its light objects directly,
the way pydantic's ``model_construct`` makes them (the same ``__dict__``, the
same fields set) but without its per-field lookups: about three times faster
than ``ArgMap.model_validate`` on the same data (tests check that both give
equal models with equal ``model_fields_set``).
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from .fastcheck import LightClaim, LightMap, LightSource
from .schema import Annotation, ArgMap, Cite, Claim, Quote, Source, Undercut

_M = TypeVar("_M", bound=BaseModel)
_new = object.__new__
_set = object.__setattr__
_UNDERCUT_SET = frozenset({"from_", "to"})


def _made(cls: type[_M], values: dict[str, Any], fields_set: set[str]) -> _M:
    # what BaseModel.model_construct does for a model without extras or private attributes
    m = _new(cls)
    _set(m, "__dict__", values)
    _set(m, "__pydantic_fields_set__", fields_set)
    _set(m, "__pydantic_extra__", None)
    _set(m, "__pydantic_private__", None)
    return m


def _source(s: LightSource, raw: dict[str, Any]) -> Source:
    return _made(
        Source,
        {"title": s.title, "author": s.author, "publisher": s.publisher, "date": s.date, "url": s.url,
         "accessed": s.accessed, "file": s.file},
        set(raw),
    )


def _claim(c: LightClaim, raw: dict[str, Any]) -> Claim:
    q = c.quote
    quote = None if q is None else _made(
        Quote, {"source": q.source, "text": q.text, "locator": q.locator}, set(raw["quote"])
    )
    return _made(
        Claim,
        {
            "kind": c.kind,
            "label": c.label,
            "text": c.text,
            "supports": list(c.supports),
            "attacks": list(c.attacks),
            "undercuts": [_made(Undercut, {"from_": u.from_, "to": u.to}, set(_UNDERCUT_SET)) for u in c.undercuts],
            "quote": quote,
            "cites": [
                _made(Cite, {"source": x.source, "locator": x.locator}, set(r))
                for x, r in zip(c.cites, raw["cites"], strict=True)
            ] if c.cites else [],
            "tags": list(c.tags),
            "strength": c.strength,
            "annotations": [
                _made(Annotation, {"text": a.text, "by": a.by, "at": a.at}, set(r))
                for a, r in zip(c.annotations, raw["annotations"], strict=True)
            ] if c.annotations else [],
        },
        set(raw),
    )


def from_light(light: LightMap, raw: dict[str, Any], *, consume: bool = False) -> ArgMap:
    """The models of the map ``raw`` (the data :func:`light_map` made
    ``light`` from): equal to ``ArgMap.model_validate(raw)``.  With
    ``consume``, each claim's data and light object are let go as its model
    is made (``raw`` and ``light`` are left without claims), so that a large
    map is not held three times over."""
    raw_sources = raw.get("sources") or {}
    raw_claims = raw["claims"]
    light_claims = light.claims
    if consume:
        claims = {}
        for cid in list(light_claims):
            claims[cid] = _claim(light_claims.pop(cid), raw_claims.pop(cid))
    else:
        claims = {cid: _claim(c, raw_claims[cid]) for cid, c in light_claims.items()}
    return _made(
        ArgMap,
        {
            "argmap": 1,
            "title": light.title,
            "description": light.description,
            "sources": {sid: _source(s, raw_sources[sid]) for sid, s in light.sources.items()},
            "claims": claims,
        },
        set(raw),
    )
