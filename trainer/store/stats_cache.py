"""The statistics' view of the review log, cached: the log folded up to a byte offset, extended from its tail.

Reading a million log lines takes seconds, so ``<data dir>/cache/stats-<profile>.json`` keeps
the ``LogAggregate`` of the log up to an offset; opening reads only what was appended since.
A ``StatsLog`` keeps the aggregate in memory once read and extends it from the tail, so the
stats screen pays only for what was answered since it last opened; the first fold of a long
log reports its progress, and the UI runs it in a worker thread. The cache is disposable: a
damaged, foreign or outdated one is rebuilt from the log, and one that cannot be written is
simply not kept. It never changes the profile's own files.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import orjson

from trainer.days import parse_day_starts
from trainer.stats import LogAggregate
from trainer.store.errors import StoreError
from trainer.store.journal import EventLog
from trainer.store.storage import replace_file

__all__ = ["CACHE_VERSION", "StatsLog", "cache_path", "load_aggregate", "read_aggregate", "store_aggregate"]

CACHE_VERSION = 2  # 2: the header (offset, fingerprint, day start) comes first, readable alone
_EDGE = 256  # bytes of the log, at its start and just before the cached offset, that must still match
_PROGRESS_EVERY = 8192  # events folded between two progress reports
_SAVE_AFTER = 1 << 20  # bytes folded since the cache was written that are worth writing it again
_HEADER_RE = re.compile(rb'^\{"version":(\d+),"log_offset":(\d+),"fingerprint":"([0-9a-f]*)","starts":"([0-9:]+)"')

Progress = Callable[[float], None]  # told the share of the log folded so far, 0 to 1


def cache_path(data_dir: Path, profile: str) -> Path:
    return Path(data_dir) / "cache" / f"stats-{profile}.json"


def _fingerprint(log_path: Path, offset: int) -> str:
    """A hash of the log's first bytes and the bytes before ``offset``: a replaced log will not match."""
    digest = hashlib.sha1()
    try:
        with open(log_path, "rb") as handle:
            digest.update(handle.read(min(_EDGE, offset)))
            handle.seek(max(0, offset - _EDGE))
            digest.update(handle.read(min(_EDGE, offset)))
    except OSError:
        return ""
    return digest.hexdigest()


def _apply(agg: LogAggregate, event: dict[str, Any]) -> bool:
    """Fold one event in; False when an undo names an answer the aggregate no longer remembers."""
    kind = event.get("e")
    if kind == "review":
        agg.add(
            id=event.get("id"),
            time_iso=event["time"],
            key=event["key"],
            grade=event["grade"],
            kind=event.get("kind", "schedule"),
            response=event.get("response"),
            before=event.get("before"),
        )
    elif kind == "void":
        return agg.void(event["id"])
    return True


def _voided_ids(log: EventLog) -> set[int]:
    return {event["id"] for event in log.scan_for(b'"void"') if event.get("e") == "void"}


def read_aggregate(log_path: Path, starts: str, progress: Progress | None = None) -> tuple[LogAggregate, int]:
    """Fold the whole log: (aggregate, offset just past the last complete line)."""
    log = EventLog(log_path, readonly=True)
    agg = LogAggregate(starts=starts)
    end = 0
    retry = False
    for position, length, event in _reporting(log, progress):
        if not _apply(agg, event):
            retry = True
            break
        end = position + length
    if retry:  # an undo of an answer older than the aggregate remembers: skip undone answers up front
        voided = _voided_ids(log)
        agg = LogAggregate(starts=starts)
        end = 0
        for position, length, event in _reporting(log, progress):
            if event.get("e") == "review" and event.get("id") in voided:
                pass
            elif event.get("e") != "void":
                _apply(agg, event)
            end = position + length
    return agg, end


def _reporting(log: EventLog, progress: Progress | None) -> Iterator[tuple[int, int, dict[str, Any]]]:
    """The whole log's events, telling ``progress`` the share read every few thousand of them."""
    size = max(1, _size(log.path))
    for n, line in enumerate(log.read_from(0)):
        if progress is not None and n % _PROGRESS_EVERY == 0:
            progress(min(1.0, line[0] / size))
        yield line


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _header(path: Path) -> tuple[int, int, str, str] | None:
    """(version, offset, fingerprint, day start) from the cache's first bytes, without reading the rest."""
    try:
        with open(path, "rb") as handle:
            found = _HEADER_RE.match(handle.read(512))
    except OSError:
        return None
    if found is None:
        return None
    return int(found[1]), int(found[2]), found[3].decode(), found[4].decode()


