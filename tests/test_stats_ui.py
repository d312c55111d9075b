"""Stats, browse and custom-study screens: snapshots at 80x24 and 120x40, pilot tests of search and suspend."""

from __future__ import annotations

import pytest
import test_stats as handmade
from textual.app import App
from textual.widgets import Input, TabbedContent
from ui_harness import Clock

from trainer.stats import compute, confusion_keys
from trainer.store import Store
from trainer.store.deck_files import load_decks
from trainer.store.stats_cache import store_aggregate
from trainer.ui.messages import StudyRequested
from trainer.ui.screens.browse import BrowseScreen
from trainer.ui.screens.custom import CustomStudyScreen
from trainer.ui.screens.stats import StatsScreen

TODAY = handmade.NOW.date()
SIZES = [(80, 24), (120, 40), (60, 15)]  # appended last: the snapshot names follow the order


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
        assert "suspended" in str(app.screen.query_one("#browse-table").get_cell("rt:c4", "state"))
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
        assert "2 cards match" in str(screen.query_one("#custom-count").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [i.key for i in app.requests[-1].items] == ["rt:c2", "rt:c3"] and app.requests[-1].cram


async def test_the_confusions_checkbox_shows_its_state_without_colour(profile):
    app = custom_host(profile)
    async with app.run_test(size=(80, 24)) as pilot:
        box = app.screen.query_one("#custom-confusions")
        assert "▐ ▌" in str(box.render())
        await pilot.click("#custom-confusions")
        await pilot.pause()
        assert box.value and "▐X▌" in str(box.render())


# --- wired into the trainer: home keys, custom (cram) sessions, exam pacing ---------------


def trainer_app(profile, *, clock=None, **kwargs):
    from trainer.store.stats_cache import StatsLog
    from trainer.study import StudyService
    from trainer.ui.app import TrainerApp

    store, library, _ = profile
    service = StudyService(store, library, clock=clock or Clock(handmade.NOW), stats_log=StatsLog.of_store(store))
    return TrainerApp(service=service, **kwargs)


async def test_home_opens_stats_browse_custom_study_and_exam_date(profile):
    from trainer.ui.screens.exam import ExamDateScreen
    from trainer.ui.screens.home import HomeScreen

    app = trainer_app(profile)
    async with app.run_test(size=(80, 24)) as pilot:
        for key, screen in (("t", StatsScreen), ("b", BrowseScreen), ("c", CustomStudyScreen), ("x", ExamDateScreen)):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, screen), key
            await pilot.press("escape")
            await pilot.pause()
            if isinstance(app.screen, BrowseScreen):  # Esc first leaves the search box when it has text
                await pilot.press("escape")
            assert isinstance(app.screen, HomeScreen), key


async def test_a_cram_session_from_the_picker_leaves_every_state_unchanged(profile):
    from trainer.ui.screens.review import ReviewScreen

    store, _, _ = profile
    before = dict(store.states().items())
    app = trainer_app(profile)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        app.screen.query_one("#custom-tag").value = "L5"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.study.cram
        study = app.screen.study
        asked = []
        while study.current is not None and len(asked) < 10:  # graded through the session's service
            asked.append(study.current.key)
            study.grade(1 if len(asked) == 1 else 5)
        assert {"rt:c2", "rt:c3", "rt:c4"} <= set(asked)
    assert dict(store.states().items()) == before  # no SM-2 state, due date or lapse changed
    assert store.history(asked[0])[-1].kind == "drill"


async def test_trainer_study_tag_cram_starts_a_custom_session(profile):
    from trainer.planning import Selection
    from trainer.ui.screens.review import ReviewScreen

    app = trainer_app(profile, study_now=True)
    chosen = app.service.select(Selection(tags=("L4",)))
    app.study_items, app.cram = chosen, True
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.study.cram
        assert {i.key for i in app.screen.study.session.queue} == {"rt:c1", "rt:c5"}


