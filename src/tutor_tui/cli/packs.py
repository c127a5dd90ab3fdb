"""`tutor packs`: list, check, show and create content packs, and keep them in the data home.

The work is `tutor_tui.packs` (no interface, no database); these commands print what it reports.
None of them opens the database, except that an install brings mastery up to date
with the pack afterwards. A pack refused by the checker has every problem printed as
`FILE:LINE:COL: message` on standard error, then the `error:` line, and the command exits with
status 1.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tutor_tui.cli.context import of
from tutor_tui.cli.options import JsonFlag
from tutor_tui.core.errors import TutorError
from tutor_tui.core.literal import printable_line
from tutor_tui.core.words import plural

if TYPE_CHECKING:
    from tutor_tui.core.content import Pack
    from tutor_tui.packs.catalog import Catalog
    from tutor_tui.packs.reports import InstallReport

packs_app = typer.Typer(help="List, check, show and create content packs.", no_args_is_help=True)

# How many ids a line lists before it says "and N more"; --json lists them all.
SHOWN_IDS = 8


def pack_summary(pack: Pack, path: str, origin: str) -> dict[str, Any]:
    """A pack's id, title, version, where it was found and its size, as JSON."""
    return {
        "id": pack.id,
        "title": pack.title,
        "version": pack.version,
        "path": path,
        "source": origin,
        "skills": len(pack.skills),
        "lessons": pack.lesson_count(),
        "questions": sum(len(skill.questions) for skill in pack.skills),
        "question_types": pack.question_types(),
    }


def show_packs(catalog: Catalog, console: Any) -> None:
    """The packs as a table, then the packs not loaded and those shadowed by another."""
    from rich.table import Table
    from rich.text import Text

    if not catalog.packs:
        console.print("No packs found. Add a folder of packs to TUTOR_PACK_PATH.")
    else:
        table = Table(title="Content packs", title_justify="left")
        for column in ("id", "title", "version", "skills", "questions", "source"):
            table.add_column(
                column,
                justify="right" if column in ("skills", "questions") else "left",
                no_wrap=column in ("id", "version"),
            )
        for pack_id, entry in catalog.packs.items():
            pack = entry.result.pack
            assert pack is not None
            questions = sum(len(skill.questions) for skill in pack.skills)
            table.add_row(
                pack_id,
                pack.title,
                pack.version,
                str(len(pack.skills)),
                str(questions),
                printable_line(entry.found.origin),
            )
        console.print(table)
    for entry in catalog.broken:
        path = printable_line(str(entry.found.path))
        console.print(
            Text.assemble(
                ("not loaded:", "yellow"),
                f" {path} has errors; run `tutor packs validate {path}`",
            )
        )
    for loser, winner in catalog.shadowed:
        console.print(
            Text.assemble(
                ("shadowed:", "yellow"),
                f" {printable_line(str(loser.found.path))} has the id of "
                f"{printable_line(str(winner.found.path))}, which was found first",
            )
        )


@packs_app.command("list")
def packs_list(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """List the packs the tutor can use."""
    context = of(ctx)
    catalog = context.catalog
    if as_json:
        context.print_json(
            [
                pack_summary(pack, str(entry.found.path), entry.found.origin)
                for entry in catalog.packs.values()
                if (pack := entry.result.pack) is not None
            ]
        )
        return
    show_packs(catalog, context.console())


@packs_app.command("validate")
def packs_validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path], typer.Argument(metavar="PATH...", help="Pack folders or .zip files.")
    ],
    as_json: JsonFlag = False,
) -> None:
    """Check packs against the content-pack format; exit 1 if any is invalid."""
    from tutor_tui.packs.loader import load_pack

    results = [load_pack(path) for path in paths]
    if as_json:
        of(ctx).print_json(
            [
                {
                    "path": result.path,
                    "ok": result.ok,
                    "errors": [problem.to_dict() for problem in result.errors],
                    "warnings": [problem.to_dict() for problem in result.warnings],
                }
                for result in results
            ]
        )
    else:
        for result in results:
            for problem in result.errors + result.warnings:
                typer.echo(str(problem))
            errors, warnings = len(result.errors), len(result.warnings)
            counts = f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
            if result.ok and result.pack is not None:
                pack = result.pack
                questions = sum(len(skill.questions) for skill in pack.skills)
                typer.echo(
                    f"ok: {printable_line(result.path)}: {pack.id} {pack.version}, "
                    f"{len(pack.skills)} skills, {questions} questions "
                    f"({plural(warnings, 'warning')})"
                )
            else:
                typer.echo(f"invalid: {printable_line(result.path)}: {counts}")
    if not all(result.ok for result in results):
        raise typer.Exit(1)


