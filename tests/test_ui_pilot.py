"""Pilot tests: a student pressing real keys through the trainer, headless."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable, Input
from ui_harness import key_for, long_deck, pick, plain, text_of

from trainer.store import StoreUnwritable
from trainer.ui.screens.help import HelpScreen
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.review import ReviewScreen
from trainer.ui.screens.settings import SettingsScreen
from trainer.ui.screens.summary import SummaryScreen

SIZE = (80, 24)
TODAY = date(2026, 11, 24)


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
        await pick(pilot, "L5")  # right
        assert text_of(app, "#result").startswith("✔ Right")
        await pilot.press("enter")  # accept the proposed 4

        assert current_key(app) == "mini:s1-heel"
        await pilot.press("s", "1", "enter")  # typed answer
        assert text_of(app, "#result").startswith("✔ Right")
        await pilot.press("5")  # change the proposed 4 to 5

        assert current_key(app) == "mini:ces-flags"
        await pick(pilot, "Saddle anaesthesia", "New urinary retention", "Bilateral sciatica")
        await pilot.press("enter")
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
        assert "Which root supplies the skin over the medial malleolus?" in plain(app, "#summary-shaky")
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
        await pilot.press("enter", "space", "5")
        await pick(pilot, "L4")
        await pilot.press("enter")  # to the typed card
        await pilot.press(*"frist sacral", "enter")
        assert text_of(app, "#result").startswith("≈ Almost: one typo away")
        assert "You typed: frist sacral" in plain(app, "#result-detail")
        assert "▶3" in str(app.screen.query_one("#grade-3").label)


async def test_keys_typed_into_an_answer_do_not_trigger_shortcuts(harness):
    app = harness.app("mini.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "space", "5")
        await pick(pilot, "L4")
        await pilot.press("enter")
        await pilot.press(*"qus!5")
        assert isinstance(app.screen, ReviewScreen) and current_key(app) == "mini:s1-heel"
        assert app.screen.query_one("#typed", Input).value == "qus!5"


async def test_a_failed_save_keeps_the_card_and_says_so(harness, monkeypatch):
    app = harness.app("mini.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "space")

        def full_disk(review):
            raise StoreUnwritable("cannot save progress: the disk is full")

        monkeypatch.setattr(app.service.store, "record", full_disk)
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
                await pick(pilot, "L5")
                await pilot.press("enter")
            elif current_key(app) == "mini:s1-heel":
                await pilot.press(*"S1", "enter", "enter")
            elif current_key(app) == "mini:ces-flags":
                await pick(pilot, "Saddle anaesthesia", "New urinary retention", "Bilateral sciatica")
                await pilot.press("enter", "enter")
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
        number = key_for(app, "[@click=app.quit]quit[/]")
        await pilot.press(number)
        assert f"✘ {number} [@click=app.quit]quit[/]  (your answer)" in plain(app, "#result-detail")
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
        await pilot.press("enter", "space", "5")
        await pick(pilot, "L5")  # the choice card, answered
        await pilot.press("enter")  # accept: now on the typed card, its box has the keys
        assert current_key(app) == "mini:s1-heel"
        footer_keys = {b.binding.key for b in app.screen.active_bindings.values() if b.binding.show}
        assert "ctrl+z" in footer_keys and "u" not in footer_keys and "q" not in footer_keys
        await pilot.press("u")
        assert app.screen.query_one("#typed", Input).value == "u"  # a letter, not a shortcut
        await pilot.press("ctrl+z")  # something is typed: the first Ctrl+Z only warns
        assert current_key(app) == "mini:s1-heel"
        assert app.screen.query_one("#typed", Input).value == "u"
        assert any("Ctrl+Z again" in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+z")
        assert current_key(app) == "mini:l5-dorsum"
        assert app.service.store.history("mini:l5-dorsum") == []


# --- what a new student tripped over (issue 9) -------------------------------------------


async def test_revealed_content_scrolls_with_the_usual_keys_and_says_there_is_more(harness, tmp_path):
    app = harness.app(long_deck(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "space")
        await pilot.pause()
        card = app.screen.query_one("#card")
        assert card.max_scroll_y > 0
        assert "more" in str(card.border_subtitle)
        for key in ("pagedown", "down", "j", "ctrl+d"):
            card.scroll_home(animate=False)
            await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
            assert card.scroll_y > 0, key
        await pilot.press("end")
        await pilot.pause()
        assert card.scroll_y == card.max_scroll_y
        assert not card.border_subtitle  # at the bottom: nothing more to hint
        await pilot.press("4")  # grades still work with the card focused
        assert current_key(app) == "long:two"


async def test_every_action_is_reachable_while_typing(harness):
    app = harness.app("mini.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "space", "5")
        await pick(pilot, "L5")
        await pilot.press("enter")
        assert current_key(app) == "mini:s1-heel"
        await pilot.press("f1")  # help from inside the answer box
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press(*"s", "escape")  # Esc leaves the box: shortcuts work again
        footer_keys = {b.binding.key for b in app.screen.active_bindings.values() if b.binding.show}
        assert {"s", "u", "q", "escape"} <= footer_keys
        await pilot.press("s")
        assert current_key(app) == "mini:ces-flags"  # buried without answering
        await pilot.press("u")
        assert current_key(app) == "mini:s1-heel"
        await pilot.press("tab", *"S1", "enter")  # Tab goes back into the box
        assert text_of(app, "#result").startswith("✔ Right")


async def test_the_answer_box_footer_shows_how_to_leave_it(harness):
    app = harness.app("mini.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "space", "5")
        await pick(pilot, "L5")
        await pilot.press("enter")
        shown = {b.binding.key: b.binding.description for b in app.screen.active_bindings.values() if b.binding.show}
        assert shown.get("escape") == "Leave box" and "ctrl+z" in shown


async def test_choice_options_stay_put_on_undo(harness):
    app = harness.app("mini.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "space", "5")
        first = app.screen.card_widget.options
        await pick(pilot, "L4")
        await pilot.press("1", "ctrl+z")  # grade the wrong answer, then take it back (the next card is typed)
        assert current_key(app) == "mini:l5-dorsum"
        assert app.screen.card_widget.options == first


async def test_small_terminal_keeps_grades_status_and_footer_usable(harness):
    app = harness.app("mini.toml")
    async with app.run_test(size=(60, 15)) as pilot:
        await pilot.press("enter", "space")
        await pilot.pause()
        for n in range(6):
            button = app.screen.query_one(f"#grade-{n}")
            label = str(button.label)
            assert label.startswith(str(n)) and button.region.width >= len(label), label
            assert button.region.right <= 60
        assert app.screen.query_one("#deck-name").region.width >= len("Deck: Mini deck")
        from textual.widgets._footer import FooterKey

        visible = {k.key for k in app.screen.query(FooterKey) if k.region.width and k.region.right <= 60}
        assert {"escape", "q"} <= visible


async def test_leech_notice_says_what_the_student_can_do(harness):
    app = harness.app("mini.toml")
    from trainer.records import CardState

    prompt = "Which root supplies the skin over the medial malleolus?"
    app.service.store.set_state(
        "mini:l4-malleolus", CardState(due=TODAY, first_seen=TODAY, last_reviewed=date(2026, 11, 20), lapses=7)
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert current_key(app) == "mini:l4-malleolus"
        await pilot.press("space", "1")
        message = next(str(n.message) for n in app._notifications if "Forgotten 8 times" in str(n.message))
        quoted = message.split("“")[1].split("”")[0]
        assert prompt.startswith(quoted.removesuffix(" …")) and (quoted == prompt or quoted.endswith(" …"))
        for words in ("suspend", "note", "custom session"):
            assert words in message
        assert "reword" not in message


async def test_summary_wording_for_one_answer(harness):
    app = harness.app("mini.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "space", "5", "escape")
        assert "Cards reviewed      1 (1 answer, drill included)" in text_of(app, "#summary-body")
        assert "1 card" in text_of(app, "#summary-body") or "none" in text_of(app, "#summary-body")


def test_shaky_prompts_are_cut_to_the_width_and_the_leech_tag_stays_whole():
    from rich.console import Console

    from trainer.ui.screens.summary import shaky_table

    long = "Numbness over the dorsum of the foot at the third metatarsophalangeal joint " * 3
    for width in (60, 80, 120):
        console = Console(width=width, record=True, color_system=None)
        with console.capture() as capture:
            console.print(shaky_table([(long, True), ("Short prompt", False)]))
        lines = capture.get().splitlines()
        assert len(lines) == 2
        assert lines[0].rstrip().endswith("[leech]") and "…" in lines[0]
        assert all(len(line) <= width for line in lines)


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
async def test_sigterm_and_sighup_end_the_trainer_like_ctrl_c(harness, signame):
    import os
    import signal

    app = harness.app("mini.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "space", "4")
        os.kill(os.getpid(), getattr(signal, signame))
        await pilot.pause()
        await pilot.pause()
    assert app.return_code == 0
    store = harness.reopen()
    assert store.counts(TODAY).reviews == 1


async def test_a_custom_session_asks_what_it_is_given_and_changes_no_schedule(harness):
    from trainer.ui.messages import StudyRequested

    app = harness.app("mini.toml")
    async with app.run_test(size=SIZE) as pilot:
        item = next(i for i in app.service.items(["mini"]) if i.key == "mini:s2-popliteal")
        app.post_message(StudyRequested(None, items=[item], cram=True))
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and current_key(app) == "mini:s2-popliteal"
        assert "CUSTOM STUDY" in text_of(app, "#badges")
        await pilot.press("space", "5")
        assert isinstance(app.screen, SummaryScreen)
        history = app.service.store.history("mini:s2-popliteal")
        assert [r.kind for r in history] == ["drill"]
        assert app.service.store.state("mini:s2-popliteal").is_new


async def test_a_typed_card_accepts_the_decks_own_synonyms(harness, tmp_path):
    deck = tmp_path / "syn.toml"
    deck.write_text(
        '[deck]\nid = "syn"\ntitle = "Synonyms"\n\n'
        '[synonyms]\n"sural nerve" = ["short saphenous nerve"]\n\n'
        '[[cards]]\nid = "lateral-foot"\ntype = "typed"\n'
        'front = "Which nerve supplies the lateral border of the foot?"\nanswer = "sural nerve"\n'
    )
    app = harness.app(deck)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # study the highlighted deck
        await pilot.press(*"short saphenous nerve", "enter")
        assert text_of(app, "#result").startswith("✔"), text_of(app, "#result")


async def test_a_backup_that_could_not_be_made_is_shown_to_the_student(harness):
    backups = harness.data_dir / "profiles" / "default" / "backups"
    backups.parent.mkdir(parents=True)
    backups.write_text("not a folder")  # no backup can be made; studying must go on
    app = harness.app("mini.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = [str(n.message) for n in app._notifications]
        assert any("no backup made" in message for message in shown), shown
        assert isinstance(app.screen, HomeScreen)


async def test_help_over_a_choice_card_names_its_keys_and_how_to_study(harness):
    app = harness.app("mini.toml")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter", "space", "5")  # past the basic card: now a choice card
        await pilot.press("question_mark")
        help_text = text_of(app, "#help-text")
        assert "1-9" in help_text and "Choose" in help_text  # the card widget's own keys
        assert "grade yourself honestly" in " ".join(help_text.split())  # the screen's own help text
