"""Repairing a damaged profile: keep every intact review, rebuild the snapshot from the log.

The review log is the source of truth. Restore reads it line by line (memory does not grow
with its length) next to the backup's mirror copy, keeps every intact event whose review
id continues the sequence, takes from the mirror what the log lost (a damaged line, a cut
or deleted log), sets the rest aside, and builds a new snapshot from the result. The old
files stay in place until the new ones are complete, and the profile is opened before
success is reported.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import orjson

from trainer.days import local_now
from trainer.store.backups import (
    MIRROR,
    backup_root,
    backups,
    current_epoch,
    make_daily_backup,
    mirror_mismatch,
    reset_mirror,
    set_aside,
)
from trainer.store.errors import StoreCorrupt, StoreError
from trainer.store.journal import LogLine, scan
from trainer.store.lock import ProfileLock
from trainer.store.paths import DEFAULT_PROFILE, profile_dir
from trainer.store.storage import TEMP_PREFIX, fsync_dir, unwritable
from trainer.store.store import LOG_FILE, SNAPSHOT_FILE, UNDO_DEPTH, Store
from trainer.text import plural

__all__ = ["NothingToRestore", "RestoreReport", "diagnose", "restore_profile"]

_ID_RE = re.compile(rb'"id"\s*:\s*(\d{1,18})')


class NothingToRestore(StoreError):
    """The profile opens and every line of its log is intact."""


@dataclass
class RestoreReport:
    kept_reviews: int = 0  # review lines in the new log
    set_aside: int = 0  # lines not kept (damaged, repeated ids, undo of an unknown answer)
    from_backup: int = 0  # lines taken from the backup's copy of the log
    torn: int = 0  # a last line cut short by a kill (never acknowledged)
    damaged_files: list[Path] = field(default_factory=list)  # the old files, kept under these names
    problems: list[str] = field(default_factory=list)  # what was wrong, one line each
    expected_reviews: int | None = None  # what the old snapshot counted, if it could be read
    states_from: Path | None = None  # a snapshot used because no log could be recovered


@dataclass
class _Walk:
    """The lines to keep, decided in one streaming pass over the log and its mirror."""

    report: RestoreReport
    max_id: int = 0
    kept_lines: int = 0
    changed: bool = False


def _where(path: Path, line: int) -> str:
    return f"{path.name} line {line}"


def _candidates(log: Path, mirror: Path, walk: _Walk) -> Iterator[LogLine]:
    """The log's lines, with the mirror's copy in place of a damaged or missing part."""
    report = walk.report
    m_lines = scan(mirror)
    m_next = next(m_lines, None)
    agree = True  # the log so far is the mirror's content (and possibly more)
    end = 0
    number = 0
    for line in scan(log):
        number += 1
        while m_next is not None and m_next.position < line.position:
            m_next = next(m_lines, None)
        twin = m_next if m_next is not None and m_next.position == line.position and m_next.event else None
        if line.torn:
            report.torn = 1
            walk.changed = True
            break
        end = line.position + len(line.raw)
        if line.event is None:
            report.problems.append(f"{_where(log, number)}: {line.problem}")
            walk.changed = True
            if twin is not None:
                report.from_backup += 1
                yield twin
                continue
            yield line
            continue
        if twin is not None and twin.raw != line.raw:
            agree = False
        yield line
    if not agree:
        return
    while m_next is not None and m_next.position < end:
        m_next = next(m_lines, None)
    if m_next is not None and not log.exists():
        report.problems.append(f"{log.name} is missing; its backup copy holds more")
    elif m_next is not None:
        report.problems.append(f"{log.name} holds less than its backup copy: it was cut or emptied")
    while m_next is not None:
        if m_next.event is not None:
            report.from_backup += 1
            walk.changed = True
            yield m_next
        m_next = next(m_lines, None)


def _keep(folder: Path, walk: _Walk) -> Iterator[bytes]:
    """The new log's lines: intact events whose ids continue, in order."""
    report = walk.report
    last_id = 0
    undo: list[int] = []
    for line in _candidates(folder / LOG_FILE, backup_root(folder) / MIRROR, walk):
        for match in _ID_RE.finditer(line.raw):
            walk.max_id = max(walk.max_id, int(match.group(1)))
        event = line.event
        keep = event is not None
        if event is not None and event["e"] == "review":
            keep = event["id"] > last_id
            if keep:
                last_id = event["id"]
                undo.append(event["id"])
                del undo[:-UNDO_DEPTH]
                report.kept_reviews += 1
            else:
                report.problems.append(f"review id {event['id']} repeats an earlier id")
        elif event is not None and event["e"] == "void":
            keep = event["id"] in undo
            if keep:
                undo.remove(event["id"])
                report.kept_reviews -= 1
            else:
                report.problems.append(f"undo of review {event['id']}, which is not among the last answers")
        elif event is not None and event["e"] == "ids":
            last_id = max(last_id, event["next"] - 1)
        if keep:
            walk.kept_lines += 1
            yield line.raw
        else:
            report.set_aside += 1
            walk.changed = True
    if walk.max_id > last_id:
        # Ids seen only in lines set aside are never given again.
        walk.changed = True
        yield orjson.dumps({"e": "ids", "next": walk.max_id + 1}) + b"\n"


