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
(`cli_placement.run_placement`): `y` runs it, Enter starts from the beginning.

The reason for each activity is printed before it, so the learner always hears why; `?` says it
again. An answer is graded and stored by `Tutor.answer` before any feedback is printed, so
stopping at any moment (q, end of input, Ctrl-C) loses nothing that was answered.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, TextIO

from tutor_tui.core.content import (
    BLANK,
    ChoiceQuestion,
    ClozeQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    TrueFalseQuestion,
)
from tutor_tui.core.grading import ResponseError, parse_typed

if TYPE_CHECKING:
    from tutor_tui.core.content import Pack
    from tutor_tui.core.learner import Learner
    from tutor_tui.core.placement import PlacementResult
    from tutor_tui.core.planner import Activity
    from tutor_tui.service.tutor import Feedback, Presented, SessionSummary, StudySession, Tutor

PROMPT = "> "
QUIT, HINT, WHY = "q", "h", "?"
COMMANDS = frozenset({QUIT, HINT, WHY})
# A backslash before a command letter gives the letter itself as an answer.
ESCAPE = "\\"
# What the learner may type at the offer of a placement check.
YES, NO = frozenset({"y", "yes"}), frozenset({"", "n", "no"})


class _Stop(Exception):
    """The learner asked to stop, or the input ended."""


class _Lines:
    """The learner's side of the conversation: prompts out, lines in."""

    def __init__(self, input: TextIO, output: TextIO, echo: bool) -> None:
        self.input = input
        self.output = output
        self.echo = echo

    def say(self, text: str = "") -> None:
        """Print text, one line per line of it."""
        self.output.write(text + "\n")

    def ask(self) -> str:
        """Show the prompt and read one line, without its line ending; _Stop at end of input."""
        self.output.write(PROMPT)
        self.output.flush()
        line = self.input.readline()
        if not line:
            # End of input: finish the prompt's line so what follows starts on its own.
            self.output.write("\n")
            raise _Stop
        line = line.removesuffix("\n").removesuffix("\r")
        if self.echo:
            # Piped input is not echoed by a terminal: echo it, so the output reads as a transcript.
            self.output.write(line + "\n")
        return line


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
    lines = _Lines(input, output, (not input.isatty()) if echo is None else echo)
    # As the app does, so that it offers this learner first next time.
    tutor.remember_learner(person)
    timed = session is not None and session.minutes is not None
    # A caller that began the session reports on it; else the loop says what it achieved.
    summarise = session is None
    if session is None:
        session = tutor.begin_session(person, pack.id)
    lines.say(
        f"Studying {pack.title} as {person.name}"
        + (f" for {_minutes(session.minutes or 0)}" if timed else "")
        + f". Type {QUIT} to stop, {HINT} for a hint, {WHY} for why this was picked."
    )
    try:
        # A timed session is the tutor's choice of what to do: it starts at once, as in the app.
        if not timed and not session.skills and tutor.offers_placement(person, pack):
            _offer_placement(tutor, person, pack, lines, timer)
        while True:
            if timed and tutor.now() - session.started_at >= timedelta(
                minutes=session.minutes or 0
            ):
                lines.say()
                lines.say(f"Time is up: {_minutes(session.minutes or 0)}.")
                break
            activity = tutor.next(person, pack.id, only=session.skills or None)
            lines.say()
            lines.say(activity.reason)
            if activity.kind == "done":
                break
            if activity.kind == "lesson":
                _lesson(tutor, person, pack, activity, lines)
            else:
                _question(tutor, person, pack, activity, session, lines, timer)
    except _Stop:
        pass
    except KeyboardInterrupt:
        # Ctrl-C is a way to stop, not a failure: everything answered is already stored.
        lines.say()
    summary = tutor.end_session(session)
    if summarise:
        lines.say()
        lines.say("Session summary:")
        for line in summary.lines():
            lines.say(line)
    output.flush()
    return summary


