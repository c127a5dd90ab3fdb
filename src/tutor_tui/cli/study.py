"""`tutor study`, `next`, `lesson` and `answer`: the learning loop, in the app or step by step.

Each command opens the learner through the context and hands the work to the service; what is
left here is how the result reads on a terminal or as JSON.
"""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tutor_tui.cli.context import of
from tutor_tui.cli.options import (
    CurrentPackOption,
    JsonFlag,
    LearnerOption,
    MaybeLearnerOption,
    MaybePackOption,
)
from tutor_tui.core.errors import TutorError

if TYPE_CHECKING:
    from tutor_tui.core.content import AnyQuestion, Pack
    from tutor_tui.core.grading import Response
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
        "check": activity.check,
        "reviews_due_today": activity.reviews_due,
        "checks_due_today": activity.checks_due,
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


def current_pack(tutor: Tutor, learner: Learner, pack: str | None) -> str:
    """The pack a step-by-step command works in: the one given, else the one the learner
    studied last; a pack given becomes the one studied last."""
    if pack is None:
        last = learner.settings.get("last_pack")
        if not last:
            raise TutorError(f"{learner.name} has not studied a pack yet: give one with --pack ID")
        return str(last)
    tutor.pack(pack)  # one that is found, or why not
    if learner.settings.get("last_pack") != pack:
        tutor.update_settings(learner, last_pack=pack)
    return pack


def next_(
    ctx: typer.Context,
    learner: LearnerOption,
    pack: CurrentPackOption = None,
    skill: Annotated[
        str | None, typer.Option("--skill", help="Study this skill next (it must be ready).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Show what the learner should do next in a pack, and why."""
    from tutor_tui.render.markdown import line_text, plain_text

    context = of(ctx)
    person = context.open_learner(learner)
    pack = current_pack(context.tutor, person, pack)
    activity = context.tutor.next(person, pack, focus=skill)
    shown = activity_dict(context.tutor, person, activity)
    if as_json:
        context.print_json(shown)
        return
    typer.echo(activity.reason)
    if activity.reviews_due:
        typer.echo(f"Reviews due today: {activity.reviews_due}")
    if activity.checks_due:
        typer.echo(f"Checks of skills placed out due today: {activity.checks_due}")
    if activity.kind == "lesson":
        # Quoted as a shell reads it, so that a name with a space or a bracket copies as is.
        words = shlex.join(["--learner", person.name, "--pack", pack, str(activity.skill_id)])
        typer.echo(f"Read it with: tutor lesson {words}")
    elif activity.question_id is not None:
        typer.echo("")
        typer.echo(f"[{activity.question_id}] ({shown['type']})")
        typer.echo(plain_text(shown["prompt"]))
        for number, choice in enumerate(shown["choices"] or [], 1):
            typer.echo(f"  {number}. {line_text(choice)}")
        if shown.get("lefts"):
            typer.echo("Match each of: " + "; ".join(line_text(left) for left in shown["lefts"]))


def lesson(
    ctx: typer.Context,
    learner: LearnerOption,
    skill: Annotated[str, typer.Argument(help="The skill's id.")],
    pack: CurrentPackOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Print a skill's lesson and record it as read."""
    context = of(ctx)
    person = context.open_learner(learner)
    pack = current_pack(context.tutor, person, pack)
    read = context.tutor.read_lesson(person, pack, skill, chosen=True)
    if as_json:
        context.print_json(
            {"pack": pack, "skill": read.id, "title": read.title, "lesson": read.lesson}
        )
        return
    from tutor_tui.render.markdown import plain_text

    # Plain text, as plain mode prints it: no marks for a screen reader to read aloud.
    typer.echo(read.title)
    typer.echo("")
    typer.echo(plain_text(read.lesson or ""))


def answer(
    ctx: typer.Context,
    learner: LearnerOption,
    question: Annotated[str, typer.Argument(help="The question's id.")],
    response: Annotated[
        str,
        typer.Argument(
            help="The answer: for choice, its text or its number as `tutor next` shows it; text "
            "for short and numeric; true or false; a JSON array for multi, order and cloze; a "
            "JSON object from left to right for match."
        ),
    ],
    pack: CurrentPackOption = None,
    hints: Annotated[int, typer.Option("--hints", min=0, help="Hints used.")] = 0,
    seconds: Annotated[
        float | None, typer.Option("--seconds", min=0, help="Seconds taken to answer.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Grade an answer, record it, and show the feedback."""
    from tutor_tui.plain.lines import feedback_lines

    context = of(ctx)
    tutor = context.tutor
    person = context.open_learner(learner)
    pack = current_pack(tutor, person, pack)
    the_pack = tutor.pack(pack)
    the_question = tutor.question(the_pack, question)
    parsed = read_answer(tutor, person, the_pack, the_question, response)
    feedback = tutor.answer(
        person, pack, question, parsed, hints_used=hints, seconds=seconds, chosen=True
    )
    if as_json:
        context.print_json(feedback.to_dict())
        return
    for line in feedback_lines(feedback, symbols=True):
        typer.echo(line)


def read_answer(
    tutor: Tutor, learner: Learner, pack: Pack, question: AnyQuestion, response: str
) -> Response:
    """The answer typed on the command line: a choice's text, or its number in the order the
    learner is shown the choices (as `tutor next` numbers them); else as `grading` reads it."""
    from tutor_tui.core import grading

    try:
        if (
            question.type == "choice"
            and response not in question.choices
            and response.strip().isdigit()
        ):
            shown = tutor.present(learner, pack, question).choices
            return grading.parse_typed(question, response, shown)
        return grading.parse_response(question, response)
    except grading.ResponseError as error:
        raise TutorError(f"cannot read the answer to '{question.id}': {error}") from None
