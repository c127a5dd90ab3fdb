"""The content of a pack as immutable values: skills, lessons and questions.

These are the domain objects every other part of the tutor reads. They are built by the loader
(`tutor_tui.packs.loader`) from a pack's YAML, after it has been validated, and never change after.
They import nothing heavy, so a pack read back from the cache costs only an unpickle.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Literal, TypeAlias

QuestionType: TypeAlias = Literal[
    "choice", "multi", "truefalse", "short", "numeric", "order", "match", "cloze"
]
QUESTION_TYPES: tuple[str, ...] = (
    "choice",
    "multi",
    "truefalse",
    "short",
    "numeric",
    "order",
    "match",
    "cloze",
)
MatchMode: TypeAlias = Literal["normal", "exact", "regex", "code", "value"]
MATCH_MODES: tuple[str, ...] = ("normal", "exact", "regex", "code", "value")
# The form a number must be written in, where the form is the point (`core.grading.forms`).
Form: TypeAlias = Literal["integer", "fraction", "simplest", "mixed"]
FORMS: tuple[str, ...] = ("integer", "fraction", "simplest", "mixed")

# A cloze blank: `{{answer}}` or `{{one|other}}`. Blanks do not nest and hold no braces.
BLANK = re.compile(r"\{\{([^{}]*)\}\}")


@dataclass(frozen=True, slots=True)
class Mastery:
    """When a skill counts as mastered, and the knowledge-tracing parameters that decide it."""

    threshold: float = 0.95
    prior: float = 0.1
    learn: float = 0.2
    slip: float = 0.1
    guess: float = 0.2
    # Right answers on this many distinct questions, more than luck together (`mastery.enough`),
    # are needed besides the threshold; the loader lowers it to the number of questions a skill
    # has.
    min_distinct: int = 2
    # An answer to a question among the skill's last `repeat_window` answers is weak evidence: its
    # answer was just shown. The loader narrows it for a skill with few questions to choose from.
    repeat_window: int = 3
    # How many questions the skill has (0: not known): a right answer given before counts again,
    # weakly, only once the learner has had every one of them right.
    questions: int = 0
    # The skill's questions that may be answered right by luck (`GUESSABLE`), each with its
    # chance of a lucky right answer (`guess_chance`): such answers never show first sight
    # elsewhere, and open recitals on their skill only when luck is unlikely to explain them
    # together (`mastery.opened`). Their ids again, for the look-up on every answer.
    luck: tuple[tuple[str, float], ...] = ()
    guessable: frozenset[str] = frozenset()
    # The skills of the pack that require this one, directly or through others (`Pack` fills it
    # in): right answers at first sight up there speak for this skill, as knowing a skill implies
    # knowing what it requires, and may open its recitals (`mastery.shown_elsewhere`).
    above: frozenset[str] = frozenset()
    # How many skills its pack has (`Pack` fills it in): luck has a try on each, so that the
    # bar right answers luck may give must pass on one skill is the pack's share of it
    # (`mastery.luck_bar`).
    skills: int = 1

    def chance(self, question_id: str) -> float:
        """The chance of a lucky right answer to one of the skill's questions (0 for a typed
        one)."""
        return next((chance for q, chance in self.luck if q == question_id), 0.0)


# A question answered right more often than this by one who does not know its skill may be
# answered right by luck: any true/false or choice, an order of four items or fewer, a match of
# four pairs or fewer, a multi of six choices or fewer, and a typed answer its question gives away
# (`Question.guess`). Other typed answers may not.
GUESSABLE = 0.01


def evidence_rules(
    params: Mastery, questions: int, luck: Mapping[str, float] | None = None
) -> Mastery:
    """A skill's mastery rules fitted to how many questions it has, and which of them are easy
    to guess: their ids, each with its chance of a lucky right answer.

    A skill with fewer questions than `min_distinct` needs right answers on all of them. The
    window of repeats is at most one less than the questions, so that a learner taking turns
    over all of a small skill's questions still gives full evidence; and at least one, so that
    the question just answered, whose answer was shown, is never full evidence again at once.
    """
    count = max(1, questions)
    return replace(
        params,
        min_distinct=min(params.min_distinct, count),
        repeat_window=max(1, min(params.repeat_window, count - 1)),
        questions=count,
        luck=tuple(sorted((luck or {}).items())),
        guessable=frozenset(luck or ()),
    )


@dataclass(frozen=True, kw_only=True)
class Question:
    """What every question has; one subclass per type adds what that type needs."""

    id: str
    type: QuestionType
    skill: str = ""
    prompt: str | None = None
    hints: tuple[str, ...] = ()
    explanation: str | None = None
    difficulty: int = 3
    # The chance of a right answer from what the question itself shows, by one who does not know
    # the skill: the pack's `guess`, or what the loader finds (`core.giveaway`: a short answer
    # that is a string of the program shown); None where neither says anything.
    guess: float | None = None


@dataclass(frozen=True, kw_only=True)
class ChoiceQuestion(Question):
    """Pick the one right choice."""

    type: Literal["choice"] = "choice"
    choices: tuple[str, ...]
    answer: str
    feedback: Mapping[str, str] = field(default_factory=dict)
    shuffle: bool = True


@dataclass(frozen=True, kw_only=True)
class MultiQuestion(Question):
    """Pick every right choice; wrong picks cancel right ones."""

    type: Literal["multi"] = "multi"
    choices: tuple[str, ...]
    answers: tuple[str, ...]
    shuffle: bool = True


@dataclass(frozen=True, kw_only=True)
class TrueFalseQuestion(Question):
    """Say whether the prompt is true."""

    type: Literal["truefalse"] = "truefalse"
    answer: bool


@dataclass(frozen=True, kw_only=True)
class ShortQuestion(Question):
    """Type a short answer, matched normally, exactly, as code, by value or by a regex."""

    type: Literal["short"] = "short"
    answers: tuple[str, ...]
    match: MatchMode = "normal"
    # With `match: value`, the form the number must be written in as well.
    form: Form | None = None
    feedback: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class NumericQuestion(Question):
    """Type a number; right when it lies within the tolerance of the answer."""

    type: Literal["numeric"] = "numeric"
    answer: float
    # The answer as the author wrote it (`3/4` stays `3/4`), for showing to learners.
    answer_text: str = ""
    tolerance: float = 0.0
    tolerance_is_percent: bool = False
    # The unit to answer in, shown to learners; `units` are all its spellings, this one first.
    unit: str | None = None
    units: tuple[str, ...] = ()
    form: Form | None = None
    # Replies to foreseen wrong answers, keyed by the number as the author wrote it.
    feedback: Mapping[str, str] = field(default_factory=dict)

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every way the unit may be written after the number (or a symbol before it)."""
        if self.units:
            return self.units
        return (self.unit,) if self.unit else ()

    def allowed_error(self) -> float:
        """How far a typed number may lie from the answer and still be right."""
        if self.tolerance_is_percent:
            return abs(self.answer) * self.tolerance / 100.0
        return self.tolerance


