"""The study queue: due and new cards mixed under daily limits, same-day drill, bury, suspend, undo.

Pure logic over deck items and card states: no I/O, no clock (the caller passes ``today``
and ``now``). What must be saved comes back as a ``Review`` or a ``StateChange``.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal, Protocol

from trainer.days import next_day, previous_day
from trainer.deck import Item
from trainer.records import CardState, Review, ReviewKind
from trainer.sm2 import DRILL_EXIT_GRADE, PASS_GRADE, check_quality, due_date, review

__all__ = [
    "DeckCounts",
    "Limits",
    "StateChange",
    "StudySession",
    "Summary",
    "Undone",
    "answer_state",
    "deck_counts",
    "plan_queue",
    "study_streak",
]

# A failed item comes back after this many other cards (sooner if fewer are left).
DRILL_GAP = 3


@dataclass(frozen=True)
class Limits:
    """How many new cards and scheduled reviews each deck offers per day, and in what order new cards come."""

    new_per_day: int = 20
    reviews_per_day: int = 200
    # Decks are often written fact by fact (L4 area, L4 key point, L4 typed...), so cards
    # introduced together are shuffled, or neighbours would give each other away. Which
    # cards are new today still follows the deck's order.
    mix_new: bool = True

    @classmethod
    def from_settings(cls, settings: Mapping) -> Limits:
        def number(key: str, default: int) -> int:
            value = settings.get(key, default)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                return default
            return value

        mix = settings.get("new_order", "mixed") != "deck"
        return cls(number("new_per_day", 20), number("reviews_per_day", 200), mix)

    def to_settings(self) -> dict[str, int | str]:
        return {
            "new_per_day": self.new_per_day,
            "reviews_per_day": self.reviews_per_day,
            "new_order": "mixed" if self.mix_new else "deck",
        }


# Bump when the rules for what a day offers change: counts that an older trainer
# remembered (see ``StudyService.offers``) are then worked out again.
OFFER_RULES = 2  # 2: exam pacing (raised new-card limits, the final pass) is counted


@dataclass(frozen=True)
class DeckCounts:
    """What a deck offers today, within its limits."""

    new: int = 0
    due: int = 0
    drill: int = 0  # answered below 4 earlier today: still in the same-day drill

    @property
    def total(self) -> int:
        return self.new + self.due + self.drill


@dataclass(frozen=True)
class StateChange:
    """A state change that is not an answer (bury, suspend), for the store to save."""

    key: str
    before: CardState | None
    after: CardState


@dataclass(frozen=True)
class Undone:
    """What ``StudySession.undo`` reverted, so the caller can revert the store too."""

    kind: Literal["answer", "bury", "suspend"]
    item: Item
    review: Review | None = None
    change: StateChange | None = None


def answer_state(before: CardState | None, grade: int, today: date) -> tuple[ReviewKind, CardState]:
    """The kind of an answer ("schedule" or "drill") and the state after it.

    Only the first grade of the day is scheduled by SM-2; later grades the same day are
    drill and change nothing but the record of the last answer.
    """
    check_quality(grade)
    state = before or CardState()
    if state.last_reviewed == today:
        return "drill", state.with_changes(last_answered=today, last_grade=grade)
    sm2 = review(state.sm2, grade)
    return "schedule", state.with_changes(
        sm2=sm2,
        due=due_date(today, sm2),
        first_seen=state.first_seen or today,
        last_reviewed=today,
        lapses=state.lapses + (1 if grade < PASS_GRADE else 0),
        last_answered=today,
        last_grade=grade,
    )


def _family(item: Item) -> str:
    """Items that are never shown on the same day: both sides of a reverse card, or one ``group``."""
    if item.card.group:
        return f"{item.deck_id}:group:{item.card.group}"
    return item.card.key


# An item with its key: the key is a formatted string, so it is computed once per item per plan.
_Keyed = tuple[Item, str]


@dataclass
class _Pools:
    drill: list[_Keyed] = field(default_factory=list)
    due: list[tuple[date, int, _Keyed]] = field(default_factory=list)
    new: dict[str, list[_Keyed]] = field(default_factory=dict)  # per deck, in deck order
    answered: dict[str, set[str]] = field(default_factory=dict)  # family -> keys answered today


DeckLimits = Mapping[str, Limits]  # per-deck limits that override the global ones


class Scheduled(Protocol):
    """What planning reads of a card's state: a ``CardState``, or a ``StoredState`` view of a stored one."""

    @property
    def due(self) -> date | None: ...
    @property
    def first_seen(self) -> date | None: ...
    @property
    def last_reviewed(self) -> date | None: ...
    @property
    def last_answered(self) -> date | None: ...
    @property
    def suspended(self) -> bool: ...
    @property
    def is_new(self) -> bool: ...
    def in_drill(self, today: date) -> bool: ...
    def is_buried(self, today: date) -> bool: ...


