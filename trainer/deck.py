"""Deck model and the TOML deck validator (pure: it parses text; reading files is in trainer.store.deck_files).

A deck is one TOML file written by hand: a ``[deck]`` table and an array of
``[[cards]]``. Loading never executes anything from the file; every problem found is
reported as ``path:line: message``, all of them at once.
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, overload

from trainer.toml_lines import Positions, scan_positions

__all__ = [
    "CARD_TYPES",
    "Card",
    "Deck",
    "DeckLibrary",
    "Item",
    "Problem",
    "parse_deck",
]

CardType = Literal["basic", "reverse", "choice", "multi", "typed", "map"]
CARD_TYPES = ("basic", "reverse", "choice", "multi", "typed", "map")
# Types that later releases add; named so the error can say "not supported yet".
FUTURE_TYPES: tuple[str, ...] = ()
ID_RE = re.compile(r"[a-z0-9-]+")
MAX_CHOICES = 9  # chosen with the keys 1-9

DECK_REQUIRED = ("id", "title")
DECK_OPTIONAL = ("description", "author")
CARD_COMMON_REQUIRED = ("id", "type", "front")
CARD_COMMON_OPTIONAL = ("tags", "source", "note", "group")
TYPE_REQUIRED = {
    "basic": ("back",),
    "reverse": ("back",),
    "choice": ("choices", "answer"),
    "multi": ("choices", "answers"),
    "typed": ("answer",),
    "map": ("mode",),
}
TYPE_OPTIONAL = {
    "typed": ("accept",),
    "choice": ("ordered",),
    "multi": ("ordered",),
    "map": ("view", "region", "landmark", "answer", "choices", "accept", "ordered"),
}
ALL_CARD_KEYS = sorted(
    set(CARD_COMMON_REQUIRED)
    | set(CARD_COMMON_OPTIONAL)
    | {k for keys in TYPE_REQUIRED.values() for k in keys}
    | {k for keys in TYPE_OPTIONAL.values() for k in keys}
)
STRING_KEYS = ("id", "type", "front", "back", "answer", "source", "note", "group", "mode", "view", "region", "landmark")
LIST_KEYS = ("tags", "choices", "answers", "accept")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a deck file, reported as ``path:line: message``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Card:
    """One card as written in a deck file."""

    deck_id: str
    id: str
    type: CardType
    front: str
    back: str = ""
    answer: str = ""
    choices: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    source: str = ""
    note: str = ""
    ordered: bool = False  # choice/multi: options keep the author's order (e.g. L1, L2, L3), never shuffled
    group: str = ""  # cards that test the same fact: one card of a group is shown per day
    # map cards
    mode: str = ""  # "name": which root supplies the highlighted area; "locate": point at a root's region
    view: str = ""  # "front" or "back"
    region: str = ""  # a dermatome region, e.g. "L5"
    landmark: str = ""  # a named landmark on the map

    @property
    def key(self) -> str:
        return f"{self.deck_id}:{self.id}"

    @property
    def answer_text(self) -> str:
        """The right answer, as it is shown after the card is revealed."""
        if self.type in ("basic", "reverse"):
            return self.back
        if self.type == "multi":
            return "; ".join(self.answers)
        if self.type == "map" and self.mode == "locate":
            return self.region
        return self.answer

    def items(self) -> tuple[Item, ...]:
        """The review items of this card: two for a ``reverse`` card, else one."""
        forward = Item(card=self, reverse=False)
        if self.type == "reverse":
            return forward, Item(card=self, reverse=True)
        return (forward,)


@dataclass(frozen=True)
class Item:
    """One thing the student is asked; progress is kept per item."""

    card: Card
    reverse: bool = False

    @property
    def key(self) -> str:
        # ':' never appears in ids, so keys cannot collide.
        return f"{self.card.key}:reverse" if self.reverse else self.card.key

    @property
    def deck_id(self) -> str:
        return self.card.deck_id

    @property
    def sibling_key(self) -> str | None:
        """The other side of a reverse card, which is never shown on the same day."""
        if self.card.type != "reverse":
            return None
        return self.card.key if self.reverse else f"{self.card.key}:reverse"

    @property
    def prompt(self) -> str:
        return self.card.back if self.reverse else self.card.front

    @property
    def answer_text(self) -> str:
        return self.card.front if self.reverse else self.card.answer_text

    @property
    def text_prompt(self) -> str:
        """The question as plain text, for places a picture cannot go (export): map cards describe their map."""
        if self.card.type == "map":
            from trainer.map.cards import text_prompt

            return text_prompt(self.card)
        return self.prompt

    @property
    def text_answer(self) -> str:
        if self.card.type == "map":
            from trainer.map.cards import text_answer

            return text_answer(self.card)
        return self.answer_text


class LazyCards(Sequence[Card]):
    """A deck's cards, built from stored entries the first time they are read.

    Start-up shows each deck's size and today's counts (which it may remember), so a
    10,000-card deck from the cache need not build 10,000 cards before home is drawn.
    ``build`` turns the entries into cards and raises for an entry it cannot use.
    """

    def __init__(self, entries: list, build: Callable[[list], tuple[Card, ...]], item_count: int) -> None:
        self._entries: list | None = entries
        self._build = build
        self._cards: tuple[Card, ...] | None = None
        self._count = len(entries)
        self.item_count = item_count

    def _all(self) -> tuple[Card, ...]:
        if self._cards is None:
            assert self._entries is not None
            self._cards = self._build(self._entries)
            self._entries = None
        return self._cards

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Card: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Card]: ...
    def __getitem__(self, index: int | slice) -> Card | Sequence[Card]:
        return self._all()[index]

    def __iter__(self) -> Iterator[Card]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return self._all() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return f"LazyCards({self._count} cards)"


@dataclass(frozen=True)
class Deck:
    id: str
    title: str
    description: str
    path: str
    cards: Sequence[Card]  # a tuple, or ``LazyCards`` from the loader's cache (built when first read)
    builtin: bool = False
    # [synonyms] table: each entry is (term, (equivalent terms...)), used when checking typed answers
    synonyms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # problems of cards that were skipped while the rest of the deck loaded
    skipped: tuple[Problem, ...] = ()
    # a hash of the file's bytes, set by the loader ("" for a deck built in memory): names this content
    digest: str = ""

    def items(self) -> list[Item]:
        return list(self._items)

    @functools.cached_property
    def _items(self) -> tuple[Item, ...]:  # made once: the same items for every session and count
        return tuple(item for card in self.cards for item in card.items())

    def item_count(self) -> int:
        """How many items the deck holds (a reverse card counts 2), without building its cards if it can."""
        cards = self.cards
        if isinstance(cards, LazyCards):
            return cards.item_count
        return sum(2 if card.type == "reverse" else 1 for card in cards)

    def counts_by_type(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for card in self.cards:
            counts[card.type] = counts.get(card.type, 0) + 1
        return counts


@dataclass
class DeckLibrary:
    """Decks found in some paths, with the problems of the files that failed."""

    decks: list[Deck] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def by_id(self, deck_id: str) -> Deck | None:
        return next((d for d in self.decks if d.id == deck_id), None)

    def broken_files(self) -> dict[str, Problem]:
        """The first problem of each file that could not be loaded."""
        first: dict[str, Problem] = {}
        for problem in self.problems:
            first.setdefault(problem.path, problem)
        return first


# --- validation helpers -------------------------------------------------------------


def _type_name(value: Any) -> str:
    names = {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "an array",
        dict: "a table",
    }
    for kind, name in names.items():
        if type(value) is kind:
            return name
    return "a date or time"


def _suggest(word: str, choices: Iterable[str]) -> str:
    choices = list(choices)
    same_but_case = [c for c in choices if c.casefold() == word.casefold()]
    match = same_but_case or difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


Line = int | None | Callable[[], int | None]


class _Report:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.card_problems = 0  # how many problems concern single cards (each skips only its card)

    def add(self, line: Line, message: str) -> None:
        # A callable line is only worked out when there is a problem to report.
        if callable(line):
            line = line()
        self.problems.append(Problem(self.path, line or 1, message))


def _check_string(report: _Report, line: Line, where: str, key: str, value: Any) -> str | None:
    if not isinstance(value, str):
        report.add(line, f"{where}'{key}' must be a string, not {_type_name(value)}")
        return None
    if not value.strip():
        report.add(line, f"{where}'{key}' is empty")
        return None
    return value


def _check_string_list(
    report: _Report, line: Line, where: str, key: str, value: Any, *, min_len: int = 0
) -> tuple[str, ...] | None:
    if not isinstance(value, list):
        report.add(line, f"{where}'{key}' must be an array of strings, not {_type_name(value)}")
        return None
    ok = True
    for index, element in enumerate(value, start=1):
        if not isinstance(element, str):
            report.add(line, f"{where}'{key}' entry {index} must be a string, not {_type_name(element)}")
            ok = False
        elif not element.strip():
            report.add(line, f"{where}'{key}' entry {index} is empty")
            ok = False
    if ok and len(value) < min_len:
        noun = "entry" if min_len == 1 else "entries"
        report.add(line, f"{where}'{key}' needs at least {min_len} {noun}, has {len(value)}")
        ok = False
    return tuple(value) if ok else None


def _unknown_key_message(where: str, key: str, known: Iterable[str], kind: str) -> str:
    if key in known:
        return f"{where}key '{key}' is not used by a '{kind}' card"
    return f"{where}unknown key '{key}'{_suggest(key, known)}"


# --- parsing ------------------------------------------------------------------------


class LazyPositions:
    """Scans the text for line numbers the first time one is asked for."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._positions: Positions | None = None

    @property
    def positions(self) -> Positions:
        if self._positions is None:
            self._positions = scan_positions(self._text)
        return self._positions

    @property
    def root_keys(self) -> dict[str, int]:
        return self.positions.root_keys

    def card_line(self, index: int, key: str | None = None) -> int | None:
        return self.positions.card_line(index, key)

    def deck_key_line(self, key: str | None = None) -> int | None:
        return self.positions.deck_key_line(key)


