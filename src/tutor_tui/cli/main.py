"""The `tutor` command line: the Typer app put together from the command modules, and `main()`.

Each command module imports only Typer and what is light until its command runs; the service is
built by the run's `Context` when a command first needs it. So `tutor --help` and the pack
commands start fast, and never open the database.
"""

from __future__ import annotations

import sys

import typer

from tutor_tui.cli import classroom, doctor, model, placement, portfolio, privacy, session, study
from tutor_tui.cli import progress as progress_commands
from tutor_tui.cli import sync as sync_commands
from tutor_tui.cli.context import of
from tutor_tui.cli.learners import learners_app
from tutor_tui.cli.packs import packs_app, show_packs
from tutor_tui.core.errors import TutorError

app = typer.Typer(
    name="tutor",
    help="A self-paced personal tutor for the terminal.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback(invoke_without_command=True)
def _root(ctx: typer.Context) -> None:
    """A self-paced personal tutor for the terminal.

    Run `tutor` alone to open the study app (in a terminal), or to see the packs and the
    commands (when its output goes to a file or a pipe).
    """
    context = of(ctx)
    if ctx.invoked_subcommand is None:
        if context.full_terminal():
            context.run_app()
            return
        show_packs(context.catalog, context.console())
        typer.echo("")
        typer.echo(ctx.get_help())


# In the order `tutor --help` lists them.
app.command("study")(study.study)
app.command("next")(study.next_)
app.command("lesson")(study.lesson)
# A negative number is an answer, not an unknown option: `tutor answer ... temp-drop -4`.
app.command("answer", context_settings={"ignore_unknown_options": True})(study.answer)
app.command("progress")(progress_commands.progress)
app.command("doctor")(doctor.doctor)
app.add_typer(progress_commands.goals_app, name="goals")
app.command("placement")(placement.placement)
app.command("session")(session.session)
app.command("portfolio")(portfolio.portfolio)
app.command("export")(sync_commands.export)
app.command("import")(sync_commands.import_)
app.add_typer(classroom.report_app, name="report")
app.add_typer(privacy.class_app, name="class")
learners_app.command("import")(classroom.learners_import)
learners_app.command("pin")(privacy.learners_pin)
learners_app.command("remove")(privacy.learners_remove)
learners_app.command("reset")(privacy.learners_reset)
app.add_typer(learners_app, name="learners")
app.add_typer(packs_app, name="packs")
app.add_typer(model.app, name="model")


def main() -> None:
    """Run the command line, turning errors a user can cause into one line and exit status 1."""
    try:
        # Standalone mode prints usage errors with exit status 2, as a command line should.
        app()
    except TutorError as error:
        typer.echo(f"error: {error}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # the last line of defence: no traceback reaches a user
        typer.echo(f"error: unexpected {type(error).__name__}: {error}", err=True)
        sys.exit(1)
