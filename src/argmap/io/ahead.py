"""Reading a large map's YAML in a child process while this one starts up.

Opening a 10,000-claim map in the TUI spent about 0.3 s parsing its YAML
and about 0.45 s importing the TUI (Textual, the models), one after the
other, on a machine with cores to spare.  :func:`start` forks a child that
parses the file's bytes (as :func:`argmap.io.loader.load` would) and hands
the plain data back through a pipe (``marshal``: tens of milliseconds), while
the parent imports; :func:`argmap.io.loader.load` given the
:class:`ReadAhead` takes that data instead of parsing again, and checks it
as always.

Anything unusual (no ``fork``, a small file, a YAML error, a child that
fails or is killed) gives no data, and the load reads the file itself as
before: the read-ahead only ever saves time.
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import signal
from dataclasses import dataclass, field
from pathlib import Path

from . import yamlread
from .loader import _POSITIONS_AT_ONCE, read_map_file

#: Files smaller than this are parsed in the process (with their positions,
#: in one pass: see the loader); forking would not pay.
MIN_BYTES = _POSITIONS_AT_ONCE


@dataclass
class ReadAhead:
    """A child parsing ``data`` (the file's bytes as read at the start)."""

    path: Path
    data: bytes
    pid: int
    fd: int
    _read: yamlread.Read | None = field(default=None, repr=False)
    _done: bool = False
    _reaped: bool = False

    def result(self) -> yamlread.Read | None:
        """The child's reading of ``data`` (waiting for it), or None when it
        could not read it (the caller reads the file itself)."""
        if self._done:
            return self._read
        self._done = True
        chunks = []
        try:
            with os.fdopen(self.fd, "rb") as pipe:
                while chunk := pipe.read(1 << 20):
                    chunks.append(chunk)
        except OSError:
            chunks = []
        status = self._reap()
        if status != 0 or not chunks:
            return None
        try:
            data, duplicates = marshal.loads(b"".join(chunks))
        except (EOFError, ValueError, TypeError):
            return None
        self._read = yamlread.Read(data=data, duplicates=[(tuple(p), line, col) for p, line, col in duplicates])
        return self._read

    def _reap(self) -> int:
        if self._reaped:
            return -1
        self._reaped = True
        try:
            return os.waitpid(self.pid, 0)[1]
        except ChildProcessError:
            return -1

    def cancel(self) -> None:
        """Done with it (used or not): stop the child if it still runs, reap
        it, and let go of the bytes and the data."""
        if not self._done:
            self._done = True
            with contextlib.suppress(OSError):
                os.close(self.fd)
        if not self._reaped:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self._reap()
        self.data, self._read = b"", None


def start(path: str | os.PathLike[str]) -> ReadAhead | None:
    """Start parsing the map file at ``path`` in a child process, if it is
    large enough to pay and this system can fork; else None.
    ``ARGMAP_READ_AHEAD=0`` in the environment turns it off (to compare)."""
    if not hasattr(os, "fork") or os.environ.get("ARGMAP_READ_AHEAD") == "0":
        return None
    p = Path(path)
    if p.suffix.lower() not in (".yaml", ".yml"):
        return None
    try:
        if p.stat().st_size < MIN_BYTES:
            return None
    except OSError:
        return None
    data = read_map_file(p)
    if isinstance(data, str) or len(data) < MIN_BYTES:
        return None
    try:
        r, w = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(r)
        os.close(w)
        return None
    if pid == 0:  # the child: parse, send, and leave without any cleanup of the parent's
        code = 1
        try:
            os.close(r)
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # ctrl+c is for the parent
            gc.disable()  # plain data, no cycles, and the child ends at once
            read = yamlread.read(data)
            payload = marshal.dumps((read.data, read.duplicates))
            with os.fdopen(w, "wb") as pipe:
                pipe.write(payload)
            code = 0
        except BaseException:  # anything: the parent reads the file itself
            pass
        os._exit(code)
    os.close(w)
    return ReadAhead(p, data, pid, r)
