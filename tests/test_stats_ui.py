"""Stats, browse and custom-study screens: snapshots at 80x24 and 120x40, pilot tests of search and suspend."""

from __future__ import annotations

import pytest
import test_stats as handmade
from textual.app import App
from textual.widgets import Input

from trainer.stats import compute, confusion_keys
from trainer.store import Store
from trainer.store.deck_files import load_decks
from trainer.store.stats_cache import store_aggregate
from trainer.ui.messages import StudyRequested
from trainer.ui.screens.browse import BrowseScreen
from trainer.ui.screens.custom import CustomStudyScreen
from trainer.ui.screens.stats import StatsScreen

TODAY = handmade.NOW.date()
SIZES = [(80, 24), (120, 40)]


class Host(App):
    """Shows one screen and records the study requests it posts."""

    def __init__(self, make_screen) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.requests: list[StudyRequested] = []

    def on_mount(self) -> None:
        self.push_screen(self.make_screen())

    def on_study_requested(self, message: StudyRequested) -> None:
        self.requests.append(message)


@pytest.fixture
def profile(tmp_path):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "rt.toml").write_text(handmade.DECK)
    handmade.write_log(tmp_path / "profiles" / "default", handmade.make_log())
    library = load_decks([tmp_path / "decks"], builtin_paths=[])
    items = [item for deck in library.decks for item in deck.items()]
    store = Store.open(tmp_path)
    yield store, library, items
    store.close()


def stats_host(profile) -> Host:
    store, library, items = profile
    stats = compute(items, store.states(), store_aggregate(store), TODAY)
    by_key = {item.key: item for item in items}
    titles = {deck.id: deck.title for deck in library.decks}
    return Host(lambda: StatsScreen(stats, by_key, titles))


def browse_host(profile) -> Host:
    store, library, items = profile
    return Host(lambda: BrowseScreen(items, store, TODAY, {deck.id: deck.title for deck in library.decks}))


def custom_host(profile) -> Host:
    store, library, items = profile
    stats = compute(items, store.states(), store_aggregate(store), TODAY)
    keys = confusion_keys(stats.confusions)
    return Host(lambda: CustomStudyScreen(items, store.states(), TODAY, {d.id: d.title for d in library.decks}, keys))


async def steady(pilot) -> None:
    # A blinking cursor would make the snapshots flaky.
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("tab", ["1", "2", "3", "5"])
def test_stats_snapshots(profile, snap_compare, size, tab):
    assert snap_compare(stats_host(profile), press=[tab], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_browse_snapshot(profile, snap_compare, size):
    assert snap_compare(browse_host(profile), terminal_size=size, run_before=steady)


@pytest.mark.parametrize("size", SIZES)
def test_custom_snapshot(profile, snap_compare, size):
    assert snap_compare(custom_host(profile), terminal_size=size, run_before=steady)


async def test_browse_search_narrows_the_table(profile):
    app = browse_host(profile)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.screen.query_one("#browse-table")
        assert table.row_count == 9
        await pilot.press(*"great toe")
        await pilot.pause()
        assert table.row_count == 1
        await pilot.press(*"xyz")
        await pilot.pause()
        assert table.row_count == 0
        await pilot.press("escape")  # clears the search
        await pilot.pause()
        assert table.row_count == 9


async def test_suspend_from_browse_is_saved_and_undone(profile):
    store, _, _ = profile
    app = browse_host(profile)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"dorsum", "enter")  # search, then to the table
        await pilot.press("s")
        await pilot.pause()
        assert store.states()["rt:c4"].suspended
        assert "suspended" in str(app.screen.query_one("#browse-table").get_row_at(0)[2])
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert not store.states()["rt:c4"].suspended


async def test_reset_asks_first_and_is_undoable(profile):
    store, _, _ = profile
    before = store.states()["rt:c4"]
    app = browse_host(profile)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"dorsum", "enter", "r")
        await pilot.pause()
        await pilot.press("n")  # no: nothing changes
        await pilot.pause()
        assert store.states()["rt:c4"] == before
        await pilot.press("r", "y")
        await pilot.pause()
        assert store.states().get("rt:c4") is None
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert store.states()["rt:c4"] == before


async def test_browse_card_detail_shows_history_and_studies_now(profile):
    app = browse_host(profile)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"malleolus?", "enter", "enter")
        await pilot.pause()
        history = app.screen.query_one("#detail-history")
        assert history.row_count == 3  # two answers on 03-17 and one on 03-19
        await pilot.press("n")
        await pilot.pause()
        assert app.requests and [i.key for i in app.requests[-1].items] == ["rt:c1"] and app.requests[-1].cram


async def test_stats_drill_my_confusions(profile):
    app = stats_host(profile)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert {i.key for i in app.requests[-1].items} == {"rt:c1", "rt:c2", "rt:c3"}
        assert app.requests[-1].cram


async def test_custom_study_counts_and_starts(profile):
    app = custom_host(profile)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        screen.query_one("#custom-tag").value = "L5"
        await pilot.pause()
        assert len(screen.chosen_items()) == 3
        screen.query_one("#custom-state").value = "learning"
        await pilot.pause()
        assert [i.key for i in screen.chosen_items()] == ["rt:c2", "rt:c3"]
        assert "2 card(s) match" in str(screen.query_one("#custom-count").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [i.key for i in app.requests[-1].items] == ["rt:c2", "rt:c3"] and app.requests[-1].cram
