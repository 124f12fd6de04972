"""A map file as both faces write it: where it is, what it held when read
(its digest), the comment lines at its top (kept) and elsewhere (which the
canonical form drops: the comment policy, said once here), and the guarded
atomic save.

The CLI's write commands go through :func:`edit_file`; the TUI's
:class:`~argmap.io.document.Document` holds a :class:`MapFile` and saves
through it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from ..model import ArgMap
from ..model.text import inert
from .loader import Loaded, load
from .save import ChangedOnDisk, save_map

T = TypeVar("T")

#: How often a CLI edit is re-applied when other programs keep changing the file.
EDIT_ATTEMPTS = 20


class CommentsWouldBeDropped(Exception):
    """Saving would drop YAML comments below the top of the file."""

    def __init__(self, path: Path, lines: list[int]) -> None:
        shown = ", ".join(map(str, lines[:8])) + (", ..." if len(lines) > 8 else "")
        super().__init__(
            f"{inert(str(path))}:{lines[0]}: has YAML comments (line {shown}), which the canonical form "
            "does not keep (only the comment lines at the top of the file); move them into "
            "'annotations' or 'description'"
        )
        self.path = path
        self.lines = lines


class NotValid(Exception):
    """The map has errors, so it is not changed."""

    def __init__(self, loaded: Loaded) -> None:
        super().__init__(f"{inert(str(loaded.path))}: not changed: fix the errors first")
        self.loaded = loaded


class KeepsChanging(Exception):
    pass


@dataclass
class MapFile:
    path: Path
    #: sha256 of the bytes last read or written (``None``: no file yet).
    digest: str | None
    #: The comment lines at the top of the file, which every rewrite keeps.
    header: str = ""
    #: Lines of the other YAML comments, which a rewrite drops (see :meth:`check_comments`).
    comments: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, loaded: Loaded) -> MapFile:
        return cls(loaded.path, loaded.digest, loaded.header, list(loaded.comments))

    def check_comments(self, drop: bool = False) -> None:
        """The comment policy: refuse to drop comments unless told to."""
        if self.comments and not drop:
            raise CommentsWouldBeDropped(self.path, self.comments)

    def same_file(self, path: str | os.PathLike[str]) -> bool:
        return os.path.realpath(path) == os.path.realpath(self.path)

    def save(
        self, m: ArgMap, path: str | os.PathLike[str] | None = None, *,
        drop_comments: bool = False, force: bool = False,
    ) -> Path:
        """Write ``m`` in canonical form, atomically, under the map's lock.

        Refuses (:class:`CommentsWouldBeDropped`) to drop comments unless
        ``drop_comments``; (:class:`ChangedOnDisk`) when the file is no longer
        what was read; (FileExistsError) to save over another existing file.
        ``force`` skips the last two.  Saving elsewhere moves the file here."""
        target = Path(path) if path is not None else self.path
        same = self.same_file(target)
        if same:
            self.check_comments(drop_comments)
        elif target.exists() and not force:
            raise FileExistsError(f"{target} already exists; choose another name")
        # Always under the map's lock; without ``force`` the file must still be
        # what was read (another name: must still not exist).
        self.digest = save_map(
            m, target, expected=self.digest if same else None, check=not force, header=self.header, lock=True,
        )
        self.path = target
        self.comments = []
        return target


def edit_file(
    path: str | os.PathLike[str], edit: Callable[[Loaded], T], *, drop_comments: bool = False,
    max_diagnostics: int | None = None,
) -> tuple[Loaded, T]:
    """Load the map at ``path``, run ``edit(loaded)`` (which changes
    ``loaded.map`` and returns a result) and save it.  When another program
    changed the file between the read and the write, read it again and
    re-apply the edit onto its content: an edit is never written over
    another's.  Raises :class:`NotValid`, :class:`CommentsWouldBeDropped`,
    :class:`KeepsChanging`, or what ``edit`` raises."""
    for _ in range(EDIT_ATTEMPTS):
        loaded = load(path, max_diagnostics=max_diagnostics)
        if not loaded.ok or loaded.map is None:
            raise NotValid(loaded)
        file = MapFile.of(loaded)
        file.check_comments(drop_comments)
        result = edit(loaded)
        try:
            file.save(loaded.map, drop_comments=drop_comments)
        except ChangedOnDisk:
            continue  # someone else wrote first: start again from their version
        return loaded, result
    raise KeepsChanging(f"{inert(str(path))}: not changed: other programs keep changing it; try again")
