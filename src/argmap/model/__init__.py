"""The argmap/1 data model: no I/O, no UI."""

from .problems import KEY, Loc, Problem, Severity
from .schema import (
    ATTACKING_KINDS,
    DEFAULT_STRENGTH,
    FORMAT_VERSION,
    ID_PATTERN,
    SUPPORTING_KINDS,
    Annotation,
    ArgMap,
    Cite,
    Claim,
    Kind,
    Quote,
    Source,
    Undercut,
)

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