def test_study_command_rejects_a_bad_selector(tmp_path, capsys):
    from trainer import cli

    assert cli.main(["study", "--state", "sleepy", "--data-dir", str(tmp_path)]) == 2
    assert "unknown card state 'sleepy'" in capsys.readouterr().err
    assert cli.main(["study", "--tag", "no-such-tag", "--cram", "--data-dir", str(tmp_path)]) == 1
    assert "no card matches: tag no-such-tag" in capsys.readouterr().err


def test_exam_pacing_through_the_service_over_simulated_days(tmp_path):
    """Every day: start the day's session and answer everything right; by the exam every card
    was seen and reviewed in the final days, and the new-card limit was raised with a reason."""
    from datetime import datetime, timedelta

    from trainer.planning import FINAL_PASS_DAYS, with_exam_date
    from trainer.study import StudyService

    deck = tmp_path / "big.toml"
    cards = "".join(
        f'\n[[cards]]\nid = "c{i}"\ntype = "basic"\nfront = "front {i}"\nback = "back {i}"\n' for i in range(40)
    )
    deck.write_text('[deck]\nid = "big"\ntitle = "Big"\n' + cards)
    library = load_decks([deck], builtin_paths=[])
    clock = Clock(datetime(2026, 5, 1, 10, 0).astimezone())
    start = clock.now.date()
    exam = start + timedelta(days=12)
    with Store.open(tmp_path / "data") as store:
        service = StudyService(store, library, clock=clock)
        service.save_settings(with_exam_date({"new_per_day": 2}, exam))
        first = service.pacing()
        assert first.new_limits == {"big": 5} and "your limit is 2" in first.notes[0]
        for _day in range(12):
            offered = service.offers()["big"]  # what home and `trainer decks` say today holds
            study = service.start()
            assert offered.total == (study.session.left if study is not None else 0)
            while study is not None and study.current is not None:
                study.grade(4)
            clock.now += timedelta(days=1)
        final_start = exam - timedelta(days=FINAL_PASS_DAYS)
        states = store.states()
        assert all(states[f"big:c{i}"].last_reviewed >= final_start for i in range(40))
        assert service.pacing().plans["big"].share_ready == 1.0


async def test_exam_date_from_home_shows_days_left_and_share_ready(profile):
    store, _, _ = profile
    app = trainer_app(profile)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await pilot.pause()
        await pilot.press(*"2026-03-01", "enter")  # in the past: refused, dialog stays
        await pilot.pause()
        assert "after today" in str(app.screen.query_one("#exam-error").render())
        box = app.screen.query_one("#exam-date")
        box.value = ""
        await pilot.press(*"2026-04-09", "enter")
        await pilot.pause()
        assert store.settings()["exam_dates"] == {"*": "2026-04-09"}
        status = str(app.screen.query_one("#home-status").render())
        assert "Exam in 20 days" in status and "% ready" in status


async def test_a_long_history_is_read_behind_a_progress_bar_and_esc_stops_it(profile, monkeypatch):
    import threading

    import trainer.study as study
    from trainer.ui.screens.counting import CountingScreen
    from trainer.ui.screens.home import HomeScreen

    monkeypatch.setattr(study, "SLOW_STATS_BYTES", -1)  # every read counts as long
    release = threading.Event()
    real = study.StudyService.prepare_stats

    def slow(self, progress=None):
        while not release.wait(0.01):
            progress(0.4)  # raises once Esc has cancelled the worker
        real(self, progress)

    monkeypatch.setattr(study.StudyService, "prepare_stats", slow)
    app = trainer_app(profile)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CountingScreen)
        assert app.screen.query_one("#counting-bar").progress == 40
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("t")  # again, and this time the reading finishes: the statistics follow
        await pilot.pause(0.1)
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        assert isinstance(app.screen, StatsScreen)


