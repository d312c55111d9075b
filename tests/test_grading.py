"""Auto-grading: folding for typed answers, near misses, choice and multi checks."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer.deck import Card
from trainer.grading import check_choice, check_multi, check_typed, fold, is_near_miss


def typed(answer, accept=()):
    return Card(deck_id="d", id="c", type="typed", front="?", answer=answer, accept=tuple(accept))


@pytest.mark.parametrize("given_", ["L4", "l4", "L 4", " l-4. ", "ＬＡ"[:0] + "L4"])
def test_typed_folds_case_space_and_punctuation(given_):
    assert check_typed(typed("L4"), given_).correct


def test_typed_folds_accents():
    assert check_typed(typed("Médial malléole"), "medial malleole").correct


def test_typed_accepts_synonyms():
    card = typed("L4", accept=["fourth lumbar"])
    assert check_typed(card, "Fourth Lumbar").correct
    assert check_typed(card, "fourth-lumbar").correct


@pytest.mark.parametrize("given_", ["L5", "L", "", "   ", "S1", "L44"])
def test_typed_wrong_roots_are_wrong_and_never_near_misses(given_):
    verdict = check_typed(typed("L4"), given_)
    assert not verdict.correct and not verdict.near_miss
    assert verdict.proposed_grade == 1


@pytest.mark.parametrize("given_", ["medial maleolus", "medial malleolsu", "medial mallleolus", "medail malleolus"])
def test_one_typo_in_a_long_answer_is_a_near_miss(given_):
    verdict = check_typed(typed("medial malleolus"), given_)
    assert verdict.near_miss and not verdict.correct
    assert verdict.proposed_grade == 3
    assert "typo" in verdict.label


def test_two_typos_are_wrong():
    assert not check_typed(typed("medial malleolus"), "medal maleolus").near_miss


def test_digit_typo_is_never_a_near_miss():
    assert not is_near_miss(fold("T12 level"), fold("T11 level"))


def test_right_proposes_4():
    assert check_typed(typed("S1"), "s1").proposed_grade == 4


def test_choice_is_exact():
    card = Card(deck_id="d", id="c", type="choice", front="?", choices=("L4", "L5"), answer="L5")
    assert check_choice(card, "L5").correct
    assert not check_choice(card, "L4").correct


def test_multi_is_right_only_for_the_exact_set():
    card = Card(deck_id="d", id="c", type="multi", front="?", choices=("a", "b", "c"), answers=("a", "c"))
    assert check_multi(card, ["c", "a"]).correct
    assert not check_multi(card, ["a"]).correct
    assert not check_multi(card, ["a", "b", "c"]).correct
    assert not check_multi(card, []).correct


@given(st.text(max_size=30))
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text(min_size=1, max_size=20).filter(lambda t: fold(t)))
def test_any_answer_matches_itself(text):
    assert check_typed(typed(text), text).correct
