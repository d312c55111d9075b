"""Rolling daily backups, and starting again from them when a data file is damaged.

Each day's first open saves the snapshot (small) and extends a mirror copy of the review
log with the bytes added since (the log is append-only, so the mirror never needs a full
copy). The last 7 daily snapshots are kept.
"""

from __future__ import annotations

import os
import shutil
from datetime import date, datetime
from pathlib import Path

import orjson

from trainer.store.errors import StoreError
from trainer.store.storage import atomic_write, fsync_dir, unwritable

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


def make_daily_backup(
    profile_dir: Path, snapshot: Path, log: Path, today: date, *, refresh: bool = False
) -> Path | None:
    """Back up today's state (once, or again with ``refresh``); a failure here never stops studying."""
    root = backup_root(profile_dir)
    target = root / today.isoformat()
    if (target / INFO).exists() and not refresh:
        return None
    try:
        target.mkdir(parents=True, exist_ok=True)
        log_size = _extend_mirror(log, root / MIRROR)
        if snapshot.exists():
            atomic_write(target / snapshot.name, snapshot.read_bytes())
        # Written last: a backup without it is incomplete and never used.
        atomic_write(
            target / INFO, orjson.dumps({"log_size": log_size, "made": datetime.now().astimezone().isoformat()})
        )
        fsync_dir(root)
    except (OSError, StoreError):
        return None
    _prune(root)
    return target


def _complete_backups(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / INFO).exists())


def _prune(root: Path) -> None:
    for old in _complete_backups(root)[:-KEEP]:
        shutil.rmtree(old, ignore_errors=True)


def latest_backup(profile_dir: Path) -> Path | None:
    backups = _complete_backups(backup_root(profile_dir))
    return backups[-1] if backups else None


def set_aside(path: Path) -> Path:
    """Rename a damaged file out of the way, never deleting it."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.name}.damaged-{stamp}-{counter}")
        counter += 1
    os.replace(path, target)
    return target


def restore_files(profile_dir: Path, snapshot: Path, log: Path, *, snapshot_bad: bool, log_bad: bool) -> Path:
    """Put the newest good backup in place of what is damaged; returns the backup used."""
    backup = latest_backup(profile_dir)
    if backup is None:
        raise StoreError(f"no backup of {profile_dir} exists yet; the damaged files are unchanged")
    try:
        if log_bad:
            # The mirror holds every event up to the last backup, a superset of what
            # the newest snapshot covers, so the two stay consistent.
            mirror = backup_root(profile_dir) / MIRROR
            if log.exists():
                set_aside(log)
            atomic_write(log, mirror.read_bytes() if mirror.exists() else b"")
        if snapshot_bad or log_bad:
            if snapshot.exists():
                set_aside(snapshot)
            saved = backup / snapshot.name
            if saved.exists():
                atomic_write(snapshot, saved.read_bytes())
    except OSError as exc:
        raise unwritable(profile_dir, exc) from exc
    return backup
