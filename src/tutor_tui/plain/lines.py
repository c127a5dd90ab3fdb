"""The plain shell's side of the conversation: a prompt, a line read, and questions and feedback
told in plain words, one idea per line, never a colour or a symbol alone.

Plain mode (`tutor study --plain`) and the placement check on lines of text (`tutor placement`)
both speak through it, so that they read alike.
"""

from __future__ import annotations

import threading
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
from tutor_tui.core.literal import printable, printable_line
from tutor_tui.render.markdown import line_text, plain_text

if TYPE_CHECKING:
    from tutor_tui.core.pace import Towards
    from tutor_tui.service.tutor import Feedback, Presented

PROMPT = "> "
QUIT, HINT, WHY, DONT_KNOW = "q", "h", "?", "n"
COMMANDS = frozenset({QUIT, HINT, WHY, DONT_KNOW})
# A backslash before a command letter gives the letter itself as an answer.
ESCAPE = "\\"
# The signs after a part of an answer marked right or wrong: after its words, so that a screen
# reader says the verdict first.
RIGHT, WRONG = "✓", "✗"
# The question types whose right answer is typed as it stands, not written in Markdown.
LITERAL_ANSWERS = frozenset({"short", "numeric", "truefalse"})


class Stop(Exception):
    """The learner asked to stop, or the input ended."""


class Lines:
    """The learner's side of the conversation: prompts out, lines in."""

    def __init__(self, input: TextIO, output: TextIO, echo: bool) -> None:
        self.input = input
        self.output = output
        self.echo = echo
        # A line read where it was not the answer asked for, kept for the next prompt.
        self.kept: str | None = None
        # What another thread has to say (the school server gone or back), and whether the
        # learner is at a prompt, where it is said at once; else it waits for the next prompt.
        self._told = threading.Lock()
        self._pending: str | None = None
        self._at_prompt = False

    def say(self, text: str = "") -> None:
        """Print text, one line per line of it, with no control character in it left to act."""
        self.output.write(printable(text) + "\n")

    def ask(self) -> str:
        """Show the prompt and read one line, without its line ending; Stop at end of input."""
        with self._told:
            if self._pending is not None:
                self.output.write(printable(self._pending) + "\n")
                self._pending = None
            self.output.write(PROMPT)
            if self.kept is not None:
                line, self.kept = self.kept, None
                # Said again after this prompt, so that the transcript shows what it answers.
                self.output.write(printable_line(line) + "\n")
                return line
            self._at_prompt = True
        self.output.flush()
        try:
            line = self.input.readline()
        finally:
            with self._told:
                self._at_prompt = False
        if not line:
            # End of input: finish the prompt's line so what follows starts on its own.
            self.output.write("\n")
            raise Stop
        line = line.removesuffix("\n").removesuffix("\r")
        if self.echo:
            # Piped input is not echoed by a terminal: echo it, so the output reads as a transcript.
            self.output.write(printable_line(line) + "\n")
        return line

    def interject(self, text: str) -> None:
        """Say something from another thread: at once on its own line if the learner is at a
        prompt (the prompt shown again after it, what they typed kept), else before the next."""
        with self._told:
            if not self._at_prompt:
                self._pending = text
                return
            self.output.write("\n" + printable(text) + "\n" + PROMPT)
            self.output.flush()

    def keep(self, line: str) -> None:
        """Keep a line for the next prompt: typed (or piped) ahead, it answers what comes next
        rather than what was on the screen when it arrived."""
        self.kept = line


def question_lines(shown: Presented) -> list[str]:
    """The question as lines: the prompt, its choices or items, and how to answer."""
    question = shown.question
    said: list[str] = []
    prompt = plain_text(question.prompt or "")
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
    return [f"{number}. {line_text(text)}" for number, text in enumerate(texts, 1)]


def _cloze_text(question: ClozeQuestion) -> str:
    # "(blank 1)" reads aloud as words, where underscores are read as a run of symbols.
    if len(question.blanks) == 1:
        return plain_text(BLANK.sub("(blank)", question.text))
    numbers = iter(range(1, len(question.blanks) + 1))
    return plain_text(BLANK.sub(lambda _blank: f"(blank {next(numbers)})", question.text))


def feedback_lines(
    feedback: Feedback,
    *,
    symbols: bool = False,
    marks: list[str] | None = None,
    not_known: bool = False,
) -> list[str]:
    """What an answer earned, in words (with a symbol before the verdict, if `symbols`), then
    its `marks` (`mark_lines`): never a colour or a symbol alone, and the pack's Markdown
    without its marks. `not_known`: the learner said "I don't know", and was not wrong."""
    grade = feedback.grade
    if grade.correct:
        verdict, symbol = "Right.", "✓"
    elif not_known:
        verdict, symbol = "Not known yet: here is the answer.", "?"
    elif grade.score > 0:
        verdict, symbol = f"Partly right ({round(100 * grade.score)}%).", "◐"
    else:
        verdict, symbol = "Not quite.", "✗"
    said = [f"{symbol} {verdict}" if symbols else verdict, *(marks or ())]
    if not grade.correct:
        said.append(f"Expected: {expected_text(feedback)}")
    if grade.feedback:
        said.append(plain_text(grade.feedback))
    if feedback.question.explanation:
        said.append(plain_text(feedback.question.explanation))
    if feedback.newly_mastered:
        said.append(f"You have mastered {feedback.skill.title}.")
    else:
        said.append(f"{feedback.skill.title}: {round(100 * feedback.progress.p_known)}% mastery")
    if back := feedback.sent_back_line():
        said.append(back)
    return said


