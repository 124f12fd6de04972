"""Long work in a background thread gives way while a person waits.

The TUI evaluates a large map, finds its prep warnings and counts its words in
worker threads.  They share Python's lock with the thread that draws the
screen: a key pressed meanwhile got half of it, and took two to eight times
as long (100,000 claims: the cursor took 121 ms, 383 ms at worst, while the
first evaluation ran).  So the UI thread ``hold()``s the workers when a key
comes and ``release()``s them once the screen shows it; the long loops call
``give_way()`` every so often, which waits while they are held, a quarter of
a second at most and never past half a second after the hold (a release
that never comes costs that once, never a hang).

Nothing here knows of any UI: with nobody holding, ``give_way()`` is one
check of a flag, and the thread that holds never waits for itself.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")

#: the longest a worker waits at one call, and after a hold (seconds): a
#: release that never comes (a key whose frame never came) stops nothing long
MAX_WAIT = 0.25
MAX_HOLD = 0.5

_free = threading.Event()
_free.set()
_holder: int | None = None  # the thread that holds (it never waits for itself)
_held_at = 0.0


def hold() -> None:
    """Someone waits for this thread: workers pause at their next give_way()."""
    global _holder, _held_at
    _holder = threading.get_ident()
    _held_at = time.monotonic()
    _free.clear()


def release() -> None:
    """Nobody waits any more: the workers go on."""
    _free.set()


def held() -> bool:
    return not _free.is_set()


def give_way() -> None:
    """Wait while someone else waits (see the module's docstring), never
    past MAX_HOLD after the hold."""
    if not _free.is_set() and threading.get_ident() != _holder:
        left = _held_at + MAX_HOLD - time.monotonic()
        if left > 0:
            _free.wait(min(left, MAX_WAIT))


#: items a worker handles between two give_way() checks in the helpers below
CHUNK = 8192


def zipped(keys: Sequence[K], values: Sequence[V]) -> dict[K, V]:
    """``dict(zip(keys, values))`` (of the same length), made in chunks with
    a give_way() between them: at 100,000 items the one C call held Python's
    lock for 25 ms, which no key could interrupt."""
    if len(keys) != len(values):
        raise ValueError(f"{len(keys)} keys, {len(values)} values")
    out: dict[K, V] = {}
    for start in range(0, len(keys), CHUNK):
        give_way()
        out.update(zip(keys[start:start + CHUNK], values[start:start + CHUNK], strict=True))
    return out
