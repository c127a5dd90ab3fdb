"""`tutor packs install`, `remove` and `export`: the packs kept in the data home.

Registered in `cli.py` on the `packs` sub-app:

    packs_app.command("install")(packs_install)
    packs_app.command("remove")(packs_remove)
    packs_app.command("export")(packs_export)

The work is `tutor_tui.packs.install` (no interface, no database); these commands print what it
reports. Like the other commands they import nothing heavy until they run. A pack refused by the
checker has every problem printed as `FILE:LINE:COL: message` on standard error, then the `error:`
line, and the command exits with status 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tutor_tui.cli.common import JsonFlag
from tutor_tui.cli.common import print_json as _print_json
from tutor_tui.core.errors import TutorError
from tutor_tui.core.words import plural

if TYPE_CHECKING:
    from tutor_tui.packs.install import InstallReport

# How many ids a line lists before it says "and N more"; --json lists them all.
SHOWN_IDS = 8


def packs_install(
    path: Annotated[
        Path, typer.Argument(metavar="PATH|ZIP", help="A pack folder, or a .zip of one.")
    ],
    as_json: JsonFlag = False,
) -> None:
    """Check a pack and install it; a new version keeps learners' progress on kept questions."""
    from tutor_tui.packs.install import InstallRefused, install

    try:
        report = install(path)
    except InstallRefused as refused:
        if as_json:
            _print_json(
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
        rebuilt: int | None = _rebuild_derived_state()
        trouble = None
    except TutorError as error:
        rebuilt, trouble = None, str(error)
    if as_json:
        _print_json({**report.to_dict(), "skill_states_rebuilt": rebuilt})
    elif trouble is not None:
        typer.echo(
            f"note: mastery was not brought up to date with the pack ({trouble});"
            " run: tutor doctor --rebuild",
            err=True,
        )
    elif rebuilt:
        states = plural(rebuilt, "skill state")
        typer.echo(f"Mastery and reviews brought up to date with the pack: {states}.")


def _rebuild_derived_state() -> int:
    """Derive mastery and reviews again from the log with the packs as installed now.

    They follow the packs' numbers (a skill's mastery settings, its questions), and a bundle may
    have brought progress in this pack before it was here. Without a database there is nothing
    to rebuild, and none is made.
    """
    from tutor_tui.service.wiring import rebuild_if_stored

    return rebuild_if_stored()


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


def packs_remove(
    pack_id: Annotated[str, typer.Argument(metavar="ID", help="The installed pack's id.")],
    as_json: JsonFlag = False,
) -> None:
    """Remove an installed pack; learners' answers in it stay in the log."""
    from tutor_tui.packs.install import remove

    report = remove(pack_id)
    if as_json:
        _print_json(report.to_dict())
        return
    version = f" {report.version}" if report.version else ""
    where = ", ".join(str(path) for path in report.removed)
    typer.echo(f"Removed {report.pack_id}{version} ({where}).")
    for note in report.notes:
        typer.echo(note)
    if report.now_used is not None:
        typer.echo(f"The tutor now uses the copy of '{report.pack_id}' at {report.now_used}.")


def packs_export(
    pack_id: Annotated[str, typer.Argument(metavar="ID", help="The pack's id.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="FILE.zip", help="The .zip file to write.")
    ],
    as_json: JsonFlag = False,
) -> None:
    """Write a pack to a .zip that can be shared, and installed with `tutor packs install`."""
    if output.suffix.lower() != ".zip":
        raise typer.BadParameter(
            f"'{output.name}' does not end in .zip; a pack is exported as a .zip",
            param_hint="'--output'",
        )
    from tutor_tui.packs.install import export

    report = export(pack_id, output)
    if as_json:
        _print_json(report.to_dict())
        return
    typer.echo(
        f"Wrote {report.pack_id} {report.version} to {report.output} "
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