@dataclass(frozen=True, kw_only=True)
class OrderQuestion(Question):
    """Put the items in order; `items` holds the right order."""

    type: Literal["order"] = "order"
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Pair:
    """One left-right pair of a match question."""

    left: str
    right: str


@dataclass(frozen=True, kw_only=True)
class MatchQuestion(Question):
    """Match every left item to its right item."""

    type: Literal["match"] = "match"
    pairs: tuple[Pair, ...]
    # Whether one right item may partner several left ones; else each is used at most once.
    reuse: bool = False


@dataclass(frozen=True, kw_only=True)
class ClozeQuestion(Question):
    """Fill in the blanks of a text; each blank lists its accepted answers."""

    type: Literal["cloze"] = "cloze"
    text: str
    match: MatchMode = "normal"
    form: Form | None = None

    @cached_property
    def blanks(self) -> tuple[tuple[str, ...], ...]:
        """The accepted answers of each blank, in order."""
        return tuple(
            tuple(alt.strip() for alt in m.group(1).split("|")) for m in BLANK.finditer(self.text)
        )

    def display_text(self, mark: str = "▁▁▁▁▁") -> str:
        """The text with every blank shown as `mark` (numbered when there are several).

        The mark is not made of underscores: the text is Markdown, where two runs of underscores
        on a line pair up into emphasis and the blanks would vanish.
        """
        count = len(self.blanks)
        numbers = iter(range(1, count + 1))
        if count == 1:
            return BLANK.sub(mark, self.text)
        return BLANK.sub(lambda _m: f"[{next(numbers)}]{mark}", self.text)


