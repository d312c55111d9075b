"""Benchmark start-up: `trainer` to the home screen painted, against a bare Textual app.

Run by hand: python benchmarks/bench_startup.py
Both run headless in a fresh process and exit right after their first screen is painted;
the whole process is timed (interpreter start and imports included), best and median of N.
The trainer's profile has 10,000 card states and 100,000 log entries. It is timed twice:
with the built-in decks only, and with the 10,000 cards those states belong to as 12 user
decks beside the built-in ones.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

BARE = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("one line")

    def on_mount(self):
        self.call_after_refresh(self.exit)

Bare().run(headless=True)
"""

TRAINER = """
import sys
from textual.app import App
from trainer.ui.app import TrainerApp
from trainer.ui.screens.home import HomeScreen

painted = HomeScreen.on_mount

def on_mount(self):
    painted(self)
    self.call_after_refresh(self.app.exit)

HomeScreen.on_mount = on_mount
TrainerApp.run = lambda self, **kw: App.run(self, headless=True)
from trainer.cli import main
sys.exit(main(["--data-dir", sys.argv[1]]))
"""


def write_decks(folder: Path, cards: int = 10_000, decks: int = 12) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for d in range(decks):
        lines = [f'[deck]\nid = "deck{d}"\ntitle = "Benchmark deck {d}"\n']
        for i in range(d, cards, decks):
            lines.append(f'[[cards]]\nid = "card-{i}"\ntype = "basic"\nfront = "Question {i}"\nback = "Answer {i}"\n')
        (folder / f"deck{d}.toml").write_text("\n".join(lines))


def timed(code: str, *args: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, cwd=ROOT)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from bench_store import build

    with tempfile.TemporaryDirectory(dir=ROOT / "benchmarks") as tmp:
        data_dir = Path(tmp)
        build(data_dir, 100_000)
        timed(TRAINER, str(data_dir), runs=1)  # warm the .pyc and page caches
        bare = timed(BARE, runs=args.runs)
        builtin_only = timed(TRAINER, str(data_dir), runs=args.runs)
        write_decks(data_dir / "decks")
        timed(TRAINER, str(data_dir), runs=1)
        with_decks = timed(TRAINER, str(data_dir), runs=args.runs)
    base = statistics.median(bare)
    print(f"{'':44} {'best ms':>8} {'median ms':>10} {'vs bare':>8}")
    for label, times in [
        ("bare Textual app, one line", bare),
        ("trainer to home, built-in decks", builtin_only),
        ("trainer to home, + 10,000 cards in 12 decks", with_decks),
    ]:
        print(
            f"{label:44} {min(times):>8.0f} {statistics.median(times):>10.0f} {statistics.median(times) / base:>7.2f}x"
        )
    print("target: trainer to home <= 2x the bare app")


if __name__ == "__main__":
    main()
