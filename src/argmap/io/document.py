"""An open map being edited: its file, its undo history, saving and recovery.

The TUI drives one :class:`Document`; nothing here knows about the UI.
While edits are unsaved, a recovery file beside the map (``.NAME.recovery``)
holds the current state, so a crash loses nothing; it is removed on save or
discard.

The recovery file is a map whose first line records the digest of the file
the edits started from (``# argmap-recovery: base=sha256:HEX``): a comment,
so the file stays a map argmap can open, and one file written atomically, so
content and base can never disagree.  The map it started from is kept beside
it (``.NAME.recovery.base``, same first line) so that, when the file changed
on disk meanwhile, the edits can be merged onto it (:func:`..model.merge.merge3`).
Both files get the map's permissions at most 0600, are written by replacing
(never through a symbolic link) and read only when they are regular files of
at most :data:`MAX_BYTES`.  A recovery file that cannot be read or does not
load is renamed ``.NAME.recovery.bad`` and reported, never offered.
"""

from __future__ import annotations

import contextlib
import copy
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Self

from ..model import ArgMap
from ..model.merge import ClaimDiff, MergeResult, diff_claims, merge3
from ..model.ops import History, Op, ReplaceMap
from .loader import MAX_BYTES, Loaded, load, load_bytes
from .mapfile import MapFile
from .save import (
    ChangedOnDisk,
    map_lock,
    read_regular,
    remove_stale_temps,
    save_map,
    write_private,
)
from .writer import DumpCache, dump

if TYPE_CHECKING:
    from .ahead import ReadAhead

RECOVERY_MARK = "# argmap-recovery: base="
BASE_MARK = "# argmap-recovery-base: "
_MARK_RE = re.compile(r"# argmap-recovery: base=(sha256:[0-9a-f]{64}|none)[ \t]*\n")
_BASE_RE = re.compile(r"# argmap-recovery-base: (sha256:[0-9a-f]{64}|none)[ \t]*\n")


def recovery_path(path: Path) -> Path:
    return path.parent / f".{path.name}.recovery"


def recovery_base_path(path: Path) -> Path:
    return path.parent / f".{path.name}.recovery.base"


def _tag(digest: str | None) -> str:
    return f"sha256:{digest}" if digest else "none"


def _snapshot(m: ArgMap) -> ArgMap:
    """A copy that later edits do not change (ops replace claims, never mutate them)."""
    return m.model_copy(update={"sources": dict(m.sources), "claims": dict(m.claims)})


@dataclass
class Recovery:
    """What a recovery file beside the map holds, compared with the file now."""

    path: Path
    #: The unsaved edits; ``None`` when the file could not be used (``problem``).
    map: ArgMap | None = None
    #: Why the recovery file was not offered, and where it was put aside.
    problem: str | None = None
    kept: Path | None = None
    #: The digest of the file the edits started from (``None``: unknown, e.g. an old recovery file).
    base_digest: str | None = None
    #: The map the edits started from, when it was kept.
    base: ArgMap | None = None
    #: The file on disk is no longer the one the edits started from (or that is unknown).
    changed_on_disk: bool = False
    #: The claims restoring would change in the map as it is now.
    edits: ClaimDiff = ClaimDiff()
    #: The claims changed on disk since the edits started (when the base is known).
    external: ClaimDiff | None = None
    #: The edits merged onto the file as it is now (when the base is known).
    merge: MergeResult | None = None


