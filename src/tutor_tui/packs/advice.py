"""Warnings about a pack's answer keys and teaching that a program can see, one small check each.

Each check reads a loaded pack and says, of one question or skill, what a teacher would fix: a
command matched without case, a fraction key that depends on spacing, a tolerance on an exact
answer, a shown answer that is a rounded fraction, a question that repeats its lesson's worked
example, a first hint that gives the answer, a command the lessons never show, a cloze whose text
shows every answer it takes, a `guess` a random pick beats, a skill with one question. The loader
puts each at the line and column of the key it names. They are warnings: the pack still loads.
"""

from __future__ import annotations

import builtins
import keyword
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from tutor_tui.core import content as m
from tutor_tui.core.grading import read_number
from tutor_tui.core.grading.matching import as_code, normal


@dataclass(frozen=True, slots=True)
class Advice:
    """A warning about a question or skill, at a key of it (`("answers", 0)`), in words."""

    key: tuple[str | int, ...]
    message: str


QuestionCheck = Callable[[m.Pack, m.Skill, m.AnyQuestion], Iterator[Advice]]
SkillCheck = Callable[[m.Pack, m.Skill], Iterator[Advice]]

# A fraction, a mixed number or a ratio, as an author writes one in a key.
_FRACTION_LIKE = re.compile(r"\s*\d+(\s+(and\s+)?\d+)?\s*/\s*\d+\s*|\s*\d+(\s*:\s*\d+)+\s*")
# What makes an answer look like code: a command line, a flag, brackets, quotes, `=`, `_`, a
# dotted name, or a name spelt with capitals inside (`ValueError`, `HEAD`).
_CODE_LIKE = re.compile(
    r"^(git|python3?|pip|cd|ls|ssh-keygen)\s|(^|\s)--?[A-Za-z]|[()\[\]{}=_\"'`]|[A-Za-z]\.[A-Za-z]"
    r"|^[A-Z][a-z]+[A-Z]\w*$|^[A-Z]{2,}$"
)
_CONSTANTS = frozenset({"None", "True", "False"})
_CODE_SPAN = re.compile(r"`+([^`]+)`+")
# In code, what names something a lesson must show: a git command with its flags, a method
# call, a call of one of Python's built-in functions. A function the question defines is its own.
_GIT_LINE = re.compile(r"(?<![\w./-])git [a-z][a-z-]+(?: [^\n`|;&]*)?")
_GIT_NAMES = re.compile(r"^git [a-z][a-z-]+|(?<![\w-])--?[a-zA-Z][\w-]*")
_CALL = re.compile(r"\.[a-zA-Z_]\w*(?=\()|(?<![\w.])[a-z_]\w*(?=\()")
_BUILTINS = frozenset(dir(builtins))
# The numbers of an example: fractions, mixed numbers, ratios, decimals and whole numbers (not
# versions such as v1.0, nor the parts of a fraction).
_EXAMPLE_NUMBER = re.compile(
    r"\d+\s+\d+/\d+|\d+/\d+|\d+(?::\d+)+|(?<![\w.])\d+\.\d+|(?<![\w.:])(?<!\d/)\d+(?![\d./:]\d)"
)


def _texts(question: m.AnyQuestion) -> str:
    parts = [question.prompt or ""]
    if isinstance(question, m.ClozeQuestion):
        parts.append(m.BLANK.sub(" ", question.text))
    if isinstance(question, m.ChoiceQuestion | m.MultiQuestion):
        parts.extend(question.choices)
    return "\n".join(parts)


def _keys(question: m.AnyQuestion) -> list[tuple[tuple[str | int, ...], str]]:
    """The typed answers a question accepts, each with the key it is written under."""
    if isinstance(question, m.ShortQuestion) and question.match != "regex":
        return [(("answers", i), answer) for i, answer in enumerate(question.answers)]
    if isinstance(question, m.ClozeQuestion) and question.match != "regex":
        return [(("text",), answer) for blank in question.blanks for answer in blank]
    return []


