"""Statistics over the review log and card states: counts by state, forecast, activity, streaks,
retention, mastery, root confusions and the weakest cards. Pure: no I/O, no clock.

The log is folded once into a ``LogAggregate`` (small, serialisable, extendable answer by
answer, so the store can cache it); every figure is then a function of that aggregate,
the card states and the decks.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property, lru_cache
from typing import Any

from trainer import grading
from trainer.days import DEFAULT_DAY_STARTS, study_day
from trainer.deck import Card, Item
from trainer.records import LEECH_LAPSES, CardState, Review

__all__ = [
    "AUTO_GRADED",
    "MATURE_INTERVAL",
    "CardClass",
    "Confusion",
    "ItemStats",
    "LogAggregate",
    "Mastery",
    "Stats",
    "activity",
    "aggregate",
    "card_class",
    "card_counts",
    "compute",
    "confusion_keys",
    "confusions",
    "item_stats",
    "retention",
    "root_set",
    "streaks",
]

MATURE_INTERVAL = 21  # days: an interval this long or longer makes a card mature
PASS = 3
RIGHT = 4  # answers graded this or higher were right: their responses are not kept
AUTO_GRADED = ("choice", "multi", "typed", "map")
STATE_NAMES = ("new", "learning", "young", "mature", "suspended", "leeches")
RECENT_KEPT = 2000  # answers remembered one by one so an undo can be taken out of the totals
CardClass = str  # one of STATE_NAMES[:5]


def _response_text(response: str | list[str] | None) -> str | None:
    """A response as one string: a list of chosen options is kept sorted, joined by a unit separator."""
    if response is None:
        return None
    if isinstance(response, list):
        return "\x1f".join(sorted(str(r) for r in response))
    return str(response)


def _retention_class(before: Mapping[str, Any] | None) -> str | None:
    """'young' or 'mature' from the state before an answer; None for a card seen for the first time."""
    if not before or not before.get("last_reviewed"):
        return None
    interval = before.get("interval", 0)
    interval = int(interval) if isinstance(interval, str) else interval
    return "mature" if interval >= MATURE_INTERVAL else "young"


@lru_cache(maxsize=65536)
def _day_of(wall_prefix: str, starts: str) -> str:
    """The study day (ISO) of a local wall time given to the hour or minute ('2026-03-18T01').

    Answers come in runs within the same hour, so folding a long log parses few times.
    """
    moment = datetime.fromisoformat(wall_prefix + (":00" if len(wall_prefix) == 13 else ""))
    return study_day(moment, time.fromisoformat(starts)).isoformat()


@dataclass
class LogAggregate:
    """Everything the statistics need from the log, counted per study day and per card.

    ``days``: study day (ISO) -> [answers (drill included), young, young passed, mature, mature passed]
    ``cards``: key -> [scheduled answers, scheduled answers passed]
    ``responses``: key -> {response: count} for answers graded below 4 that carried a response
    ``recent``: review id -> what that answer added, so an undo (void) can take it out again
    """

    starts: str = DEFAULT_DAY_STARTS.strftime("%H:%M")
    days: dict[str, list[int]] = field(default_factory=dict)
    cards: dict[str, list[int]] = field(default_factory=dict)
    responses: dict[str, dict[str, int]] = field(default_factory=dict)
    recent: dict[int, list[Any]] = field(default_factory=dict)

    @property
    def starts_time(self) -> time:
        return time.fromisoformat(self.starts)

    def add(
        self,
        *,
        id: int | None,
        time_iso: str,
        key: str,
        grade: int,
        kind: str,
        response: str | list[str] | None,
        before: Mapping[str, Any] | None,
    ) -> None:
        day = _day_of(time_iso[:16] if self.starts[3:] != "00" else time_iso[:13], self.starts)
        scheduled = kind != "drill"
        passed = grade >= PASS
        klass = _retention_class(before) if scheduled else None
        text = _response_text(response) if grade < RIGHT else None
        contribution = [day, key, scheduled, passed, klass, text]
        self._apply(contribution, 1)
        if id is not None:
            self.recent[id] = contribution
            if len(self.recent) > 2 * RECENT_KEPT:  # trimmed in bulk: cheap per answer
                self.recent = dict(list(self.recent.items())[-RECENT_KEPT:])

    def add_review(self, review: Review) -> None:
        self.add(
            id=review.id,
            time_iso=review.time.isoformat(),
            key=review.key,
            grade=review.grade,
            kind=review.kind,
            response=review.response,
            before=review.before.to_dict() if review.before else None,
        )

    def void(self, review_id: int) -> bool:
        """Take an undone answer out; False if it is too old to be remembered (rebuild then)."""
        contribution = self.recent.pop(review_id, None)
        if contribution is None:
            return False
        self._apply(contribution, -1)
        return True

    def _apply(self, contribution: list[Any], sign: int) -> None:
        day, key, scheduled, passed, klass, text = contribution
        counts = self.days.setdefault(day, [0, 0, 0, 0, 0])
        counts[0] += sign
        if klass is not None:
            slot = 1 if klass == "young" else 3
            counts[slot] += sign
            counts[slot + 1] += sign if passed else 0
        if counts[0] <= 0:
            del self.days[day]
        if scheduled:
            card = self.cards.setdefault(key, [0, 0])
            card[0] += sign
            card[1] += sign if passed else 0
            if card[0] <= 0:
                del self.cards[key]
        if text is not None:
            given = self.responses.setdefault(key, {})
            given[text] = given.get(text, 0) + sign
            if given[text] <= 0:
                del given[text]
                if not given:
                    del self.responses[key]

    def to_dict(self) -> dict[str, Any]:
        return {
            "starts": self.starts,
            "days": self.days,
            "cards": self.cards,
            "responses": self.responses,
            "recent": [[rid, *c] for rid, c in self.recent.items()],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LogAggregate:
        """The aggregate ``to_dict`` wrote; TypeError or ValueError for anything else (the cache is
        then rebuilt from the log), so that a damaged cache can never reach the figures."""
        parts = [data["days"], data["cards"], data["responses"]]
        if not all(isinstance(part, dict) for part in parts) or not isinstance(data["starts"], str):
            raise TypeError("not a log aggregate")
        time.fromisoformat(data["starts"])
        for name in parts[0]:
            date.fromisoformat(name)
        responses = parts[2].values()
        if not (
            _counts(parts[0].values(), 5)
            and _counts(parts[1].values(), 2)
            and {type(given) for given in responses} <= {dict}
            and {type(n) for given in responses for n in given.values()} <= {int}
            and {len(entry) for entry in data["recent"]} <= {7}  # an answer's id and what it added
        ):
            raise TypeError("not a log aggregate")
        return cls(
            starts=data["starts"],
            days=parts[0],
            cards=parts[1],
            responses=parts[2],
            recent={int(entry[0]): list(entry[1:]) for entry in data["recent"]},
        )


def _counts(rows: Iterable[Any], length: int) -> bool:
    """Every row a list of ``length`` whole counts (not bools, not floats), as ``LogAggregate`` keeps them."""
    rows = list(rows)
    return (
        {type(row) for row in rows} <= {list}
        and {len(row) for row in rows} <= {length}
        and {type(n) for row in rows for n in row} <= {int}
    )


def aggregate(reviews: Iterable[Review], starts: time = DEFAULT_DAY_STARTS) -> LogAggregate:
    """Fold effective answers (undone ones already left out) into a ``LogAggregate``."""
    result = LogAggregate(starts=starts.strftime("%H:%M"))
    for review in reviews:
        result.add_review(review)
    return result


# --- state classes -------------------------------------------------------------------


def card_class(state: CardState | None) -> CardClass:
    """The one state class of an item: suspended, new, learning, young or mature."""
    if state is not None and state.suspended:
        return "suspended"
    if state is None or state.is_new:
        return "new"
    if state.sm2.repetitions < 2:
        return "learning"
    return "mature" if state.sm2.interval >= MATURE_INTERVAL else "young"


def _empty_counts() -> dict[str, int]:
    return dict.fromkeys(STATE_NAMES, 0)


# --- activity, streaks, retention ----------------------------------------------------


def activity(agg: LogAggregate) -> dict[str, int]:
    return {day: counts[0] for day, counts in sorted(agg.days.items()) if counts[0] > 0}


def streaks(days: Iterable[date], today: date) -> dict[str, int]:
    """Current streak (ending today, or yesterday while today has no answer yet) and the longest."""
    studied = sorted(set(days))
    longest = run = 0
    previous: date | None = None
    for day in studied:
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        longest = max(longest, run)
        previous = day
    present = set(studied)
    day = today if today in present else today - timedelta(days=1)
    current = 0
    while day in present:
        current += 1
        day -= timedelta(days=1)
    return {"current": current, "longest": longest}


def retention(agg: LogAggregate, today: date) -> dict[str, dict[str, float | None]]:
    """Share of scheduled answers graded 3+, for young and mature cards: last 30 study days and all time."""
    since = (today - timedelta(days=29)).isoformat()
    until = today.isoformat()
    sums = {"young": [0, 0, 0, 0], "mature": [0, 0, 0, 0]}  # all n, all passed, recent n, recent passed
    for day, counts in agg.days.items():
        recent = since <= day <= until
        for name, slot in (("young", 1), ("mature", 3)):
            total = sums[name]
            total[0] += counts[slot]
            total[1] += counts[slot + 1]
            if recent:
                total[2] += counts[slot]
                total[3] += counts[slot + 1]

    def share(n: int, passed: int) -> float | None:
        return passed / n if n else None

    return {name: {"last_30_days": share(t[2], t[3]), "all_time": share(t[0], t[1])} for name, t in sums.items()}


# --- per item: cards by state, forecast, mastery, weakest ----------------------------


@dataclass(frozen=True)
class Mastery:
    name: str
    cards: int
    mature: int
    answered: int  # scheduled answers
    passed: int

    @property
    def share_mature(self) -> float:
        return self.mature / self.cards if self.cards else 0.0

    @property
    def first_try(self) -> float | None:
        """Share of first-of-the-day answers graded 3 or more."""
        return self.passed / self.answered if self.answered else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "cards": self.cards,
            "mature": self.share_mature,
            "first_try_accuracy": self.first_try,
        }


@lru_cache(maxsize=4096)
def _groups(deck_id: str, tags: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return (("deck", deck_id), *(("tag", tag) for tag in dict.fromkeys(tags)))


def card_counts(items: Iterable[Item], states: Mapping[str, CardState]) -> dict[str, Any]:
    """Cards by state, in total and per deck: the first five classes split the items, leeches overlap them."""
    total = _empty_counts()
    by_deck: dict[str, dict[str, int]] = {}
    get_state = states.get
    for item in items:
        state = get_state(item.key)
        klass = card_class(state)
        deck_id = item.card.deck_id
        deck = by_deck.get(deck_id)
        if deck is None:
            deck = by_deck[deck_id] = _empty_counts()
        total[klass] += 1
        deck[klass] += 1
        if state is not None and state.lapses >= LEECH_LAPSES:
            total["leeches"] += 1
            deck["leeches"] += 1
    return {**total, "by_deck": by_deck}


@dataclass
class ItemStats:
    """The due forecast, mastery and the weakest cards, counted in one pass over the decks' items."""

    forecast: list[dict]
    mastery_decks: dict[str, Mastery]
    mastery_tags: dict[str, Mastery]
    weakest: list[dict[str, Any]]