def _snapshot_problem(folder: Path) -> tuple[str | None, int | None]:
    """(what is wrong with progress.json, the reviews it counts) without changing anything."""
    store = Store(folder, "-", readonly=True)
    try:
        store._attach()
        store._check_snapshot()
    except (StoreCorrupt, ValueError) as exc:
        return f"{SNAPSHOT_FILE}: {exc}", None
    reviews = store._meta["reviews"] if store.snapshot_path.exists() else None
    mismatch = store.log_mismatch()
    return (f"{LOG_FILE} {mismatch}" if mismatch else None), reviews


def diagnose(folder: Path) -> list[str]:
    """Every problem found in a profile, read-only: one line each; empty when healthy."""
    problems: list[str] = []
    snapshot_problem, _ = _snapshot_problem(folder)
    if snapshot_problem:
        problems.append(snapshot_problem)
    walk = _Walk(RestoreReport())
    for _ in _keep(folder, walk):
        pass
    for problem in walk.report.problems:
        if problem not in problems:
            problems.append(problem)
    return problems


def _temp(folder: Path, suffix: str) -> Path:
    fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=suffix, dir=folder)
    os.close(fd)
    return Path(name)


def _write(path: Path, chunks: Iterator[bytes]) -> None:
    with open(path, "wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
        handle.flush()
        os.fsync(handle.fileno())


def _fallback_snapshot(folder: Path) -> tuple[dict, Path] | None:
    """The newest snapshot (current file, then backups newest first) that passes every check."""
    candidates = [folder / SNAPSHOT_FILE] + [b / SNAPSHOT_FILE for b in reversed(backups(folder))]
    for path in candidates:
        if not path.exists():
            continue
        store = Store(folder, "-", readonly=True, snapshot_path=path, log_path=folder / ".none")
        try:
            store._attach()
            store._check_snapshot()
        except (StoreCorrupt, ValueError, StoreError):
            continue
        if not store._doc_ids:
            continue
        store._meta["undo"] = []  # its offsets point into a log that is gone
        data = store.snapshot_data()
        return data, path
    return None


def restore_profile(
    data_dir: Path, profile: str = DEFAULT_PROFILE, *, clock: Callable[[], datetime] = local_now
) -> RestoreReport:
    """Repair a damaged profile in place; NothingToRestore if it is healthy, StoreError if it cannot be opened after."""
    folder = profile_dir(Path(data_dir), profile)
    if not folder.is_dir():
        raise StoreError(f"no progress for profile '{profile}' in {folder}; nothing to restore")
    lock = ProfileLock(folder, f"profile '{profile}' is open in another trainer; close it before restoring").acquire()
    try:
        problems = diagnose(folder)
        if not problems:
            raise NothingToRestore(f"progress in {folder} is not damaged; nothing to restore")
        report = _rebuild(folder, profile, clock)
        report.problems = problems
    finally:
        lock.release()
    try:
        Store.open(data_dir, profile, readonly=True).close()
    except StoreError as exc:
        raise StoreError(f"restore could not repair {folder}: {exc}") from exc
    return report


def _rebuild(folder: Path, profile: str, clock: Callable[[], datetime]) -> RestoreReport:
    log = folder / LOG_FILE
    snapshot = folder / SNAPSHOT_FILE
    _, expected = _snapshot_problem(folder)
    walk = _Walk(RestoreReport(expected_reviews=expected))
    report = walk.report
    new_log = _temp(folder, ".jsonl")
    new_snapshot = _temp(folder, ".json")
    try:
        _write(new_log, _keep(folder, walk))
        if walk.kept_lines == 0 and (fallback := _fallback_snapshot(folder)) is not None:
            data, report.states_from = fallback
        else:
            builder = Store(
                folder, profile, readonly=True, clock=clock, log_path=new_log, snapshot_path=folder / ".none"
            )
            builder._attach()
            builder._log.open()
            builder._replay()
            data = builder.snapshot_data()
        _write(new_snapshot, iter([orjson.dumps(data)]))
        # Everything new is complete: now swap, keeping the old files under dated names.
        if walk.changed and log.exists():
            report.damaged_files.append(set_aside(log, keep=True))
        if snapshot.exists():
            report.damaged_files.append(set_aside(snapshot, keep=True))
            os.unlink(snapshot)  # a kill from here on leaves the log alone, which opens by full replay
            fsync_dir(folder)
        if walk.changed or not log.exists():
            os.replace(new_log, log)
            fsync_dir(folder)
        os.replace(new_snapshot, snapshot)
        fsync_dir(folder)
    except OSError as exc:
        raise unwritable(folder, exc) from exc
    finally:
        for leftover in (new_log, new_snapshot):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    epoch = current_epoch(folder) + 1
    mirror = backup_root(folder) / MIRROR
    with contextlib.suppress(OSError):
        if mirror_mismatch(folder, log, log.stat().st_size):
            # The old copy holds a history the new log does not continue: keep it aside.
            report.damaged_files.append(set_aside(mirror))
    with contextlib.suppress(OSError, StoreError):
        reset_mirror(folder, log, epoch)
    today = Store(folder, profile, readonly=True, clock=clock).today()
    make_daily_backup(folder, snapshot, log, today, refresh=True, epoch=epoch)
    return report


def describe(report: RestoreReport) -> list[str]:
    """The lines ``trainer restore`` prints."""
    lines = [f"found: {problem}" for problem in report.problems[:5]]
    if len(report.problems) > 5:
        lines.append(f"found: {len(report.problems) - 5} more problems")
    lines.append(
        f"kept {plural(report.kept_reviews, 'review')}; "
        f"set aside {plural(report.set_aside, 'damaged line')}"
        + (f"; {plural(report.from_backup, 'line')} recovered from the backup copy" if report.from_backup else "")
        + ("; dropped a last line cut short by a kill (never saved)" if report.torn else "")
    )
    if report.states_from is not None:
        lines.append(f"no review log could be recovered: card states were taken from {report.states_from}")
    elif report.expected_reviews is not None and report.expected_reviews > report.kept_reviews:
        lost = report.expected_reviews - report.kept_reviews
        lines.append(f"{plural(lost, 'review')} counted before are in no log or backup and could not be kept")
    for path in report.damaged_files:
        lines.append(f"the old file is kept as {path}")
    lines.append("progress rebuilt from the review log; the profile opens again")
    return lines
