"""The event log: one JSON line per answer, undo or state change, appended and fsynced, never rewritten.

It is both the permanent review log and the journal that brings the snapshot up to date
on open. A line cut short by a kill was never acknowledged, so it is ignored (and, by a
writer, trimmed away); a broken line anywhere else means the file is damaged.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from trainer.store.errors import StoreCorrupt
from trainer.store.storage import unwritable


class EventLog:
    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly
        self._fd: int | None = None
        self.size = 0

    def open(self) -> None:
        if self.readonly:
            self.size = self.path.stat().st_size if self.path.exists() else 0
            return
        try:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        except OSError as exc:
            raise unwritable(self.path, exc) from exc
        self.size = os.fstat(self._fd).st_size

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def append(self, event: dict[str, Any]) -> int:
        """Write one event durably; returns its offset. On failure the file is left as it was."""
        assert self._fd is not None, "the log is open read-only"
        line = orjson.dumps(event) + b"\n"
        offset = self.size
        try:
            written = 0
            while written < len(line):
                written += os.write(self._fd, line[written:])
            os.fsync(self._fd)
        except OSError as exc:
            self._trim(offset)
            raise unwritable(self.path, exc) from exc
        self.size = offset + len(line)
        return offset

    def _trim(self, size: int) -> None:
        # Drop a half-written line so the next append starts on a line of its own.
        try:
            os.ftruncate(self._fd, size)
        except OSError:
            pass

    def read_from(self, offset: int) -> Iterator[tuple[int, int, dict[str, Any]]]:
        """(offset, length, event) from ``offset`` to the end; stops before a torn last line."""
        if not self.path.exists():
            return
        with open(self.path, "rb") as handle:
            handle.seek(offset)
            position = offset
            for number, line in enumerate(handle):
                if not line.endswith(b"\n"):
                    break  # torn by a kill: never acknowledged
                try:
                    event = orjson.loads(line)
                except orjson.JSONDecodeError as exc:
                    if handle.read(1) == b"":
                        break  # a damaged last line is a torn write too
                    raise StoreCorrupt(
                        f"review log {self.path} is damaged at byte {position} ({exc})", self.path
                    ) from exc
                if not isinstance(event, dict) or "e" not in event:
                    raise StoreCorrupt(f"review log {self.path} is damaged at byte {position}", self.path)
                yield position, len(line), event
                position += len(line)

    def trim_torn_tail(self, end: int) -> None:
        if self._fd is not None and self.size > end:
            self._trim(end)
            self.size = end

    def read_at(self, offset: int) -> dict[str, Any]:
        with open(self.path, "rb") as handle:
            handle.seek(offset)
            return orjson.loads(handle.readline())

    def scan_for(self, needle: bytes) -> Iterator[dict[str, Any]]:
        """Every complete event whose line contains ``needle`` (a cheap filter before parsing)."""
        if not self.path.exists():
            return
        with open(self.path, "rb") as handle:
            for line in handle:
                if needle in line and line.endswith(b"\n"):
                    try:
                        yield orjson.loads(line)
                    except orjson.JSONDecodeError:
                        pass
