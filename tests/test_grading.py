"""Auto-grading: folding for typed answers, near misses, choice and multi checks."""

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer.deck import Card
from trainer.grading import answer_key, check_choice, check_multi, check_typed, fold, is_near_miss


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


# --- answers a student would give: roots, sets, filler words, synonyms ----------------


@pytest.mark.parametrize(
    "given_",
    ["L4", "l 4", "L4 root", "the L4 nerve root", "fourth lumbar", "4th lumbar", "lumbar 4", "L4 dermatome", "l-4"],
)
def test_a_root_in_any_common_form(given_):
    assert check_typed(typed("L4"), given_).correct


@pytest.mark.parametrize("given_", ["L3/L4", "L3 and L4", "L4, L3", "L4 & L3", "L3-4", "L3-L4", "l3 or l4", "L4/3"])
def test_a_root_set_in_any_order_and_separator(given_):
    assert check_typed(typed("L3/L4"), given_).correct


@pytest.mark.parametrize("given_", ["S4-5", "S4/5", "S4-S5", "s45", "S4 and S5", "fourth and fifth sacral"])
def test_s4_5_is_one_level(given_):
    assert check_typed(typed("S4-5"), given_).correct


@pytest.mark.parametrize("given_", ["L4/L5", "L4 or L5", "L3, L4, L5", "L5", "L4-S1", "L44", "fifth lumbar"])
def test_a_hedge_naming_a_wrong_root_stays_wrong(given_):
    verdict = check_typed(typed("L4"), given_)
    assert not verdict.correct and not verdict.near_miss


def test_ranges_expand_across_regions():
    assert check_typed(typed("L4-S1"), "L4, L5 and S1").correct
    assert check_typed(typed("L2-L4"), "L2, L3, L4").correct
    assert not check_typed(typed("L2-L4"), "L3-L4").correct


@pytest.mark.parametrize(
    "given_", ["knee jerk", "knee-jerk reflex", "quadriceps jerk", "patellar reflex", "the knee reflex"]
)
def test_common_reflex_synonyms(given_):
    assert check_typed(typed("patellar reflex"), given_).correct
    assert check_typed(typed("knee jerk"), given_).correct


def test_filler_words_do_not_change_the_meaning():
    assert check_typed(typed("umbilicus"), "the umbilicus level").correct
    assert check_typed(typed("nipple"), "nipple level").correct
    assert check_typed(typed("saphenous"), "the saphenous nerve").correct


def test_filler_words_alone_are_not_an_answer():
    assert not check_typed(typed("L4"), "the root").correct
    assert not check_typed(typed("L4"), "   ").correct


def test_deck_synonyms_are_used_only_when_given():
    card = typed("dorsum of the foot")
    assert check_typed(card, "top of foot").correct  # a common synonym
    local = (("medial femoral condyle", ("inner knee bump",)),)
    condyle = typed("medial femoral condyle")
    assert not check_typed(condyle, "inner knee bump").correct
    assert check_typed(condyle, "inner knee bump", local).correct
    assert check_typed(condyle, "Inner knee bump", list(local)).correct


def test_synonyms_do_not_merge_different_answers():
    assert not check_typed(typed("patellar reflex"), "ankle jerk").correct
    assert not check_typed(typed("deep fibular nerve"), "superficial fibular nerve").correct
    assert check_typed(typed("deep fibular nerve"), "deep peroneal nerve").correct


def test_a_typo_in_a_spelled_root_is_a_near_miss():
    card = typed("S1", accept=["first sacral"])
    assert check_typed(card, "frist sacral").near_miss
    assert not check_typed(card, "second sacral").near_miss


def test_a_typo_with_the_right_root_is_a_near_miss_but_a_wrong_root_never():
    assert check_typed(typed("L4 medial malleolus"), "L4 medial maleolus").near_miss
    assert not check_typed(typed("L4 medial malleolus"), "L5 medial malleolus").near_miss


_ROOTS = st.sampled_from(
    [f"C{n}" for n in range(2, 9)]
    + [f"T{n}" for n in range(1, 13)]
    + [f"L{n}" for n in range(1, 6)]
    + ["S1", "S2", "S3"]
)
_SEPARATORS = st.sampled_from([", ", " and ", "/", " or ", " & ", ",", " "])


@given(st.lists(_ROOTS, min_size=1, max_size=4, unique=True), st.randoms(use_true_random=False), _SEPARATORS)
def test_root_sets_match_in_any_order(roots, rnd, separator):
    shuffled = list(roots)
    rnd.shuffle(shuffled)
    assert check_typed(typed("/".join(roots)), separator.join(shuffled)).correct


@given(st.lists(_ROOTS, min_size=1, max_size=3, unique=True), _ROOTS)
def test_adding_a_wrong_root_is_always_wrong(roots, extra):
    if extra in roots:
        return
    verdict = check_typed(typed("/".join(roots)), "/".join([*roots, extra]))
    assert not verdict.correct and not verdict.near_miss


@given(
    _ROOTS, st.sampled_from(["", "the ", "The "]), st.sampled_from(["", " root", " nerve root", " dermatome", " level"])
)
def test_filler_around_a_root_never_matters(root, before, after):
    assert check_typed(typed(root), f"{before}{root}{after}").correct


@given(st.text(alphabet=string.ascii_letters + string.digits + " -/,.&", max_size=30))
def test_case_and_outer_spacing_never_change_the_meaning(text):
    assert answer_key(text.upper()) == answer_key(text.lower())
    assert answer_key(f"  {text}  ") == answer_key(text)


@given(st.text(min_size=1, max_size=25), st.text(max_size=25))
def test_matching_is_symmetric(a, b):
    assert check_typed(typed(a), b).correct == check_typed(typed(b), a).correct


@given(st.text(max_size=25))
def test_an_answer_with_nothing_to_compare_is_never_right(text):
    if not answer_key(text).roots and not answer_key(text).words:
        assert not check_typed(typed("L4"), text).correct