def _minutes(minutes: int) -> str:
    return f"{minutes} minute{'' if minutes == 1 else 's'}"


def _offer_placement(
    tutor: Tutor, person: Learner, pack: Pack, lines: _Lines, timer: Callable[[], float]
) -> None:
    """Offer the placement check in one line; run it on y, and say what it found."""
    from tutor_tui.cli.placement import run_placement
    from tutor_tui.core.placement import MAX_QUESTIONS

    lines.say()
    lines.say(
        f"New to {pack.title}? Type y for a short check of what you already know "
        f"(at most {MAX_QUESTIONS} questions), or press Enter to start from the beginning."
    )
    while True:
        command = lines.ask().strip().lower()
        if command == QUIT:
            raise _Stop
        if command in NO:
            return
        if command in YES:
            break
        lines.say("Type y for the check, or press Enter to start from the beginning.")
    lines.say()
    result = run_placement(
        tutor,
        person,
        pack.id,
        lines.input,
        lines.output,
        max_questions=MAX_QUESTIONS,
        echo=lines.echo,
        timer=timer,
    )
    placed = tutor.finish_placement(person, result)
    lines.say()
    for line in placement_lines(pack, result, placed):
        lines.say(line)


def placement_lines(pack: Pack, result: PlacementResult, placed: list[str]) -> list[str]:
    """What a placement check found, as plain lines: known, not known, unsure, what is skipped."""
    from tutor_tui.core.placement import ENDED

    count = len(result.answers)
    noun = "question" if count == 1 else "questions"
    said = [f"Placement: {count} {noun} ({ENDED[result.stopped]})."]
    for heading, verdict in (
        ("Known", "known"),
        ("Not known yet", "not known"),
        ("Unsure, so taught", "unsure"),
    ):
        titles = [pack.skill(skill_id).title for skill_id in result.ids(verdict)]  # type: ignore[arg-type]
        said.append(f"{heading}: {', '.join(titles) or 'none'}.")
    if not count:
        said.append("No answers, so nothing is skipped.")
    elif placed:
        said.append(
            f"{len(placed)} skill{'s' if len(placed) != 1 else ''} will be skipped "
            "(reviewed later)."
        )
    else:
        said.append("Nothing is skipped: you start from the beginning.")
    return said


def _lesson(tutor: Tutor, person: Learner, pack: Pack, activity: Activity, lines: _Lines) -> None:
    """Show a lesson, record it as read, and wait until the learner is ready to practise."""
    assert activity.skill_id is not None
    # Recorded as soon as it is shown: a learner who reads it and then stops has still read it.
    skill = tutor.read_lesson(person, pack.id, activity.skill_id)
    lines.say(f"Lesson: {skill.title}")
    lines.say()
    # Markdown reads well as it is; the lesson is shown whole.
    lines.say((skill.lesson or "").strip())
    lines.say()
    lines.say("End of the lesson. Press Enter to practise.")
    while True:
        command = lines.ask().strip()
        if command == QUIT:
            raise _Stop
        if command == WHY:
            lines.say(f"Why: {activity.reason}")
            continue
        return


def _question(
    tutor: Tutor,
    person: Learner,
    pack: Pack,
    activity: Activity,
    session: StudySession,
    lines: _Lines,
    timer: Callable[[], float],
) -> None:
    """Ask a question until it gets a readable answer, then store it and give the feedback."""
    assert activity.question_id is not None
    shown = tutor.present(person, pack, pack.question(activity.question_id))
    question = shown.question
    for line in _question_lines(shown):
        lines.say(line)
    hints_used = 0
    started = timer()
    while True:
        typed = lines.ask()
        command = typed.strip()
        if command == QUIT:
            raise _Stop
        if command == WHY:
            lines.say(f"Why: {activity.reason}")
            continue
        if command == HINT:
            if hints_used < len(question.hints):
                hints_used += 1
                hint = question.hints[hints_used - 1].strip()
                lines.say(f"Hint {hints_used} of {len(question.hints)}: {hint}")
            elif question.hints:
                lines.say("No more hints: that was the last one.")
            else:
                lines.say("There are no hints for this question.")
            continue
        if command[:1] == ESCAPE and command[1:] in COMMANDS:
            typed = command[1:]
        try:
            response = parse_typed(question, typed, shown.choices)
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
            lines.say(f"{_sentence(str(error))} Try again.")
            continue
        break
    for line in _feedback_lines(feedback):
        lines.say(line)


