"""Plain mode: the study loop as lines of text, for screen readers, simple terminals and pipes.

`tutor study --plain` runs the same loop as the app through the same service: it asks `Tutor`
what comes next, shows it, reads a line, and hands the answer back. It prints plain words only:
no colour, no escape codes, no box drawing, one idea per line, and every prompt ends in `> `.

What the learner types at a question:

- an answer, in the friendly forms of `grading.parse_typed` (choice numbers as shown, `t` or
  `f`, `3 1 2` for an order, `1=2, 2=1` for a match, fills separated by `;`) or in the
  command line's encoding;
- `h` for the next hint, `?` for why this activity was picked, `q` to stop;
- `\\h`, `\\q` or `\\?` to give the letter itself as the answer.

At the start of a pack the learner has done nothing in, one line offers the placement check
(`tutor_tui.plain.placement`): `y` runs it, Enter starts from the beginning.

The reason for each activity is printed before it, so the learner always hears why; `?` says it
again. An answer is graded and stored by `Tutor.answer` before any feedback is printed, so
stopping at any moment (q, end of input, Ctrl-C) loses nothing that was answered.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from tutor_tui.core.errors import ClockBehind, TutorError
from tutor_tui.core.grading import ResponseError, parse_typed
from tutor_tui.core.pace import towards
from tutor_tui.plain.lines import (
    COMMANDS,
    DONT_KNOW,
    ESCAPE,
    HINT,
    QUIT,
    WHY,
    Lines,
    Stop,
    feedback_lines,
    mark_lines,
    mistake_lines,
    question_lines,
    sentence,
    towards_line,
)
from tutor_tui.plain.placement import offer_placement
from tutor_tui.render.markdown import plain_text
from tutor_tui.service.server import BACK, ServerWatch

if TYPE_CHECKING:
    from tutor_tui.core.content import Pack
    from tutor_tui.core.learner import Learner
    from tutor_tui.core.pace import DayGoal
    from tutor_tui.core.planner import Activity
    from tutor_tui.service.tutor import Feedback, SessionSummary, StudySession, Tutor


def run_plain(
    tutor: Tutor,
    learner: Learner | str,
    pack_id: str,
    input: TextIO,
    output: TextIO,
    *,
    echo: bool | None = None,
    timer: Callable[[], float] = time.monotonic,
    session: StudySession | None = None,
) -> SessionSummary:
    """Run the study loop on lines of text until the learner stops; return the session's summary.

    `echo` repeats each line read after its prompt; by default it does when `input` is not a
    terminal. `timer` measures the seconds an answer took. A `session` begun by the caller (a
    tutor's timed session) brings its length, after which the loop stops, and its skills.
    """
    person = tutor.learner(learner) if isinstance(learner, str) else learner
    pack = tutor.pack(pack_id)
    lines = Lines(input, output, (not input.isatty()) if echo is None else echo)
    # As the app does, so that it offers this learner first next time, on this pack.
    tutor.remember_learner(person)
    if person.settings.get("last_pack") != pack.id:
        person = tutor.update_settings(person, last_pack=pack.id)
    # A caller that began the session reports on it; else the loop says what it achieved.
    summarise = session is None
    if session is None:
        session = tutor.begin_session(person, pack.id)
    lines.say(
        f"Studying {pack.title} as {person.name}"
        + (f" for {_minutes(tutor.session_minutes(session, person))}" if session.timed else "")
        + f". Type {QUIT} to stop, {HINT} for a hint, {WHY} for why this was picked,"
        f" {DONT_KNOW} for I don't know."
    )
    # What a rebuild under new rules changed in where they stand, said once, as home says it.
    for line in tutor.standing_notice(person):
        lines.say(line)
    mistakes: list[tuple[str, object, Feedback]] = []
    # On a school server, the learner hears at once when it goes out of reach, and when it is back.
    watch = ServerWatch.start(tutor.store, lambda line: lines.interject(line or BACK))
    try:
        # A timed session is the tutor's choice of what to do: it starts at once, as in the app.
        if tutor.offers_placement_in(session, person):
            offer_placement(tutor, person, pack, lines, timer, session)
        while True:
            if tutor.time_is_up(session, person):
                lines.say()
                lines.say(f"Time is up: {_minutes(tutor.session_minutes(session, person))}.")
                break
            activity = tutor.next(person, pack.id, only=session.skills or None)
            lines.say()
            lines.say(activity.reason)
            if activity.kind == "done":
                break
            if activity.kind == "lesson":
                _lesson(tutor, person, pack, activity, lines)
            else:
                mistake = _question(tutor, person, pack, activity, session, lines, timer)
                if mistake is not None:
                    mistakes.append(mistake)
    except Stop:
        pass
    except KeyboardInterrupt:
        # Ctrl-C is a way to stop, not a failure: everything answered is already stored.
        lines.say()
    finally:
        if watch is not None:
            watch.stop()
    summary = tutor.end_session(session)
    if summarise:
        lines.say()
        lines.say("Session summary:")
        for line in summary.lines():
            lines.say(line)
        _review(mistakes, lines)
    output.flush()
    return summary


def _review(mistakes: list[tuple[str, object, Feedback]], lines: Lines) -> None:
    """The session's mistakes, question by question, to learn from."""
    if mistakes:
        lines.say()
        lines.say("Your mistakes, to learn from:")
    for number, mistake in enumerate(mistakes, 1):
        lines.say()
        lines.say(f"Mistake {number} of {len(mistakes)}.")
        for line in mistake_lines(*mistake):
            lines.say(line)


def _so_far(
    tutor: Tutor,
    person: Learner,
    pack: Pack,
    session: StudySession,
    before: DayGoal | None,
    lines: Lines,
) -> None:
    """After an answer: the session's minutes towards its length or the day's goal, and the
    moment the day's goal is met (once a day)."""
    try:
        day = tutor.day_goal(person, pack.id)
    except TutorError:
        return  # the answer is stored and its feedback said; only the minutes go unsaid
    if day is not None and day.met_since(before):
        lines.say(f"Today's goal of {day.daily_minutes} minutes is met. Well done! ⚑")
    spent = tutor.seconds_spent(session) / 60
    so_far = towards(spent, tutor.session_minutes(session, person), session.timed, day)
    lines.say(towards_line(so_far))


def _minutes(minutes: int) -> str:
    return f"{minutes} minute{'' if minutes == 1 else 's'}"


def _lesson(tutor: Tutor, person: Learner, pack: Pack, activity: Activity, lines: Lines) -> None:
    """Show a lesson, record it as read, and wait until the learner is ready to practise."""
    assert activity.skill_id is not None
    # Recorded as soon as it is shown: a learner who reads it and then stops has still read it.
    skill = tutor.read_lesson(person, pack.id, activity.skill_id)
    lines.say(f"Lesson: {skill.title}")
    lines.say()
    # Whole, and without Markdown's marks, which a screen reader would read aloud.
    lines.say(plain_text(skill.lesson or ""))
    lines.say()
    lines.say("End of the lesson. Press Enter to practise.")
    while True:
        typed = lines.ask()
        command = typed.strip()
        if command == QUIT:
            raise Stop
        if command == WHY:
            lines.say(f"Why: {activity.reason}")
            continue
        if command:
            # Not a key for the lesson, so an answer typed (or piped) ahead: it is for the
            # question that comes next, not to be swallowed here.
            lines.keep(typed)
        return


def _question(
    tutor: Tutor,
    person: Learner,
    pack: Pack,
    activity: Activity,
    session: StudySession,
    lines: Lines,
    timer: Callable[[], float],
) -> tuple[str, object, Feedback] | None:
    """Ask a question until it gets a readable answer (or "I don't know"), then store it and
    give the feedback; a wrong answer comes back, to review at the end."""
    assert activity.question_id is not None
    shown = tutor.present(person, pack, pack.question(activity.question_id))
    question = shown.question
    for line in question_lines(shown):
        lines.say(line)
    hints_used = 0
    started = timer()
    while True:
        typed = lines.ask()
        command = typed.strip()
        if command == QUIT:
            raise Stop
        if command == WHY:
            lines.say(f"Why: {activity.reason}")
            continue
        if command == HINT:
            if hints_used < len(question.hints):
                hints_used += 1
                hint = plain_text(question.hints[hints_used - 1])
                lines.say(f"Hint {hints_used} of {len(question.hints)}: {hint}")
            elif question.hints:
                lines.say("No more hints: that was the last one.")
            else:
                lines.say("There are no hints for this question.")
            continue
        if command[:1] == ESCAPE and command[1:] in COMMANDS:
            typed = command[1:]
        try:
            # "I don't know" is a miss, stored as one, then the answer is shown.
            response = None if command == DONT_KNOW else parse_typed(question, typed, shown.choices)
            # Today's minutes before and after the answer: the moment the day's goal is met.
            before = tutor.day_goal(person, pack.id)
            # The service grades before it stores, so an answer it cannot grade stores nothing.
            feedback = tutor.answer(
                person,
                pack.id,
                question.id,
                response,
                hints_used=hints_used,
                seconds=timer() - started,
                session=session,
            )
        except ResponseError as error:
            lines.say(f"{sentence(str(error))} Try again.")
            continue
        except ClockBehind:
            raise  # trying again cannot help: the clock, or the log, needs mending first
        except TutorError as error:  # the database server out of reach: nothing was recorded
            lines.say(f"{sentence(str(error))} Type the answer again to retry.")
            continue
        break
    marks = mark_lines(shown, feedback, response)
    for line in feedback_lines(feedback, marks=marks, not_known=command == DONT_KNOW):
        lines.say(line)
    _so_far(tutor, person, pack, session, before, lines)
    return None if feedback.correct else (shown.prompt, response, feedback)
