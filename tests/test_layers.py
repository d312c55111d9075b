"""The layers hold: import-linter's contracts (pyproject.toml) pass, and plain commands never load Textual."""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "trainer"
# Modules that may reach the store or the UI; every other module of trainer is core.
EDGES = {
    "trainer.cli",
    "trainer.commands",
    "trainer.interop",
    "trainer.store",
    "trainer.ui",
    "trainer.__main__",
    "trainer.__init__",
}
HEADLESS = ["trainer.sm2", "trainer.deck", "trainer.grading", "trainer.records", "trainer.session"]
HEADLESS += ["trainer.study", "trainer.text", "trainer.days", "trainer.store", "trainer.cli"]
HEADLESS += ["trainer.stats", "trainer.planning", "trainer.store.stats_cache"]


def _contracts() -> list[dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return config["tool"]["importlinter"]["contracts"]


def _lint_imports() -> str:
    found = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    if not Path(found).exists():
        pytest.fail("lint-imports is not installed: pip install -e '.[test]'")
    return found


def test_import_contracts_are_kept():
    result = subprocess.run(
        [_lint_imports(), "--no-cache", "--no-logo"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_core_module_is_under_the_core_contract():
    """A new pure module (stats, map...) must be named in the core contract, or nothing checks it."""
    core = next(c for c in _contracts() if "trainer.sm2" in c["source_modules"])
    modules = {f"trainer.{p.stem}" for p in PACKAGE.glob("*.py")}
    modules |= {f"trainer.{p.parent.name}" for p in PACKAGE.glob("*/__init__.py")}
    unchecked = sorted(modules - EDGES - set(core["source_modules"]))
    assert unchecked == [], f"add {unchecked} to the core contract's source_modules in pyproject.toml"
    for forbidden in ("trainer.store", "trainer.ui", "textual", "rich", "tinydb"):
        assert forbidden in core["forbidden_modules"]


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_module_does_not_load_textual(module):
    code = f"import sys, {module}; print(sorted(m for m in ('textual', 'rich') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", f"{module} pulled in {out.strip()}"


@pytest.mark.parametrize(
    "argv",
    [["validate", str(PACKAGE / "decks")], ["decks"], ["progress"], ["unsuspend"]],
    ids=lambda argv: argv[0],
)
def test_plain_commands_do_not_load_textual(argv, tmp_path):
    code = (
        "import sys; from trainer.cli import main; "
        f"main({[*argv, '--data-dir', str(tmp_path)]!r}); "
        "print('LOADED' if 'textual' in sys.modules else 'CLEAN', file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "CLEAN" in result.stderr, result.stderr
