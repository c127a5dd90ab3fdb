"""`tutor doctor`: check the database, and rebuild what is derived from the attempt log."""

from __future__ import annotations

from typing import Annotated

import typer

from tutor_tui.cli.context import of
from tutor_tui.core.errors import Damaged
from tutor_tui.core.literal import printable_line
from tutor_tui.core.words import plural


def doctor(
    ctx: typer.Context,
    rebuild: Annotated[
        bool,
        typer.Option(
            "--rebuild",
            help="Recompute derived state from the attempt log; save what a damaged file holds.",
        ),
    ] = False,
    mend_times: Annotated[
        bool,
        typer.Option(
            "--mend-times",
            help="Bring answers dated after the clock (a clock that read ahead) back to it.",
        ),
    ] = False,
    clock_is_right: Annotated[
        bool,
        typer.Option(
            "--clock-is-right",
            help="With --mend-times: mend even when most of the log is dated after the clock.",
        ),
    ] = False,
) -> None:
    """Check the database; with --rebuild, recompute everything derived from the attempt log;
    with --mend-times, bring what a wrong clock dated in the future back to the clock."""
    if clock_is_right and not mend_times:  # before anything is rebuilt or salvaged
        raise typer.BadParameter("it goes with --mend-times", param_hint="'--clock-is-right'")
    try:
        tutor = of(ctx).tutor
    except Damaged as error:
        typer.echo(f"problem: {str(error).split(';')[0]}")
        typer.echo(
            "problem: to recover, restore tutor.db from a backup, or move it aside and import a"
            " bundle exported before the damage"
        )
        raise typer.Exit(1) from None
    if rebuild:
        try:
            changed = tutor.rebuild()
        except Damaged:
            saved = tutor.salvage()
            rows = sum(saved.copied.values())
            typer.echo(
                f"The database was damaged: saved {rows} rows that could still be read into a new"
                f" one ({saved.copied.get('learners', 0)} learners,"
                f" {saved.copied.get('attempts', 0)} answers), and rebuilt its derived state."
            )
            if saved.lost:
                typer.echo(f"Rows of {', '.join(saved.lost)} could not be read, and are lost.")
            typer.echo(f"The damaged file is kept as {printable_line(str(saved.kept_as))}.")
        else:
            typer.echo(
                f"Rebuilt the derived state from the attempt log ({changed} skill states changed)."
            )
    if mend_times:
        moved = tutor.mend_times(clock_is_right)
        typer.echo(
            f"Dated {plural(moved, 'event')} (answers, lessons read, skills placed) again by this"
            " computer's clock, in the order they were done."
            if moved
            else "Nothing is dated after this computer's clock."
        )
    problems = tutor.check()
    if problems:
        for problem in problems:
            typer.echo(f"problem: {problem}")
        raise typer.Exit(1)
    typer.echo("The database is healthy.")
