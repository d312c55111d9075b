"""SVG snapshots of the screens (regenerate with `pytest --snapshot-update` and review them).

The review and summary screens are drawn at 60x15, 80x24 and 120x40: each must stay usable
down to the smallest. Choices are shuffled per showing, so scenes pick answers by text.
"""

from __future__ import annotations

import pytest
from ui_harness import long_deck, pick, steady

SIZE = (80, 24)
SIZES = {"60x15": (60, 15), "80x24": (80, 24), "120x40": (120, 40)}


async def _steady(pilot) -> None:
    await steady(pilot)


# --- help over the review screen (home, settings and help at three sizes: test_ui_home_snapshots.py)


def test_help(harness, snap_compare):
    app = harness.app("mini.toml")
    assert snap_compare(app, press=["enter", "question_mark"], terminal_size=SIZE, run_before=_steady)


# --- review and summary, at three sizes ------------------------------------------------


async def _to_choice(pilot) -> None:
    await pilot.press("enter", "space", "5")


async def _to_typed(pilot) -> None:
    await _to_choice(pilot)
    await pick(pilot, "L5")
    await pilot.press("enter")


async def _to_multi(pilot) -> None:
    await _to_typed(pilot)
    await pilot.press(*"s1", "enter", "enter")


async def card_front(pilot) -> None:
    await pilot.press("enter")


async def card_revealed(pilot) -> None:
    await pilot.press("enter", "space")


async def choice_card(pilot) -> None:
    await _to_choice(pilot)


async def choice_card_answered_wrong(pilot) -> None:
    await _to_choice(pilot)
    await pick(pilot, "L4")


async def typed_card(pilot) -> None:
    await _to_typed(pilot)
    await pilot.press(*"first sacrl")


async def typed_card_near_miss(pilot) -> None:
    await typed_card(pilot)
    await pilot.press("enter")


async def multi_card(pilot) -> None:
    await _to_multi(pilot)
    await pick(pilot, "Saddle anaesthesia", "Unilateral sciatica alone")


async def multi_card_checked(pilot) -> None:
    await multi_card(pilot)
    await pilot.press("enter")


async def summary(pilot) -> None:
    await pilot.press("enter", "space", "1")
    await pick(pilot, "L5")
    await pilot.press("enter", *"s1", "enter", "enter", "escape")


SCENES = {
    f.__name__: f
    for f in (
        card_front,
        card_revealed,
        choice_card,
        choice_card_answered_wrong,
        typed_card,
        typed_card_near_miss,
        multi_card,
        multi_card_checked,
        summary,
    )
}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("scene", list(SCENES))
def test_review(harness, snap_compare, scene, size):
    async def run_before(pilot) -> None:
        await SCENES[scene](pilot)
        await steady(pilot)

    assert snap_compare(harness.app("mini.toml"), terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", list(SIZES))
def test_long_card_revealed_shows_there_is_more(harness, snap_compare, tmp_path, size):
    async def run_before(pilot) -> None:
        await pilot.press("enter", "space")
        await steady(pilot)

    assert snap_compare(harness.app(long_deck(tmp_path)), terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", list(SIZES))
def test_summary_with_a_long_shaky_leech(harness, snap_compare, tmp_path, size):
    from datetime import date

    from trainer.records import CardState

    prompt = (
        "Numbness over the dorsum of the foot at the third metatarsophalangeal joint: which root is it, most often?"
    )
    app = harness.app(long_deck(tmp_path, prompt=prompt))
    app.service.store.set_state(
        "long:one", CardState(due=date(2026, 11, 24), last_reviewed=date(2026, 11, 20), lapses=9)
    )

    async def run_before(pilot) -> None:
        # The next card is typed: the first Esc leaves its answer box, the second ends the session.
        await pilot.press("enter", "space", "1", "escape", "escape")
        await steady(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


def test_hostile_card_revealed(harness, snap_compare):
    app = harness.app("hostile.toml")
    assert snap_compare(app, press=["enter", "space"], terminal_size=SIZE, run_before=_steady)
