"""The event log: one JSON line per answer, undo or state change, appended and fsynced, never rewritten.

It is both the permanent review log and the journal that brings the snapshot up to date
on open. Only a last line without its newline (a write cut short by a kill, never
acknowledged) is ignored, and a writer trims it away. A complete line that is not a valid
event, wherever it is, is damage: the file is left exactly as it is and the error names the
file and the line, so that ``trainer restore`` can keep every intact review.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from trainer.store.checks import check_event
from trainer.store.errors import StoreCorrupt, StoreError
from trainer.store.storage import unwritable

RESTORE_HINT = "run 'trainer restore' to keep every intact review and set the damaged lines aside"


@dataclass(frozen=True)
class LogLine:
    """One line of the log as found: an event, or the reason it is not one."""

    position: int
    raw: bytes
    event: dict[str, Any] | None
    problem: str | None  # None for a good event
    torn: bool = False  # the last line, without its newline


def parse_line(raw: bytes) -> tuple[dict[str, Any] | None, str | None]:
    try:
        event = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None, "not valid JSON"
    try:
        return check_event(event), None
    except ValueError as exc:
        return None, str(exc)


def scan(path: Path, offset: int = 0) -> Iterator[LogLine]:
    """Every line of the log from ``offset``, read in a stream (memory does not grow with the file)."""
    if not path.exists():
        return
    with open(path, "rb") as handle:
        handle.seek(offset)
        position = offset
        for raw in handle:
            if not raw.endswith(b"\n"):
                yield LogLine(position, raw, None, "cut short (a write stopped by a kill)", torn=True)
                return
            event, problem = parse_line(raw)
            yield LogLine(position, raw, event, problem)
            position += len(raw)


def line_number(path: Path, position: int) -> int:
    """The 1-based number of the line starting at byte ``position``."""
    count = 1
    with open(path, "rb") as handle:
        left = position
        while left > 0:
            block = handle.read(min(left, 1 << 20))
            if not block:
                break
            count += block.count(b"\n")
            left -= len(block)
    return count


def starts_a_line(path: Path, offset: int) -> bool:
    if offset == 0:
        return True
    try:
        with open(path, "rb") as handle:
            handle.seek(offset - 1)
            return handle.read(1) == b"\n"
    except OSError:
        return False


def tail_digest(path: Path, offset: int) -> str:
    """A hash of the bytes just before ``offset``: the snapshot keeps it to notice a log changed under it."""
    try:
        with open(path, "rb") as handle:
            start = max(0, offset - 4096)
            handle.seek(start)
            data = handle.read(offset - start)
    except OSError:
        data = b""
    return hashlib.blake2b(data, digest_size=8).hexdigest()


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

    def _check_still_ours(self) -> None:
        # A log deleted or replaced behind our back (a sync tool, a restore elsewhere)
        # must not silently receive answers nobody will ever read.
        assert self._fd is not None
        try:
            on_disk = os.stat(self.path)
        except OSError:
            on_disk = None
        held = os.fstat(self._fd)
        if on_disk is None or (on_disk.st_ino, on_disk.st_dev) != (held.st_ino, held.st_dev):
            raise StoreError(
                f"review log {self.path} was removed or replaced while the trainer had it open; "
                "nothing more is saved: close the trainer and run 'trainer doctor'"
            )
        if held.st_size != self.size:
            raise StoreError(
                f"review log {self.path} was changed by another program while the trainer had it open; "
                "nothing more is saved: close the trainer and run 'trainer doctor'"
            )

    def append(self, event: dict[str, Any]) -> int:
        """Write one event durably; returns its offset. On failure the file is left as it was."""
        assert self._fd is not None, "the log is open read-only"
        self._check_still_ours()
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
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, size)

    def damaged(self, position: int, problem: str) -> StoreCorrupt:
        try:
            where = f"line {line_number(self.path, position)}"
        except OSError:
            where = f"byte {position}"
        return StoreCorrupt(
            f"review log {self.path} is damaged at {where}: {problem}; nothing was changed: {RESTORE_HINT}",
            self.path,
        )

    def read_from(self, offset: int) -> Iterator[tuple[int, int, dict[str, Any]]]:
        """(offset, length, event) from ``offset`` to the end; stops before a torn last line."""
        for line in scan(self.path, offset):
            if line.torn:
                return
            if line.event is None:
                raise self.damaged(line.position, line.problem or "not an event")
            yield line.position, len(line.raw), line.event

    def trim_torn_tail(self, end: int) -> None:
        if self._fd is not None and self.size > end:
            self._trim(end)
            self.size = end

    def read_at(self, offset: int) -> dict[str, Any] | None:
        """The event starting at ``offset``, or None if none does."""
        try:
            with open(self.path, "rb") as handle:
                handle.seek(offset)
                event, _ = parse_line(handle.readline())
                return event
        except OSError:
            return None

    def scan_for(self, needle: bytes) -> Iterator[dict[str, Any]]:
        """Every good event whose line contains ``needle`` (a cheap filter before parsing)."""
        if not self.path.exists():
            return
        with open(self.path, "rb") as handle:
            for line in handle:
                if needle in line and line.endswith(b"\n"):
                    event, _ = parse_line(line)
                    if event is not None:
                        yield event
