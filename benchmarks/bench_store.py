"""Benchmark the progress store at years of history. Run by hand: python benchmarks/bench_store.py

Builds profiles with 10,000 card states and 100,000 (then 1,000,000) log entries, then, in
a fresh process for each, measures: the time to open the profile, the median and 99th
percentile of "record one answer durably + pick the next due card", and peak memory.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trainer.records import Review  # noqa: E402
from trainer.session import answer_state  # noqa: E402

CARDS = 10_000
TODAY = date(2026, 11, 24)
START = datetime(2023, 1, 1, 9, 0, tzinfo=UTC)


def build(data_dir: Path, log_entries: int) -> None:
    """Write a realistic log in bulk (no fsync per line), then let the store snapshot it once."""
    from trainer.store import Store

    rng = random.Random(7)
    folder = data_dir / "profiles" / "default"
    folder.mkdir(parents=True)
    states: dict = {}
    keys = [f"deck{i % 12}:card-{i}" for i in range(CARDS)]
    with open(folder / "log.jsonl", "wb") as log:
        for n in range(log_entries):
            key = keys[n % CARDS] if n < CARDS else rng.choice(keys)
            when = START + timedelta(minutes=n * (1_400_000 / max(log_entries, 1)) / 60)
            before = states.get(key)
            grade = rng.choice((1, 3, 4, 4, 5, 5))
            kind, after = answer_state(before, grade, when.date())
            # Spread due dates around today so that some cards are due when measuring.
            after = after.with_changes(due=TODAY + timedelta(days=rng.randint(-30, 60)))
            review = Review(
                time=when, key=key, grade=grade, kind=kind, response="L4", ms=2300, before=before, after=after
            )
            log.write(orjson.dumps({"e": "review", "id": n + 1, **review.to_dict()}) + b"\n")
            states[key] = after
    with Store.open(data_dir):
        pass  # replays the log once and writes the snapshot and the first backup


def measure(data_dir: Path, iterations: int) -> dict:
    """Runs in a fresh process: open, then record + due, then peak memory."""
    from trainer.store import Store

    started = time.perf_counter()
    store = Store.open(data_dir)
    open_ms = (time.perf_counter() - started) * 1000
    rng = random.Random(11)
    steps = []
    now = datetime.combine(TODAY, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)
    nxt = store.due(TODAY, 1)
    for i in range(iterations):
        key = nxt[0][0] if nxt else f"deck0:card-{rng.randrange(CARDS)}"
        before = store.state(key)
        kind, after = answer_state(before, rng.choice((1, 4, 5)), TODAY)
        review = Review(time=now, key=key, grade=4, kind=kind, response=None, ms=1800, before=before, after=after)
        t0 = time.perf_counter()
        store.record(review)
        nxt = store.due(TODAY, 1)
        steps.append((time.perf_counter() - t0) * 1000)
    store.close()
    steps.sort()
    return {
        "open_ms": open_ms,
        "median_ms": statistics.median(steps),
        "p99_ms": steps[int(len(steps) * 0.99) - 1],
        "peak_mib": peak_mib(),
    }


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100000,1000000", help="log entries per profile, comma-separated")
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(Path(args.child), args.iterations)))
        return
    print(f"{'log entries':>12} {'open ms':>9} {'record+due median ms':>21} {'p99 ms':>8} {'peak MiB':>9}")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(dir=ROOT / "benchmarks") as tmp:
            data_dir = Path(tmp)
            build(data_dir, size)
            runs = []
            for _ in range(3):  # fresh process each time; report the median run
                out = subprocess.run(
                    [sys.executable, __file__, "--child", str(data_dir), "--iterations", str(args.iterations)],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                runs.append(json.loads(out))
            result = sorted(runs, key=lambda r: r["median_ms"])[1]
            result["open_ms"] = statistics.median(r["open_ms"] for r in runs)
            print(
                f"{size:>12,} {result['open_ms']:>9.1f} {result['median_ms']:>21.3f} "
                f"{result['p99_ms']:>8.3f} {result['peak_mib']:>9.1f}"
            )


if __name__ == "__main__":
    main()
