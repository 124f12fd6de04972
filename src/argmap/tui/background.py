"""A Document whose recovery file is written off the UI thread."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from ..io.document import Document
from ..io.loader import Loaded


class BackgroundDocument(Document):
    """Writes the recovery file in a background thread, from a snapshot of
    the map taken at the edit (dumping a 10,000-claim map takes a tenth of a
    second): one write at a time, only the newest, and never after a clear
    (saving, undoing back to the saved state, discarding).

    ``background`` off: written at once, as Document does (small maps)."""

    def __init__(self, loaded: Loaded, background: bool = True) -> None:
        super().__init__(loaded)
        if not hasattr(self, "_writer"):  # reload() calls __init__ again
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="argmap-recovery")
            self._writing = threading.Lock()
            self._wanted = 0
            self._last: Future[None] | None = None
        self.background = background
        #: runs a callable once the screen shows the edit (the app's
        #: call_after_refresh): the write then does not share Python's lock
        #: with the drawing of the edit; None: at once
        self.later: Callable[[Callable[[], None]], object] | None = None
        self._deferred: Callable[[], None] | None = None

    def write_recovery(self) -> None:
        self._wanted += 1  # a write still queued is stale now
        if not self.background:  # at once, after any write under way
            with self._writing:
                super().write_recovery()
            return
        frozen = copy.copy(self)
        frozen.file = copy.copy(self.file)  # a save-as may move self.file meanwhile
        frozen.map = self.map.model_copy(update={"sources": dict(self.map.sources), "claims": dict(self.map.claims)})
        wanted = self._wanted

        def write() -> None:
            with self._writing:
                if wanted != self._wanted:  # a newer edit, or a clear, came since
                    return
                Document.write_recovery(frozen)
                self._base_written = frozen._base_written

        def submit() -> None:
            self._last = self._writer.submit(write)

        if self.later is None:
            submit()
            return
        self._deferred = submit  # (an older one not submitted yet is stale now)
        self.later(self._submit_deferred)

    def _submit_deferred(self) -> None:
        submit, self._deferred = self._deferred, None
        if submit is not None:
            submit()

    def clear_recovery(self) -> None:
        self._wanted += 1  # a write still queued is stale now
        if not self.background:
            with self._writing:
                super().clear_recovery()
            return

        frozen = copy.copy(self)
        frozen.file = copy.copy(self.file)  # the paths of now, not of when the worker runs
        self._base_written = None

        def clear() -> None:  # after any write under way, never waited for on the UI thread
            with self._writing:
                Document.clear_recovery(frozen)

        self._last = self._writer.submit(clear)

    def flush(self, timeout: float = 30) -> None:
        """Wait for the recovery file of the last edit to be written (or cleared)."""
        self._submit_deferred()
        last = self._last
        if last is not None:
            last.result(timeout)
