"""One server per data folder: an exclusive lock on ``<data dir>/server.lock`` while it runs.

Two servers on one data folder would each take the other's running jobs for dead ones. The lock
is an ``flock`` on an open file: the kernel drops it when the holding process ends, however it
ends (``kill -9`` included), so a stale lock file never blocks a restart. Spawned worker
processes do not inherit the descriptor, so an orphaned worker does not hold the folder either.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from hingecoach.errors import InputError

LOCK_NAME = "server.lock"


class FolderInUse(InputError):
    """Another server runs on this data folder."""


class FolderLock:
    """A held data-folder lock; :meth:`release` (or the process ending) frees it."""

    def __init__(self, path: Path, fd: int):
        """Wrap an open, locked descriptor of ``path``."""
        self.path = path
        self._fd: int | None = fd

    def release(self) -> None:
        """Unlock and close (idempotent)."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def lock_data_folder(data_dir: Path) -> FolderLock:
    """Take the data folder for this process, or refuse with who holds it.

    Raises:
        FolderInUse: another process (or another app in this one) holds the folder.
        InputError: the lock file cannot be opened.
    """
    path = data_dir / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError as e:
        raise InputError(f"cannot use the data folder {data_dir}: {e.strerror or e}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
        os.close(fd)
        raise FolderInUse(
            f"the data folder {data_dir} is in use by another hingecoach server (pid {holder}); "
            "stop it first, or give this one its own --data-dir"
        ) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
    return FolderLock(path, fd)
