"""Benchmark opening the statistics at 10,000 cards and 1,000,000 reviews. Run: python benchmarks/bench_stats.py

Writes a profile in bulk (a log of --reviews answers and a matching snapshot), then, in a
fresh process, measures: opening the store read-only, the first stats open (no cache: the
whole log is folded and cached), and a warm stats open after a few answers were appended
(cache + log tail + every statistic). The stats screen pays the last figure.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CARDS = 10_000
DECKS = 12
TODAY = date(2026, 11, 24)
START = datetime(2024, 1, 1, 9, 0)
ROOTS = ("L3", "L4", "L5", "S1", "S2")


def key_of(i: int) -> str:
    return f"deck{i % DECKS}:card-{i}"


def state(rng: random.Random, reviewed: date) -> dict:
    interval = rng.choice((1, 6, 15, 30, 80))
    return {
        "repetitions": rng.randint(0, 6),
        "interval": interval,
        "easiness": rng.choice((1.3, 1.7, 2.1, 2.5, 2.7)),
        "due": (TODAY + timedelta(days=rng.randint(-20, 60))).isoformat(),
        "first_seen": "2024-01-01",
        "last_reviewed": reviewed.isoformat(),
        "lapses": rng.choice((0, 0, 0, 1, 2, 9)),
        "suspended": rng.random() < 0.01,
        "buried_until": None,
        "last_answered": reviewed.isoformat(),
        "last_grade": 4,
    }


def build(data_dir: Path, reviews: int) -> None:
    """A log of ``reviews`` answers (with some undos) and a snapshot saying it is all applied."""
    rng = random.Random(7)
    folder = data_dir / "profiles" / "default"
    folder.mkdir(parents=True)
    span = (TODAY - START.date()).days * 86400
    pool = [state(rng, START.date() + timedelta(days=rng.randrange(900))) for _ in range(64)]  # realistic shapes, cheap
    states: dict[str, dict] = {}
    with open(folder / "log.jsonl", "wb") as log:
        write = log.write
        for n in range(reviews):
            key = key_of(n % CARDS if n < CARDS else rng.randrange(CARDS))
            when = (START + timedelta(seconds=n * span // reviews)).isoformat() + "+00:00"
            before = states.get(key)
            after = pool[n % 64]
            event = {"e": "review", "id": n + 1, "time": when, "key": key, "grade": (1, 3, 4, 4, 5, 5)[n % 6],
                     "kind": "drill" if n % 7 == 0 else "schedule", "response": ROOTS[n % 5], "ms": 2300,
                     "before": before, "after": after}  # fmt: skip
            write(orjson.dumps(event) + b"\n")
            if n % 997 == 0:
                write(orjson.dumps({"e": "void", "id": n + 1, "key": key, "time": when, "before": before}) + b"\n")
                if before is None:
                    states.pop(key, None)
                    continue
                after = before
            states[key] = after
        size = log.tell()
    meta = {"schema": 1, "log_offset": size, "next_id": reviews + 1, "reviews": reviews, "day_counts": {},
            "last_studied": None, "undo": [], "settings": {}}  # fmt: skip
    table = {str(i + 1): {"key": key, **doc} for i, (key, doc) in enumerate(states.items())}
    (folder / "progress.json").write_bytes(orjson.dumps({"meta": {"1": meta}, "states": table}))


def items():
    from trainer.deck import Card

    cards = []
    for i in range(CARDS):
        kind = ("choice", "typed", "basic")[i % 3]
        deck, cid = key_of(i).split(":")
        cards.append(
            Card(deck, cid, kind, f"front {i}", back="L4", answer=ROOTS[i % 5], choices=ROOTS, tags=(ROOTS[i % 5],))
        )
    return [item for card in cards for item in card.items()]


def append_answers(data_dir: Path, count: int, first_id: int) -> None:
    """``count`` answers after the log's last one (ids must keep rising, or the store refuses the log)."""
    log = data_dir / "profiles" / "default" / "log.jsonl"
    with open(log, "ab") as handle:
        for n in range(count):
            event = {"e": "review", "id": first_id + n, "time": f"{TODAY.isoformat()}T10:00:00+00:00",
                     "key": key_of(n), "grade": 4, "kind": "schedule", "response": "L4", "ms": 1,
                     "before": None, "after": state(random.Random(n), TODAY)}  # fmt: skip
            handle.write(orjson.dumps(event) + b"\n")


def measure(data_dir: Path) -> dict:
    from trainer.stats import compute
    from trainer.store import Store
    from trainer.store.stats_cache import store_aggregate

    deck_items = items()
    t0 = time.perf_counter()
    store = Store.open(data_dir, readonly=True)
    opened = time.perf_counter()
    agg = store_aggregate(store)
    compute(deck_items, store.states(), agg, TODAY)
    first = time.perf_counter()
    next_id = store._meta["next_id"]
    store.close()
    warm, cpu, warm_states, app_cpu = [], [], [], []
    for round_ in range(3):
        append_answers(data_dir, 20 + round_, next_id)
        next_id += 20 + round_
        store = Store.open(data_dir, readonly=True)
        t1, c1 = time.perf_counter(), time.process_time()
        stats = compute(deck_items, store.states(), store_aggregate(store), TODAY)
        warm.append((time.perf_counter() - t1) * 1000)
        cpu.append((time.process_time() - c1) * 1000)
        # In the app the store has already converted every state (home counted the decks).
        t2, c2 = time.perf_counter(), time.process_time()
        compute(deck_items, store.states(), store_aggregate(store), TODAY)
        warm_states.append((time.perf_counter() - t2) * 1000)
        app_cpu.append((time.process_time() - c2) * 1000)
        store.close()
    return {
        "store_open_ms": (opened - t0) * 1000,
        "first_ms": (first - opened) * 1000,
        "warm_ms": statistics.median(warm),
        "warm_cpu_ms": statistics.median(cpu),
        "app_ms": statistics.median(warm_states),
        "app_cpu_ms": statistics.median(app_cpu),
        "confusions": len(stats.confusions),
    }


def _build_and_say(folder: Path, reviews: int) -> None:
    started = time.perf_counter()
    build(folder, reviews)
    log_mib = (folder / "profiles" / "default" / "log.jsonl").stat().st_size / 2**20
    print(
        f"built {reviews:,} reviews on {CARDS:,} cards ({log_mib:.0f} MiB log) in {time.perf_counter() - started:.1f} s"
    )


def _run_child(folder: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(folder)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--keep", metavar="DIR", help="build the profile in DIR (or reuse the one there) and keep it")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(Path(args.child))))
        return
    if args.keep:
        folder = Path(args.keep)
        if not (folder / "profiles").exists():
            _build_and_say(folder, args.reviews)
        result = _run_child(folder)
    else:
        with tempfile.TemporaryDirectory(dir=ROOT / "benchmarks") as tmp:
            _build_and_say(Path(tmp), args.reviews)
            result = _run_child(Path(tmp))
    print(f"store open (read-only)            {result['store_open_ms']:8.1f} ms")
    print(f"first stats open (no cache)       {result['first_ms']:8.1f} ms   (once: later opens read the cache)")
    print(f"stats open (cache + tail + all)   {result['warm_ms']:8.1f} ms   (CPU {result['warm_cpu_ms']:.1f} ms)")
    print(
        f"same, states already converted    {result['app_ms']:8.1f} ms   (CPU {result['app_cpu_ms']:.1f} ms)"
        "   <- the stats screen in the app; goal < 300 ms"
    )


if __name__ == "__main__":
    main()
