"""Custom study selections and exam-date pacing, over simulated days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.deck import Card
from trainer.planning import (
    FINAL_PASS_DAYS,
    Selection,
    exam_date_for,
    exam_plan,
    pacing,
    select,
    with_exam_date,
)
from trainer.records import CardState
from trainer.session import answer_state
from trainer.sm2 import Sm2State

TODAY = date(2026, 5, 1)


def items(n: int, deck: str = "d", tags=("L4",)):
    return [Card(deck, f"c{i}", "basic", f"front {i}", back="b", tags=tuple(tags)).items()[0] for i in range(n)]


def test_select_by_deck_tag_and_state():
    a = items(3, "a", ("L4",))
    b = items(3, "b", ("L5", "lower-limb"))
    states = {
        a[0].key: CardState(
            Sm2State(0, 1, 2.0), due=TODAY, last_reviewed=TODAY, last_answered=TODAY, last_grade=1, lapses=9
        ),
        a[1].key: CardState(
            Sm2State(2, 6, 2.5), due=TODAY + timedelta(days=1), last_reviewed=TODAY - timedelta(days=5)
        ),
        b[0].key: CardState(
            Sm2State(4, 40, 2.5), due=TODAY + timedelta(days=1), last_reviewed=TODAY - timedelta(days=39)
        ),
        b[1].key: CardState(suspended=True, due=TODAY + timedelta(days=1), last_reviewed=TODAY - timedelta(days=3)),
    }
    every = a + b
    assert select(every, states, TODAY, Selection(decks=("b",))) == [b[0], b[2]]  # suspended left out
    assert select(every, states, TODAY, Selection(tags=("l5",))) == [b[0], b[2]]
    assert select(every, states, TODAY, Selection(state="leeches")) == [a[0]]
    assert select(every, states, TODAY, Selection(state="failed-today")) == [a[0]]
    assert select(every, states, TODAY, Selection(state="due-tomorrow")) == [a[1], b[0]]
    assert select(every, states, TODAY, Selection(state="mature", tags=("L5",))) == [b[0]]
    assert select(every, states, TODAY, Selection(state="new")) == [a[2], b[2]]
    assert select(every, states, TODAY, Selection(weakest=2)) == [a[0], a[1]]
    assert select(every, states, TODAY, Selection(keys=(b[2].key, a[1].key))) == [a[1], b[2]]
    with pytest.raises(ValueError):
        select(every, states, TODAY, Selection(state="sleepy"))


def test_exam_dates_in_settings():
    settings_ = with_exam_date({"new_per_day": 5}, date(2026, 6, 1))
    settings_ = with_exam_date(settings_, date(2026, 5, 20), "dermatomes")
    assert exam_date_for("dermatomes", settings_) == date(2026, 5, 20)
    assert exam_date_for("landmarks", settings_) == date(2026, 6, 1)
    cleared = with_exam_date(with_exam_date(settings_, None), None, "dermatomes")
    assert cleared == {"new_per_day": 5}
    assert exam_date_for("x", {"exam_dates": {"*": "not a date"}}) is None


def test_no_override_when_the_limit_is_enough():
    plan = exam_plan(TODAY + timedelta(days=30), TODAY, items(20), {}, new_limit=10)
    assert plan.new_today == 10 and plan.new_reason is None
    assert plan.days_left == 30 and plan.share_ready == 0.0 and not plan.final_pass


def test_past_exam_plans_nothing():
    plan = exam_plan(TODAY, TODAY, items(5), {}, new_limit=3)
    assert not plan.active and plan.new_today == 0 and plan.pull_today == ()


def simulate(n_cards: int, days: int, new_limit: int, grade_of=lambda day, key: 4):
    """Study every day until the exam: today's new cards, every due review and the pulled-forward ones."""
    deck = items(n_cards)
    exam = TODAY + timedelta(days=days)
    states: dict[str, CardState] = {}
    log = []
    for offset in range(days):
        today = TODAY + timedelta(days=offset)
        plan = exam_plan(exam, today, deck, states, new_limit)
        log.append(plan)
        new = [i for i in deck if i.key not in states][: plan.new_today]
        due = [i for i in deck if i.key in states and states[i.key].due <= today]
        pulled = [i for i in deck if i.key in plan.pull_today]
        for item in [*due, *pulled, *new]:
            if states.get(item.key) is not None and states[item.key].last_reviewed == today:
                continue
            _, states[item.key] = answer_state(states.get(item.key), grade_of(offset, item.key), today)
    return deck, exam, states, log


