"""The study day: it starts at the day boundary (04:00 local by default), not at midnight.

Every "today" in the trainer (scheduling, due counts, limits, streaks, backups) comes from
``study_day`` so that a session at 00:30 still belongs to the evening it started in.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

__all__ = ["DEFAULT_DAY_STARTS", "local_now", "next_day", "parse_day_starts", "previous_day", "study_day"]

DEFAULT_DAY_STARTS = time(4, 0)
_HHMM_RE = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


def local_now() -> datetime:
    return datetime.now().astimezone()


def study_day(moment: datetime, starts: time = DEFAULT_DAY_STARTS) -> date:
    """The study day ``moment`` (local wall time) belongs to."""
    try:
        return (moment - timedelta(hours=starts.hour, minutes=starts.minute)).date()
    except OverflowError:
        return moment.date()  # within hours of date.min: nothing earlier to belong to


def parse_day_starts(value: object) -> time:
    """A "HH:MM" setting as a time; anything else is the default."""
    if isinstance(value, str):
        match = _HHMM_RE.fullmatch(value.strip())
        if match:
            return time(int(match.group(1)), int(match.group(2)))
    return DEFAULT_DAY_STARTS


def next_day(day: date) -> date:
    """The day after ``day``; the calendar's last day has none, so it stays (no OverflowError)."""
    return day if day == date.max else day + timedelta(days=1)


def previous_day(day: date) -> date:
    """The day before ``day``; the calendar's first day stays as it is."""
    return day if day == date.min else day - timedelta(days=1)