def _load(path: Path, log_path: Path, starts: str) -> tuple[LogAggregate, int] | None:
    try:
        data = orjson.loads(path.read_bytes())
        if data.get("version") != CACHE_VERSION:
            return None
        offset = int(data["log_offset"])
        if not log_path.exists() or offset > log_path.stat().st_size:
            return None
        if data.get("fingerprint") != _fingerprint(log_path, offset):
            return None
        agg = LogAggregate.from_dict(data["aggregate"])
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None
    if agg.starts != starts:
        return None
    return agg, offset


def _save(path: Path, log_path: Path, agg: LogAggregate, offset: int) -> bool:
    payload = {  # the header keys first, in this order: ``_header`` reads them alone
        "version": CACHE_VERSION,
        "log_offset": offset,
        "fingerprint": _fingerprint(log_path, offset),
        "starts": agg.starts,
        "aggregate": agg.to_dict(),
    }
    try:
        replace_file(path, orjson.dumps(payload))
    except (OSError, StoreError):
        return False  # a cache that cannot be kept is rebuilt next time
    return True


class StatsLog:
    """One profile's log aggregate: read from the cache once, then kept in memory and extended from the log's tail.

    ``pending()`` says cheaply how much of the log the next ``get()`` must read, so the UI can
    fold a long one in a worker thread with a progress bar. A lock makes ``get`` safe to call
    from that thread; the aggregate it returns is extended in place by the next ``get``.
    """

    def __init__(self, data_dir: Path, profile: str, log_path: Path, settings: Callable[[], Mapping]) -> None:
        self.path = cache_path(data_dir, profile)
        self.log_path = Path(log_path)
        self._settings = settings
        self._lock = threading.Lock()
        self._agg: LogAggregate | None = None
        self._offset = 0  # the log folded into ``_agg`` up to here
        self._saved = 0  # ... and the cache file holds it up to here

    @classmethod
    def of_store(cls, store: Any) -> StatsLog:
        """The aggregate for an open ``Store`` (its data folder is two levels above the profile's)."""
        folder = Path(store.profile_dir)
        return cls(folder.parent.parent, store.profile, Path(store.log_path), store.settings)

    def _starts(self) -> str:
        return parse_day_starts(self._settings().get("day_starts")).strftime("%H:%M")

    def pending(self) -> int:
        """Bytes of the log the next ``get()`` reads: its tail, or all of it without a usable cache."""
        size = _size(self.log_path)
        starts = self._starts()
        agg = self._agg
        if agg is not None and agg.starts == starts and self._offset <= size:
            return size - self._offset
        header = _header(self.path)
        if header is None:
            return size
        version, offset, fingerprint, cached_starts = header
        usable = version == CACHE_VERSION and offset <= size and cached_starts == starts
        if not usable or fingerprint != _fingerprint(self.log_path, offset):
            return size
        return size - offset

    def get(self, progress: Progress | None = None) -> LogAggregate:
        """The aggregate of the whole log as it is now."""
        with self._lock:
            starts = self._starts()
            if not self.log_path.exists():
                return LogAggregate(starts=starts)  # nothing studied yet: nothing worth a cache file
            agg = self._agg
            if agg is None or agg.starts != starts or self._offset > _size(self.log_path):
                cached = _load(self.path, self.log_path, starts)
                if cached is None:
                    agg, self._offset = read_aggregate(self.log_path, starts, progress)
                    self._saved = 0
                else:
                    agg, self._offset = cached
                    self._saved = self._offset
            for position, length, event in EventLog(self.log_path, readonly=True).read_from(self._offset):
                if not _apply(agg, event):  # an undo older than the aggregate remembers
                    agg, self._offset = read_aggregate(self.log_path, starts, progress)
                    self._saved = 0
                    break
                self._offset = position + length
            self._agg = agg
            if self._offset - self._saved >= _SAVE_AFTER or (self._saved == 0 and self._offset):
                self._save_locked()
            return agg

    def save(self) -> None:
        """Write what is folded in memory to the cache, if it holds more than the file (e.g. at exit)."""
        with self._lock:
            if self._agg is not None and self._offset != self._saved:
                self._save_locked()

    def refresh(self) -> None:
        """Bring a usable cache up to the log's end (cheap: the tail only); never read the whole log."""
        if self._agg is None and self.pending() == _size(self.log_path):
            return  # no usable cache and nothing in memory: the stats screen will make one
        self.get()
        self.save()

    def _save_locked(self) -> None:
        if self._agg is not None and _save(self.path, self.log_path, self._agg, self._offset):
            self._saved = self._offset


def load_aggregate(data_dir: Path, profile: str, log_path: Path, settings: dict) -> LogAggregate:
    """The aggregate of the whole log, from the cache and the log's tail (rebuilt when needed)."""
    return StatsLog(data_dir, profile, log_path, lambda: settings).get()


def store_aggregate(store: Any) -> LogAggregate:
    """The aggregate for an open ``Store``, read once (the CLI); the app keeps a ``StatsLog``."""
    return StatsLog.of_store(store).get()
