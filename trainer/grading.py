"""Checking what a student answered on auto-graded cards, and the grade that is proposed.

Right proposes 4, wrong proposes 1, a typed near miss (one typo away) proposes 3;
the student can always change the grade before moving on.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
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

# A deck's [synonyms] table: (term, (equivalent terms...)) pairs.
Synonyms = Iterable[tuple[str, tuple[str, ...]]]


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


# --- answers a student would give: roots, filler words, synonyms ----------------------

# Every root the examination names, top to bottom; ranges ("L2-L4") expand along it.
# ISNCSCI scores S4 and S5 as one level, so both fold to "S4-5".
_ROOT_ORDER = (
    *(f"C{n}" for n in range(1, 9)),
    *(f"T{n}" for n in range(1, 13)),
    *(f"L{n}" for n in range(1, 6)),
    *(f"S{n}" for n in range(1, 6)),
)
_ROOT_INDEX = {root: index for index, root in enumerate(_ROOT_ORDER)}
_REGION_LETTER = {"cervical": "c", "thoracic": "t", "dorsal": "t", "lumbar": "l", "sacral": "s"}
_NUMBER_WORDS = {
    "zero": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
}
_ORDINALS = {
    "first": "1",
    "second": "2",
    "third": "3",
    "fourth": "4",
    "fifth": "5",
    "sixth": "6",
    "seventh": "7",
    "eighth": "8",
    "ninth": "9",
    "tenth": "10",
    "eleventh": "11",
    "twelfth": "12",
}
_ORDINAL = r"(?:" + "|".join(_ORDINALS) + r"|\d{1,2}(?:st|nd|rd|th))"
_REGION = r"(?:" + "|".join(_REGION_LETTER) + r")"
_NUMBER = r"(?:\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
# "fourth lumbar", "4th lumbar", "lumbar 4", "lumbar four" -> "l4"
_SPELLED_RE = re.compile(
    rf"\b({_ORDINAL})(?:\s*(and|,|/|-|to)\s*({_ORDINAL}))?[\s-]+({_REGION})\b|\b({_REGION})[\s-]+({_NUMBER})\b"
)
_S45_RE = re.compile(r"(?<![a-z0-9])s\s*45(?![0-9])")  # "S4-5" folded by hand
_ONE_ROOT = r"([ctls])[ .\-]?(\d{1,2})(?![0-9])"
# A root, optionally followed by a range end: "L2-L4", "L3 to L5", "S4-5", "S4/5", "L5-S1".
_ROOT_RE = re.compile(
    rf"(?<![a-z0-9]){_ONE_ROOT}"
    r"(?:(?:\s*(?:-|\u2013|\u2014|\bto\b|\bthrough\b)\s*(?:([ctls])[ .\-]?)?|\s*/\s*)(\d{1,2})(?![0-9]))?"
)
# Removed before synonyms are looked up, so "top of foot" finds "top of the foot".
ARTICLES = frozenset({"the", "a", "an"})
# Words that do not change what a short answer means ("the L4 nerve root", "knee reflex").
FILLER_WORDS = frozenset(
    {
        "level",
        "reflex",
        "jerk",
        "nerve",
        "root",
        "dermatome",
        "segment",
        "spinal",
        "and",
        "or",
        "of",
        "its",
        "it",
        "is",
        "both",
        "supply",
        "supplied",
        "by",
        "&",
    }
)
# Anatomical equivalents every deck understands; a deck's [synonyms] table adds its own.
COMMON_SYNONYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "patellar reflex",
        (
            "knee jerk",
            "knee reflex",
            "quadriceps reflex",
            "quadriceps jerk",
            "patellar tendon reflex",
            "patella reflex",
        ),
    ),
    ("achilles reflex", ("ankle jerk", "ankle reflex", "achilles tendon reflex", "triceps surae reflex")),
    ("fibular", ("peroneal",)),
    ("dorsum of the foot", ("top of the foot", "dorsal foot", "foot dorsum", "dorsal surface of the foot")),
    ("medial malleolus", ("inner ankle bone", "inner ankle", "medial ankle bone")),
    ("umbilicus", ("navel", "belly button", "umbilical")),
    ("nipple", ("nipple line", "nipples")),
    ("xiphisternum", ("xiphoid", "xiphoid process", "xiphisternal")),
    ("big toe", ("great toe", "hallux", "first toe", "1st toe")),
    ("little toe", ("fifth toe", "5th toe", "small toe", "baby toe")),
    ("popliteal fossa", ("back of the knee", "behind the knee")),
    ("cauda equina syndrome", ("ces",)),
    ("metastatic spinal cord compression", ("mscc",)),
    ("upper motor neurone", ("umn", "upper motor neuron")),
    ("lower motor neurone", ("lmn", "lower motor neuron")),
    ("straight leg raise", ("slr", "straight leg raising", "lasegue", "lasegue test", "lasegue sign")),
    ("emergency", ("a&e", "a and e", "999")),
)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _canonical_root(root: str) -> str:
    return "S4-5" if root in ("S4", "S5") else root


def _valid(letter: str, number: str) -> str | None:
    root = f"{letter.upper()}{int(number)}"
    return root if root in _ROOT_INDEX else None


def _take_roots(text: str) -> tuple[frozenset[str], str]:
    """The roots a (plain, lower-case) text names, and the text with them taken out."""

    def spelled(match: re.Match[str]) -> str:
        first, joiner, second, region, region_after, number = match.groups()
        if first is None:
            return f" {_REGION_LETTER[region_after]}{_NUMBER_WORDS.get(number, number)} "
        letter = _REGION_LETTER[region]
        numbers = [_ORDINALS.get(o) or o[:-2] for o in (first, second) if o]
        if joiner in ("-", "to"):
            return f" {letter}{numbers[0]}-{letter}{numbers[1]} "
        return " " + " ".join(f"{letter}{n}" for n in numbers) + " "

    text = _S45_RE.sub(" s4-5 ", _SPELLED_RE.sub(spelled, text))
    found: set[str] = set()

    def root(match: re.Match[str]) -> str:
        letter, number, end_letter, end_number = match.groups()
        first = _valid(letter, number)
        if first is None:
            return match.group(0)
        if end_number is None:
            found.add(_canonical_root(first))
            return " "
        last = _valid(end_letter or letter, end_number)
        if last is None:
            found.add(_canonical_root(first))
            return " " + match.group(0)[len(letter) + len(number) :]
        low, high = sorted((_ROOT_INDEX[first], _ROOT_INDEX[last]))
        found.update(_canonical_root(r) for r in _ROOT_ORDER[low : high + 1])
        return " "

    rest = _ROOT_RE.sub(root, text)
    return frozenset(found), rest


def _words(text: str) -> list[str]:
    out = []
    for word in re.findall(r"[^\W_]+|&", text):
        word = _NUMBER_WORDS.get(word, word)
        if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
        out.append(word)
    return out


@lru_cache(maxsize=64)
def _synonym_table(
    synonyms: tuple[tuple[str, tuple[str, ...]], ...],
) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """(term as words, canonical as words), longest term first."""
    pairs: dict[tuple[str, ...], tuple[str, ...]] = {}
    for canonical, equivalents in (*COMMON_SYNONYMS, *synonyms):
        target = tuple(w for w in _words(_plain(canonical)) if w not in ARTICLES)
        if not target:
            continue
        for term in (canonical, *equivalents):
            key = tuple(w for w in _words(_plain(term)) if w not in ARTICLES)
            if key:
                pairs.setdefault(key, target)
    return tuple(sorted(pairs.items(), key=lambda pair: -len(pair[0])))


def _replace_synonyms(words: list[str], table: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]) -> list[str]:
    out: list[str] = []
    index = 0
    while index < len(words):
        for term, canonical in table:
            if tuple(words[index : index + len(term)]) == term:
                out.extend(canonical)
                index += len(term)
                break
        else:
            out.append(words[index])
            index += 1
    return out


@dataclass(frozen=True)
class AnswerKey:
    """What an answer means: the roots it names and its other words, in any order."""

    roots: frozenset[str]
    words: tuple[str, ...]

    @property
    def text(self) -> str:
        return "".join(self.words)


def answer_key(text: str, synonyms: Synonyms = ()) -> AnswerKey:
    """Reduce an answer to its meaning: 'the fourth lumbar nerve root' and 'L4' give the same key."""
    roots, rest = _take_roots(_plain(text))
    tokens = _words(rest)
    words = _replace_synonyms([w for w in tokens if w not in ARTICLES], _synonym_table(tuple(synonyms)))
    meaningful = [w for w in words if w not in FILLER_WORDS]
    if not roots and not meaningful:
        meaningful = tokens  # an answer made only of filler words still means itself
    return AnswerKey(roots, tuple(sorted(meaningful)))


def check_typed(card: Card, response: str, synonyms: Synonyms = ()) -> Verdict:
    """Right when the answer means the same as the card's answer or an accepted form.

    Roots may be written in any common form and order ("L3 and L4", "L4, L3", "fourth
    lumbar"), filler words are ignored, and synonyms (the common ones and the deck's)
    count as equal. A root set that differs ("L4/L5" for "L4") is wrong, never a near miss.
    """
    table = tuple((term, tuple(equivalents)) for term, equivalents in synonyms)
    given = answer_key(response, table)
    if not given.roots and not given.words:
        return Verdict(correct=False, expected=card.answer)
    keys = [answer_key(form, table) for form in (card.answer, *card.accept)]
    if given in keys:
        return Verdict(correct=True, expected=card.answer)
    folded = fold(response)
    near = any(
        # A typo may hide a spelled-out root ("frist sacral"), but a different root is never one.
        given.roots in (key.roots, frozenset())
        and (is_near_miss(given.text, key.text) or is_near_miss(folded, fold(form)))
        for key, form in zip(keys, (card.answer, *card.accept), strict=True)
    )
    return Verdict(correct=False, near_miss=near, expected=card.answer)


def check_choice(card: Card, chosen: str) -> Verdict:
    return Verdict(correct=chosen == card.answer, expected=card.answer)


def check_multi(card: Card, chosen: Iterable[str]) -> Verdict:
    return Verdict(correct=set(chosen) == set(card.answers), expected="; ".join(card.answers))
