"""The content-pack format, version 1, as pydantic models of the YAML files.

These models are the format itself, key by key, as the spec and the author guide describe it.
Validation checks each key's type and range; `rules()` then lists what a node breaks beyond that (an
answer not among the choices, a regex that does not compile, a cloze without a blank), each naming
the key it concerns so that the loader can point at its line and column. Checks that span the
whole pack (unique ids, `requires`, cycles) are the loader's.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from tutor_tui.core.content import BLANK
from tutor_tui.core.grading import PatternError, answer_pattern, read_number
from tutor_tui.core.grading.forms import FORM_WORDS, fits, quantity_or_none
from tutor_tui.packs.yamltree import Number


def _scalar_as_text(value: Any) -> Any:
    """Let numbers and booleans stand as text where text is expected: `choices: [3, 3.5]`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Number):
        return value.source
    return value


Text = Annotated[str, BeforeValidator(_scalar_as_text), StringConstraints(min_length=1)]

Markdown = Annotated[str, BeforeValidator(_scalar_as_text)]
Probability = Annotated[float, Field(gt=0, lt=1)]
# A question's chance of a right answer from what it shows: 0 says it shows nothing.
Chance = Annotated[float, Field(ge=0, lt=1)]

PACK_ID = r"[a-z0-9][a-z0-9-]{1,63}"
SKILL_ID = r"[a-z0-9][a-z0-9-_]*"
# semver.org's own pattern.
SEMVER = (
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?"
)
BCP47 = r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*"
PERCENT = re.compile(r"\s*(\d+(\.\d+)?|\.\d+)\s*%\s*")
MatchName = Literal["normal", "exact", "regex", "code", "value"]
FormName = Literal["integer", "fraction", "simplest", "mixed"]

# Text of a given form. A number written there stands as its text too, so that `version: 1.0`
# is told it is no semantic version rather than that it is not text.
AsText = BeforeValidator(_scalar_as_text)
PackId = Annotated[str, AsText, StringConstraints(pattern=f"^{PACK_ID}$")]
SkillId = Annotated[str, AsText, StringConstraints(pattern=f"^{SKILL_ID}$")]
Version = Annotated[str, AsText, StringConstraints(pattern=f"^{SEMVER}$")]


@dataclass(frozen=True, slots=True)
class Rule:
    """A broken rule of the format: the key it concerns, which item of it, and what is wrong."""

    field: str
    index: int | None
    message: str


