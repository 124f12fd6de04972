"""Saving without losing anything: atomic replace, permissions kept, and no
silent overwrite of a file that changed on disk since it was loaded."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from ..model import ArgMap
from .loader import digest_of
from .writer import dump


class ChangedOnDisk(Exception):
    """The file is no longer what was loaded."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path}: changed on disk since it was loaded; reload it, or save under another name"
        )
        self.path = path


def current_digest(path: Path) -> str | None:
    """sha256 of the file's bytes now, or ``None`` when there is no file."""
    try:
        return digest_of(path.read_bytes())
    except FileNotFoundError:
        return None


def write_atomic(path: str | os.PathLike[str], data: bytes, *, expected: str | None = None, check: bool = False) -> str:
    """Replace ``path`` with ``data`` atomically; returns the new digest.

    With ``check``, refuse (:class:`ChangedOnDisk`) unless the file's digest
    is still ``expected`` (``None``: the file must not exist)."""
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
                fh.write(data)
            return digest_of(data)
        mode = stat.S_IMODE(st.st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    if not target.parent.is_dir():
        raise FileNotFoundError(2, "No such folder", str(target.parent))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
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
    return digest_of(data)


def save_map(
    m: ArgMap,
    path: str | os.PathLike[str],
    *,
    expected: str | None = None,
    check: bool = True,
    header: str = "",
) -> str:
    """Write ``m`` in canonical form after ``header``; see :func:`write_atomic`."""
    return write_atomic(path, dump(m, header).encode("utf-8"), expected=expected, check=check)
