"""The store's days are study days: they start at the profile's day boundary (04:00 by default)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from trainer.records import Review
from trainer.session import answer_state
from trainer.store import Store
from trainer.store.backups import backups

LOCAL = timezone(timedelta(hours=1))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=LOCAL)


def answer(store: Store, key: str, when: datetime) -> Review:
    before = store.state(key)
    kind, after = answer_state(before, 4, when.date())
    return store.record(
        Review(time=when, key=key, grade=4, kind=kind, response=None, ms=10, before=before, after=after)
    )


def test_answers_after_midnight_belong_to_the_evening_they_started_in(tmp_path):
    with Store.open(tmp_path, clock=lambda: at(25, 0, 30)) as store:
        answer(store, "d:a", at(24, 23, 59))
        answer(store, "d:b", at(25, 0, 16))
        answer(store, "d:c", at(25, 3, 59))
        assert store.study_days() == [date(2026, 11, 24)]  # one sitting, one day: no two-day streak
        assert store.today() == date(2026, 11, 24)
        answer(store, "d:d", at(25, 4, 0))
        assert store.study_days() == [date(2026, 11, 24), date(2026, 11, 25)]
    with Store.open(tmp_path) as store:  # the same after replaying from the snapshot
        assert store.study_days() == [date(2026, 11, 24), date(2026, 11, 25)]


def test_the_day_boundary_is_a_setting(tmp_path):
    with Store.open(tmp_path, clock=lambda: at(25, 0, 30)) as store:
        store.save_settings({"day_starts": "00:00"})
        assert store.today() == date(2026, 11, 25)
        answer(store, "d:a", at(25, 0, 16))
        assert store.study_days() == [date(2026, 11, 25)]


def test_an_undo_after_midnight_takes_the_answer_off_its_own_study_day(tmp_path):
    with Store.open(tmp_path, clock=lambda: at(25, 1)) as store:
        answer(store, "d:a", at(24, 22))
        answer(store, "d:b", at(25, 0, 30))
        store.undo_last()
        assert store.study_days() == [date(2026, 11, 24)]
        store.undo_last()
        assert store.study_days() == []


def test_backups_are_named_by_study_day(tmp_path):
    with Store.open(tmp_path, clock=lambda: at(25, 0, 30)) as store:
        answer(store, "d:a", at(25, 0, 20))
        folder = store.profile_dir
    assert [b.name for b in backups(folder)] == ["2026-11-24"]


def test_a_clock_at_the_end_of_the_calendar_does_not_crash_the_store(tmp_path):
    end = datetime(9999, 12, 31, 23, 0, tzinfo=LOCAL)
    with Store.open(tmp_path, clock=lambda: end) as store:
        before = store.state("d:a")
        kind, after = answer_state(before, 5, date(9999, 12, 30))
        store.record(Review(time=end, key="d:a", grade=5, kind=kind, response=None, ms=1, before=None, after=after))
        assert store.today() == date(9999, 12, 31)
        assert store.counts(store.today()).reviews == 1
    with Store.open(tmp_path, clock=lambda: end) as store:
        assert store.study_days() == [date(9999, 12, 31)]


def test_a_logged_time_past_the_end_of_the_calendar_is_named_as_damage(tmp_path):
    import orjson
    import pytest

    from trainer.store import StoreCorrupt, restore_profile

    store = Store.open(tmp_path, clock=lambda: at(25, 12))
    answer(store, "d:a", at(25, 12))
    answer(store, "d:b", at(25, 12, 1))
    store._release()
    lines = store.log_path.read_bytes().splitlines(keepends=True)
    event = orjson.loads(lines[1])
    event["time"] = "9999-12-31T23:00:00-05:00"  # 04:00 UTC on a day that does not exist
    store.log_path.write_bytes(lines[0] + orjson.dumps(event) + b"\n")
    with pytest.raises(StoreCorrupt, match="line 2: time is beyond the last date"):
        Store.open(tmp_path)
    assert restore_profile(tmp_path).kept_reviews == 1
