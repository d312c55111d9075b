"""The TOML deck loader: good decks load, every planted mistake is reported at its line."""

import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.deck import parse_deck
from trainer.store.deck_files import load_decks

FIXTURES = Path(__file__).parent / "fixtures"

GOOD = textwrap.dedent(
    """\
    [deck]
    id = "demo"
    title = "Demo"

    [[cards]]
    id = "a"
    type = "basic"
    front = "Front"
    back = "Back"
    """
)


def problems_of(text: str) -> list[tuple[int, str]]:
    deck, problems = parse_deck(text, "deck.toml")
    assert deck is None or not problems
    return [(p.line, p.message) for p in problems]


def test_good_deck_loads_every_card_type():
    deck, problems = parse_deck((FIXTURES / "mini.toml").read_bytes(), "mini.toml")
    assert problems == []
    assert deck.id == "mini"
    assert [c.type for c in deck.cards] == ["basic", "choice", "typed", "multi", "reverse"]
    assert deck.cards[0].source.startswith("ISNCSCI")
    assert deck.cards[0].note == "Borders overlap with L3 and L5."


def test_reverse_card_gives_two_items_with_own_keys():
    deck, _ = parse_deck((FIXTURES / "mini.toml").read_bytes(), "mini.toml")
    reverse = deck.cards[-1]
    forward, backward = reverse.items()
    assert (forward.key, backward.key) == ("mini:s2-popliteal", "mini:s2-popliteal:reverse")
    assert backward.prompt == "Midpoint of the popliteal fossa"
    assert backward.answer_text == "Key sensory point of S2"
    assert forward.sibling_key == backward.key and backward.sibling_key == forward.key


def test_progress_key_is_the_id_not_the_text():
    one, _ = parse_deck(GOOD, "d.toml")
    two, _ = parse_deck(GOOD.replace('front = "Front"', 'front = "Reworded front"'), "d.toml")
    assert one.cards[0].key == two.cards[0].key == "demo:a"


# Twelve kinds of mistake planted in one file; each must be reported at its own line.
BROKEN = """\
[deck]
id = "Broken Deck"
titel = "Broken"

[[cards]]
id = "one"
type = "basic"
front = "   "
back = "x"

[[cards]]
id = "one"
type = "choice"
front = "Which root?"
choices = ["L4", "L5", "S1"]
answer = "L3"

[[cards]]
id = "three"
type = "flashcard"
front = "x"

[[cards]]
id = "Four_4"
type = "typed"
front = "x"
anser = "L4"

[[cards]]
id = "five"
type = "multi"
front = 5
choices = ["a", "b"]
answers = ["a", "c"]

[[cards]]
id = "six"
type = "basic"
front = "Front"
back = "Back"
tags = "lower-limb"
"""

EXPECTED = [
    (1, "missing required key 'title'"),
    (2, "id 'Broken Deck' may only use lowercase letters"),
    (3, "unknown key 'titel' (did you mean 'title'?)"),
    (8, "'front' is empty"),
    (12, "duplicate card id 'one' (first used by the card on line 5)"),
    (16, "answer 'L3' is not one of the choices"),
    (20, "unknown card type 'flashcard'"),
    (24, "id 'Four_4' may only use lowercase letters"),
    (23, "missing required key 'answer'"),
    (27, "unknown key 'anser' (did you mean 'answer'?)"),
    (32, "'front' must be a string, not an integer"),
    (34, "answer 'c' is not one of the choices"),
    (41, "'tags' must be an array of strings, not a string"),
]


def test_every_planted_mistake_is_reported_at_its_line():
    found = problems_of(BROKEN)
    for line, fragment in EXPECTED:
        assert any(at == line and fragment in m for at, m in found), f"line {line}: {fragment!r} not in {found}"
    assert len(found) == len(EXPECTED)


def test_problems_print_as_path_line_message():
    _, problems = parse_deck(BROKEN, "decks/broken.toml")
    assert str(problems[0]) == "decks/broken.toml:1: [deck] missing required key 'title'"


@pytest.mark.parametrize(
    "text,line,fragment",
    [
        ("", 1, "file is empty"),
        ("   \n\n", 1, "file is empty"),
        ('[deck]\nid = "x"\ntitle = "t"\n[[cards]]\nid = "a"\nfront = \n', 6, "TOML syntax error"),
        ('[[cards]]\nid = "a"\ntype = "basic"\nfront = "f"\nback = "b"\n', 1, "no [deck] table"),
        ('cards = "none"\n[deck]\nid = "x"\ntitle = "t"\n', 1, "'cards' must be an array of tables"),
        ('[deck]\nid = "x"\ntitle = "t"\n', 1, "no cards"),
        ('[deck]\nid = "x"\ntitle = "t"\n[cards]\nid = "a"\n', 4, "'cards' must be an array of tables"),
        (
            '[deck]\nid = "x"\ntitle = "t"\nextra = 1\n[[cards]]\nid = "a"\ntype = "map"\nfront = "f"\n',
            5,
            "missing required key 'mode'",
        ),
        (
            '[deck]\nid = "x"\ntitle = "t"\n[[cards]]\nid = "a"\ntype = "basic"\nfront = "f"\n',
            4,
            "missing required key 'back'",
        ),
        (
            '[deck]\nid = "x"\ntitle = "t"\n[[cards]]\nid = "a"\ntype = "basic"\nfront = "f"\nback = "b"\nchoices = ["a"]\n',
            9,
            "'choices' is not used by a 'basic' card",
        ),
        (
            '[deck]\nid = "x"\ntitle = "t"\n[[cards]]\nid = "a"\ntype = "typed"\nfront = "f"\nanswer = "?!"\n',
            8,
            "no letters or digits",
        ),
        (
            '[deck]\nid = "x"\ntitle = "t"\n[[cards]]\nid = "a"\ntype = "choice"\nfront = "f"\nchoices = ["L4", "l4"]\nanswer = "L4"\n',
            8,
            "listed twice",
        ),
        (
            '[deck]\nid = "x"\ntitle = "t"\nverion = 2\n[[cards]]\nid = "a"\ntype = "basic"\nfront = "f"\nback = "b"\n',
            4,
            "unknown key 'verion'",
        ),
        (
            'oops = 1\n[deck]\nid = "x"\ntitle = "t"\n[[cards]]\nid = "a"\ntype = "basic"\nfront = "f"\nback = "b"\n',
            1,
            "unknown top-level key 'oops'",
        ),
    ],
)
def test_file_level_mistakes(text, line, fragment):
    found = problems_of(text)
    assert any(at == line and fragment in m for at, m in found), found


