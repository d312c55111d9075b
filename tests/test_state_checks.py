"""Checking all stored states at once (on open) never passes a state that the one-by-one check refuses."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.records import CardState

DATE_FIELDS = ["due", "first_seen", "last_reviewed", "buried_until", "last_answered"]
GOOD = {
    "repetitions": 3,
    "lapses": 1,
    "interval": 12,
    "easiness": 2.36,
    "due": "2026-03-10",
    "first_seen": "2026-01-02",
    "last_reviewed": "2026-02-26",
    "suspended": False,
    "buried_until": None,
    "last_answered": "2026-02-26",
    "last_grade": 4,
}
odd_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 7),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", "12", "x", "2026-02-30", "2026-03-01", "20260301", "-1", "2026-03-01T00:00"]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=1),
)
docs = st.lists(
    st.dictionaries(st.sampled_from(list(GOOD)), odd_values, max_size=3).map(lambda bad: {**GOOD, **bad}),
    max_size=6,
)


def one_by_one(states: list[dict]) -> bool:
    try:
        for state in states:
            CardState.check_dict(state)
    except ValueError:
        return False
    return True


@settings(max_examples=500, deadline=None)
@given(docs)
def test_at_once_passes_only_what_one_by_one_passes(states):
    if CardState.check_dicts(states):
        assert one_by_one(states)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.builds(lambda: dict(GOOD)), max_size=4))
def test_well_formed_states_pass_at_once(states):
    assert CardState.check_dicts(states)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("repetitions", True),
        ("lapses", -1),
        ("interval", "3x"),
        ("interval", -2),
        ("easiness", math.nan),
        ("easiness", 0.5),
        ("suspended", 0),
        ("last_grade", 6),
        ("last_grade", False),
        *[(name, "2026-02-30") for name in DATE_FIELDS],
        *[(name, 20260301) for name in DATE_FIELDS],
        *[(name, ["2026-03-01"]) for name in DATE_FIELDS],
    ],
)
def test_one_bad_value_among_many_fails_at_once(name, value):
    states = [dict(GOOD) for _ in range(50)]
    states[37][name] = value
    assert not CardState.check_dicts(states)
    assert not one_by_one(states)