def item_stats(
    items: Iterable[Item], states: Mapping[str, CardState], agg: LogAggregate, today: date, *, weakest: int = 20
) -> ItemStats:
    """The due forecast for the 30 days after ``today`` (suspended cards left out), mastery per
    deck and tag, and the weakest cards (most lapses, then lowest easiness).

    One pass with local variables: this runs over every item each time these figures are shown.
    """
    first = today + timedelta(days=1)
    horizon = 30
    due_counts = [0] * horizon
    groups: dict[tuple[str, str], list[int]] = {}
    weak: list[tuple[int, float, str]] = []
    answers = agg.cards
    none = (0, 0)
    get_state = states.get
    for item in items:
        card = item.card
        key = item.key
        state = get_state(key)
        klass = card_class(state)
        if state is not None:
            if state.due is not None and not state.suspended:
                offset = (state.due - first).days
                if 0 <= offset < horizon:
                    due_counts[offset] += 1
            if klass != "new" and (state.lapses or state.sm2.easiness < 2.5):
                weak.append((-state.lapses, state.sm2.easiness, key))
        mature = 1 if klass == "mature" else 0
        answered, passed = answers.get(key, none)
        for group in _groups(card.deck_id, card.tags):
            sums = groups.get(group)
            if sums is None:
                sums = groups[group] = [0, 0, 0, 0]
            sums[0] += 1
            sums[1] += mature
            sums[2] += answered
            sums[3] += passed
    decks: dict[str, Mastery] = {}
    tags: dict[str, Mastery] = {}
    for (kind, label), t in sorted(groups.items()):
        (decks if kind == "deck" else tags)[label] = Mastery(label, t[0], t[1], t[2], t[3])
    weak.sort()
    return ItemStats(
        forecast=[{"date": (first + timedelta(days=n)).isoformat(), "due": due_counts[n]} for n in range(horizon)],
        mastery_decks=decks,
        mastery_tags=tags,
        weakest=[{"card": k, "lapses": -lapses, "easiness": float(ef)} for lapses, ef, k in weak[:weakest]],
    )


