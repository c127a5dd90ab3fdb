"""`tutor export` and `tutor import`: progress carried between computers in one file.

A classroom without a network moves progress on a USB stick: `tutor export --all -o FILE` on one
laptop, `tutor import FILE` on another. The bundle format is `tutor_tui.files.bundle`; the merge,
keyed by the events' uuids so that nothing is lost or counted twice, is the service's
(`Tutor.import_bundle`). Like the other commands they import nothing heavy until they run.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from tutor_tui.cli.context import of
from tutor_tui.cli.options import JsonFlag, output_file
from tutor_tui.core.errors import TutorError
from tutor_tui.core.literal import printable_line


def export(
    ctx: typer.Context,
    learner: Annotated[
        str | None, typer.Option("--learner", "-l", help="Export this learner.")
    ] = None,
    all_learners: Annotated[
        bool, typer.Option("--all", help="Export every learner on this computer.")
    ] = False,
    *,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            parser=output_file,
            help="The bundle file to write, e.g. on a USB stick.",
        ),
    ],
    encrypt: Annotated[
        bool,
        typer.Option(
            "--encrypt", help="Encrypt the bundle with the tutor passphrase (for a USB stick)."
        ),
    ] = False,
) -> None:
    """Write learners' progress to a bundle file, to import on another computer."""
    if (learner is not None) == all_learners:
        raise typer.BadParameter(
            "give exactly one of them: --learner NAME or --all", param_hint="'--learner' / '--all'"
        )
    from tutor_tui.core.merge import FACTS, count_words

    context = of(ctx)
    passphrase = None
    if encrypt and not context.tutor.has_passphrase():
        raise TutorError(
            "--encrypt encrypts the bundle with the tutor passphrase, and none is set here;"
            " set one first, with: tutor class passphrase"
        )
    if learner is None or encrypt:
        passphrase = context.unlock_class()  # everyone's progress leaves the computer
    chosen = None if learner is None else [context.open_learner(learner)]
    bundle = context.tutor.export_bundle(output, chosen, passphrase if encrypt else None)
    names = [row["name"] for row in bundle.rows["learners"]]
    counts = [count_words(bundle.count(kind), kind) for kind in FACTS if bundle.count(kind)]
    who = count_words(len(names), "learners")
    if names:
        who += f" ({', '.join(names)})"
    sealed = " (encrypted with the tutor passphrase)" if encrypt else ""
    typer.echo(f"Wrote {printable_line(str(output))}{sealed}: {', '.join([who, *counts])}.")


def import_(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A bundle written by `tutor export`.")
    ],
    unsealed: Annotated[
        bool,
        typer.Option(
            "--unsealed",
            help="Take a bundle not encrypted with the tutor passphrase, where one is set here.",
        ),
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Merge a bundle from another computer: answers graded again here, nothing doubled."""
    from tutor_tui.files.bundle import SealedBundle, read_bundle

    context = of(ctx)
    # Every check of the file is made before the database is even opened: a bad file changes
    # nothing.
    sealed = False
    try:
        bundle = read_bundle(file)
    except SealedBundle:
        passphrase = context.secret(
            "Tutor passphrase the bundle was written with", "TUTOR_PASSPHRASE"
        )
        if passphrase is None:
            raise
        bundle, sealed = read_bundle(file, passphrase), True
    tutor = context.tutor
    # Where a passphrase guards the class, bundles travel sealed with it: one that is not could
    # have been written, or changed, by anyone who had the file in hand.
    guarded = tutor.has_passphrase()
    if not sealed and not unsealed and guarded:
        raise TutorError(
            f"cannot import {printable_line(str(file))}: it is not encrypted with the tutor"
            " passphrase, so anyone could have written or changed it; export it again with"
            " tutor export --encrypt, or add --unsealed to import it as it is"
        )
    context.unlock_class()  # it changes learners' progress, those with a PIN too
    # One transaction merges the facts, graded again here, and rebuilds the derived state.
    report = tutor.import_bundle(bundle, str(file))
    if as_json:
        about = {"file": str(file), "created": bundle.created, "app": bundle.app, "sealed": sealed}
        context.print_json({**about, **report.to_dict()})
        return
    shown = printable_line(str(file))
    how = ", not encrypted, as --unsealed allowed" if guarded and not sealed else ""
    typer.echo(
        f"Imported {shown} (exported {_when(bundle.created)} by tutor-tui {bundle.app}{how})."
    )
    for line in report.lines():
        typer.echo(line)


def _when(text: str) -> str:
    return datetime.fromisoformat(text).astimezone().strftime("%Y-%m-%d %H:%M")


__all__ = ["export", "import_"]
