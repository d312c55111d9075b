"""Plain records shared by the session and the store: a card's state and one logged answer.

They convert to and from JSON-ready dicts, which is all the store keeps on disk.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Literal

from trainer.sm2 import DRILL_EXIT_GRADE, MIN_EASINESS, Sm2State

__all__ = ["LEECH_LAPSES", "CardState", "Review", "ReviewKind", "StoredState"]

# A card lapsed this many times is a leech: the student is told, it is not hidden.
LEECH_LAPSES = 8

ReviewKind = Literal["schedule", "drill"]


def _date(value: object) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"a date must be text, not {value!r}")
    return date.fromisoformat(value)


@functools.lru_cache(maxsize=4096)
def _day(value: str | None) -> date | None:
    """A checked date: thousands of states share a few hundred dates, so each is parsed once."""
    return None if value is None else date.fromisoformat(value)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


# JSON readers turn integers past 2**53 into floats; intervals that large (after dozens of
# perfect grades) are kept as decimal strings so they round-trip exactly.
_SAFE_INT = 2**53 - 1


def _int_out(value: int) -> int | str:
    return value if value <= _SAFE_INT else str(value)


def _int_in(value: object) -> int:
    if isinstance(value, str) and value.isdigit():
        return int(value)
    if type(value) is not int:
        raise ValueError(f"a count of days must be a whole number, not {value!r}")
    return value


# Far above anything grading can reach (+0.1 per perfect grade), far below float trouble.
_MAX_EASINESS = 1e6


_DATE_FIELDS = ("due", "first_seen", "last_reviewed", "buried_until", "last_answered")


@dataclass(frozen=True)
class CardState:
    """Progress of one review item (a card, or one side of a reverse card)."""

    sm2: Sm2State = field(default_factory=Sm2State)
    due: date | None = None  # local date of the next scheduled review; None while new
    first_seen: date | None = None  # local date of the first answer
    last_reviewed: date | None = None  # local date of the last scheduling (first-of-day) grade
    lapses: int = 0  # scheduling grades below 3
    suspended: bool = False
    buried_until: date | None = None  # hidden before this date
    last_answered: date | None = None  # local date of the last answer, drill included
    last_grade: int | None = None  # grade of that answer

    @property
    def is_new(self) -> bool:
        return self.last_reviewed is None

    @property
    def is_leech(self) -> bool:
        return self.lapses >= LEECH_LAPSES

    def in_drill(self, today: date) -> bool:
        """Answered today below 4: it comes back today until graded 4 or 5."""
        return self.last_answered == today and self.last_grade is not None and self.last_grade < DRILL_EXIT_GRADE

    def is_buried(self, today: date) -> bool:
        return self.buried_until is not None and self.buried_until > today

    def with_changes(self, **changes: Any) -> CardState:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "repetitions": self.sm2.repetitions,
            "interval": _int_out(self.sm2.interval),
            "easiness": self.sm2.easiness,
            "due": _iso(self.due),
            "first_seen": _iso(self.first_seen),
            "last_reviewed": _iso(self.last_reviewed),
            "lapses": self.lapses,
            "suspended": self.suspended,
            "buried_until": _iso(self.buried_until),
            "last_answered": _iso(self.last_answered),
            "last_grade": self.last_grade,
        }

    @staticmethod
    def check_dict(data: dict[str, Any]) -> None:
        """ValueError naming the first value ``from_dict`` would refuse; cheap, for checking thousands on open."""
        get = data.get
        # The common case in one expression (a profile holds thousands of states); anything
        # it does not accept outright goes through the checks below, which name the problem.
        repetitions, lapses, interval = get("repetitions", 0), get("lapses", 0), get("interval", 0)
        easiness, grade = get("easiness", 2.5), get("last_grade")
        if (
            type(repetitions) is int
            and repetitions >= 0
            and type(lapses) is int
            and lapses >= 0
            and type(interval) is int
            and interval >= 0
            and type(easiness) is float
            and MIN_EASINESS <= easiness <= _MAX_EASINESS
            and type(get("suspended", False)) is bool
            and (grade is None or (type(grade) is int and 0 <= grade <= 5))
        ):
            try:
                for value in (
                    get("due"),
                    get("first_seen"),
                    get("last_reviewed"),
                    get("buried_until"),
                    get("last_answered"),
                ):
                    if value is not None:
                        _day(value)  # TypeError for a value that is not text
                return
            except (TypeError, ValueError):
                pass
        for name in ("repetitions", "lapses"):
            value = get(name, 0)
            if type(value) is not int or value < 0:
                raise ValueError(f"{name} must be a whole number of at least 0, not {value!r}")
        interval = get("interval", 0)
        if not ((type(interval) is int and interval >= 0) or (type(interval) is str and interval.isdigit())):
            raise ValueError(f"interval must be a whole number of at least 0, not {interval!r}")
        easiness = get("easiness", 2.5)
        if type(easiness) not in (int, float) or not MIN_EASINESS <= easiness <= _MAX_EASINESS:
            raise ValueError(f"easiness must be a number from {MIN_EASINESS}, not {easiness!r}")
        if type(get("suspended", False)) is not bool:
            raise ValueError(f"suspended must be true or false, not {get('suspended')!r}")
        grade = get("last_grade")
        if grade is not None and (type(grade) is not int or not 0 <= grade <= 5):
            raise ValueError(f"last_grade must be 0 to 5, not {grade!r}")
        for name in _DATE_FIELDS:
            value = get(name)
            if value is not None:
                if type(value) is not str:
                    raise ValueError(f"{name} must be a date, not {value!r}")
                try:
                    date.fromisoformat(value)
                except ValueError:
                    raise ValueError(f"{name} is not a date: {value!r}") from None

    @classmethod
    def from_checked(cls, data: dict[str, Any]) -> CardState:
        """The state in ``data``, which ``check_dict`` has already passed (the store checks every
        state on open): built without ``__init__``, several times faster, for the 10,000 states
        that counting today's cards converts. Equal to what ``from_dict`` builds."""
        get = data.get
        interval = get("interval", 0)
        sm2 = object.__new__(Sm2State)
        object.__setattr__(
            sm2,
            "__dict__",
            {
                "repetitions": get("repetitions", 0),
                "interval": interval if type(interval) is int else _int_in(interval),
                "easiness": round(get("easiness", 2.5) * 100) / 100,  # the grid Sm2State keeps
            },
        )
        state = object.__new__(cls)
        object.__setattr__(
            state,
            "__dict__",
            {
                "sm2": sm2,
                "due": _day(get("due")),
                "first_seen": _day(get("first_seen")),
                "last_reviewed": _day(get("last_reviewed")),
                "lapses": get("lapses", 0),
                "suspended": get("suspended", False),
                "buried_until": _day(get("buried_until")),
                "last_answered": _day(get("last_answered")),
                "last_grade": get("last_grade"),
            },
        )
        return state

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CardState:
        """The state ``data`` holds; ValueError names the first value that is not a valid one."""
        cls.check_dict(data)
        get = data.get
        return cls(
            Sm2State(get("repetitions", 0), _int_in(get("interval", 0)), get("easiness", 2.5)),
            _date(get("due")),
            _date(get("first_seen")),
            _date(get("last_reviewed")),
            get("lapses", 0),
            get("suspended", False),
            _date(get("buried_until")),
            _date(get("last_answered")),
            get("last_grade"),
        )