# --- confusions ------------------------------------------------------------------------

_LETTERS = "CTLS"
_PLAIN_ROOT_RE = re.compile(r"([ctls])(\d{1,2})")


_ROOT_PREFIX_RE = re.compile(r"([CTLS])(\d+)")


@lru_cache(maxsize=256)
def _root_order(root: str) -> tuple[int, int]:
    match = _ROOT_PREFIX_RE.match(root)
    if not match:
        return (9, 0)
    return (_LETTERS.index(match.group(1)), int(match.group(2)))


@lru_cache(maxsize=4096)
def root_set(text: str) -> frozenset[str] | None:
    """The spinal roots ``text`` names when it names roots and nothing else ('L4', 'L4/L5', 'S4-5'); else None.

    Uses the grader's own reading of roots when it has one, so what counts as 'the same
    root' here is exactly what the grader accepts.
    """
    answer_key = getattr(grading, "answer_key", None)
    if answer_key is not None:
        key = answer_key(text)
        return frozenset(key.roots) if key.roots and not key.words else None
    folded = grading.fold(text)
    if folded in ("s45", "s4s5"):
        return frozenset({"S4-5"})
    pieces = _PLAIN_ROOT_RE.findall(folded)
    if not pieces or "".join(a + b for a, b in pieces) != folded:
        return None
    return frozenset(f"{a.upper()}{int(b)}" for a, b in pieces)


