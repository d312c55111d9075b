"""trainer validate's warnings, --strict, --format json and exit codes; partial loading; which deck file wins."""

from __future__ import annotations

import json

import pytest
from instructor_helpers import card, deck, run_cli, write

from trainer.deck import parse_deck
from trainer.store.deck_cache import DeckCache
from trainer.store.deck_files import BUILTIN_DECK_DIR, load_decks


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    """An empty data folder, so the real user's decks and cache never count."""
    data = tmp_path / "home"
    data.mkdir()
    monkeypatch.setenv("TRAINER_HOME", str(data))
    return data


def warnings_of(capsys, *paths) -> list[str]:
    code, out, _ = run_cli(capsys, "validate", "--format", "json", *paths)
    found = json.loads(out)
    assert code == 0, found
    return [f["message"] for f in found if f["severity"] == "warning"]


def test_a_clean_deck_has_no_warnings_and_exits_0(capsys, tmp_path):
    path = write(tmp_path / "a.toml", deck("clean", card("a", "Which root supplies the medial malleolus?")))
    code, out, err = run_cli(capsys, "validate", path)
    assert (code, out.strip(), err) == (0, "OK: 1 deck, 1 card (basic 1)", "")
    assert warnings_of(capsys, path) == []


def test_card_without_source(capsys, tmp_path):
    path = write(tmp_path / "a.toml", deck("d", card("a", "Front?", source=None)))
    assert warnings_of(capsys, path) == ["card 'a': no 'source': cite where the fact comes from"]


def test_choice_options_that_differ_only_in_punctuation(capsys, tmp_path):
    repeated = card("a", "Which root?", "L5", type="choice", choices='["L4", "L 4.", "L5"]')
    distinct = card("b", "Which other root?", "L5", type="choice", choices='["L4", "L5", "S1"]')
    path = write(tmp_path / "a.toml", deck("d", repeated, distinct))
    assert warnings_of(capsys, path) == [
        "card 'a': choices 'L4' and 'L 4.' differ only in case, spacing or punctuation"
    ]


def test_near_duplicate_fronts_within_and_across_decks(capsys, tmp_path):
    a = write(
        tmp_path / "a.toml",
        deck(
            "a",
            card("one", "Which root supplies the medial malleolus?"),
            card("two", "which root supplies THE medial malleolus"),
            card("lateral", "Which root supplies the lateral malleolus?"),
            card("l5", "Which root is L5?"),
            card("l4", "Which root is L4?"),
        ),
    )
    b = write(tmp_path / "b.toml", deck("b", card("typo", "Whcih root supplies the lateral malleolus?")))
    found = warnings_of(capsys, a, b)
    assert len(found) == 2
    assert found[0].startswith("card 'two': front is nearly the same as card 'one' (line")
    assert found[1].startswith(f"card 'typo': front is nearly the same as card 'lateral' in {a}")


def test_cards_in_one_group_are_not_near_duplicates(capsys, tmp_path):
    from trainer.deck import ALL_CARD_KEYS

    if "group" not in ALL_CARD_KEYS:
        pytest.skip("the deck format has no 'group' key yet")
    path = write(
        tmp_path / "a.toml",
        deck("d", card("a", "Same question?", group='"g"'), card("b", "Same question?", group='"g"')),
    )
    assert warnings_of(capsys, path) == []


def test_deck_id_clash_with_a_built_in_deck(capsys, tmp_path):
    path = write(tmp_path / "mine.toml", deck("dermatomes", card("zz-unique", "Something nobody else asks?")))
    found = warnings_of(capsys, path)
    assert any(
        m.startswith(f"deck id 'dermatomes' is also used by the built-in deck {BUILTIN_DECK_DIR / 'dermatomes.toml'}")
        for m in found
    )


def test_deck_id_clash_with_the_user_deck_folder(capsys, tmp_path, home):
    installed = write(home / "decks" / "mine.toml", deck("mine", card("a", "Front?")))
    path = write(tmp_path / "work" / "mine.toml", deck("mine", card("a", "Front?")))
    found = warnings_of(capsys, path)
    assert found == [
        f"deck id 'mine' is also used by the deck {installed}: the trainer loads one deck per id, "
        "so one of them is not used (give this deck its own id, or replace that one on purpose)"
    ]
    assert warnings_of(capsys, installed) == []  # the installed file itself is no clash


def test_control_characters_are_warned_and_never_printed(capsys, tmp_path):
    path = write(tmp_path / "a.toml", deck("d", card("a", "Front \\u001b]0;pwned\\u0007?")))
    code, out, _ = run_cli(capsys, "validate", path)
    assert code == 0
    assert "card 'a': 'front' holds control characters" in out
    assert "\x1b" not in out and "\x07" not in out


