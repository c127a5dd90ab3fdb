"""`tutor session`: a tutor's timed session for one learner, and its summary.

The app opens on the learner and the pack with the time left in view; the tutor may limit the
session to some skills (and what they require). When the time is up the current question is
finished, the session ends, and its summary (`tutor_tui.render.session_report`) is printed and, with
`--output`, saved as Markdown or HTML. Without a full terminal the session runs in plain mode.
It imports nothing heavy until it runs.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tutor_tui.cli.context import Context, of
from tutor_tui.cli.options import LearnerOption, output_file
from tutor_tui.core.errors import TutorError
from tutor_tui.core.literal import printable_line

if TYPE_CHECKING:
    from tutor_tui.core.learner import Learner
    from tutor_tui.core.session import SessionReport
    from tutor_tui.service.tutor import Tutor

# What an output file's extension asks for.
FORMATS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
}


def session(
    ctx: typer.Context,
    learner: LearnerOption,
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
        typer.Option(
            "--output", "-o", parser=output_file, help="Also save the summary: .md, .html or .txt."
        ),
    ] = None,
    plain: Annotated[
        bool,
        typer.Option("--plain", help="Run it on plain lines of text, as `tutor study --plain`."),
    ] = False,
) -> None:
    """Run a timed tutoring session for a learner, then print (or save) its summary."""
    kind = _format_for(output)
    if output is not None:
        from tutor_tui.files.atomic import check_writable

        check_writable(output)  # before the session, not after it
    chosen = tuple(part.strip() for part in (skills or "").split(",") if part.strip())
    if skills is not None and not chosen:
        raise typer.BadParameter("name at least one skill id", param_hint="'--skills'")
    context = of(ctx)
    tutor = context.tutor
    # The app shows the learner's home first; plain lines say it here.
    person = context.open_learner(learner, notes=plain or not context.full_terminal())
    pack_id = _pack_for(tutor, person, pack, chosen)
    the_pack = tutor.pack(pack_id)
    chosen = tuple(tutor.skill(the_pack, skill_id).id for skill_id in chosen)

    app = None
    if context.full_terminal() and not plain:
        # The app closes quietly on a hang-up, and leaves the session to be ended here.
        app = context.run_app(
            person.name,
            pack_id,
            minutes=minutes,
            skills=chosen,
            unlocked=person.id,
        )
    # From here the session is ended and its report saved: a hang-up does not cut that short.
    with _on_hangup(_ignore):
        if app is not None:
            report = app.report
            if report is None and app.session is not None:
                # Closed from outside (its terminal gone, say) before the session ended.
                ended = tutor.end_session(app.session).at
                report = tutor.session_report(app.session, ended)
        else:
            if not plain:
                typer.echo("note: not a full terminal; the session runs in plain mode", err=True)
            report = _plain_session(context, person, pack_id, minutes, chosen)
        if report is None:
            typer.echo("The session did not start: nothing to summarise.")
            return
        _deliver(report, output, kind)


def _plain_session(
    context: Context, person: Learner, pack_id: str, minutes: int, skills: tuple[str, ...]
) -> SessionReport:
    """The session as plain lines on standard input and output; its report."""
    from tutor_tui.plain.study import run_plain

    context.plain_streams(context.stdin, context.stdout)
    tutor = context.tutor
    began = tutor.begin_session(person, pack_id, minutes, skills)
    try:
        with _on_hangup(_StopOnce()):
            ended = run_plain(
                tutor, person, pack_id, context.stdin, context.stdout, session=began
            ).at
    except (OSError, KeyboardInterrupt):
        # The terminal went away (or a stop came) where the loop could not end it itself; every
        # answer is stored already.
        ended = tutor.end_session(began).at
    return tutor.session_report(began, ended)


def _deliver(report: SessionReport, output: Path | None, kind: str) -> None:
    """Save the report, if asked to, then print it."""
    from tutor_tui.render import session_report

    written = None
    if output is not None:
        from tutor_tui.files.atomic import write_report

        # Saved first: after a hang-up there is no terminal left to print to.
        written = write_report(output, session_report.render(report, kind))
    try:
        typer.echo("")
        typer.echo(session_report.to_text(report))
        if written is not None:
            typer.echo(f"Saved the summary to {printable_line(str(written))}")
    except OSError:
        pass  # the terminal is gone: the report is saved, if a file was asked for


# A hang-up (the terminal closed) and a stop from outside (kill, a shutdown).
HANGUPS = tuple(getattr(signal, name) for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name))


@contextmanager
def _on_hangup(handler: Any) -> Iterator[None]:
    """While inside, a hang-up or a stop from outside goes to `handler`; as before after it.

    Left to their default, either would kill the process at once, with the session still open
    and its report unsaved.
    """
    kept: dict[int, Any] = {}
    for number in HANGUPS:
        with suppress(ValueError):  # not the main thread: left as it is
            kept[number] = signal.signal(number, handler)
    try:
        yield
    finally:
        for number, previous in kept.items():
            signal.signal(number, previous)


def _ignore(number: int, frame: object) -> None:
    """A hang-up while the session is ended and saved: the saving goes on."""
    # A Python handler, not SIG_IGN: a signal already on its way when the handler changes then
    # finds a handler to call, and Python prints no warning about it.


class _StopOnce:
    """Stop the plain loop as ctrl+c does, once: a hang-up comes from the terminal and again from
    the shell that ran the command, and the second must not cut short the ending the first began."""

    def __init__(self) -> None:
        self.stopped = False

    def __call__(self, number: int, frame: object) -> None:
        if not self.stopped:
            self.stopped = True
            raise KeyboardInterrupt


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
        unknown = [s for s in skills if not any(s in p.skill_index for p in tutor.packs.values())]
        if unknown:
            named = ", ".join(f"'{s}'" for s in unknown)
            raise TutorError(f"no pack has a skill {named}; see `tutor packs show ID` for the ids")
        if not holding:
            raise TutorError(f"no one pack has all of the skills {', '.join(skills)}; give --pack")
        both = ", ".join(sorted(holding))
        raise TutorError(f"the packs {both} all have these skills; give --pack")
    last = person.settings.get("last_pack")
    if isinstance(last, str) and last in tutor.packs:
        return last
    if len(tutor.packs) == 1:
        return next(iter(tutor.packs))
    known = ", ".join(sorted(tutor.packs))
    raise TutorError(f"{person.name} has no pack of their own yet: give --pack (one of {known})")


__all__ = ["session"]
