"""A new map: the thesis as its conclusion and, optionally, the text it maps
copied into ``sources/`` beside it and registered as a source.

Everything is checked before anything is written: the map must not exist,
the source must be a readable UTF-8 text within the size cap, and a file of
the same name already in ``sources/`` must hold the same text."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..model import ArgMap
from ..model.messages import describe, validation_problems
from ..model.ops import slug
from .quotes import SourceText
from .save import ChangedOnDisk, write_atomic
from .sources import read_source_text
from .writer import dump

#: The id of the new map's conclusion.
THESIS_ID = "thesis"
#: The folder beside the map that source texts are copied into.
SOURCES_DIR = "sources"
#: A title taken from the source's first line is cut to this many characters.
TITLE_MAX = 100


#: What to do about a source that cannot be used (by why not).
_SOURCE_HINT = "give a UTF-8 plain-text or Markdown file"
_SOURCE_HINTS = {
    "not found": "check the path",
    "is not UTF-8 text": "save it as UTF-8 plain text or Markdown (export a PDF or a document as text) and give that",
}


class CannotCreate(Exception):
    """Why the new map cannot be made (nothing was written)."""


class BadSource(CannotCreate):
    """The source text cannot be used (another one may be)."""


@dataclass(frozen=True)
class Created:
    path: Path
    source_id: str | None = None
    source_file: str | None = None
    copied: bool = False


def first_line(text: SourceText) -> str | None:
    """The first line of the text (as it reads), cut to a title's length."""
    for line in text.text.lstrip("\ufeff").splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= TITLE_MAX else line[: TITLE_MAX - 1].rstrip() + "…"
    return None


def create_map(
    path: str | os.PathLike[str],
    title: str,
    thesis: str,
    source: str | os.PathLike[str] | None = None,
    source_title: str | None = None,
) -> Created:
    """Write a new map at ``path``; :class:`CannotCreate` says why not."""
    target = Path(path)
    if os.path.lexists(target):
        raise CannotCreate(f"{target} already exists; argmap new never writes over a file: choose another name")
    if target.suffix.lower() not in (".yaml", ".yml"):
        raise CannotCreate(f"{target}: a map is an argmap YAML file; give a name ending in .yaml")
    if not target.parent.is_dir():
        raise CannotCreate(f"{target.parent}: no such folder; create it first")
    sources: dict[str, dict[str, str]] = {}
    data: bytes | None = None
    dest: Path | None = None
    sid = rel = None
    if source is not None:
        src = Path(source)
        text = read_source_text(src)
        if isinstance(text, str):
            why = text.replace("; its quotes cannot be checked", "")
            raise BadSource(f"source {src} {why}; {_SOURCE_HINTS.get(why, _SOURCE_HINT)}")
        data = src.read_bytes()
        if b"\0" in data:
            raise BadSource(f"source {src} is not a text file (it holds NUL bytes); {_SOURCE_HINT}")
        if not text.text.strip("\ufeff \t\r\n"):
            raise BadSource(f"source {src} is empty: there is nothing to map; give the text you mean to map")
        name = src.name
        rel = f"{SOURCES_DIR}/{name}"
        folder = target.parent / SOURCES_DIR
        dest = folder / name
        if folder.exists() and not folder.is_dir():
            raise CannotCreate(
                f"{folder} is a file; argmap new copies the source into a folder of that name: rename the file"
            )
        if dest.is_dir():
            raise BadSource(f"{dest} is a folder; rename it or the source")
        if dest.exists():
            if os.path.samefile(dest, src) or dest.read_bytes() == data:
                data = None  # already there
            else:
                raise BadSource(
                    f"{rel} already exists beside the map and differs from {src}; rename one of them"
                )
        sid = slug(Path(name).stem) or "source"
        title_of = source_title if source_title is not None else first_line(text) or name
        sources[sid] = {"title": title_of, "file": rel}
    try:
        m = ArgMap.model_validate(
            {
                "argmap": 1,
                "title": title,
                "sources": sources,
                "claims": {THESIS_ID: {"kind": "conclusion", "text": thesis}},
            }
        )
    except ValidationError as e:
        problems = validation_problems(e, ())
        words = {"claims": "--thesis", "sources": "--source-title", "title": "--title"}
        raise CannotCreate(
            "; ".join(f"{words[str(p.loc[0])]}: {p.message}" if p.loc and str(p.loc[0]) in words
                      else describe(p.loc, p.message) for p in problems)
        ) from None
    copied = False
    if data is not None and dest is not None:
        dest.parent.mkdir(exist_ok=True)
        try:
            write_atomic(dest, data, expected=None, check=True)
        except ChangedOnDisk:
            raise CannotCreate(f"{rel} appeared beside the map meanwhile; run again") from None
        copied = True
    try:
        write_atomic(target, dump(m).encode("utf-8"), expected=None, check=True)
    except ChangedOnDisk:
        raise CannotCreate(f"{target} appeared meanwhile; argmap new never writes over a file") from None
    return Created(target, sid, rel, copied)


__all__ = ["THESIS_ID", "BadSource", "CannotCreate", "Created", "create_map"]
