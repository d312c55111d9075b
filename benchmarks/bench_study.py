"""Benchmark what a student waits on: grade a card durably, then show the next one, through the StudyService.

Run by hand: python benchmarks/bench_study.py [--sizes 100000,1000000] [--grades 300]
For each size, a profile of 10,000 card states with that many prior reviews and the
10,000-card decks they belong to is built once under benchmarks/tmp-profiles/ (a million
reviews take about 3 minutes; later runs reuse it) and copied; then in a fresh process: loads the decks (cached) and opens
the profile, starts a session on every deck through ``StudyService`` (the seam the UI uses),
and times each "grade (fsynced to the log) + the next card and its options" step.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from profile_data import built, peak_mib  # noqa: E402


def measure(data_dir: Path, grades: int) -> dict:
    """Runs in a fresh process, as the trainer does."""
    from trainer.cli import build_parser, load_library
    from trainer.store import Store
    from trainer.study import StudyService

    started = time.perf_counter()
    library = load_library(build_parser().parse_args(["--data-dir", str(data_dir)]))
    store = Store.open(data_dir)
    service = StudyService(store, library)
    study = service.start(None)
    start_ms = (time.perf_counter() - started) * 1000
    assert study is not None and study.current is not None
    steps = []
    for n in range(grades):
        item = study.current
        if item is None:
            break
        t0 = time.perf_counter()
        study.grade((4, 5, 3, 1)[n % 4], ms=1800)
        shown = study.current
        if shown is not None:
            study.options(shown)
        steps.append((time.perf_counter() - t0) * 1000)
    store.close()
    steps.sort()
    return {
        "start_ms": start_ms,
        "grades": len(steps),
        "median_ms": statistics.median(steps),
        "p99_ms": steps[max(0, int(len(steps) * 0.99) - 1)],
        "peak_mib": peak_mib(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100000,1000000", help="prior reviews per profile, comma-separated")
    parser.add_argument("--grades", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(Path(args.child), args.grades)))
        return
    print(f"{'prior reviews':>13} {'open+start ms':>14} {'grade+next median ms':>21} {'p99 ms':>8} {'peak MiB':>9}")
    for size in (int(s) for s in args.sizes.split(",")):
        source = built(size)  # built once, then copied: every run starts from the same profile
        with tempfile.TemporaryDirectory(dir=ROOT / "benchmarks") as tmp:
            data_dir = Path(tmp) / "data"
            shutil.copytree(source, data_dir)
            runs = []
            for _ in range(args.runs):  # a fresh process each time; report the median run
                out = subprocess.run(
                    [sys.executable, __file__, "--child", str(data_dir), "--grades", str(args.grades)],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                runs.append(json.loads(out))
            result = sorted(runs, key=lambda r: r["median_ms"])[len(runs) // 2]
            result["start_ms"] = statistics.median(r["start_ms"] for r in runs)
            print(
                f"{size:>13,} {result['start_ms']:>14.0f} {result['median_ms']:>21.2f} "
                f"{result['p99_ms']:>8.2f} {result['peak_mib']:>9.1f}"
            )


if __name__ == "__main__":
    main()
