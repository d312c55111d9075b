"""Damage a student can meet: a broken or cut log, bad snapshot values, a damaged backup; restore repairs all."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from trainer.records import Review
from trainer.session import answer_state
from trainer.store import NothingToRestore, Store, StoreCorrupt, StoreError, StoreUnwritable, diagnose, restore_profile
from trainer.store.backups import backups, latest_backup, make_daily_backup

TODAY = date(2026, 11, 24)
T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def answer(store: Store, key: str, grade: int = 4, when: datetime = T0) -> Review:
    before = store.state(key)
    kind, after = answer_state(before, grade, when.date())
    return store.record(
        Review(time=when, key=key, grade=grade, kind=kind, response=None, ms=10, before=before, after=after)
    )


def fill(tmp_path, n: int, *, clean: bool) -> Store:
    """A profile with ``n`` answers; ``clean=False`` ends as a kill would (no snapshot written)."""
    store = Store.open(tmp_path)
    for i in range(n):
        answer(store, f"d:c{i % 20}", 4, T0 + timedelta(minutes=i))
    if clean:
        store.close()
    else:
        store._release()
    return store


def reviews(tmp_path) -> int:
    with Store.open(tmp_path, readonly=True) as store:
        return store.counts(TODAY).reviews


def lines_of(store: Store) -> list[bytes]:
    return store.log_path.read_bytes().splitlines(keepends=True)


# --- a damaged line is never cut off ------------------------------------------------------


def test_a_damaged_last_complete_line_is_kept_named_and_never_cut(tmp_path):
    store = fill(tmp_path, 132, clean=False)
    before = store.log_path.read_bytes()
    damaged = before.replace(b'"grade":4', b'"grade";4')  # every line: then fix all but the last
    lines = lines_of(store)
    lines[-1] = lines[-1].replace(b'"grade":4', b'"grade";4')
    store.log_path.write_bytes(b"".join(lines))
    assert damaged != before
    for _ in range(2):
        with pytest.raises(StoreCorrupt, match=r"log\.jsonl is damaged at line 132.*trainer restore"):
            Store.open(tmp_path)
    assert store.log_path.read_bytes() == b"".join(lines)  # nothing cut off
    report = restore_profile(tmp_path)
    assert (report.kept_reviews, report.set_aside) == (131, 1)
    assert any(p.name.startswith("log.jsonl.damaged-") for p in report.damaged_files)
    with Store.open(tmp_path) as again:
        assert again.counts(TODAY).reviews == 131
        assert answer(again, "d:new").id == 133  # the id of the line set aside is never given again


def test_a_torn_last_line_without_newline_is_still_dropped_quietly(tmp_path):
    store = fill(tmp_path, 3, clean=False)
    with open(store.log_path, "ab") as handle:
        handle.write(b'{"e":"review","id":4,"key":"d:x","gra')
    with Store.open(tmp_path) as again:
        assert again.counts(TODAY).reviews == 3
        assert answer(again, "d:y").id == 4


def test_bytes_inserted_mid_log_stop_the_open_and_restore_keeps_every_review(tmp_path):
    store = fill(tmp_path, 132, clean=True)
    data = store.log_path.read_bytes()
    middle = data.index(b"\n", len(data) // 2) + 30
    store.log_path.write_bytes(data[:middle] + b"XXXXXXXXXX" + data[middle:])
    with pytest.raises(StoreCorrupt, match="bytes were added, removed or changed"):
        Store.open(tmp_path)
    assert diagnose(store.profile_dir)
    assert store.log_path.read_bytes()[middle : middle + 10] == b"XXXXXXXXXX"  # nothing cut off
    report = restore_profile(tmp_path)
    assert report.kept_reviews == 132  # the damaged line came back from the backup copy
    assert report.from_backup == 1 and report.set_aside == 0
    assert reviews(tmp_path) == 132


def test_twenty_bytes_overwritten_mid_log_after_an_unclean_exit(tmp_path):
    store = fill(tmp_path, 132, clean=False)
    data = bytearray(store.log_path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 20] = b"\x00" * 20
    store.log_path.write_bytes(bytes(data))
    with pytest.raises(StoreCorrupt, match="damaged at line"):
        Store.open(tmp_path)
    report = restore_profile(tmp_path)
    # the one or two lines hit are set aside, every other review is kept
    assert report.kept_reviews + report.set_aside == 132 and report.set_aside <= 2
    assert report.kept_reviews >= 130
    with Store.open(tmp_path) as again:
        assert again.counts(TODAY).reviews == report.kept_reviews
        assert answer(again, "d:new").id == 133


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda e: e.pop("after"), id="missing-after"),
        pytest.param(lambda e: e.update(time="2026-02-31T10:00:00+00:00"), id="bad-date"),
        pytest.param(lambda e: e.update(grade=9), id="bad-grade"),
        pytest.param(lambda e: e.update(after={**e["after"], "easiness": "x"}), id="bad-state"),
    ],
)
def test_a_valid_json_line_with_a_bad_field_is_damage_that_restore_repairs(tmp_path, change):
    store = fill(tmp_path, 10, clean=False)
    lines = lines_of(store)
    event = orjson.loads(lines[6])
    change(event)
    lines[6] = orjson.dumps(event) + b"\n"
    store.log_path.write_bytes(b"".join(lines))
    with pytest.raises(StoreCorrupt, match="line 7"):
        Store.open(tmp_path)
    report = restore_profile(tmp_path)
    assert (report.kept_reviews, report.set_aside) == (9, 1)
    assert reviews(tmp_path) == 9


# --- the log shorter than the snapshot expects ---------------------------------------------


@pytest.mark.parametrize("how", ["one-byte", "emptied", "deleted", "half"])
def test_a_cut_emptied_or_deleted_log_is_recovered_from_the_backup_copy(tmp_path, how):
    store = fill(tmp_path, 50, clean=True)
    data = store.log_path.read_bytes()
    if how == "deleted":
        store.log_path.unlink()
    else:
        store.log_path.write_bytes({"one-byte": data[:-1], "emptied": b"", "half": data[: len(data) // 2]}[how])
    with pytest.raises(StoreCorrupt, match="trainer restore"):
        Store.open(tmp_path)
    report = restore_profile(tmp_path)
    assert report.kept_reviews == 50
    assert reviews(tmp_path) == 50
    assert store.log_path.read_bytes() == data


def test_a_cut_log_without_any_backup_still_opens_after_restore_and_says_what_is_gone(tmp_path):
    store = fill(tmp_path, 50, clean=True)
    shutil.rmtree(store.profile_dir / "backups")
    data = store.log_path.read_bytes()
    store.log_path.write_bytes(data[: data.index(b"\n", len(data) // 2) + 1])
    report = restore_profile(tmp_path)
    from trainer.store.restore import describe

    assert 0 < report.kept_reviews < 50 and report.expected_reviews == 50
    assert any("could not be kept" in line for line in describe(report))
    assert reviews(tmp_path) == report.kept_reviews


# --- bad values in the snapshot -----------------------------------------------------------


def _edit_snapshot(store: Store, edit) -> None:
    data = orjson.loads(store.snapshot_path.read_bytes())
    edit(data)
    store.snapshot_path.write_bytes(orjson.dumps(data))


def _first_state(data):
    return next(iter(data["states"].values()))


BAD_SNAPSHOTS = {
    "negative-interval": lambda d: _first_state(d).update(interval=-5),
    "float-interval": lambda d: _first_state(d).update(interval=1e300),
    "easiness-x": lambda d: _first_state(d).update(easiness="x"),
    "bad-due": lambda d: _first_state(d).update(due="2026-99-01"),
    "undo-string": lambda d: d["meta"]["1"].update(undo="oops"),
    "negative-reviews": lambda d: d["meta"]["1"].update(reviews=-3),
    "offset-string": lambda d: d["meta"]["1"].update(log_offset="12"),
    "offset-negative": lambda d: d["meta"]["1"].update(log_offset=-1),
    "schema-string": lambda d: d["meta"]["1"].update(schema="1"),
    "no-key": lambda d: _first_state(d).pop("key"),
}


@pytest.mark.parametrize("name", list(BAD_SNAPSHOTS))
def test_a_bad_snapshot_value_is_a_clear_error_and_restore_rebuilds_it(tmp_path, name):
    store = fill(tmp_path, 30, clean=True)
    _edit_snapshot(store, BAD_SNAPSHOTS[name])
    with pytest.raises(StoreCorrupt, match=r"progress\.json .*trainer restore"):
        Store.open(tmp_path)
    with pytest.raises(StoreCorrupt):
        Store.open(tmp_path, readonly=True)
    report = restore_profile(tmp_path)
    assert report.kept_reviews == 30
    with Store.open(tmp_path) as again:
        assert again.counts(TODAY).reviews == 30 and len(again.states()) == 20


def test_a_huge_but_valid_interval_is_kept(tmp_path):
    store = fill(tmp_path, 1, clean=True)
    _edit_snapshot(store, lambda d: _first_state(d).update(interval=str(10**40), due="9999-12-31"))
    with Store.open(tmp_path) as again:
        assert again.state("d:c0").sm2.interval == 10**40


# --- backups: verified, ordered by what they hold -----------------------------------------


def test_restore_falls_back_to_an_older_backup_when_the_newest_is_damaged(tmp_path):
    store = fill(tmp_path, 5, clean=True)
    folder = store.profile_dir
    make_daily_backup(folder, store.snapshot_path, store.log_path, TODAY - timedelta(days=3))
    newest = latest_backup(folder)
    (newest / "progress.json").write_bytes(b'{"broken')
    # Everything else is gone: the log, its backup copy, and the snapshot is damaged.
    store.log_path.unlink()
    (folder / "backups" / "log-mirror.jsonl").unlink()
    store.snapshot_path.write_bytes(b"{nope")
    report = restore_profile(tmp_path)
    assert report.states_from is not None and report.states_from.parent != newest
    with Store.open(tmp_path) as again:
        assert len(again.states()) == 5


def test_restore_never_reports_success_for_a_profile_that_still_does_not_open(tmp_path, monkeypatch):
    fill(tmp_path, 5, clean=False)
    store_path = tmp_path / "profiles" / "default" / "log.jsonl"
    lines = store_path.read_bytes().splitlines(keepends=True)
    store_path.write_bytes(b"".join(lines[:2]) + b"junk\n" + b"".join(lines[2:]))
    import trainer.store.restore as restore_module

    monkeypatch.setattr(restore_module, "_rebuild", lambda *a, **k: restore_module.RestoreReport())
    with pytest.raises(StoreError, match="could not repair"):
        restore_profile(tmp_path)


def test_a_future_dated_backup_does_not_stay_latest(tmp_path):
    store = fill(tmp_path, 3, clean=True)
    folder = store.profile_dir
    make_daily_backup(folder, store.snapshot_path, store.log_path, date(2099, 1, 1))  # a wrong clock
    with Store.open(tmp_path) as again:
        for i in range(5):
            answer(again, "d:more", 4, T0 + timedelta(days=1, minutes=i))
    assert latest_backup(folder).name != "2099-01-01"
    for day in range(10):
        with Store.open(tmp_path, clock=lambda d=day: datetime(2026, 12, 1 + d, 12, 0).astimezone()) as again:
            answer(again, "d:more", 4, T0 + timedelta(days=7 + day))
    names = [b.name for b in backups(folder)]
    assert "2099-01-01" not in names and len(names) == 7


def test_an_unreadable_backup_folder_warns_once_and_studying_goes_on(tmp_path):
    store = fill(tmp_path, 1, clean=True)
    root = store.profile_dir / "backups"
    shutil.rmtree(root)
    root.write_text("not a folder")  # as unusable as a folder with mode 000, even for root
    with Store.open(tmp_path) as again:
        answer(again, "d:x")
        assert len(again.notices) == 1 and "no backup made" in again.notices[0]
    assert reviews(tmp_path) == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_a_mode_000_backup_folder_does_not_stop_studying(tmp_path):
    store = fill(tmp_path, 1, clean=True)
    root = store.profile_dir / "backups"
    root.chmod(0)
    try:
        with Store.open(tmp_path) as again:
            answer(again, "d:x")
            assert len(again.notices) == 1
    finally:
        root.chmod(0o755)


# --- restore is atomic and streams -------------------------------------------------------


def _damaged_profile(tmp_path, clean: bool = False) -> None:
    store = fill(tmp_path, 40, clean=clean)
    lines = lines_of(store)
    lines[20] = b"not json at all\n"
    store.log_path.write_bytes(b"".join(lines))


@pytest.mark.parametrize("clean", [False, True])
@pytest.mark.parametrize("step", range(12))
def test_a_restore_killed_at_any_step_leaves_a_profile_that_opens_or_restores(tmp_path, monkeypatch, step, clean):
    # clean: a snapshot exists and the backup copy holds the damaged line intact
    _damaged_profile(tmp_path, clean)
    import trainer.store.restore as restore_module

    calls = {"n": 0}
    real_replace, real_unlink, real_link = os.replace, os.unlink, os.link

    def dying(real):
        def call(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == step + 1:
                raise KeyboardInterrupt  # as abrupt as a kill at this point
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(restore_module.os, "replace", dying(real_replace))
    monkeypatch.setattr(restore_module.os, "unlink", dying(real_unlink))
    monkeypatch.setattr("trainer.store.backups.os.link", dying(real_link))
    with contextlib.suppress(KeyboardInterrupt):
        restore_profile(tmp_path)
    monkeypatch.undo()
    log = tmp_path / "profiles" / "default" / "log.jsonl"
    assert log.exists()  # never left without a log
    with contextlib.suppress(NothingToRestore):
        restore_profile(tmp_path)
    assert reviews(tmp_path) == (40 if clean else 39)


def test_a_full_disk_during_restore_changes_nothing(tmp_path, monkeypatch):
    _damaged_profile(tmp_path)
    folder = tmp_path / "profiles" / "default"
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    import trainer.store.restore as restore_module

    real_fsync = os.fsync

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(restore_module.os, "fsync", full)
    with pytest.raises(StoreUnwritable, match="disk is full"):
        restore_profile(tmp_path)
    monkeypatch.setattr(restore_module.os, "fsync", real_fsync)
    after = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    assert after == before
    restore_profile(tmp_path)
    assert reviews(tmp_path) == 39


def write_big_log(tmp_path, n: int) -> Path:
    """A profile whose log holds ``n`` answers (written directly: fsyncing each would take minutes)."""
    store = fill(tmp_path, 1, clean=False)
    template = orjson.loads(lines_of(store)[0])
    with open(store.log_path, "wb") as handle:
        for i in range(1, n + 1):
            template["id"] = i
            template["key"] = f"d:c{i % 500}"
            handle.write(orjson.dumps(template) + b"\n")
            if i == n // 2:
                handle.write(b"damaged line\n")
    return store.log_path


def test_restore_memory_does_not_grow_with_the_log(tmp_path):
    log = write_big_log(tmp_path, 20_000)
    size = log.stat().st_size
    tracemalloc.start()
    report = restore_profile(tmp_path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert (report.kept_reviews, report.set_aside) == (20_000, 1)
    # fixed-size copy buffers and one state per card, never the log itself
    assert size > 6_000_000 and peak < 4_000_000, f"restore peaked at {peak} bytes for a {size}-byte log"


# --- one writer ---------------------------------------------------------------------------


def test_deleting_the_lock_file_does_not_let_a_second_writer_in(tmp_path):
    with Store.open(tmp_path) as first:
        answer(first, "d:a")
        (first.profile_dir / "lock").unlink()
        with pytest.raises(StoreError, match="already open"):
            Store.open(tmp_path)
        answer(first, "d:b")  # the holder goes on, and takes the new lock file too
        assert (first.profile_dir / "lock").exists()
    with Store.open(tmp_path) as again:
        ids = [r.id for key in ("d:a", "d:b") for r in again.history(key)]
        assert ids == [1, 2]


def test_a_log_replaced_behind_the_writer_is_noticed_before_writing(tmp_path):
    with Store.open(tmp_path) as store:
        answer(store, "d:a")
        data = store.log_path.read_bytes()
        store.log_path.unlink()
        store.log_path.write_bytes(data)
        with pytest.raises(StoreError, match="removed or replaced"):
            answer(store, "d:b")


def test_a_repeated_review_id_in_the_log_is_damage(tmp_path):
    store = fill(tmp_path, 5, clean=False)
    lines = lines_of(store)
    store.log_path.write_bytes(b"".join(lines) + lines[-1])  # two writers once wrote the same id
    with pytest.raises(StoreCorrupt, match="repeats"):
        Store.open(tmp_path)
    report = restore_profile(tmp_path)
    assert (report.kept_reviews, report.set_aside) == (5, 1)


def test_nothing_to_restore_for_a_healthy_profile(tmp_path):
    fill(tmp_path, 3, clean=True)
    with pytest.raises(NothingToRestore):
        restore_profile(tmp_path)


def test_a_log_changed_before_the_snapshot_point_is_noticed_on_open(tmp_path):
    store = fill(tmp_path, 20, clean=True)
    lines = lines_of(store)
    lines[-1] = lines[-1].replace(b'"grade":4', b'"grade":5')  # same length, still valid
    store.log_path.write_bytes(b"".join(lines))
    with pytest.raises(StoreCorrupt, match=r"does not match progress\.json"):
        Store.open(tmp_path)


RESTORE_CHILD = """
import sys
from trainer.store import restore_profile
restore_profile(sys.argv[1])
"""


@pytest.mark.slow
def test_kill_9_during_restore_never_leaves_the_profile_without_its_reviews(tmp_path):
    import random
    import signal
    import subprocess
    import sys
    import time

    write_big_log(tmp_path, 8000)
    rng = random.Random(8)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    for _ in range(6):
        child = subprocess.Popen([sys.executable, "-c", RESTORE_CHILD, str(tmp_path)], env=env)
        time.sleep(rng.uniform(0.2, 1.5))
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert (tmp_path / "profiles" / "default" / "log.jsonl").exists()
    with contextlib.suppress(NothingToRestore):
        restore_profile(tmp_path)
    assert reviews(tmp_path) == 8000


def test_a_log_and_snapshot_both_deleted_are_noticed_and_restored_from_the_backup_copy(tmp_path):
    store = fill(tmp_path, 25, clean=True)
    store.log_path.unlink()
    store.snapshot_path.unlink()  # as a sync tool that lost both files would leave it
    with pytest.raises(StoreCorrupt, match="backup copy"):
        Store.open(tmp_path)
    with pytest.raises(StoreCorrupt, match="backup copy"):
        Store.open(tmp_path, readonly=True)
    assert restore_profile(tmp_path).kept_reviews == 25
    assert reviews(tmp_path) == 25
