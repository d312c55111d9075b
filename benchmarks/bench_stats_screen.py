"""Benchmark the stats screen in the app: `t` pressed on home to the screen painted, 10,000 cards, 1,000,000 reviews.

Run: python benchmarks/bench_stats_screen.py [--reviews N] [--runs 5]
The profile is bench_stats.py's (built once under benchmarks/tmp-profiles/). The app runs
headless at 80x24 through the same service the CLI builds; each open is timed from the key
press until the screen has been laid out and painted. The first open after start-up reads
the statistics cache from disk; later opens extend the aggregate already in memory. Before
the first press the benchmark waits a second, as a student reads the home screen: home
prepares the card states in small steps meanwhile (the first session needs them too).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

import bench_stats  # noqa: E402


def library():
    from trainer.deck import Deck, DeckLibrary

    cards: dict[str, list] = {}
    for item in bench_stats.items():
        if not item.reverse:
            cards.setdefault(item.card.deck_id, []).append(item.card)
    decks = [
        Deck(deck_id, f"Benchmark {deck_id}", "", f"{deck_id}.toml", tuple(found)) for deck_id, found in cards.items()
    ]
    return DeckLibrary(decks)


painted: list[float] = []


def _note_first_paint() -> None:
    """Record when the stats screen has been painted once (after its first refresh)."""
    from trainer.ui.screens.stats import StatsScreen

    mounted = StatsScreen.on_mount

    def on_mount(self) -> None:
        mounted(self)
        self.call_after_refresh(lambda: painted.append(time.perf_counter()))

    StatsScreen.on_mount = on_mount


async def measure(data_dir: Path, runs: int) -> list[float]:
    from trainer.store import Store
    from trainer.store.stats_cache import StatsLog
    from trainer.study import StudyService
    from trainer.ui.app import TrainerApp
    from trainer.ui.screens.home import HomeScreen

    times: list[float] = []
    with Store.open(data_dir) as store:
        app = TrainerApp(service=StudyService(store, library(), stats_log=StatsLog.of_store(store)))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await asyncio.sleep(1.0)
            for _ in range(runs):
                painted.clear()
                started = time.perf_counter()
                await pilot.press("t")
                while not painted:
                    await pilot.pause()
                times.append((painted[0] - started) * 1000)
                await pilot.press("escape")
                while not isinstance(app.screen, HomeScreen):
                    await pilot.pause()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = ROOT / "benchmarks" / "tmp-profiles" / f"stats-{args.reviews}"
    if not (folder / "complete").exists():
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        bench_stats.build(folder, args.reviews)
        (folder / "complete").write_text("built\n")
    _note_first_paint()
    times = asyncio.run(measure(folder, args.runs))
    print(f"stats screen, first open after start-up  {times[0]:8.1f} ms")
    rest = times[1:] or times
    print(f"stats screen, later opens (median)       {statistics.median(rest):8.1f} ms   goal < 300 ms")


if __name__ == "__main__":
    main()
