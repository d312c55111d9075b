"""`trainer doctor` and `trainer restore` as a student runs them, and store errors on the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

from trainer.records import Review
from trainer.session import answer_state
from trainer.store import Store

ROOT = Path(__file__).resolve().parent.parent
T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def trainer(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "TRAINER_HOME": str(home)}
    env.pop("TRAINER_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "trainer", *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )


def profile(home: Path, n: int, *, clean: bool) -> Store:
    store = Store.open(home)
    for i in range(n):
        before = store.state(f"d:c{i % 7}")
        kind, after = answer_state(before, 4, (T0 + timedelta(days=i)).date())
        store.record(
            Review(time=T0 + timedelta(days=i), key=f"d:c{i % 7}", grade=4, kind=kind, response=None, ms=5,
                   before=before, after=after)
        )  # fmt: skip
    store.close() if clean else store._release()
    return store


def one_clean_line(result: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("trainer: "), result.stderr
    return lines[0]


def test_doctor_on_a_healthy_profile(tmp_path):
    store = profile(tmp_path, 12, clean=True)
    before = sorted(p.name for p in store.profile_dir.iterdir())
    result = trainer("doctor", home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "log.jsonl" in result.stdout and "log lines       12" in result.stdout
    assert "reviews         12" in result.stdout and "healthy" in result.stdout
    assert "backups/" in result.stdout  # the last good backup
    assert sorted(p.name for p in store.profile_dir.iterdir()) == before  # read-only


def test_a_damaged_last_line_names_file_and_line_then_doctor_and_restore_fix_it(tmp_path):
    store = profile(tmp_path, 132, clean=False)
    lines = store.log_path.read_bytes().splitlines(keepends=True)
    lines[-1] = lines[-1].replace(b'"grade":4', b'"grade";4')
    store.log_path.write_bytes(b"".join(lines))
    line = one_clean_line(trainer("progress", home=tmp_path))
    assert "log.jsonl is damaged at line 132" in line and "trainer restore" in line
    doctor = trainer("doctor", home=tmp_path)
    assert doctor.returncode == 1 and "log.jsonl line 132" in doctor.stdout
    assert store.log_path.read_bytes() == b"".join(lines)  # doctor and progress changed nothing
    restore = trainer("restore", home=tmp_path)
    assert restore.returncode == 0, restore.stderr
    assert "kept 131 reviews; set aside 1 damaged line" in restore.stdout
    assert "log.jsonl.damaged-" in restore.stdout
    progress = trainer("progress", "--json", home=tmp_path)
    assert progress.returncode == 0 and orjson.loads(progress.stdout)["reviews"] == 131
    assert trainer("doctor", home=tmp_path).returncode == 0
    again = trainer("restore", home=tmp_path)
    assert again.returncode == 0 and "not damaged" in again.stdout


def test_a_bad_snapshot_value_is_one_clean_line_naming_the_file(tmp_path):
    store = profile(tmp_path, 5, clean=True)
    data = orjson.loads(store.snapshot_path.read_bytes())
    next(iter(data["states"].values()))["easiness"] = "x"
    store.snapshot_path.write_bytes(orjson.dumps(data))
    for command in ("progress", "study"):
        line = one_clean_line(trainer(command, home=tmp_path))
        assert "progress.json" in line and "easiness" in line and "trainer restore" in line
    assert trainer("restore", home=tmp_path).returncode == 0
    assert orjson.loads(trainer("progress", "--json", home=tmp_path).stdout)["reviews"] == 5


def test_a_deleted_log_is_restored_from_the_backup_copy(tmp_path):
    store = profile(tmp_path, 20, clean=True)
    store.log_path.unlink()
    assert "trainer restore" in one_clean_line(trainer("progress", home=tmp_path))
    result = trainer("restore", home=tmp_path)
    assert "kept 20 reviews" in result.stdout and "20 lines recovered from the backup copy" in result.stdout
    assert orjson.loads(trainer("progress", "--json", home=tmp_path).stdout)["reviews"] == 20
