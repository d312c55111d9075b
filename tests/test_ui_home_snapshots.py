"""SVG snapshots of home, settings, help and the deck-problems list at 60x15, 80x24 and 120x40.

Regenerate with `pytest tests/test_ui_home_snapshots.py --snapshot-update` and read the changes.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

SIZES = [(60, 15), (80, 24), (120, 40)]
sizes = pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")


async def _steady(pilot) -> None:
    # A blinking cursor would make the snapshots flaky.
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()


def _with_broken_decks(harness, tmp_path, n: int):
    folder = tmp_path / "broken"
    folder.mkdir()
    for i in range(n):
        (folder / f"broken{i}.toml").write_text(f'[deck]\nid = "broken{i}"\n')
    app = harness.app("mini.toml", "hostile.toml", folder)
    # The temp path differs on every run; show each file by name only.
    library = app.service.library
    library.problems = [type(p)(p.path.rsplit("/", 1)[-1], p.line, p.message) for p in library.problems]
    return app


@sizes
def test_home(harness, snap_compare, size):
    assert snap_compare(harness.app("mini.toml", "hostile.toml"), terminal_size=size, run_before=_steady)


@sizes
def test_home_with_broken_decks(harness, snap_compare, tmp_path, size):
    app = _with_broken_decks(harness, tmp_path, 6)
    assert snap_compare(app, terminal_size=size, run_before=_steady)


@sizes
def test_deck_problems(harness, snap_compare, tmp_path, size):
    app = _with_broken_decks(harness, tmp_path, 6)
    assert snap_compare(app, press=["p"], terminal_size=size, run_before=_steady)


@sizes
def test_settings(harness, snap_compare, size):
    assert snap_compare(harness.app("mini.toml"), press=["s"], terminal_size=size, run_before=_steady)


@sizes
def test_settings_with_an_error(harness, snap_compare, size):
    app = harness.app("mini.toml")
    assert snap_compare(app, press=["s", "backspace", "backspace", "enter"], terminal_size=size, run_before=_steady)


@sizes
def test_help_on_home(harness, snap_compare, size):
    assert snap_compare(harness.app("mini.toml"), press=["question_mark"], terminal_size=size, run_before=_steady)
