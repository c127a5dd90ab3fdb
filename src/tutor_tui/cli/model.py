"""`tutor model …`: evaluate learner models on real logs, fit the tutor's model, show it.

A Typer sub-app; the main command line registers it as `tutor model`. Heavy modules (numpy, the
fitting code, fsrs) are imported inside the commands. Errors a user causes print one line
`error: …` and exit with status 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tutor_tui.cli.context import Context, of
from tutor_tui.cli.options import JsonFlag, output_file
from tutor_tui.core.errors import TutorError
from tutor_tui.core.literal import printable_line

if TYPE_CHECKING:
    from tutor_tui.core.content import Mastery
    from tutor_tui.modeling.learner import LearnerModel

app = typer.Typer(
    help="Fit the learner model and evaluate it on real learners' answers.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {printable_line(message)}", err=True)
    return typer.Exit(1)


@app.command()
def evaluate(
    ctx: typer.Context,
    log: Annotated[Path, typer.Argument(help="Response log CSV (gzip accepted).")],
    as_json: JsonFlag = False,
    folds: Annotated[
        bool,
        typer.Option(
            "--folds/--no-folds",
            help="Cross-validate over learners (the file's fold column, else 5 hashed folds); "
            "--no-folds fits and predicts the same answers.",
        ),
    ] = True,
) -> None:
    """Score the tutor's model and the baselines on a response log, answer by answer."""
    from tutor_tui.modeling.evaluate import describe, evaluate_log, format_table
    from tutor_tui.modeling.responses import read_responses

    try:
        evaluation = evaluate_log(read_responses(log), use_folds=folds)
    except TutorError as error:
        raise _fail(str(error)) from None
    if as_json:
        of(ctx).print_json(evaluation.to_dict())
        return
    typer.echo(describe(evaluation))
    typer.echo(format_table(evaluation))
    typer.echo(
        f"fitting took {evaluation.fit_seconds:.1f} s, everything {evaluation.seconds:.1f} s"
    )


@app.command("evaluate-reviews")
def evaluate_reviews(
    ctx: typer.Context,
    log: Annotated[Path, typer.Argument(help="Review log CSV: card_id, rating, time.")],
    as_json: JsonFlag = False,
) -> None:
    """Score the review scheduler's recall predictions on a review log (srs-benchmark protocol)."""
    from tutor_tui.modeling.reviews import evaluate_reviews as run
    from tutor_tui.modeling.reviews import format_review_table, read_reviews

    try:
        evaluation = run(read_reviews(log), str(log))
    except TutorError as error:
        raise _fail(str(error)) from None
    if as_json:
        of(ctx).print_json(evaluation.to_dict())
        return
    typer.echo(
        f"{log}: {evaluation.reviews:,} reviews of {evaluation.cards:,} cards; "
        f"{evaluation.scored:,} scored (a day or more after the previous review, last 5 of 6 "
        "parts by time)"
    )
    typer.echo(format_review_table(evaluation))


def pack_defaults(context: Context, pack_id: str) -> Mastery | Mapping[str, Mastery]:
    """The pack's knowledge-tracing settings per skill, the starting point and fallback of a fit."""
    return {skill.id: skill.mastery for skill in context.pack(pack_id).skills}


