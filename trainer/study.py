"""The one service the CLI and the UI use: today's offers per deck, limits and settings, sessions.

A ``Study`` is one session bound to the progress store: each grade is on disk before the
next card shows. No Textual import here, and nothing above this module reads the store.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import orjson

from trainer import __version__
from trainer.days import local_now, parse_day_starts, study_day
from trainer.deck import DeckLibrary, Item
from trainer.grading import Synonyms
from trainer.records import CardState, Review
from trainer.session import (
    OFFER_RULES,
    DeckCounts,
    Limits,
    StateChange,
    StudySession,
    Summary,
    Undone,
    deck_counts,
    study_streak,
)

if TYPE_CHECKING:  # imported where used: the home screen needs neither, and start-up would pay for both
    from trainer.planning import Pacing, Selection
    from trainer.stats import LogAggregate, Stats

__all__ = [
    "DeckCounts",
    "Limits",
    "ProgressStore",
    "SaveFailed",
    "StatsSource",
    "Study",
    "StudyService",
    "Summary",
    "Undone",
    "local_now",
]


class SaveFailed(Exception):
    """The store could not save a grade, bury, suspend, undo or setting; nothing changed.

    Its text is the store's one-line explanation. The UI catches this, never the store's own
    errors, so it needs no import of ``trainer.store``.
    """


class ProgressStore(Protocol):
    def record(self, review: Review) -> Review: ...
    def undo_last(self) -> Review | None: ...
    def set_state(self, key: str, state: CardState | None) -> None: ...
    def states(self) -> Mapping[str, CardState]: ...
    def settings(self) -> dict: ...
    def save_settings(self, settings: dict) -> None: ...
    def study_days(self) -> list[date]: ...


class StatsSource(Protocol):
    """The review log folded for statistics (the store's ``StatsLog``)."""

    def pending(self) -> int: ...
    def get(self, progress: Callable[[float], None] | None = None) -> LogAggregate: ...


SLOW_STATS_BYTES = 2 << 20  # log bytes left to fold above which the UI folds in a worker (~0.1 s)
T = TypeVar("T")


def _counts_from(remembered: dict, deck_ids: list[str]) -> dict[str, DeckCounts] | None:
    """Offers as ``StudyService.offers`` remembered them, if they name every deck with three counts."""
    found: dict[str, DeckCounts] = {}
    for deck_id in deck_ids:
        counts = remembered.get(deck_id)
        if not (isinstance(counts, list) and len(counts) == 3 and all(type(n) is int and n >= 0 for n in counts)):
            return None
        found[deck_id] = DeckCounts(new=counts[0], due=counts[1], drill=counts[2])
    return found


def _reraise(exc: BaseException) -> None:
    """A failed save becomes ``SaveFailed``; Ctrl+C and the like pass through as they are."""
    if isinstance(exc, Exception) and not isinstance(exc, SaveFailed):
        raise SaveFailed(str(exc) or type(exc).__name__) from exc


class Study:
    """Drives a ``StudySession`` and saves what it decides; a failed save leaves both unchanged."""

    def __init__(
        self,
        store: ProgressStore,
        items: Iterable[Item],
        limits: Limits = Limits(),
        *,
        clock: Callable[[], datetime] = local_now,
        today: date | None = None,
        deck_limits: Mapping[str, Limits] | None = None,
        cram: bool = False,
        synonyms: Mapping[str, Synonyms] | None = None,
    ) -> None:
        self._store = store
        self._clock = clock
        self._synonyms = synonyms or {}
        # The session keeps the study day it started on, even past midnight or the boundary.
        day = today if today is not None else study_day(clock())
        self.session = StudySession(items, store.states(), day, limits, deck_limits=deck_limits, cram=cram)

    # --- what the screens read ----------------------------------------------------------

    @property
    def current(self) -> Item | None:
        return self.session.current

    @property
    def today(self) -> date:
        return self.session.today

    @property
    def done(self) -> int:
        """Answers given so far, drill included."""
        return self.session.done

    @property
    def left(self) -> int:
        """Items still in the queue (a failed item counts once)."""
        return self.session.left

    @property
    def finished(self) -> bool:
        return self.session.finished

    @property
    def cram(self) -> bool:
        """A custom session: grades are logged as drill and no schedule changes."""
        return self.session.cram

    def state_of(self, item: Item) -> CardState | None:
        return self.session.state_of(item)

    def is_drill(self, item: Item) -> bool:
        return self.session.is_drill(item)

    def options(self, item: Item) -> tuple[str, ...]:
        """The choices of a choice or multi item in this showing's order."""
        return self.session.options(item)

    def synonyms(self, item: Item) -> Synonyms:
        """The ``[synonyms]`` table of the item's deck, for checking a typed answer."""
        return self._synonyms.get(item.deck_id, ())

    def can_undo(self) -> bool:
        return self.session.peek_undo() is not None

    # --- actions ------------------------------------------------------------------------

    def grade(self, grade: int, *, response: str | list[str] | None = None, ms: int = 0) -> Review:
        review = self.session.answer(grade, now=self._clock(), response=response, ms=ms)
        try:
            return self._store.record(review)
        except BaseException as exc:
            self.session.undo()
            _reraise(exc)
            raise

    def _save_change(self, change: StateChange) -> StateChange:
        try:
            self._store.set_state(change.key, change.after)
        except BaseException as exc:
            self.session.undo()
            _reraise(exc)
            raise
        return change

    def bury(self) -> StateChange:
        return self._save_change(self.session.bury())

    def suspend(self) -> StateChange:
        return self._save_change(self.session.suspend())

    def undo(self) -> Undone | None:
        """Undo the last answer, bury or suspend, in the store first, then in the session."""
        pending = self.session.peek_undo()
        if pending is None:
            return None
        try:
            if pending.kind == "answer":
                self._store.undo_last()
            else:
                assert pending.change is not None
                self._store.set_state(pending.change.key, pending.change.before)
        except Exception as exc:
            _reraise(exc)
            raise
        return self.session.undo()

    def summary(self) -> Summary:
        return self.session.summary()


class StudyService:
    """Everything the CLI and the UI ask of the trainer's data, over one store and deck library."""

    def __init__(
        self,
        store: ProgressStore,
        library: DeckLibrary,
        *,
        clock: Callable[[], datetime] = local_now,
        stats_log: StatsSource | None = None,
    ) -> None:
        self.store = store
        self.library = library
        self.clock = clock
        # The review log folded for statistics; the CLI passes the store's cached one.
        self.stats_log = stats_log
        self._warming: Iterator[bool] | None = None
        self._memos: dict[str, tuple[DeckLibrary, date, str, Any]] = {}  # see _remembered

    # --- the day and the settings -------------------------------------------------------

    @property
    def today(self) -> date:
        """The study day now: it starts at the ``day_starts`` setting (04:00 by default)."""
        return study_day(self.clock(), parse_day_starts(self.store.settings().get("day_starts")))

    def settings(self) -> dict:
        return self.store.settings()

    def save_settings(self, settings: dict) -> None:
        try:
            self.store.save_settings(dict(settings))
        except Exception as exc:
            _reraise(exc)
            raise

    def limits(self, deck_id: str | None = None) -> Limits:
        """Global limits, or a deck's: ``settings["decks"][deck_id]`` overrides the global values."""
        settings = self.settings()
        merged: dict[str, Any] = dict(settings)
        if deck_id is not None:
            decks = settings.get("decks")
            own = decks.get(deck_id) if isinstance(decks, dict) else None
            if isinstance(own, dict):
                merged.update(own)
        return Limits.from_settings(merged)

    def deck_limits(self) -> dict[str, Limits]:
        """Limits for every deck that has its own."""
        decks = self.settings().get("decks")
        if not isinstance(decks, dict):
            return {}
        return {deck_id: self.limits(deck_id) for deck_id in decks if isinstance(deck_id, str)}

    # --- decks and what they offer ------------------------------------------------------

    def deck_title(self, deck_id: str) -> str:
        deck = self.library.by_id(deck_id)
        return deck.title if deck else deck_id

    def deck_label(self, deck_ids: Iterable[str] | None) -> str:
        """ "all decks", "3 decks" or the one deck's title."""
        ids = list(deck_ids) if deck_ids is not None else None
        if ids is None:
            return "all decks"
        if len(ids) != 1:
            return f"{len(ids)} decks"
        return self.deck_title(ids[0])

    def items(self, deck_ids: Iterable[str] | None = None) -> list[Item]:
        wanted = None if deck_ids is None else set(deck_ids)
        return [item for deck in self.library.decks if wanted is None or deck.id in wanted for item in deck.items()]

    def offers(self) -> dict[str, DeckCounts]:
        """What each deck offers today (new, due, drill) within its limits: the one definition of those counts."""
        today = self.today
        key = self._offers_key(today)
        # Stores that keep a cache (the real one) remember the counts for the progress they were
        # counted on, so a start-up with nothing changed since the last one skips counting.
        recall, remember = getattr(self.store, "recall", None), getattr(self.store, "remember", None)
        if key is not None and recall is not None:
            remembered = recall("offers", key)
            if isinstance(remembered, dict):
                found = _counts_from(remembered, [deck.id for deck in self.library.decks])
                if found is not None:
                    return found
        # A store's light views of its stored states, if it has them: building 10,000 CardStates
        # for these counts was half of start-up with a large profile.
        stored = getattr(self.store, "stored_states", None)
        states = stored() if stored is not None else self.store.states()
        deck_limits, pacing = self._paced_limits()
        offered = deck_counts(self.items(), states, today, self.limits(), deck_limits)
        for item in pacing.pulled:  # the final pass before an exam: offered on top of today's due reviews
            counts = offered.get(item.deck_id, DeckCounts())
            offered[item.deck_id] = replace(counts, due=counts.due + 1)
        result = {deck.id: offered.get(deck.id, DeckCounts()) for deck in self.library.decks}
        if key is not None and remember is not None:
            remember("offers", key, {deck_id: [c.new, c.due, c.drill] for deck_id, c in result.items()})
        return result

    def _offers_key(self, today: date) -> str | None:
        """Everything today's offers depend on, hashed: the progress (as the log stands), the day,
        the settings, each deck file's content and the rules; None when something is not named."""
        revision = getattr(self.store, "revision", None)
        if revision is None:
            return None
        decks = [[deck.id, deck.digest, deck.builtin] for deck in self.library.decks]
        if any(not digest for _, digest, _ in decks):
            return None  # a deck built in memory: its content has no name to check
        named = [OFFER_RULES, __version__, today.isoformat(), self.settings(), revision(), decks]
        try:
            return hashlib.blake2b(orjson.dumps(named, option=orjson.OPT_SORT_KEYS), digest_size=16).hexdigest()
        except TypeError:
            return None  # a setting orjson cannot write: simply not remembered

    def warm(self, count: int = 500) -> bool:
        """One small step of preparing what the first session or stats open reads (each deck's items,
        ``count`` card states, the statistics' log summary); True once everything is ready."""
        if self._warming is None:
            self._warming = self._warm_steps(count)
        return not next(self._warming, False)

    def _warm_steps(self, count: int) -> Iterator[bool]:
        """Yields True after each step that leaves more to do."""
        for deck in self.library.decks:
            deck.items()  # builds a cached deck's cards, once
            yield True
        warm_states = getattr(self.store, "warm_states", None)  # a memory store has nothing to prepare
        while warm_states is not None and not warm_states(count):
            yield True
        if self.stats_log is not None and not self.stats_slow():
            # A long first read is left to the stats screen's worker. Any problem reading the log
            # is left for the stats screen to report: preparing ahead must never stop the app.
            with contextlib.suppress(Exception):
                self.stats_log.get()

    def notices(self) -> list[str]:
        """One-line warnings the store has for the student (e.g. a backup that could not be made)."""
        # Stores without notices (a memory store in tests) simply have none.
        return list(getattr(self.store, "notices", ()))

    def streak(self) -> int:
        """Days in a row with at least one review, ending today (or yesterday)."""
        return study_streak(self.store.study_days(), self.today)

    # --- statistics, browsing, custom study, exam pacing ----------------------------------

    def stats(self) -> Stats:
        """Every statistic for today; slow the first time on a long log (see ``stats_slow``)."""
        from trainer.stats import LogAggregate
        from trainer.stats import compute as compute_stats

        def work() -> Stats:
            agg = self.stats_log.get() if self.stats_log is not None else LogAggregate()
            return compute_stats(self.items(), self.store.states(), agg, self.today)

        return self._remembered("stats", work)

    def _remembered(self, name: str, work: Callable[[], T]) -> T:
        """``work()``, or what it gave last time if the decks, the study day and the progress are
        the same: a store that names its progress (``revision``: every answer, state change and
        setting is appended to its log) lets a second look with nothing changed skip the work."""
        revision = getattr(self.store, "revision", None)
        if revision is None:
            return work()
        today, named = self.today, revision()
        memo = self._memos.get(name)
        if memo is not None and memo[0] is self.library and memo[1:3] == (today, named):
            return memo[3]
        value = work()
        self._memos[name] = (self.library, today, named, value)
        return value

    def stats_slow(self) -> bool:
        """True when ``stats()`` would first read much of the log (a first open on a long history)."""
        return self.stats_log is not None and self.stats_log.pending() > SLOW_STATS_BYTES

    def prepare_stats(self, progress: Callable[[float], None] | None = None) -> None:
        """Read the log for ``stats()`` now, telling ``progress`` the share done; safe in a worker thread
        (it touches only the log and the statistics cache). ``progress`` may raise to stop it."""
        if self.stats_log is not None:
            self.stats_log.get(progress)

    def states(self) -> Mapping[str, CardState]:
        return self.store.states()

    def history(self, key: str) -> list[Review]:
        """Every effective answer for ``key``, oldest first (empty if the store keeps no history)."""
        history = getattr(self.store, "history", None)
        return list(history(key)) if history is not None else []

    def set_state(self, key: str, state: CardState | None) -> None:
        """Save a state change from browsing (suspend, bury, reset, or its undo)."""
        try:
            self.store.set_state(key, state)
        except Exception as exc:
            _reraise(exc)
            raise

    def select(self, selection: Selection) -> list[Item]:
        from trainer.planning import select as select_items

        return select_items(self.items(), self.store.states(), self.today, selection)

    def pacing(self, deck_ids: Iterable[str] | None = None) -> Pacing:
        """Exam pacing for the decks with an exam date (nothing without one)."""
        from trainer.planning import Pacing, exam_dates
        from trainer.planning import pacing as exam_pacing

        settings = self.settings()
        if not exam_dates(settings):
            return Pacing({}, (), (), {})  # without a date, home need not build a single card

        def work() -> Pacing:
            items = self.items(deck_ids)
            limits = {deck.id: self.limits(deck.id).new_per_day for deck in self.library.decks}
            return exam_pacing(items, self.store.states(), self.today, settings, limits)

        # Home's status line and its counts both ask for every deck's pacing on each refresh.
        return self._remembered("pacing", work) if deck_ids is None else work()

    def _paced_limits(self, deck_ids: Iterable[str] | None = None) -> tuple[dict[str, Limits], Pacing]:
        """Each deck's limits for today, where an exam date raises a deck's new cards because every
        unseen card must be seen in time, and the exam pacing that raised them."""
        deck_limits = self.deck_limits()
        paced = self.pacing(deck_ids)
        for deck_id, new_today in paced.new_limits.items():
            deck_limits[deck_id] = replace(self.limits(deck_id), new_per_day=new_today)
        return deck_limits, paced

    # --- sessions -----------------------------------------------------------------------

    def start(
        self, deck_ids: list[str] | None = None, *, items: list[Item] | None = None, cram: bool = False
    ) -> Study | None:
        """A session on these decks (None: all), or on ``items``; None if it has nothing to ask.

        ``cram``: custom study of every item given, whatever the schedule says; no SM-2 state changes.
        """
        chosen = items if items is not None else self.items(deck_ids)
        paced = None
        deck_limits = self.deck_limits()
        if not cram and items is None:
            deck_limits, paced = self._paced_limits(deck_ids)
        study = Study(
            self.store,
            chosen,
            self.limits(),
            clock=self.clock,
            today=self.today,
            deck_limits=deck_limits,
            cram=cram,
            synonyms={deck.id: deck.synonyms for deck in self.library.decks if deck.synonyms},
        )
        if paced is not None and paced.pulled:
            # The final pass before an exam: reviews SM-2 would ask after it, graded as ordinary reviews today.
            queued = set(study.session.queue)
            study.session.queue.extend(item for item in paced.pulled if item not in queued)
        return study if study.current is not None else None
