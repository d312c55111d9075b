"""An in-memory stand-in for the progress store, for tests of the session and study logic."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from trainer.days import parse_day_starts, study_day
from trainer.records import CardState, Review


class MemoryStore:
    def __init__(self) -> None:
        self._states: dict[str, CardState] = {}
        self.log: list[Review] = []
        self.voided: set[int] = set()
        self._settings: dict = {}
        self.fail_next: Exception | None = None

    def _maybe_fail(self) -> None:
        if self.fail_next is not None:
            error, self.fail_next = self.fail_next, None
            raise error

    def record(self, review: Review) -> Review:
        self._maybe_fail()
        review = replace(review, id=len(self.log) + 1)
        self.log.append(review)
        self._states[review.key] = review.after
        return review

    def effective(self) -> list[Review]:
        return [r for r in self.log if r.id not in self.voided]

    def undo_last(self) -> Review | None:
        self._maybe_fail()
        live = self.effective()
        if not live:
            return None
        last = live[-1]
        self.voided.add(last.id)
        if last.before is None:
            self._states.pop(last.key, None)
        else:
            self._states[last.key] = last.before
        return last

    def set_state(self, key: str, state: CardState | None) -> None:
        self._maybe_fail()
        if state is None:
            self._states.pop(key, None)
        else:
            self._states[key] = state

    def state(self, key: str) -> CardState | None:
        return self._states.get(key)

    def states(self) -> dict[str, CardState]:
        return dict(self._states)

    def study_days(self) -> list[date]:
        # As the real store: by study day, which starts at the profile's day boundary.
        starts = parse_day_starts(self._settings.get("day_starts"))
        return sorted({study_day(r.time, starts) for r in self.effective()})

    def settings(self) -> dict:
        return dict(self._settings)

    def save_settings(self, settings: dict) -> None:
        self._settings = dict(settings)
