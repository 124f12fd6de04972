"""Pydantic models of the argmap/1 format.

The models describe one map exactly as it is written: every field of the
format, nothing more (unknown fields are errors).  Structural rules that
span several claims (references, cycles, kinds) live in :mod:`.rules`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
)

# Re-exported (see __all__): the constants and checks of the format live in .fields (no pydantic).
from .fields import (
    _CONTROL,
    _LONG_RUN,
    ATTACKING_KINDS,
    DEFAULT_STRENGTH,
    FORMAT_VERSION,
    ID_PATTERN,
    ID_RE,
    LABEL_MAX_WORDS,
    MAX_TEXT_RUN,
    SUPPORTING_KINDS,
    Kind,
    _iso_timestamp,
    _no_controls,
)

#: Any text of the format: no control characters but tab and newline.
Str = Annotated[str, AfterValidator(_no_controls)]
#: A claim or source id.
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
#: Text that must hold something besides white space.
Text = Annotated[str, StringConstraints(min_length=1, pattern=r"\S"), AfterValidator(_no_controls)]


Timestamp = Annotated[str, AfterValidator(_no_controls), AfterValidator(_iso_timestamp)]


class _Model(BaseModel):
    # defer_build: the validators are built on first use (a map the fast check
    # accepted is made without them, see .construct)
    model_config = ConfigDict(extra="forbid", validate_assignment=False, defer_build=True)


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


__all__ = [
    "_CONTROL",
    "_LONG_RUN",
    "ATTACKING_KINDS",
    "DEFAULT_STRENGTH",
    "FORMAT_VERSION",
    "ID_PATTERN",
    "ID_RE",
    "LABEL_MAX_WORDS",
    "MAX_TEXT_RUN",
    "SUPPORTING_KINDS",
    "Annotation",
    "ArgMap",
    "Cite",
    "Claim",
    "Id",
    "Kind",
    "Quote",
    "Source",
    "Str",
    "Text",
    "Timestamp",
    "Undercut",
    "json_schema",
]