class Document:
    def __init__(self, loaded: Loaded) -> None:
        if loaded.map is None:
            raise ValueError("a Document needs a valid map")
        #: The file: path, digest, header and the comment policy, and the guarded save.
        self.file = MapFile.of(loaded)
        self.map: ArgMap = loaded.map
        self.history = History(self.map, known_valid=True)
        self._saved_revision = self.history.revision
        #: the map as last loaded or saved (the base of unsaved edits)
        self._base = _snapshot(self.map)
        self._base_written: str | None = None
        #: the recovery file's text of each claim, reused while the claim is
        #: the same object (edits replace claims, never change them in place)
        self._dump_cache: DumpCache = {}
        #: The Argdown/Kialo/AIF file the map was imported from (saving writes
        #: ``path``, a .yaml beside it, and never over an existing file).
        self.imported_from: Path | None = None

    @classmethod
    def open(cls, path: str | os.PathLike[str], ahead: ReadAhead | None = None) -> tuple[Self | None, Loaded]:
        """The map at ``path`` (``ahead``: its YAML being parsed in a child, see ahead.py)."""
        from .formats import is_foreign, read_file

        loaded = read_file(path, ahead=ahead)
        if ahead is not None:
            ahead.cancel()  # (when it was not used)
        doc = cls(loaded) if loaded.ok else None
        if doc is not None and is_foreign(path):
            # an imported map is never written over its source file: saving
            # asks for a path (as for a new map), given as a .yaml beside it
            doc.imported_from = Path(path)
            # a name no file has yet (nor its recovery file)
            target, n = Path(path).with_suffix(".yaml"), 1
            while target.exists() or recovery_path(target).exists():
                n += 1
                target = Path(path).with_name(f"{Path(path).stem}-{n}.yaml")
            doc.file.path = target
            doc.file.digest = None  # no such file yet
        return doc, loaded

    # -- state ------------------------------------------------------------------

    @property
    def path(self) -> Path:
        return self.file.path

    @property
    def digest(self) -> str | None:
        return self.file.digest

    @property
    def header(self) -> str:
        return self.file.header

    @property
    def comments(self) -> list[int]:
        """Lines of YAML comments in the file, which saving drops (the UI asks first)."""
        return self.file.comments

    @property
    def revision(self) -> int:
        """A token for the map's current state (the same after undo back to it)."""
        return self.history.revision

    @property
    def dirty(self) -> bool:
        return self.history.revision != self._saved_revision

    @property
    def recovery(self) -> Path:
        return recovery_path(self.path)

    # -- edits ------------------------------------------------------------------

    def apply(self, op: Op) -> None:
        """Apply an edit (checked against the rules; raises OpError)."""
        self.history.do(op)
        self._after_change()

    def undo(self) -> str | None:
        label = self.history.undo()
        if label is not None:
            self._after_change()
        return label

    def redo(self) -> str | None:
        label = self.history.redo()
        if label is not None:
            self._after_change()
        return label

    def _after_change(self) -> None:
        if self.dirty:
            self.write_recovery()
        else:
            self.clear_recovery()

    # -- files ------------------------------------------------------------------

    def save(
        self, path: str | os.PathLike[str] | None = None, *, force: bool = False, drop_comments: bool = False,
    ) -> Path:
        """Save atomically (see :meth:`MapFile.save`: refuses to drop comments
        unless ``drop_comments``, to overwrite a file changed on disk or
        another existing file unless ``force``)."""
        if self.imported_from is not None and path is None and self.path.exists():
            # an imported map is saved as a new .yaml beside its source, never over a file
            raise FileExistsError(f"{self.path} already exists; choose another name")
        moving = path is not None and not self.file.same_file(path)
        before = None
        if moving:  # the old name's recovery file goes once the save has succeeded
            before = copy.copy(self)
            before.file = copy.copy(self.file)
        target = self.file.save(self.map, path, drop_comments=drop_comments, force=force)
        if before is not None:
            before.clear_recovery()
        self._saved_revision = self.history.revision
        self.imported_from = None
        self._base = _snapshot(self.map)
        self.clear_recovery()
        return target

    def _private_mode(self) -> int:
        """The map's permissions, at most 0600."""
        try:
            return stat.S_IMODE(os.stat(self.path).st_mode) & 0o600
        except OSError:
            return 0o600

    def write_recovery(self) -> None:
        """Write the current state to the recovery file (best effort, never an error)."""
        with contextlib.suppress(OSError), map_lock(self.path):
            mode = self._private_mode()
            tag = _tag(self.digest)
            if self._base_written != self.digest or not recovery_base_path(self.path).exists():
                base = f"{BASE_MARK}{tag}\n" + dump(self._base, cache=self._dump_cache)
                write_private(recovery_base_path(self.path), base.encode("utf-8"), mode)
                self._base_written = self.digest
            data = f"{RECOVERY_MARK}{tag}\n" + dump(self.map, self.header, self._dump_cache)
            write_private(self.recovery, data.encode("utf-8"), mode)

    def clear_recovery(self) -> None:
        for p in (self.recovery, recovery_base_path(self.path)):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
        self._base_written = None
        with contextlib.suppress(OSError), map_lock(self.path):  # temp files of a killed write
            remove_stale_temps(self.recovery)
            remove_stale_temps(recovery_base_path(self.path))

    def discard(self) -> None:
        """Forget unsaved edits' recovery file (the caller then quits or reloads)."""
        self.clear_recovery()

    def set_aside_recovery(self, suffix: str = "bad") -> Path | None:
        """Rename the recovery file to ``.NAME.recovery.SUFFIX`` (kept, never offered again)."""
        kept = self.recovery.with_name(f"{self.recovery.name}.{suffix}")
        n = 1
        while kept.exists() or kept.is_symlink():  # an earlier one set aside: keep both
            n += 1
            kept = self.recovery.with_name(f"{self.recovery.name}.{suffix}{n}")
        try:
            os.replace(self.recovery, kept)  # moves a link itself, never its target
        except OSError:
            return None
        with contextlib.suppress(FileNotFoundError):
            recovery_base_path(self.path).unlink()
        return kept

    def _read_base(self, digest: str | None) -> ArgMap | None:
        try:
            text = read_regular(recovery_base_path(self.path), MAX_BYTES).decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        mark = _BASE_RE.match(text)
        if mark is None or mark.group(1) != _tag(digest):
            return None
        loaded = load_bytes(text.encode("utf-8"), str(recovery_base_path(self.path)), check_quotes=False)
        return loaded.map if loaded.ok else None

    def read_recovery(self) -> Recovery | None:
        """The recovery file beside the map, compared with the file now:
        ``None`` when there is none (or it holds nothing the file lacks).
        One that cannot be used is set aside and reported (``problem``)."""
        path = self.recovery
        try:
            os.lstat(path)
        except OSError:
            return None

        def bad(why: str) -> Recovery:
            return Recovery(path, problem=f"{path.name} {why}", kept=self.set_aside_recovery("bad"))

        try:
            data = read_regular(path, MAX_BYTES)
        except OSError as e:
            return bad(f"could not be read ({e.strerror or e})")
        loaded = load_bytes(data, str(path), base_dir=self.path.parent, check_quotes=False)
        if not loaded.ok or loaded.map is None:
            first = loaded.errors[0] if loaded.errors else None
            return bad(f"does not hold a valid map ({first.message if first else 'unreadable'})")
        recovered = loaded.map
        mark = _MARK_RE.match(data.decode("utf-8", "replace"))
        base_tag = mark.group(1) if mark else None
        if recovered == self.map:  # nothing the file lacks
            self.clear_recovery()
            return None
        rec = Recovery(path, map=recovered, edits=diff_claims(self.map, recovered))
        if base_tag is not None:
            rec.base_digest = None if base_tag == "none" else base_tag.removeprefix("sha256:")
        if base_tag is not None and rec.base_digest == self.digest:
            return rec
        rec.changed_on_disk = True
        if base_tag is not None:
            rec.base = self._read_base(rec.base_digest)
            if rec.base is not None:
                rec.external = diff_claims(rec.base, self.map)
                rec.merge = merge3(rec.base, recovered, self.map)
        return rec

    def restore_recovery(self, m: ArgMap, label: str = "restore unsaved edits") -> None:
        """Take ``m`` (the recovered map, or its merge onto the file now) as
        unsaved edits (undoable as one step)."""
        self.apply(ReplaceMap(m.title, m.description, dict(m.sources), dict(m.claims), label))

    def restore_as_copy(self, m: ArgMap, path: str | os.PathLike[str]) -> Path:
        """Save the recovered map ``m`` as a new file ``path`` (never over an
        existing one) and go on editing that copy; the map's own file stays
        as it is on disk, and the recovery file goes once the copy is saved."""
        target = Path(path)
        if target.exists() or target.is_symlink():
            raise FileExistsError(f"{target} already exists; choose another name")
        try:  # expected=None with check: the file must still not exist
            save_map(m, target, expected=None, check=True, header=self.header)
        except ChangedOnDisk:
            raise FileExistsError(f"{target} already exists; choose another name") from None
        loaded = load(target)
        if not loaded.ok:  # cannot happen with a valid map; keep the recovery then
            raise ValueError(f"{target}: the copy does not load")
        self.clear_recovery()
        self.__init__(loaded)  # type: ignore[misc]
        return target

    def reload(self) -> Loaded:
        """Read the file again, dropping unsaved edits."""
        loaded = load(self.path)
        if loaded.ok:
            self.clear_recovery()  # the edits dropped here are not offered again
            self.__init__(loaded)  # type: ignore[misc]
        return loaded


__all__ = ["ChangedOnDisk", "Document", "Recovery", "recovery_base_path", "recovery_path"]
