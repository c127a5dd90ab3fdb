"""`tutor report class` and `tutor learners import`: a class of learners on one computer.

Registered in `cli.py` with::

    from tutor_tui.cli_class import learners_import, report_app
    app.add_typer(report_app, name="report")
    learners_app.command("import")(learners_import)

Like the other commands, this module imports only typer until a command runs. What the report
shows, and how a roster is read, is `tutor_tui.classroom`; this is the shell around it: the
terminal table (rich), the choice of format, and writing the file.
"""

from __future__ import annotations

import io
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from tutor_tui.cli_common import console as _console
from tutor_tui.errors import TutorError

if TYPE_CHECKING:
    from tutor_tui.classroom import ClassReport, HeatMap, RosterError
    from tutor_tui.tutor import Tutor

report_app = typer.Typer(help="Reports on a class of learners.", no_args_is_help=True)


class Format(StrEnum):
    """The formats of the class report."""

    table = "table"
    csv = "csv"
    json = "json"
    html = "html"


# The file's extension decides the format when --format does not.
EXTENSIONS = {
    ".txt": Format.table,
    ".csv": Format.csv,
    ".json": Format.json,
    ".html": Format.html,
    ".htm": Format.html,
}
# The width of the table when it goes to a file rather than a terminal.
FILE_WIDTH = 120


@report_app.command("class")
def report_class(
    group: Annotated[
        str | None, typer.Option("--group", "-g", help="Only the learners in this group.")
    ] = None,
    pack: Annotated[str | None, typer.Option("--pack", "-p", help="Only this pack.")] = None,
    kind: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="table, csv, json or html. Default: from the extension of --output, else table.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file (.txt, .csv, .json, .html) instead of the terminal.",
        ),
    ] = None,
) -> None:
    """Where each learner stands, a heat map of their skills, and who needs help now."""
    chosen = format_for(kind, output)
    from tutor_tui import classroom
    from tutor_tui.cli import _unlock_class

    tutor = _service()
    _unlock_class(tutor)
    report = classroom.class_report(tutor, group, pack)
    if output is None:
        if chosen is Format.table:
            show_table(report, _console())
        else:
            sys.stdout.write(render(report, chosen))
        return
    from tutor_tui.cli_portfolio import write_atomically

    written = write_atomically(output, render(report, chosen))
    typer.echo(f"Wrote {written}")


def skill_key_table(heat: HeatMap) -> Any:
    """The skills' titles numbered as the heat map's columns, two to a line, as a Rich grid."""
    from rich.table import Table
    from rich.text import Text

    from tutor_tui import classroom

    key = Table.grid(padding=(0, 3))
    key.add_column()
    key.add_column()
    for pair in classroom.skill_key(heat):
        key.add_row(*[Text.assemble((f"{n:>2} ", "bold"), t) for n, t in filter(None, pair)])
    return key


def format_for(kind: Format | None, output: Path | None) -> Format:
    """The format asked for: --format, else the output file's extension, else the table.

    A usage error (exit 2) for an output file whose extension says no format.
    """
    if kind is not None:
        return kind
    if output is None:
        return Format.table
    found = EXTENSIONS.get(output.suffix.lower())
    if found is None:
        raise typer.BadParameter(
            f"cannot tell the format of '{output.name}': end it in .txt, .csv, .json or .html,"
            " or give --format",
            param_hint="'--output'",
        )
    return found


def render(report: ClassReport, kind: Format) -> str:
    """The report as text in a format; the table as plain text, without colour."""
    from tutor_tui import classroom

    if kind is Format.csv:
        return classroom.to_csv(report)
    if kind is Format.json:
        return classroom.to_json(report)
    if kind is Format.html:
        return classroom.to_html(report)
    from rich.console import Console

    console = Console(
        file=io.StringIO(), width=FILE_WIDTH, color_system=None, record=True, highlight=False
    )
    show_table(report, console)
    return console.export_text()


