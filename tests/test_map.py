"""The dermatome map agrees with the clinical reference and with what the decks teach, checked from its data."""

from __future__ import annotations

import pytest

from trainer.map import ROOTS, VIEWS, canonical_region, load_map
from trainer.map.model import MapDataError, build_map
from trainer.map.render import FIXED_PATTERNS, glyphs, neighbours, render_view, styles

try:
    from tests import clinical_reference as ref
except ImportError:  # pragma: no cover - depends on how pytest was started
    import clinical_reference as ref

from test_deck_content import phrases_in  # the decks' own phrase table, read the same way

MAP = load_map()


def test_every_root_is_drawn_and_every_legend_character_is_used():
    used = {ch for view in VIEWS for line in MAP.rows[view] for ch in line}
    assert used == set(MAP.legend), f"unused legend characters: {set(MAP.legend) - used}"
    assert set(ref.ROOTS) <= set(MAP.regions())
    assert tuple(ref.ROOTS) == ROOTS


def test_both_views_are_rectangular_and_fit_side_by_side_at_80_columns():
    for view in VIEWS:
        height, width = MAP.size(view)
        assert 20 <= height <= 30 and width <= 39
        assert all(len(line) == width for line in MAP.rows[view])


def test_the_mask_is_left_right_symmetric():
    for view in VIEWS:
        for line in MAP.rows[view]:
            assert line == line[::-1]


def test_every_isncsci_key_sensory_point_lies_in_its_own_root():
    for root in ref.ROOTS:
        point = MAP.key_point(root)
        assert point is not None, f"no key sensory point placed for {root}"
        assert MAP.region_at(point.view, point.row, point.col) == root, f"{root} key point '{point.name}'"


def test_every_landmark_lies_in_the_region_the_sources_give_it():
    for lm in MAP.landmarks:
        assert MAP.region_at(lm.view, lm.row, lm.col) == lm.root, lm.name


def test_every_landmark_name_the_decks_use_agrees_with_the_reference_table():
    """A landmark whose name (or other name) is a phrase of the reference lies in one of that phrase's roots."""
    checked = 0
    for lm in MAP.landmarks:
        region = MAP.region_at(lm.view, lm.row, lm.col)
        for label in (lm.name, *lm.aliases):
            for phrase, allowed in phrases_in(label):
                if phrase in {p for ps in ref.AREA_PHRASES.values() for p in ps}:
                    checked += 1
                    assert region in allowed, f"'{label}' ({phrase}) is {region} on the map, reference: {allowed}"
    assert checked >= 40


@pytest.mark.parametrize(
    ("name", "root"),
    [
        ("medial malleolus", "L4"),
        ("medial shin", "L4"),
        ("dorsum of the foot", "L5"),
        ("first web space", "L5"),
        ("great toe", "L5"),
        ("lateral leg", "L5"),
        ("lateral heel", "S1"),
        ("little toe", "S1"),
        ("sole", "S1"),
        ("popliteal fossa", "S2"),
        ("posterior thigh", "S2"),
        ("medial femoral condyle", "L3"),
        ("patella", "L3"),  # the variant the map draws; the decks accept L3/L4
        ("mid-anterior thigh", "L2"),
        ("groin", "L1"),
        ("inguinal ligament", "T12"),  # ISNCSCI; the decks accept T12/L1
        ("umbilicus", "T10"),
        ("xiphoid", "T6"),
        ("nipple", "T4"),
        ("ischial tuberosity", "S3"),
        ("perianal skin", "S4-5"),
        ("axilla", "T2"),
        ("thumb", "C6"),
        ("little finger", "C8"),
    ],
)
def test_what_the_decks_teach_about_an_area_is_what_the_map_shows(name, root):
    lm = MAP.landmark(name)
    assert lm is not None, name
    assert MAP.region_at(lm.view, lm.row, lm.col) == root


def test_lower_limb_layout_matches_the_isncsci_diagram():
    # L4 stays on the medial leg above the ankle: the foot's dorsum is all L5 on this map.
    front_foot = MAP.rows["front"][-1]
    assert {MAP.legend[ch] for ch in front_foot} <= {"background", "L5", "S1"}
    # The back of the thigh and the popliteal fossa are S2, and S1 takes the heel.
    assert MAP.region_at("back", *_at("posterior thigh")) == "S2"
    assert set(MAP.legend[ch] for ch in MAP.rows["back"][-1]) <= {"background", "S1"}
    # S3 rings S4-5.
    for r, c in MAP.cells_of("S4-5", "back"):
        for dr, dc in ((-1, 0), (0, -1), (0, 1)):
            assert MAP.region_at("back", r + dr, c + dc) in ("S3", "S4-5")
    # Every lower-limb root appears in both directions' view where it lives.
    for root in ("L1", "L2", "L3", "L4", "L5", "S1"):
        assert MAP.cells_of(root, "front"), root
    for root in ("L4", "L5", "S1", "S2", "S3", "S4-5"):
        assert MAP.cells_of(root, "back"), root


