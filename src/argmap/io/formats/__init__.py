"""Interchange formats beside argmap's own YAML: one reader/writer module per
format, one small interface (:class:`~.base.Interchange`), one registry.

    read_file(path, fmt=None) -> Loaded   # any format, guessed when not given
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ...model import Severity
from ..loader import Diagnostic, Loaded, load, read_map_file
from . import aif, argdown, jsonfmt, kialo
from .base import Interchange

if TYPE_CHECKING:
    from ..ahead import ReadAhead

FORMATS: tuple[Interchange, ...] = (
    Interchange("argdown", "Argdown", (".argdown", ".ad"), argdown.sniff, argdown.read, argdown.write),
    Interchange("kialo", "Kialo discussion export (plain text)", (".txt",), kialo.sniff, kialo.read, None),
    Interchange("aif", "AIF JSON (AIFdb, OVA)", (".aif", ".json"), aif.sniff, aif.read, aif.write),
    Interchange("json", "argmap/1 as JSON", (".json",), jsonfmt.sniff, jsonfmt.read, jsonfmt.write),
)
BY_NAME = {f.name: f for f in FORMATS}
#: The formats argmap reads besides YAML.
READABLE = tuple(f.name for f in FORMATS if f.read is not None)
YAML_SUFFIXES = (".yaml", ".yml")


def guess(path: str | os.PathLike[str], text: str) -> Interchange | None:
    """The format ``text`` is in: the content decides among the formats the
    suffix allows (then among all); None when nothing fits."""
    suffix = Path(path).suffix.lower()
    by_suffix = [f for f in FORMATS if suffix in f.suffixes]
    for f in (*by_suffix, *(f for f in FORMATS if f not in by_suffix)):
        if f.sniff(text):
            return f
    return by_suffix[0] if len(by_suffix) == 1 else None


def is_foreign(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names a file argmap reads through an importer (by suffix)."""
    suffix = Path(path).suffix.lower()
    return suffix not in YAML_SUFFIXES and any(suffix in f.suffixes for f in FORMATS)


def read_file(path: str | os.PathLike[str], fmt: str | None = None, ahead: ReadAhead | None = None) -> Loaded:
    """Read a map in any format argmap knows; never raises for bad input.
    ``Loaded.digest`` is None for imported maps (they are never saved over).
    ``ahead``: a map file being parsed in a child process (see ``io/ahead.py``)."""
    p = Path(path)
    name = str(path)

    def fail(message: str, line: int = 1) -> Loaded:
        return Loaded(p, None, [Diagnostic(name, line, 1, Severity.ERROR, message)])

    if fmt is None and not is_foreign(p):
        return load(p, ahead=ahead)
    data = read_map_file(p)
    if isinstance(data, str):
        return fail(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return fail(f"not UTF-8 text (byte 0x{data[e.start]:02x}); save the file as UTF-8",
                    data.count(b"\n", 0, e.start) + 1)
    text = text.removeprefix("\ufeff")
    if fmt == "yaml":
        return load(p)
    form = BY_NAME.get(fmt) if fmt else guess(p, text)
    if form is None or form.read is None:
        names = "|".join(READABLE)
        return fail(f"cannot tell which format this is; give --from {names}")
    m, diags = form.read(text, name)
    loaded = Loaded(p, m, diags)
    return loaded


__all__ = ["BY_NAME", "FORMATS", "READABLE", "Interchange", "guess", "is_foreign", "read_file"]
