"""Problems found in a map, located by their path in the document.

A path (``loc``) is the chain of keys and list indexes that leads to the
offending value, e.g. ``("claims", "thesis", "supports", 0)``.  The io layer
turns a path into a file position; the model layer knows nothing of files.
A path ending in :data:`KEY` points at the key itself rather than its value.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

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