def _is_code_like(answer: str, context: str) -> bool:
    """Whether an answer reads as code, where case is meaning: a command, a flag, a Python name."""
    if read_number(answer) is not None:
        return False
    if _CODE_LIKE.search(answer) or answer in _CONSTANTS:
        return True
    # A keyword is code where the question is about code, not where it is an English word.
    return keyword.iskeyword(answer) and "`" in context


def code_without_case(_pack: m.Pack, _skill: m.Skill, question: m.AnyQuestion) -> Iterator[Advice]:
    """A code-like answer matched in the normal mode, which ignores case."""
    if getattr(question, "match", None) != "normal":
        return
    for key, answer in _keys(question):
        if answer.swapcase() != answer and _is_code_like(answer, _texts(question)):
            yield Advice(
                key,
                f"'{answer}' looks like code but is matched without case, so"
                f" '{answer.swapcase()}' counts as right: use match: code (or exact)",
            )
            return


def fraction_as_text(_pack: m.Pack, _skill: m.Skill, question: m.AnyQuestion) -> Iterator[Advice]:
    """A fraction or ratio key compared as text, so that its spacing decides."""
    if getattr(question, "match", None) == "value":
        return
    for key, answer in _keys(question):
        if _FRACTION_LIKE.fullmatch(answer):
            yield Advice(
                key,
                f"'{answer}' is compared as text, so another spacing of it is refused:"
                " use match: value",
            )
            return


def tolerance_on_exact(_pack: m.Pack, _skill: m.Skill, question: m.AnyQuestion) -> Iterator[Advice]:
    """A tolerance on an answer written as a fraction, which is exact."""
    if isinstance(question, m.NumericQuestion) and question.tolerance > 0:
        if "/" in question.answer_text:
            yield Advice(
                ("tolerance",),
                f"answer {question.answer_text} is exact, but a tolerance accepts near misses"
                " such as rounded decimals: leave the tolerance out",
            )


def rounded_fraction(_pack: m.Pack, _skill: m.Skill, question: m.AnyQuestion) -> Iterator[Advice]:
    """A decimal answer that is a fraction rounded, shown to learners as the rounded decimal."""
    if not isinstance(question, m.NumericQuestion):
        return
    written = question.answer_text
    if not re.fullmatch(r"-?\d*\.\d{3,}", written):
        return
    value = Fraction(written)
    near = value.limit_denominator(24)
    places = len(written.split(".")[1])
    if near != value and abs(near - value) <= Fraction(1, 2 * 10**places):
        yield Advice(
            ("answer",),
            f"answer {written} is {near} rounded: write answer: {near}, which is graded"
            " exactly and shown as written",
        )


def repeats_worked_example(
    pack: m.Pack, skill: m.Skill, question: m.AnyQuestion
) -> Iterator[Advice]:
    """A question whose numbers all come from one worked example of its lesson."""
    # `like 1/8` shows how to write an answer, not what the question is about; and the setup, not
    # the choices, is what a copied example repeats.
    setup = question.prompt or ""
    if isinstance(question, m.ClozeQuestion):
        setup += "\n" + m.BLANK.sub(" ", question.text)
    asked = re.sub(r"\blike £?(\d+ )?[\d/:.]+", " ", setup)
    numbers = _example_numbers(asked)
    if not numbers or not skill.lesson:
        return
    # One small number is common to any two texts; two numbers, or one fraction or ratio with a
    # part from 5 up, mark an example.
    if len(numbers) < 2 and not any(_marked(number) for number in numbers):
        return
    for known in _paragraph_numbers(skill.lesson):
        if numbers <= known:
            shown = ", ".join(sorted(numbers))
            yield Advice(
                ("prompt",) if question.prompt else ("text",),
                f"question '{question.id}' uses the numbers of its lesson's worked example"
                f" ({shown}): it tests recall of the example, not the skill; use new numbers",
            )
            return


def _marked(number: str) -> bool:
    parts = re.split(r"[\s/:]+", number)
    return len(parts) > 1 and max(int(part) for part in parts) >= 5