@lru_cache(maxsize=1024)
def _label(roots: frozenset[str]) -> str:
    return "/".join(sorted(roots, key=_root_order))


def _expected_roots(
    kind: str, answer: str, answers: tuple[str, ...], accept: tuple[str, ...], mode: str, region: str
) -> list[frozenset[str]] | None:
    """Every root set that counts as right for an auto-graded card, or None if its answer is not roots."""
    if kind == "choice":
        found = root_set(answer)
        return [found] if found else None
    if kind == "multi":
        parts = [root_set(one) for one in answers]
        if not parts or any(p is None for p in parts):
            return None
        return [frozenset().union(*(p for p in parts if p))]
    if kind == "typed" or (kind == "map" and mode == "name"):
        # A map card naming a root is graded like a typed card (or a choice among roots) on its
        # answer; a card that only names a region has that region for its answer.
        first = root_set(answer or region)
        if first is None:
            return None
        return [first, *(r for r in (root_set(a) for a in accept) if r)]
    return None  # a "locate" map card is answered by pointing, not by naming a root


@lru_cache(maxsize=65536)
def _expected_labels(
    kind: str, answer: str, answers: tuple[str, ...], accept: tuple[str, ...], mode: str, region: str
) -> tuple[str, frozenset[str]] | None:
    """(the label of the right roots, every label that counts as right), or None if the answer is not roots."""
    expected = _expected_roots(kind, answer, answers, accept, mode, region)
    if not expected:
        return None
    return _label(expected[0]), frozenset(_label(roots) for roots in expected)


@lru_cache(maxsize=65536)
def _given_label(kind: str, response: str) -> str | None:
    roots = _given_roots(kind, response)
    return _label(roots) if roots else None


def _given_roots(card_type: str, response: str) -> frozenset[str] | None:
    if card_type == "multi":
        roots: set[str] = set()
        for option in response.split("\x1f"):
            part = root_set(option)
            if part is None:
                return None
            roots |= part
        return frozenset(roots)
    if card_type == "typed":
        answer_key = getattr(grading, "answer_key", None)
        if answer_key is not None:
            roots = set(answer_key(response).roots)
            return frozenset(roots) if roots else None
    return root_set(response)


