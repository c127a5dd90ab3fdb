"""`tutor doctor`: check the database, and rebuild what is derived from the attempt log."""

from __future__ import annotations

from typing import Annotated

import typer

from tutor_tui.cli.context import of


def doctor(
    ctx: typer.Context,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Recompute derived state from the attempt log.")
    ] = False,
) -> None:
    """Check the database; with --rebuild, recompute everything derived from the attempt log."""
    tutor = of(ctx).tutor
    if rebuild:
        changed = tutor.rebuild()
        typer.echo(
            f"Rebuilt the derived state from the attempt log ({changed} skill states changed)."
        )
    problems = tutor.check()
    if problems:
        for problem in problems:
            typer.echo(f"problem: {problem}")
        raise typer.Exit(1)
    typer.echo("The database is healthy.")
