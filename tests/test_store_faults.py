"""Faults a student's progress must survive: kill -9, torn writes, corrupt files, full disks."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from trainer.records import Review
from trainer.session import answer_state
from trainer.store import NothingToRestore, Store, StoreCorrupt, StoreUnwritable, restore_profile

TODAY = date(2026, 11, 24)
T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
KEYS = [f"d:c{i}" for i in range(20)]

CHILD = r"""
import sys
from datetime import datetime, timedelta, timezone
from trainer.records import Review
from trainer.session import answer_state
from trainer.store import Store

store = Store.open(sys.argv[1])
start = int(sys.argv[2])
t0 = datetime(2026, 11, 24, 10, 0, tzinfo=timezone.utc)
print("ready", flush=True)
n = start
while True:
    key = f"d:c{n % 20}"
    when = t0 + timedelta(days=n)
    before = store.state(key)
    kind, after = answer_state(before, n % 6, when.date())
    saved = store.record(Review(time=when, key=key, grade=n % 6, kind=kind, response=None, ms=n, before=before, after=after))
    if n % 7 == 3:
        undone = store.undo_last()
        print(f"undo {undone.id}", flush=True)
    else:
        print(f"ok {saved.id} {key}", flush=True)
    n += 1
"""


def answer(store: Store, key: str, grade: int, when: datetime = T0) -> Review:
    before = store.state(key)
    kind, after = answer_state(before, grade, when.date())
    return store.record(
        Review(time=when, key=key, grade=grade, kind=kind, response=None, ms=10, before=before, after=after)
    )


@pytest.mark.slow
def test_kill_9_at_random_moments_never_loses_an_acknowledged_answer(tmp_path):
    rng = random.Random(20261124)
    acknowledged: dict[int, str] = {}
    undone: set[int] = set()
    counter = 0
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    for kill in range(50):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(tmp_path), str(counter)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        time.sleep(rng.uniform(0.0, 0.05))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        for line in out.splitlines():
            parts = line.split()
            if parts[0] == "ok" and len(parts) == 3:
                acknowledged[int(parts[1])] = parts[2]
            elif parts[0] == "undo" and len(parts) == 2:
                undone.add(int(parts[1]))
            counter += 1
        counter += 1  # the answer being written when killed may or may not be there
        with Store.open(tmp_path) as store:  # always opens after a kill
            kept = {r.id: r for key in KEYS for r in store.history(key)}
            missing = [i for i in acknowledged if i not in kept and i not in undone]
            assert missing == [], f"kill {kill}: acknowledged answers lost: {missing}"
            for key in KEYS:
                history = store.history(key)
                if history:
                    assert store.state(key) == history[-1].after
    assert len(acknowledged) > 200  # the children really got work done between kills


def test_torn_last_line_is_ignored_and_trimmed(tmp_path):
    with Store.open(tmp_path) as store:
        answer(store, "d:a", 4)
        log = store.log_path
    with open(log, "ab") as handle:
        handle.write(b'{"e":"review","id":2,"key":"d:b","gra')  # a kill mid-write
    with Store.open(tmp_path) as store:
        assert store.counts(TODAY).reviews == 1 and store.state("d:b") is None
        answer(store, "d:c", 5)
    with Store.open(tmp_path) as store:
        assert [r.key for r in store.history("d:c")] == ["d:c"]
        assert store.counts(TODAY).reviews == 2


def test_corrupt_snapshot_is_kept_named_and_rebuilt_from_the_log_by_restore(tmp_path):
    with Store.open(tmp_path) as store:
        for i in range(5):
            answer(store, f"d:c{i}", 4)
        snapshot = store.snapshot_path
    damaged = snapshot.read_bytes()[:40]
    snapshot.write_bytes(damaged)
    with pytest.raises(StoreCorrupt, match="trainer restore") as caught:
        Store.open(tmp_path)
    assert caught.value.path == snapshot and str(snapshot) in str(caught.value)
    assert snapshot.read_bytes() == damaged  # never overwritten
    report = restore_profile(tmp_path)
    assert any(p.read_bytes() == damaged for p in snapshot.parent.glob("progress.json.damaged-*"))
    assert report.kept_reviews == 5 and report.set_aside == 0
    with Store.open(tmp_path) as store:
        # the log is the source of truth: every answer is back, not just those in a backup
        assert store.counts(TODAY).reviews == 5


def test_corrupt_log_is_kept_and_the_backup_used(tmp_path):
    with Store.open(tmp_path) as store:
        answer(store, "d:a", 4)
        log = store.log_path
    with Store.open(tmp_path) as store:  # reopened: the daily backup now holds d:a
        answer(store, "d:b", 4)
    lines = log.read_bytes().splitlines(keepends=True)
    log.write_bytes(b"garbage that is not json\n" + b"".join(lines[1:]))
    (log.parent / "progress.json").unlink()  # force a full replay, which meets the damage
    with pytest.raises(StoreCorrupt) as caught:
        Store.open(tmp_path)
    assert caught.value.path == log
    restore_profile(tmp_path)
    assert list(log.parent.glob("log.jsonl.damaged-*"))
    with Store.open(tmp_path) as store:
        assert store.state("d:a") is not None


def test_restore_refuses_when_nothing_is_damaged(tmp_path):
    Store.open(tmp_path).close()
    with pytest.raises(NothingToRestore, match="not damaged"):
        restore_profile(tmp_path)


def test_full_disk_is_a_clear_error_and_loses_nothing(tmp_path, monkeypatch):
    with Store.open(tmp_path) as store:
        answer(store, "d:a", 4)
        real_fsync = os.fsync

        def full(fd):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(os, "fsync", full)
        with pytest.raises(StoreUnwritable, match="disk is full"):
            answer(store, "d:b", 4)
        assert store.state("d:b") is None  # not acknowledged, not applied
        monkeypatch.setattr(os, "fsync", real_fsync)
        answer(store, "d:c", 4)  # works again once there is space
    with Store.open(tmp_path) as store:
        assert store.state("d:a") is not None and store.state("d:c") is not None
        assert store.state("d:b") is None
        assert store.counts(TODAY).reviews == 2


def test_read_only_folder_is_a_clear_error(tmp_path, monkeypatch):
    real_mkdir = Path.mkdir

    def refuse(self, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(StoreUnwritable, match="read-only"):
        Store.open(tmp_path / "new")
    monkeypatch.setattr(Path, "mkdir", real_mkdir)


def test_backups_are_daily_and_at_most_seven(tmp_path):
    from trainer.store.backups import make_daily_backup

    # The store's clock is pinned: it makes its own backup for its today, which must fall in the window.
    with Store.open(tmp_path, clock=lambda: T0) as store:
        answer(store, "d:a", 4)
        folder = store.profile_dir
    for day in range(10):
        make_daily_backup(folder, folder / "progress.json", folder / "log.jsonl", TODAY + timedelta(days=day))
    backups = sorted(p.name for p in (folder / "backups").iterdir() if p.is_dir())
    assert len(backups) == 7 and backups[-1] == (TODAY + timedelta(days=9)).isoformat()


def test_stray_temp_files_are_swept_on_open(tmp_path):
    Store.open(tmp_path).close()
    folder = tmp_path / "profiles" / "default"
    stray = folder / ".tmp-abc.json"
    stray.write_text("{}")
    Store.open(tmp_path).close()
    assert not stray.exists()