def parse_deck(
    data: bytes | str, path: str | Path, *, builtin: bool = False, partial: bool = False
) -> tuple[Deck | None, list[Problem]]:
    """Parse one deck file's content. Returns the deck (None if anything is wrong) and every problem.

    With ``partial``, a deck whose only problems are in some cards loads its good cards and
    keeps the bad cards' problems in ``Deck.skipped`` (problems returned: none).
    """
    path = str(path)
    report = _Report(path)
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            report.add(line, f"file is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be decoded)")
            return None, report.problems
    else:
        text = data
    text = text.removeprefix("\ufeff")  # a BOM from Windows editors is harmless
    if not text.strip():
        report.add(1, "file is empty: a deck needs a [deck] table and [[cards]]")
        return None, report.problems
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        error_line, message = _toml_error(exc)
        report.add(error_line, f"TOML syntax error: {message}")
        return None, report.problems
    except RecursionError:
        report.add(1, "TOML nesting is too deep")
        return None, report.problems
    # Line numbers are only needed to report problems, so the scan waits until one is found.
    positions = LazyPositions(text)
    deck_id, title, description = _parse_deck_table(report, raw, positions)
    cards = _parse_cards(report, raw, positions, deck_id or "")
    synonyms = _parse_synonyms(report, raw.get("synonyms"), positions)
    for key in raw:
        if key not in ("deck", "cards", "synonyms"):
            report.add(
                positions.root_keys.get(key),
                f"unknown top-level key '{key}'{_suggest(key, ['deck', 'cards', 'synonyms'])}: "
                "a deck file holds a [deck] table, [[cards]] and an optional [synonyms] table",
            )
    skipped: tuple[Problem, ...] = ()
    if report.problems:
        report.problems.sort(key=lambda p: p.line)
        if not (partial and cards and deck_id and title and len(report.problems) == report.card_problems):
            return None, report.problems
        skipped = tuple(report.problems)  # partial loading: the good cards load, the bad ones are listed
    assert deck_id is not None and title is not None
    return Deck(deck_id, title, description, path, tuple(cards), builtin, synonyms, skipped), []


