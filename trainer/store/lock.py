"""One writer per profile: a lock that deleting or replacing a path cannot break.

The lock is held on open file descriptors, not on names: on the profile folder itself
(which must exist while the profile does) and on its ``lock`` file. Before each write the
holder checks that the names still lead to what it holds, so a ``rm lock`` or a folder
swapped by a sync tool is noticed instead of letting a second trainer write alongside.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from trainer.store.errors import StoreError, StoreLocked
from trainer.store.storage import unwritable

try:
    import fcntl
except ImportError:  # Windows: open files cannot be deleted there, so filelock's lock is enough
    fcntl = None  # type: ignore[assignment]

LOCK_FILE = "lock"


def _identity(stat: os.stat_result) -> tuple[int, int]:
    return stat.st_dev, stat.st_ino


class ProfileLock:
    def __init__(self, folder: Path, busy_message: str) -> None:
        self.folder = folder
        self.path = folder / LOCK_FILE
        self.busy_message = busy_message
        self._fds: list[int] = []
        self._fallback = None

    def acquire(self) -> ProfileLock:
        if fcntl is None:
            import filelock

            self._fallback = filelock.FileLock(str(self.path), timeout=0)
            try:
                self._fallback.acquire()
            except filelock.Timeout:
                raise StoreLocked(self.busy_message) from None
            return self
        try:
            self._fds.append(self._flock(os.open(self.folder, os.O_RDONLY)))
            self._fds.append(self._flock(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)))
        except StoreLocked:
            self.release()
            raise
        except OSError as exc:
            self.release()
            raise unwritable(self.folder, exc) from exc
        return self

    def _flock(self, fd: int) -> int:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise StoreLocked(self.busy_message) from None
        return fd

    def verify(self) -> None:
        """Raise StoreError unless the folder and lock file on disk are still the ones held."""
        if fcntl is None or len(self._fds) != 2:
            return
        folder_fd, lock_fd = self._fds
        try:
            folder_same = _identity(os.stat(self.folder)) == _identity(os.fstat(folder_fd))
        except OSError:
            folder_same = False
        if not folder_same:
            raise StoreError(
                f"the profile folder {self.folder} was moved or replaced while the trainer had it open; "
                "nothing more is saved: close the trainer and open it again"
            )
        try:
            lock_same = _identity(os.stat(self.path)) == _identity(os.fstat(lock_fd))
        except FileNotFoundError:
            lock_same = False
        if lock_same:
            return
        # The lock file was deleted or replaced. The folder lock still keeps other trainers
        # out, so take the new file too; if someone else already holds it, stop writing.
        try:
            fd = self._flock(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644))
        except OSError as exc:
            raise unwritable(self.path, exc) from exc
        os.close(lock_fd)
        self._fds[1] = fd

    def release(self) -> None:
        for fd in self._fds:
            with contextlib.suppress(OSError):
                os.close(fd)  # closing the descriptor releases its flock
        self._fds = []
        if self._fallback is not None:
            self._fallback.release()
            self._fallback = None
