"""`tutor report class` and `tutor learners import`: a class of learners on one computer.

Like the other commands, this module imports only typer until a command runs. What the report
shows is `tutor_tui.core.classroom`, how it is written `tutor_tui.render.classroom`, and how a
roster is read `tutor_tui.core.roster`; this is the shell around them: the terminal table (rich),
the choice of format, and writing the file.
"""

from __future__ import annotations

import io
import stat
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from tutor_tui.cli.context import of
from tutor_tui.cli.options import OnlyPackOption, output_file
from tutor_tui.core.errors import TutorError
from tutor_tui.core.literal import printable_line

if TYPE_CHECKING:
    from tutor_tui.core.classroom import ClassReport, HeatMap
    from tutor_tui.core.roster import RosterError

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
# A roster is a name and a group a line: this is some hundred thousand learners.
MAX_ROSTER_BYTES = 16 * 2**20


@report_app.command("class")
def report_class(
    ctx: typer.Context,
    group: Annotated[
        str | None, typer.Option("--group", "-g", help="Only the learners in this group.")
    ] = None,
    pack: OnlyPackOption = None,
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
            parser=output_file,
            help="Write to this file (.txt, .csv, .json, .html) instead of the terminal.",
        ),
    ] = None,
) -> None:
    """Where each learner stands, a heat map of their skills, and who needs help now."""
    chosen = format_for(kind, output)
    from tutor_tui.service.reports import class_report

    context = of(ctx)
    context.unlock_class()
    report = class_report(context.tutor, group, pack)
    if output is None:
        if chosen is Format.table:
            show_table(report, context.console())
        else:
            context.stdout.write(render(report, chosen))
        return
    from tutor_tui.files.atomic import write_report

    written = write_report(output, render(report, chosen))
    typer.echo(f"Wrote {printable_line(str(written))}")


def skill_key_table(heat: HeatMap, width: int | None = None) -> Any:
    """The skills' titles numbered as the heat map's columns, as a Rich grid.

    Two to a line when they fit in `width` (None: always), else one to a line, so that no title
    is broken.
    """
    from rich.table import Table
    from rich.text import Text

    from tutor_tui.render import classroom

    pairs = classroom.skill_key(heat)
    # A numbered title is its number, a space and the title; the two columns are 3 apart.
    widest = [max((3 + len(t) for n, t in column if n), default=0) for column in _columns(pairs)]
    key = Table.grid(padding=(0, 3))
    if width is not None and sum(widest) + 3 > width:
        key.add_column()
        for number, (_, title) in enumerate(heat.pack.skills, 1):
            key.add_row(Text.assemble((f"{number:>2} ", "bold"), title))
        return key
    key.add_column()
    key.add_column()
    for pair in pairs:
        key.add_row(*[Text.assemble((f"{n:>2} ", "bold"), t) for n, t in filter(None, pair)])
    return key


