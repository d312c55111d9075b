"""`trainer map`: plain text without Textual, NO_COLOR honoured, and the JSON contract of the README."""

from __future__ import annotations

import json
import subprocess
import sys

from test_cli import assert_clean_failure, trainer

from trainer.map import VIEWS, load_map
from trainer.map.render import styles


def test_map_prints_both_views_with_root_labels_and_no_escape_without_colour():
    result = trainer("map", env={"NO_COLOR": "1"})
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    lines = result.stdout.splitlines()
    assert lines[0].startswith("FRONT") and "BACK" in lines[0]
    assert max(len(line) for line in lines) <= 80
    for root in ("L1", "L2", "L3", "L4", "L5", "S1", "S2", "S3", "C5", "T10"):
        assert root in result.stdout
    _, patterns = styles()
    assert f"{patterns['L4'] * 2} L4" in result.stdout  # the key names every pattern


def test_highlight_marks_the_region_and_describes_it():
    result = trainer("map", "--view", "back", "--highlight", "s2", env={"NO_COLOR": "1"})
    assert result.returncode == 0, result.stderr
    rows = result.stdout.splitlines()[1:]
    for r, c in load_map().cells_of("S2", "back"):
        assert rows[r][c] in "#S2"
    assert "Key sensory point: Midpoint of the popliteal fossa." in result.stdout
    assert "Sources disagree" in result.stdout


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    from trainer.commands.map import use_colour

    class Tty:
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert use_colour(Tty()) is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_colour(Tty()) is False
    piped = trainer("map")  # stdout is a pipe: plain text
    assert "\x1b" not in piped.stdout


def test_json_matches_the_documented_shape():
    result = trainer("map", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"views", "landmarks"}
    assert set(data["views"]) == set(VIEWS)
    for view in data["views"].values():
        assert set(view) == {"rows", "legend"}
        used = {ch for row in view["rows"] for ch in row}
        assert used == set(view["legend"])
        assert len({len(row) for row in view["rows"]}) == 1
    assert data["landmarks"]
    for lm in data["landmarks"]:
        assert set(lm) == {"name", "view", "row", "col", "region"}
        view = data["views"][lm["view"]]
        assert view["legend"][view["rows"][lm["row"]][lm["col"]]] == lm["region"]
    heel = next(lm for lm in data["landmarks"] if lm["name"] == "lateral heel")
    assert heel["region"] == "S1"


def test_unknown_root_is_one_line_error():
    assert_clean_failure(trainer("map", "--highlight", "L9"), 2)
    assert_clean_failure(trainer("map", "--view", "side"), 2)


def test_map_command_does_not_load_textual():
    code = (
        "import sys, io, contextlib; from trainer.cli import run; "
        "buf = io.StringIO()\nwith contextlib.redirect_stdout(buf): run(['map'])\n"
        "print('LOADED' if 'textual' in sys.modules else 'CLEAN')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out.strip().endswith("CLEAN")
