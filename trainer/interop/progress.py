"""A student's per-card results as a file to hand in, and reading such files back (pure).

The export holds the profile name, the export date and, per card side: deck, card id, tags,
the right answer, state, interval, lapses, first-try accuracy, last reviewed and the wrong
answers given. Nothing else personal: no times of day, no response times, no settings.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from trainer.deck import Item
from trainer.records import CardState, Review

__all__ = ["FORMAT", "CardResult", "ProgressExport", "build_export", "export_csv", "export_json", "read_export"]

FORMAT = "anatomy-trainer-progress"
VERSION = 1
MATURE_DAYS = 21
CSV_COLUMNS = (
    "profile",
    "exported",
    "deck",
    "card",
    "side",
    "tags",
    "answer",
    "state",
    "interval",
    "lapses",
    "first_try_answers",
    "first_try_correct",
    "first_try_accuracy",
    "last_reviewed",
    "confusions",
)


class MalformedExport(ValueError):
    """A file that is not a progress export; the text says why."""


@dataclass
class CardResult:
    deck: str
    card: str
    side: str  # "forward" or "reverse"
    state: str  # new, learning, mature, suspended
    interval: int
    lapses: int
    first_try_answers: int
    first_try_correct: int
    last_reviewed: str | None
    tags: list[str] = field(default_factory=list)
    answer: str = ""
    confusions: dict[str, int] = field(default_factory=dict)  # wrong answer given -> times

    @property
    def first_try_accuracy(self) -> float | None:
        return self.first_try_correct / self.first_try_answers if self.first_try_answers else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "deck": self.deck,
            "card": self.card,
            "side": self.side,
            "tags": self.tags,
            "answer": self.answer,
            "state": self.state,
            "interval": self.interval,
            "lapses": self.lapses,
            "first_try_answers": self.first_try_answers,
            "first_try_correct": self.first_try_correct,
            "first_try_accuracy": None if self.first_try_accuracy is None else round(self.first_try_accuracy, 4),
            "last_reviewed": self.last_reviewed,
            "confusions": [{"given": given, "count": n} for given, n in sorted(self.confusions.items())],
        }


@dataclass
class ProgressExport:
    profile: str
    exported: str  # ISO date-time of the export
    last_studied: str | None
    cards: list[CardResult]
    source: str = ""  # the file it was read from

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "profile": self.profile,
            "exported": self.exported,
            "last_studied": self.last_studied,
            "cards": [card.to_dict() for card in self.cards],
        }


def _state_name(state: CardState) -> str:
    if state.suspended:
        return "suspended"
    if state.is_new:
        return "new"
    return "mature" if state.sm2.interval >= MATURE_DAYS else "learning"


def _split_key(key: str) -> tuple[str, str, str]:
    parts = key.split(":")
    side = "reverse" if len(parts) > 2 and parts[-1] == "reverse" else "forward"
    return parts[0], parts[1] if len(parts) > 1 else "", side


def _given(response: object) -> str | None:
    if isinstance(response, list):
        return "; ".join(str(r) for r in response)
    return response if isinstance(response, str) and response.strip() else None


def build_export(
    profile: str,
    exported: datetime,
    states: Mapping[str, CardState],
    histories: Mapping[str, list[Review]],
    items: Mapping[str, Item],
) -> ProgressExport:
    """The export of every card side the student has answered (``items`` gives tags and answers where known)."""
    cards = []
    last_studied: date | None = None
    for key in sorted(set(states) | set(histories)):
        state = states.get(key) or CardState()
        reviews = histories.get(key, [])
        if state.is_new and not reviews:
            continue
        deck, card, side = _split_key(key)
        item = items.get(key)
        answer = item.answer_text if item else ""
        first = [r for r in reviews if r.kind == "schedule"]
        confusions: dict[str, int] = {}
        for review in reviews:
            given = _given(review.response)
            if review.grade < 3 and given is not None and given.casefold() != answer.casefold():
                confusions[given] = confusions.get(given, 0) + 1
        seen = state.last_reviewed or state.last_answered
        if seen and (last_studied is None or seen > last_studied):
            last_studied = seen
        cards.append(
            CardResult(
                deck=deck,
                card=card,
                side=side,
                state=_state_name(state),
                interval=state.sm2.interval,
                lapses=state.lapses,
                first_try_answers=len(first),
                first_try_correct=sum(1 for r in first if r.grade >= 3),
                last_reviewed=state.last_reviewed.isoformat() if state.last_reviewed else None,
                tags=list(item.card.tags) if item else [],
                answer=answer,
                confusions=confusions,
            )
        )
    return ProgressExport(
        profile, exported.isoformat(timespec="seconds"), last_studied.isoformat() if last_studied else None, cards
    )


def export_json(export: ProgressExport) -> str:
    return json.dumps(export.to_dict(), indent=2, ensure_ascii=False) + "\n"


def export_csv(export: ProgressExport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for card in export.cards:
        row = card.to_dict()
        writer.writerow(
            [
                export.profile,
                export.exported,
                *(row[c] for c in ("deck", "card", "side")),
                " ".join(card.tags),
                card.answer,
                *(row[c] for c in ("state", "interval", "lapses", "first_try_answers", "first_try_correct")),
                "" if row["first_try_accuracy"] is None else row["first_try_accuracy"],
                row["last_reviewed"] or "",
                json.dumps(row["confusions"], ensure_ascii=False),
            ]
        )
    return buffer.getvalue()


# --- reading exports back (for `trainer report`) ------------------------------------------


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool):
        raise MalformedExport(f"'{what}' must be a whole number")
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise MalformedExport(f"'{what}' must be a whole number, not {str(value)[:20]!r}") from None
    if number < 0:
        raise MalformedExport(f"'{what}' is negative")
    return number


def _text(value: Any, what: str, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise MalformedExport(f"'{what}' is missing or not text")
    return value


def _date_text(value: Any, what: str) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise MalformedExport(f"'{what}' is not a date")
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        raise MalformedExport(f"'{what}' is not a date: {value[:20]!r}") from None
    return value[:10]


def _card(row: Mapping[str, Any], number: int) -> CardResult:
    where = f"card {number}: "
    try:
        confusions_raw = row.get("confusions") or []
        if isinstance(confusions_raw, str):
            confusions_raw = json.loads(confusions_raw) if confusions_raw.strip() else []
        if not isinstance(confusions_raw, list):
            raise MalformedExport("'confusions' is not a list")
        confusions: dict[str, int] = {}
        for entry in confusions_raw:
            if not isinstance(entry, dict):
                raise MalformedExport("'confusions' entries must be objects")
            given = _text(entry.get("given"), "given")
            confusions[given] = confusions.get(given, 0) + _int(entry.get("count", 1), "count")
        tags = row.get("tags") or []
        if isinstance(tags, str):
            tags = tags.split()
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise MalformedExport("'tags' must be a list of text")
        side = row.get("side") or "forward"
        if side not in ("forward", "reverse"):
            raise MalformedExport(f"'side' must be forward or reverse, not {str(side)[:20]!r}")
        answers = _int(row.get("first_try_answers", 0), "first_try_answers")
        correct = _int(row.get("first_try_correct", 0), "first_try_correct")
        if correct > answers:
            raise MalformedExport("'first_try_correct' is more than 'first_try_answers'")
        return CardResult(
            deck=_text(row.get("deck"), "deck"),
            card=_text(row.get("card"), "card"),
            side=side,
            state=_text(row.get("state"), "state"),
            interval=_int(row.get("interval", 0), "interval"),
            lapses=_int(row.get("lapses", 0), "lapses"),
            first_try_answers=answers,
            first_try_correct=correct,
            last_reviewed=_date_text(row.get("last_reviewed"), "last_reviewed"),
            tags=list(tags),
            answer=_text(row.get("answer"), "answer", required=False),
            confusions=confusions,
        )
    except MalformedExport as exc:
        raise MalformedExport(where + str(exc)) from None
    except (json.JSONDecodeError, AttributeError, TypeError) as exc:
        raise MalformedExport(f"{where}unreadable ({exc})") from None


def read_export(text: str, source: str) -> ProgressExport:
    """A progress export from its JSON or CSV text, or MalformedExport saying what is wrong."""
    stripped = text.lstrip("\ufeff").lstrip()
    if not stripped:
        raise MalformedExport("file is empty")
    if stripped.startswith("{"):
        return _read_json(stripped, source)
    return _read_csv(stripped, source)


def _read_json(text: str, source: str) -> ProgressExport:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise MalformedExport(f"not valid JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise MalformedExport('not a trainer progress export (no "format": "anatomy-trainer-progress")')
    if not isinstance(data.get("cards"), list):
        raise MalformedExport("'cards' is missing or not a list")
    cards = [_card(row, n) if isinstance(row, dict) else _bad_row(n) for n, row in enumerate(data["cards"], start=1)]
    return ProgressExport(
        _text(data.get("profile"), "profile"),
        _text(data.get("exported"), "exported"),
        _date_text(data.get("last_studied"), "last_studied"),
        cards,
        source,
    )


def _bad_row(number: int) -> CardResult:
    raise MalformedExport(f"card {number}: not an object")


def _read_csv(text: str, source: str) -> ProgressExport:
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise MalformedExport(f"not valid CSV ({exc})") from None
    if not rows or not rows[0] or set(CSV_COLUMNS) - set(rows[0]):
        raise MalformedExport(f"not a trainer progress export (CSV columns should be: {', '.join(CSV_COLUMNS)})")
    profiles = {row["profile"] for row in rows}
    if len(profiles) != 1:
        raise MalformedExport("rows from more than one profile")
    cards = [_card(row, n) for n, row in enumerate(rows, start=1)]
    last = max((c.last_reviewed for c in cards if c.last_reviewed), default=None)
    return ProgressExport(
        _text(rows[0]["profile"], "profile"), _text(rows[0]["exported"], "exported"), last, cards, source
    )


def items_by_key(items: Iterable[Item]) -> dict[str, Item]:
    return {item.key: item for item in items}