async def test_a_log_that_cannot_be_read_for_the_statistics_is_one_notice(profile, monkeypatch):
    import trainer.study as study
    from trainer.ui.screens.home import HomeScreen

    monkeypatch.setattr(study, "SLOW_STATS_BYTES", -1)

    def broken(self, progress=None):
        raise ValueError("review log x is damaged at line 3\x1b[2J")

    monkeypatch.setattr(study.StudyService, "prepare_stats", broken)
    app = trainer_app(profile)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        assert isinstance(app.screen, HomeScreen)
        (note,) = app._notifications
        assert "damaged at line 3" in note.message and "\x1b" not in note.message


async def test_the_kept_stats_screen_shows_new_figures_on_every_open(profile):
    from trainer.stats import STATE_NAMES

    store, _, items = profile
    app = trainer_app(profile)
    suspended = STATE_NAMES.index("suspended") + 1  # the table's first column is the deck
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        first = app.screen
        before = first.query_one("#stats-states").get_row("*total*")[suspended]
        await pilot.press("3")  # a tab other than the first is built...
        await pilot.pause()
        assert first.query("#activity-text")
        await pilot.press("escape")
        await pilot.pause()
        key = next(i.key for i in items if store.state(i.key) is not None and not store.state(i.key).suspended)
        app.service.set_state(key, store.state(key).with_changes(suspended=True))
        await pilot.press("t")
        await pilot.pause()
        assert app.screen is first  # the same screen, kept
        assert app.screen.query_one(TabbedContent).active == "tab-cards"
        after = app.screen.query_one("#stats-states").get_row("*total*")[suspended]
        assert after == before + 1
        await pilot.press("3")  # ...and built again from the new figures when shown
        await pilot.pause()
        assert app.screen.query("#activity-text")


async def test_the_stats_screen_is_prepared_on_home_and_opens_with_todays_figures(profile):
    """While the student reads home, the figures are worked out and the stats screen prepared;
    `t` then shows that screen with the figures of the moment: a change made since is counted."""
    from trainer.stats import STATE_NAMES

    store, _, items = profile
    app = trainer_app(profile)
    suspended = STATE_NAMES.index("suspended") + 1
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):  # home prepares in idle steps 20 ms apart
            prepared = app._stats_screen
            if prepared is not None:
                break
            await pilot.pause(0.05)
        assert prepared is not None, "not prepared on home"
        key = next(i.key for i in items if store.state(i.key) is not None and not store.state(i.key).suspended)
        app.service.set_state(key, store.state(key).with_changes(suspended=True))
        await pilot.press("t")
        await pilot.pause()
        assert app.screen is prepared
        shown = app.screen.query_one("#stats-states").get_row("*total*")[suspended]
        expected = sum(1 for i in items if (state := store.state(i.key)) is not None and state.suspended)
        assert shown == expected


async def test_home_says_when_exam_pacing_raises_the_new_card_limit(profile):
    from datetime import timedelta

    from trainer.planning import with_exam_date

    store, _, _ = profile
    store.save_settings(with_exam_date({**store.settings(), "new_per_day": 1}, TODAY + timedelta(days=2)))
    app = trainer_app(profile)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        notice = str(app.screen.query_one("#exam-notice").render())
        assert "more new cards today than your limit of 1 in Roots test" in notice
        # Three cards were unseen this morning and two were seen today: the limit of 1 alone would
        # offer none now, pacing offers the third. The final pass brings c9 forward as well.
        assert app.service.pacing().plans["rt"].pull_today == ("rt:c9",)
        assert app.screen.query_one("#decks").get_row("rt")[1:3] == ["1", "3"]
        store.save_settings(with_exam_date(store.settings(), None))
        app.screen.refresh_counts()
        await pilot.pause()
        assert not app.screen.query_one("#exam-notice").display
        assert app.screen.query_one("#decks").get_row("rt")[1:3] == ["0", "2"]  # without the exam
