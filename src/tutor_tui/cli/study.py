"""`tutor study`, `next`, `lesson` and `answer`: the learning loop, in the app or step by step.

Each command opens the learner through the context and hands the work to the service; what is
left here is how the result reads on a terminal or as JSON.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from tutor_tui.cli.context import of
from tutor_tui.cli.options import (
    JsonFlag,
    LearnerOption,
    MaybeLearnerOption,
    MaybePackOption,
    PackOption,
)
from tutor_tui.core.errors import TutorError

if TYPE_CHECKING:
    from tutor_tui.core.learner import Learner
    from tutor_tui.core.planner import Activity
    from tutor_tui.service.tutor import Tutor


def study(
    ctx: typer.Context,
    learner: MaybeLearnerOption = None,
    pack: MaybePackOption = None,
    plain: Annotated[
        bool,
        typer.Option(
            "--plain",
            help="Study on plain lines of text, for screen readers, simple terminals and piped "
            "input. Type q to stop, h for a hint, ? for why; \\q, \\h or \\? to answer that "
            "letter.",
        ),
    ] = False,
) -> None:
    """Study a pack: lessons, questions and reviews, one after another, until you stop."""
    context = of(ctx)
    if not plain:
        # The app needs a terminal it can draw on; piped input or a dumb terminal gets plain mode.
        if context.full_terminal():
            context.run_app(learner, pack)
            return
        typer.echo(
            "note: the full-screen app cannot start (input or output is not a full terminal);"
            " studying in plain mode",
            err=True,
        )
    if not learner:
        raise typer.BadParameter("required in plain mode", param_hint="'--learner'")
    if not pack:
        raise typer.BadParameter("required in plain mode", param_hint="'--pack'")
    from tutor_tui.plain.study import run_plain

    context.plain_streams(context.stdin, context.stdout)
    person = context.open_learner(learner)
    run_plain(context.tutor, person, pack, context.stdin, context.stdout)


def activity_dict(tutor: Tutor, learner: Learner, activity: Activity) -> dict[str, Any]:
    """What to do next as JSON: the activity, and the question or lesson as the learner sees it."""
    result: dict[str, Any] = {
        "kind": activity.kind,
        "pack": activity.pack_id,
        "skill": activity.skill_id,
        "question": activity.question_id,
        "type": None,
        "prompt": None,
        "choices": None,
        "reason": activity.reason,
    }
    pack = tutor.pack(activity.pack_id)
    if activity.question_id is not None:
        shown = tutor.present(learner, pack, pack.question(activity.question_id))
        result["type"] = shown.question.type
        result["prompt"] = shown.prompt
        result["choices"] = list(shown.choices) or None
        if shown.lefts:
            result["lefts"] = list(shown.lefts)
        if shown.question.hints:
            result["hints"] = len(shown.question.hints)
    elif activity.kind == "lesson" and activity.skill_id is not None:
        skill = pack.skill(activity.skill_id)
        result["title"] = skill.title
        result["prompt"] = skill.lesson
    return result


def next_(
    ctx: typer.Context,
    learner: LearnerOption,
    pack: PackOption,
    skill: Annotated[
        str | None, typer.Option("--skill", help="Study this skill next (it must be ready).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Show what the learner should do next in a pack, and why."""
    context = of(ctx)
    person = context.open_learner(learner)
    activity = context.tutor.next(person, pack, focus=skill)
    shown = activity_dict(context.tutor, person, activity)
    if as_json:
        context.print_json(shown)
        return
    typer.echo(activity.reason)
    if activity.kind == "lesson":
        typer.echo(
            f"Read it with: tutor lesson --learner {person.name} --pack {pack} {activity.skill_id}"
        )
    elif activity.question_id is not None:
        typer.echo("")
        typer.echo(f"[{activity.question_id}] ({shown['type']})")
        typer.echo(shown["prompt"])
        for number, choice in enumerate(shown["choices"] or [], 1):
            typer.echo(f"  {number}. {choice}")
        if shown.get("lefts"):
            typer.echo("Match each of: " + "; ".join(shown["lefts"]))


def lesson(
    ctx: typer.Context,
    learner: LearnerOption,
    pack: PackOption,
    skill: Annotated[str, typer.Argument(help="The skill's id.")],
    as_json: JsonFlag = False,
) -> None:
    """Print a skill's lesson and record it as read."""
    context = of(ctx)
    read = context.tutor.read_lesson(context.open_learner(learner), pack, skill)
    if as_json:
        context.print_json(
            {"pack": pack, "skill": read.id, "title": read.title, "lesson": read.lesson}
        )
        return
    from rich.markdown import Markdown

    console = context.console()
    console.print(f"[bold]{read.title}[/]")
    console.print(Markdown(read.lesson or ""))


def answer(
    ctx: typer.Context,
    learner: LearnerOption,
    pack: PackOption,
    question: Annotated[str, typer.Argument(help="The question's id.")],
    response: Annotated[
        str,
        typer.Argument(
            help="The answer: text for choice, short and numeric; true or false; a JSON array "
            "for multi, order and cloze; a JSON object from left to right for match."
        ),
    ],
    hints: Annotated[int, typer.Option("--hints", min=0, help="Hints used.")] = 0,
    seconds: Annotated[
        float | None, typer.Option("--seconds", min=0, help="Seconds taken to answer.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Grade an answer, record it, and show the feedback."""
    from tutor_tui.core import grading

    context = of(ctx)
    tutor = context.tutor
    person = context.open_learner(learner)
    the_question = tutor.question(tutor.pack(pack), question)
    try:
        parsed = grading.parse_response(the_question, response)
    except grading.ResponseError as error:
        raise TutorError(f"cannot read the answer to '{question}': {error}") from None
    feedback = tutor.answer(person, pack, question, parsed, hints_used=hints, seconds=seconds)
    if as_json:
        context.print_json(feedback.to_dict())
        return
    result = feedback.grade
    if result.correct:
        typer.echo("✓ Right.")
    elif result.score > 0:
        typer.echo(f"◐ Partly right ({round(100 * result.score)}%). Expected: {result.expected}")
    else:
        typer.echo(f"✗ Not quite. Expected: {result.expected}")
    if result.feedback:
        typer.echo(result.feedback)
    if feedback.question.explanation:
        typer.echo(feedback.question.explanation.strip())
    if feedback.newly_mastered:
        typer.echo(f"You have mastered {feedback.skill.title}.")
    else:
        typer.echo(f"{feedback.skill.title}: {round(100 * feedback.progress.p_known)}% mastery")
