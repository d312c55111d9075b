"""Planning on top of SM-2 (pure): custom study selections and exam-date pacing.

Custom study picks items by deck, tag, state, weakness or confusion, for a session that
leaves their schedule alone. Exam pacing spreads the unseen cards over the days left and
pulls reviews that SM-2 would schedule after the exam into a final pass before it; SM-2
itself is untouched, and nothing changes until an exam date is set.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from trainer.deck import Item
from trainer.records import CardState
from trainer.sm2 import PASS_GRADE
from trainer.stats import card_class  # the one definition of new, learning, young and mature

__all__ = [
    "ALL_DECKS",
    "FINAL_PASS_DAYS",
    "STATE_FILTERS",
    "ExamPlan",
    "Pacing",
    "Selection",
    "exam_date_for",
    "exam_dates",
    "exam_plan",
    "is_ready",
    "pacing",
    "select",
    "with_exam_date",
]

# The last days before an exam in which every seen card is reviewed once more.
FINAL_PASS_DAYS = 3
EXAM_SETTING = "exam_dates"  # settings key: {"*": "YYYY-MM-DD" for all decks, deck id: "YYYY-MM-DD"}
ALL_DECKS = "*"

STATE_FILTERS = {
    "leeches": "leeches",
    "failed-today": "failed today",
    "due-tomorrow": "due tomorrow",
    "new": "new",
    "learning": "learning",
    "young": "young",
    "mature": "mature",
}


# --- custom study ----------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """What a custom study session asks: every filter given must hold; empty means any."""

    decks: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    state: str | None = None  # one of STATE_FILTERS
    weakest: int | None = None  # only the N weakest of what is left
    keys: tuple[str, ...] | None = None  # only these items (e.g. the cards behind my confusions)

    def describe(self) -> str:
        parts = []
        if self.keys is not None:
            parts.append("my confusions")
        if self.weakest:
            parts.append(f"weakest {self.weakest}")
        if self.state:
            parts.append(STATE_FILTERS.get(self.state, self.state))
        if self.tags:
            parts.append("tag " + ", ".join(self.tags))
        if self.decks:
            parts.append("deck " + ", ".join(self.decks))
        return "; ".join(parts) or "all cards"


def _matches_state(name: str, state: CardState | None, today: date) -> bool:
    if name == "leeches":
        return state is not None and state.is_leech
    if name == "failed-today":
        if state is None:
            return False
        scheduled_fail = state.last_reviewed == today and state.sm2.repetitions == 0
        last_fail = state.last_answered == today and state.last_grade is not None and state.last_grade < PASS_GRADE
        return scheduled_fail or last_fail
    if name == "due-tomorrow":
        return state is not None and state.due == today + timedelta(days=1)
    if name in ("new", "learning", "young", "mature"):
        return card_class(state) == name
    raise ValueError(f"unknown card state '{name}' (use one of: {', '.join(STATE_FILTERS)})")


def _weakness(state: CardState | None) -> tuple[int, float]:
    if state is None or state.is_new:
        return (1, 0.0)
    return (-state.lapses, state.sm2.easiness)


def select(items: Iterable[Item], states: Mapping[str, CardState], today: date, selection: Selection) -> list[Item]:
    """The items a custom session asks, in deck order (weakest first for 'weakest N').

    Suspended items are left out: suspending a card means "do not ask it".
    """
    tags = {t.casefold() for t in selection.tags}
    decks = set(selection.decks)
    keys = set(selection.keys) if selection.keys is not None else None
    chosen = []
    for item in items:
        key = item.key
        state = states.get(key)
        if state is not None and state.suspended:
            continue
        if decks and item.deck_id not in decks:
            continue
        if tags and not tags.intersection(t.casefold() for t in item.card.tags):
            continue
        if keys is not None and key not in keys:
            continue
        if selection.state and not _matches_state(selection.state, state, today):
            continue
        chosen.append(item)
    if selection.weakest:
        seen = [item for item in chosen if (s := states.get(item.key)) is not None and not s.is_new]
        seen.sort(key=lambda item: _weakness(states.get(item.key)))
        chosen = seen[: selection.weakest]
    return chosen


# --- exam dates --------------------------------------------------------------------------


def exam_dates(settings: Mapping[str, Any]) -> dict[str, date]:
    """The exam dates in the settings ('*' for every deck); malformed entries are ignored."""
    raw = settings.get(EXAM_SETTING)
    found: dict[str, date] = {}
    if isinstance(raw, dict):
        for deck, value in raw.items():
            try:
                found[str(deck)] = date.fromisoformat(value)
            except (TypeError, ValueError):
                continue
    return found


def exam_date_for(deck_id: str, settings: Mapping[str, Any]) -> date | None:
    dates = exam_dates(settings)
    return dates.get(deck_id) or dates.get(ALL_DECKS)


def with_exam_date(settings: Mapping[str, Any], when: date | None, deck_id: str | None = None) -> dict[str, Any]:
    """New settings with the exam date set (or cleared, with ``None``) for a deck or for all decks."""
    dates = {k: v.isoformat() for k, v in exam_dates(settings).items()}
    slot = deck_id or ALL_DECKS
    if when is None:
        dates.pop(slot, None)
    else:
        dates[slot] = when.isoformat()
    out = dict(settings)
    if dates:
        out[EXAM_SETTING] = dates
    else:
        out.pop(EXAM_SETTING, None)
    return out


def is_ready(state: CardState | None, today: date) -> bool:
    """Seen, last answered right, and not waiting for a review."""
    if state is None or state.is_new or state.suspended:
        return False
    if state.last_grade is not None and state.last_grade < PASS_GRADE:
        return False
    return state.due is None or state.due > today or state.last_reviewed == today


@dataclass(frozen=True)
class ExamPlan:
    """What exam pacing asks of one day."""

    exam: date
    today: date
    days_left: int  # study days before the exam, today included
    unseen: int
    new_today: int  # new cards to introduce today
    new_limit: int  # the deck's own daily new-card limit
    new_reason: str | None  # set when the daily new-card limit is overridden
    final_pass: tuple[str, ...]  # items SM-2 would next ask on or after the exam, still to be reviewed before it
    pull_today: tuple[str, ...]  # of those, the ones brought forward today
    ready: int
    total: int

    @property
    def share_ready(self) -> float:
        return self.ready / self.total if self.total else 0.0

    @property
    def active(self) -> bool:
        return self.days_left > 0


def exam_plan(
    exam: date,
    today: date,
    items: Sequence[Item],
    states: Mapping[str, CardState],
    new_limit: int,
    *,
    final_days: int = FINAL_PASS_DAYS,
) -> ExamPlan:
    """Pace ``items`` towards ``exam``.

    New cards: the unseen ones spread evenly over the days left before the final pass (or
    before the exam, when it is closer than that); the daily limit stays when it is enough.
    Final pass: in the last ``final_days`` days, every seen item whose SM-2 due date is on or
    after the exam and that was not reviewed since the final pass began is brought forward,
    spread evenly over those days, oldest review first. Answering one is an ordinary review.
    """
    days_left = max(0, (exam - today).days)
    live = [(item.key, states.get(item.key)) for item in items]
    live = [(key, state) for key, state in live if state is None or not state.suspended]
    unseen = sum(1 for _, state in live if state is None or state.is_new)
    seen_today = sum(1 for _, state in live if state is not None and state.first_seen == today)
    ready = sum(1 for _, state in live if is_ready(state, today))
    if days_left == 0:
        return ExamPlan(exam, today, 0, unseen, 0, new_limit, None, (), (), ready, len(live))
    final_start = exam - timedelta(days=min(final_days, days_left))
    new_days = max(1, (final_start - today).days) if today < final_start else 1
    # Counted from the start of the day, so the number stays put while the student works.
    at_start = unseen + seen_today
    needed = math.ceil(at_start / new_days) if at_start else 0
    reason = None
    new_today = min(new_limit, at_start)
    if needed > new_limit:
        new_today = needed
        reason = (
            f"{needed} new cards a day (your limit is {new_limit}) to see all {at_start} unseen "
            f"cards before the exam on {exam.isoformat()}"
        )
    final: list[tuple[date, str]] = []
    pull: tuple[str, ...] = ()
    if today >= final_start:
        done_today = 0
        for key, state in live:
            if state is None or state.is_new or state.due is None or state.due < exam or state.is_buried(today):
                continue
            if state.last_reviewed is not None and state.last_reviewed >= final_start:
                if state.last_reviewed == today:
                    done_today += 1  # part of today's share, pulled earlier today
                continue  # already reviewed in this final pass
            final.append((state.last_reviewed or date.min, key))
        final.sort()
        per_day = math.ceil((len(final) + done_today) / days_left) if final else 0
        pull = tuple(key for _, key in final[: max(0, per_day - done_today)])
    return ExamPlan(
        exam=exam,
        today=today,
        days_left=days_left,
        unseen=unseen,
        new_today=new_today,
        new_limit=new_limit,
        new_reason=reason,
        final_pass=tuple(key for _, key in final),
        pull_today=pull,
        ready=ready,
        total=len(live),
    )


@dataclass(frozen=True)
class Pacing:
    """What the exam dates change in today's sessions: raised new-card limits and brought-forward reviews."""

    new_limits: dict[str, int]  # deck id -> new cards today, where an exam raises the deck's limit
    pulled: tuple[Item, ...]  # reviews brought forward into the final pass today
    notes: tuple[str, ...]  # one line per raised limit, to tell the student
    plans: dict[str, ExamPlan]  # deck id -> its plan, for every deck with an exam date


