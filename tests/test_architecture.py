"""The architecture holds: the layers (pyproject's contracts), types, lint and the size aims.

See docs/architecture.md for the layers and the aims these tests keep.
"""

from __future__ import annotations

import ast
import functools
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "tutor_tui"

# The size aims: a module a reader can hold, a class of one responsibility. (Complexity is ruff's
# C901, set to 15 in pyproject.toml.)
MAX_MODULE_LINES = 500
MAX_CLASS_LINES = 300
# Units allowed to be bigger, each with its reason. Empty while every unit keeps the aims.
BIGGER: dict[str, str] = {}


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


def test_the_code_type_checks() -> None:
    found = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert found.returncode == 0, found.stdout + found.stderr


def test_every_type_ignore_says_why() -> None:
    # `# type: ignore[code]  # reason`: the code is mypy's rule (ignore-without-code), the reason
    # ours, so that the next reader knows whether it can go.
    silent = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted(SRC.rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "type: ignore" in line and not re.search(r"type: ignore\[[\w, -]+\]\s*#\s*\S", line)
    ]
    assert silent == []


@functools.cache
def _sizes() -> list[tuple[str, int, int]]:
    """Every module and class under src: (name, lines, the most allowed). Read once: both tests
    of the aims ask."""
    sizes = []
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text()
        name = path.relative_to(SRC.parent).as_posix()
        sizes.append((name, text.count("\n"), MAX_MODULE_LINES))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
                lines = node.end_lineno - node.lineno + 1
                sizes.append((f"{name}::{node.name}", lines, MAX_CLASS_LINES))
    return sizes


def test_modules_and_classes_keep_the_size_aims() -> None:
    over = [
        f"{name}: {lines} lines (aim {most})"
        for name, lines, most in _sizes()
        if lines > most and name not in BIGGER
    ]
    assert over == []


def test_every_unit_let_off_the_aims_still_needs_it() -> None:
    sizes = {name: lines > most for name, lines, most in _sizes()}
    assert [name for name in BIGGER if not sizes.get(name)] == []
