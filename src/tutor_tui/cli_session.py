"""`tutor session`: a tutor's timed session for one learner, and its summary.

The app opens on the learner and the pack with the time left in view; the tutor may limit the
session to some skills (and what they require). When the time is up the current question is
finished, the session ends, and its summary (`tutor_tui.session_report`) is printed and, with
`--output`, saved as Markdown or HTML. Without a full terminal the session runs in plain mode.

Registered in `cli.py`; it imports nothing heavy until it runs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tutor_tui.errors import TutorError

if TYPE_CHECKING:
    from tutor_tui.learner import Learner
    from tutor_tui.tutor import Tutor

# What an output file's extension asks for.
FORMATS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
}


def session(
    learner: Annotated[
        str, typer.Option("--learner", "-l", help="The learner's name.", envvar="TUTOR_LEARNER")
    ],
    minutes: Annotated[
        int, typer.Option("--minutes", "-m", min=1, max=240, help="How long the session lasts.")
    ] = 30,
    pack: Annotated[
        str | None,
        typer.Option("--pack", "-p", help="The pack. Default: the one the learner studied last."),
    ] = None,
    skills: Annotated[
        str | None,
        typer.Option(
            "--skills",
            help="Only these skills, comma-separated ids (and what they require).",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Also save the summary: .md, .html or .txt."),
    ] = None,
    plain: Annotated[
        bool,
        typer.Option("--plain", help="Run it on plain lines of text, as `tutor study --plain`."),
    ] = False,
) -> None:
    """Run a timed tutoring session for a learner, then print (or save) its summary."""
    kind = _format_for(output)
    if output is not None:
        from tutor_tui.cli_portfolio import check_writable

        check_writable(output)  # before the session, not after it
    chosen = tuple(part.strip() for part in (skills or "").split(",") if part.strip())
    if skills is not None and not chosen:
        raise typer.BadParameter("name at least one skill id", param_hint="'--skills'")
    from tutor_tui.cli import _full_terminal, _open_learner, _plain_streams, _run_app, _tutor

    tutor = _tutor()
    person = _open_learner(tutor, learner)
    pack_id = _pack_for(tutor, person, pack, chosen)
    the_pack = tutor.pack(pack_id)
    chosen = tuple(tutor.skill(the_pack, skill_id).id for skill_id in chosen)

    if _full_terminal() and not plain:
        app = _run_app(
            person.name, pack_id, connect=lambda: tutor, minutes=minutes, skills=chosen,
            unlocked=person.id,
        )
        report = app.report
    else:
        from tutor_tui.plain import run_plain

        if not plain:
            typer.echo("note: not a full terminal; the session runs in plain mode", err=True)
        _plain_streams(sys.stdin, sys.stdout)
        began = tutor.begin_session(person, pack_id, minutes, chosen)
        summary = run_plain(tutor, person, pack_id, sys.stdin, sys.stdout, session=began)
        report = tutor.session_report(began, summary.at)
    if report is None:
        typer.echo("The session did not start: nothing to summarise.")
        return
    from tutor_tui import session_report

    typer.echo("")
    typer.echo(session_report.to_text(report))
    if output is not None:
        from tutor_tui.cli_portfolio import write_atomically

        written = write_atomically(output, session_report.render(report, kind))
        typer.echo(f"Saved the summary to {written}")


def _format_for(output: Path | None) -> str:
    """The summary's format from the output file's extension; a usage error for any other."""
    if output is None:
        return "text"
    kind = FORMATS.get(output.suffix.lower())
    if kind is None:
        raise typer.BadParameter(
            f"cannot tell the format of '{output.name}': end it in .md, .html or .txt",
            param_hint="'--output'",
        )
    return kind


def _pack_for(tutor: Tutor, person: Learner, pack: str | None, skills: tuple[str, ...]) -> str:
    """The pack asked for; else the one holding the skills named; else the learner's last."""
    if pack is not None:
        return tutor.pack(pack).id
    if skills:
        holding = [p.id for p in tutor.packs.values() if all(s in p.skill_index for s in skills)]
        if len(holding) == 1:
            return holding[0]
        if not holding:
            raise TutorError(f"no pack has all of the skills {', '.join(skills)}; give --pack")
    last = person.settings.get("last_pack")
    if isinstance(last, str) and last in tutor.packs:
        return last
    if len(tutor.packs) == 1:
        return next(iter(tutor.packs))
    known = ", ".join(sorted(tutor.packs))
    raise TutorError(f"{person.name} has no pack of their own yet: give --pack (one of {known})")


__all__ = ["session"]
