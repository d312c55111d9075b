"""SM-2 as the foundation issue states it: worked examples, exactness, bad grades, properties."""

import itertools
import math
from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer.sm2 import Sm2State, due_date, review

grades = st.integers(min_value=0, max_value=5)
states = st.builds(
    Sm2State,
    repetitions=st.integers(min_value=0, max_value=50),
    interval=st.integers(min_value=0, max_value=10_000),
    easiness=st.integers(min_value=130, max_value=400).map(lambda h: h / 100),
)


def run(grades_seq, state=Sm2State()):
    out = []
    for q in grades_seq:
        state = review(state, q)
        out.append(state)
    return out


def test_new_card_defaults():
    assert Sm2State() == Sm2State(repetitions=0, interval=0, easiness=2.5)


def test_three_fives_on_a_new_card():
    assert run([5, 5, 5]) == [Sm2State(1, 1, 2.6), Sm2State(2, 6, 2.7), Sm2State(3, 17, 2.8)]


def test_three_fours_give_1_6_15():
    assert [s.interval for s in run([4, 4, 4])] == [1, 6, 15]


def test_grade_3_uses_easiness_before_the_grade():
    assert review(Sm2State(2, 6, 2.5), 3) == Sm2State(3, 15, 2.36)


def test_lapse_resets_and_still_lowers_easiness():
    assert review(Sm2State(5, 100, 2.5), 0) == Sm2State(0, 1, 1.7)


def test_six_fives_give_420_days_not_421():
    assert run([5] * 6)[-1].interval == 420


def test_exact_arithmetic_after_failures():
    # Float products give 10 here; 6 x 1.5 = 9 exactly.
    assert run([0, 0, 5, 5, 4])[-1] == Sm2State(3, 9, 1.5)


def test_after_a_fail_the_sequence_restarts_1_1_6():
    states_ = run([5, 5, 1, 4, 4])
    assert [s.interval for s in states_] == [1, 6, 1, 1, 6]


@pytest.mark.parametrize("q,delta", [(5, 0.10), (4, 0.0), (3, -0.14), (2, -0.32), (1, -0.54), (0, -0.80)])
def test_easiness_change_per_grade(q, delta):
    assert review(Sm2State(3, 10, 2.5), q).easiness == round(2.5 + delta, 2)


def test_easiness_floor_is_1_3():
    assert review(Sm2State(0, 0, 1.4), 0).easiness == 1.3


def test_float_easiness_means_its_two_decimal_value():
    # 2.36 is not exact in binary; it still means 236 hundredths: ceil(15 * 2.36) = 36 (35.4 up).
    assert review(Sm2State(3, 15, 2.36), 4).interval == 36


def test_no_upper_cap():
    assert run([5] * 12)[-1].interval == 589_140


@pytest.mark.parametrize("bad", [True, False, 4.0, "4", None, 3.5])
def test_non_int_grade_is_a_type_error_naming_it(bad):
    state = Sm2State(2, 6, 2.5)
    with pytest.raises(TypeError, match=repr(bad).replace(".", r"\.")):
        review(state, bad)
    assert state == Sm2State(2, 6, 2.5)


@pytest.mark.parametrize("bad", [-1, 6, 100])
def test_out_of_range_grade_is_a_value_error_naming_it(bad):
    with pytest.raises(ValueError, match=str(bad)):
        review(Sm2State(), bad)


def test_due_date_is_review_date_plus_interval():
    assert due_date(date(2026, 11, 24), Sm2State(3, 17, 2.8)) == date(2026, 12, 11)


def test_state_is_immutable():
    state = Sm2State()
    with pytest.raises(AttributeError):
        state.interval = 5  # type: ignore[misc]


@given(states, grades)
def test_easiness_never_below_floor(state, q):
    assert review(state, q).easiness >= 1.3


@given(states, grades)
def test_interval_at_least_one_after_any_review(state, q):
    assert review(state, q).interval >= 1


@given(states, st.integers(min_value=0, max_value=2))
def test_a_lapse_always_resets(state, q):
    after = review(state, q)
    assert (after.repetitions, after.interval) == (0, 1)


@given(states, st.integers(min_value=3, max_value=5))
def test_a_pass_counts_one_more_repetition(state, q):
    assert review(state, q).repetitions == state.repetitions + 1


@given(st.integers(min_value=1, max_value=15))
def test_streak_of_fives_grows_monotonically(n):
    intervals = [s.interval for s in run([5] * n)]
    assert intervals == sorted(intervals)
    assert all(b > a for a, b in itertools.pairwise(intervals[1:]))


@given(states, grades)
def test_interval_matches_exact_rational_ceiling(state, q):
    after = review(state, q)
    if q >= 3 and state.repetitions >= 2 and state.interval > 0:
        exact = Fraction(state.interval) * Fraction(round(state.easiness * 100), 100)
        assert after.interval == math.ceil(exact)


@given(states, grades)
def test_easiness_stays_on_the_hundredths_grid(state, q):
    easiness = review(state, q).easiness
    assert round(easiness * 100) / 100 == easiness


def test_due_date_past_the_calendar_is_the_last_date_not_a_crash():
    state = run([5] * 40)[-1]
    assert state.interval > 10**20  # still exact and uncapped
    assert due_date(date(2026, 11, 24), state) == date.max