class Node(BaseModel):
    """A map of the format: unknown keys are errors, `x-` keys are left to tools."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _drop_tool_keys(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not str(k).startswith("x-")}
        return data

    def rules(self) -> Iterator[Rule]:
        """The rules this node breaks, beyond the type and range of each key."""
        return iter(())


class MasteryNode(Node):
    threshold: Probability = 0.95
    prior: Probability = 0.1
    learn: Probability = 0.2
    slip: Probability = 0.1
    guess: Probability = 0.2
    min_distinct: Annotated[int, Field(ge=1, le=100)] = 2


class PackNode(Node):
    format: Literal[1]
    id: PackId
    title: Text
    version: Version
    description: Markdown | None = None
    language: Annotated[str, StringConstraints(pattern=f"^{BCP47}$")] = "en"
    authors: list[Text] = []
    license: Text | None = None
    units: list[Text] | None = None
    mastery: MasteryNode = MasteryNode()
    # The match mode of every short and cloze question that names none.
    match: MatchName = "normal"


def _repeats(values: list[str], field: str) -> Iterator[Rule]:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            yield Rule(field, index, f"'{value}' is listed twice in {field}")
        seen.add(value)


def _bad_regexes(patterns: list[str], field: str) -> Iterator[Rule]:
    for index, pattern in enumerate(patterns):
        try:
            answer_pattern(pattern)
        except PatternError as error:
            yield Rule(field, index, f"regex '{pattern}' does not compile: {error}")


def _not_values(answers: list[str], field: str, form: FormName | None) -> Iterator[Rule]:
    """Keys of `match: value` that are no number or ratio, or the first not in the form."""
    for index, answer in enumerate(answers):
        parts = quantity_or_none(answer)
        if parts is None:
            message = f"'{answer}' is not a number or a ratio, as match: value needs"
            yield Rule(field, index, message)
        elif index == 0 and not fits(parts, form):
            wanted = FORM_WORDS[form] if form else ""
            yield Rule(field, index, f"'{answer}' is shown as the answer but is not {wanted}")


def _form_without_value(match: MatchName | None, form: FormName | None) -> Iterator[Rule]:
    if form is not None and match is not None and match != "value":
        yield Rule("form", None, "'form' is for answers graded by value: add 'match: value'")


class QuestionNode(Node):
    id: Text
    prompt: Markdown | None = None
    hints: list[Markdown] = []
    explanation: Markdown | None = None
    difficulty: Annotated[int, Field(ge=1, le=5)] = 3
    guess: Chance | None = None

    def rules(self) -> Iterator[Rule]:
        if self.prompt is None:
            yield Rule("prompt", None, "missing required key 'prompt'")


class ChoiceNode(QuestionNode):
    type: Literal["choice"]
    choices: Annotated[list[Text], Field(min_length=2, max_length=10)]
    answer: Text
    feedback: dict[str, Markdown] = {}
    shuffle: bool = True

    def rules(self) -> Iterator[Rule]:
        yield from super().rules()
        yield from _repeats(self.choices, "choices")
        if self.answer not in self.choices:
            yield Rule("answer", None, f"answer '{self.answer}' is not one of the choices")
        for key in self.feedback:
            if key not in self.choices:
                yield Rule(
                    "feedback", None, f"feedback for '{key}', which is not one of the choices"
                )


class MultiNode(QuestionNode):
    type: Literal["multi"]
    choices: Annotated[list[Text], Field(min_length=2, max_length=10)]
    answers: Annotated[list[Text], Field(min_length=1)]
    shuffle: bool = True

    def rules(self) -> Iterator[Rule]:
        yield from super().rules()
        yield from _repeats(self.choices, "choices")
        yield from _repeats(self.answers, "answers")
        for index, answer in enumerate(self.answers):
            if answer not in self.choices:
                yield Rule("answers", index, f"answer '{answer}' is not one of the choices")


class TrueFalseNode(QuestionNode):
    type: Literal["truefalse"]
    answer: bool


class ShortNode(QuestionNode):
    type: Literal["short"]
    answers: Annotated[list[Text], Field(min_length=1)]
    # None: the pack's `match`.
    match: MatchName | None = None
    form: FormName | None = None
    feedback: dict[str, Markdown] = {}

    def rules(self) -> Iterator[Rule]:
        yield from super().rules()
        if self.match == "regex":
            yield from _bad_regexes(self.answers, "answers")
            yield from _bad_regexes(list(self.feedback), "feedback")
        if self.match == "value":
            yield from _not_values(self.answers, "answers", self.form)
        yield from _form_without_value(self.match, self.form)


class NumericNode(QuestionNode):
    type: Literal["numeric"]
    answer: float | str
    tolerance: float | str = 0.0
    # One spelling, or several (`[cup, cups, c]`): the first is the one shown.
    unit: Text | list[Text] | None = None
    form: FormName | None = None
    feedback: dict[str, Markdown] = {}

    def rules(self) -> Iterator[Rule]:
        yield from super().rules()
        if isinstance(self.answer, str) and read_number(self.answer) is None:
            yield Rule("answer", None, f"answer '{self.answer}' is not a number")
        elif not isinstance(self.answer, str) and not math.isfinite(self.answer):
            yield Rule("answer", None, "answer must be a finite number")
        for key in self.feedback:
            if read_number(key) is None:
                yield Rule("feedback", None, f"feedback for '{key}', which is not a number")
        if self.unit == []:
            yield Rule("unit", None, "'unit' lists no spelling: give at least one, or leave it out")
        if isinstance(self.tolerance, str):
            if not PERCENT.fullmatch(self.tolerance):
                yield Rule(
                    "tolerance",
                    None,
                    f"tolerance '{self.tolerance}' should be a number or a percentage like '2%'",
                )
        elif self.tolerance < 0 or not math.isfinite(self.tolerance):
            yield Rule("tolerance", None, "tolerance must be a number of 0 or more")


class OrderNode(QuestionNode):
    type: Literal["order"]
    items: Annotated[list[Text], Field(min_length=2, max_length=10)]

    def rules(self) -> Iterator[Rule]:
        yield from super().rules()
        yield from _repeats(self.items, "items")


class PairNode(Node):
    left: Text
    right: Text


class MatchNode(QuestionNode):
    type: Literal["match"]
    pairs: Annotated[list[PairNode], Field(min_length=2, max_length=10)]
    reuse: bool = False

    def rules(self) -> Iterator[Rule]:
        yield from super().rules()
        # With `reuse`, one right item may partner several lefts, so rights may repeat.
        for side in ("left",) if self.reuse else ("left", "right"):
            seen: set[str] = set()
            for index, pair in enumerate(self.pairs):
                value = getattr(pair, side)
                if value in seen:
                    yield Rule("pairs", index, f"{side} '{value}' appears in two pairs")
                seen.add(value)


class ClozeNode(QuestionNode):
    type: Literal["cloze"]
    text: Text
    match: MatchName | None = None
    form: FormName | None = None

    def rules(self) -> Iterator[Rule]:
        # A cloze needs no prompt: its text is the question.
        blanks = [m.group(1) for m in BLANK.finditer(self.text)]
        if not blanks:
            yield Rule("text", None, "a cloze text needs at least one blank, written {{answer}}")
        for blank in blanks:
            alternatives = [alt.strip() for alt in blank.split("|")]
            if not all(alternatives):
                yield Rule("text", None, f"blank '{{{{{blank}}}}}' has an empty answer")
            elif self.match == "regex":
                yield from _bad_regexes(alternatives, "text")
            elif self.match == "value":
                yield from _not_values(alternatives, "text", self.form)
        yield from _form_without_value(self.match, self.form)


QUESTION_NODES: dict[str, type[QuestionNode]] = {
    "choice": ChoiceNode,
    "multi": MultiNode,
    "truefalse": TrueFalseNode,
    "short": ShortNode,
    "numeric": NumericNode,
    "order": OrderNode,
    "match": MatchNode,
    "cloze": ClozeNode,
}


class SkillNode(Node):
    id: SkillId
    title: Text
    requires: list[Text] = []
    minutes: Annotated[int, Field(gt=0)] | None = None
    lesson: Markdown | None = None
    lesson_file: Text | None = None
    mastery: MasteryNode | None = None
    # Each question is checked on its own by the loader, so that one fault hides no other.
    questions: Annotated[list[Any], Field(min_length=1)]

    def rules(self) -> Iterator[Rule]:
        if self.lesson is not None and self.lesson_file is not None:
            yield Rule("lesson_file", None, "give 'lesson' or 'lesson_file', not both")
        yield from _repeats(self.requires, "requires")


class UnitNode(Node):
    id: Text
    title: Text
    # Each skill is checked on its own by the loader.
    skills: Annotated[list[Any], Field(min_length=1)]