AnyQuestion: TypeAlias = (
    ChoiceQuestion
    | MultiQuestion
    | TrueFalseQuestion
    | ShortQuestion
    | NumericQuestion
    | OrderQuestion
    | MatchQuestion
    | ClozeQuestion
)


def guess_chance(question: AnyQuestion) -> float:
    """The chance that one who does not know the skill answers the question right: the larger of
    what its kind gives one who picks at random (`kind_chance`) and what the question itself gives
    away (`Question.guess`: the pack's word, or a string of the program shown).

    The larger, because an author's word cannot make a random pick rarer: a choice of four is
    right one time in four whatever its choices say, and an author who declares more knows
    that the prompt gives more away."""
    return max(kind_chance(question), question.guess or 0.0)


def kind_chance(question: AnyQuestion) -> float:
    """The chance that one who picks an answer at random answers the question right: one choice
    of its choices, a true/false, a set of choices, an order of its items, a partner for each
    item. A typed answer is not guessed, unless it is true or false, yes or no."""
    match question:
        case ChoiceQuestion():
            return 1.0 / max(1, len(question.choices))
        case TrueFalseQuestion():
            return 0.5
        case MultiQuestion():
            return 1.0 / max(1, 2 ** len(question.choices) - 1)
        case OrderQuestion():
            return 1.0 / math.factorial(len(question.items))
        case MatchQuestion():
            pairs = len(question.pairs)
            return 1.0 / (pairs**pairs if question.reuse else math.factorial(pairs))
        case ShortQuestion() if question.match != "regex" and _yes_or_no(question.answers):
            # Typed, but a coin's toss: `True` or `False`, yes or no.
            return 0.5
    return 0.0


def _yes_or_no(answers: Iterable[str]) -> bool:
    """Whether every accepted answer is one of a pair anyone would try: true/false, yes/no."""
    words = {answer.strip().strip("`").lower() for answer in answers}
    return bool(words) and (words <= {"true", "false"} or words <= {"yes", "no"})


def luck_of(questions: Iterable[AnyQuestion]) -> dict[str, float]:
    """The questions luck may answer (`GUESSABLE`), each with its chance of a lucky right answer:
    a skill's `Mastery.luck`."""
    return {q.id: chance for q in questions if (chance := guess_chance(q)) > GUESSABLE}


def guessable(question: AnyQuestion) -> bool:
    """Whether a right answer to the question may be a lucky guess (`GUESSABLE`)."""
    return guess_chance(question) > GUESSABLE


