"""Pydantic models of the argmap/1 format.

The models describe one map exactly as it is written: every field of the
format, nothing more (unknown fields are errors).  Structural rules that
span several claims (references, cycles, kinds) live in :mod:`.rules`.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
)

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


#: Any text of the format: no control characters but tab and newline.
Str = Annotated[str, AfterValidator(_no_controls)]
#: A claim or source id.
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
#: Text that must hold something besides white space.
Text = Annotated[str, StringConstraints(min_length=1, pattern=r"\S"), AfterValidator(_no_controls)]


def _iso_timestamp(value: str) -> str:
    """Check that ``value`` is an ISO 8601 date or date-time; keep it as written."""
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            "expected an ISO 8601 timestamp such as 2026-11-25T14:30:00Z"
        ) from None
    return value


Timestamp = Annotated[str, AfterValidator(_no_controls), AfterValidator(_iso_timestamp)]


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


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Source(_Model):
    title: Text
    author: Str | None = None
    publisher: Str | None = Field(
        default=None, description="The outlet or publisher, e.g. 'The Times of Israel'."
    )
    date: Str | None = Field(
        default=None, description="A date as text, e.g. 2026-11-25 or 'May 2016'."
    )
    url: Str | None = None
    accessed: Timestamp | None = Field(
        default=None, description="When the url was read: an ISO 8601 date, e.g. 2026-11-25."
    )
    file: Str | None = Field(
        default=None,
        description="UTF-8 text of the source, relative to the map's folder and inside it.",
    )


class Quote(_Model):
    source: Id
    text: Text
    locator: Str | None = Field(default=None, description='Where in the source, e.g. "para 4".')


class Cite(_Model):
    """A source a claim relies on without quoting it verbatim."""

    source: Id
    locator: Str | None = Field(default=None, description='Where in the source, e.g. "p. 12".')


class Undercut(_Model):
    """An attack on the inference ``from`` supports ``to``."""

    model_config = ConfigDict(populate_by_name=True)

    from_: Id = Field(alias="from")
    to: Id


class Annotation(_Model):
    text: Text
    by: Str | None = None
    at: Timestamp | None = None


#: A label of more words than this is a warning (a card tag is about ten words).
LABEL_MAX_WORDS = 12


class Claim(_Model):
    kind: Kind
    label: Text | None = Field(
        default=None,
        description="A short tag for the claim (a card tag, a heading, a diagram node): about ten words.",
    )
    text: Text
    supports: list[Id] = Field(default_factory=list)
    attacks: list[Id] = Field(default_factory=list)
    undercuts: list[Undercut] = Field(default_factory=list)
    quote: Quote | None = None
    cites: list[Cite] = Field(default_factory=list)
    tags: list[Annotated[Str, StringConstraints(min_length=1)]] = Field(default_factory=list)
    strength: Annotated[float, Field(ge=0.0, le=1.0, strict=True, allow_inf_nan=False)] = (
        DEFAULT_STRENGTH
    )
    annotations: list[Annotation] = Field(default_factory=list)


class ArgMap(_Model):
    argmap: Literal[1] = Field(description="Format version; this argmap reads 1.")
    title: Text
    description: Str | None = None
    sources: dict[Id, Source] = Field(default_factory=dict)
    claims: Annotated[dict[Id, Claim], Field(min_length=1)]



def json_schema() -> dict[str, object]:
    """The JSON Schema of argmap/1, for editors (yaml-language-server and others)."""
    schema = ArgMap.model_json_schema(by_alias=True)
    props = schema["properties"]
    for name in ("claims", "sources"):
        props[name]["propertyNames"] = {"pattern": ID_PATTERN}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "argmap/1 map",
        "description": "An argument map in the argmap/1 format; see docs/format.md.",
    }
