"""The Explore screen: cursor, jumping to a root, clicking, switching views; snapshots at three sizes."""

from __future__ import annotations

import pytest
from textual.app import App

from trainer.map import load_map
from trainer.ui.messages import HomeRequested
from trainer.ui.screens.explore import ExploreScreen
from trainer.ui.widgets.body_map import BodyMap

MAP = load_map()


class ExploreApp(App[None]):
    """Just the Explore screen, as the app will push it."""

    def __init__(self, view: str = "front", root: str | None = None) -> None:
        super().__init__()
        self.view, self.root = view, root

    def on_mount(self) -> None:
        self.push_screen(ExploreScreen(self.view, self.root))

    def on_home_requested(self, message: HomeRequested) -> None:
        self.pop_screen()


def panel_text(app: App) -> str:
    return str(app.screen.query_one("#panel-text").render())


def cell_of(name: str) -> tuple[str, int, int]:
    lm = MAP.landmark(name)
    assert lm is not None
    return lm.view, lm.row, lm.col


async def test_arrow_keys_move_the_cursor_and_the_panel_follows():
    app = ExploreApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        start = screen.active_map.cursor
        await pilot.press("down", "down", "right")
        assert screen.active_map.cursor == (start[0] + 2, start[1] + 1)
        region = screen.active_map.region_under_cursor
        assert panel_text(app).startswith(f"{region} dermatome")
        assert screen.active_map.highlight == region


async def test_typing_a_root_jumps_to_its_key_point_and_highlights_the_region():
    app = ExploreApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await pilot.press("l", "5")
        assert screen.view == "front"
        _, row, col = cell_of("dorsum of the foot")
        assert screen.active_map.cursor == (row, col)
        assert screen.active_map.highlight == "L5"
        assert "Dorsum of the foot at the 3rd metatarsophalangeal joint" in panel_text(app)
        await pilot.press("s", "1")  # lower case works, and the view follows the key point
        assert screen.view == "back" and screen.active_map.highlight == "S1"
        await pilot.press("S", "4", "-", "5")
        assert screen.active_map.region_under_cursor == "S4-5"
        await pilot.press("t", "1", "2")  # T1 first, then T12
        assert screen.active_map.region_under_cursor == "T12"


async def test_the_variant_notice_shows_where_sources_disagree():
    app = ExploreApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s", "2")
        text = panel_text(app)
        assert "Sources disagree" in text and "Harrison" in text
        await pilot.press("l", "3")
        assert "kneecap" in panel_text(app)


async def test_clicking_a_region_moves_the_cursor_there():
    app = ExploreApp()
    async with app.run_test(size=(80, 24)) as pilot:
        body_map = app.screen.query_one("#map-front", BodyMap)
        _, row, col = cell_of("medial femoral condyle")
        await pilot.click(body_map, offset=(col, row - int(body_map.parent.scroll_y)))
        assert body_map.cursor == (row, col)
        assert body_map.highlight == "L3"
        assert "Here: medial femoral condyle" in panel_text(app)


async def test_v_switches_between_front_and_back_keeping_the_place():
    app = ExploreApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        cursor = screen.active_map.cursor
        assert screen.query_one("#map-back").display is False
        await pilot.press("v")
        assert screen.view == "back" and screen.active_map.cursor == cursor
        assert screen.query_one("#map-back").display is True
        assert screen.query_one("#map-front").display is False
        await pilot.press("v")
        assert screen.view == "front"


async def test_both_views_show_side_by_side_on_a_wide_terminal():
    app = ExploreApp()
    async with app.run_test(size=(120, 40)):
        assert app.screen.query_one("#map-front").display and app.screen.query_one("#map-back").display


async def test_escape_leaves_the_screen():
    app = ExploreApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        assert not isinstance(app.screen, ExploreScreen)


@pytest.mark.parametrize("size", [(60, 15), (80, 24), (120, 40)], ids=["60x15", "80x24", "120x40"])
def test_explore_snapshot(snap_compare, size):
    assert snap_compare(ExploreApp(), terminal_size=size)


@pytest.mark.parametrize("size", [(60, 15), (80, 24), (120, 40)], ids=["60x15", "80x24", "120x40"])
def test_explore_highlighted_root_snapshot(snap_compare, size):
    assert snap_compare(ExploreApp(root="L5"), terminal_size=size)


def test_explore_back_view_snapshot(snap_compare):
    assert snap_compare(ExploreApp(), press=["s", "2"], terminal_size=(80, 24))


def test_explore_no_color_snapshot(snap_compare, monkeypatch):
    """With NO_COLOR the labels, patterns and the '#' fill of the highlighted root carry the map."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = ExploreApp(root="S1")
    assert app.no_color
    assert snap_compare(app, terminal_size=(80, 24))


async def test_labels_can_be_hidden_and_a_cell_marked_for_map_cards():
    app = ExploreApp()
    async with app.run_test(size=(80, 24)) as pilot:
        body_map = app.screen.active_map
        plain_before = str(body_map.render())
        assert "L2" in plain_before
        body_map.labels = False
        body_map.mark = (5, 11)
        await pilot.pause()
        text = str(body_map.render())
        assert "L2" not in text and "T4" not in text
        assert text.splitlines()[5][11] == "@"


async def test_m_from_home_opens_the_map_and_escape_goes_home(tmp_path):
    from ui_harness import Harness

    from trainer.ui.screens.home import HomeScreen

    harness = Harness(tmp_path / "data")
    try:
        app = harness.app("mini.toml")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            await pilot.press("m")
            await pilot.pause()
            assert isinstance(app.screen, ExploreScreen)
            await pilot.press("l", "4")
            assert app.screen.active_map.highlight == "L4"
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
    finally:
        harness.close()