def _pools(
    items: Iterable[Item], states: Mapping[str, Scheduled], today: date, limits: Limits, deck_limits: DeckLimits
) -> _Pools:
    def limits_of(deck: str) -> Limits:
        return deck_limits.get(deck, limits)

    pools = _Pools()
    new_today: dict[str, int] = {}
    reviewed_today: dict[str, int] = {}
    due_by_deck: dict[str, list[tuple[date, int, _Keyed]]] = {}
    # One pass, as cheap per item as it can be: it runs for every item of every deck.
    for order, item in enumerate(items):
        key = item.key
        state = states.get(key)
        deck = item.card.deck_id  # the attribute, not the property
        if state is None:
            pools.new.setdefault(deck, []).append((item, key))
            continue
        if state.first_seen == today:
            new_today[deck] = new_today.get(deck, 0) + 1
        elif state.last_reviewed == today:
            reviewed_today[deck] = reviewed_today.get(deck, 0) + 1
        if state.last_answered == today:
            pools.answered.setdefault(_family(item), set()).add(key)
        if state.suspended or state.is_buried(today):
            continue
        elif state.in_drill(today):
            pools.drill.append((item, key))
        elif state.is_new:
            pools.new.setdefault(deck, []).append((item, key))
        elif state.due is not None and state.due <= today and state.last_reviewed != today:
            due_by_deck.setdefault(deck, []).append((state.due, order, (item, key)))

    for deck, entries in due_by_deck.items():
        entries.sort(key=lambda e: (e[0], e[1]))
        pools.due.extend(entries[: max(0, limits_of(deck).reviews_per_day - reviewed_today.get(deck, 0))])
    pools.due.sort(key=lambda e: (e[0], e[1]))
    for deck, fresh in pools.new.items():
        # One new card per family (reverse sides, groups) counts towards the limit: the others
        # would be buried today anyway, and must not use up the day's new cards.
        firsts: dict[str, _Keyed] = {}
        for keyed in fresh:
            firsts.setdefault(_family(keyed[0]), keyed)
        fresh[:] = firsts.values()
        del fresh[max(0, limits_of(deck).new_per_day - new_today.get(deck, 0)) :]
        if limits_of(deck).mix_new:
            # Seeded by day and deck: the order is stable if the student quits and comes back.
            random.Random(f"{deck}:{today.isoformat()}").shuffle(fresh)
    return pools


def _one_side_per_card(items: Iterable[_Keyed], answered: Mapping[str, set[str]]) -> list[int]:
    """One item per family a day: the other side of a reverse card and the rest of a group wait.

    An item whose family already had another member answered today is buried until tomorrow.
    Returns the positions in ``items`` of the items kept.
    """
    kept: list[int] = []
    families: set[str] = set()
    for position, (item, key) in enumerate(items):
        family = _family(item)
        if family in families or answered.get(family, set()) - {key}:
            continue
        families.add(family)
        kept.append(position)
    return kept


def _round_robin(groups: Iterable[list[_Keyed]]) -> list[_Keyed]:
    queues = [list(g) for g in groups if g]
    out: list[_Keyed] = []
    while queues:
        for queue in queues:
            out.append(queue.pop(0))
        queues = [q for q in queues if q]
    return out


def _mix(due: list[Item], new: list[Item]) -> list[Item]:
    """Due cards first, with new cards spread evenly after them."""
    if not due:
        return list(new)
    out: list[Item] = []
    placed = 0
    for index, item in enumerate(due, start=1):
        out.append(item)
        share = round(index * len(new) / len(due))
        out.extend(new[placed:share])
        placed = max(placed, share)
    out.extend(new[placed:])
    return out


def _plan(
    items: Iterable[Item],
    states: Mapping[str, Scheduled],
    today: date,
    limits: Limits,
    deck_limits: DeckLimits | None,
) -> tuple[list[Item], list[Item], list[Item]]:
    """Today's drill, due and new items, each in the order they are offered."""
    pools = _pools(items, states, today, limits, deck_limits or {})
    due = [entry[2] for entry in pools.due]
    new = _round_robin(pools.new.values())
    # Drill and due items come before new ones when reverse siblings or group members compete.
    candidates = [*pools.drill, *due, *new]
    kept = _one_side_per_card(candidates, pools.answered)
    first_due, first_new = len(pools.drill), len(pools.drill) + len(due)
    return (
        [candidates[p][0] for p in kept if p < first_due],
        [candidates[p][0] for p in kept if first_due <= p < first_new],
        [candidates[p][0] for p in kept if p >= first_new],
    )


