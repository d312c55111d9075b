"""The class report: progress exports from several students merged by deck and card id (pure).

Per card and per tag first-try accuracy, the hardest cards, the spinal roots most often
mistaken for one another, and the students who have not studied in the last week.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from trainer.interop.progress import ProgressExport

__all__ = ["ClassReport", "build_report"]

ROOT_RE = re.compile(r"^\s*([CTLS])\s*(\d{1,2})(?:\s*[-/]\s*(\d))?\s*$", re.I)
INACTIVE_DAYS = 7
HARDEST = 10


def root_name(text: str) -> str | None:
    """'l5', 'L 5' -> 'L5'; 'S4-5' -> 'S4-5'; anything else -> None."""
    match = ROOT_RE.match(text)
    if not match:
        return None
    letter, number, second = match.group(1).upper(), match.group(2), match.group(3)
    return f"{letter}{int(number)}" + (f"-{second}" if second else "")


@dataclass
class Tally:
    answers: int = 0
    correct: int = 0
    lapses: int = 0
    students: set[str] = field(default_factory=set)

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answers if self.answers else None


@dataclass
class ClassReport:
    today: date
    students: list[str]
    cards: dict[tuple[str, str, str], Tally]  # (deck, card, side)
    tags: dict[str, Tally]
    root_pairs: list[tuple[str, str, int]]  # (root, root, times), most first
    inactive: list[tuple[str, str | None]]  # (profile, last studied)
    replaced: list[str] = field(default_factory=list)  # older exports of a profile that a newer one replaced

    def hardest(self, n: int = HARDEST) -> list[tuple[tuple[str, str, str], Tally]]:
        answered = [(key, t) for key, t in self.cards.items() if t.answers]
        answered.sort(key=lambda kv: (kv[1].accuracy, -kv[1].lapses, -kv[1].answers, kv[0]))
        return answered[:n]

    def to_dict(self) -> dict:
        def tally(t: Tally) -> dict:
            accuracy = None if t.accuracy is None else round(t.accuracy, 4)
            return {
                "students": len(t.students),
                "first_try_answers": t.answers,
                "first_try_correct": t.correct,
                "first_try_accuracy": accuracy,
                "lapses": t.lapses,
            }

        return {
            "date": self.today.isoformat(),
            "students": self.students,
            "cards": [{"deck": d, "card": c, "side": s, **tally(t)} for (d, c, s), t in sorted(self.cards.items())],
            "tags": [{"tag": tag, **tally(t)} for tag, t in sorted(self.tags.items())],
            "hardest": [{"deck": d, "card": c, "side": s, **tally(t)} for (d, c, s), t in self.hardest()],
            "confused_roots": [{"roots": [a, b], "times": n} for a, b, n in self.root_pairs],
            "not_studied_in_7_days": [{"profile": p, "last_studied": last} for p, last in self.inactive],
        }


def build_report(exports: Sequence[ProgressExport], today: date) -> ClassReport:
    latest: dict[str, ProgressExport] = {}
    replaced: list[str] = []
    for export in exports:
        old = latest.get(export.profile)
        if old is None or export.exported > old.exported:
            if old is not None:
                replaced.append(old.source)
            latest[export.profile] = export
        else:
            replaced.append(export.source)
    cards: dict[tuple[str, str, str], Tally] = {}
    tags: dict[str, Tally] = {}
    pairs: dict[tuple[str, str], int] = {}
    inactive: list[tuple[str, str | None]] = []
    for profile, export in sorted(latest.items()):
        for result in export.cards:
            key = (result.deck, result.card, result.side)
            targets = [cards.setdefault(key, Tally())] + [tags.setdefault(tag, Tally()) for tag in set(result.tags)]
            for tally in targets:
                tally.answers += result.first_try_answers
                tally.correct += result.first_try_correct
                tally.lapses += result.lapses
                tally.students.add(profile)
            right = root_name(result.answer)
            for given, times in result.confusions.items():
                wrong = root_name(given)
                if right and wrong and right != wrong:
                    first, second = sorted((right, wrong))
                    pairs[(first, second)] = pairs.get((first, second), 0) + times
        last = export.last_studied
        if last is None or date.fromisoformat(last[:10]) <= today - timedelta(days=INACTIVE_DAYS):
            inactive.append((profile, last))
    root_pairs = sorted(((a, b, n) for (a, b), n in pairs.items()), key=lambda p: (-p[2], p[0], p[1]))
    return ClassReport(today, sorted(latest), cards, tags, root_pairs, inactive, replaced)