@packs_app.command("show")
def packs_show(
    ctx: typer.Context,
    pack_id: Annotated[str, typer.Argument(metavar="ID", help="The pack's id.")],
) -> None:
    """Show a pack's skills as a tree of what each one leads to."""
    from rich.text import Text
    from rich.tree import Tree

    context = of(ctx)
    pack = context.pack(pack_id)
    root = Tree(Text.assemble((pack.title, "bold"), f" ({pack.id} {pack.version})"))
    shown: set[str] = set()
    # Depth first, with a stack rather than recursion: a chain of prerequisites may be thousands
    # of skills long, deeper than a terminal is wide, so it is cut at SHOW_DEPTH with a count.
    stack = [(root, skill.id, 1) for skill in reversed(pack.skills) if not skill.requires]
    while stack:
        branch, skill_id, depth = stack.pop()
        skill = pack.skill(skill_id)
        if skill_id in shown:
            branch.add(Text(f"↪ {skill.title} (shown above)", style="dim"))
            continue
        if depth > SHOW_DEPTH:
            below = pack.descendants(skill_id) - shown
            branch.add(Text(f"↪ {skill.title} and {plural(len(below), 'more skill')}", style="dim"))
            shown.update(below | {skill_id})
            continue
        shown.add(skill_id)
        node = branch.add(_skill_label(pack, skill_id))
        stack.extend((node, child, depth + 1) for child in reversed(pack.dependents[skill_id]))
    console = context.console()
    console.print(root)
    if len(pack.skills) > 1 and not any(skill.requires for skill in pack.skills):
        console.print(
            "No skill requires another, so the tutor offers them in any order: add `requires` "
            "to a skill to order them (an imported pack starts so; see docs/importing.md)."
        )


# How many levels of prerequisites `packs show` draws; a terminal is too narrow for more.
SHOW_DEPTH = 16


def _skill_label(pack: Pack, skill_id: str) -> Any:
    """A skill's line in `packs show`: its title, then in dim what it holds and needs."""
    from rich.text import Text

    skill = pack.skill(skill_id)
    lesson = "lesson" if skill.lesson else "no lesson"
    minutes = f", {skill.minutes} min" if skill.minutes else ""
    facts = f" ({skill.id}: {lesson}, {len(skill.questions)} questions{minutes})"
    if len(skill.requires) > 1:
        facts += " needs " + ", ".join(pack.skill(r).title for r in skill.requires)
    return Text.assemble(skill.title, (facts, "dim"))


@packs_app.command("new")
def packs_new(folder: Annotated[Path, typer.Argument(metavar="DIR", help="A new folder.")]) -> None:
    """Write a starter pack with one question of each type, to copy from."""
    from tutor_tui.packs.starter import write_starter_pack

    write_starter_pack(folder)
    shown = printable_line(str(folder))
    typer.echo(f"Wrote a starter pack to {shown}. Check it with: tutor packs validate {shown}")


def _import_command() -> None:
    from tutor_tui.cli.packs_formats import packs_import

    packs_app.command("import")(packs_import)


_import_command()


@packs_app.command("install")
def packs_install(
    ctx: typer.Context,
    path: Annotated[
        Path, typer.Argument(metavar="PATH|ZIP", help="A pack folder, or a .zip of one.")
    ],
    as_json: JsonFlag = False,
) -> None:
    """Check a pack and install it; a new version keeps learners' progress on kept questions."""
    from tutor_tui.packs.install import InstallRefused, install
    from tutor_tui.service.wiring import rebuild_if_stored, stored_tutor

    context = of(ctx)
    try:
        # The packs' numbers as they are, to read the standing a rebuild replaces by them.
        before = stored_tutor()
    except TutorError:
        before = None  # a damaged or busy database: the rebuild below says so
    try:
        report = install(path)
    except InstallRefused as refused:
        if as_json:
            context.print_json(
                {
                    "installed": False,
                    "path": str(path),
                    "errors": [problem.to_dict() for problem in refused.problems],
                    "warnings": [problem.to_dict() for problem in refused.warnings],
                }
            )
        else:
            for problem in (*refused.problems, *refused.warnings):
                typer.echo(str(problem), err=True)
        raise
    if not as_json:
        for line in install_lines(report):
            typer.echo(line)
    # The pack is installed; bringing mastery up to date with it can fail on its own (a busy or
    # damaged database), which `tutor doctor --rebuild` can finish later.
    try:
        # Mastery and reviews follow the packs' numbers, and a bundle may have brought progress
        # in this pack before it was here. Without a database nothing is rebuilt, and none made.
        rebuilt, standing = rebuild_if_stored(before, os.environ.get("TUTOR_PASSPHRASE") or None)
        trouble = None
    except TutorError as error:
        rebuilt, standing, trouble = None, [], str(error)
    if as_json:
        context.print_json(
            {**report.to_dict(), "skill_states_rebuilt": rebuilt, "standing_changed": standing}
        )
    elif trouble is not None:
        typer.echo(
            f"note: mastery was not brought up to date with the pack ({trouble});"
            " run: tutor doctor --rebuild",
            err=True,
        )
    elif rebuilt:
        states = plural(rebuilt, "skill state")
        typer.echo(f"Mastery and reviews brought up to date with the pack: {states}.")
        for line in standing:
            typer.echo(printable_line(line))