@app.command()
def fit(
    ctx: typer.Context,
    pack: Annotated[str, typer.Option("--pack", help="The pack the model is for.")],
    from_csv: Annotated[
        Path | None,
        typer.Option(
            "--from-csv",
            help="Fit to a response log CSV (skill_id = pack skill) instead of this computer's "
            "attempt log.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            parser=output_file,
            help="Where to save the model (default: the tutor's data).",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Fit the per-skill numbers and the ability layer, and save them as the pack's model."""
    import time

    from tutor_tui.files.atomic import check_writable
    from tutor_tui.files.modelfile import model_path, save_model
    from tutor_tui.modeling.fitting import fit_from_log
    from tutor_tui.modeling.responses import read_responses

    context = of(ctx)  # its service is opened when this computer's data is needed, once
    try:
        if from_csv is None or output is None:
            # It reads everyone's answers here, or changes everyone's mastery: a tutor's act.
            context.unlock_class()
        defaults = pack_defaults(context, pack)
        started = time.perf_counter()
        if from_csv is not None:
            log = read_responses(from_csv)
            model = fit_from_log(log, defaults, pack_id=pack)
            answers, log_skills = len(log), set(log.skills)
        else:
            from tutor_tui.modeling.fitting import fit_from_attempts

            # Practice and reviews: a placement check's answers are evidence the learner brought,
            # not learning, and the tutor does not count them as learning either.
            attempts = [
                (a.learner_id, a.skill_id, a.question_id, a.score, a.hints_used, a.at)
                for a in context.tutor.attempts(pack_id=pack)
                if a.kind != "placement"
            ]
            if not attempts:
                raise TutorError(f"no answers in pack '{pack}' on this computer yet to fit to")
            model = fit_from_attempts(attempts, defaults, pack_id=pack)
            answers, log_skills = len(attempts), {a[1] for a in attempts}
        seconds = time.perf_counter() - started
        target = model_path(pack) if output is None else check_writable(output)
        if isinstance(defaults, Mapping):
            model = model.with_defaults(defaults)
        save_model(target, model, created=datetime.now(UTC))
        if output is None:
            # The derived mastery of every learner follows the new numbers from now on.
            context.tutor.forget_cached()
            context.tutor.rebuild()
    except TutorError as error:
        raise _fail(str(error)) from None
    except OSError as error:
        raise _fail(f"cannot save the model: {error.strerror or error}") from None
    unknown = sorted(log_skills - set(defaults)) if isinstance(defaults, Mapping) else []
    if as_json:
        of(ctx).print_json(
            {
                "path": str(target),
                "pack": pack,
                "answers": answers,
                "skills": len(model.skills),
                "fitted": len(model.fitted),
                "unknown_skills": unknown,
                "seconds": round(seconds, 3),
            }
        )
        return
    typer.echo(
        f"fitted {len(model.fitted)} of {len(model.skills)} skills to {answers:,} answers "
        f"in {seconds:.1f} s; saved {target}"
    )
    if unknown:
        shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
        typer.echo(f"note: {len(unknown)} skill ids of the log are not in pack '{pack}': {shown}")


@app.command()
def show(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(help="A model file (default: every model in the tutor's data)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """List the numbers in use per skill and how many answers back each."""
    from tutor_tui.files.modelfile import load_model, model_path, to_dict

    try:
        if file is not None:
            files = [file]
        else:
            folder = model_path("_").parent
            files = sorted(folder.glob("*.json")) if folder.is_dir() else []
            if not files:
                shown = printable_line(str(folder))
                typer.echo(f"no fitted models in {shown}; the packs' own values are in use")
                return
        models = [(path, load_model(path)) for path in files]
    except TutorError as error:
        raise _fail(str(error)) from None
    if as_json:
        of(ctx).print_json([{"path": str(path), **to_dict(model)} for path, model in models])
        return
    for index, (path, model) in enumerate(models):
        if index:
            typer.echo("")
        typer.echo(_describe_model(path, model))


def _describe_model(path: Path, model: LearnerModel) -> str:
    shown = printable_line(str(path))
    lines = [f"{shown}: pack '{model.pack_id or '?'}', fitted to {model.source or '?'}"]
    layer = model.layer
    if layer is None:
        lines.append("plain knowledge tracing (no ability layer: too few answers or learners)")
    else:
        lines.append(
            f"ability layer: bias {layer.bias:+.2f}, tracing x{layer.tracing:.2f}, "
            f"ability x{layer.ability:.2f}, recent form x{layer.form:.2f}; "
            f"{len(model.questions)} questions with their own difficulty"
        )
    lines.append(
        f"{'skill':<24} {'answers':>8}  {'source':<8} {'prior':>6} {'learn':>6} "
        f"{'slip':>6} {'guess':>6}"
    )
    for skill in sorted(model.skills):
        params = model.skills[skill]
        source = "fitted" if skill in model.fitted else "pack"
        lines.append(
            f"{skill:<24} {model.answers.get(skill, 0):>8}  {source:<8} {params.prior:>6.3f} "
            f"{params.learn:>6.3f} {params.slip:>6.3f} {params.guess:>6.3f}"
        )
    return "\n".join(lines)