def test_not_utf8_names_the_line():
    data = GOOD.encode() + b"\n# caf\xe9\n"
    _, problems = parse_deck(data, "latin1.toml")
    assert [(p.line, "not UTF-8" in p.message) for p in problems] == [(11, True)]


def test_multiline_strings_do_not_confuse_line_numbers():
    text = textwrap.dedent(
        '''\
        [deck]
        id = "x"
        title = "t"

        [[cards]]
        id = "a"
        type = "basic"
        front = """
        back = this line is inside a string
        [[cards]]
        """
        back = ""
        '''
    )
    assert problems_of(text) == [(12, "card 'a': 'back' is empty")]


def test_bom_and_crlf_are_accepted():
    deck, problems = parse_deck(("\ufeff" + GOOD).replace("\n", "\r\n").encode(), "win.toml")
    assert problems == [] and deck.cards[0].back == "Back"


def test_loading_never_executes_anything(tmp_path):
    marker = tmp_path / "pwned"
    text = GOOD.replace('back = "Back"', f"back = \"__import__('os').system('touch {marker}')\"")
    deck, problems = parse_deck(text, "d.toml")
    assert problems == [] and not marker.exists()
    assert deck.cards[0].back.startswith("__import__")


def test_duplicate_deck_ids_across_files(tmp_path):
    (tmp_path / "a.toml").write_text(GOOD)
    (tmp_path / "b.toml").write_text(GOOD)
    library = load_decks([tmp_path])
    assert [d.id for d in library.decks] == ["demo"]
    assert [str(p) for p in library.problems] == [
        f"{tmp_path / 'b.toml'}:2: deck id 'demo' is already used by {tmp_path / 'a.toml'}"
    ]


def test_missing_path_and_empty_folder_are_problems(tmp_path):
    library = load_decks([tmp_path / "nope.toml", tmp_path])
    messages = [p.message for p in library.problems]
    assert messages == ["no such file or folder", "folder holds no .toml deck files"]


def test_a_broken_deck_does_not_stop_the_good_ones(tmp_path):
    (tmp_path / "good.toml").write_text(GOOD)
    (tmp_path / "bad.toml").write_text("[deck\n")
    library = load_decks([tmp_path])
    assert [d.id for d in library.decks] == ["demo"]
    assert list(library.broken_files()) == [str(tmp_path / "bad.toml")]


# --- properties ---------------------------------------------------------------------------

safe_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(str.strip)
ids = st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True)


def toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


@settings(max_examples=60)
@given(st.lists(st.tuples(ids, safe_text, safe_text), min_size=1, max_size=8, unique_by=lambda t: t[0]))
def test_any_well_formed_deck_round_trips(cards):
    lines = ["[deck]", 'id = "gen"', 'title = "Generated"']
    for card_id, front, back in cards:
        lines += [
            "",
            "[[cards]]",
            f'id = "{card_id}"',
            'type = "basic"',
            f"front = {toml_string(front)}",
            f"back = {toml_string(back)}",
        ]
    deck, problems = parse_deck("\n".join(lines), "gen.toml")
    assert problems == []
    assert [(c.id, c.front, c.back) for c in deck.cards] == cards


@settings(max_examples=60)
@given(st.lists(ids, min_size=2, max_size=8), st.data())
def test_a_planted_unknown_key_is_found_at_its_line(card_ids, data):
    card_ids = list(dict.fromkeys(card_ids))
    target = data.draw(st.integers(min_value=0, max_value=len(card_ids) - 1))
    lines = ["[deck]", 'id = "gen"', 'title = "Generated"']
    planted_line = None
    for index, card_id in enumerate(card_ids):
        lines += ["[[cards]]", f'id = "{card_id}"', 'type = "basic"', 'front = "f"', 'back = "b"']
        if index == target:
            lines.append('bakc = "typo"')
            planted_line = len(lines)
    found = problems_of("\n".join(lines))
    assert found == [(planted_line, f"card '{card_ids[target]}': unknown key 'bakc' (did you mean 'back'?)")]


@settings(max_examples=80)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_raise(data):
    deck, problems = parse_deck(data, "fuzz.toml")
    assert (deck is None) == bool(problems)
    assert all(p.line >= 1 for p in problems)


@settings(max_examples=80)
@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(text):
    deck, problems = parse_deck(text, "fuzz.toml")
    assert (deck is None) == bool(problems)
