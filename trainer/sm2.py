"""SuperMemo-2 exactly as published by Wozniak (1990) and SuperMemo World's reference code.

Pure arithmetic: no I/O, no clock. The rules this module follows:

1. ``quality`` is an ``int`` in 0..5. Anything that is not an int (``bool``, ``4.0``,
   ``"4"``, ``None``) raises ``TypeError``; an int outside 0..5 raises ``ValueError``.
   The message names the bad value; the state is never changed (states are immutable).
2. A pass (``quality >= 3``): the interval becomes 1 when ``repetitions == 0``, 6 when
   ``repetitions == 1``, otherwise ``ceil(interval * easiness)`` with the easiness held
   *before* this grade ("if the interval is a fraction, round it up"); then
   ``repetitions += 1``.
3. A lapse (``quality < 3``): ``repetitions = 0`` and ``interval = 1``.
4. After every grade, lapses included:
   ``easiness += 0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)``, floored at 1.3, no upper cap
   (per grade: 5 +0.10, 4 0, 3 -0.14, 2 -0.32, 1 -0.54, 0 -0.80).
5. Arithmetic is exact: easiness lives on a 0.02 grid, so it is kept as integer
   hundredths and exposed as a float rounded to 2 decimals. A float passed in
   (e.g. 2.36) means that 2-decimal value. Six 5s give 420 days, never 421.
6. The next review is due on the local date of the review plus ``interval`` days.
7. Same-day drill (Wozniak's step 7) is session logic, not scheduling: only the first
   grade of the day calls :func:`review`; see ``trainer.session``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = [
    "DRILL_EXIT_GRADE",
    "GRADES",
    "GRADE_MEANINGS",
    "MIN_EASINESS",
    "PASS_GRADE",
    "Sm2State",
    "check_quality",
    "due_date",
    "review",
]

MIN_EASINESS = 1.3
PASS_GRADE = 3
# Wozniak's step 7: items scoring below four are repeated the same day.
DRILL_EXIT_GRADE = 4
GRADES = range(0, 6)

GRADE_MEANINGS: dict[int, str] = {
    0: "blackout: no recall at all",
    1: "wrong, but the answer felt familiar",
    2: "wrong, but the answer seemed easy once seen",
    3: "right, with serious difficulty",
    4: "right, after some hesitation",
    5: "perfect: instant recall",
}

_MIN_HUNDREDTHS = 130
# Change of easiness in hundredths per grade: 100 * (0.1 - (5-q)*(0.08 + (5-q)*0.02)).
_DELTA_HUNDREDTHS = {q: 10 - (5 - q) * (8 + (5 - q) * 2) for q in GRADES}


def _to_hundredths(easiness: float) -> int:
    if isinstance(easiness, bool) or not isinstance(easiness, (int, float)):
        raise TypeError(f"easiness must be a number, got {easiness!r}")
    if not math.isfinite(easiness):
        raise ValueError(f"easiness must be finite, got {easiness!r}")
    return round(easiness * 100)


@dataclass(frozen=True)
class Sm2State:
    """The scheduling state of one review item."""

    repetitions: int = 0  # successful reviews in a row
    interval: int = 0  # days until the next review (0 = never reviewed)
    easiness: float = 2.5  # the E-Factor

    def __post_init__(self) -> None:
        # Thousands of states are built when a profile opens, so the common case is kept cheap.
        if (
            type(self.repetitions) is not int
            or type(self.interval) is not int
            or self.repetitions < 0
            or self.interval < 0
        ):
            for name in ("repetitions", "interval"):
                value = getattr(self, name)
                if isinstance(value, bool) or not isinstance(value, int):
                    raise TypeError(f"{name} must be an int, got {value!r}")
                if value < 0:
                    raise ValueError(f"{name} must not be negative, got {value!r}")
        # Normalise onto the 2-decimal grid so equal states compare equal.
        object.__setattr__(self, "easiness", _to_hundredths(self.easiness) / 100)


def check_quality(quality: object) -> int:
    """Return ``quality`` if it is a valid SM-2 grade, else raise TypeError/ValueError."""
    if isinstance(quality, bool) or not isinstance(quality, int):
        raise TypeError(f"quality must be an int from 0 to 5, got {quality!r}")
    if not 0 <= quality <= 5:
        raise ValueError(f"quality must be from 0 to 5, got {quality!r}")
    return quality


def review(state: Sm2State, quality: int) -> Sm2State:
    """Return the state after one scheduling grade; ``state`` itself is never changed."""
    q = check_quality(quality)
    ef = _to_hundredths(state.easiness)
    if q >= PASS_GRADE:
        if state.repetitions == 0:
            interval = 1
        elif state.repetitions == 1:
            interval = 6
        else:
            # ceil(interval * ef / 100) in integers: exact, no float artefacts.
            # The floor of 1 only matters for an inconsistent state (repetitions
            # >= 2 with interval 0), which must still come back in a day.
            interval = max(1, -(-state.interval * ef // 100))
        repetitions = state.repetitions + 1
    else:
        repetitions = 0
        interval = 1
    ef = max(_MIN_HUNDREDTHS, ef + _DELTA_HUNDREDTHS[q])
    return Sm2State(repetitions=repetitions, interval=interval, easiness=ef / 100)


def due_date(reviewed_on: date, state: Sm2State) -> date:
    """The local date on which an item reviewed on ``reviewed_on`` is next due.

    The interval has no cap, but a calendar date cannot pass 9999-12-31, so an interval
    reaching beyond it (after a few dozen perfect grades) is due on that last date.
    """
    if state.interval > (date.max - reviewed_on).days:
        return date.max
    return reviewed_on + timedelta(days=state.interval)
