"""The progress store's API: record, undo, state, due, history, counts, settings, reopen."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.records import CardState, Review
from trainer.session import answer_state
from trainer.store import BadProfileName, Store, StoreError, StoreLocked

TODAY = date(2026, 11, 24)
T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def answer(store: Store, key: str, grade: int, when: datetime = T0) -> Review:
    before = store.state(key)
    kind, after = answer_state(before, grade, when.date())
    return store.record(
        Review(time=when, key=key, grade=grade, kind=kind, response="L4", ms=1500, before=before, after=after)
    )


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path) as s:
        yield s


def test_record_sets_state_and_gives_ids(store):
    first = answer(store, "d:a", 5)
    second = answer(store, "d:b", 2)
    assert (first.id, second.id) == (1, 2)
    assert store.state("d:a").due == TODAY + timedelta(days=1)
    assert store.state("d:b").lapses == 1
    assert store.state("d:none") is None


def test_everything_survives_close_and_reopen(tmp_path):
    with Store.open(tmp_path) as s:
        answer(s, "d:a", 5)
        answer(s, "d:a", 3, T0 + timedelta(days=1))
        s.save_settings({"new_per_day": 7})
        s.set_state("d:b", CardState(suspended=True))
    with Store.open(tmp_path) as s:
        assert [r.grade for r in s.history("d:a")] == [5, 3]
        assert s.history("d:a")[1].response == "L4" and s.history("d:a")[1].ms == 1500
        assert s.settings() == {"new_per_day": 7}
        assert s.state("d:b").suspended
        assert s.counts(TODAY).reviews == 2


def test_reopen_without_a_clean_close_replays_the_log(tmp_path):
    s = Store.open(tmp_path)
    answer(s, "d:a", 4)
    s._release()  # as if the process died: no snapshot written
    with Store.open(tmp_path) as again:
        assert again.state("d:a").sm2.repetitions == 1
        assert again.counts(TODAY).reviews == 1


def test_undo_voids_the_newest_answer_and_restores_state(store):
    answer(store, "d:a", 5)
    before = store.state("d:a")
    answer(store, "d:a", 1, T0 + timedelta(days=1))
    undone = store.undo_last()
    assert undone.grade == 1 and undone.key == "d:a"
    assert store.state("d:a") == before
    assert [r.grade for r in store.history("d:a")] == [5]
    assert store.counts(TODAY).reviews == 1


def test_undo_of_a_first_answer_removes_the_state(store):
    answer(store, "d:a", 4)
    store.undo_last()
    assert store.state("d:a") is None
    assert store.counts(TODAY).cards_seen == 0 and store.counts(TODAY).last_studied is None
    assert store.undo_last() is None


def test_undo_twice_and_the_log_keeps_voided_entries(tmp_path):
    with Store.open(tmp_path) as s:
        answer(s, "d:a", 4)
        answer(s, "d:b", 4)
        answer(s, "d:c", 4)
        s.undo_last()
        s.undo_last()
        assert [r.key for r in [*s.history("d:a"), *s.history("d:b"), *s.history("d:c")]] == ["d:a"]
    lines = (s.profile_dir / "log.jsonl").read_text().splitlines()
    assert len(lines) == 5  # three answers and two void markers: nothing deleted
    with Store.open(tmp_path) as s:
        assert s.counts(TODAY).reviews == 1 and s.state("d:b") is None


def test_counts_and_study_days(store):
    answer(store, "d:a", 4, T0 - timedelta(days=2))
    answer(store, "d:b", 4, T0)
    counts = store.counts(TODAY)
    assert (counts.cards_seen, counts.reviews, counts.due_today) == (2, 2, 1)
    assert counts.last_studied == T0
    assert store.study_days() == [TODAY - timedelta(days=2), TODAY]


def test_history_is_kept_when_a_deck_drops_the_card(tmp_path):
    with Store.open(tmp_path) as s:
        answer(s, "old-deck:gone-card", 5)
    with Store.open(tmp_path) as s:  # no deck mentions this key any more
        assert [r.grade for r in s.history("old-deck:gone-card")] == [5]


def test_states_mapping(store):
    answer(store, "d:a", 4)
    states = store.states()
    assert set(states) == {"d:a"} and len(states) == 1
    assert states["d:a"] == store.state("d:a") and states.get("x") is None


def test_second_writer_is_refused_with_a_clear_message(tmp_path):
    with Store.open(tmp_path), pytest.raises(StoreLocked, match="already open in another trainer"):
        Store.open(tmp_path)
    Store.open(tmp_path).close()  # free again after close


def test_readonly_sees_data_while_a_writer_holds_the_lock(tmp_path):
    with Store.open(tmp_path) as writer:
        answer(writer, "d:a", 4)
        with Store.open(tmp_path, readonly=True) as reader:
            assert reader.counts(TODAY).reviews == 1
            with pytest.raises(StoreError):
                answer(reader, "d:b", 4)


def test_readonly_open_of_a_missing_profile_creates_nothing(tmp_path):
    with Store.open(tmp_path / "nothing", readonly=True) as reader:
        assert reader.counts(TODAY).reviews == 0
    assert not (tmp_path / "nothing").exists()


def test_profiles_are_separate(tmp_path):
    with Store.open(tmp_path, "alice") as a:
        answer(a, "d:a", 4)
    with Store.open(tmp_path, "bob") as b:
        assert b.counts(TODAY).reviews == 0


@pytest.mark.parametrize("name", ["../evil", "", "a/b", "x" * 65, "sp ace"])
def test_bad_profile_names(tmp_path, name):
    with pytest.raises(BadProfileName):
        Store.open(tmp_path, name)


def test_schema_version_is_stored_and_a_newer_one_is_refused(tmp_path):
    import orjson

    with Store.open(tmp_path) as s:
        answer(s, "d:a", 4)
        snapshot = s.snapshot_path
    data = orjson.loads(snapshot.read_bytes())
    assert data["meta"]["1"]["schema"] == 1
    data["meta"]["1"]["schema"] = 99
    snapshot.write_bytes(orjson.dumps(data))
    with pytest.raises(StoreError, match="newer trainer"):
        Store.open(tmp_path)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.tuples(st.sampled_from("abc"), st.integers(0, 5)), st.just("undo")), max_size=25))
def test_reopened_states_equal_replaying_the_effective_log(tmp_path_factory, actions):
    folder = tmp_path_factory.mktemp("prop")
    expected: dict[str, CardState | None] = {}
    with Store.open(folder) as s:
        for step, action in enumerate(actions):
            if action == "undo":
                s.undo_last()
            else:
                key, grade = action
                answer(s, f"d:{key}", grade, T0 + timedelta(days=step))
    with Store.open(folder) as s:
        for key in "abc":
            history = s.history(f"d:{key}")
            expected = history[-1].after if history else None
            assert s.state(f"d:{key}") == expected
            for earlier, later in itertools.pairwise(history):
                assert later.before == earlier.after


def test_dozens_of_perfect_grades_round_trip_exactly(tmp_path):
    with Store.open(tmp_path) as s:
        for day in range(40):
            answer(s, "d:a", 5, T0 + timedelta(days=day))
        interval = s.state("d:a").sm2.interval
        assert interval > 2**64 and s.state("d:a").due == date.max
    with Store.open(tmp_path) as s:
        assert s.state("d:a").sm2.interval == interval
        assert s.history("d:a")[-1].after.sm2.interval == interval
