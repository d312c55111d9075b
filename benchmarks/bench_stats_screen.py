"""Benchmark the stats screen in the app: `t` pressed on home to the screen painted, 10,000 cards, 1,000,000 reviews.

Run: python benchmarks/bench_stats_screen.py [--reviews N] [--runs 5] [--wait SECONDS]
The profile is bench_stats.py's (built once under benchmarks/tmp-profiles/). The app runs
headless at 80x24 through the same service the CLI builds; each open is timed from the app receiving
the request (the `t` key read) until the screen has been laid out and painted. The first
open after start-up builds the screen; later opens fill the kept screen with new figures.
Before the first press the benchmark waits a second (--wait), as a student reads the home
screen: meanwhile home prepares, in small idle steps, the decks' cards, the card states, the
statistics' log summary and figures, and the stats screen's code and stylesheet (its widgets
are built on the first open). --wait 0 presses `t` as soon as home is painted, before any of
that is ready: the worst case.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
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


asked: list[float] = []
painted: list[float] = []


def _note_first_paint() -> None:
    """Record when the app is asked for the statistics (the key has been read) and when the
    stats screen has been painted (after the refresh that follows its showing)."""
    from trainer.ui.app import TrainerApp
    from trainer.ui.screens.stats import StatsScreen

    requested = TrainerApp.on_stats_requested

    def on_stats_requested(self, message) -> None:
        asked.append(time.perf_counter())
        requested(self, message)

    TrainerApp.on_stats_requested = on_stats_requested
    resumed = getattr(StatsScreen, "on_screen_resume", None)

    def on_screen_resume(self) -> None:  # each open, the first one included (the screen is kept)
        if resumed is not None:
            resumed(self)
        self.call_after_refresh(lambda: painted.append(time.perf_counter()))

    StatsScreen.on_screen_resume = on_screen_resume


async def measure(data_dir: Path, runs: int, wait: float) -> list[float]:
    from trainer.store import Store
    from trainer.store.stats_cache import StatsLog
    from trainer.study import StudyService
    from trainer.ui.app import TrainerApp
    from trainer.ui.screens.home import HomeScreen

    times: list[float] = []
    gc.disable()  # as `trainer` does while it starts (the app resumes collection once home is drawn)
    with Store.open(data_dir) as store:
        app = TrainerApp(service=StudyService(store, library(), stats_log=StatsLog.of_store(store)))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await asyncio.sleep(wait)
            for _ in range(runs):
                asked.clear()
                painted.clear()
                await pilot.press("t")
                while not painted:
                    await pilot.pause()
                times.append((painted[0] - asked[0]) * 1000)
                await pilot.press("escape")
                while not isinstance(app.screen, HomeScreen):
                    await pilot.pause()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--wait", type=float, default=1.0, help="seconds on home before the first press")
    args = parser.parse_args()
    folder = ROOT / "benchmarks" / "tmp-profiles" / f"stats-{args.reviews}"
    if not (folder / "complete").exists():
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        bench_stats.build(folder, args.reviews)
        (folder / "complete").write_text("built\n")
    _note_first_paint()
    times = asyncio.run(measure(folder, args.runs, args.wait))
    print(f"stats screen, first open, {args.wait:g} s after home  {times[0]:8.1f} ms")
    rest = times[1:] or times
    print(
        f"stats screen, later opens               {statistics.median(rest):8.1f} ms median, "
        f"{min(rest):.1f} best, {max(rest):.1f} worst   goal < 300 ms"
    )


if __name__ == "__main__":
    main()