def plan_queue(
    items: Iterable[Item],
    states: Mapping[str, CardState],
    today: date,
    limits: Limits = Limits(),
    deck_limits: DeckLimits | None = None,
) -> list[Item]:
    """Today's queue: unfinished drill first, then due cards (oldest due first) with new cards mixed in."""
    drill, due, new = _plan(items, states, today, limits, deck_limits)
    return drill + _mix(due, new)


def deck_counts(
    items: Iterable[Item],
    states: Mapping[str, Scheduled],
    today: date,
    limits: Limits = Limits(),
    deck_limits: DeckLimits | None = None,
) -> dict[str, DeckCounts]:
    """New, due and drill counts per deck, exactly as a session started now would offer them.

    ``states`` may hold ``StoredState`` views: counting reads a few fields of every state.
    """
    items = list(items)
    counts: dict[str, list[int]] = {item.card.deck_id: [0, 0, 0] for item in items}
    for slot, offered in enumerate(_plan(items, states, today, limits, deck_limits)):
        for item in offered:
            counts[item.card.deck_id][slot] += 1
    return {deck: DeckCounts(new=c[2], due=c[1], drill=c[0]) for deck, c in counts.items()}


def study_streak(days: Iterable[date], today: date) -> int:
    """Days in a row with at least one review, ending today (or yesterday if not yet today)."""
    studied = set(days)
    day = today if today in studied else previous_day(today)
    streak = 0
    while day in studied:
        streak += 1
        if day == date.min:
            break
        day -= timedelta(days=1)
    return streak


@dataclass(frozen=True)
class Summary:
    reviewed: int  # distinct items answered this session
    answers: int  # grades given, drill included
    first_try_right: int  # items whose first grade this session was a pass (3 or more)
    shaky: tuple[Item, ...]  # first graded below 4 this session, or leeches
    leeches: tuple[Item, ...]
    next_due: date | None  # the next day with reviews due, after today
    next_due_count: int  # how many are due that day
    due_tomorrow: int

    @property
    def accuracy(self) -> float | None:
        return self.first_try_right / self.reviewed if self.reviewed else None


@dataclass
class _Snapshot:
    queue: list[Item]
    state: CardState | None
    first_grades: dict[str, int]
    answers: int