class StoredState:
    """The scheduling fields of a stored state dict that ``check_dict`` has passed.

    Counting today's cards reads a few fields of every state: this view skips building 10,000
    ``CardState`` objects for that. Each field equals the one ``CardState.from_checked`` builds.
    """

    __slots__ = ("buried_until", "due", "first_seen", "last_answered", "last_grade", "last_reviewed", "suspended")

    def __init__(self, data: dict[str, Any]) -> None:
        get = data.get
        self.due = _day(get("due"))
        self.first_seen = _day(get("first_seen"))
        self.last_reviewed = _day(get("last_reviewed"))
        self.last_answered = _day(get("last_answered"))
        self.last_grade: int | None = get("last_grade")
        self.suspended: bool = get("suspended", False)
        self.buried_until = _day(get("buried_until"))

    @property
    def is_new(self) -> bool:
        return self.last_reviewed is None

    def in_drill(self, today: date) -> bool:
        return self.last_answered == today and self.last_grade is not None and self.last_grade < DRILL_EXIT_GRADE

    def is_buried(self, today: date) -> bool:
        return self.buried_until is not None and self.buried_until > today


@dataclass(frozen=True)
class Review:
    """One answer, as the review log keeps it: never rewritten, never deleted."""

    time: datetime  # when the grade was given, timezone-aware local time
    key: str  # item key: "deck-id:card-id", or "deck-id:card-id:reverse"
    grade: int  # 0..5
    kind: ReviewKind  # "schedule" (first grade of the day) or "drill" (same-day repeat)
    response: str | list[str] | None  # what was typed or chosen; None for self-graded cards
    ms: int  # time from showing the card to the grade
    before: CardState | None  # None for a card never answered before
    after: CardState
    id: int | None = None  # given by the store when recorded

    @property
    def day(self) -> date:
        return self.time.date()

    def to_dict(self) -> dict[str, Any]:
        return {
            "time": self.time.isoformat(),
            "key": self.key,
            "grade": self.grade,
            "kind": self.kind,
            "response": self.response,
            "ms": self.ms,
            "before": self.before.to_dict() if self.before else None,
            "after": self.after.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], id: int | None = None) -> Review:
        return cls(
            time=datetime.fromisoformat(data["time"]),
            key=data["key"],
            grade=data["grade"],
            kind=data["kind"],
            response=data.get("response"),
            ms=data.get("ms", 0),
            before=CardState.from_dict(data["before"]) if data.get("before") else None,
            after=CardState.from_dict(data["after"]),
            id=id,
        )