def pacing(
    items: Iterable[Item],
    states: Mapping[str, CardState],
    today: date,
    settings: Mapping[str, Any],
    new_limit_of: Mapping[str, int] | None = None,
    default_new_limit: int = 20,
) -> Pacing:
    """Exam pacing for every deck that has an exam date (its own, or the overall one); nothing without one."""
    if not exam_dates(settings):
        return Pacing({}, (), (), {})
    by_deck: dict[str, list[Item]] = {}
    for item in items:
        by_deck.setdefault(item.deck_id, []).append(item)
    limits: dict[str, int] = {}
    pulled: list[Item] = []
    notes: list[str] = []
    plans: dict[str, ExamPlan] = {}
    for deck_id, deck_items in by_deck.items():
        exam = exam_date_for(deck_id, settings)
        if exam is None:
            continue
        limit = (new_limit_of or {}).get(deck_id, default_new_limit)
        plan = exam_plan(exam, today, deck_items, states, limit)
        plans[deck_id] = plan
        if not plan.active:
            continue
        if plan.new_reason:
            limits[deck_id] = plan.new_today
            notes.append(f"{deck_id}: {plan.new_reason}")
        wanted = set(plan.pull_today)
        pulled.extend(item for item in deck_items if item.key in wanted)
    return Pacing(limits, tuple(pulled), tuple(notes), plans)
