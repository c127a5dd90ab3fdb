"""`tutor portfolio`: a learner's portfolio written to an HTML, Markdown or JSON file.

Like the other commands it imports nothing heavy until it runs; what it shows is gathered by
`tutor_tui.service.reports`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tutor_tui.cli.context import of
from tutor_tui.cli.options import LearnerOption, OnlyPackOption, output_file
from tutor_tui.core.literal import printable_line

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
            "--output",
            "-o",
            parser=output_file,
            help="The file to write; its extension says how: .html, .md or .json.",
        ),
    ],
    pack: OnlyPackOption = None,
) -> None:
    """Write a learner's portfolio: goals, skills mastered with dates, time studied and a chart."""
    kind = format_for(output)
    from tutor_tui.files.atomic import write_report
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
    written = write_report(output, text)
    typer.echo(f"Wrote {printable_line(str(written))}")


def format_for(output: Path) -> str:
    """The format an output file's extension asks for; a usage error (exit 2) for any other."""
    kind = FORMATS.get(output.suffix.lower())
    if kind is None:
        raise typer.BadParameter(
            f"cannot tell the format of '{output.name}': end it in .html, .md or .json",
            param_hint="'--output'",
        )
    return kind
