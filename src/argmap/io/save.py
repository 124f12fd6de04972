"""Saving without losing anything: atomic replace, permissions kept, and no
silent overwrite of a file that changed on disk since it was loaded."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .loader import digest_of

if TYPE_CHECKING:  # pydantic, for saving maps only (an export writes without it)
    from ..model import ArgMap


class ChangedOnDisk(Exception):
    """The file is no longer what was loaded."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path}: changed on disk since it was loaded; reload it, or save under another name"
        )
        self.path = path


class Locked(OSError):
    """Another writer held the map's lock for too long."""


#: How long a writer waits for another one to finish (seconds).
LOCK_TIMEOUT = 10.0


def lock_path(path: str | os.PathLike[str]) -> Path:
    """The lock file of the map at ``path`` (beside the real file, links resolved)."""
    target = Path(os.path.realpath(path))
    return target.parent / f".{target.name}.lock"


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def map_lock(path: str | os.PathLike[str], *, timeout: float = LOCK_TIMEOUT) -> Iterator[Path]:
    """Hold the advisory lock of the map at ``path`` (``fcntl.flock`` on a
    sibling ``.NAME.lock``, which outlives the atomic replaces of the map
    itself).  The lock file gets the map's permissions (at most), is never
    opened through a symbolic link, and is left in place (removing it would
    race with the next writer).  Waits up to ``timeout``, then raises
    :class:`Locked`."""
    target = Path(os.path.realpath(path))
    lock = target.parent / f".{target.name}.lock"
    if not target.parent.is_dir():
        raise FileNotFoundError(2, "No such folder", str(target.parent))
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode) & 0o666
    except OSError:
        mode = _new_file_mode()
    try:
        fd = os.open(lock, os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK, mode)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise Locked(errno.ELOOP, f"{lock} is a symbolic link; remove it", str(lock)) from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise Locked(errno.EINVAL, f"{lock} is not a regular file; remove it", str(lock))
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise Locked(
                        errno.EAGAIN,
                        f"another program is writing {Path(path).name} (it holds {lock.name}); try again",
                        str(path),
                    ) from None
                time.sleep(0.005)
        yield lock
    finally:
        os.close(fd)  # releases the lock


def _tmp_pattern(name: str) -> re.Pattern[str]:
    # the names tempfile.mkstemp(prefix=".NAME.", suffix=".tmp") makes
    return re.compile(re.escape(f".{name}.") + r"[a-z0-9_]{8}\.tmp")


def remove_stale_temps(target: Path, keep: str | None = None) -> list[str]:
    """Remove temporary files a killed save of ``target`` left behind.

    Only regular files named as our saves name them; call it holding the
    map's lock, when no other save of ``target`` can be under way."""
    pattern = _tmp_pattern(target.name)
    removed: list[str] = []
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    for name in names:
        if name == keep or not pattern.fullmatch(name):
            continue
        p = target.parent / name
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.lstat(p).st_mode):
                p.unlink()
                removed.append(name)
    return removed


def current_digest(path: Path) -> str | None:
    """sha256 of the file's bytes now, or ``None`` when there is no file."""
    try:
        return digest_of(path.read_bytes())
    except FileNotFoundError:
        return None


def write_atomic(
    path: str | os.PathLike[str],
    data: bytes | Iterable[bytes],
    *,
    expected: str | None = None,
    check: bool = False,
    lock: bool | None = None,
) -> str:
    """Replace ``path`` with ``data`` atomically; returns the new digest.
    ``data`` may come in pieces (bytes as they are made), written as they come.

    With ``check``, refuse (:class:`ChangedOnDisk`) unless the file's digest
    is still ``expected`` (``None``: the file must not exist).  The check and
    the replace then happen under the map's lock (:func:`map_lock`), so two
    writers can never both pass the check, and temporary files a killed save
    left are removed.  ``lock`` (default: ``check``) says whether to take the
    lock; ``False`` when the caller holds it already."""
    if lock is False:  # the caller holds the lock
        return _write_locked(path, data, expected=expected, check=check, cleanup=True)
    if lock is None and not check:  # an export or a new file: nothing to race with
        return _write_locked(path, data, expected=expected, check=check, cleanup=False)
    with map_lock(path):
        return _write_locked(path, data, expected=expected, check=check, cleanup=True)


def _write_locked(
    path: str | os.PathLike[str], data: bytes | Iterable[bytes], *, expected: str | None, check: bool, cleanup: bool
) -> str:
    target = Path(os.path.realpath(path))  # write through a link, keep the link
    if check and current_digest(target) != expected:
        raise ChangedOnDisk(Path(path))
    try:
        st = target.stat()
        if target.is_dir():
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(st.st_mode):
            # a pipe, a device, a socket: write into it, never replace it
            with open(target, "wb") as fh:
                return _write_data(fh, data)
        mode = stat.S_IMODE(st.st_mode)
    except FileNotFoundError:
        mode = _new_file_mode()
    if not target.parent.is_dir():
        raise FileNotFoundError(2, "No such folder", str(target.parent))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    if cleanup:  # under the lock no other save of this map is under way
        remove_stale_temps(target, keep=os.path.basename(tmp))
    try:
        with os.fdopen(fd, "wb") as fh:
            digest = _write_data(fh, data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dfd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    return digest


def _write_data(fh: Any, data: bytes | Iterable[bytes]) -> str:
    """Write ``data`` (bytes, or bytes in pieces) to ``fh``; returns its digest."""
    if isinstance(data, bytes):
        fh.write(data)
        return digest_of(data)
    h = hashlib.sha256()
    for chunk in data:
        h.update(chunk)
        fh.write(chunk)
    return h.hexdigest()


def write_private(path: Path, data: bytes, mode: int) -> None:
    """Replace ``path`` itself with ``data`` (mode ``mode``), atomically.

    Unlike :func:`write_atomic` this never writes through a symbolic link:
    a link planted at ``path`` is replaced, its target left alone.  For
    argmap's own files beside a map (recovery); call it holding the map's
    lock, which makes removing stale temporary files safe."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    remove_stale_temps(path, keep=os.path.basename(tmp))
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), mode)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class Unreadable(OSError):
    """A file argmap refuses to read (not a regular file, or too large)."""


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path`` (at most ``limit``).

    Never follows a symbolic link and never blocks on a FIFO or device
    (``O_NOFOLLOW | O_NONBLOCK``, then ``fstat``): those raise
    :class:`Unreadable`, as does a file larger than ``limit``."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise Unreadable(errno.ELOOP, "is a symbolic link", str(path)) from None
        raise
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Unreadable(errno.EINVAL, "is not a regular file", str(path))
        if st.st_size > limit:
            raise Unreadable(errno.EFBIG, f"is larger than {limit // 2**20} MiB", str(path))
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise Unreadable(errno.EFBIG, f"is larger than {limit // 2**20} MiB", str(path))
    return data


def save_map(
    m: ArgMap,
    path: str | os.PathLike[str],
    *,
    expected: str | None = None,
    check: bool = True,
    header: str = "",
    lock: bool | None = None,
) -> str:
    """Write ``m`` in canonical form after ``header``; see :func:`write_atomic`."""
    from .writer import dump

    return write_atomic(path, dump(m, header).encode("utf-8"), expected=expected, check=check, lock=lock)
