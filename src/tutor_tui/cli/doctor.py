"""`tutor doctor`: check the database, and rebuild what is derived from the attempt log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from tutor_tui.cli.context import of
from tutor_tui.cli.options import YesOption, confirm
from tutor_tui.core.errors import Damaged
from tutor_tui.core.literal import printable_line
from tutor_tui.core.words import plural

if TYPE_CHECKING:
    from tutor_tui.service.tutor import Tutor


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
    yes: YesOption = False,
) -> None:
    """Check the database; with --rebuild, recompute everything derived from the attempt log;
    with --mend-times, bring what a wrong clock dated in the future back to the clock."""
    if clock_is_right and not mend_times:  # before anything is rebuilt or salvaged
        raise typer.BadParameter("it goes with --mend-times", param_hint="'--clock-is-right'")
    if yes and not mend_times:
        raise typer.BadParameter("it goes with --mend-times", param_hint="'--yes'")
    context = of(ctx)
    try:
        tutor = context.tutor
    except Damaged as error:
        typer.echo(f"problem: {str(error).split(';')[0]}")
        typer.echo(
            "problem: to recover, restore tutor.db from a backup, or move it aside and import a"
            " bundle exported before the damage"
        )
        raise typer.Exit(1) from None
    if rebuild:
        try:
            rebuilt = tutor.rebuild()
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
                "Rebuilt the derived state from the attempt log"
                f" ({rebuilt.changed} skill states changed)."
            )
            for line in context.standing_for_all(tutor, rebuilt):
                typer.echo(line)
    if mend_times:
        _mend_times(tutor, clock_is_right, yes, context.stdin)
    problems = tutor.check()
    if problems:
        for problem in problems:
            typer.echo(f"problem: {problem}")
        raise typer.Exit(1)
    typer.echo("The database is healthy.")


def _mend_times(tutor: Tutor, clock_is_right: bool, yes: bool, stdin: TextIO) -> None:
    """Say what a wrong clock dated ahead, and once the user agrees, keep a copy of the
    database and date it again by the clock: real answers are re-dated, so nothing is done
    unasked, and the old times stay in the copy."""
    from tutor_tui.service.knowledge import local_minute

    found, others = tutor.times_ahead(clock_is_right)
    if not found and not others:
        typer.echo("Nothing is dated after this computer's clock.")
        return
    typer.echo(
        f"Dated after this computer's clock ({local_minute(tutor.now())}), to be dated again by"
        " it, in the order they were done:"
    )
    for ahead in found:
        when = local_minute(ahead.earliest)
        if ahead.events > 1:
            when = f"from {when} to {local_minute(ahead.latest)}"
        typer.echo(
            f"  {printable_line(ahead.learner)} in pack {printable_line(ahead.pack_id)}:"
            f" {plural(ahead.events, 'event')} (answers, lessons read, skills placed) {when}"
        )
    if others:
        typer.echo(f"  {plural(others, 'date')} of study sessions, goals or learners' settings")
    confirm("Date them again by this computer's clock?", yes, stdin)
    kept = tutor.keep_copy()
    if kept.suffix == ".json":
        shown = printable_line(str(kept))
        typer.echo(f"Kept the times it changes, to set them back by hand if need be: {shown}")
    else:
        typer.echo(
            "Kept a copy of the database as it was (to undo, put it in the place of"
            f" {printable_line(kept.name.partition('.before-')[0])}): {printable_line(str(kept))}"
        )
    moved = tutor.mend_times(clock_is_right)
    typer.echo(
        f"Dated {plural(moved, 'event')} (answers, lessons read, skills placed) again by this"
        " computer's clock, in the order they were done."
    )
