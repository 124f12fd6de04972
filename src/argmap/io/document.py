"""An open map being edited: its file, its undo history, saving and recovery.

The TUI drives one :class:`Document`; nothing here knows about the UI.
While edits are unsaved, a recovery file beside the map (``.NAME.recovery``)
holds the current state, so a crash loses nothing; it is removed on save or
discard.
"""

from __future__ import annotations

import contextlib
import os
from itertools import count
from pathlib import Path

from ..model import ArgMap
from ..model.ops import History, Op, ReplaceMap
from .loader import Loaded, load, load_bytes
from .save import ChangedOnDisk, current_digest, save_map, write_atomic
from .writer import dump

_tokens = count(1)


def recovery_path(path: Path) -> Path:
    return path.parent / f".{path.name}.recovery"


class Document:
    def __init__(self, loaded: Loaded) -> None:
        if loaded.map is None:
            raise ValueError("a Document needs a valid map")
        self.path: Path = loaded.path
        self.map: ArgMap = loaded.map
        self.digest: str | None = loaded.digest
        self.header: str = loaded.header
        #: Lines of YAML comments in the file, which saving drops (the UI asks first).
        self.comments: list[int] = list(loaded.comments)
        self.history = History(self.map, known_valid=True)
        # A token per state: the state after each edit gets a new one, so
        # undoing back to the saved state makes the document clean again.
        self._states: list[int] = [0]
        self._redo_states: list[int] = []
        self._saved_state = 0

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> tuple[Document | None, Loaded]:
        loaded = load(path)
        return (cls(loaded) if loaded.ok else None), loaded

    # -- state ------------------------------------------------------------------

    @property
    def revision(self) -> int:
        """A token for the map's current state (the same after undo back to it)."""
        return self._states[-1]

    @property
    def dirty(self) -> bool:
        return self._states[-1] != self._saved_state

    @property
    def recovery(self) -> Path:
        return recovery_path(self.path)

    # -- edits ------------------------------------------------------------------

    def apply(self, op: Op) -> None:
        """Apply an edit (checked against the rules; raises OpError)."""
        self.history.do(op)
        self._states.append(next(_tokens))
        self._redo_states.clear()
        self._after_change()

    def undo(self) -> str | None:
        label = self.history.undo()
        if label is not None:
            self._redo_states.append(self._states.pop())
            self._after_change()
        return label

    def redo(self) -> str | None:
        label = self.history.redo()
        if label is not None:
            self._states.append(self._redo_states.pop())
            self._after_change()
        return label

    def _after_change(self) -> None:
        if self.dirty:
            self.write_recovery()
        else:
            self.clear_recovery()

    # -- files ------------------------------------------------------------------

    def changed_on_disk(self) -> bool:
        return current_digest(Path(os.path.realpath(self.path))) != self.digest

    def save(self, path: str | os.PathLike[str] | None = None, *, force: bool = False) -> Path:
        """Save atomically.  Refuses (ChangedOnDisk) if the file changed since
        it was loaded or last saved, and (FileExistsError) to save over
        another existing file, unless ``force``."""
        target = Path(path) if path is not None else self.path
        same = os.path.realpath(target) == os.path.realpath(self.path)
        if not same and target.exists() and not force:
            raise FileExistsError(f"{target} already exists; choose another name")
        digest = save_map(
            self.map, target, expected=self.digest, check=same and not force, header=self.header
        )
        if not same:
            self.clear_recovery()
            self.path = target
        self.digest = digest
        self.comments = []
        self._saved_state = self._states[-1]
        self.clear_recovery()
        return target

    def write_recovery(self) -> None:
        with contextlib.suppress(OSError):  # recovery is best effort, never an error
            write_atomic(self.recovery, dump(self.map, self.header).encode("utf-8"))

    def clear_recovery(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.recovery.unlink()

    def discard(self) -> None:
        """Forget unsaved edits' recovery file (the caller then quits or reloads)."""
        self.clear_recovery()

    def read_recovery(self) -> ArgMap | None:
        """The map in the recovery file, when there is a valid one that
        differs from the file itself."""
        try:
            data = self.recovery.read_bytes()
        except OSError:
            return None
        loaded = load_bytes(data, str(self.recovery), base_dir=self.path.parent)
        if not loaded.ok or loaded.map == self.map:
            return None
        return loaded.map

    def restore_recovery(self, m: ArgMap) -> None:
        """Take the recovered map as unsaved edits (undoable as one step)."""
        self.apply(ReplaceMap(m.title, m.description, dict(m.sources), dict(m.claims)))

    def reload(self) -> Loaded:
        """Read the file again, dropping unsaved edits."""
        loaded = load(self.path)
        if loaded.ok:
            self.__init__(loaded)  # type: ignore[misc]
        return loaded


__all__ = ["ChangedOnDisk", "Document", "recovery_path"]