def _question_lines(shown: Presented) -> list[str]:
    """The question as lines: the prompt, its choices or items, and how to answer."""
    question = shown.question
    said: list[str] = []
    prompt = (question.prompt or "").strip()
    if isinstance(question, ClozeQuestion) and prompt:
        said += [f"Question: {prompt}", _cloze_text(question)]
    elif isinstance(question, ClozeQuestion):
        said.append(f"Question: {_cloze_text(question)}")
    else:
        said.append(f"Question: {prompt}")
    match question:
        case ChoiceQuestion():
            said += _numbered(shown.choices)
            said.append("Type the number of your answer.")
        case MultiQuestion():
            said += _numbered(shown.choices)
            said.append("Pick every right choice: type their numbers, like 1 3.")
        case TrueFalseQuestion():
            said.append("True or false? Answer t or f.")
        case OrderQuestion():
            said += _numbered(shown.choices)
            said.append("Type the numbers in the right order, like 3 1 2.")
        case MatchQuestion():
            said.append("Items on the left:")
            said += _numbered(shown.lefts)
            said.append("Items on the right:")
            said += _numbered(shown.choices)
            said.append(
                "Match each item on the left to one on the right: type left=right, like 1=2, 2=1."
            )
        case ClozeQuestion():
            count = len(question.blanks)
            if count == 1:
                said.append("Type what goes in the blank.")
            else:
                said.append(f"Type the {count} fills in order, separated by ;, like a; b.")
        case NumericQuestion():
            unit = f" in {question.unit}" if question.unit else ""
            said.append(f"Type a number{unit}, like 3, 0.5 or 1/2.")
        case _:
            said.append("Type your answer.")
    return said


def _numbered(texts: tuple[str, ...]) -> list[str]:
    return [f"{number}. {text}" for number, text in enumerate(texts, 1)]


def _cloze_text(question: ClozeQuestion) -> str:
    # "(blank 1)" reads aloud as words, where underscores are read as a run of symbols.
    if len(question.blanks) == 1:
        return BLANK.sub("(blank)", question.text).strip()
    numbers = iter(range(1, len(question.blanks) + 1))
    return BLANK.sub(lambda _blank: f"(blank {next(numbers)})", question.text).strip()


def _feedback_lines(feedback: Feedback) -> list[str]:
    """What an answer earned, in words: never a colour or a symbol alone."""
    grade = feedback.grade
    if grade.correct:
        said = ["Right."]
    elif grade.score > 0:
        said = [f"Partly right ({round(100 * grade.score)}%)."]
    else:
        said = ["Not quite."]
    if not grade.correct:
        said.append(f"Expected: {grade.expected}")
    if grade.feedback:
        said.append(grade.feedback.strip())
    if feedback.question.explanation:
        said.append(feedback.question.explanation.strip())
    if feedback.newly_mastered:
        said.append(f"You have mastered {feedback.skill.title}.")
    else:
        said.append(f"{feedback.skill.title}: {round(100 * feedback.progress.p_known)}% mastery")
    return said


def _sentence(message: str) -> str:
    # Grading's messages are clauses ("type an answer"); said alone they read better as sentences.
    message = message.strip()
    if message[:1].islower():
        message = message[0].upper() + message[1:]
    return message if message.endswith((".", "!", "?")) else message + "."
