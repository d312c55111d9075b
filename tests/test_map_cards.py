"""Map cards: validated against the map with file:line errors, graded by cell, and exported as text."""

from __future__ import annotations

import pytest

from trainer.deck import parse_deck
from trainer.map import check_locate, load_map
from trainer.map.cards import card_view, highlighted_region

HEAD = '[deck]\nid = "x"\ntitle = "Map"\n\n'


def parse(body: str):
    return parse_deck(HEAD + "[[cards]]\n" + body, "maps.toml")


def card(body: str):
    deck, problems = parse(body)
    assert deck is not None, [str(p) for p in problems]
    return deck.cards[0]


NAME = 'id = "n"\ntype = "map"\nfront = "Which root supplies the highlighted point?"\nmode = "name"\n'
LOCATE = 'id = "l"\ntype = "map"\nfront = "Show me the L5 dermatome."\nmode = "locate"\n'


@pytest.mark.parametrize(
    ("body", "line", "fragment"),
    [
        (LOCATE + 'region = "L6"\n', 10, "unknown root 'L6'"),
        (NAME + 'landmark = "medial maleolus"\nanswer = "L4"\n', 10, "did you mean 'medial malleolus'"),
        (
            NAME.replace("Which root supplies the highlighted point?", " ") + 'region = "L4"\nanswer = "L4"\n',
            8,
            "'front' is empty",
        ),
        (NAME + 'landmark = "medial malleolus"\nanswer = "L5"\n', 11, "disagrees with the map, which shows L4"),
        (NAME + 'region = "S1"\nanswer = "S1"\nchoices = ["L5", "S2"]\n', 11, "not one of the choices"),
        (NAME + 'answer = "L4"\n', 9, "needs 'region' or 'landmark'"),
        (LOCATE.replace('"locate"', '"point"') + 'region = "L5"\n', 9, "mode 'point'"),
        (LOCATE + 'region = "S3"\nview = "front"\n', 10, "S3 is not drawn on the front view"),
        (LOCATE + 'region = "L5"\nanswer = "L5"\n', 11, "not used by a 'locate' map card"),
        (LOCATE + 'region = "L5"\nzoom = 2\n', 11, "unknown key 'zoom'"),
        (NAME + 'landmark = "popliteal fossa"\nview = "front"\nanswer = "S2"\n', 10, "on the back view"),
    ],
)
def test_map_card_problems_are_reported_at_their_line(body, line, fragment):
    deck, problems = parse(body)
    assert deck is None
    assert any(p.line == line and fragment in p.message for p in problems), [str(p) for p in problems]


def test_a_name_card_with_a_landmark_loads_and_highlights_its_region():
    c = card(NAME + 'landmark = "Medial malleolus"\nanswer = "L4"\nchoices = ["L3", "L4", "L5"]\n')
    assert (c.mode, c.answer, highlighted_region(c), card_view(c)) == ("name", "L4", "L4", "front")


def test_a_contested_area_accepts_either_root_the_decks_teach():
    c = card(NAME + 'landmark = "inguinal ligament"\nanswer = "T12/L1"\naccept = ["T12", "L1"]\n')
    assert highlighted_region(c) == "T12"


def test_locate_is_right_only_inside_the_region():
    c = card(LOCATE + 'region = "l5"\n')
    assert c.region == "L5" and c.answer_text == "L5"
    dmap = load_map()
    lm = dmap.landmark("dorsum of the foot")
    assert check_locate(c, "front", lm.row, lm.col).correct
    other = dmap.landmark("medial malleolus")
    verdict = check_locate(c, "front", other.row, other.col)
    assert not verdict.correct and verdict.proposed_grade == 1
    assert not check_locate(c, "front", 0, 0).correct  # background


def test_map_cards_export_as_text():
    name = card(NAME + 'landmark = "lateral heel"\nanswer = "S1"\n').items()[0]
    assert "lateral heel" in name.text_prompt and "back view" in name.text_prompt
    assert name.text_answer == "S1"
    locate = card(LOCATE + 'region = "L5"\n').items()[0]
    assert "shade the L5 dermatome" in locate.text_prompt
    assert locate.text_answer.startswith("L5: ") and "dorsum of the foot" in locate.text_answer
    region = card(NAME + 'region = "S2"\nview = "back"\nanswer = "S2"\n').items()[0]
    assert "popliteal fossa" in region.text_prompt and "S2" not in region.text_prompt


def test_other_cards_keep_their_text_prompt():
    deck, _ = parse_deck(HEAD + '[[cards]]\nid = "b"\ntype = "basic"\nfront = "F"\nback = "B"\n', "x.toml")
    item = deck.items()[0]
    assert (item.text_prompt, item.text_answer) == ("F", "B")


def test_the_dermatome_deck_asks_every_lower_limb_root_both_ways_on_the_map():
    from trainer.store.deck_files import BUILTIN_DECK_DIR, load_decks

    deck = load_decks([BUILTIN_DECK_DIR]).by_id("dermatomes")
    maps = [c for c in deck.cards if c.type == "map"]
    assert len(maps) >= 30
    named = {highlighted_region(c) for c in maps if c.mode == "name"}
    located = {c.region for c in maps if c.mode == "locate"}
    for root in ("L1", "L2", "L3", "L4", "L5", "S1", "S2", "S3", "S4-5"):
        assert root in named, f"no 'which root?' map card for {root}"
        assert root in located, f"no 'show me' map card for {root}"
    confusions = [c for c in maps if "confusion" in c.tags]
    pairs = {frozenset(c.choices) & {"L4", "L5", "S1", "S2"} for c in confusions if c.mode == "name"}
    assert any({"L4", "L5"} <= p for p in pairs) and any({"L5", "S1"} <= p for p in pairs)
    assert any({"S1", "S2"} <= p for p in pairs)
    for c in maps:
        assert c.source and c.note, c.id