def test_answer_changed_since_the_trainer_last_loaded_the_file(capsys, tmp_path, home):
    path = write(tmp_path / "a.toml", deck("d", card("a", "Medial malleolus?", "L4"), card("b", "Heel?", "S1")))
    load_decks([path], cache=DeckCache(home))  # what a student's trainer saw
    assert warnings_of(capsys, path) == []
    write(path, deck("d", card("a", "Medial malleolus?", "L5"), card("b", "Lateral heel?", "S1")))
    found = warnings_of(capsys, path)
    assert len(found) == 1
    assert found[0].startswith("card 'a': answer changed from 'L4' to 'L5' since the version the trainer last loaded")


def test_answer_changed_against_the_installed_copy(capsys, tmp_path, home):
    write(home / "decks" / "d.toml", deck("d", card("a", "Medial malleolus?", "L4")))
    path = write(tmp_path / "d.toml", deck("d", card("a", "Medial malleolus?", "L5")))
    assert any("answer changed from 'L4' to 'L5'" in m for m in warnings_of(capsys, path))


def test_strict_makes_warnings_fail(capsys, tmp_path):
    path = write(tmp_path / "a.toml", deck("d", card("a", "Front?", source=None)))
    assert run_cli(capsys, "validate", path)[0] == 0
    code, out, err = run_cli(capsys, "validate", "--strict", path)
    assert code == 1
    assert f"{path}:5: warning: card 'a': no 'source'" in out
    assert err.strip() == "trainer: 1 warning (--strict makes warnings fail)"


def test_json_objects_for_errors_and_warnings(capsys, tmp_path):
    bad = write(tmp_path / "bad.toml", deck("d", card("a", "Front?", source=None), card("b", "", "x")))
    code, out, _ = run_cli(capsys, "validate", "--format", "json", bad)
    assert code == 1
    found = json.loads(out)
    assert {tuple(sorted(f)) for f in found} == {("line", "message", "path", "severity")}
    assert {"path": str(bad), "line": 14, "severity": "error", "message": "card 'b': 'front' is empty"} in found


def test_usage_errors_exit_2(capsys, tmp_path):
    assert run_cli(capsys, "validate")[0] == 2
    assert run_cli(capsys, "validate", "--format", "xml", tmp_path)[0] == 2


def test_new_deck_validates_without_warnings(capsys, tmp_path):
    path = tmp_path / "anatomy-basics.toml"
    code, out, _ = run_cli(capsys, "new-deck", path)
    assert code == 0 and path.exists()
    code, out, err = run_cli(capsys, "validate", "--strict", path)
    assert code == 0, out + err
    assert out.startswith("OK: 1 deck, ")
    # one card of each type the deck format knows (map cards too, once the format has them)
    from trainer.deck import CARD_TYPES

    loaded, _ = parse_deck(path.read_bytes(), path)
    assert sorted(c.type for c in loaded.cards) == sorted(CARD_TYPES)
    assert 'id = "anatomy-basics"' in path.read_text()
    assert run_cli(capsys, "new-deck", path)[0] == 1  # never overwrites


# --- partial loading ------------------------------------------------------------------


def test_a_bad_card_is_skipped_and_the_rest_load(tmp_path):
    text = deck(
        "d", card("a", "Good?"), card("b", "Bad?", "L4", type="choice", choices='["L5", "S1"]'), card("c", "Also good?")
    )
    loaded, problems = parse_deck(text, "d.toml", partial=True)
    assert problems == [] and [c.id for c in loaded.cards] == ["a", "c"]
    assert [p.message for p in loaded.skipped] == ["card 'b': answer 'L4' is not one of the choices"]
    assert parse_deck(text, "d.toml")[0] is None  # validate's view: every problem is an error


def test_a_deck_whose_every_card_is_bad_is_skipped(tmp_path):
    text = deck("d", card("a", ""), card("b", "Bad?", bogus='"x"'))
    loaded, problems = parse_deck(text, "d.toml", partial=True)
    assert loaded is None and len(problems) == 2


def test_a_broken_deck_table_still_skips_the_file(tmp_path):
    text = '[deck]\nid = "Bad Id"\ntitle = "T"\n\n' + card("a", "Good?")
    loaded, problems = parse_deck(text, "d.toml", partial=True)
    assert loaded is None and problems


def test_library_loads_partial_decks_but_validate_reports_errors(capsys, tmp_path):
    path = write(tmp_path / "d.toml", deck("d", card("a", "Good?"), card("b", "Bad?", bogus='"x"')))
    library = load_decks([path])
    assert [c.id for c in library.decks[0].cards] == ["a"] and library.decks[0].skipped
    code, out, _ = run_cli(capsys, "validate", path)
    assert code == 1 and "card 'b': unknown key 'bogus'" in out


# --- precedence -------------------------------------------------------------------------