def mark_lines(shown: Presented, feedback: Feedback, given: object) -> list[str]:
    """Which choice, item, pair or blank of an answer not fully right was right and which was
    wrong, one a line, numbered as the question showed them: words first and a symbol after,
    so that a screen reader says the verdict before the sign.

    Nothing for a right answer (its verdict says it all), for "I don't know" (the right answer
    follows), or for a typed answer or a true or false, whose verdict is its mark."""
    question = feedback.question
    if feedback.grade.correct or given is None:
        return []
    match question:
        case ChoiceQuestion() if given in shown.choices and question.answer in shown.choices:
            return [
                _part(
                    f"{shown.choices.index(given) + 1}. {line_text(str(given))}",
                    _mark(False, "your answer, wrong"),
                ),
                _part(
                    f"{shown.choices.index(question.answer) + 1}. {line_text(question.answer)}",
                    _mark(True, "the right answer"),
                ),
            ]
        case MultiQuestion():
            return _multi_marks(shown, set(question.answers), given)
        case OrderQuestion():
            return _order_marks(list(question.items), given)
        case MatchQuestion():
            return _match_marks(question, feedback.grade.parts, given)
        case ClozeQuestion():
            return _cloze_marks(question, feedback.grade.parts, given)
    return []


def _mark(right: bool, words: str) -> str:
    return f"{words} {RIGHT if right else WRONG}"


def _part(part: str, mark: str) -> str:
    """A part of the answer and its mark on one line, apart: a part that ends in a full stop or
    a colon ran into its mark ("It runs.: the right answer")."""
    return f"{part} — {mark}"


def _multi_marks(shown: Presented, answers: set[str], given: object) -> list[str]:
    picked = set(given) if isinstance(given, (list, tuple)) else set()
    said = []
    for number, choice in enumerate(shown.choices, 1):
        if choice in picked:
            mark = (
                _mark(True, "picked, right") if choice in answers else _mark(False, "picked, wrong")
            )
        elif choice in answers:
            mark = _mark(False, "missed, it is right")
        else:
            continue
        said.append(_part(f"{number}. {line_text(choice)}", mark))
    return said


def _order_marks(right: list[str], given: object) -> list[str]:
    items = list(given) if isinstance(given, (list, tuple)) else []
    said = []
    for place, item in enumerate(items, 1):
        if item in right:
            goes = right.index(item) + 1
            mark = _mark(goes == place, "in place" if goes == place else f"it goes at {goes}")
            said.append(_part(f"{place}. {line_text(str(item))}", mark))
    return said


def _match_marks(question: MatchQuestion, parts: tuple[bool, ...], given: object) -> list[str]:
    pairs = given if isinstance(given, dict) else {}
    said = []
    for pair, right in zip(question.pairs, parts, strict=False):
        paired = line_text(str(pairs.get(pair.left, "nothing")))
        mark = _mark(right, "right" if right else f"wrong, it goes with {line_text(pair.right)}")
        said.append(_part(f"{line_text(pair.left)} with {paired}", mark))
    return said


def _cloze_marks(question: ClozeQuestion, parts: tuple[bool, ...], given: object) -> list[str]:
    fills = list(given) if isinstance(given, (list, tuple)) else []
    said = []
    for number, (accepted, right) in enumerate(zip(question.blanks, parts, strict=False), 1):
        fill = str(fills[number - 1]) if number <= len(fills) else ""
        name = "Blank" if len(question.blanks) == 1 else f"Blank {number}"
        mark = _mark(right, "right" if right else f"wrong, it is {accepted[0]}")
        said.append(_part(f"{name}, {fill}", mark))
    return said


def expected_text(feedback: Feedback) -> str:
    """The right answer as plain text: a pack's Markdown without its marks, but a typed answer
    (short, numeric, true or false) exactly as it is to be typed."""
    expected = feedback.grade.expected
    return expected if feedback.question.type in LITERAL_ANSWERS else line_text(expected)


def mistake_lines(prompt: str, given: object, feedback: Feedback) -> list[str]:
    """A question answered wrong, to learn from: the question, the answer given, the right one,
    and why."""
    said = [f"Question: {plain_text(prompt)}", f"Your answer: {answer_text(given)}"]
    said.append(f"Right: {expected_text(feedback)}")
    if feedback.question.explanation:
        said.append(plain_text(feedback.question.explanation))
    return said


def answer_text(given: object) -> str:
    """An answer as the learner gave it, in words."""
    if given is None:
        return "I don't know"
    if isinstance(given, bool):
        return "true" if given else "false"
    if isinstance(given, dict):
        return "; ".join(f"{line_text(str(k))} → {line_text(str(v))}" for k, v in given.items())
    if isinstance(given, (list, tuple)):
        return ", ".join(line_text(str(one)) for one in given)
    return str(given)


def sentence(message: str) -> str:
    # Grading's messages are clauses ("type an answer"); said alone they read better as sentences.
    message = message.strip()
    if message[:1].islower():
        message = message[0].upper() + message[1:]
    return message if message.endswith((".", "!", "?")) else message + "."


def towards_line(so_far: Towards) -> str:
    """The minutes of a session towards its length or the day's goal, in words."""
    met = ", met" if so_far.day and so_far.reached else ""
    return f"{so_far.label}: {so_far.minutes} of {so_far.of} minutes{met}."
