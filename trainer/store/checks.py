"""Checks of what the data files hold: every log event and the snapshot's metadata, before they are used.

A value that fails raises ``ValueError`` with a short reason; the caller names the file and line.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from trainer.records import CardState

__all__ = ["check_event", "check_meta", "check_state"]

KINDS = ("schedule", "drill")


def _int(value: object, name: str, minimum: int = 0) -> int:
    if type(value) is not int or value < minimum:
        raise ValueError(f"{name} must be a whole number of at least {minimum}, not {value!r}")
    return value


def _text(value: object, name: str) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name} must be text, not {value!r}")
    return value


def _moment(value: object, name: str) -> datetime:
    try:
        moment = datetime.fromisoformat(_text(value, name))
        if moment.tzinfo is not None:
            moment.astimezone(UTC)  # a time at the very end of the calendar cannot be compared
    except ValueError:
        raise ValueError(f"{name} is not a date and time: {value!r}") from None
    except OverflowError:
        raise ValueError(f"{name} is beyond the last date a calendar can hold: {value!r}") from None
    return moment


def check_state(value: object, name: str = "state") -> None:
    if not isinstance(value, dict):
        raise ValueError(f"{name} must be an object, not {value!r}")
    CardState.check_dict(value)  # every value from_dict would refuse, without building the state


def check_event(event: object) -> dict[str, Any]:
    """``event`` if it is a complete, well-formed log event; else ValueError."""
    if not isinstance(event, dict):
        raise ValueError("not a JSON object")
    kind = event.get("e")
    try:
        if kind == "review":
            _int(event.get("id"), "id", 1)
            _text(event.get("key"), "key")
            _moment(event.get("time"), "time")
            grade = event.get("grade")
            if type(grade) is not int or not 0 <= grade <= 5:
                raise ValueError(f"grade must be 0 to 5, not {grade!r}")
            if event.get("kind") not in KINDS:
                raise ValueError(f"kind must be 'schedule' or 'drill', not {event.get('kind')!r}")
            if "after" not in event:
                raise ValueError("'after' is missing")
            check_state(event["after"], "after")
            if event.get("before") is not None:
                check_state(event["before"], "before")
        elif kind == "void":
            _int(event.get("id"), "id", 1)
            _text(event.get("key"), "key")
            _moment(event.get("time"), "time")
            if "before" not in event:
                raise ValueError("'before' is missing")
            if event["before"] is not None:
                check_state(event["before"], "before")
        elif kind == "state":
            _text(event.get("key"), "key")
            if "state" not in event:
                raise ValueError("'state' is missing")
            if event["state"] is not None:
                check_state(event["state"])
        elif kind == "settings":
            if not isinstance(event.get("settings"), dict):
                raise ValueError("'settings' must be an object")
        elif kind == "ids":
            _int(event.get("next"), "next", 1)
        else:
            raise ValueError(f"unknown entry kind {kind!r}")
    except (TypeError, OverflowError) as exc:
        raise ValueError(str(exc)) from None
    return event


def check_meta(meta: dict[str, Any], schema: int) -> None:
    """The snapshot's counters as the store uses them; ValueError names the first bad one."""
    if meta.get("schema") != schema or type(meta.get("schema")) is not int:
        raise ValueError(f"schema must be {schema}, not {meta.get('schema')!r}")
    _int(meta.get("log_offset"), "log_offset")
    if meta.get("log_tail") is not None and not isinstance(meta["log_tail"], str):
        raise ValueError(f"log_tail must be text, not {meta['log_tail']!r}")
    _int(meta.get("next_id"), "next_id", 1)
    _int(meta.get("reviews"), "reviews")
    counts = meta.get("day_counts")
    if not isinstance(counts, dict):
        raise ValueError("day_counts must be an object")
    for day, count in counts.items():
        try:
            date.fromisoformat(day)
        except ValueError:
            raise ValueError(f"day_counts has a bad date {day!r}") from None
        _int(count, f"day_counts[{day}]", 1)
    if meta.get("last_studied") is not None:
        _moment(meta["last_studied"], "last_studied")
    undo = meta.get("undo")
    if not isinstance(undo, list):
        raise ValueError(f"undo must be a list, not {undo!r}")
    for entry in undo:
        if not isinstance(entry, list) or len(entry) not in (3, 4):
            raise ValueError(f"undo has a bad entry {entry!r}")
        _int(entry[0], "undo id", 1)
        _int(entry[1], "undo offset")
        _moment(entry[2], "undo time")
        if len(entry) == 4:
            date.fromisoformat(_text(entry[3], "undo day"))
    if not isinstance(meta.get("settings"), dict):
        raise ValueError("settings must be an object")
