"""`tutor server init|check`: a school server that many computers share (PostgreSQL).

The server's password never goes on the command line, where everyone on the computer sees it and
the shell's history keeps it: it is typed unseen when asked, piped on standard input, or given
in `TUTOR_DB_PASSWORD` or in a file (`--password-file`). How the server is set up and checked is
`service.server`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from tutor_tui.cli.context import of
from tutor_tui.cli.options import JsonFlag
from tutor_tui.core.errors import TutorError
from tutor_tui.core.literal import printable_line

server_app = typer.Typer(
    help="A school server: many computers keeping progress in one PostgreSQL database.",
    no_args_is_help=True,
)


@server_app.command("init")
def init(
    ctx: typer.Context,
    url: Annotated[
        str,
        typer.Argument(
            help="The server's database, without its password:"
            " postgresql://USER@HOST/DATABASE (add ?sslmode=require across a network)."
        ),
    ],
    password_file: Annotated[
        Path | None,
        typer.Option(
            "--password-file",
            help="A file whose first line is the password (else TUTOR_DB_PASSWORD, else asked).",
        ),
    ] = None,
) -> None:
    """Create or upgrade the tutor's tables on a PostgreSQL server, and use it from now on here."""
    from tutor_tui.service.server import init_server

    context = of(ctx)
    if password_file is not None:
        password = _read_password(password_file)
    elif os.environ.get("TUTOR_DB_PASSWORD") or context.stdin.isatty():
        password = context.secret("The server's password (Enter for none)", "TUTOR_DB_PASSWORD")
    else:  # piped in, as `echo "$PW" | tutor server init URL`
        password = context.stdin.readline(4096).rstrip("\r\n") or None
    report = init_server(url, password)
    typer.echo(f"Connected to {report.where}: {report.what_was_done()}.")
    saved_to = printable_line(str(report.saved_to))
    typer.echo(f"Saved in {saved_to}: every tutor run here now uses this server.")
    typer.echo(_counted(report.counts))


@server_app.command("check")
def check(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Say which database this computer uses, whether it answers, its schema version and counts."""
    from tutor_tui.service.server import check_server

    report = check_server()
    if as_json:
        of(ctx).print_json(
            {
                "database": report.where,
                "engine": report.engine,
                "schema_version": report.version,
                "counts": report.counts,
            }
        )
        return
    typer.echo(f"Connected to {report.where} ({report.engine}), schema version {report.version}.")
    typer.echo(_counted(report.counts))


def _read_password(path: Path) -> str | None:
    """The first line of a password file; TutorError when it cannot be read."""
    try:
        with path.open(encoding="utf-8") as file:
            line = file.readline(4096)
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "not text"
        raise TutorError(f"cannot read the password file {path}: {reason}") from None
    return line.rstrip("\r\n") or None


def _counted(counts: dict[str, int]) -> str:
    """The counts in words: "Held: learners 3, attempts 120, ..."."""
    said = ", ".join(f"{kind.replace('_', ' ')} {n}" for kind, n in counts.items())
    return f"Held: {said}."