def test_pacing_overrides_the_limit_and_says_why():
    deck, _exam, states, log = simulate(100, 20, new_limit=3)
    assert log[0].new_today == 6  # 100 cards over the 17 days before the final pass
    assert "your limit is 3" in log[0].new_reason and "100 unseen" in log[0].new_reason
    assert all(i.key in states for i in deck)  # every card seen before the exam


@settings(max_examples=25, deadline=None)
@given(
    n_cards=st.integers(1, 60),
    days=st.integers(1, 40),
    new_limit=st.integers(0, 20),
    fails=st.sets(st.integers(0, 39), max_size=8),
)
def test_every_card_is_seen_and_reviewed_in_the_final_days(n_cards, days, new_limit, fails):
    deck, exam, states, log = simulate(n_cards, days, new_limit, lambda day, key: 1 if day in fails else 4)
    final_start = exam - timedelta(days=min(FINAL_PASS_DAYS, days))
    for item in deck:
        state = states[item.key]
        assert state.last_reviewed is not None and state.last_reviewed >= final_start, item.key
    # pacing never asks more new cards a day than needed or allowed
    for plan in log:
        assert plan.new_today <= max(new_limit, n_cards)


def test_a_card_buried_today_is_not_brought_forward():
    deck = items(2)
    exam = TODAY + timedelta(days=2)
    seen = CardState(Sm2State(2, 6, 2.5), due=exam + timedelta(days=3), last_reviewed=TODAY - timedelta(days=4))
    states = {deck[0].key: seen.with_changes(buried_until=TODAY + timedelta(days=1)), deck[1].key: seen}
    plan = exam_plan(exam, TODAY, deck, states, new_limit=5)
    assert plan.pull_today == (deck[1].key,)  # c0 would come first, but it is buried until tomorrow
    tomorrow = exam_plan(exam, TODAY + timedelta(days=1), deck, states, new_limit=5)
    assert deck[0].key in tomorrow.pull_today


def test_sm2_stays_exact_for_pulled_forward_reviews():
    deck, exam, states, log = simulate(10, 10, new_limit=10)
    # a card seen on day 0 (interval 1, then 6 ...) is graded as an ordinary review when pulled
    pulled_days = [p.today for p in log if p.pull_today]
    assert pulled_days and all(d >= exam - timedelta(days=FINAL_PASS_DAYS) for d in pulled_days)
    for item in deck:
        reps = states[item.key].sm2.repetitions
        assert reps >= 2  # reviewed at least twice with grade 4: exact SM-2 intervals 1, 6, ...


def test_exam_command_sets_shows_and_clears(tmp_path, capsys, monkeypatch):
    from datetime import UTC, datetime

    from trainer import cli, days

    monkeypatch.setattr(days, "local_now", lambda: datetime(2026, 11, 25, 12, 0, tzinfo=UTC))
    home = ["--data-dir", str(tmp_path)]
    assert cli.main(["exam", *home]) == 0
    assert "no exam date set" in capsys.readouterr().out
    assert cli.main(["exam", "2026-12-01", "--for", "dermatomes", *home]) == 0
    out = capsys.readouterr().out
    assert "Dermatomes: exam 2026-12-01, 6 days left, 0% ready" in out
    assert "(your limit is 20)" in out  # every unseen card must fit in the 3 days before the final pass
    assert "Dermatome landmarks: no exam date" in out
    assert cli.main(["exam", "2026-11-25", *home]) == 2
    assert "not after today" in capsys.readouterr().err
    assert cli.main(["exam", "off", "--for", "dermatomes", *home]) == 0
    assert "no exam date set" in capsys.readouterr().out


def test_pacing_is_off_without_an_exam_date_and_per_deck_with_one():
    a, b = items(30, "a"), items(4, "b")
    assert pacing([*a, *b], {}, TODAY, {}).plans == {}
    settings_ = with_exam_date({}, TODAY + timedelta(days=5), "a")
    paced = pacing([*a, *b], {}, TODAY, settings_, {"a": 3})
    assert set(paced.plans) == {"a"}
    assert paced.new_limits == {"a": 15}  # 30 unseen over the 2 days before the final pass
    assert paced.notes and paced.notes[0].startswith("a: 15 new cards a day")
    assert paced.pulled == ()
