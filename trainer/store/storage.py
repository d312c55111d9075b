"""TinyDB extension points: an atomic, cached JSON storage and a table updated in place.

TinyDB's ``JSONStorage`` rewrites its file in place (a kill mid-write corrupts it) and its
``Table`` rebuilds the whole table on every change. Here the database lives in memory,
tables change one document at a time, and the file is only ever replaced atomically.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson
from tinydb import Storage
from tinydb.table import Table

from trainer.store.errors import StoreCorrupt, StoreUnwritable

TEMP_PREFIX = ".tmp-"
SNAPSHOT_HINT = "nothing was changed: run 'trainer restore' to rebuild it from the review log"


def unwritable(path: Path, exc: OSError) -> StoreUnwritable:
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        reason = "the disk is full"
    elif exc.errno == errno.EROFS:
        reason = "the folder is read-only"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        reason = "permission denied"
    return StoreUnwritable(f"cannot save progress to {path}: {reason}; everything recorded before is kept")


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX only; Windows has no directory fds)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``: a crash leaves either the old file or the new one."""
    atomic_write_from(path, (data,))


def atomic_write_from(path: Path, chunks) -> None:
    """Like ``atomic_write`` for data given as an iterable of byte chunks (a stream)."""
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise unwritable(path, exc) from exc


def replace_file(path: Path, data: bytes) -> None:
    """Replace a disposable cache file at once (never half written) but without fsync: a cache
    lost to a crash is only made again. OSError if it cannot be written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{TEMP_PREFIX}{path.name}.{os.getpid()}.{threading.get_ident()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def sweep_temp_files(folder: Path) -> None:
    """Remove temp files left by a crash between writing and renaming."""
    for stray in folder.glob(f"{TEMP_PREFIX}*"):
        with contextlib.suppress(OSError):
            stray.unlink()


class AtomicJSONStorage(Storage):
    """Reads the JSON file once, serves reads from memory, and writes by atomic replace.

    ``write`` keeps the data in memory only; ``flush`` puts it on disk. Durability of each
    answer comes from the event log (see ``journal.py``), so the snapshot is written rarely.
    """

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._data: dict[str, dict[str, Any]] | None = None
        self.digest = ""  # of the file's bytes as last read or written: names exactly this content

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._data is None:
            try:
                raw = self.path.read_bytes()
            except FileNotFoundError:
                self._data = {}
                return self._data
            self.digest = content_digest(raw)
            try:
                data = orjson.loads(raw) if raw.strip() else None
            except orjson.JSONDecodeError as exc:
                raise StoreCorrupt(f"progress file {self.path} is damaged ({exc}); {SNAPSHOT_HINT}", self.path) from exc
            if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
                raise StoreCorrupt(
                    f"progress file {self.path} is damaged (not a progress database); {SNAPSHOT_HINT}", self.path
                )
            self._data = data
        return self._data

    def reset(self) -> None:
        """Forget what was read: the database starts empty (the file itself is untouched)."""
        self._data = {}

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._data = data

    def flush(self) -> None:
        if self.readonly or self._data is None:
            return
        data = orjson.dumps(self._data)
        atomic_write(self.path, data)
        self.digest = content_digest(data)

    def close(self) -> None:
        pass


class InPlaceTable(Table):
    """A TinyDB table whose documents change one at a time, without rebuilding the table."""

    def _raw(self) -> dict[str, Any]:
        data = self._storage.read()
        assert data is not None  # AtomicJSONStorage reads {} for a missing file, never None
        return data.setdefault(self.name, {})

    def put(self, doc_id: int, document: Mapping[str, Any]) -> None:
        self._raw()[str(doc_id)] = dict(document)
        self._next_id = None
        self.clear_cache()

    def drop(self, doc_id: int) -> None:
        self._raw().pop(str(doc_id), None)
        self.clear_cache()

    def raw_items(self):
        """(doc_id, document) pairs straight from memory, without copying them."""
        return ((int(doc_id), doc) for doc_id, doc in self._raw().items())

    def raw_get(self, doc_id: int) -> dict[str, Any] | None:
        return self._raw().get(str(doc_id))
