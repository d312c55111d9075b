"""Reading deck files: only regular files of sane size, never a hang; the parsed-deck cache checks content."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from trainer.store.deck_cache import DeckCache
from trainer.store.deck_files import MAX_DECK_BYTES, load_deck_file, load_decks

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def alarm():
    """Fail instead of hanging forever if a read blocks."""

    def timeout(*_):
        raise TimeoutError("reading the deck blocked")

    old = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def test_a_fifo_is_refused_without_blocking(tmp_path, alarm):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    deck, problems = load_deck_file(fifo)
    assert deck is None and "not a regular file" in problems[0].message
    library = load_decks([tmp_path])  # also when found in a folder
    assert [p.message for p in library.problems] == [problems[0].message]


def test_a_link_to_dev_zero_is_refused_without_reading_it(tmp_path, alarm):
    link = tmp_path / "zero.toml"
    link.symlink_to("/dev/zero")
    deck, problems = load_deck_file(link)
    assert deck is None and "not a regular file" in problems[0].message


def test_a_deck_over_the_size_limit_is_refused_with_a_clear_message(tmp_path):
    big = tmp_path / "big.toml"
    with open(big, "wb") as handle:
        handle.truncate(MAX_DECK_BYTES + 1)  # sparse: no real disk use
    deck, problems = load_deck_file(big)
    assert deck is None and "over 20 MB are refused" in problems[0].message


@pytest.mark.parametrize("command", [["study"], ["decks"]])
def test_the_cli_refuses_a_fifo_deck_in_one_line(tmp_path, command):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    env = {**os.environ, "TRAINER_HOME": str(tmp_path / "home")}
    args = [*command, str(fifo)] if command == ["study"] else ["--deck", str(fifo), *command]
    result = subprocess.run(
        [sys.executable, "-m", "trainer", *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=30
    )
    assert "not a regular file" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_the_cache_sees_a_copy_that_keeps_size_and_modification_time(tmp_path):
    deck_file = tmp_path / "mini.toml"
    text = (FIXTURES / "mini.toml").read_text()
    assert 'back = "L4"' in text
    deck_file.write_text(text)
    cache = DeckCache(tmp_path / "data")
    load_decks([deck_file], cache=cache)
    stat = deck_file.stat()
    deck_file.write_text(text.replace('back = "L4"', 'back = "L5"'))  # same size
    os.utime(deck_file, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same time, as `cp -p` keeps it
    assert deck_file.stat().st_size == stat.st_size
    decks = load_decks([deck_file], cache=cache).decks
    assert decks[0].cards[0].back == "L5"
