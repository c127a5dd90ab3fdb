"""`tutor packs import` and the other formats of `tutor packs export`: material from other programs.

The work is `tutor_tui.packs.formats`, imported only when one of these commands runs. An import
prints what it converted and, for everything it could not, where that is and why; with
`--history` it then replays the deck's reviews for a learner through the service.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tutor_tui.cli.context import Context, of
from tutor_tui.cli.options import JsonFlag
from tutor_tui.core.literal import printable_line
from tutor_tui.core.words import plural

if TYPE_CHECKING:
    from tutor_tui.core.learner import Learner
    from tutor_tui.packs.formats.draft import Review
    from tutor_tui.packs.formats.writer import WriteReport


def packs_import(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE...",
            help="Anki (.apkg, .colpkg), CSV/TSV (.csv, .tsv, .txt), GIFT (.gift, .txt), "
            "Moodle XML (.xml) or Markdown cards (.md).",
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help="The pack folder to write: new, or imported before.",
        ),
    ],
    pack_id: Annotated[
        str | None, typer.Option("--id", metavar="ID", help="The pack's id.")
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TITLE", help="The pack's title.")
    ] = None,
    tags_as_skills: Annotated[
        bool, typer.Option("--tags-as-skills", help="Make a note's first tag its skill.")
    ] = False,
    history: Annotated[
        str | None,
        typer.Option(
            "--history", metavar="LEARNER", help="Add the deck's review log to this learner's."
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Turn material from Anki, spreadsheets, Moodle or Markdown cards into a content pack."""
    from tutor_tui.packs.formats.draft import Options
    from tutor_tui.packs.formats.importing import import_files

    context = of(ctx)
    # The learner is found first: an unknown name stops the import before anything is written.
    learner = context.open_for_change(history) if history is not None else None
    report, draft = import_files(files, output, pack_id, title, Options(tags_as_skills))
    added = None
    if learner is not None:
        added = _replay(context, learner, report, draft.history)
    if as_json:
        context.print_json({**report.to_dict(), "reviews_added": added})
        return
    for line in import_lines(report):
        typer.echo(line)
    if learner is not None:
        typer.echo(
            f"Added {plural(added or 0, 'review')} of {len(draft.history)} in the files' history "
            f"to {learner.name}'s; the reviews go on from there once the pack is installed."
        )


def _replay(context: Context, learner: Learner, report: WriteReport, log: list[Review]) -> int:
    """Add the imported questions' reviews to the learner's log; how many were new."""
    from datetime import UTC, datetime

    from tutor_tui.packs.loader import load_pack
    from tutor_tui.service.history import PastReview

    pack = load_pack(report.path).pack
    assert pack is not None  # the writer checked that it loads
    # Anki keeps times in milliseconds since 1970; one outside 1970-2100 is damage, not a review.
    reviews = [
        PastReview(
            report.ids[r.question_key],
            datetime.fromtimestamp(r.at_ms / 1000, UTC),
            r.rating >= 2,
            max(0, r.took_ms) / 1000,
        )
        for r in log
        if r.question_key in report.ids and 0 < r.at_ms < 4_102_444_800_000
    ]
    return context.tutor.import_reviews(learner, pack, reviews)


def import_lines(report: WriteReport) -> list[str]:
    """What an import did, in lines for a person."""
    kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(report.kinds.items()))
    lines = [
        f"Imported {plural(report.questions, 'question')} ({kinds}) into {report.path}: "
        f"pack '{report.pack_id}' ({report.title}), {plural(report.units, 'unit')}, "
        f"{plural(report.skills, 'skill')}"
        + (f", {plural(report.media, 'media file')}" if report.media else "")
        + "."
    ]
    lines += report.notes
    if report.skipped:
        lines.append(f"Not converted ({len(report.skipped)}):")
        lines += [f"  {skipped}" for skipped in report.skipped]
    lines.append(
        "The skills have no prerequisites yet: add `requires` to order them "
        "(see docs/importing.md)."
    )
    lines.append(f"Check it: tutor packs validate {report.path}")
    lines.append(f"Study it: tutor packs install {report.path}")
    return lines


def export_as(context: Context, pack_id: str, kind: str, output: str, as_json: bool) -> None:
    """Write the pack `pack_id` as GIFT, Moodle XML or an Anki deck, saying what did not map;
    `output` a file, or a folder to write it in under the pack's id."""
    from tutor_tui.files.atomic import file_for
    from tutor_tui.packs.formats.exporting import WRITERS, export_pack

    if kind not in WRITERS:
        raise typer.BadParameter(
            f"'{kind}' is no format; the formats are zip, {', '.join(WRITERS)}",
            param_hint="'--format'",
        )
    target = file_for(output, pack_id + WRITERS[kind][1])
    report = export_pack(context.pack(pack_id), kind, target)
    if as_json:
        context.print_json(report.to_dict())
        return
    written = printable_line(str(report.output))
    typer.echo(f"Wrote {plural(report.questions, 'question')} of {pack_id} to {written}.")
    if report.left_out:
        typer.echo(f"Left out or changed ({len(report.left_out)}):")
        for line in report.left_out:
            typer.echo(f"  {line}")