def _parse_synonyms(
    report: _Report, table: Any, pos: Positions | LazyPositions
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``[synonyms]``: each key is a term, its value the terms a typed answer may use instead."""
    if table is None:
        return ()
    line = pos.root_keys.get("synonyms")
    if not isinstance(table, dict):
        report.add(line, f"'synonyms' must be a table ([synonyms]), not {_type_name(table)}")
        return ()
    entries = []
    for term, value in table.items():
        where = f"[synonyms] '{term}': "
        if not term.strip():
            report.add(line, "[synonyms] a term is empty")
            continue
        equivalents = _check_string_list(report, line, where, "value", value, min_len=1)
        if equivalents is not None:
            entries.append((term, equivalents))
    return tuple(entries)


_TOML_POS_RE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_EOF_RE = re.compile(r"\s*\(at end of document\)\s*$")


def _toml_error(exc: tomllib.TOMLDecodeError) -> tuple[int | None, str]:
    message = str(exc)
    match = _TOML_POS_RE.search(message)
    if match:
        return int(match.group(1)), f"{message[: match.start()]} (column {match.group(2)})"
    match = _TOML_EOF_RE.search(message)
    if match:
        return None, f"{message[: match.start()]} (at end of file)"
    return None, message


def _parse_deck_table(report: _Report, raw: dict, pos: Positions | LazyPositions) -> tuple[str | None, str | None, str]:
    table = raw.get("deck")
    if table is None:
        report.add(1, "no [deck] table: add one with id and title")
        return None, None, ""
    if not isinstance(table, dict):
        report.add(pos.deck_key_line(), f"'deck' must be a table ([deck]), not {_type_name(table)}")
        return None, None, ""
    where = "[deck] "
    values: dict[str, str | None] = {}
    for key in DECK_REQUIRED:
        if key not in table:
            report.add(pos.deck_key_line(), f"{where}missing required key '{key}'")
            values[key] = None
        else:
            values[key] = _check_string(report, functools.partial(pos.deck_key_line, key), where, key, table[key])
    description = ""
    for key in DECK_OPTIONAL:
        if key in table:
            value = _check_string(report, functools.partial(pos.deck_key_line, key), where, key, table[key])
            if key == "description" and value:
                description = value
    for key in table:
        if key not in DECK_REQUIRED and key not in DECK_OPTIONAL:
            known = DECK_REQUIRED + DECK_OPTIONAL
            report.add(pos.deck_key_line(key), f"{where}unknown key '{key}'{_suggest(key, known)}")
    deck_id = values["id"]
    if deck_id is not None and not ID_RE.fullmatch(deck_id):
        report.add(
            pos.deck_key_line("id"),
            f"{where}id '{deck_id}' may only use lowercase letters, digits and '-'",
        )
        deck_id = None
    return deck_id, values["title"], description


def _parse_cards(report: _Report, raw: dict, pos: Positions | LazyPositions, deck_id: str) -> list[Card]:
    """The good cards; counts the problems of bad ones, which partial loading skips one by one."""
    before = len(report.problems)
    cards = _parse_card_tables(report, raw, pos, deck_id)
    if cards:  # with no good card at all, the problems are the whole file's
        report.card_problems += len(report.problems) - before
    return cards


def _parse_card_tables(report: _Report, raw: dict, pos: Positions | LazyPositions, deck_id: str) -> list[Card]:
    cards_raw = raw.get("cards")
    if cards_raw is None:
        report.add(pos.deck_key_line() or 1, "no cards: add at least one [[cards]] table")
        return []
    if not isinstance(cards_raw, list) or not all(isinstance(c, dict) for c in cards_raw):
        report.add(
            pos.root_keys.get("cards"),
            "'cards' must be an array of tables, written as [[cards]] sections",
        )
        return []
    if not cards_raw:
        report.add(pos.root_keys.get("cards"), "no cards: add at least one [[cards]] table")
        return []
    cards: list[Card] = []
    first_line_of_id: dict[str, int] = {}
    for index, table in enumerate(cards_raw):
        card = _parse_card(report, table, index, pos, deck_id)
        raw_id = table.get("id")
        if isinstance(raw_id, str) and raw_id.strip():
            if raw_id in first_line_of_id:
                report.add(
                    pos.card_line(index, "id"),
                    f"duplicate card id '{raw_id}' (first used by the card on line {pos.card_line(first_line_of_id[raw_id]) or 1})",
                )
                continue
            first_line_of_id[raw_id] = index
        if card is not None:
            cards.append(card)
    return cards


def _parse_card(report: _Report, table: dict, index: int, pos: Positions | LazyPositions, deck_id: str) -> Card | None:
    def line(key: str | None = None) -> int | None:
        return pos.card_line(index, key)

    before = len(report.problems)
    raw_id = table.get("id")
    label = f"card '{raw_id}'" if isinstance(raw_id, str) and raw_id.strip() else f"card {index + 1}"
    where = f"{label}: "

    kind = table.get("type")
    if "type" not in table:
        report.add(line(), f"{where}missing required key 'type' (one of {', '.join(CARD_TYPES)})")
    elif not isinstance(kind, str):
        report.add(line("type"), f"{where}'type' must be a string, not {_type_name(kind)}")
        kind = None
    elif kind in FUTURE_TYPES:
        report.add(line("type"), f"{where}card type '{kind}' is not supported yet (use one of {', '.join(CARD_TYPES)})")
        kind = None
    elif kind not in CARD_TYPES:
        report.add(
            line("type"),
            f"{where}unknown card type '{kind}'{_suggest(kind, CARD_TYPES)}; use one of {', '.join(CARD_TYPES)}",
        )
        kind = None
    if kind not in CARD_TYPES:
        kind = None

    required = CARD_COMMON_REQUIRED + (TYPE_REQUIRED[kind] if kind else ())
    optional = CARD_COMMON_OPTIONAL + (TYPE_OPTIONAL.get(kind, ()) if kind else ())
    values: dict[str, Any] = {}
    for key in required:
        if key == "type":
            continue
        if key not in table:
            report.add(line(), f"{where}missing required key '{key}'")
        else:
            values[key] = _check_value(report, functools.partial(line, key), where, key, table[key])
    for key in optional:
        if key in table:
            values[key] = _check_value(report, functools.partial(line, key), where, key, table[key])
    if kind is not None:
        for key in table:
            if key not in required and key not in optional:
                report.add(line(key), _unknown_key_message(where, key, ALL_CARD_KEYS, kind))
    else:
        for key in table:
            if key not in ALL_CARD_KEYS:
                report.add(line(key), f"{where}unknown key '{key}'{_suggest(key, ALL_CARD_KEYS)}")

    group = values.get("group")
    if group is not None and not ID_RE.fullmatch(group):
        report.add(line("group"), f"{where}group '{group}' may only use lowercase letters, digits and '-'")
    card_id = values.get("id")
    if card_id is not None and not ID_RE.fullmatch(card_id):
        report.add(line("id"), f"{where}id '{card_id}' may only use lowercase letters, digits and '-'")
    _check_answers(report, line, where, kind, values)

    if len(report.problems) > before or kind is None:
        return None
    return Card(
        deck_id=deck_id,
        id=values["id"],
        type=kind,
        front=values["front"],
        back=values.get("back", ""),
        answer=values.get("answer", ""),
        choices=values.get("choices", ()),
        answers=values.get("answers", ()),
        accept=values.get("accept", ()),
        tags=values.get("tags", ()),
        source=values.get("source", ""),
        note=values.get("note", ""),
        group=values.get("group", ""),
        ordered=values.get("ordered", False) is True,
        mode=values.get("mode", ""),
        view=values.get("view", ""),
        region=values.get("region", ""),
        landmark=values.get("landmark", ""),
    )


def _check_value(report: _Report, line: Line, where: str, key: str, value: Any) -> Any:
    if key == "ordered":  # choices keep the author's order (e.g. L1, L2, L3) instead of being shuffled
        if not isinstance(value, bool):
            report.add(line, f"{where}'ordered' must be true or false, not {_type_name(value)}")
        return value
    if key in LIST_KEYS:
        min_len = {"choices": 2, "answers": 1}.get(key, 0)
        return _check_string_list(report, line, where, key, value, min_len=min_len)
    return _check_string(report, line, where, key, value)


def _check_answers(report: _Report, line, where: str, kind: str | None, values: dict[str, Any]) -> None:
    # Imported here so the loader and the grader share one folding rule.
    from trainer.grading import fold

    choices = values.get("choices")
    if kind in ("choice", "multi") and choices:
        if len(choices) > MAX_CHOICES:
            report.add(
                line("choices"), f"{where}'choices' has {len(choices)} entries; at most {MAX_CHOICES} fit on keys 1-9"
            )
        seen: set[str] = set()
        for choice in choices:
            folded = choice.strip().casefold()
            if folded in seen:
                report.add(line("choices"), f"{where}choice '{choice}' is listed twice")
            seen.add(folded)
    if kind == "choice" and choices and values.get("answer") is not None:
        answer = values["answer"]
        if answer not in choices:
            report.add(line("answer"), f"{where}answer '{answer}' is not one of the choices{_suggest(answer, choices)}")
    if kind == "multi" and choices and values.get("answers") is not None:
        seen_answers: set[str] = set()
        for answer in values["answers"]:
            if answer not in choices:
                report.add(
                    line("answers"), f"{where}answer '{answer}' is not one of the choices{_suggest(answer, choices)}"
                )
            if answer in seen_answers:
                report.add(line("answers"), f"{where}answer '{answer}' is listed twice")
            seen_answers.add(answer)
    if kind == "map":
        from trainer.map.validate import check_map_card

        for key, message in check_map_card(values):
            report.add(line(key), f"{where}{message}")
    if kind in ("typed", "map"):
        for key in ("answer", "accept"):
            value = values.get(key)
            forms = [value] if isinstance(value, str) else list(value or ())
            for form in forms:
                if not fold(form):
                    report.add(line(key), f"{where}'{key}' value '{form}' has no letters or digits to compare with")
