"""The argmap/1 format's constants and field checks, without pydantic.

:mod:`.schema` builds the pydantic models from these; :mod:`.fastcheck`
and the rules use them directly, so that checking a valid map never has to
import pydantic (which costs more than the whole check of a small map).
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum

FORMAT_VERSION = 1
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
ID_RE = re.compile(ID_PATTERN)
DEFAULT_STRENGTH = 0.5

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Longest run of blanks, and of line breaks, in a text.  The YAML reader
#: refuses runs of more than 1,000 (they make libyaml quadratic), so text
#: kept well under that is always written in a form that reads back, even
#: indented inside a block.
MAX_TEXT_RUN = 500
_LONG_RUN = re.compile(f"[ \t]{{{MAX_TEXT_RUN + 1}}}|(?:\n[ \t]*){{{MAX_TEXT_RUN + 1}}}")


def _no_controls(value: str) -> str:
    """Refuse control characters (other than tab and newline): they are never
    meant in an argument, and can rewrite a terminal's screen when printed."""
    if m := _CONTROL.search(value):
        raise ValueError(
            f"contains the control character U+{ord(m.group()):04X} at position {m.start() + 1}; remove it"
        )
    if len(value) > MAX_TEXT_RUN and (m := _LONG_RUN.search(value)):
        raise ValueError(
            f"has more than {MAX_TEXT_RUN} blanks or line breaks in a row at position {m.start() + 1}; shorten the run"
        )
    return value


def _iso_timestamp(value: str) -> str:
    """Check that ``value`` is an ISO 8601 date or date-time; keep it as written."""
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            "expected an ISO 8601 timestamp such as 2026-11-25T14:30:00Z"
        ) from None
    return value


class Kind(StrEnum):
    CONCLUSION = "conclusion"
    PREMISE = "premise"
    EVIDENCE = "evidence"
    COUNTERPOINT = "counterpoint"
    REBUTTAL = "rebuttal"


#: Kinds that argue for something (they must support a claim).
SUPPORTING_KINDS = frozenset({Kind.PREMISE, Kind.EVIDENCE})
#: Kinds that argue against something (they must attack or undercut).
ATTACKING_KINDS = frozenset({Kind.COUNTERPOINT, Kind.REBUTTAL})

#: A label of more words than this is a warning (a card tag is about ten words).
LABEL_MAX_WORDS = 12
