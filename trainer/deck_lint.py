"""Warnings for decks that load but may mislead students: ``trainer validate`` prints them (pure).

Errors stop a card from loading; warnings point at what is legal but probably unintended:
an uncited card, choices that only differ by punctuation, the same question asked twice, a
deck id another deck already uses, control characters, an answer changed under an old id.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations

from trainer.deck import Card, Deck, LazyPositions
from trainer.text import has_control

__all__ = [
    "Finding",
    "answer_changes",
    "card_warnings",
    "duplicate_fronts",
    "id_clashes",
]

ERROR = "error"
WARNING = "warning"
_STOP_WORDS = frozenset({"a", "an", "the"})
_WORD_RE = re.compile(r"[^\W_]+")


@dataclass(frozen=True, order=True)
class Finding:
    """One problem or warning as ``validate`` prints it: ``path:line: severity: message``."""

    path: str
    line: int
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "severity": self.severity, "message": self.message}


class _Lines:
    """Line numbers of a deck's cards, worked out from its text only when a warning needs one."""

    def __init__(self, deck: Deck, text: str) -> None:
        self.path = deck.path
        self._positions = LazyPositions(text)
        self._index = {card.id: i for i, card in enumerate(deck.cards)}

    def card(self, card: Card, key: str | None = None) -> int:
        index = self._index.get(card.id)
        return (self._positions.card_line(index, key) if index is not None else None) or 1

    def deck(self, key: str | None = None) -> int:
        return self._positions.deck_key_line(key) or 1


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch)[0] in ("L", "N")).casefold()


def card_warnings(deck: Deck, text: str) -> list[Finding]:
    """Warnings about single cards and the deck table: sources, repeated options, control characters."""
    lines = _Lines(deck, text)
    found: list[Finding] = []

    def warn(line: int, message: str) -> None:
        found.append(Finding(deck.path, line, WARNING, message))

    for key, value in (("title", deck.title), ("description", deck.description)):
        if has_control(value):
            warn(lines.deck(key), f"[deck] '{key}' holds control characters (shown as symbols, never sent)")
    for card in deck.cards:
        where = f"card '{card.id}': "
        if not card.source.strip():
            warn(lines.card(card), f"{where}no 'source': cite where the fact comes from")
        if card.type in ("choice", "multi"):
            seen: dict[str, str] = {}
            for choice in card.choices:
                folded = _fold(choice)
                if folded in seen:
                    warn(
                        lines.card(card, "choices"),
                        f"{where}choices '{seen[folded]}' and '{choice}' differ only in case, spacing or punctuation",
                    )
                seen.setdefault(folded, choice)
        for key, value in _texts(card):
            if has_control(value):
                warn(lines.card(card, key), f"{where}'{key}' holds control characters (shown as symbols, never sent)")
    return found


def _texts(card: Card) -> Iterable[tuple[str, str]]:
    for key in ("id", "front", "back", "answer", "source", "note", "group", "region", "landmark"):
        value = getattr(card, key, "")
        if isinstance(value, str) and value:
            yield key, value
    for key in ("choices", "answers", "accept", "tags"):
        for value in getattr(card, key, ()):
            yield key, value


def _words(front: str) -> tuple[str, ...]:
    return tuple(w for w in _WORD_RE.findall(front.casefold()) if w not in _STOP_WORDS)


def _digits(words: Sequence[str]) -> tuple[str, ...]:
    return tuple("".join(ch for ch in w if ch.isdigit()) for w in words if any(ch.isdigit() for ch in w))


def _near(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Same question: equal words, the same words in another order, or one or two typos."""
    if a == b or sorted(a) == sorted(b):
        return True
    if len(a) != len(b):
        return False
    differing = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(differing) <= 2 and all(
        min(len(x), len(y)) >= 4 and SequenceMatcher(None, x, y).ratio() >= 0.8 for x, y in differing
    )


def duplicate_fronts(decks: Sequence[tuple[Deck, str]], installed: Sequence[Deck] = ()) -> list[Finding]:
    """Cards asking nearly the same question, within one deck or across the decks given, or
    asked already by a deck the trainer loads anyway (``installed``: only the decks given are
    reported on). Cards that share a ``group`` ask the same fact on purpose and are not reported.
    """
    given_ids = {deck.id for deck, _ in decks}
    entries: list[tuple[Deck, _Lines | None]] = [(d, None) for d in installed if d.id not in given_ids]
    entries += [(deck, _Lines(deck, text)) for deck, text in decks]
    buckets: dict[tuple[int, tuple[str, ...]], list[tuple[int, Card, tuple[str, ...]]]] = {}
    for number, (deck, _) in enumerate(entries):
        for card in deck.cards:
            words = _words(card.front)
            if words:
                buckets.setdefault((len(words), tuple(sorted(_digits(words)))), []).append((number, card, words))
    found: list[Finding] = []
    reported: set[tuple[int, str]] = set()
    for bucket in buckets.values():
        for (n1, c1, w1), (n2, c2, w2) in combinations(bucket, 2):
            lines2 = entries[n2][1]
            if lines2 is None or (n2, c2.id) in reported:
                continue  # installed decks are compared with, never reported on
            group = getattr(c1, "group", "")
            if group and group == getattr(c2, "group", "") and c1.deck_id == c2.deck_id:
                continue
            if not _near(w1, w2):
                continue
            reported.add((n2, c2.id))
            lines1 = entries[n1][1]
            where = "" if n1 == n2 else f" in {entries[n1][0].path}"
            at = f" (line {lines1.card(c1, 'front')})" if lines1 is not None else ""
            found.append(
                Finding(
                    entries[n2][0].path,
                    lines2.card(c2, "front"),
                    WARNING,
                    f"card '{c2.id}': front is nearly the same as card '{c1.id}'{where}{at}",
                )
            )
    return found


def id_clashes(deck: Deck, text: str, others: Iterable[Deck]) -> list[Finding]:
    """The deck id is also used by a deck the trainer would load (built-in or in the user's deck folder)."""
    found = []
    for other in others:
        if other.id != deck.id:
            continue
        kind = "the built-in deck" if other.builtin else "the deck"
        found.append(
            Finding(
                deck.path,
                _Lines(deck, text).deck("id"),
                WARNING,
                f"deck id '{deck.id}' is also used by {kind} {other.path}: the trainer loads one deck per id, "
                "so one of them is not used (give this deck its own id, or replace that one on purpose)",
            )
        )
    return found


def answer_changes(deck: Deck, text: str, previous: Deck, what: str) -> list[Finding]:
    """Cards whose answer changed while the id stayed, so students keep progress made on the old answer."""
    lines = _Lines(deck, text)
    before = {card.id: card for card in previous.cards}
    found = []
    for card in deck.cards:
        old = before.get(card.id)
        if old is None or old.type != card.type:
            continue
        if _fold(old.answer_text) != _fold(card.answer_text):
            key = "back" if card.type in ("basic", "reverse") else ("answers" if card.type == "multi" else "answer")
            found.append(
                Finding(
                    deck.path,
                    lines.card(card, key),
                    WARNING,
                    f"card '{card.id}': answer changed from '{old.answer_text}' to '{card.answer_text}' "
                    f"since {what} but the id is the same, so students keep the old card's progress "
                    "(give it a new id if the fact changed)",
                )
            )
    return found
