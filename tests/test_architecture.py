"""The architecture holds: a pure domain core, one store, thin shells (pyproject's contracts)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept() -> None:
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(ROOT / "pyproject.toml")) == 0


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_the_code_passes_the_linter_and_is_formatted(command: list[str]) -> None:
    found = subprocess.run(
        [sys.executable, "-m", "ruff", *command, "src", "tests", "bench"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert found.returncode == 0, found.stdout + found.stderr


def test_commands_that_need_no_database_do_not_import_it() -> None:
    probe = (
        "import sys\n"
        "from tutor_tui.cli import main as cli\n"
        "heavy = [m for m in ('sqlmodel', 'sqlalchemy', 'textual', 'pydantic.main', 'yaml',"
        " 'numpy', 'fsrs', 'fsrs_rs_python', 'rich.console') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
