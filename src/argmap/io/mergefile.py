"""git's merge driver for maps: merge three files by claim id.

:func:`merge_files` reads git's ``%O %A %B`` (base, ours, theirs), merges
them with :func:`..model.merge.merge3` and writes the result over ours.
It never writes an invalid map: when an input does not load (or would lose
comments), ours is left exactly as it was and the reason is returned.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..model.merge import Conflict, merge3
from ..model.schema import ArgMap
from .loader import MAX_BYTES, Loaded, load_bytes
from .save import write_atomic
from .writer import dump


@dataclass
class FileMerge:
    """``refused``: why nothing was written (ours left as it was)."""

    conflicts: list[Conflict] = field(default_factory=list)
    refused: str | None = None

    @property
    def clean(self) -> bool:
        return self.refused is None and not self.conflicts


def _read(path: Path, label: str) -> tuple[bytes | None, str | None]:
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None, f"{label} ({path}): no such file"
    except OSError as e:
        return None, f"{label} ({path}): cannot read it: {e.strerror or e}"
    if len(data) > MAX_BYTES:
        return None, f"{label} is larger than the {MAX_BYTES // 2**20} MiB a map may have"
    return data, None


def _empty_base() -> ArgMap:
    """The base of two files added on both sides: nothing in common."""
    return ArgMap.model_construct(argmap=1, title="", description=None, sources={}, claims={})


def merge_files(base: Path, ours: Path, theirs: Path, name: str, *, drop_comments: bool = False) -> FileMerge:
    """Merge ``theirs`` into ``ours`` (rewritten in place) from ``base``.

    ``name`` is the map's path in the repository, used in messages.  The
    header comment lines of ours are kept; comments elsewhere, which the
    canonical form does not keep, make it refuse unless ``drop_comments``."""
    loaded: dict[str, Loaded | None] = {}
    for label, path in (("base", base), ("ours", ours), ("theirs", theirs)):
        data, problem = _read(path, label)
        if problem is not None:
            return FileMerge(refused=f"{name}: not merged: {problem}; left ours as it was")
        assert data is not None
        if label == "base" and not data.strip():
            loaded[label] = None  # no common ancestor
            continue
        got = load_bytes(data, f"{name} ({label})", check_quotes=False)
        if not got.ok:
            first = got.errors[0] if got.errors else None
            why = f"{first.line}:{first.col}: {first.message}" if first else "it does not load"
            return FileMerge(refused=f"{name}: not merged: {label} is not a valid map (line {why}); "
                             "left ours as it was: merge it by hand")
        if got.comments and label != "base" and not drop_comments:
            lines = ", ".join(map(str, got.comments[:5]))
            return FileMerge(refused=f"{name}: not merged: {label} has YAML comments (line {lines}) that the "
                             "merged canonical form would drop; left ours as it was: merge it by hand, or "
                             "move the comments into annotations (argmap merge-driver --drop-comments drops them)")
        loaded[label] = got
    o, t = loaded["ours"], loaded["theirs"]
    assert o is not None and t is not None and o.map is not None and t.map is not None
    b = loaded["base"]
    result = merge3(b.map if b is not None and b.map is not None else _empty_base(), o.map, t.map)
    text = dump(result.map, o.header)
    check = load_bytes(text.encode("utf-8"), name, check_quotes=False)
    if not check.ok:  # pragma: no cover - merge3 keeps the map valid; never write one that is not
        return FileMerge(result.conflicts, f"{name}: not merged: the merge would not validate "
                         f"({check.errors[0].message if check.errors else '?'}); left ours as it was")
    write_atomic(os.fspath(ours), text.encode("utf-8"))
    return FileMerge(result.conflicts)


__all__ = ["FileMerge", "merge_files"]
