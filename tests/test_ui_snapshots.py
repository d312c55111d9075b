"""SVG snapshots of the study screens at 80x24 (home, settings and help: test_ui_home_snapshots.py) (regenerate with `pytest --snapshot-update` and review them)."""

from __future__ import annotations

import pytest
from textual.widgets import Input
from ui_harness import Harness

SIZE = (80, 24)


@pytest.fixture
def harness(tmp_path):
    h = Harness(tmp_path / "data")
    yield h
    h.close()


async def _steady(pilot) -> None:
    # A blinking cursor would make the typed-card snapshots flaky.
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()


def test_card_front(harness, snap_compare):
    assert snap_compare(harness.app("mini.toml"), press=["enter"], terminal_size=SIZE, run_before=_steady)


def test_card_revealed(harness, snap_compare):
    assert snap_compare(harness.app("mini.toml"), press=["enter", "space"], terminal_size=SIZE, run_before=_steady)


def test_choice_card(harness, snap_compare):
    app = harness.app("mini.toml")
    assert snap_compare(app, press=["enter", "space", "5"], terminal_size=SIZE, run_before=_steady)


def test_choice_card_answered_wrong(harness, snap_compare):
    app = harness.app("mini.toml")
    assert snap_compare(app, press=["enter", "space", "5", "1"], terminal_size=SIZE, run_before=_steady)


def test_typed_card(harness, snap_compare):
    app = harness.app("mini.toml")
    presses = ["enter", "space", "5", "2", "enter", *"first sacrl"]
    assert snap_compare(app, press=presses, terminal_size=SIZE, run_before=_steady)


def test_typed_card_near_miss(harness, snap_compare):
    app = harness.app("mini.toml")
    presses = ["enter", "space", "5", "2", "enter", *"first sacrl", "enter"]
    assert snap_compare(app, press=presses, terminal_size=SIZE, run_before=_steady)


def test_multi_card(harness, snap_compare):
    app = harness.app("mini.toml")
    presses = ["enter", "space", "5", "2", "enter", *"s1", "enter", "enter", "1", "3"]
    assert snap_compare(app, press=presses, terminal_size=SIZE, run_before=_steady)


def test_summary(harness, snap_compare):
    app = harness.app("mini.toml")
    presses = ["enter", "space", "1", "2", "enter", *"s1", "enter", "enter", "escape"]
    assert snap_compare(app, press=presses, terminal_size=SIZE, run_before=_steady)


def test_help(harness, snap_compare):
    app = harness.app("mini.toml")
    assert snap_compare(app, press=["enter", "question_mark"], terminal_size=SIZE, run_before=_steady)


def test_hostile_card_revealed(harness, snap_compare):
    app = harness.app("hostile.toml")
    assert snap_compare(app, press=["enter", "space"], terminal_size=SIZE, run_before=_steady)
