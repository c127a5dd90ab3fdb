"""The architecture holds: a pure domain core, one store, thin shells (see pyproject's contracts)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept() -> None:
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(ROOT / "pyproject.toml")) == 0


def test_commands_that_need_no_database_do_not_import_it() -> None:
    probe = (
        "import sys\n"
        "from tutor_tui import cli\n"
        "heavy = [m for m in ('sqlmodel', 'sqlalchemy', 'textual', 'pydantic.main', 'yaml',"
        " 'numpy', 'fsrs', 'fsrs_rs_python', 'rich.console') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
