"""No control character or escape sequence from deck text reaches the terminal, in any CLI output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from trainer.text import has_control, printable

ROOT = Path(__file__).resolve().parent.parent

SEQUENCES = [
    "\x1b]0;PWNED\x07",  # OSC 0: window title
    "\x1b]52;c;UFdORUQ=\x1b\\",  # OSC 52: clipboard
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",  # OSC 8: hyperlink
    "\x1b[>c",  # CSI query: the terminal answers on stdin
    "\x1b[c",
    "\x1b[>0q",
    "\x1b[2J\x1b[?1049l\x1bc",  # clear, leave the alternate screen, reset
    "\x1b[31mred\x1b[0m",  # SGR
    "\x9b31m",  # 8-bit CSI
    "\x9d0;x\x9c",  # 8-bit OSC and ST
]
EVERY_CONTROL = "".join(chr(c) for c in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)])


def _raw_controls(text: str, *, allow_newline: bool) -> list[str]:
    allowed = {"\n", "\t"} if allow_newline else set()
    return [c for c in text if (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F) and c not in allowed]


@pytest.mark.parametrize("one_line", [False, True])
def test_every_c0_and_c1_control_and_del_becomes_visible(one_line):
    shown = printable(f"a{EVERY_CONTROL}b", one_line=one_line)
    assert _raw_controls(shown, allow_newline=not one_line) == []
    assert shown.startswith("a") and shown.endswith("b")
    assert "\u241b" in shown  # ESC shown as ␛, not sent
    if one_line:
        assert "\n" not in shown and "\t" not in shown
    else:
        assert "\n" in shown and "\t" in shown


@pytest.mark.parametrize("sequence", SEQUENCES)
def test_escape_sequences_are_inert(sequence):
    shown = printable(sequence, one_line=True)
    assert _raw_controls(shown, allow_newline=False) == []
    assert has_control(sequence) and not has_control(shown)


def test_each_control_byte_alone():
    for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]:
        shown = printable(chr(code), one_line=True)
        assert len(shown) >= 1 and _raw_controls(shown, allow_newline=False) == [], hex(code)


def _run(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "TRAINER_HOME": str(home)}
    env.pop("TRAINER_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "trainer", *args], capture_output=True, env=env, cwd=ROOT, timeout=60)


def _assert_clean(result: subprocess.CompletedProcess) -> None:
    for stream in (result.stdout, result.stderr):
        text = stream.decode("utf-8", errors="replace")
        assert _raw_controls(text, allow_newline=True) == [], text
        assert b"Traceback" not in stream


def _toml_escape(text: str) -> str:
    return "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}" for c in text)


@pytest.fixture
def hostile_home(tmp_path):
    """A data folder whose user decks hold every control in titles, ids and file names."""
    home = tmp_path / "home"
    decks = home / "decks"
    decks.mkdir(parents=True)
    evil = "".join(SEQUENCES) + EVERY_CONTROL.replace("\x00", "")
    (decks / "evil.toml").write_text(
        f'[deck]\nid = "evil"\ntitle = "Evil {_toml_escape(evil)} deck"\n\n'
        '[[cards]]\nid = "a"\ntype = "basic"\n'
        f'front = "{_toml_escape(evil)}"\nback = "L4"\n'
    )
    (decks / "broken\x1b]0;PWNED\x07.toml").write_text(f'[deck]\nid = "{_toml_escape(evil)}"\n')
    return home


def test_decks_prints_no_control_characters(hostile_home):
    result = _run("decks", home=hostile_home)
    _assert_clean(result)
    assert "Evil" in result.stdout.decode()


@pytest.mark.parametrize(
    "target",
    [
        "no-such-deck\x1b]52;c;UFdORUQ=\x07",
        "\x1b[>c",
        "\x9b6n",
    ],
)
def test_the_study_error_line_prints_no_control_characters(hostile_home, target):
    result = _run("study", target, home=hostile_home)
    assert result.returncode != 0
    _assert_clean(result)


def test_a_broken_deck_named_with_escapes_in_the_study_error(hostile_home, tmp_path):
    broken = tmp_path / "x\x1b]0;PWNED\x07.toml"
    broken.write_text('[deck]\nid = "\\u001b[>c"\n')
    result = _run("study", str(broken), home=hostile_home)
    assert result.returncode != 0
    _assert_clean(result)


@pytest.mark.parametrize("command", [["doctor"], ["restore"], ["progress"]])
def test_store_commands_with_a_hostile_data_folder_name(tmp_path, command):
    home = tmp_path / "home\x1b]0;PWNED\x07\x9b6n"
    result = _run(*command, home=home)
    _assert_clean(result)
    (home / "profiles" / "default").mkdir(parents=True)
    (home / "profiles" / "default" / "log.jsonl").write_bytes(b"\x1b]0;PWNED\x07\n")
    result = _run(*command, home=home)
    assert result.returncode != 0 or command == ["restore"]
    _assert_clean(result)
