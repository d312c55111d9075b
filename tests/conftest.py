"""Shared test setup: tests import helpers such as memory_store from this folder."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from ui_harness import Harness


@pytest.fixture
def harness(tmp_path):
    """The trainer app over a temp data folder and a hand-moved clock; its stores are closed after the test."""
    h = Harness(tmp_path / "data")
    yield h
    h.close()