def install_lines(report: InstallReport) -> list[str]:
    """What an install did, in lines for a person."""
    change = report.change
    size = f"{report.skills} skills, {report.questions} questions"
    if change is None:
        lines = [f"Installed {report.pack_id} {report.version} ({report.title}): {size}."]
    else:
        verb = {"upgrade": "Upgraded", "downgrade": "Downgraded", "same": "Reinstalled"}
        versions = (
            report.version
            if change.previous_version == report.version
            else f"{change.previous_version} → {report.version}"
        )
        lines = [f"{verb[change.direction]} {report.pack_id} {versions} ({report.title}): {size}."]
    lines.append(f"  in {report.path}")
    if change is not None:
        lines.append(
            f"Questions: {len(change.kept)} kept, {_ids('added', change.added)}, "
            f"{_ids('removed', change.removed)}."
        )
        added, removed = change.skills_added, change.skills_removed
        lines.append(f"Skills: {_ids('added', added)}, {_ids('removed', removed)}.")
    lines += report.notes
    if report.warnings:
        count = len(report.warnings)
        lines.append(
            f"The pack has {count} warning{'s' * (count != 1)}; see "
            f"{'them' if count != 1 else 'it'} with: tutor packs validate {report.source}"
        )
    return lines


@packs_app.command("remove")
def packs_remove(
    ctx: typer.Context,
    pack_id: Annotated[str, typer.Argument(metavar="ID", help="The installed pack's id.")],
    as_json: JsonFlag = False,
) -> None:
    """Remove an installed pack; learners' answers in it stay in the log."""
    from tutor_tui.packs.install import remove

    context = of(ctx)
    report = remove(pack_id)
    if as_json:
        context.print_json(report.to_dict())
        return
    version = f" {report.version}" if report.version else ""
    where = ", ".join(printable_line(str(path)) for path in report.removed)
    typer.echo(f"Removed {report.pack_id}{version} ({where}).")
    for note in report.notes:
        typer.echo(note)
    if report.now_used is not None:
        now_used = printable_line(str(report.now_used))
        typer.echo(f"The tutor now uses the copy of '{report.pack_id}' at {now_used}.")


@packs_app.command("export")
def packs_export(
    ctx: typer.Context,
    pack_id: Annotated[str, typer.Argument(metavar="ID", help="The pack's id.")],
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The file to write (in a folder that exists: the pack's id as its name).",
        ),
    ],
    kind: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="zip|gift|moodle-xml|apkg",
            help="A .zip of the pack (the default), GIFT, Moodle XML or an Anki deck.",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Write a pack to a .zip that can be shared, or as GIFT, Moodle XML or an Anki deck."""
    if kind not in (None, "zip"):
        from tutor_tui.cli.packs_formats import export_as

        export_as(of(ctx), pack_id, kind, output, as_json)
        return
    from tutor_tui.files.atomic import file_for

    target = file_for(output, f"{pack_id}.zip")
    if target.suffix.lower() != ".zip":
        raise typer.BadParameter(
            f"'{target.name}' does not end in .zip; a pack is exported as a .zip",
            param_hint="'--output'",
        )
    from tutor_tui.packs.install import export

    context = of(ctx)
    report = export(pack_id, target)
    if as_json:
        context.print_json(report.to_dict())
        return
    typer.echo(
        f"Wrote {report.pack_id} {report.version} to {printable_line(str(report.output))} "
        f"({report.files} files, {report.size:,} bytes)."
    )


def _ids(what: str, ids: Sequence[str]) -> str:
    """`3 added (a, b, c)`, shortened after SHOWN_IDS ids; `none added` for none."""
    if not ids:
        return f"none {what}"
    shown = ", ".join(ids[:SHOWN_IDS])
    if len(ids) > SHOWN_IDS:
        shown += f" and {len(ids) - SHOWN_IDS} more"
    return f"{len(ids)} {what} ({shown})"
