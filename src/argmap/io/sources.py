"""Reading the source files a map quotes: once, safely.

A source file is read only when it is a regular file inside the map's
folder and no larger than :data:`~argmap.io.loader.MAX_BYTES`; it is opened
without blocking (a FIFO can never hang a command) and checked with
``fstat`` before anything is read.  Texts are kept by (path, size,
modification time), so evaluating or exporting again reads nothing that
has not changed.  Analysis works on the :data:`SourceTexts` this returns
and never opens a file itself.
"""

from __future__ import annotations

import os
import stat
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Problem, Severity
from ..model.rules import unsafe_source_path
from .quotes import SourceFile, SourceText, SourceTexts

if TYPE_CHECKING:
    from ..model import ArgMap

#: Texts read, by (real path, size, mtime_ns, inode); the oldest go first.
_CACHE: OrderedDict[tuple[str, int, int, int], SourceText | str] = OrderedDict()
_CACHE_SIZE = 64


def resolve_source_file(base_dir: Path, rel: str) -> tuple[Path | None, str | None]:
    """The real path of a source file, or why it cannot be used (it leaves
    the map's folder)."""
    base = Path(os.path.realpath(base_dir))
    target = Path(os.path.realpath(base / rel))
    if target != base and base not in target.parents:
        return None, "leaves the map's folder (through a link); keep source files inside it"
    return target, None


def load_sources(m: ArgMap, base_dir: Path, *, read: bool = True) -> SourceTexts:
    """The file of every source of ``m`` that has one (under ``base_dir``),
    read when ``read``.  A path that leaves the map's folder is an error;
    a file that cannot be read is a warning.  Sources whose path the model's
    rules refuse are left out (the rules report them)."""
    out: dict[str, SourceFile] = {}
    for sid, src in m.sources.items():
        rel = src.file
        if rel is None or unsafe_source_path(rel):
            continue
        target, why = resolve_source_file(base_dir, rel)
        if target is None:
            out[sid] = SourceFile(rel, problem=Problem((), f"source file '{rel}' {why}"))
        elif not read:
            out[sid] = SourceFile(rel)
        else:
            text = read_source_text(target)
            if isinstance(text, str):
                out[sid] = SourceFile(rel, problem=Problem((), f"source file '{rel}' {text}", Severity.WARNING))
            else:
                out[sid] = SourceFile(rel, text)
    return out


def read_source_text(target: Path) -> SourceText | str:
    """The text of the file at ``target``, or why it cannot be used."""
    from .loader import MAX_BYTES

    try:
        fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return "not found; its quotes cannot be checked"
    except OSError as e:
        return f"cannot be read ({e.strerror or e}); its quotes cannot be checked"
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            return "is a directory, not a text file"
        if not stat.S_ISREG(st.st_mode):
            return "is not a regular file (a pipe or a device?); its quotes cannot be checked"
        if st.st_size > MAX_BYTES:
            return (
                f"is {st.st_size / 2**20:.1f} MiB, more than the {MAX_BYTES // 2**20} MiB a source file "
                "may have; its quotes cannot be checked"
            )
        key = (str(target), st.st_size, st.st_mtime_ns, st.st_ino)
        cached = _CACHE.get(key)
        if cached is not None:
            _CACHE.move_to_end(key)
            return cached
        chunks, size = [], 0
        while size <= MAX_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as e:
        return f"cannot be read ({e.strerror or e}); its quotes cannot be checked"
    finally:
        os.close(fd)
    if size > MAX_BYTES:
        return f"grew past the {MAX_BYTES // 2**20} MiB a source file may have; its quotes cannot be checked"
    try:
        result: SourceText | str = SourceText.of(b"".join(chunks).decode("utf-8"), target.name)
    except UnicodeDecodeError:
        result = "is not UTF-8 text; its quotes cannot be checked"
    _CACHE[key] = result
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return result


__all__ = ["load_sources", "read_source_text", "resolve_source_file"]
