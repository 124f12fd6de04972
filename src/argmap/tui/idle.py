"""Python's full garbage collections, run while nobody waits for the screen.

A full (oldest-generation) collection walks every object the app has made
since the map was read: on a 10,000-claim map that took 70 to 120 ms, and it
came whenever the allocations of a key (or of a worker's evaluation) crossed
Python's threshold, so it landed inside a key's time, a key in twenty.  The
app leaves the young generations to Python (they are small and cheap) and
runs the full collection itself, once no key or click has come for a while
and no work runs in the background, when Python's count says one is due (it
would also have waited while the objects new since the last one were under
a quarter of those it keeps: this collects a little more often, never while
someone waits).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

#: a threshold the oldest generation's count never reaches
NEVER = 1 << 30


class IdleCollector:
    """Holds back Python's full collections and runs them when idle.

    ``busy``: whether background work runs (a collection would stall it).
    ``quiet``: seconds without input before collecting."""

    def __init__(self, busy: Callable[[], bool], quiet: float = 1.0) -> None:
        self.busy = busy
        self.quiet = quiet
        self.last_input = time.monotonic()
        self.collections = 0
        self._saved: tuple[int, int, int] | None = None

    def start(self) -> None:
        if self._saved is None:
            self._saved = gc.get_threshold()
            young, middle, _ = self._saved
            gc.set_threshold(young, middle, NEVER)

    def stop(self) -> None:
        """Python's own thresholds again (the app has stopped)."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def input(self) -> None:
        """A key or a click came: someone waits for the screen."""
        self.last_input = time.monotonic()

    def due(self) -> bool:
        """Whether Python's count says a full collection is due (its count of
        middle-generation collections since the last one is past the threshold)."""
        return self._saved is not None and gc.isenabled() and gc.get_count()[2] >= self._saved[2]

    def idle(self) -> bool:
        """Whether nobody waits: no input for a while, no work in the background."""
        return not self.busy() and time.monotonic() - self.last_input >= self.quiet

    def tick(self) -> bool:
        """Collect if it is due and nobody waits; whether it collected."""
        if not self.due() or not self.idle():
            return False
        gc.collect()
        self.collections += 1
        return True
