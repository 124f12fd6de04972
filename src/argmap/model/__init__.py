"""The argmap/1 data model: no I/O, no UI.

The pydantic models (``ArgMap``, ``Claim`` ...) are imported on first use,
so that what needs only the constants and rules (checking a valid map)
never pays for importing pydantic.
"""

from typing import TYPE_CHECKING, Any

from .fields import (
    ATTACKING_KINDS,
    DEFAULT_STRENGTH,
    FORMAT_VERSION,
    ID_PATTERN,
    SUPPORTING_KINDS,
    Kind,
)
from .problems import KEY, Loc, Problem, Severity

if TYPE_CHECKING:
    from .schema import Annotation, ArgMap, Cite, Claim, Quote, Source, Undercut

_MODELS = frozenset({"Annotation", "ArgMap", "Cite", "Claim", "Quote", "Source", "Undercut"})


def __getattr__(name: str) -> Any:
    if name in _MODELS:
        from . import schema

        return getattr(schema, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ATTACKING_KINDS",
    "DEFAULT_STRENGTH",
    "FORMAT_VERSION",
    "ID_PATTERN",
    "KEY",
    "SUPPORTING_KINDS",
    "Annotation",
    "ArgMap",
    "Cite",
    "Claim",
    "Kind",
    "Loc",
    "Problem",
    "Quote",
    "Severity",
    "Source",
    "Undercut",
]