@dataclass(frozen=True, kw_only=True)
class Skill:
    """Something a learner can master: its lesson, its questions and what it requires."""

    id: str
    title: str
    unit: str = ""
    requires: tuple[str, ...] = ()
    minutes: int | None = None
    lesson: str | None = None
    mastery: Mastery = field(default_factory=Mastery)
    questions: tuple[AnyQuestion, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Unit:
    """A group of skills, in study order; it holds the ids of its skills."""

    id: str
    title: str
    skills: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Pack:
    """A loaded, valid content pack."""

    id: str
    title: str
    version: str
    description: str | None = None
    language: str = "en"
    authors: tuple[str, ...] = ()
    license: str | None = None
    mastery: Mastery = field(default_factory=Mastery)
    units: tuple[Unit, ...] = ()
    # Skills in study order: unit by unit, in the order their unit lists them.
    skills: tuple[Skill, ...] = ()
    # Where the pack was loaded from (a folder or a .zip), as text.
    path: str = ""

    def __post_init__(self) -> None:
        # Each skill's rules name the skills above it (and count the pack's), however the pack
        # was built, so that
        # whatever holds a skill's rules (the store, a replay, a fitted model) reads one graph.
        object.__setattr__(self, "skills", _with_above(self.skills))

    @cached_property
    def skill_index(self) -> dict[str, Skill]:
        """Skills by id."""
        return {skill.id: skill for skill in self.skills}

    @cached_property
    def question_index(self) -> dict[str, AnyQuestion]:
        """Questions by id, across all skills."""
        return {q.id: q for skill in self.skills for q in skill.questions}

    @cached_property
    def dependents(self) -> dict[str, tuple[str, ...]]:
        """For each skill, the skills that require it directly."""
        found: dict[str, list[str]] = {skill.id: [] for skill in self.skills}
        for skill in self.skills:
            for required in skill.requires:
                found[required].append(skill.id)
        return {key: tuple(value) for key, value in found.items()}

    def skill(self, skill_id: str) -> Skill:
        """The skill with this id; KeyError when the pack has none."""
        return self.skill_index[skill_id]

    def question(self, question_id: str) -> AnyQuestion:
        """The question with this id; KeyError when the pack has none."""
        return self.question_index[question_id]

    def questions(self) -> Iterator[AnyQuestion]:
        """Every question of the pack, in study order."""
        for skill in self.skills:
            yield from skill.questions

    def question_types(self) -> dict[str, int]:
        """How many questions of each type the pack has."""
        counts: dict[str, int] = {}
        for question in self.questions():
            counts[question.type] = counts.get(question.type, 0) + 1
        return counts

    def lesson_count(self) -> int:
        """How many skills have a lesson."""
        return sum(1 for skill in self.skills if skill.lesson)

    def prerequisites(self, skill_id: str) -> set[str]:
        """Every skill that `skill_id` requires, directly or through others."""
        seen: set[str] = set()
        stack = list(self.skill_index[skill_id].requires)
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack.extend(self.skill_index[current].requires)
        return seen

    def with_prerequisites(self, skill_ids: Iterable[str]) -> set[str]:
        """These skills and every skill they require; ids not in the pack are left out."""
        known = [s for s in skill_ids if s in self.skill_index]
        return set(known).union(*(self.prerequisites(s) for s in known))

    def descendants(self, skill_id: str) -> set[str]:
        """Every skill that requires `skill_id`, directly or through others."""
        seen: set[str] = set()
        stack = list(self.dependents[skill_id])
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack.extend(self.dependents[current])
        return seen


def _with_above(skills: tuple[Skill, ...]) -> tuple[Skill, ...]:
    """The skills, each with its rules' `above`: the skills that require it, directly or
    through others; and `skills`, how many the pack has. Taken from the top down, each skill
    after all that require it, so that a long chain costs no recursion; a skill in a cycle
    (never in a pack that loads) keeps none."""
    requires = {skill.id: [r for r in skill.requires if r != skill.id] for skill in skills}
    dependents: dict[str, list[str]] = {skill.id: [] for skill in skills}
    for skill_id, needed in requires.items():
        for required in needed:
            if required in dependents:
                dependents[required].append(skill_id)
    waiting = {skill_id: len(found) for skill_id, found in dependents.items()}
    ready = [skill_id for skill_id, count in waiting.items() if count == 0]
    above: dict[str, frozenset[str]] = {}
    while ready:
        skill_id = ready.pop()
        above[skill_id] = frozenset().union(*({d} | above[d] for d in dependents[skill_id]))
        for required in requires[skill_id]:
            if required in waiting:
                waiting[required] -= 1
                if waiting[required] == 0:
                    ready.append(required)
    count = len(skills)
    return tuple(
        skill
        if (skill.mastery.above, skill.mastery.skills) == (above.get(skill.id, frozenset()), count)
        else replace(
            skill,
            mastery=replace(skill.mastery, above=above.get(skill.id, frozenset()), skills=count),
        )
        for skill in skills
    )
