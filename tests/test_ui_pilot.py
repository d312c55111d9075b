"""Pilot tests: a student pressing real keys through the trainer, headless."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable, Input, Static
from ui_harness import Harness

from trainer.store import StoreUnwritable
from trainer.ui.screens.help import HelpScreen
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.review import ReviewScreen
from trainer.ui.screens.settings import SettingsScreen
from trainer.ui.screens.summary import SummaryScreen

SIZE = (80, 24)
TODAY = date(2026, 11, 24)


@pytest.fixture
def harness(tmp_path):
    h = Harness(tmp_path / "data")
    yield h
    h.close()


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def current_key(app) -> str | None:
    item = app.screen.study.current
    return item.key if item else None


async def test_a_whole_session_by_keyboard_then_progress_is_kept(harness):
    app = harness.app("mini.toml")
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")  # study the highlighted deck
        assert isinstance(app.screen, ReviewScreen)
        assert current_key(app) == "mini:l4-malleolus"
        assert text_of(app, "#prompt") == "Which root supplies the skin over the medial malleolus?"
        assert not app.screen.query_one("#answer").display

        await pilot.press("space")
        assert text_of(app, "#answer") == "Answer: L4"
        assert text_of(app, "#source") == "Source: ISNCSCI Key Sensory Points (ASIA/ISCoS, 2008)"
        assert text_of(app, "#note") == "Note: Borders overlap with L3 and L5."
        await pilot.press("1")  # forgot it: it must come back this session

        assert current_key(app) == "mini:l5-dorsum"
        await pilot.press("2")  # choice L5: right
        assert text_of(app, "#result").startswith("✔ Right")
        await pilot.press("enter")  # accept the proposed 4

        assert current_key(app) == "mini:s1-heel"
        await pilot.press("s", "1", "enter")  # typed answer
        assert text_of(app, "#result").startswith("✔ Right")
        await pilot.press("5")  # change the proposed 4 to 5

        assert current_key(app) == "mini:ces-flags"
        await pilot.press("1", "2", "4", "enter")
        assert text_of(app, "#result").startswith("✔ Right")
        await pilot.press("enter")

        assert current_key(app) == "mini:l4-malleolus"  # the failed card is back
        assert "AGAIN" in text_of(app, "#badges")
        await pilot.press("space", "4")

        assert current_key(app) == "mini:s2-popliteal"
        await pilot.press("space", "5")

        assert isinstance(app.screen, SummaryScreen)
        body = text_of(app, "#summary-body")
        assert "Cards reviewed      5 (6 answers" in body
        assert "80% (4 of 5 right the first time)" in body
        assert "Which root supplies the skin over the medial malleolus?" in body  # still shaky
        await pilot.press("q")
    assert app.return_code == 0

    store = harness.reopen()
    history = store.history("mini:l4-malleolus")
    assert [(r.grade, r.kind) for r in history] == [(1, "schedule"), (4, "drill")]
    assert store.history("mini:s1-heel")[0].response == "s1"
    assert store.counts(TODAY).reviews == 6


async def test_undo_restores_the_card_and_the_log(harness):
    app = harness.app("mini.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "space", "3")
        assert current_key(app) == "mini:l5-dorsum"
        await pilot.press("u")
        assert current_key(app) == "mini:l4-malleolus"
        assert app.screen.phase == "question"
        assert app.service.store.history("mini:l4-malleolus") == []
        assert app.service.store.state("mini:l4-malleolus") is None
        await pilot.press("space", "5")
        assert [r.grade for r in app.service.store.history("mini:l4-malleolus")] == [5]


async def test_undo_from_the_summary_goes_back_to_the_card(harness):
    app = harness.app("mini.toml", study_now=True, study_decks=["mini"])
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("space", "5", "escape")  # grade one, then end the session
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("u")  # that 5 was a slip
        assert isinstance(app.screen, ReviewScreen)
        assert current_key(app) == "mini:l4-malleolus"
        assert app.service.store.history("mini:l4-malleolus") == []
        await pilot.press("escape", "enter")
        assert isinstance(app.screen, HomeScreen)


async def test_quit_mid_session_keeps_every_recorded_grade(harness):
    app = harness.app("mini.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "space", "4", "3", "enter")
        await pilot.press("ctrl+c")
    assert app.return_code == 0
    store = harness.reopen()
    assert store.counts(TODAY).reviews == 2


async def test_bury_and_suspend_are_saved(harness):
    app = harness.app("mini.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "s")
        assert current_key(app) == "mini:l5-dorsum"
        await pilot.press("exclamation_mark")
        assert current_key(app) == "mini:s1-heel"
    store = harness.reopen()
    assert store.state("mini:l4-malleolus").buried_until == date(2026, 11, 25)
    assert store.state("mini:l5-dorsum").suspended


async def test_typed_near_miss_is_shown_as_such(harness):
    app = harness.app("mini.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "space", "5", "1", "enter")  # to the typed card
        await pilot.press(*"frist sacral", "enter")
        assert text_of(app, "#result").startswith("≈ Almost: one typo away")
        assert "You typed: frist sacral" in text_of(app, "#result")
        assert "▶3" in str(app.screen.query_one("#grade-3").label)


async def test_keys_typed_into_an_answer_do_not_trigger_shortcuts(harness):
    app = harness.app("mini.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "space", "5", "1", "enter")
        await pilot.press(*"qus!5")
        assert isinstance(app.screen, ReviewScreen) and current_key(app) == "mini:s1-heel"
        assert app.screen.query_one("#typed", Input).value == "qus!5"


async def test_a_failed_save_keeps_the_card_and_says_so(harness, monkeypatch):
    app = harness.app("mini.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "space")

        def full_disk(review):
            raise StoreUnwritable("cannot save progress: the disk is full")

        monkeypatch.setattr(app.store, "record", full_disk)
        await pilot.press("4")
        assert current_key(app) == "mini:l4-malleolus"
        assert any("disk is full" in str(n.message) for n in app._notifications)
        monkeypatch.undo()
        await pilot.press("4")
        assert current_key(app) == "mini:l5-dorsum"


async def test_help_lists_the_keys_of_the_screen_below(harness):
    app = harness.app("mini.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        help_text = text_of(app, "#help-text")
        for expected in ("Keys on Review", "Undo", "Bury", "Suspend", "0-5", "blackout", "perfect"):
            assert expected in help_text
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


async def test_filter_and_settings_on_home(harness):
    app = harness.app("mini.toml", "hostile.toml")
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        await pilot.press("slash", *"mini")
        assert table.row_count == 1
        await pilot.press("escape")
        assert table.row_count == 2

        await pilot.press("s")
        assert isinstance(app.screen, SettingsScreen)
        new_box = app.screen.query_one("#new-per-day", Input)
        new_box.value = ""
        await pilot.press("2", "enter")
        assert isinstance(app.screen, HomeScreen)
        assert app.service.store.settings()["new_per_day"] == 2
        assert "Today: 4 to study" in text_of(app, "#home-status")  # 2 new per deck


async def test_study_all_and_nothing_due(harness):
    app = harness.app("mini.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, ReviewScreen)
        for _ in range(5):
            if current_key(app) == "mini:l5-dorsum":
                await pilot.press("2", "enter")
            elif current_key(app) == "mini:s1-heel":
                await pilot.press(*"S1", "enter", "enter")
            elif current_key(app) == "mini:ces-flags":
                await pilot.press("1", "2", "4", "enter", "enter")
            else:
                await pilot.press("space", "5")
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter", "a")
        assert isinstance(app.screen, HomeScreen)
        assert any("Nothing to study" in str(n.message) for n in app._notifications)


async def test_study_now_with_nothing_due_shows_it_and_q_quits(harness):
    app = harness.app("mini.toml", study_now=True, study_decks=["mini"])
    app.service.store.save_settings({"new_per_day": 0})
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, SummaryScreen)
        assert "Nothing is due today" in text_of(app, "#summary-title")
        await pilot.press("q")
    assert app.return_code == 0


async def test_hostile_card_text_is_shown_literally_and_never_acts(harness):
    app = harness.app("hostile.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        prompt = text_of(app, "#prompt")
        assert prompt == "[@click=app.quit]Click me[/] and [link=https://evil.example]this[/link] [/b] [/] [bold"
        await pilot.click("#prompt", offset=(2, 0))  # where a live action would sit
        await pilot.press("space")
        assert text_of(app, "#answer") == "Answer: arr[i] x[0] [$accent]accent[/] \\ back\\slash [red"
        assert "🦴" in text_of(app, "#note")
        await pilot.click("#source", offset=(10, 0))
        await pilot.press("4")
        assert current_key(app) == "hostile:choice-markup"
        await pilot.press("2")  # the "[@click=app.quit]quit[/]" choice
        assert "✘ 2  [@click=app.quit]quit[/]  (your answer)" in text_of(app, "#result")
        await pilot.press("4")
        assert app.is_running and isinstance(app.screen, SummaryScreen)


async def test_tomorrow_a_failed_card_is_due(harness):
    app = harness.app("mini.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "space", "0", "escape", "q")
    harness.close()
    harness.clock.advance(days=1)
    app = harness.app("mini.toml")
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        assert table.get_row("mini")[1:4] == ["4", "1", "0"]  # new, due, again
        await pilot.press("enter")
        assert current_key(app) == "mini:l4-malleolus"
        assert "REVIEW" in text_of(app, "#badges")


async def test_ctrl_z_undoes_the_last_grade_while_typing_an_answer(harness):
    app = harness.app("mini.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "space", "5", "2")  # the choice card, answered
        await pilot.press("enter")  # accept: now on the typed card, its box has the keys
        assert current_key(app) == "mini:s1-heel"
        footer_keys = {b.binding.key for b in app.screen.active_bindings.values() if b.binding.show}
        assert "ctrl+z" in footer_keys and "u" not in footer_keys and "q" not in footer_keys
        await pilot.press("u")
        assert app.screen.query_one("#typed", Input).value == "u"  # a letter, not a shortcut
        await pilot.press("ctrl+z")
        assert current_key(app) == "mini:l5-dorsum"
        assert app.service.store.history("mini:l5-dorsum") == []
