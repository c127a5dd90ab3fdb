"""`tutor learners`: add and list here; the group's other commands live with their subject (a
class's roster in `classroom`, PINs and erasing in `privacy`) and join the group here."""

from __future__ import annotations

from typing import Annotated

import typer

from tutor_tui.cli.classroom import learners_import
from tutor_tui.cli.context import of
from tutor_tui.cli.options import JsonFlag
from tutor_tui.cli.privacy import learners_pin, learners_remove, learners_reset

learners_app = typer.Typer(
    help="Add, list, import, guard with a PIN, reset and remove learners.", no_args_is_help=True
)


@learners_app.command("add")
def learners_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The learner's name, as they will pick it.")],
) -> None:
    """Add a learner."""
    learner = of(ctx).tutor.add_learner(name)
    typer.echo(f"Added {learner.name}.")


@learners_app.command("list")
def learners_list(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """List the learners."""
    context = of(ctx)
    learners = context.tutor.learners()
    if as_json:
        context.print_json(
            [
                {
                    "id": one.id,
                    "name": one.name,
                    "group": one.group,
                    "created_at": one.created_at.isoformat(),
                }
                for one in learners
            ]
        )
        return
    if not learners:
        typer.echo("No learners yet. Add one with: tutor learners add NAME")
    for learner in learners:
        typer.echo(learner.name)


learners_app.command("import")(learners_import)
learners_app.command("pin")(learners_pin)
learners_app.command("remove")(learners_remove)
learners_app.command("reset")(learners_reset)
