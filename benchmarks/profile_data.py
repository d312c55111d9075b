"""Benchmark data: a profile with 10,000 card states and years of reviews, and the decks they belong to."""

from __future__ import annotations

import random
import resource
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trainer.records import CardState  # noqa: E402
from trainer.session import answer_state  # noqa: E402

CARDS = 10_000
TODAY = date(2026, 11, 24)
START = datetime(2023, 1, 1, 9, 0, tzinfo=UTC)


def build(data_dir: Path, log_entries: int) -> None:
    """Write a realistic log in one buffered pass (no fsync per line), then let the store snapshot it once.

    Each line is what ``Store.record`` writes for a ``Review`` (the same keys, the state dicts
    of ``CardState.to_dict``); a card's "before" is its previous "after", so each state is
    converted once. Opening the store then checks and replays every line, as for any log.
    """
    from trainer.store import Store

    rng = random.Random(7)
    folder = data_dir / "profiles" / "default"
    folder.mkdir(parents=True)
    states: dict[str, CardState] = {}
    stored: dict[str, dict] = {}
    keys = [f"deck{i % 12}:card-{i}" for i in range(CARDS)]
    step = timedelta(minutes=(1_400_000 / max(log_entries, 1)) / 60)
    spread = [TODAY + timedelta(days=d) for d in range(-30, 61)]
    with open(folder / "log.jsonl", "wb", buffering=1 << 20) as log:
        for n in range(log_entries):
            key = keys[n % CARDS] if n < CARDS else rng.choice(keys)
            when = START + step * n
            grade = rng.choice((1, 3, 4, 4, 5, 5))
            kind, after = answer_state(states.get(key), grade, when.date())
            # Spread due dates around today so that some cards are due when measuring.
            after = after.with_changes(due=rng.choice(spread))
            after_dict = after.to_dict()
            event = {
                "e": "review",
                "id": n + 1,
                "time": when.isoformat(),
                "key": key,
                "grade": grade,
                "kind": kind,
                "response": "L4",
                "ms": 2300,
                "before": stored.get(key),
                "after": after_dict,
            }
            log.write(orjson.dumps(event) + b"\n")
            states[key] = after
            stored[key] = after_dict
    with Store.open(data_dir):
        pass  # replays the log once and writes the snapshot and the first backup


def built(size: int) -> Path:
    """A data folder with a profile of ``size`` prior reviews and its decks, built once under
    benchmarks/tmp-profiles/ (git ignores it) and reused: a million reviews take minutes to build."""
    import shutil

    folder = ROOT / "benchmarks" / "tmp-profiles" / f"reviews-{size}"
    if not (folder / "complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        build(folder, size)
        write_decks(folder / "decks")
        (folder / "complete").write_text("built\n")
    return folder


def peak_mib() -> float:
    """Peak resident memory of this process. ru_maxrss can carry over the parent's peak
    through fork+exec on Linux, so VmHWM (reset at exec) is preferred where it exists."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_decks(folder: Path, cards: int = CARDS, decks: int = 12) -> None:
    """The decks the built profile's states belong to: ``cards`` basic cards in ``decks`` files."""
    folder.mkdir(parents=True, exist_ok=True)
    for d in range(decks):
        lines = [f'[deck]\nid = "deck{d}"\ntitle = "Benchmark deck {d}"\n']
        for i in range(d, cards, decks):
            lines.append(f'[[cards]]\nid = "card-{i}"\ntype = "basic"\nfront = "Question {i}"\nback = "Answer {i}"\n')
        (folder / f"deck{d}.toml").write_text("\n".join(lines))
