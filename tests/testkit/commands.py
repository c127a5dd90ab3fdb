"""The command line run in the test's own process, as the `tutor` script runs it: `main()`."""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class Ran:
    """What one run of the command line left: its exit status and what it printed."""

    code: int
    stdout: str
    stderr: str


class Terminal(io.StringIO):
    """Standard input that says it is a terminal: the lines a person would type there."""

    def isatty(self) -> bool:
        return True


class Command:
    """`tutor ARGS` through `main()`, with standard input (piped, or a terminal's) and the
    environment given."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        self.monkeypatch = monkeypatch
        self.capsys = capsys

    def __call__(self, *args: str, stdin: str = "", tty: bool = False, **env: str) -> Ran:
        """Run one command to its end; its exit status and output."""
        from tutor_tui.cli.program import main

        for name, value in env.items():
            self.monkeypatch.setenv(name, value)
        self.monkeypatch.setattr(sys, "argv", ["tutor", *args])
        self.monkeypatch.setattr(sys, "stdin", (Terminal if tty else io.StringIO)(stdin))
        self.capsys.readouterr()
        try:
            main()
            code = 0
        except SystemExit as exited:
            code = int(exited.code or 0)
        out, err = self.capsys.readouterr()
        return Ran(code, out, err)
