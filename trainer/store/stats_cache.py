"""The statistics' view of the review log, cached: the log folded up to a byte offset, extended from its tail.

Reading a million log lines takes seconds, so ``<data dir>/cache/stats-<profile>.json`` keeps
the ``LogAggregate`` of the log up to an offset; opening reads only what was appended since.
The cache is disposable: a damaged, foreign or outdated one is rebuilt from the log, and one
that cannot be written is simply not kept. It never changes the profile's own files.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import orjson

from trainer.days import parse_day_starts
from trainer.stats import LogAggregate
from trainer.store.errors import StoreError
from trainer.store.journal import EventLog

__all__ = ["CACHE_VERSION", "cache_path", "load_aggregate", "read_aggregate", "store_aggregate"]

CACHE_VERSION = 1
_EDGE = 256  # bytes of the log, at its start and just before the cached offset, that must still match


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


def read_aggregate(log_path: Path, starts: str) -> tuple[LogAggregate, int]:
    """Fold the whole log: (aggregate, offset just past the last complete line)."""
    log = EventLog(log_path, readonly=True)
    agg = LogAggregate(starts=starts)
    end = 0
    retry = False
    for position, length, event in log.read_from(0):
        if not _apply(agg, event):
            retry = True
            break
        end = position + length
    if retry:  # an undo of an answer older than the aggregate remembers: skip undone answers up front
        voided = _voided_ids(log)
        agg = LogAggregate(starts=starts)
        end = 0
        for position, length, event in log.read_from(0):
            if event.get("e") == "review" and event.get("id") in voided:
                pass
            elif event.get("e") != "void":
                _apply(agg, event)
            end = position + length
    return agg, end


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


def _write(path: Path, data: bytes) -> None:
    # Replaced atomically but not fsynced: a cache lost to a crash is only rebuilt.
    tmp = path.with_name(f".tmp-{path.name}.{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _save(path: Path, log_path: Path, agg: LogAggregate, offset: int) -> None:
    payload = {
        "version": CACHE_VERSION,
        "log_offset": offset,
        "fingerprint": _fingerprint(log_path, offset),
        "aggregate": agg.to_dict(),
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(path, orjson.dumps(payload))
    except (OSError, StoreError):
        pass  # a cache that cannot be kept is rebuilt next time


def load_aggregate(data_dir: Path, profile: str, log_path: Path, settings: dict) -> LogAggregate:
    """The aggregate of the whole log, from the cache and the log's tail (rebuilt when needed)."""
    starts = parse_day_starts(settings.get("day_starts")).strftime("%H:%M")
    if not log_path.exists():
        return LogAggregate(starts=starts)  # nothing studied yet: nothing worth a cache file
    path = cache_path(data_dir, profile)
    cached = _load(path, log_path, starts)
    if cached is None:
        agg, end = read_aggregate(log_path, starts)
        _save(path, log_path, agg, end)
        return agg
    agg, offset = cached
    end = offset
    for position, length, event in EventLog(log_path, readonly=True).read_from(offset):
        if not _apply(agg, event):
            agg, end = read_aggregate(log_path, starts)
            break
        end = position + length
    if end != offset:
        _save(path, log_path, agg, end)
    return agg


def store_aggregate(store: Any) -> LogAggregate:
    """The aggregate for an open ``Store`` (its data folder is two levels above the profile's)."""
    folder = Path(store.profile_dir)
    return load_aggregate(folder.parent.parent, store.profile, Path(store.log_path), store.settings())
