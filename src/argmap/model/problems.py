"""Problems found in a map, located by their path in the document.

A path (``loc``) is the chain of keys and list indexes that leads to the
offending value, e.g. ``("claims", "thesis", "supports", 0)``.  The io layer
turns a path into a file position; the model layer knows nothing of files.
A path ending in :data:`KEY` points at the key itself rather than its value.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .text import inert

#: Path marker: the problem is with the mapping key, not its value.
KEY = "[key]"

Loc = tuple[str | int, ...]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    loc: Loc
    message: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def describe(loc: tuple[Any, ...], message: str) -> str:
    """Prefix a message with the claim or source it is about and the field."""
    loc = tuple(x for x in loc if x != KEY)
    head = ""
    rest = loc
    if len(loc) >= 2 and loc[0] in ("claims", "sources"):
        head = f"{'claim' if loc[0] == 'claims' else 'source'} '{inert(loc[1])}'"
        rest = loc[2:]
    fieldname = ""
    for part in rest:
        if isinstance(part, int):
            fieldname += f"[{part}]"
        else:
            fieldname += f".{inert(part)}" if fieldname else inert(part)
    parts = [x for x in (head, fieldname) if x]
    return ", ".join(parts) + ": " + inert(message) if parts else inert(message)
