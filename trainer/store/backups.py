"""Rolling daily backups: a snapshot per study day and a mirror copy of the review log.

Each day's first open saves the snapshot (small) and extends a mirror copy of the review
log with the bytes added since (the log is append-only, so the mirror never needs a full
copy). The 7 backups that hold the most are kept. Backups are ordered by what they hold
(restore generation, then log size), not by their dated names, so one made under a wrong
clock cannot stay "latest". A backup that cannot be made never stops studying.
"""

from __future__ import annotations

import os
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson

from trainer.store.errors import StoreError
from trainer.store.storage import atomic_write, fsync_dir

BACKUP_DIR = "backups"
MIRROR = "log-mirror.jsonl"
INFO = "backup.json"
KEEP = 7


def backup_root(profile_dir: Path) -> Path:
    return profile_dir / BACKUP_DIR


def _extend_mirror(log: Path, mirror: Path) -> int:
    """Append to the mirror what the log gained since the last backup; returns the mirror's size."""
    have = mirror.stat().st_size if mirror.exists() else 0
    size = log.stat().st_size if log.exists() else 0
    if size <= have:
        return have
    with open(log, "rb") as source, open(mirror, "ab") as target:
        source.seek(have)
        shutil.copyfileobj(source, target, length=1 << 20)
        target.flush()
        os.fsync(target.fileno())
    return size


def mirror_mismatch(profile_dir: Path, log: Path, log_size: int) -> str | None:
    """Why the log cannot be the continuation of the backup's copy of it, or None.

    Compares sizes and the copy's last 4 KB with the same bytes of the log: cheap enough for
    every open, and it catches a log that was deleted, emptied, cut or replaced.
    """
    mirror = backup_root(profile_dir) / MIRROR
    try:
        have = mirror.stat().st_size
        if have == 0:
            return None
        if have > log_size:
            what = "is missing" if not log.exists() else "holds less than"
            return f"{what} its backup copy ({BACKUP_DIR}/{MIRROR}): it was cut, emptied or replaced"
        start = max(0, have - 4096)
        with open(mirror, "rb") as copy, open(log, "rb") as original:
            copy.seek(start)
            original.seek(start)
            if copy.read(have - start) != original.read(have - start):
                return f"does not match its backup copy ({BACKUP_DIR}/{MIRROR}): lines were changed or replaced"
    except OSError:
        return None  # an unreadable backup folder only means no check
    return None


def _info(folder: Path) -> dict[str, Any] | None:
    try:
        info = orjson.loads((folder / INFO).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    return info if isinstance(info, dict) else None


def _number(value: object) -> int:
    return value if type(value) is int and value >= 0 else 0


def _order(folder: Path, info: dict[str, Any]) -> tuple[int, int, str]:
    return (_number(info.get("epoch")), _number(info.get("log_size")), folder.name)


def backups(profile_dir: Path) -> list[Path]:
    """Complete backups, the one holding the most last; an unreadable folder has none."""
    root = backup_root(profile_dir)
    found: list[tuple[tuple[int, int, str], Path]] = []
    try:
        for folder in root.iterdir():
            info = _info(folder) if folder.is_dir() else None
            if info is not None:
                found.append((_order(folder, info), folder))
    except OSError:
        return []
    return [folder for _, folder in sorted(found)]


def latest_backup(profile_dir: Path) -> Path | None:
    found = backups(profile_dir)
    return found[-1] if found else None


def current_epoch(profile_dir: Path) -> int:
    return max((_number((_info(b) or {}).get("epoch")) for b in backups(profile_dir)), default=0)


def make_daily_backup(
    profile_dir: Path, snapshot: Path, log: Path, today: date, *, refresh: bool = False, epoch: int | None = None
) -> str | None:
    """Back up the study day's state (once, or again with ``refresh``); returns a problem, never raises."""
    root = backup_root(profile_dir)
    target = root / today.isoformat()
    try:
        if (target / INFO).exists() and not refresh:
            return None
        if epoch is None:
            epoch = current_epoch(profile_dir)
        target.mkdir(parents=True, exist_ok=True)
        log_size = _extend_mirror(log, root / MIRROR)
        if snapshot.exists():
            atomic_write(target / snapshot.name, snapshot.read_bytes())
        # Written last: a backup without it is incomplete and never used.
        made = datetime.now().astimezone().isoformat()
        atomic_write(target / INFO, orjson.dumps({"log_size": log_size, "epoch": epoch, "made": made}))
        fsync_dir(root)
    except (OSError, StoreError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return f"{root}: {reason}"
    _prune(profile_dir)
    return None


def _prune(profile_dir: Path) -> None:
    for old in backups(profile_dir)[:-KEEP]:
        shutil.rmtree(old, ignore_errors=True)


def reset_mirror(profile_dir: Path, log: Path, epoch: int) -> None:
    """After a restore: the mirror becomes a copy of the new log, in a new restore generation."""
    from trainer.store.storage import atomic_write_from

    root = backup_root(profile_dir)
    root.mkdir(parents=True, exist_ok=True)

    def chunks():
        with open(log, "rb") as source:
            while block := source.read(1 << 20):
                yield block

    atomic_write_from(root / MIRROR, chunks())


def set_aside(path: Path, *, keep: bool = False) -> Path:
    """Move a damaged file out of the way under a dated name, never deleting it.

    With ``keep`` the file also stays where it is (a hard link, or a copy where links fail),
    so the original is in place until its replacement is complete.
    """
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.name}.damaged-{stamp}-{counter}")
        counter += 1
    if not keep:
        os.replace(path, target)
        return target
    try:
        os.link(path, target)
    except OSError:
        shutil.copyfile(path, target)
    return target
