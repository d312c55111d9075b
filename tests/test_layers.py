"""The core stays pure: nothing outside trainer.ui imports Textual or Rich, so plain commands start fast."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "trainer"
CORE_MODULES = [
    "trainer.sm2",
    "trainer.deck",
    "trainer.grading",
    "trainer.records",
    "trainer.session",
    "trainer.study",
    "trainer.stats",
    "trainer.planning",
    "trainer.store",
    "trainer.cli",
]


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_load_textual(module):
    code = f"import sys, {module}; print(sorted(m for m in ('textual', 'rich') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", f"{module} pulled in {out.strip()}"


def test_validate_command_does_not_load_textual(tmp_path):
    code = (
        "import sys; from trainer.cli import run; "
        f"run(['validate', {str(PACKAGE / 'decks')!r}]); "
        "print('LOADED' if 'textual' in sys.modules else 'CLEAN', file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "CLEAN" in result.stderr


def test_only_the_ui_package_imports_textual():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "ui" in path.relative_to(PACKAGE).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] in ("textual", "rich") for n in names):
                offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []
