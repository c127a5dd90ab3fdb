"""`tutor portfolio`: a learner's portfolio written to an HTML, Markdown or JSON file.

Like the other commands it imports nothing heavy until it runs; what it shows is gathered by
`tutor_tui.service.reports`.
"""

from __future__ import annotations

import os
import stat
from contextlib import suppress
from pathlib import Path
from typing import Annotated

import typer

from tutor_tui.cli.context import of
from tutor_tui.cli.options import LearnerOption, OnlyPackOption
from tutor_tui.core.errors import TutorError

# The file's extension decides its format.
FORMATS = {
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
}


def portfolio(
    ctx: typer.Context,
    learner: LearnerOption,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="The file to write; its extension says how: .html, .md or .json."
        ),
    ],
    pack: OnlyPackOption = None,
) -> None:
    """Write a learner's portfolio: goals, skills mastered with dates, time studied and a chart."""
    kind = format_for(output)
    from tutor_tui.render import portfolio as render
    from tutor_tui.service.reports import gather_portfolio, started_packs

    context = of(ctx)
    tutor = context.tutor
    person = context.open_learner(learner)
    packs = [tutor.pack(pack)] if pack else started_packs(tutor, person)
    found = gather_portfolio(tutor, person, packs, only_pack=pack is not None)
    text = {"html": render.to_html, "markdown": render.to_markdown, "json": render.to_json}[kind](
        found
    )
    written = write_atomically(output, text)
    typer.echo(f"Wrote {written}")


def format_for(output: Path) -> str:
    """The format an output file's extension asks for; a usage error (exit 2) for any other."""
    kind = FORMATS.get(output.suffix.lower())
    if kind is None:
        raise typer.BadParameter(
            f"cannot tell the format of '{output.name}': end it in .html, .md or .json",
            param_hint="'--output'",
        )
    return kind


def check_writable(path: Path) -> Path:
    """The file to write, once it is sure it can be: TutorError with one line when it cannot."""
    target = path.expanduser()
    folder = target.parent
    if target.is_dir():
        raise TutorError(f"cannot write {path}: it is a folder")
    if not folder.is_dir():
        raise TutorError(f"cannot write {path}: there is no folder {folder}")
    if not os.access(folder, os.W_OK):
        raise TutorError(f"cannot write {path}: the folder {folder} is not writable")
    return target


def write_atomically(path: Path, text: str) -> Path:
    """Write `text` to `path` whole or not at all; TutorError with one line when it cannot be.

    The text goes to a temporary file beside the target, which then replaces it, so a reader
    never sees half a file. An existing file keeps its permissions; a new one is readable by its
    owner alone, as a portfolio is personal.
    """
    import tempfile  # here, not at the top: `tutor --help` reads this module's docstrings

    target = check_writable(path)
    folder = target.parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise TutorError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        if target.exists():
            os.chmod(temporary, stat.S_IMODE(target.stat().st_mode))
        os.replace(temporary, target)
    except OSError as error:
        with suppress(OSError):
            os.unlink(temporary)
        raise TutorError(f"cannot write {path}: {error.strerror or error}") from None
    return target