def test_command_line_beats_user_folder_beats_built_in(tmp_path):
    user = write(tmp_path / "user" / "derm.toml", deck("dermatomes", card("a", "User copy?")))
    cli = write(tmp_path / "work" / "derm.toml", deck("dermatomes", card("a", "Working copy?")))
    library = load_decks([user.parent, cli], builtin_paths=[BUILTIN_DECK_DIR])
    assert library.by_id("dermatomes").path == str(cli)
    notices = {p.path: p.message for p in library.problems}
    assert (
        notices[str(BUILTIN_DECK_DIR / "dermatomes.toml")]
        == f"not used: the built-in deck 'dermatomes' is replaced by {user}"
    )
    assert notices[str(user)].startswith(f"not used: deck id 'dermatomes' is also in {cli}, which is used instead")
    assert [d.id for d in library.decks].count("dermatomes") == 1


def test_user_folder_beats_built_in(tmp_path):
    user = write(tmp_path / "user" / "derm.toml", deck("dermatomes", card("a", "User copy?")))
    library = load_decks([user.parent], builtin_paths=[BUILTIN_DECK_DIR])
    assert library.by_id("dermatomes").path == str(user)
    assert len(library.problems) == 1 and "not used: the built-in deck" in library.problems[0].message


def test_study_path_wins_over_the_user_copy(capsys, tmp_path, home):
    write(home / "decks" / "d.toml", deck("d", card("a", "Installed?")))
    work = write(tmp_path / "d.toml", deck("d", card("a", "Edited?")))
    from trainer.cli import _study_targets, build_parser

    args = build_parser().parse_args(["study", str(work)])
    library, chosen = _study_targets(args)
    assert chosen == ["d"] and library.by_id("d").cards[0].front == "Edited?"
    assert any(p.message.startswith("not used: deck id 'd'") for p in library.problems)


# --- the guide's table of common mistakes shows the real messages ---------------------------

MISTAKES = [
    '[deck]\nid = "my-deck"\ntitle = "Mistakes"\n\n[[cards]]\nid = "L4 malleolus"\ntype = "basic"\n'
    'front = "Medial malleolus?"\nback = "L4"\n\n[[cards]]\nid = "dorsum"\ntype = "choise"\nfront = "Dorsum of foot?"\n\n'
    '[[cards]]\nid = "heel"\ntype = "choice"\nfront = "Lateral heel?"\nchoices = ["L5", "S1", "S2"]\nanswer = "s1 "\n\n'
    '[[cards]]\nid = "heel"\ntype = "typed"\nfront = "Lateral heel root?"\nanwser = "S1"\n\n'
    '[[cards]]\nid = "ces"\ntype = "multi"\nfront = "CES?"\nchoices = ["Saddle anaesthesia", "Retention"]\n'
    'answers = ["Saddle anesthesia"]\ntags = "cauda-equina"\n',
    '[deck]\nid = "x"\ntitle = Mistakes\n',
    '[[cards]]\nid = "a"\ntype = "basic"\nfront = "q"\nback = "a"\n',
    '[deck]\nid = "d"\ntitle = ""\n\n[[cards]]\nid = "a"\ntype = "choice"\nfront = "q"\nchoices = ["L4", "L4", "L5"]\nanswer = "L4"\n',
    '[deck]\nid = "d"\ntitle = "T"\n\n[[cards]]\nid = "a"\ntype = "choice"\nfront = "q"\n'
    'choices = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]\nanswer = "1"\n',
]


def test_the_guide_quotes_the_real_error_messages(capsys, tmp_path):
    import re
    from pathlib import Path

    guide = (Path(__file__).resolve().parent.parent / "docs" / "deck-format.md").read_text()
    section = guide.split("## 8. Common mistakes")[1].split("\n## ")[0]
    documented = re.findall(r"`(deck\.toml:\d+: [^`]+)`", section)
    assert len(documented) >= 12
    seen: set[str] = set()
    for number, text in enumerate(MISTAKES):
        path = write(tmp_path / str(number) / "deck.toml", text)
        _, out, _ = run_cli(capsys, "validate", path)
        seen.update(line.replace(str(path), "deck.toml") for line in out.splitlines())
    assert [m for m in documented if m not in seen] == []


def test_a_question_a_built_in_deck_already_asks(capsys, tmp_path):
    path = write(
        tmp_path / "mine.toml",
        deck(
            "mine", card("dup", "Which root is tested at the midpoint of the popliteal fossa?"), card("new", "Unique?")
        ),
    )
    found = warnings_of(capsys, path)
    assert len(found) == 1
    assert found[0].startswith("card 'dup': front is nearly the same as card '")
    assert str(BUILTIN_DECK_DIR) in found[0]


def test_a_card_nearly_equal_to_two_others_is_reported_once(capsys, tmp_path):
    path = write(
        tmp_path / "a.toml",
        deck(
            "d",
            card("a", "Medial malleolus root?"),
            card("b", "medial malleolus root"),
            card("c", "Medial Malleolus, root?"),
        ),
    )
    found = warnings_of(capsys, path)
    assert [m.split(":")[0] for m in found] == ["card 'b'", "card 'c'"]