@dataclass(frozen=True)
class Confusion:
    expected: str
    answered: str
    count: int
    keys: tuple[str, ...]  # the cards behind this pair

    def to_dict(self) -> dict[str, Any]:
        return {"expected": self.expected, "answered": self.answered, "count": self.count}


def confusions(cards: Mapping[str, Card], agg: LogAggregate) -> list[Confusion]:
    """What was answered instead of the right root(s), most frequent pair first.

    Only auto-graded cards whose answer is a root or a set of roots count, and only answers
    that name roots; typed answers are read as the grader reads them ('l 4', 'fourth lumbar').
    """
    pairs: Counter[tuple[str, str]] = Counter()
    behind: dict[tuple[str, str], set[str]] = {}
    given_label = _given_label
    for key, given in agg.responses.items():
        card = cards.get(key)
        if card is None or card.type not in AUTO_GRADED:
            continue
        expected = _expected_labels(card.type, card.answer, card.answers, card.accept, card.mode, card.region)
        if expected is None:
            continue
        asked, right = expected
        kind = card.type
        for response, count in given.items():
            label = given_label(kind, response)
            if label is None or label in right:
                continue
            pair = (asked, label)
            pairs[pair] += count
            if pair in behind:
                behind[pair].add(key)
            else:
                behind[pair] = {key}
    ranked = sorted(pairs.items(), key=lambda kv: (-kv[1], _root_order(kv[0][0]), kv[0]))
    return [Confusion(e, a, n, tuple(sorted(behind[(e, a)]))) for (e, a), n in ranked]


def confusion_keys(found: Iterable[Confusion], top: int = 5) -> list[str]:
    """The cards behind the ``top`` most frequent confusions, for a 'drill my confusions' session."""
    keys: dict[str, None] = {}
    for confusion in list(found)[:top]:
        keys.update(dict.fromkeys(confusion.keys))
    return list(keys)


# --- all of it ---------------------------------------------------------------------------


class Stats:
    """Every statistic for the study day ``today``, each worked out when first read: the stats
    screen shows one tab at a time, and opening it should not wait for the other five."""

    def __init__(self, items: Iterable[Item], states: Mapping[str, CardState], agg: LogAggregate, today: date) -> None:
        self.today = today
        self._items = list(items)
        self._states = states
        self._agg = agg

    @cached_property
    def cards(self) -> dict[str, Any]:
        return card_counts(self._items, self._states)

    @cached_property
    def _per_item(self) -> ItemStats:
        return item_stats(self._items, self._states, self._agg, self.today)

    @property
    def forecast(self) -> list[dict]:
        return self._per_item.forecast

    @property
    def weakest(self) -> list[dict[str, Any]]:
        return self._per_item.weakest

    @property
    def mastery_decks(self) -> dict[str, Mastery]:
        return self._per_item.mastery_decks

    @property
    def mastery_tags(self) -> dict[str, Mastery]:
        return self._per_item.mastery_tags

    @cached_property
    def activity(self) -> dict[str, int]:
        return activity(self._agg)

    @cached_property
    def streak(self) -> dict[str, int]:
        return streaks((date.fromisoformat(d) for d in self.activity), self.today)

    @cached_property
    def retention(self) -> dict[str, dict[str, float | None]]:
        return retention(self._agg, self.today)

    @cached_property
    def confusions(self) -> list[Confusion]:
        return confusions({item.key: item.card for item in self._items if not item.reverse}, self._agg)

    def to_json(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "cards": self.cards,
            "forecast": self.forecast,
            "activity": self.activity,
            "streak": self.streak,
            "retention": self.retention,
            "confusions": [c.to_dict() for c in self.confusions],
            "weakest": self.weakest,
            "mastery": {
                "by_deck": {name: m.to_dict() for name, m in self.mastery_decks.items()},
                "by_tag": {name: m.to_dict() for name, m in self.mastery_tags.items()},
            },
        }


def compute(items: Iterable[Item], states: Mapping[str, CardState], agg: LogAggregate, today: date) -> Stats:
    """Every statistic for the study day ``today`` (each one computed when first read)."""
    return Stats(items, states, agg, today)