def _at(name: str) -> tuple[int, int]:
    lm = MAP.landmark(name)
    assert lm is not None
    return lm.row, lm.col


def test_the_sources_disagree_notices_cover_the_three_contested_areas():
    topics = {v.topic.split(":")[0] for v in MAP.variants}
    assert {"Back of the thigh and calf", "Groin", "Knee"} <= topics
    for region in ("S2", "T12", "L1", "L3"):
        assert MAP.region_info(region).variants, f"{region} shows no variant notice"
    for variant in MAP.variants:
        assert variant.shown and variant.taught and variant.text


def test_every_root_has_panel_text():
    for root in ROOTS:
        info = MAP.region_info(root)
        assert info.area and info.key_point, root
        assert MAP.key_point(root).name in info.landmarks


def test_neighbouring_roots_never_share_a_colour_family_or_a_pattern():
    colours, patterns = styles(MAP)
    for region, near in neighbours(MAP).items():
        for other in near:
            if region in ROOTS and other in ROOTS:
                assert colours[region].family != colours[other].family, (region, other)
                assert patterns[region] != patterns[other], (region, other)
            if region in ROOTS and other in FIXED_PATTERNS:
                assert patterns[region] != FIXED_PATTERNS[other]


def test_no_colour_rendering_carries_regions_by_label_and_pattern_only():
    lines = render_view("front", colour=False)
    assert all("\x1b" not in line for line in lines)
    text = "\n".join(lines)
    for root in ("L1", "L2", "L3", "L4", "L5", "T4", "T10"):
        assert root in text
    back = "\n".join(render_view("back", colour=False))
    for root in ("S1", "S2", "S3", "C2"):
        assert root in back
    # Every cell of a root shows its label or its own pattern.
    _, patterns = styles(MAP)
    for view in VIEWS:
        for row in glyphs(view):
            for glyph in row:
                if glyph.region in ROOTS and not glyph.label:
                    assert glyph.char == patterns[glyph.region]


def test_highlight_marks_every_cell_of_the_region():
    lines = render_view("front", colour=False, highlight="L4")
    for r, c in MAP.cells_of("L4", "front"):
        assert lines[r][c] in "#L4"
    assert "#" not in "".join(lines[r][c] for r, c in MAP.cells_of("L5", "front"))


def test_region_names_are_read_loosely():
    assert canonical_region("l5") == "L5"
    assert canonical_region("s4/5") == "S4-5"
    assert canonical_region("S4-S5") == "S4-5"
    assert MAP.landmark("  Medial   MALLEOLUS ") is MAP.landmark("inner ankle")


def test_cells_of_and_region_at_agree():
    for view in VIEWS:
        for root in MAP.regions(view):
            for r, c in MAP.cells_of(root, view):
                assert MAP.region_at(view, r, c) == root
    assert MAP.region_at("front", -1, 0) == "background"
    assert MAP.region_at("front", 999, 999) == "background"


def test_a_broken_mask_is_reported():
    legend = ". background\nA L1\n"
    with pytest.raises(MapDataError, match="not in the legend"):
        build_map({"front": "A.\n", "back": "AZ\n"}, legend, "", "")
    with pytest.raises(MapDataError, match="differ in length"):
        build_map({"front": "A.\nA\n", "back": "A.\n"}, legend, "", "")


# Phrases the decks use for a whole area shared by two roots, or wording too long to be a point's name.
NOT_A_POINT = {
    "calf",
    "posterior calf",
    "back of the calf",
    "medial arm",
    "midpoint of a line from the midpoint of the inguinal ligament to the medial femoral condyle",
}


def test_every_landmark_the_decks_name_is_on_the_map():
    from trainer.store.deck_files import BUILTIN_DECK_DIR

    text = " ".join(path.read_text(encoding="utf-8").casefold() for path in BUILTIN_DECK_DIR.glob("*.toml"))
    missing = [
        phrase
        for phrases in ref.AREA_PHRASES.values()
        for phrase in phrases
        if phrase.casefold() in text and phrase not in NOT_A_POINT and MAP.landmark(phrase) is None
    ]
    assert missing == []
