"""Checking what a student answered on auto-graded cards, and the grade that is proposed.

Right proposes 4, wrong proposes 1, a typed near miss (one typo away) proposes 3;
the student can always change the grade before moving on.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol


class Card(Protocol):
    """What grading reads of a card (``trainer.deck.Card`` has it); no import, so no deck<->grading loop."""

    @property
    def answer(self) -> str: ...
    @property
    def answers(self) -> Sequence[str]: ...
    @property
    def accept(self) -> Sequence[str]: ...


RIGHT_GRADE = 4
NEAR_MISS_GRADE = 3
WRONG_GRADE = 1
# A typo in a short answer such as "L4"/"L5" changes its meaning, so near misses are
# only recognised in longer answers, and never when the edit touches a digit.
NEAR_MISS_MIN_LENGTH = 5


@dataclass(frozen=True)
class Verdict:
    correct: bool
    near_miss: bool = False
    expected: str = ""

    @property
    def proposed_grade(self) -> int:
        if self.correct:
            return RIGHT_GRADE
        return NEAR_MISS_GRADE if self.near_miss else WRONG_GRADE

    @property
    def label(self) -> str:
        if self.correct:
            return "Right"
        return "Almost: one typo away" if self.near_miss else "Wrong"


def fold(text: str) -> str:
    """Fold case, accents, whitespace and punctuation: 'L 4.' and 'l4' compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = [ch for ch in decomposed if not unicodedata.combining(ch) and unicodedata.category(ch)[0] in ("L", "N")]
    return "".join(kept).casefold()


def _edit(a: str, b: str) -> tuple[int, set[str]]:
    """Optimal-string-alignment distance capped at 2, with the characters the edits touched."""
    if abs(len(a) - len(b)) > 1:
        return 2, set()
    if a == b:
        return 0, set()
    # Find the first and last differing positions; one edit must sit between them.
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end_a, end_b = len(a), len(b)
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a -= 1
        end_b -= 1
    mid_a, mid_b = a[start:end_a], b[start:end_b]
    if len(mid_a) <= 1 and len(mid_b) <= 1:
        return 1, set(mid_a) | set(mid_b)  # one substitution, insertion or deletion
    if len(mid_a) == 2 and mid_a == mid_b[::-1]:
        return 1, set(mid_a)  # two neighbours swapped
    return 2, set()


def is_near_miss(given: str, expected: str) -> bool:
    """One typo away from ``expected`` (both already folded), in a long enough answer."""
    if min(len(given), len(expected)) < NEAR_MISS_MIN_LENGTH:
        return False
    distance, touched = _edit(given, expected)
    return distance == 1 and not any(ch.isdigit() for ch in touched)


def check_typed(card: Card, response: str) -> Verdict:
    forms = [card.answer, *card.accept]
    given = fold(response)
    folded = [fold(f) for f in forms]
    if given and given in folded:
        return Verdict(correct=True, expected=card.answer)
    near = bool(given) and any(is_near_miss(given, f) for f in folded)
    return Verdict(correct=False, near_miss=near, expected=card.answer)


def check_choice(card: Card, chosen: str) -> Verdict:
    return Verdict(correct=chosen == card.answer, expected=card.answer)


def check_multi(card: Card, chosen: Iterable[str]) -> Verdict:
    return Verdict(correct=set(chosen) == set(card.answers), expected="; ".join(card.answers))
