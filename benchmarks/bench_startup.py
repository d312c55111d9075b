"""Benchmark start-up in a real terminal: `trainer` to the home screen painted, against a bare Textual app.

Run by hand: python benchmarks/bench_startup.py [--runs 5]
Each program runs in a fresh process on a pseudo-terminal of 80x24 (Textual's real terminal
driver, escape sequences and all, not headless) and exits right after its first screen is
painted; the whole process is timed, interpreter start and imports included. The trainer's
profile has 10,000 card states and 100,000 prior reviews. It is timed with the built-in decks
only, and with the 10,000 cards those states belong to as 12 user decks beside them.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
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

Bare().run()
"""

TRAINER = """
import sys
from trainer.ui.screens.home import HomeScreen

painted = HomeScreen.on_screen_resume

def on_screen_resume(self):
    painted(self)  # the counts are drawn: exit once they are on the terminal
    self.call_after_refresh(self.app.exit)

HomeScreen.on_screen_resume = on_screen_resume
from trainer.cli import main
sys.exit(main(["--data-dir", sys.argv[1]]))
"""


def run_in_terminal(code: str, *args: str, size: tuple[int, int] = (80, 24)) -> tuple[float, float]:
    """Milliseconds from spawning ``python -c code`` on a new pseudo-terminal to its exit, and
    the CPU milliseconds it used (user + system): steadier than wall time on a shared machine."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(size[0]), "LINES": str(size[1])}
    # An installed trainer has its bytecode (pip compiles it, like Textual's); a shell that sets
    # PYTHONDONTWRITEBYTECODE would have the trainer recompile ~60 modules on every start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)

    def drain() -> None:  # a terminal that nobody reads would block the program's writes
        try:
            while os.read(master, 65536):
                pass
        except OSError:
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdin=slave, stdout=slave, stderr=slave, cwd=ROOT, env=env
    )
    watchdog = threading.Timer(60, process.kill)  # a program that never paints must not hang the run
    watchdog.start()
    _, status, usage = os.wait4(process.pid, 0)  # like wait(), plus the child's CPU time
    elapsed = (time.perf_counter() - start) * 1000
    watchdog.cancel()
    process.returncode = code_ = os.waitstatus_to_exitcode(status)
    os.close(slave)
    os.close(master)
    if code_ != 0:
        raise SystemExit(f"benchmark program failed with exit code {code_}")
    return elapsed, (usage.ru_utime + usage.ru_stime) * 1000


def timed(code: str, *args: str, runs: int) -> list[tuple[float, float]]:
    return [run_in_terminal(code, *args) for _ in range(runs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from profile_data import built

    source = built(100_000)  # built once under benchmarks/tmp-profiles/, then copied
    with tempfile.TemporaryDirectory(dir=ROOT / "benchmarks") as tmp:
        data_dir = Path(tmp)
        shutil.copytree(source / "profiles", data_dir / "profiles")
        timed(TRAINER, str(data_dir), runs=1)  # warm the .pyc and page caches
        timed(BARE, runs=1)
        # Interleaved, so that a busy moment on a shared machine hits all three alike.
        bare: list[tuple[float, float]] = []
        builtin_only: list[tuple[float, float]] = []
        for _ in range(args.runs):
            bare += timed(BARE, runs=1)
            builtin_only += timed(TRAINER, str(data_dir), runs=1)
        shutil.copytree(source / "decks", data_dir / "decks")
        timed(TRAINER, str(data_dir), runs=1)  # fills the deck cache
        with_decks: list[tuple[float, float]] = []
        for _ in range(args.runs):
            bare += timed(BARE, runs=1)
            with_decks += timed(TRAINER, str(data_dir), runs=1)
    base = statistics.median(wall for wall, _ in bare)
    base_cpu = statistics.median(cpu for _, cpu in bare)
    print(f"{'':44} {'best ms':>8} {'median ms':>10} {'vs bare':>8} {'CPU ms':>7} {'vs bare':>8}")
    for label, runs in [
        ("bare Textual app, one line", bare),
        ("trainer to home, built-in decks", builtin_only),
        ("trainer to home, + 10,000 cards in 12 decks", with_decks),
    ]:
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        print(
            f"{label:44} {min(w for w, _ in runs):>8.0f} {wall:>10.0f} {wall / base:>7.2f}x"
            f" {cpu:>7.0f} {cpu / base_cpu:>7.2f}x"
        )
    print(
        f"target: trainer to home <= 1.5x the bare app (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
    )


if __name__ == "__main__":
    main()
