"""A study session bound to a progress store: each grade is on disk before the next card shows.

The UI talks to this, never to the store's internals. No Textual import here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Protocol

from trainer.deck import Item
from trainer.records import CardState, Review
from trainer.session import Limits, StateChange, StudySession, Summary, Undone


class ProgressStore(Protocol):
    def record(self, review: Review) -> Review: ...
    def undo_last(self) -> Review | None: ...
    def set_state(self, key: str, state: CardState | None) -> None: ...
    def states(self) -> Mapping[str, CardState]: ...


def local_now() -> datetime:
    return datetime.now().astimezone()


class Study:
    """Drives a ``StudySession`` and saves what it decides; a failed save leaves both unchanged."""

    def __init__(
        self,
        store: ProgressStore,
        items: Iterable[Item],
        limits: Limits = Limits(),
        *,
        clock: Callable[[], datetime] = local_now,
    ) -> None:
        self.store = store
        self.clock = clock
        self.session = StudySession(items, store.states(), clock().date(), limits)

    @property
    def current(self) -> Item | None:
        return self.session.current

    def grade(self, grade: int, *, response: str | list[str] | None = None, ms: int = 0) -> Review:
        review = self.session.answer(grade, now=self.clock(), response=response, ms=ms)
        try:
            return self.store.record(review)
        except BaseException:
            self.session.undo()
            raise

    def _save_change(self, change: StateChange) -> StateChange:
        try:
            self.store.set_state(change.key, change.after)
        except BaseException:
            self.session.undo()
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
        if pending.kind == "answer":
            self.store.undo_last()
        else:
            assert pending.change is not None
            self.store.set_state(pending.change.key, pending.change.before)
        return self.session.undo()

    def summary(self) -> Summary:
        return self.session.summary()
