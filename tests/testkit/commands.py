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


class Command:
    """`tutor ARGS` through `main()`, with piped standard input and the environment given."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        self.monkeypatch = monkeypatch
        self.capsys = capsys

    def __call__(self, *args: str, stdin: str = "", **env: str) -> Ran:
        """Run one command to its end; its exit status and output."""
        from tutor_tui.cli.program import main

        for name, value in env.items():
            self.monkeypatch.setenv(name, value)
        self.monkeypatch.setattr(sys, "argv", ["tutor", *args])
        self.monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        self.capsys.readouterr()
        try:
            main()
            code = 0
        except SystemExit as exited:
            code = int(exited.code or 0)
        out, err = self.capsys.readouterr()
        return Ran(code, out, err)
