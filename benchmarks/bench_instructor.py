"""Benchmark the instructor commands on a big spreadsheet. Run by hand: python benchmarks/bench_instructor.py [--cards N]

Times, in-process, best of 3: import of an N-row CSV, validate of the resulting deck (errors,
warnings and near-duplicate search), export-anki and export-csv of it.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from trainer.cli import main


def timed(args: list[str]) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            code = main(args)
        best = min(best, time.perf_counter() - start)
        assert code == 0, args
    return best


def run(cards: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_file = folder / "big.csv"
        roots = ["C5", "C6", "C7", "T4", "T10", "L1", "L4", "L5", "S1", "S2"]
        with open(csv_file, "w", encoding="utf-8") as out:
            out.write("front,back,tags,source\n")
            for n in range(cards):
                out.write(
                    f'"Which root supplies key point {n}, area {n % 97}?",{roots[n % 10]},region-{n % 12},"Ref {n % 5}"\n'
                )
        deck = folder / "big.toml"
        print(f"{cards} cards:")
        print(f"  import       {timed(['import', str(csv_file), '--deck-id', 'big', '-o', str(deck)]):6.2f} s")
        print(f"  validate     {timed(['validate', str(deck)]):6.2f} s")
        print(f"  export-anki  {timed(['export-anki', str(deck), str(folder / 'big.apkg')]):6.2f} s")
        print(f"  export-csv   {timed(['export-csv', str(deck), str(folder / 'out.csv')]):6.2f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=5000)
    run(parser.parse_args().cards)
