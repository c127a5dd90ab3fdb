"""The options many commands share, declared once: `--learner`, `--pack`, `--json`, and how an
`--output` file is read.

Each is an `Annotated` type a command gives its parameter, so that the flag, its short form, its
help and its environment variable read the same in every command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, TextIO

import typer

LearnerOption = Annotated[
    str, typer.Option("--learner", "-l", help="The learner's name.", envvar="TUTOR_LEARNER")
]
MaybeLearnerOption = Annotated[
    str | None,
    typer.Option("--learner", "-l", help="The learner's name.", envvar="TUTOR_LEARNER"),
]
PackOption = Annotated[str, typer.Option("--pack", "-p", help="The pack's id.")]
MaybePackOption = Annotated[str | None, typer.Option("--pack", "-p", help="The pack's id.")]
CurrentPackOption = Annotated[
    str | None,
    typer.Option("--pack", "-p", help="The pack's id; by default the one studied last."),
]
OnlyPackOption = Annotated[str | None, typer.Option("--pack", "-p", help="Only this pack.")]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
YesOption = Annotated[
    bool, typer.Option("--yes", "-y", help="Do not ask to confirm (needed when not at a terminal).")
]


def output_file(given: str) -> Path:
    """How an `-o FILE` is read: as typed, a final '/' asking for a folder that must exist
    (`files.atomic.output_file`), before the command does anything."""
    from tutor_tui.files.atomic import output_file as named

    return named(given)


def confirm(question: str, yes: bool, stdin: TextIO) -> None:
    """Go on once the user says yes to `question` at a terminal, or gave --yes; else say that
    nothing was changed and stop (a usage error when not at a terminal)."""
    if yes:
        return
    if not stdin.isatty():
        raise typer.BadParameter("confirm with --yes when not at a terminal", param_hint="'--yes'")
    if not typer.confirm(question, default=False):
        typer.echo("Nothing was changed.")
        raise typer.Exit(1)
