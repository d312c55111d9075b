"""Import (CSV/TSV, Anki text), export (Anki package read back by Anki itself, CSV), progress export and report."""

from __future__ import annotations

import json
import time
import tomllib
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from instructor_helpers import run_cli, write

from trainer.deck import parse_deck
from trainer.interop.html_text import Media, html_to_text
from trainer.interop.importer import ImportOptions, import_rows

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    data = tmp_path / "home"
    data.mkdir()
    monkeypatch.setenv("TRAINER_HOME", str(data))
    return data


def import_file(capsys, tmp_path, name: str, content: str | bytes, *options: str):
    source = tmp_path / name
    if isinstance(content, str):
        content = content.encode()
    source.write_bytes(content)
    out = tmp_path / "out.toml"
    code, _stdout, stderr = run_cli(
        capsys, "import", source, "--deck-id", "imp", "--title", "Imported", "-o", out, *options
    )
    cards = tomllib.loads(out.read_text())["cards"] if code == 0 else []
    return code, cards, stderr, out


# --- CSV and TSV ------------------------------------------------------------------------


@pytest.mark.parametrize("sep", [",", "\t", ";"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_separators_and_line_endings_are_detected(capsys, tmp_path, sep, newline):
    rows = [["Which root, medial malleolus?", "L4", "lower-limb"], ["Lateral heel", "S1", "foot"]]
    text = newline.join(sep.join(f'"{c}"' if sep in c else c for c in row) for row in rows) + newline
    code, cards, err, out = import_file(capsys, tmp_path, "cards.csv", text)
    assert code == 0, err
    assert [(c["front"], c["back"], c["tags"]) for c in cards] == [
        ("Which root, medial malleolus?", "L4", ["lower-limb"]),
        ("Lateral heel", "S1", ["foot"]),
    ]
    assert run_cli(capsys, "validate", out)[0] == 0


def test_header_row_bom_quoted_newlines_and_bad_rows(capsys, tmp_path):
    text = '\ufeffQuestion,Answer,Tags,Source\n"Two\nlines, with comma",L4,"a, b",ISNCSCI\n,L5,,\nNo back,,,\n'
    code, cards, err, _out = import_file(capsys, tmp_path, "s.csv", text)
    assert code == 0
    assert cards == [
        {
            "id": cards[0]["id"],
            "type": "basic",
            "front": "Two\nlines, with comma",
            "back": "L4",
            "tags": ["a", "b"],
            "source": "ISNCSCI",
        }
    ]
    assert f"{tmp_path / 's.csv'}:4: no front (the first field is empty)" in err
    assert f"{tmp_path / 's.csv'}:5: no back (the answer field is empty)" in err


def test_header_flags_and_columns(capsys, tmp_path):
    code, cards, _, _ = import_file(capsys, tmp_path, "a.csv", "front,back\nq,a\n", "--no-header")
    assert [c["front"] for c in cards] == ["front", "q"]
    code, cards, _, _ = import_file(
        capsys, tmp_path, "b.csv", "tags;back;front\nx;L4;Malleolus\n", "--columns", "tags,back,front", "--header"
    )
    assert [(c["front"], c["back"], c["tags"]) for c in cards] == [("Malleolus", "L4", ["x"])]
    code, cards, _, _ = import_file(capsys, tmp_path, "c.txt", "a|b\nc|d\n", "--delimiter", "pipe")
    assert [(c["front"], c["back"]) for c in cards] == [("a", "b"), ("c", "d")]
    code, _, err, _ = import_file(capsys, tmp_path, "d.csv", "a,b\n", "--columns", "front,wrong")
    assert code == 2 and "unknown column 'wrong'" in err


def test_ids_are_stable_across_reimports_after_edits(capsys, tmp_path):
    _, first, _, _ = import_file(capsys, tmp_path, "a.csv", "Medial malleolus?,L4\nLateral heel?,S1\n")
    _, second, _, _ = import_file(
        capsys, tmp_path, "a.csv", "Lateral heel?,S1 (edited)\nNew card?,x\nMedial malleolus?,L4\n"
    )
    ids = {c["front"]: c["id"] for c in first}
    assert {c["front"]: c["id"] for c in second if c["front"] in ids} == ids


# --- Anki text exports ------------------------------------------------------------------

ANKI_EXPORT = (
    "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n"
    "g1\tBasic\tAnatomy\tWhich root?<br>Medial&nbsp;malleolus &amp; more\t<b>L4</b>[sound:l4.mp3]\tlower-limb leech\n"
    'g2\tBasic (and reversed card)\tAnatomy\t"S2 key point"\t"Popliteal fossa, midpoint"\tkey-point\n'
    'g3\tCloze\tAnatomy::Sub\t{{c1::L5}} supplies the {{c2::dorsum::area}} <img src="foot.png">\tExtra text\t\n'
    "g4\tBasic (type in the answer)\tAnatomy\tLateral heel root?\tS1\t\n"
    "g5\tBasic\tAnatomy\t\tno front\t\n"
)


def test_anki_plain_text_export(capsys, tmp_path):
    code, cards, err, out = import_file(capsys, tmp_path, "anki.txt", ANKI_EXPORT)
    assert code == 0, err
    by_front = {c["front"]: c for c in cards}
    basic = by_front["Which root?\nMedial malleolus & more"]
    assert (basic["type"], basic["back"], basic["tags"]) == ("basic", "L4", ["lower-limb"])
    assert by_front["S2 key point"]["type"] == "reverse"
    assert by_front["[...] supplies the dorsum"]["back"] == "L5"
    assert by_front["L5 supplies the [area]"]["back"] == "dorsum"
    assert by_front["Lateral heel root?"] == {**by_front["Lateral heel root?"], "type": "typed", "answer": "S1"}
    assert f"{tmp_path / 'anki.txt'}:11: no front" in err
    assert "dropped 1 sound and 1 image" in err
    assert "2 Anki decks" in err
    assert run_cli(capsys, "validate", out)[0] == 0
    # ids come from the guid: the same note keeps its id whatever its text becomes
    _, again, _, _ = import_file(capsys, tmp_path, "anki.txt", ANKI_EXPORT.replace("Which root?", "Which nerve root?"))
    assert {c["id"] for c in again} == {c["id"] for c in cards}


def test_clozes_can_be_skipped(capsys, tmp_path):
    _code, cards, err, _ = import_file(capsys, tmp_path, "anki.txt", ANKI_EXPORT, "--skip-clozes")
    assert all("[...]" not in c["front"] for c in cards)
    assert f"{tmp_path / 'anki.txt'}:9: cloze deletion skipped (--skip-clozes)" in err


def test_old_anki_export_without_header_lines():
    result = import_rows("Medial malleolus<br>root?\tL4\n", "old.txt", ImportOptions())
    assert [(c["front"], c["back"]) for c in result.cards] == [("Medial malleolus\nroot?", "L4")]


def test_html_to_text():
    media = Media()
    text = html_to_text(
        '<div>L5&nbsp;&amp; S1</div><div>two<br/>three</div>[sound:x.mp3]<img src="a.png"> 1 &lt; 2', media
    )
    assert text == "L5 & S1\ntwo\nthree\n1 < 2"
    assert (media.sounds, media.images) == (1, 1)


# --- exports ----------------------------------------------------------------------------


def test_export_csv_then_import_gives_the_same_cards(capsys, tmp_path):
    out = tmp_path / "derm.csv"
    assert run_cli(capsys, "export-csv", ROOT / "decks" / "dermatomes.toml", out)[0] == 0
    code, _, err = run_cli(capsys, "import", out, "--deck-id", "copy", "-o", tmp_path / "copy.toml")
    assert code == 0, err
    original = tomllib.loads((ROOT / "decks" / "dermatomes.toml").read_text())["cards"]
    copy = tomllib.loads((tmp_path / "copy.toml").read_text())["cards"]
    keys = ("id", "type", "front", "back", "answer", "answers", "choices", "accept", "tags", "source", "note")
    assert [{k: c.get(k) for k in keys} for c in copy] == [{k: c.get(k) for k in keys} for c in original]


def test_apkg_opens_in_anki(capsys, tmp_path):
    anki_collection = pytest.importorskip("anki.collection", reason="the 'anki' package (Anki's core) is not installed")
    apkg = tmp_path / "mini.apkg"
    assert run_cli(capsys, "export-anki", FIXTURES / "mini.toml", apkg)[0] == 0
    col = anki_collection.Collection(str(tmp_path / "collection.anki2"))
    try:
        col.import_anki_package(anki_collection.ImportAnkiPackageRequest(package_path=str(apkg)))
        notes = [col.get_note(nid) for nid in col.find_notes("")]
        by_front = {note["Front"].split("<br>")[0]: note for note in notes}
        assert len(notes) == 5
        basic = by_front["Which root supplies the skin over the medial malleolus?"]
        assert basic.note_type()["name"] == "Anatomy trainer: Basic"
        assert basic["Back"] == "L4"
        assert "Source: ISNCSCI Key Sensory Points (ASIA/ISCoS, 2008)" in basic["Extra"]
        choice = by_front["Numbness over the dorsum of the foot at the third MTP joint: which root?"]
        assert "1. L4<br>2. L5<br>3. S1" in choice["Front"] and choice["Back"] == "L5"
        assert by_front["Key sensory point of S2"].note_type()["name"] == "Anatomy trainer: Basic (and reversed card)"
        assert by_front["Type the root of the lateral heel key point."].note_type()["name"] == (
            "Anatomy trainer: Basic (type in the answer)"
        )
        assert col.card_count() == 6  # the reverse note gives two cards
        # An updated deck re-imported updates its notes instead of adding new ones. Anki takes a
        # note only if it is newer than its copy, and note times have one-second resolution.
        time.sleep(1.1)
        write(
            tmp_path / "edited.toml",
            (FIXTURES / "mini.toml").read_text().replace('back = "L4"', 'back = "L4 (edited)"'),
        )
        assert run_cli(capsys, "export-anki", tmp_path / "edited.toml", apkg)[0] == 0
        col.import_anki_package(anki_collection.ImportAnkiPackageRequest(package_path=str(apkg)))
        assert len(col.find_notes("")) == 5
        backs = {col.get_note(nid)["Back"] for nid in col.find_notes("")}
        assert "L4 (edited)" in backs and "L4" not in backs
    finally:
        col.close()


def test_apkg_keeps_tags(capsys, tmp_path):
    anki_collection = pytest.importorskip("anki.collection", reason="the 'anki' package (Anki's core) is not installed")
    apkg = tmp_path / "derm.apkg"
    assert run_cli(capsys, "export-anki", ROOT / "decks" / "dermatomes.toml", apkg)[0] == 0
    col = anki_collection.Collection(str(tmp_path / "c.anki2"))
    try:
        col.import_anki_package(anki_collection.ImportAnkiPackageRequest(package_path=str(apkg)))
        original = tomllib.loads((ROOT / "decks" / "dermatomes.toml").read_text())["cards"]
        assert len(col.find_notes("")) == len(original)
        tagged = original[0]
        assert tagged["tags"]
        note = col.get_note(col.find_notes("tag:" + tagged["tags"][0])[0])
        assert set(tagged["tags"]) <= {t.lower() for t in note.tags} | set(note.tags)
    finally:
        col.close()


# --- progress export and class report ---------------------------------------------------


def _study(home: Path, profile: str, answers, days_ago: int) -> None:
    from trainer.records import Review
    from trainer.session import answer_state
    from trainer.store import Store

    when = datetime.now().astimezone() - timedelta(days=days_ago)
    with Store.open(home, profile) as store:
        for key, grade, response in answers:
            before = store.state(key)
            kind, after = answer_state(before, grade, when.date())
            store.record(Review(when, key, grade, kind, response, 1000, before, after))
            when += timedelta(days=1)


def test_progress_export_then_report(capsys, tmp_path, home):
    mini = str(FIXTURES / "mini.toml")
    _study(home, "alice", [("mini:l5-dorsum", 1, "L4"), ("mini:l5-dorsum", 4, "L5"), ("mini:s1-heel", 5, "S1")], 1)
    _study(home, "bob", [("mini:l5-dorsum", 2, "L4"), ("mini:s1-heel", 1, "L5")], 30)
    assert run_cli(capsys, "progress", "export", tmp_path / "alice.json", "--profile", "alice", "--deck", mini)[0] == 0
    assert run_cli(capsys, "progress", "export", tmp_path / "bob.csv", "--profile", "bob", "--deck", mini)[0] == 0
    exported = json.loads((tmp_path / "alice.json").read_text())
    assert exported["profile"] == "alice" and exported["format"] == "anatomy-trainer-progress"
    card = next(c for c in exported["cards"] if c["card"] == "l5-dorsum")
    assert (card["deck"], card["answer"], card["lapses"], card["first_try_accuracy"]) == ("mini", "L5", 1, 0.5)
    assert card["confusions"] == [{"given": "L4", "count": 1}]
    assert set(exported) == {"format", "version", "profile", "exported", "last_studied", "cards"}

    write(tmp_path / "broken.json", '{"format": "anatomy-trainer-progress", "profile": "x", "cards": [{"deck": 1}]}')
    code, out, err = run_cli(capsys, "report", tmp_path / "alice.json", tmp_path / "bob.csv", tmp_path / "broken.json")
    assert code == 0
    assert err.startswith(f"trainer: {tmp_path / 'broken.json'}: not a usable progress export")
    assert "2 students" in out
    assert "L4 / L5  2 times" in out
    assert "bob  (last studied" in out and "alice  (last studied" not in out
    hardest = out.split("Hardest cards")[1].splitlines()[2]
    assert hardest.split()[0] == "mini:l5-dorsum"

    code, out, _ = run_cli(capsys, "report", "--json", tmp_path / "alice.json", tmp_path / "bob.csv")
    report = json.loads(out)
    assert report["confused_roots"] == [{"roots": ["L4", "L5"], "times": 2}, {"roots": ["L5", "S1"], "times": 1}]
    assert [s["profile"] for s in report["not_studied_in_7_days"]] == ["bob"]
    assert {c["card"]: c["first_try_accuracy"] for c in report["cards"]} == {"l5-dorsum": 0.3333, "s1-heel": 0.5}
    code, out, _ = run_cli(capsys, "report", "--csv", tmp_path / "alice.json", tmp_path / "bob.csv")
    assert out.splitlines()[0].startswith("kind,name,students") and "confused-roots,L4/L5,,2," in out


def test_report_merges_versions_by_deck_and_card_and_counts_tags():
    from datetime import date

    from trainer.interop.class_report import build_report
    from trainer.interop.progress import CardResult, ProgressExport

    def result(card, answers, correct, tags, answer="L4"):
        return CardResult("d", card, "forward", "learning", 1, 0, answers, correct, "2026-11-20", tags, answer)

    old = ProgressExport("ann", "2026-11-01T10:00:00", "2026-11-20", [result("a", 4, 1, ["leg"], "L4")], "old.json")
    new_version = ProgressExport(
        "ben",
        "2026-11-21T10:00:00",
        "2026-11-20",
        [result("a", 2, 2, ["leg", "foot"], "L4 (reworded)"), result("b", 2, 1, ["foot"])],
        "b.json",
    )
    stale = ProgressExport("ann", "2026-10-01T10:00:00", "2026-10-01", [result("a", 9, 0, ["leg"])], "stale.json")
    report = build_report([old, new_version, stale], date(2026, 11, 22))
    assert report.cards[("d", "a", "forward")].accuracy == 0.5  # 3 of 6 across both deck versions
    assert report.tags["leg"].accuracy == 0.5 and report.tags["foot"].accuracy == 0.75
    assert report.replaced == ["stale.json"]  # the newest export of a profile counts
    assert report.inactive == []


def test_report_with_only_malformed_files_fails_in_one_line(capsys, tmp_path):
    write(tmp_path / "x.json", "[1, 2]")
    code, _out, err = run_cli(capsys, "report", tmp_path / "x.json")
    assert code == 1 and len(err.strip().splitlines()) == 1


# --- hostile inputs -----------------------------------------------------------------------


def _hostile(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"hostile-{kind}.toml"
    if kind == "binary":
        path.write_bytes(bytes(range(256)) * 8)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "huge":
        with open(path, "wb") as handle:
            handle.truncate(200 * 1024 * 1024)  # sparse: costs no disk
    elif kind == "latin1":
        path.write_bytes("front,back\ncafé,L4\n".encode("latin-1"))
    elif kind == "utf16":
        path.write_bytes("front,back\nq,L4\n".encode("utf-16"))
    elif kind == "directory":
        path.mkdir()
    return path


COMMANDS = {
    "validate": lambda p, t: ["validate", p],
    "import": lambda p, t: ["import", p, "-o", t / "o.toml"],
    "export-anki": lambda p, t: ["export-anki", p, t / "o.apkg"],
    "export-csv": lambda p, t: ["export-csv", p, t / "o.csv"],
    "report": lambda p, t: ["report", p],
}


@pytest.mark.parametrize("kind", ["binary", "empty", "huge", "latin1", "utf16", "directory"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_hostile_inputs_fail_in_one_clear_line(capsys, tmp_path, command, kind):
    path = _hostile(tmp_path, kind)
    code, out, err = run_cli(capsys, *COMMANDS[command](path, tmp_path))
    assert code == 1
    lines = (out + err).strip().splitlines()
    assert lines and all(str(path) in line or line.startswith("trainer: ") for line in lines)
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_fifo_is_refused_without_hanging(tmp_path, command):
    import os
    import subprocess
    import sys

    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    result = subprocess.run(
        [sys.executable, "-m", "trainer", *map(str, COMMANDS[command](fifo, tmp_path))],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=ROOT,
        env={**os.environ, "TRAINER_HOME": str(tmp_path / "h")},
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "not a regular file" in result.stdout + result.stderr


def test_progress_export_to_a_folder_or_bad_name(capsys, tmp_path):
    assert run_cli(capsys, "progress", "export", tmp_path)[0] != 0
    assert run_cli(capsys, "progress", "export", tmp_path / "x.txt")[0] == 2
    assert run_cli(capsys, "progress", "export")[0] == 2


def test_imported_text_with_control_characters_is_cleaned(tmp_path):
    result = import_rows("Front\x1b[31m red,L4\x07\n", "c.csv", ImportOptions())
    assert result.cards[0]["front"] == "Front[31m red" and result.cards[0]["back"] == "L4"
    assert result.controls_removed == 2
    from trainer.interop.toml_out import deck_toml

    _deck, problems = parse_deck(deck_toml({"id": "x", "title": "x"}, result.cards), "x.toml")
    assert problems == []


def test_anki_fixed_notetype_and_tags_lines():
    text = "#separator:Semicolon\n#html:false\n#notetype:Basic (and reversed card)\n#tags:anatomy\nS2 key point;Popliteal fossa\n"
    result = import_rows(text, "a.txt", ImportOptions())
    assert [(c["type"], c["front"], c["back"], c["tags"]) for c in result.cards] == [
        ("reverse", "S2 key point", "Popliteal fossa", ["anatomy"])
    ]


def test_deck_to_anki_to_anki_text_export_to_deck(capsys, tmp_path):
    """The whole trip through Anki itself: export-anki, Anki's importer, Anki's own text export, trainer import."""
    anki_collection = pytest.importorskip("anki.collection", reason="the 'anki' package (Anki's core) is not installed")
    apkg = tmp_path / "mini.apkg"
    assert run_cli(capsys, "export-anki", FIXTURES / "mini.toml", apkg)[0] == 0
    col = anki_collection.Collection(str(tmp_path / "c.anki2"))
    try:
        col.import_anki_package(anki_collection.ImportAnkiPackageRequest(package_path=str(apkg)))
        cloze = col.new_note(col.models.by_name("Cloze"))
        cloze["Text"] = "{{c1::L5}} supplies the <b>dorsum</b>&nbsp;of the foot<br>[sound:x.mp3]"
        cloze.tags = ["foot"]
        col.add_note(cloze, col.decks.id("Other"))
        col.export_note_csv(
            out_path=str(tmp_path / "notes.txt"),
            limit=anki_collection.NoteIdsLimit(note_ids=list(col.find_notes(""))),
            with_html=True,
            with_tags=True,
            with_deck=True,
            with_notetype=True,
            with_guid=True,
        )
    finally:
        col.close()
    code, _, err = run_cli(capsys, "import", tmp_path / "notes.txt", "--deck-id", "back", "-o", tmp_path / "back.toml")
    assert code == 0, err
    assert "dropped 1 sound" in err
    cards = {c["front"].split("\n")[0]: c for c in tomllib.loads((tmp_path / "back.toml").read_text())["cards"]}
    basic = cards["Which root supplies the skin over the medial malleolus?"]
    assert (basic["back"], basic["source"], basic["note"]) == (
        "L4",
        "ISNCSCI Key Sensory Points (ASIA/ISCoS, 2008)",
        "Borders overlap with L3 and L5.",
    )
    typed = cards["Type the root of the lateral heel key point."]
    assert (typed["type"], typed["answer"], typed["accept"]) == ("typed", "S1", ["first sacral"])
    assert cards["Key sensory point of S2"]["type"] == "reverse"
    assert cards["[...] supplies the dorsum of the foot"] | {"id": ""} == {
        "id": "",
        "type": "basic",
        "front": "[...] supplies the dorsum of the foot",
        "back": "L5",
        "tags": ["foot"],
    }
    code, out, _ = run_cli(capsys, "validate", tmp_path / "back.toml")
    assert code == 0 and "OK: 1 deck, 6 cards" in out


def test_map_cards_travel_to_anki_as_text():
    from trainer.deck import Card
    from trainer.interop.anki_export import BASIC, note_fields

    locate = Card("d", "l5-locate", "map", "Show me the L5 dermatome.", mode="locate", region="L5", view="front")
    named = Card(
        "d", "ankle", "map", "Which root supplies the highlighted point?", answer="L4", landmark="medial malleolus"
    )
    assert note_fields(locate) == (BASIC, ["Show me the L5 dermatome.", "L5", ""])
    assert note_fields(named)[1][:2] == ["Which root supplies the highlighted point?", "L4"]


def test_importing_an_anki_package_says_how_to_export_text(capsys, tmp_path):
    apkg = tmp_path / "mini.apkg"
    assert run_cli(capsys, "export-anki", FIXTURES / "mini.toml", apkg)[0] == 0
    code, _, err = run_cli(capsys, "import", apkg)
    assert code == 1 and "Notes in Plain Text" in err and len(err.strip().splitlines()) == 1