class StudySession:
    """One sitting: asks for the next item, takes grades, buries, suspends and undoes."""

    def __init__(
        self,
        items: Iterable[Item],
        states: Mapping[str, CardState],
        today: date,
        limits: Limits = Limits(),
        *,
        deck_limits: DeckLimits | None = None,
        cram: bool = False,
        drill_gap: int = DRILL_GAP,
    ) -> None:
        self.today = today
        self.items = list(items)
        self.states: dict[str, CardState] = dict(states)
        self.cram = cram
        if cram:
            # Custom study: every item given, in the order given; the schedule is not consulted.
            self.queue: list[Item] = list(dict.fromkeys(self.items))
        else:
            self.queue = plan_queue(self.items, self.states, today, limits, deck_limits)
        # The queue only ever loses items or gets one of its own back, so a family with one
        # member in it now never needs the queue searched for its other members.
        seen_families: set[str] = set()
        self._shared_families: set[str] = set()
        for queued in self.queue:
            family = _family(queued)
            (self._shared_families if family in seen_families else seen_families).add(family)
        self.drill_gap = drill_gap
        self.answers = 0
        self.first_grades: dict[str, int] = {}
        self._seen: dict[str, Item] = {}
        self._undo: list[tuple[Undone, _Snapshot]] = []

    # --- what is shown --------------------------------------------------------------

    @property
    def current(self) -> Item | None:
        return self.queue[0] if self.queue else None

    @property
    def finished(self) -> bool:
        return not self.queue

    @property
    def left(self) -> int:
        return len(self.queue)

    @property
    def done(self) -> int:
        return self.answers

    def state_of(self, item: Item) -> CardState | None:
        return self.states.get(item.key)

    def is_drill(self, item: Item) -> bool:
        """True if a grade now would be same-day drill rather than a scheduling review."""
        if self.cram:
            return True
        state = self.states.get(item.key)
        return state is not None and state.last_reviewed == self.today

    def options(self, item: Item) -> tuple[str, ...]:
        """The choices of ``item`` in the order they are shown this time.

        Shuffled per showing so position gives nothing away, unless the card is ``ordered``.
        The seed is the item, the day and how often it was answered in this session, so a
        redraw or an undo (which takes the answer back) shows the same order again.
        """
        choices = item.card.choices
        if item.card.ordered or len(choices) < 2:
            return choices
        showing = sum(1 for undone, _ in self._undo if undone.kind == "answer" and undone.item.key == item.key)
        order = list(choices)
        random.Random(f"{item.key}:{self.today.isoformat()}:{showing}").shuffle(order)
        return tuple(order)

    # --- actions --------------------------------------------------------------------

    def _snapshot(self, item: Item) -> _Snapshot:
        return _Snapshot(list(self.queue), self.states.get(item.key), dict(self.first_grades), self.answers)

    def _require_current(self) -> Item:
        if self.current is None:
            raise RuntimeError("the session has no card left")
        return self.current

    def answer(self, grade: int, *, now: datetime, response: str | list[str] | None = None, ms: int = 0) -> Review:
        """Grade the current item; returns the review to record. A grade below 4 brings it back later."""
        item = self._require_current()
        before = self.states.get(item.key)
        kind: ReviewKind
        if self.cram:
            check_quality(grade)
            kind, after = "drill", before or CardState()  # custom study leaves the schedule alone
        else:
            kind, after = answer_state(before, grade, self.today)
        snapshot = self._snapshot(item)
        record = Review(
            time=now,
            key=item.key,
            grade=grade,
            kind=kind,
            response=response,
            ms=max(0, int(ms)),
            before=before,
            after=after,
        )
        self.states[item.key] = after
        self.answers += 1
        self.first_grades.setdefault(item.key, grade)
        self._seen[item.key] = item
        self.queue.pop(0)
        family = _family(item)
        if family in self._shared_families:  # else no other member is queued: no search of the queue
            self.queue = [i for i in self.queue if _family(i) != family]
        if grade < DRILL_EXIT_GRADE:
            self.queue.insert(min(self.drill_gap, len(self.queue)), item)
        self._undo.append((Undone("answer", item, review=record), snapshot))
        return record

    def _set_aside(self, kind: Literal["bury", "suspend"]) -> StateChange:
        item = self._require_current()
        before = self.states.get(item.key)
        base = before or CardState()
        if kind == "bury":
            after = base.with_changes(buried_until=next_day(self.today))
        else:
            after = base.with_changes(suspended=True)
        snapshot = self._snapshot(item)
        change = StateChange(item.key, before, after)
        self.states[item.key] = after
        self.queue = [i for i in self.queue if i.key != item.key]
        self._undo.append((Undone(kind, item, change=change), snapshot))
        return change

    def bury(self) -> StateChange:
        """Hide the current item until tomorrow."""
        return self._set_aside("bury")

    def suspend(self) -> StateChange:
        """Take the current item out of every queue until it is unsuspended."""
        return self._set_aside("suspend")

    def peek_undo(self) -> Undone | None:
        """What ``undo`` would revert, without reverting it."""
        return self._undo[-1][0] if self._undo else None

    def undo(self) -> Undone | None:
        """Revert the last answer, bury or suspend of this session; the item is asked again."""
        if not self._undo:
            return None
        undone, snapshot = self._undo.pop()
        self.queue = snapshot.queue
        self.first_grades = snapshot.first_grades
        self.answers = snapshot.answers
        if snapshot.state is None:
            self.states.pop(undone.item.key, None)
        else:
            self.states[undone.item.key] = snapshot.state
        if undone.kind == "answer" and undone.item.key not in self.first_grades:
            self._seen.pop(undone.item.key, None)
        return undone

    # --- the end --------------------------------------------------------------------

    def summary(self) -> Summary:
        reviewed = list(self._seen.values())
        right = sum(1 for item in reviewed if self.first_grades[item.key] >= PASS_GRADE)
        leeches = tuple(i for i in reviewed if (s := self.states.get(i.key)) is not None and s.is_leech)
        shaky = tuple(i for i in reviewed if self.first_grades[i.key] < DRILL_EXIT_GRADE or i in leeches)
        tomorrow = next_day(self.today)
        upcoming = [s.due for s in self.states.values() if s.due is not None and s.due > self.today and not s.suspended]
        next_due = min(upcoming) if upcoming else None
        return Summary(
            reviewed=len(reviewed),
            answers=self.answers,
            first_try_right=right,
            shaky=shaky,
            leeches=leeches,
            next_due=next_due,
            next_due_count=sum(1 for d in upcoming if d == next_due),
            due_tomorrow=sum(1 for d in upcoming if d <= tomorrow),
        )
