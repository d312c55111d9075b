"""Map cards in a real session: answered both ways, graded, undone and buried like every card; snapshots."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from ui_harness import key_for

from trainer.map import load_map
from trainer.ui.widgets.body_map import BodyMap

MAP = load_map()


def as_text(renderable) -> str:
    console = Console(width=80, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def card_id(app) -> str:
    return app.screen.card_widget.item.card.id


async def walk_to(pilot, body_map: BodyMap, row: int, col: int) -> None:
    """Arrow keys, one cell at a time, to (row, col)."""
    r, c = body_map.cursor
    keys = ["down" if row > r else "up"] * abs(row - r) + ["right" if col > c else "left"] * abs(col - c)
    await pilot.press(*keys)
    assert body_map.cursor == (row, col)


async def test_name_card_answered_by_choice_then_graded(harness):
    app = harness.app("map-cards.toml", study_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert card_id(app) == "name-choice"
        body_map = app.screen.query_one("#card-map", BodyMap)
        lm = MAP.landmark("medial malleolus")
        assert body_map.mark == (lm.row, lm.col) and not body_map.labels  # the labels would answer it
        await pilot.press(key_for(app, "L4"))
        assert app.screen.verdict.correct
        assert body_map.labels and body_map.highlight == "L4"
        await pilot.press("enter")  # accept the proposed grade
        await pilot.pause()
        assert card_id(app) == "locate-l5"


async def test_locate_card_right_inside_the_region_and_wrong_outside(harness):
    app = harness.app("map-cards.toml", study_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(key_for(app, "L3"), "enter")  # wrong, graded 1: comes back later
        await pilot.pause()
        assert card_id(app) == "locate-l5"
        body_map = app.screen.query_one("#card-map", BodyMap)
        assert body_map.highlight is None and not body_map.labels
        lm = MAP.landmark("dorsum of the foot")
        await walk_to(pilot, body_map, lm.row, lm.col)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.verdict.correct
        assert body_map.highlight == "L5" and body_map.mark == (lm.row, lm.col)
        detail = as_text(app.screen.card_widget.result(app.screen.verdict, app.screen.response))
        assert "You chose:" in detail and "in L5" in detail


async def test_locate_outside_the_region_is_wrong_and_shows_the_region(harness):
    app = harness.app("map-cards.toml", study_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(key_for(app, "L4"), "enter")
        await pilot.pause()
        body_map = app.screen.query_one("#card-map", BodyMap)
        lm = MAP.landmark("medial malleolus")  # L4, not L5
        await walk_to(pilot, body_map, lm.row, lm.col)
        await pilot.press("enter")
        await pilot.pause()
        assert not app.screen.verdict.correct and app.screen.verdict.proposed_grade == 1
        assert body_map.highlight == "L5" and body_map.mark == (lm.row, lm.col)


async def test_typed_name_card(harness):
    app = harness.app("map-cards.toml", study_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")  # bury the first two cards: the third takes a typed answer
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert card_id(app) == "name-typed"
        body_map = app.screen.query_one("#card-map", BodyMap)
        assert body_map.highlight == "S2" and body_map.mark is None
        await pilot.press("s", "2", "enter")
        await pilot.pause()
        assert app.screen.verdict.correct
        assert body_map.labels


async def test_undo_and_bury_work_on_map_cards(harness):
    app = harness.app("map-cards.toml", study_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(key_for(app, "L4"), "enter")
        await pilot.pause()
        assert card_id(app) == "locate-l5"
        await pilot.press("u")  # undo the grade: the first card again
        await pilot.pause()
        assert card_id(app) == "name-choice"
        await pilot.press("s")  # bury it
        await pilot.pause()
        assert card_id(app) == "locate-l5"
        await pilot.press("s")  # bury works while the map has the keys too
        await pilot.pause()
        assert card_id(app) == "name-typed"


@pytest.mark.parametrize("size", [(60, 15), (80, 24), (120, 40)], ids=["60x15", "80x24", "120x40"])
def test_map_card_snapshot(harness, snap_compare, size):
    assert snap_compare(harness.app("map-cards.toml", study_now=True), terminal_size=size)


@pytest.mark.parametrize("size", [(60, 15), (80, 24), (120, 40)], ids=["60x15", "80x24", "120x40"])
def test_map_card_answered_snapshot(harness, snap_compare, size):
    app = harness.app("map-cards.toml", study_now=True)
    assert snap_compare(app, terminal_size=size, run_before=_answer_l4)


async def _answer_l4(pilot):
    await pilot.pause()
    await pilot.press(key_for(pilot.app, "L4"))
    await pilot.pause()


async def _locate_answered(pilot):
    await pilot.pause()
    await pilot.press(key_for(pilot.app, "L4"), "enter")
    await pilot.pause()
    body_map = pilot.app.screen.query_one("#card-map", BodyMap)
    lm = MAP.landmark("lateral leg")
    await walk_to(pilot, body_map, lm.row, lm.col)
    await pilot.press("enter")
    await pilot.pause()


def test_locate_card_answered_snapshot(harness, snap_compare):
    assert snap_compare(
        harness.app("map-cards.toml", study_now=True), terminal_size=(80, 24), run_before=_locate_answered
    )
