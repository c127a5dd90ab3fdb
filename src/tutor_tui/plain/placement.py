"""The placement check on lines of text: `tutor placement`, and plain mode's offer of it.

The check is driven by the service (`Tutor.start_placement`, one driver for every shell); this
module asks its questions on lines of text as plain mode does: a question with its numbered
choices, a `> ` prompt, an answer read by `grading.parse_typed`. `q` stops early and the end of
input stops cleanly; `n` says "I don't know", as in plain study (as with the app's "not sure",
it is stored as a miss, as a wrong answer is); `\\q` and `\\n` answer the letters.
Each answer is stored before the next question, so stopping at any moment loses nothing answered.
No answer is marked during the check: placement measures, it does not teach.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from tutor_tui.core.grading import ResponseError, parse_typed
from tutor_tui.plain.lines import (
    DONT_KNOW,
    ESCAPE,
    QUIT,
    Lines,
    Stop,
    question_lines,
    sentence,
)

if TYPE_CHECKING:
    from tutor_tui.core.content import Pack
    from tutor_tui.core.learner import Learner
    from tutor_tui.core.placement import PlacementResult
    from tutor_tui.service.tutor import PlacementRun, Presented, StudySession, Tutor

# What the learner may type at the offer of a placement check.
YES, NO = frozenset({"y", "yes"}), frozenset({"", "n", "no"})


def run_placement(
    tutor: Tutor,
    learner: Learner,
    pack_id: str,
    input: TextIO,
    output: TextIO,
    *,
    max_questions: int | None = None,
    echo: bool | None = None,
    timer: Callable[[], float] = time.monotonic,
    session: StudySession | None = None,
) -> tuple[PlacementResult, list[str]]:
    """Run a placement check on lines of text until it is over; what it found, and the skills
    it placed. Each answer is stored as it comes.

    `max_questions` is the check's own limit unless given. `echo` repeats each line read after
    its prompt; by default it does when `input` is not a terminal, so that the output reads as a
    transcript. The answers belong to `session` when one is given.
    """
    pack = tutor.pack(pack_id)
    lines = Lines(input, output, (not input.isatty()) if echo is None else echo)
    run = tutor.start_placement(learner, pack, max_questions, session)
    lines.say(
        f"Placement check of {pack.title} for {learner.name}: at most {run.max_questions}"
        " questions, to find what you already know so that you can skip it."
    )
    lines.say(
        f"Answers are not marked until the end. Type {QUIT} to stop, {DONT_KNOW} for I don't know."
    )
    try:
        while (shown := run.next_question()) is not None:
            lines.say()
            lines.say(f"Question {run.number}, on {pack.skill(shown.question.skill).title}")
            for line in question_lines(shown):
                lines.say(line)
            _answer(run, shown, lines, timer)
    except Stop:
        run.stop()
    except KeyboardInterrupt:
        lines.say()
        run.stop()
    output.flush()
    return run.finish()


def _answer(run: PlacementRun, shown: Presented, lines: Lines, timer: Callable[[], float]) -> None:
    """Read lines until one is an answer the check can take, and hand it over."""
    question = shown.question
    started = timer()
    while True:
        typed = lines.ask()
        command = typed.strip()
        if command == QUIT:
            raise Stop
        if command == DONT_KNOW:
            run.not_sure(question.id, timer() - started)
            return
        if command[:1] == ESCAPE and command[1:] in (QUIT, DONT_KNOW):
            typed = command[1:]
        try:
            run.answer(question.id, parse_typed(question, typed, shown.choices), timer() - started)
        except ResponseError as error:
            lines.say(f"{sentence(str(error))} Try again.")
            continue
        return


def offer_placement(
    tutor: Tutor,
    person: Learner,
    pack: Pack,
    lines: Lines,
    timer: Callable[[], float],
    session: StudySession | None = None,
) -> None:
    """Offer the placement check in one line; run it on y, and say what it found."""
    from tutor_tui.core.placement import question_budget

    lines.say()
    lines.say(
        f"New to {pack.title}? Type y for a short check of what you already know "
        f"(at most {question_budget(pack)} questions), or press Enter to start from the beginning."
    )
    while True:
        command = lines.ask().strip().lower()
        if command == QUIT:
            raise Stop
        if command in NO:
            return
        if command in YES:
            break
        lines.say("Type y for the check, or press Enter to start from the beginning.")
    lines.say()
    result, placed = run_placement(
        tutor,
        person,
        pack.id,
        lines.input,
        lines.output,
        echo=lines.echo,
        timer=timer,
        session=session,
    )
    lines.say()
    for line in placement_lines(pack, result, placed):
        lines.say(line)


def placement_lines(pack: Pack, result: PlacementResult, placed: list[str]) -> list[str]:
    """What a placement check found, as plain lines: placed out, to learn, not settled, and what
    it changes."""
    from tutor_tui.core.placement import VERDICT_HEADINGS

    said = [result.summary()]
    for verdict, heading in VERDICT_HEADINGS.items():
        titles = [pack.skill(skill_id).title for skill_id in result.listed(verdict)]
        said.append(f"{heading}: {', '.join(titles) or 'none'}.")
    said.append(result.outcome(placed))
    return said