@lru_cache(maxsize=256)
def _paragraph_numbers(lesson: str) -> tuple[frozenset[str], ...]:
    """The numbers of each paragraph of a lesson, and every number inside its fractions (`?/20`
    repeats `15/20`); a lesson is read once for all its questions."""
    return tuple(
        frozenset(_example_numbers(paragraph) | set(re.findall(r"\d{2,}", paragraph)))
        for paragraph in re.split(r"\n\s*\n", lesson)
    )


def _example_numbers(text: str) -> set[str]:
    # 0 and 1 start every count and loop: they mark no example.
    found = {re.sub(r"\s+", " ", number) for number in _EXAMPLE_NUMBER.findall(text)}
    return found - {"0", "1"}


def hint_gives_answer(_pack: m.Pack, _skill: m.Skill, question: m.AnyQuestion) -> Iterator[Advice]:
    """A first hint that holds every part of an answer that the question does not: it gives the
    answer at once (`-u` for `git push -u origin main` asked about `origin` and `main`)."""
    if not question.hints:
        return
    if isinstance(question, m.NumericQuestion):
        # A number is in many a hint; one worked out to the end (`= 8`) is the answer.
        result = re.escape(f"= {question.answer_text}")
        if question.answer_text and re.search(rf"{result}(?![\d/]|\.\d)", question.hints[0]):
            yield Advice(
                ("hints", 0), f"the first hint works the answer out: {question.answer_text}"
            )
        return
    hint = _words(question.hints[0])
    asked = _words(_texts(question))
    for answer in _shown_answers(question):
        # A command's name (`git`) goes without saying; the rest is what the learner must know.
        first = answer.split()[0] if " " in answer.strip() else ""
        told = [word for word in _words(answer) if word not in asked and word != first]
        if told and all(word in hint for word in told) and len("".join(told)) >= 2:
            yield Advice(
                ("hints", 0),
                f"the first hint gives the answer '{answer}' away: hint at the way to it instead",
            )
            return


def _shown_answers(question: m.AnyQuestion) -> list[str]:
    if isinstance(question, m.ShortQuestion):
        return [question.answers[0]]
    if isinstance(question, m.ClozeQuestion):
        return [blank[0] for blank in question.blanks]
    return []


def _words(text: str) -> set[str]:
    """The words of a text as code reads them: split at spaces and quotes, case kept."""
    unquoted = _CODE_SPAN.sub(lambda span: f" {span.group(1)} ", text)
    return {word.strip(".,;:!?()") for word in re.split(r"[\s\"'`]+", unquoted)} - {""}


def unseen_command(pack: m.Pack, skill: m.Skill, question: m.AnyQuestion) -> Iterator[Advice]:
    """A git command, a flag or a call in a question's code that no lesson it builds on shows."""
    code = _CODE_SPAN.findall(_texts(question))
    # The answer shown is what the learner is taught to type; other keys only accept synonyms.
    if getattr(question, "match", "") == "code":
        code += _shown_answers(question)
    if isinstance(question, m.ChoiceQuestion | m.MultiQuestion):
        code += [choice for choice in question.choices if choice.startswith("git ")]
    if isinstance(question, m.MatchQuestion):
        sides = [side for pair in question.pairs for side in (pair.left, pair.right)]
        code += [side for side in sides if side.startswith("git ") or "(" in side]
    used = _names("\n".join(code))
    if not used:
        # Most questions use no code: the lessons of every skill before, which make a long chain
        # of prerequisites slow to check question by question, are then not gathered at all.
        return
    lessons = "\n".join(
        pack.skill(other).lesson or ""
        for other in sorted(pack.prerequisites(skill.id) | {skill.id})
    )
    shown = _shown_names(lessons)
    for name in sorted(used - shown):
        yield Advice(
            ("prompt",) if question.prompt else ("text",),
            f"question '{question.id}' uses `{name}`, which neither its lesson nor a lesson it"
            " requires shows",
        )
        return


