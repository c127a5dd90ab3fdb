"""The `tutor` program: alone in a terminal it opens the app before the command line loads."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tutor_tui.cli import program
from tutor_tui.cli.context import Context
from tutor_tui.core.errors import TutorError

# Stands in for the app, and says which parts of the command line were loaded before it opened.
PROBE = """
import sys
from tutor_tui.cli import context
context.Context.full_terminal = lambda self: True
context.Context.run_app = lambda self: print(
    ",".join(m for m in ("typer", "click", "tutor_tui.cli.main") if m in sys.modules) or "none"
)
sys.argv = ["tutor"]
from tutor_tui.cli.program import main
main()
"""


def test_tutor_alone_in_a_terminal_opens_the_app_without_loading_the_commands() -> None:
    found = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True)
    assert (found.returncode, found.stdout.strip(), found.stderr) == (0, "none", "")


def test_tutor_with_a_command_runs_the_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(Context, "full_terminal", lambda self: True)
    monkeypatch.setattr(Context, "run_app", lambda self: pytest.fail("the app opened"))
    monkeypatch.setattr(sys, "argv", ["tutor", "packs", "list", "--json"])
    with pytest.raises(SystemExit) as ended:
        program.main()
    assert ended.value.code == 0
    assert '"id": "fractions-ratios"' in capsys.readouterr().out


@pytest.mark.parametrize(
    ("error", "status", "line"),
    [
        (TutorError("no learner named 'Zed'"), 1, "error: no learner named 'Zed'\n"),
        (KeyboardInterrupt(), 130, ""),
    ],
)
def test_an_error_a_user_can_cause_is_one_line_and_a_status(
    capsys: pytest.CaptureFixture[str], error: BaseException, status: int, line: str
) -> None:
    def fail() -> None:
        raise error

    with pytest.raises(SystemExit) as ended:
        program.run_guarded(fail)
    assert ended.value.code == status
    assert capsys.readouterr().err == line


@pytest.mark.parametrize("module", ["tutor_tui", "tutor_tui.cli.program"])
def test_either_module_starts_the_tutor(module: str) -> None:
    found = subprocess.run(
        [sys.executable, "-m", module, "packs", "list", "--json"], capture_output=True, text=True
    )
    assert found.returncode == 0, found.stderr
    assert '"id": "fractions-ratios"' in found.stdout
