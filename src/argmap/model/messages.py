"""Validation errors in words a map's author can act on."""

from __future__ import annotations

import functools
from typing import Any

from pydantic import ValidationError

from .problems import KEY, Loc, Problem
from .problems import describe as describe  # re-exported
from .rules import did_you_mean
from .schema import Annotation, ArgMap, Claim, Kind, Quote, Source
from .text import inert

_FIELDS: dict[str, tuple[str, ...]] = {
    "map": tuple(ArgMap.model_fields),
    "claim": tuple(Claim.model_fields),
    "source": tuple(Source.model_fields),
    "quote": tuple(Quote.model_fields),
    "annotation": tuple(Annotation.model_fields),
    "undercut": ("from", "to"),
}


def _owner(loc: tuple[Any, ...]) -> str:
    """Which kind of mapping the last element of ``loc`` is a field of."""
    if len(loc) == 1:
        return "map"
    if loc[0] == "sources":
        return "source"
    if loc[0] == "claims":
        if len(loc) == 3:
            return "claim"
        if len(loc) >= 4:
            return {"quote": "quote", "annotations": "annotation", "undercuts": "undercut"}.get(
                loc[2], "claim"
            )
    return "map"


def _shown(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"'{inert(value)}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


_KINDS = tuple(k.value for k in Kind)


@functools.lru_cache(maxsize=256)
def _kind_hint(value: str) -> str:
    return did_you_mean(value, _KINDS)


def validation_problems(e: ValidationError, prefix: Loc = ()) -> list[Problem]:
    """Problems, in words a map's author acts on, for a pydantic error.

    ``prefix`` is the path of the validated value within a map (its loc)."""
    out: list[Problem] = []
    for err in e.errors(include_url=False):
        loc = (*prefix, *err["loc"])
        kind = err["type"]
        value = err.get("input")
        msg = err["msg"]
        if kind == "extra_forbidden":
            owner = _owner(loc)
            allowed = _FIELDS[owner]
            msg = (
                f"unknown field '{inert(loc[-1])}'{did_you_mean(str(loc[-1]), allowed)}; "
                f"a {owner} has: {', '.join(allowed)}"
            )
            loc = (*loc, KEY)
        elif kind == "missing":
            msg = f"missing required field '{inert(loc[-1])}'"
            loc = (*loc[:-1], KEY)
        elif loc and loc[-1] == KEY:
            what = "claim" if loc[0] == "claims" else "source"
            msg = (
                f"{what} id '{inert(loc[-2])}' is not valid: an id starts with a letter or digit "
                "and has only letters, digits, '_', '.' and '-'"
            )
        elif kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == r"\S":
            msg = "must not be blank"
        elif kind == "string_pattern_mismatch":
            msg = (
                f"{_shown(value)} is not a valid id: an id starts with a letter or digit "
                "and has only letters, digits, '_', '.' and '-'"
            )
        elif kind == "string_too_short":
            msg = "must not be empty"
        elif kind == "string_type":
            msg = f"expected text, got {_shown(value)}; put it in quotes if you meant it as text"
        elif kind == "enum":
            msg = (
                f"unknown kind {_shown(value)}{_kind_hint(str(value))}; "
                f"a kind is one of {', '.join(_KINDS)}"
            )
        elif kind == "list_type":
            hint = f"; write [{inert(value)}]" if isinstance(value, (str, int)) else ""
            msg = f"expected a list, got {_shown(value)}{hint}"
        elif kind in ("dict_type", "model_type", "model_attributes_type"):
            msg = f"expected a mapping of fields, got {_shown(value)}"
        elif kind in ("greater_than_equal", "less_than_equal", "finite_number"):
            msg = f"strength must be a number from 0 to 1, got {inert(value)}"
        elif kind in ("float_type", "float_parsing"):
            msg = f"expected a number from 0 to 1, got {_shown(value)}"
        elif kind == "too_short" and loc == ("claims",):
            msg = "a map needs at least one claim"
        elif kind == "value_error":
            msg = inert(err.get("ctx", {}).get("error", msg))
        elif kind == "literal_error" and loc == ("argmap",):
            msg = "unsupported format version; this argmap reads 'argmap: 1'"
        out.append(Problem(loc, msg))
    return out
