"""Pilot tests for home, settings, help and the deck-problems list: real keys, as a student presses them."""

from __future__ import annotations

import dataclasses

import pytest
from textual.widgets import Button, Checkbox, DataTable, Input, Select
from textual.widgets._footer import FooterKey
from ui_harness import text_of

from trainer.deck import Problem
from trainer.ui.screens.help import HelpScreen
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.problems import ProblemsScreen
from trainer.ui.screens.settings import SettingsScreen

SIZES = [(60, 15), (80, 24), (120, 40)]


def shown(app, selector: str) -> bool:
    widget = app.screen.query_one(selector)
    return widget.display and widget.region.height > 0


def broken_decks(tmp_path, n: int):
    folder = tmp_path / "broken"
    folder.mkdir()
    for i in range(n):
        (folder / f"broken{i}.toml").write_text(f"[deck]\nid = 'b{i}'\ntitle = 'Broken {i}'\n")
    return folder


async def test_filter_message_goes_after_esc_and_when_a_filter_matches(harness):
    app = harness.app("mini.toml", "hostile.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.screen.query_one(DataTable)
        await pilot.press("slash", *"xyz")
        assert table.row_count == 0
        assert shown(app, "#no-match") and "No deck matches the filter." in text_of(app, "#no-match")
        await pilot.press("escape")
        assert table.row_count == 2
        assert not shown(app, "#no-match")
        await pilot.press("slash", *"xyz", "backspace", "backspace", "backspace", *"mini", "enter")
        assert table.row_count == 1
        assert not shown(app, "#no-match")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_home_footer_keeps_quit_and_settings_buttons_fit(harness, size):
    app = harness.app("mini.toml", "hostile.toml")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        visible = {key.key for key in app.screen.query(FooterKey) if key.region.right <= size[0]}
        assert {"q", "s", "a", "question_mark"} <= visible, visible
        await pilot.press("s")
        assert isinstance(app.screen, SettingsScreen)
        for button in app.screen.query(Button):
            region = button.region
            assert region.height > 0 and region.bottom <= size[1] and region.right <= size[0], button.id
        checkbox = app.screen.query_one(Checkbox)
        # the whole label is drawn: nothing cut at the box's edge
        assert checkbox.region.right <= app.screen.query_one("#settings-box").region.right


async def test_settings_enter_on_the_checkbox_saves_and_space_switches(harness):
    app = harness.app("mini.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s", "tab", "tab")
        box = app.screen.query_one(Checkbox)
        assert app.screen.focused is box
        before = box.value
        await pilot.press("space")
        assert box.value is not before
        assert "mixed" in str(box.label) if box.value else "deck order" in str(box.label)
        await pilot.press("space", "enter")  # back as it was, then Enter saves, as the button says
        assert isinstance(app.screen, HomeScreen)
        settings = app.service.settings()
        assert settings["new_order"] == ("mixed" if before else "deck")


async def test_settings_error_clears_once_the_number_is_fixed(harness):
    app = harness.app("mini.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s", "backspace", "backspace", "enter")
        assert isinstance(app.screen, SettingsScreen)
        assert "must be a whole number" in text_of(app, "#settings-error")
        await pilot.press("7")
        assert not shown(app, "#settings-error")
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)
        assert app.service.settings()["new_per_day"] == 7


async def test_per_deck_limits(harness):
    app = harness.app("mini.toml", "hostile.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s", "shift+tab")
        assert isinstance(app.screen.focused, Select)
        await pilot.press("enter", "down", "enter")  # open the list, pick the first deck
        assert app.screen.query_one(Select).value == "mini"
        await pilot.press("tab")
        assert app.screen.focused.id == "new-per-day"
        await pilot.press("backspace", "backspace", "1", "enter")
        assert isinstance(app.screen, HomeScreen)
        assert app.service.settings()["decks"] == {"mini": {"new_per_day": 1, "reviews_per_day": 200}}
        table = app.screen.query_one(DataTable)
        assert table.get_row("mini")[1] == "1"
        assert table.get_row("hostile")[1] == "2"  # every other deck keeps the global limit
        await pilot.press("s", "shift+tab", "enter", "down", "enter")
        assert app.screen.query_one("#new-per-day", Input).value == "1"  # the deck's own limit is shown


async def test_day_start_is_a_setting(harness):
    app = harness.app("mini.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        app.screen.query_one("#day-starts", Input).focus()
        await pilot.press(*["backspace"] * 5, *"25:00", "enter")
        assert "HH:MM" in text_of(app, "#settings-error")
        await pilot.press(*["backspace"] * 5, *"05:30", "enter")
        assert isinstance(app.screen, HomeScreen)
        assert app.service.settings()["day_starts"] == "05:30"


async def test_a_theme_chosen_is_remembered(harness):
    app = harness.app("mini.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme != "textual-light"
        app.theme = "textual-light"  # what Ctrl+P's "Change theme" does
        await pilot.pause()
        assert app.service.settings()["theme"] == "textual-light"
    harness.close()
    again = harness.app("mini.toml")
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "textual-light"


async def test_every_broken_deck_file_can_be_read(harness, tmp_path):
    app = harness.app("mini.toml", broken_decks(tmp_path, 6))
    async with app.run_test(size=(80, 24)) as pilot:
        assert "6 deck files not loaded" in text_of(app, "#problems-notice")
        assert "p shows why" in text_of(app, "#problems-notice")
        await pilot.press("p")
        assert isinstance(app.screen, ProblemsScreen)
        listed = text_of(app, "#problems-text")
        for i in range(6):
            assert f"broken{i}.toml:1:" in listed
        await pilot.press("end")
        box = app.screen.query_one("#problems-box")
        assert box.scroll_y == box.max_scroll_y
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_skipped_cards_are_shown_with_where_to_read_why(harness):
    app = harness.app("mini.toml")
    library = app.service.library
    deck = library.decks[0]
    problems = (Problem(deck.path, 30, "card 'x': unknown key 'frnt'"), Problem(deck.path, 40, "card 'y': bad"))
    library.decks[0] = dataclasses.replace(deck, skipped=problems)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Mini deck: 2 cards skipped" in text_of(app, "#problems-notice")
        await pilot.press("p")
        listed = text_of(app, "#problems-text")
        assert "Mini deck: 2 cards skipped" in listed and "unknown key 'frnt'" in listed


async def test_home_has_no_problems_key_when_all_decks_load(harness):
    app = harness.app("mini.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        assert not shown(app, "#problems-notice")
        await pilot.press("p")
        assert isinstance(app.screen, HomeScreen)


async def test_help_on_home_explains_the_counts_and_f1_opens_it(harness):
    app = harness.app("mini.toml")
    async with app.run_test(size=(60, 15)) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = text_of(app, "#help-text")
        words = " ".join(text.split())
        assert "Keys on Home" in words and "Again" in words and "reverse card counts 2" in words
        # wrapped lines hang under the text, not under the keys
        lines = text.splitlines()
        first = next(i for i, line in enumerate(lines) if line.strip().startswith("Cards"))
        assert lines[first + 1].startswith(" " * 10)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
