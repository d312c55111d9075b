"""The command line as a user runs it: exit codes, one-line errors, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


def trainer(*args: str, data_dir: Path | None = None, env: dict | None = None, input: str | None = None):
    full_env = {**os.environ, **(env or {})}
    full_env.pop("TRAINER_DEBUG", None)
    if data_dir is not None:
        full_env["TRAINER_HOME"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "trainer", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=ROOT,
        input=input,
        timeout=60,
    )


def assert_clean_failure(result, code=None):
    assert result.returncode != 0 if code is None else result.returncode == code
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("trainer: "), result.stderr


def test_validate_shipped_decks_is_clean():
    result = trainer("validate", "decks/")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("OK: 5 decks")
    assert "basic" in result.stdout and "choice" in result.stdout and "typed" in result.stdout


def test_validate_reports_every_problem_with_path_and_line(tmp_path):
    deck = tmp_path / "broken.toml"
    deck.write_text(
        '[deck]\nid = "x"\ntitle = ""\n\n[[cards]]\nid = "a"\ntype = "choice"\nfront = "q"\nchoices = ["L4", "L5"]\nanswer = "S1"\n'
    )
    result = trainer("validate", str(deck), str(FIXTURES / "mini.toml"))
    assert result.returncode == 1
    assert [line for line in result.stdout.splitlines() if ": warning: " not in line] == [
        f"{deck}:3: [deck] 'title' is empty",
        f"{deck}:10: card 'a': answer 'S1' is not one of the choices",
    ]
    assert_clean_failure(result, 1)


def test_validate_a_missing_file(tmp_path):
    result = trainer("validate", str(tmp_path / "nope.toml"))
    assert result.returncode == 1
    assert result.stdout.strip() == f"{tmp_path / 'nope.toml'}:1: no such file or folder"


def test_validate_without_paths_is_a_usage_error():
    assert_clean_failure(trainer("validate"), 2)


def test_unknown_command_is_one_line():
    assert_clean_failure(trainer("frobnicate"), 2)


def test_decks_lists_built_in_user_and_extra_decks(tmp_path):
    user_decks = tmp_path / "decks"
    user_decks.mkdir()
    (user_decks / "mine.toml").write_text((FIXTURES / "mini.toml").read_text().replace('id = "mini"', 'id = "mine"', 1))
    (user_decks / "broken.toml").write_text("[deck\n")
    result = trainer("decks", "--deck", str(FIXTURES / "hostile.toml"), data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["deck", "cards", "new", "due", "again", "title"]
    assert "reverse card counts 2" in lines[-1]
    ids = [line.split()[0] for line in lines[1:-1] if not line.startswith("skipped")]
    builtin = {"dermatomes", "landmarks", "red-flags", "peripheral-nerves", "clinical-exam"}
    assert set(ids[: len(builtin)]) == builtin
    assert "mine" in ids and "hostile" in ids
    assert any(line.startswith(f"skipped {user_decks / 'broken.toml'}") for line in result.stdout.splitlines())


def test_data_dir_option_overrides_the_environment(tmp_path):
    env_dir, option_dir = tmp_path / "env", tmp_path / "option"
    (option_dir / "decks").mkdir(parents=True)
    (option_dir / "decks" / "mini.toml").write_text((FIXTURES / "mini.toml").read_text())
    result = trainer("decks", "--data-dir", str(option_dir), data_dir=env_dir)
    assert "mini" in result.stdout


def test_progress_json_on_a_new_profile(tmp_path):
    result = trainer("progress", "--json", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["reviews"] == 0 and report["cards_seen"] == 0 and report["last_studied"] is None
    assert report["new_available"] > 0 and report["due_today"] == 0


def test_progress_counts_recorded_reviews(tmp_path):
    from datetime import datetime

    from trainer.records import Review
    from trainer.session import answer_state
    from trainer.store import Store

    now = datetime.now().astimezone()
    with Store.open(tmp_path) as store:
        for key, grade in [("mini:l4-malleolus", 5), ("mini:l5-dorsum", 1)]:
            kind, after = answer_state(None, grade, now.date())
            store.record(
                Review(time=now, key=key, grade=grade, kind=kind, response=None, ms=900, before=None, after=after)
            )
        # progress is read-only and works while another trainer holds the profile
        result = trainer("progress", "--json", "--deck", str(FIXTURES / "mini.toml"), data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["reviews"], report["cards_seen"]) == (2, 2)
    assert report["last_studied"] is not None


def test_study_unknown_deck_is_one_line(tmp_path):
    result = trainer("study", "no-such-deck", data_dir=tmp_path)
    assert_clean_failure(result, 2)
    assert "no deck 'no-such-deck'" in result.stderr


def test_study_a_broken_deck_file_names_its_first_problem(tmp_path):
    deck = tmp_path / "bad.toml"
    deck.write_text("[deck]\nid = 'x'\n")
    result = trainer("study", str(deck), data_dir=tmp_path / "data")
    assert_clean_failure(result, 1)
    assert f"{deck}:1:" in result.stderr


def test_bad_profile_name_is_one_line(tmp_path):
    assert_clean_failure(trainer("progress", "--profile", "../evil", data_dir=tmp_path), 1)


def test_corrupt_progress_is_reported_and_kept(tmp_path):
    from trainer.store import Store

    with Store.open(tmp_path) as store:
        profile_dir = store.profile_dir
    damaged = []
    for path in sorted(profile_dir.rglob("*")):
        if (
            path.is_file()
            and "backup" not in str(path.relative_to(profile_dir))
            and path.suffix in (".json", ".jsonl", ".db")
        ):
            path.write_bytes(b'{"half a file')
            damaged.append(path)
    assert damaged
    result = trainer("progress", data_dir=tmp_path)
    assert_clean_failure(result, 1)
    assert any(str(p.name) in result.stderr for p in damaged)
    assert all(p.read_bytes() == b'{"half a file' for p in damaged)


def test_version():
    result = trainer("--version")
    assert result.returncode == 0 and result.stdout.startswith("trainer ")


def test_unsuspend_lists_and_restores_suspended_cards(tmp_path):
    from trainer.records import CardState
    from trainer.store import Store

    with Store.open(tmp_path) as store:
        store.set_state("mini:l4-malleolus", CardState(suspended=True))
    listed = trainer("unsuspend", data_dir=tmp_path)
    assert listed.returncode == 0 and listed.stdout.split() == ["mini:l4-malleolus"]
    assert_clean_failure(trainer("unsuspend", "mini:nope", data_dir=tmp_path), 1)
    done = trainer("unsuspend", "--all", data_dir=tmp_path)
    assert done.returncode == 0 and "unsuspended 1 card" in done.stdout
    with Store.open(tmp_path) as store:
        assert not store.state("mini:l4-malleolus").suspended


# --- common options, empty names, read-only commands on unknown profiles (issue 9, item 12)


def test_common_options_are_accepted_before_or_after_every_command(tmp_path):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "mine.toml").write_text(
        (FIXTURES / "mini.toml").read_text().replace('id = "mini"', 'id = "mine"', 1)
    )
    common = ["--data-dir", str(tmp_path), "--profile", "default", "--deck", str(FIXTURES / "hostile.toml")]
    for command in (["validate", str(FIXTURES / "mini.toml")], ["decks"], ["progress"], ["unsuspend"]):
        for argv in ([*common, *command], [*command, *common]):
            result = trainer(*argv, data_dir=tmp_path / "elsewhere")
            assert result.returncode == 0, (argv, result.stderr)
            assert "Traceback" not in result.stderr
    listed = trainer("decks", "--data-dir", str(tmp_path)).stdout
    assert "mine" in listed  # the option after the command was used, not ignored
    listed = trainer("--data-dir", str(tmp_path), "decks").stdout
    assert "mine" in listed


def test_validate_with_data_dir_after_the_command(tmp_path):
    result = trainer("validate", "--data-dir", str(tmp_path), str(FIXTURES / "mini.toml"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("OK: 1 deck")


def test_study_an_empty_name_is_rejected(tmp_path):
    result = trainer("study", "", data_dir=tmp_path)
    assert_clean_failure(result, 2)
    assert "empty" in result.stderr
    assert not (tmp_path / "profiles").exists()


def test_an_empty_profile_name_is_an_error(tmp_path):
    for argv in (["progress", "--profile", ""], ["--profile", "", "decks"], ["study", "--profile=", "mini"]):
        result = trainer(*argv, data_dir=tmp_path)
        assert_clean_failure(result, 2)
        assert "--profile" in result.stderr


def test_read_only_commands_do_not_create_a_misspelt_profile(tmp_path):
    from trainer.store import Store

    with Store.open(tmp_path, "default"):
        pass
    with Store.open(tmp_path, "alice"):
        pass
    for command in ("progress", "restore", "decks", "stats"):
        result = trainer(command, "--profile", "defualt", data_dir=tmp_path)
        assert_clean_failure(result, 1)
        assert "no profile 'defualt'" in result.stderr
        assert "alice, default" in result.stderr
    assert sorted(p.name for p in (tmp_path / "profiles").iterdir()) == ["alice", "default"]


def test_validate_says_one_entry_not_one_entries(tmp_path):
    deck = tmp_path / "d.toml"
    deck.write_text(
        '[deck]\nid = "d"\ntitle = "D"\n\n[[cards]]\nid = "a"\ntype = "multi"\nfront = "q"\n'
        'choices = ["L4", "L5"]\nanswers = []\n'
    )
    result = trainer("validate", str(deck))
    assert result.returncode == 1
    assert "needs at least 1 entry, has 0" in result.stdout


def test_decks_progress_and_home_count_the_same_way(tmp_path):
    """One definition of each count: `decks` per deck adds up to `progress`, reverse cards counted twice."""
    from trainer.store import Store

    with Store.open(tmp_path) as store:
        store.save_settings({"new_per_day": 3})
    deck = ["--deck", str(FIXTURES / "mini.toml")]
    report = json.loads(trainer("progress", "--json", *deck, data_dir=tmp_path).stdout)
    listed = trainer("decks", *deck, data_dir=tmp_path).stdout.splitlines()
    rows = {line.split()[0]: line.split()[1:5] for line in listed[1:-1] if not line.startswith("skipped")}
    assert rows["mini"] == ["6", "3", "0", "0"]  # 5 cards, one reverse: 6 questions; 3 new under the limit
    assert sum(int(r[0]) for r in rows.values()) == report["cards_total"] == report["new_total"]
    assert sum(int(r[1]) for r in rows.values()) == report["new_today"]
    assert sum(int(r[2]) for r in rows.values()) == report["due_today"]
    text = trainer("progress", *deck, data_dir=tmp_path).stdout
    assert f"cards         {report['cards_total']} in 6 decks (a reverse card counts 2" in text
    assert f"today         {report['new_today']} new, 0 due, 0 again" in text


def test_deck_options_before_and_after_the_command_add_up(tmp_path):
    result = trainer(
        "--deck", str(FIXTURES / "mini.toml"), "decks", "--deck", str(FIXTURES / "hostile.toml"), data_dir=tmp_path
    )
    assert result.returncode == 0, result.stderr
    ids = [line.split()[0] for line in result.stdout.splitlines()[1:-1]]
    assert "mini" in ids and "hostile" in ids