def show_table(report: ClassReport, console: Any) -> None:
    """The report for the terminal: who needs help, everyone's standing, a heat map per pack.

    Names and titles go in as `Text`, never as markup: a name may hold square brackets.
    """
    from rich.table import Table
    from rich.text import Text

    from tutor_tui import classroom

    console.print(Text(report.title(), style="bold"))
    console.print(
        Text(
            f"{len(report.learners)} {'learner' if len(report.learners) == 1 else 'learners'}"
            f" · {classroom.short_day(report.today)}",
            style="dim",
        )
    )
    console.print()
    console.print(Text("Who needs help now", style="bold"))
    if report.needs_help:
        for number, helped in enumerate(report.needs_help, 1):
            line = Text(f"{number}. ")
            line.append(helped.name, style="bold")
            if helped.group and report.group is None:
                line.append(f" ({helped.group})")
            line.append(": " + "; ".join(helped.reasons) + ".")
            console.print(line)
    else:
        console.print(Text("No one needs help right now."))
    console.print()
    if not report.learners:
        console.print(Text("No learners yet. Add a class with: tutor learners import roster.csv"))
        return
    summary = Table(title="Everyone", title_justify="left", title_style="bold")
    for index, header in enumerate(classroom.SUMMARY_HEADERS):
        summary.add_column(header, justify="right" if index in (2, 3, 4) else "left")
    for learner in report.learners:
        summary.add_row(*(Text(cell) for cell in classroom.summary_cells(learner)))
    console.print(summary)
    console.print(Text(f"Stuck means {classroom.STUCK_RULE}.", style="dim"))
    for heat in report.heat_maps:
        console.print()
        table = Table(
            title=Text(f"Skills: {heat.pack.title}", style="bold"),
            title_justify="left",
            padding=(0, 0),
            pad_edge=False,
        )
        table.add_column(" Learner ")
        for number in range(1, len(heat.pack.skills) + 1):
            table.add_column(str(number), justify="center", min_width=4)
        for name, cells in zip(heat.learners, heat.rows, strict=True):
            row = [Text.assemble(" ", name, " ")]
            for cell in cells:
                level = classroom.band(cell)
                colour = (
                    classroom.NOT_BEGUN_COLOUR if level is None else classroom.BAND_COLOURS[level]
                )
                row.append(Text(classroom.heat_text(cell), style=f"#111827 on {colour}"))
            table.add_row(*row)
        if not heat.learners:
            table.add_row(Text(" No one studies this pack yet."))
        console.print(table)
        # The skills' titles, numbered as the columns: two to a line, so no title is broken.
        console.print(skill_key_table(heat))
        console.print(Text(classroom.HEAT_KEY, style="dim"))


# Roster import ----------------------------------------------------------------------------------


def learners_import(
    roster: Annotated[
        Path,
        typer.Argument(
            help="A CSV file whose header names a 'name' column and, if you like, a 'group' one."
        ),
    ],
) -> None:
    """Add a class of learners from a CSV roster: all of them, or none if the file has a problem."""
    from tutor_tui import classroom

    source = str(roster)
    try:
        data = roster.expanduser().read_bytes()
    except OSError as error:
        raise TutorError(f"cannot read {source}: {error.strerror or error}") from None
    try:
        entries = classroom.parse_roster(classroom.decode_roster(data, source), source)
    except classroom.RosterError as error:
        _refuse_roster(error)
    tutor = _service()
    if tutor.has_passphrase():
        from tutor_tui.cli import _unlock_class

        _unlock_class(tutor)  # it moves learners between groups
    here = {p.name: p.group for p in tutor.learners()}
    try:
        classroom.check_names_here(entries, here, source)
    except classroom.RosterError as error:
        _refuse_roster(error)
    plan = classroom.plan_import(entries, here)
    # Everything was checked above; the store adds and moves them in one transaction.
    tutor.store.import_roster(
        [(entry.name, entry.group) for entry in plan.add],
        [(entry.name, entry.group) for entry, _ in plan.regroup],
        tutor.now(),
    )
    added = [entry.name for entry in plan.add]
    for entry in plan.add:
        typer.echo(f"Added {entry.name}" + (f" (group {entry.group})." if entry.group else "."))
    for entry in plan.already_here:
        typer.echo(f"Already here: {entry.name}.")
    for entry, group in plan.regroup:
        was = f"group {group}" if group else "no group"
        typer.echo(f"Already here: {entry.name}, moved from {was} to group {entry.group}.")
    here = len(plan.already_here) + len(plan.regroup)
    learners = "learner" if len(added) == 1 else "learners"
    typer.echo(
        f"Added {len(added)} {learners}" + (f"; {here} already here." if here else ".")
        if added
        else f"No one new: {'the learner is' if here == 1 else f'all {here} are'} already here."
    )


def _refuse_roster(error: RosterError) -> NoReturn:
    """Print each of the roster's problems on its own line, and exit with status 1."""
    for problem in error.problems:
        typer.echo(problem, err=True)
    typer.echo("Nothing was added: fix the file and import it again.", err=True)
    raise typer.Exit(1)


def _service() -> Tutor:
    from tutor_tui.cli import _tutor

    return _tutor()