@lru_cache(maxsize=256)
def _shown_names(lessons: str) -> frozenset[str]:
    """What the code spans of these lessons show; read once for all the questions they teach."""
    return frozenset(_names("\n".join(_CODE_SPAN.findall(lessons))))


def _names(code: str) -> set[str]:
    """The git commands and flags, methods and built-in functions that code uses."""
    names = {name for line in _GIT_LINE.findall(code) for name in _GIT_NAMES.findall(line)}
    # A flag quoted on its own (`--ff-only`) is shown as much as one in a command line.
    names |= set(re.findall(r"^--?[a-zA-Z][\w-]*$", code, re.MULTILINE))
    calls = set(_CALL.findall(code))
    return names | {call for call in calls if call.startswith(".") or call in _BUILTINS}


def cloze_gives_itself_away(
    _pack: m.Pack, _skill: m.Skill, question: m.AnyQuestion
) -> Iterator[Advice]:
    """A cloze whose every blank takes a word its own text shows, with no `guess` to say how
    likely one who does not know the skill fills it from there."""
    if not isinstance(question, m.ClozeQuestion) or question.guess is not None:
        return
    if question.match in ("regex", "value"):
        return
    fold = as_code if question.match in ("exact", "code") else normal
    # The words shown, once, so that a crafted cloze of many blanks costs one pass of its text.
    shown = {
        word.strip(_AROUND_WORDS)
        for word in fold(f"{question.prompt or ''} {m.BLANK.sub(' ', question.text)}").split()
    }
    found: list[str] = []
    for blank in question.blanks:
        fill = next((fill for fill in blank if fold(fill) in shown), None)
        if fill is None:
            return
        found.append(fill)
    words = ", ".join(f"'{fill}'" for fill in dict.fromkeys(found))
    yield Advice(
        ("text",),
        f"every blank of '{question.id}' takes a word its own text shows ({words}):"
        " one who does not know the skill may fill them from there; say how likely with"
        " guess: (0 if the text gives nothing away)",
    )


def guess_below_a_random_pick(
    _pack: m.Pack, _skill: m.Skill, question: m.AnyQuestion
) -> Iterator[Advice]:
    """A `guess` less than what a random pick gives the question's type, which counts instead."""
    picked = m.kind_chance(question)
    if question.guess is not None and question.guess < picked:
        yield Advice(
            ("guess",),
            f"guess {question.guess:g} is less than a random pick's chance of {picked:.2g} for"
            f" this {question.type} question, which counts instead: leave guess out",
        )


# What stands around a word without being part of it: punctuation, quotes, brackets.
_AROUND_WORDS = ".,;:!?()[]{}<>\"'`"


QUESTION_CHECKS: tuple[QuestionCheck, ...] = (
    code_without_case,
    fraction_as_text,
    tolerance_on_exact,
    rounded_fraction,
    repeats_worked_example,
    hint_gives_answer,
    unseen_command,
    cloze_gives_itself_away,
    guess_below_a_random_pick,
)


def one_question(_pack: m.Pack, skill: m.Skill) -> Iterator[Advice]:
    """Mastery needs right answers on distinct questions: a skill with one has one to know."""
    if len(skill.questions) == 1:
        yield Advice(
            (), f"skill '{skill.id}' has only one question: knowing its answer masters the skill"
        )


SKILL_CHECKS: tuple[SkillCheck, ...] = (one_question,)


def question_advice(pack: m.Pack) -> Iterator[tuple[str, Advice]]:
    """Every warning about the pack's questions, with the id of the question it is about."""
    for skill in pack.skills:
        for question in skill.questions:
            for check in QUESTION_CHECKS:
                for advice in check(pack, skill, question):
                    yield question.id, advice


def skill_advice(pack: m.Pack) -> Iterator[tuple[str, Advice]]:
    """Every warning about the pack's skills, with the id of the skill it is about."""
    for skill in pack.skills:
        for check in SKILL_CHECKS:
            for advice in check(pack, skill):
                yield skill.id, advice
