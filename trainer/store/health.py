"""A read-only health check of one profile, for ``trainer doctor``: files, sizes, log lines, backups, problems."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from trainer.store.backups import BACKUP_DIR, backups
from trainer.store.errors import StoreCorrupt, StoreError
from trainer.store.paths import profile_dir
from trainer.store.restore import diagnose
from trainer.store.store import LOG_FILE, SNAPSHOT_FILE, Store

__all__ = ["HealthReport", "check_profile"]


@dataclass
class HealthReport:
    folder: Path
    files: list[tuple[str, int | None]] = field(default_factory=list)  # name, size (None: missing)
    log_lines: int = 0
    reviews: int | None = None
    last_good_backup: Path | None = None
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        out = [f"profile folder  {self.folder}"]
        for name, size in self.files:
            out.append(f"  {name:<14} {'missing' if size is None else f'{size} bytes'}")
        out.append(f"log lines       {self.log_lines}")
        if self.reviews is not None:
            out.append(f"reviews         {self.reviews}")
        out.append(f"last good backup {self.last_good_backup or 'none'}")
        out.extend(f"warning: {warning}" for warning in self.warnings)
        if self.problems:
            out.extend(f"problem: {problem}" for problem in self.problems)
            out.append("run 'trainer restore' to repair: every intact review is kept and the old files stay beside")
        else:
            out.append("healthy: no problems found")
        return out


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _count_lines(path: Path) -> int:
    count = 0
    try:
        with open(path, "rb") as handle:
            while block := handle.read(1 << 20):
                count += block.count(b"\n")
    except OSError:
        pass
    return count


def _backup_ok(folder: Path, backup: Path) -> bool:
    snapshot = backup / SNAPSHOT_FILE
    if not snapshot.exists():
        return True  # a backup made before the first snapshot holds only the log mirror
    store = Store(folder, "-", readonly=True, snapshot_path=snapshot, log_path=folder / ".none")
    try:
        store._attach()
        store._check_snapshot()
    except (StoreCorrupt, StoreError, ValueError):
        return False
    return True


def check_profile(data_dir: Path, profile: str) -> HealthReport:
    folder = profile_dir(Path(data_dir), profile)
    report = HealthReport(folder)
    if not folder.is_dir():
        report.warnings.append("this profile has no progress yet")
        return report
    for name in (SNAPSHOT_FILE, LOG_FILE, "lock"):
        report.files.append((name, _size(folder / name)))
    report.log_lines = _count_lines(folder / LOG_FILE)
    root = folder / BACKUP_DIR
    if root.exists() and not os.access(root, os.R_OK | os.X_OK):
        report.warnings.append(f"{root} cannot be read: backups are not being made")
    for backup in reversed(backups(folder)):
        if _backup_ok(folder, backup):
            report.last_good_backup = backup
            break
    report.problems = diagnose(folder)
    if not report.problems:
        try:
            with Store.open(Path(data_dir), profile, readonly=True) as store:
                report.reviews = store.counts(store.today()).reviews
                report.warnings.extend(store.notices)
        except StoreError as exc:
            report.problems.append(str(exc))
    return report