def _columns(
    pairs: list[tuple[tuple[int, str], tuple[int, str] | None]],
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    return [left for left, _ in pairs], [right for _, right in pairs if right is not None]


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
    from tutor_tui.render import classroom

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
    from rich.text import Text

    from tutor_tui.render import classroom

    console.print(Text(report.title(), style="bold"))
    console.print(
        Text(
            f"{len(report.learners)} {'learner' if len(report.learners) == 1 else 'learners'}"
            f" · {classroom.short_day(report.today)}",
            style="dim",
        )
    )
    console.print()
    if not report.learners:
        console.print(Text("No learners yet. Add a class with: tutor learners import roster.csv"))
        return
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
    console.print(summary_table(report, console.width))
    console.print(
        Text(
            "Mastery is skills mastered, of those in the packs each learner studies, with their"
            f" mean mastery: {classroom.MEAN_RULE}. Placed out is skills a placement check found"
            " known, not counted as mastered until practice confirms them. Time is time spent"
            f" answering. Stuck means {classroom.STUCK_RULE}.",
            style="dim",
        )
    )
    for heat in report.heat_maps:
        for title, table in heat_tables(heat, console.width):
            console.print()
            console.print(title)
            console.print(table)
        # The skills' titles, numbered as the columns: two to a line, so no title is broken.
        console.print(skill_key_table(heat, console.width))
        console.print(Text(classroom.HEAT_KEY, style="dim"))


# A heat map's skill column: a cell of "100✓" and the rule beside it.
SKILL_COLUMN = 5
# The learner's column in a heat map: a name up to this long stays on one line.
HEAT_NAME_WIDTH = 18


def heat_tables(heat: HeatMap, width: int) -> list[tuple[Any, Any]]:
    """One pack's heat map as Rich tables, each with its title, that fit in `width` columns: as
    many skills to a table as fit beside the learners' names, so that neither a name nor a cell
    is squeezed."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    from tutor_tui.render import classroom

    longest = max((cell_len(name) for name in heat.learners), default=0)
    name_width = min(max(longest, len("Learner")), HEAT_NAME_WIDTH) + 2
    count = len(heat.pack.skills)
    per_table = max(1, (width - name_width - 2) // SKILL_COLUMN)
    tables = []
    for first in range(0, max(count, 1), per_table):
        shown = range(first, min(first + per_table, count))
        part = "" if len(shown) == count else f" ({first + 1}–{shown[-1] + 1} of {count})"
        title = Text(f"Skills: {heat.pack.title}{part}", style="bold")
        table = Table(padding=(0, 0), pad_edge=False)
        table.add_column(" Learner ", overflow="fold", max_width=name_width)
        for number in shown:
            table.add_column(str(number + 1), justify="center", min_width=SKILL_COLUMN - 1)
        for name, cells in zip(heat.learners, heat.rows, strict=True):
            row = [Text.assemble(" ", name, " ")]
            for index in shown:
                level = classroom.band(cells[index])
                colour = (
                    classroom.NOT_BEGUN_COLOUR if level is None else classroom.BAND_COLOURS[level]
                )
                row.append(Text(classroom.heat_text(cells[index]), style=f"#111827 on {colour}"))
            table.add_row(*row)
        if not heat.learners:
            table.add_row(Text(" No one studies this pack yet."))
        tables.append((title, table))
    return tables


def summary_table(report: ClassReport, width: int) -> Any:
    """Everyone's standing as a Rich table that fits in `width` columns (80 and up).

    Nothing is cut short: text wraps between words, and only a word too long for any column is
    broken. The group is left out when every learner shown has the same one, placed out when no
    one has a skill placed out, and mastered and
    mean mastery share a column ("3 of 14 (mean 40%)": the mean estimate, not a share of 14).
    """
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from tutor_tui.render import classroom

    rows = []
    for learner in report.learners:
        cells = list(classroom.summary_cells(learner))
        if cells[2] != "–":
            cells[2] = f"{cells[2]} (mean {cells[4]})"
        rows.append(cells)
    # (index in the cells, header, justify, the narrowest it should be, the least it may shrink
    # to when even that does not fit): "0 of 14", "2 h 5 min", "behind by" and "yesterday" stay
    # on one line, and so does the longest word of a name or of a skill, up to a point.
    columns: list[tuple[int, str, Any, int, int]] = [
        (0, "Learner", "left", min(_longest_word(rows, 0), 18), 7),
        (1, "Group", "left", min(_longest_word(rows, 1), 8), 5),
        (2, "Mastery", "right", max(_widest(r[2].split(" (")[0] for r in rows), 7), 7),
        (3, "Placed out", "right", 6, 6),
        (5, "Time", "right", _widest(r[5] for r in rows), 4),
        (6, "Goal", "left", 9, 9),
        (7, "Last active", "left", 9, 9),
        (8, "Stuck on", "left", min(_longest_word(rows, 8), 12), 8),
    ]
    if len({learner.group for learner in report.learners}) <= 1:
        columns = [column for column in columns if column[0] != 1]
    if not any(learner.placed_out for learner in report.learners):
        columns = [column for column in columns if column[0] != 3]
    natural = [
        max(_widest([header]), _widest(row[index] for row in rows)) for index, header, *_ in columns
    ]
    widths = _fit(
        natural,
        [min(max(least, floor), n) for (*_, least, floor), n in zip(columns, natural, strict=True)],
        [floor for *_, floor in columns],
        width - 3 * (len(columns) - 1),  # a space, a rule and a space between columns
    )
    table = Table(
        title="Everyone",
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
    )
    for (_, header, justify, *_), fixed in zip(columns, widths, strict=True):
        table.add_column(header, justify=justify, overflow="fold", width=fixed)
    for cells in rows:
        table.add_row(*(Text(cells[index]) for index, *_ in columns))
    return table


def _widest(texts: Any) -> int:
    from rich.cells import cell_len

    return max((cell_len(text) for text in texts), default=0)


def _longest_word(rows: list[list[str]], index: int) -> int:
    return _widest(word for row in rows for word in row[index].split())


def _fit(natural: list[int], least: list[int], floor: list[int], room: int) -> list[int | None]:
    """Column widths for `room` characters: None (Rich's own) when every column fits whole.

    Else each column starts at its least; if even that is too wide, the widest give way, down to
    their floor; what room is left makes whole first the columns that lack least.
    """
    if sum(natural) <= room:
        return [None] * len(natural)
    widths = list(least)
    while sum(widths) > room:
        shrinkable = [i for i, w in enumerate(widths) if w > floor[i]]
        if not shrinkable:
            break
        widths[max(shrinkable, key=lambda i: widths[i])] -= 1
    spare = room - sum(widths)
    # The columns that lack least are made whole first: one column wraps rather than all.
    for i in sorted(range(len(widths)), key=lambda i: natural[i] - widths[i]):
        given = max(0, min(natural[i] - widths[i], spare))
        widths[i] += given
        spare -= given
    fixed: list[int | None] = list(widths)
    return fixed


# Roster import ----------------------------------------------------------------------------------


def learners_import(
    ctx: typer.Context,
    roster: Annotated[
        Path,
        typer.Argument(
            help="A CSV file whose header names a 'name' column and, if you like, a 'group' one."
        ),
    ],
) -> None:
    """Add a class of learners from a CSV roster: all of them, or none if the file has a problem."""
    from tutor_tui.core.roster import (
        RosterError,
        check_names_here,
        decode_roster,
        parse_roster,
        plan_import,
    )

    source = str(roster)
    try:
        # A device or a pipe is no roster: reading one could block, or never end.
        kind = roster.expanduser().stat().st_mode
        if not stat.S_ISREG(kind) and not stat.S_ISDIR(kind):
            raise TutorError(
                f"cannot read {source}: it is not a file (a device, a pipe or a socket)"
            )
        with roster.expanduser().open("rb") as file:
            data = file.read(MAX_ROSTER_BYTES + 1)
    except OSError as error:
        raise TutorError(f"cannot read {source}: {error.strerror or error}") from None
    if len(data) > MAX_ROSTER_BYTES:
        raise TutorError(
            f"cannot read {source}: it is larger than {MAX_ROSTER_BYTES // 2**20} MiB, which is"
            " no roster"
        )
    try:
        entries = parse_roster(decode_roster(data, source), source)
    except RosterError as error:
        _refuse_roster(error)
    context = of(ctx)
    tutor = context.tutor
    if tutor.has_passphrase():
        context.unlock_class()  # it moves learners between groups
    here = {p.name: p.group for p in tutor.learners()}
    try:
        check_names_here(entries, here, source)
    except RosterError as error:
        _refuse_roster(error)
    plan = plan_import(entries, here)
    # Everything was checked above; the store adds and moves them in one transaction.
    tutor.import_roster(
        [(entry.name, entry.group) for entry in plan.add],
        [(entry.name, entry.group) for entry, _ in plan.regroup],
    )
    added = [entry.name for entry in plan.add]
    for entry in plan.add:
        typer.echo(f"Added {entry.name}" + (f" (group {entry.group})." if entry.group else "."))
    for entry in plan.already_here:
        typer.echo(f"Already here: {entry.name}.")
    for entry, group in plan.regroup:
        was = f"group {group}" if group else "no group"
        typer.echo(f"Already here: {entry.name}, moved from {was} to group {entry.group}.")
    kept = len(plan.already_here) + len(plan.regroup)
    learners = "learner" if len(added) == 1 else "learners"
    typer.echo(
        f"Added {len(added)} {learners}" + (f"; {kept} already here." if kept else ".")
        if added
        else f"No one new: {'the learner is' if kept == 1 else f'all {kept} are'} already here."
    )


def _refuse_roster(error: RosterError) -> NoReturn:
    """Print each of the roster's problems on its own line, and exit with status 1."""
    for problem in error.problems:
        typer.echo(problem, err=True)
    typer.echo("Nothing was added: fix the file and import it again.", err=True)
    raise typer.Exit(1)
