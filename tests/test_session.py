"""The study queue: ordering, daily limits, drill, reverse siblings, bury, suspend, undo, summary."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from memory_store import MemoryStore

from trainer.deck import Card, Item, parse_deck
from trainer.records import CardState
from trainer.session import Limits, StudySession, answer_state, deck_counts, plan_queue, study_streak
from trainer.sm2 import Sm2State
from trainer.study import SaveFailed, Study

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
FIXTURES = Path(__file__).parent / "fixtures"
IN_DECK_ORDER = Limits(mix_new=False)  # tests that walk cards one by one


def basic_items(n, deck="d"):
    return [Item(Card(deck_id=deck, id=f"c{i}", type="basic", front=f"Q{i}", back=f"A{i}")) for i in range(n)]


def reviewed(due: date, interval=3, last=None) -> CardState:
    return CardState(
        sm2=Sm2State(2, interval, 2.5),
        due=due,
        first_seen=due - timedelta(days=10),
        last_reviewed=last or due - timedelta(days=interval),
    )


def keys(items):
    return [i.key for i in items]


def test_due_cards_come_oldest_first_with_new_cards_mixed_in():
    items = basic_items(6)
    states = {
        "d:c0": reviewed(TODAY),
        "d:c1": reviewed(TODAY - timedelta(days=5)),
        "d:c2": reviewed(TODAY - timedelta(days=2)),
        "d:c3": reviewed(TODAY + timedelta(days=1)),  # not due yet
    }
    queue = plan_queue(items, states, TODAY)
    due_order = [k for k in keys(queue) if k in states]
    assert due_order == ["d:c1", "d:c2", "d:c0"]
    assert set(keys(queue)) == {"d:c0", "d:c1", "d:c2", "d:c4", "d:c5"}
    assert keys(queue)[0] == "d:c1"  # a due card, not a new one, comes first
    assert keys(queue)[-1] != "d:c5" or keys(queue)[-2] != "d:c4"  # new cards are spread, not all at the end


def test_new_cards_per_day_limit_counts_cards_already_introduced_today():
    items = basic_items(30)
    states = {f"d:c{i}": answer_state(None, 4, TODAY)[1] for i in range(5)}  # 5 introduced today
    queue = plan_queue(items, states, TODAY, Limits(new_per_day=8))
    assert sorted(keys(queue)) == ["d:c5", "d:c6", "d:c7"]  # the next ones in deck order


def test_review_limit_per_deck():
    items = basic_items(10)
    states = {i.key: reviewed(TODAY - timedelta(days=1)) for i in items}
    assert len(plan_queue(items, states, TODAY, Limits(reviews_per_day=4))) == 4


def test_new_cards_are_mixed_but_stable_within_a_day():
    items = basic_items(20)
    today = plan_queue(items, {}, TODAY)
    assert keys(today) != keys(items)  # not in deck order: neighbours would give each other away
    assert keys(plan_queue(items, {}, TODAY)) == keys(today)  # same order if the student comes back
    assert keys(plan_queue(items, {}, TODAY, Limits(mix_new=False))) == keys(items)


def test_limits_round_trip_through_settings():
    limits = Limits(new_per_day=5, reviews_per_day=50, mix_new=False)
    assert Limits.from_settings(limits.to_settings()) == limits
    assert Limits.from_settings({"new_per_day": -3, "reviews_per_day": "x"}) == Limits()


def test_limits_apply_per_deck():
    items = basic_items(5, "a") + basic_items(5, "b")
    counts = deck_counts(items, {}, TODAY, Limits(new_per_day=2))
    assert (counts["a"].new, counts["b"].new) == (2, 2)


def test_suspended_and_buried_cards_are_not_offered():
    items = basic_items(3)
    states = {
        "d:c0": replace(reviewed(TODAY), suspended=True),
        "d:c1": replace(reviewed(TODAY), buried_until=TODAY + timedelta(days=1)),
        "d:c2": replace(reviewed(TODAY), buried_until=TODAY),  # bury has ended
    }
    assert keys(plan_queue(items, states, TODAY)) == ["d:c2"]


def test_failed_card_comes_back_in_the_same_session_until_graded_4():
    session = StudySession(basic_items(5), {}, TODAY, drill_gap=2)
    first = session.current
    grades_for_first = iter([1, 3, 5])  # failed, shaky, then right
    order = []
    while session.current is not None:
        item = session.current
        order.append(item.key)
        review = session.answer(next(grades_for_first) if item == first else 5, now=NOW)
        if len(order) == 1:
            assert review.kind == "schedule" and review.after.sm2 == Sm2State(0, 1, 1.96)
    assert order.count(first.key) == 3
    assert order.index(first.key, 1) == 3  # back after two other cards


def test_drill_grades_change_no_sm2_state_and_are_logged_as_drill():
    session = StudySession(basic_items(1), {}, TODAY)
    first = session.answer(2, now=NOW)
    second = session.answer(1, now=NOW)
    third = session.answer(5, now=NOW)
    assert [first.kind, second.kind, third.kind] == ["schedule", "drill", "drill"]
    assert second.after.sm2 == first.after.sm2 == third.after.sm2
    assert third.after.due == TODAY + timedelta(days=1)
    assert session.finished


def test_drill_survives_a_restart_the_same_day():
    items = basic_items(2)
    session = StudySession(items, {}, TODAY, IN_DECK_ORDER)
    session.answer(2, now=NOW)
    # Quit now; a new session the same day starts with the unfinished drill item.
    again = StudySession(items, session.states, TODAY, IN_DECK_ORDER)
    assert again.current.key == "d:c0" and again.is_drill(again.current)
    counts = deck_counts(items, session.states, TODAY)
    assert counts["d"].drill == 1 and counts["d"].new == 1


def test_next_day_a_failed_card_is_due_and_scheduled_again():
    items = basic_items(1)
    session = StudySession(items, {}, TODAY)
    session.answer(0, now=NOW)
    tomorrow = StudySession(items, session.states, TODAY + timedelta(days=1))
    assert tomorrow.current.key == "d:c0"
    assert tomorrow.answer(4, now=NOW + timedelta(days=1)).kind == "schedule"


def test_both_sides_of_a_reverse_card_never_on_the_same_day():
    deck, _ = parse_deck((FIXTURES / "mini.toml").read_bytes(), "mini.toml")
    items = deck.items()
    session = StudySession(items, {}, TODAY)
    queued = keys(session.queue)
    assert "mini:s2-popliteal" in queued and "mini:s2-popliteal:reverse" not in queued
    while not session.finished:
        session.answer(5, now=NOW)
    # Tomorrow the forward side is due, so the new reverse side waits another day.
    tomorrow = StudySession(items, session.states, TODAY + timedelta(days=1))
    assert "mini:s2-popliteal" in keys(tomorrow.queue)
    assert "mini:s2-popliteal:reverse" not in keys(tomorrow.queue)
    while not tomorrow.finished:
        tomorrow.answer(5, now=NOW)
    day_after = StudySession(items, tomorrow.states, TODAY + timedelta(days=2))
    assert keys(day_after.queue) == ["mini:s2-popliteal:reverse"]


def test_sibling_answered_today_buries_the_other_side_even_after_restart():
    deck, _ = parse_deck((FIXTURES / "mini.toml").read_bytes(), "mini.toml")
    reverse = [i for i in deck.items() if i.card.type == "reverse"]
    states = {reverse[0].key: answer_state(None, 5, TODAY)[1]}
    assert plan_queue(reverse, states, TODAY) == []


def test_undo_restores_state_queue_and_counts():
    session = StudySession(basic_items(3), {}, TODAY, IN_DECK_ORDER)
    first = session.current
    session.answer(5, now=NOW)
    session.answer(1, now=NOW)
    undone = session.undo()
    assert undone.kind == "answer" and undone.review.grade == 1
    assert session.done == 1 and session.current.key == "d:c1"
    assert "d:c1" not in session.states
    session.undo()
    assert session.current == first and session.states == {} and session.done == 0
    assert session.undo() is None


def test_bury_and_suspend_remove_the_card_and_can_be_undone():
    session = StudySession(basic_items(3), {}, TODAY, IN_DECK_ORDER)
    change = session.bury()
    assert change.after.buried_until == TODAY + timedelta(days=1)
    assert "d:c0" not in keys(session.queue)
    change = session.suspend()
    assert change.after.suspended and "d:c1" not in keys(session.queue)
    session.undo()
    assert session.current.key == "d:c1" and "d:c1" not in session.states


def test_eight_lapses_make_a_leech_shown_in_the_summary():
    items = basic_items(1)
    states = {}
    for day in range(8):
        session = StudySession(items, states, TODAY + timedelta(days=day))
        review = session.answer(1, now=NOW)
        states = dict(session.states)
    assert review.after.lapses == 8 and review.after.is_leech
    summary = session.summary()
    assert summary.leeches == tuple(items) and items[0] in summary.shaky


def test_summary_counts_first_try_accuracy_and_next_due():
    session = StudySession(basic_items(4), {}, TODAY, IN_DECK_ORDER)
    grades = iter([5, 2, 4, 3, 4, 4])
    while not session.finished:
        session.answer(next(grades), now=NOW)
    summary = session.summary()
    assert summary.reviewed == 4 and summary.answers == 6
    assert summary.first_try_right == 3 and summary.accuracy == 0.75
    assert {i.key for i in summary.shaky} == {"d:c1", "d:c3"}
    assert summary.next_due == TODAY + timedelta(days=1) and summary.due_tomorrow == 4


def test_streak():
    days = [TODAY - timedelta(days=n) for n in (0, 1, 2, 4)]
    assert study_streak(days, TODAY) == 3
    assert study_streak(days[1:], TODAY) == 2  # not yet studied today: yesterday's streak stands
    assert study_streak([], TODAY) == 0


def test_study_saves_every_grade_and_undo_reverts_the_store():
    store = MemoryStore()
    study = Study(store, basic_items(2), IN_DECK_ORDER, clock=lambda: NOW)
    study.grade(5, ms=1200)
    study.grade(2)
    assert [(r.key, r.grade, r.ms) for r in store.effective()] == [("d:c0", 5, 1200), ("d:c1", 2, 0)]
    study.undo()
    assert [r.key for r in store.effective()] == ["d:c0"] and store.state("d:c1") is None
    assert study.current.key == "d:c1"


def test_a_failed_save_leaves_the_card_unanswered():
    store = MemoryStore()
    study = Study(store, basic_items(2), IN_DECK_ORDER, clock=lambda: NOW)
    store.fail_next = OSError("disk full")
    with pytest.raises(SaveFailed, match="disk full"):
        study.grade(4)
    assert study.current.key == "d:c0" and study.session.done == 0 and store.log == []
    study.grade(4)
    assert [r.key for r in store.log] == ["d:c0"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.integers(min_value=0, max_value=5), st.just("undo")), max_size=40))
def test_session_states_always_equal_replaying_the_saved_log(actions):
    store = MemoryStore()
    study = Study(store, basic_items(4), clock=lambda: NOW)
    for action in actions:
        if study.current is None:
            break
        if action == "undo":
            study.undo()
        else:
            study.grade(action)
    replayed: dict = {}
    for review in store.effective():
        assert replayed.get(review.key) == review.before
        replayed[review.key] = review.after
    assert replayed == {k: v for k, v in study.session.states.items()}


# --- options shown, custom study (cram) and the study service -------------------------


def choice_item(ordered=False, n=6):
    choices = tuple(f"L{i}" for i in range(1, n + 1))
    card = Card(deck_id="d", id="ch", type="choice", front="Q", answer="L1", choices=choices, ordered=ordered)
    return Item(card)


def test_options_are_shuffled_per_showing_and_stable_within_one():
    item = choice_item()
    session = StudySession([item], {}, TODAY)
    first = session.options(item)
    assert sorted(first) == sorted(item.card.choices)
    assert session.options(item) == first  # a redraw does not move them
    shown = {first}
    for _ in range(6):  # each failed answer brings the card back in a new showing
        session.answer(1, now=NOW)
        shown.add(session.options(item))
    assert len(shown) > 1
    before_undo = session.options(item)
    session.answer(1, now=NOW)
    session.undo()
    assert session.options(item) == before_undo  # undo shows the card as it was


def test_ordered_options_keep_the_authors_order():
    item = choice_item(ordered=True)
    session = StudySession([item], {}, TODAY)
    assert session.options(item) == item.card.choices


def test_some_showing_moves_the_answer_off_its_written_place():
    days = [TODAY + timedelta(days=n) for n in range(10)]
    item = choice_item()
    positions = {StudySession([item], {}, day).options(item).index("L1") for day in days}
    assert len(positions) > 1


def test_cram_asks_every_item_given_and_changes_no_schedule():
    store = MemoryStore()
    items = basic_items(3)
    scheduled = reviewed(TODAY + timedelta(days=30))
    store.set_state("d:c0", scheduled)
    study = Study(store, items, clock=lambda: NOW, cram=True)
    assert study.cram and study.left == 3  # c0 is not due, but custom study asks it
    study.grade(1)
    study.grade(5)
    assert all(r.kind == "drill" for r in store.effective())
    assert store.state("d:c0") == scheduled
    assert store.state("d:c1") == CardState()  # still new
    assert store.state("d:c1").is_new
    study.undo()
    assert store.state("d:c1") is None


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


def library(*decks):
    from trainer.deck import Deck, DeckLibrary

    return DeckLibrary(
        decks=[
            Deck(id=d, title=f"Deck {d}", description="", path="", cards=tuple(i.card for i in basic_items(5, d)))
            for d in decks
        ]
    )


def test_service_today_follows_the_day_boundary_and_a_session_keeps_its_day():
    from trainer.study import StudyService

    clock = Clock(datetime(2026, 11, 24, 23, 59, tzinfo=UTC))
    store = MemoryStore()
    service = StudyService(store, library("a"), clock=clock)
    assert service.today == TODAY
    study = service.start(["a"])
    clock.now = datetime(2026, 11, 25, 0, 30, tzinfo=UTC)
    assert service.today == TODAY  # before 04:00 it is still the evening's study day
    clock.now = datetime(2026, 11, 25, 4, 30, tzinfo=UTC)
    assert service.today == TODAY + timedelta(days=1)
    review = study.grade(4)
    assert review.after.last_reviewed == TODAY  # the session belongs to the day it started
    store.save_settings({"day_starts": "05:00"})
    assert service.today == TODAY


def test_service_limits_per_deck_override_the_global_ones():
    from trainer.study import StudyService

    store = MemoryStore()
    store.save_settings({"new_per_day": 3, "decks": {"b": {"new_per_day": 1}}})
    service = StudyService(store, library("a", "b"), clock=Clock(NOW))
    assert service.limits().new_per_day == 3
    assert service.limits("b").new_per_day == 1
    assert service.limits("a").new_per_day == 3
    offers = service.offers()
    assert (offers["a"].new, offers["b"].new) == (3, 1)
    study = service.start(None)
    assert study.left == 4  # the session offers what home said
    assert service.start(["b"]).left == 1


def test_service_start_returns_none_when_nothing_is_offered():
    from trainer.study import StudyService

    store = MemoryStore()
    store.save_settings({"new_per_day": 0})
    service = StudyService(store, library("a"), clock=Clock(NOW))
    assert service.start(["a"]) is None
    assert service.start(cram=True, items=basic_items(2, "a")) is not None
    assert service.deck_title("a") == "Deck a" and service.deck_title("zz") == "zz"
