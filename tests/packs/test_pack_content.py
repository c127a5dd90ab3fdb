"""The built-in packs grade as a teacher would: shown answers right, every spelling of a number or
ratio right, code in the wrong case wrong, and no warning left for an author to fix."""

from __future__ import annotations

import re
from fractions import Fraction
from functools import cache

import pytest

from tutor_tui.core.content import (
    AnyQuestion,
    ClozeQuestion,
    NumericQuestion,
    Pack,
    ShortQuestion,
)
from tutor_tui.core.grading import Response, correct_response, grade, read_number
from tutor_tui.core.grading.forms import fits, read_quantity
from tutor_tui.core.grading.numbers import is_symbol
from tutor_tui.packs import catalog
from tutor_tui.packs.loader import load_pack

PACKS = sorted(
    path for path in catalog.builtin_packs_home().iterdir() if (path / "pack.yaml").is_file()
)


@cache
def loaded(name: str) -> tuple[Pack, tuple[str, ...]]:
    """A built-in pack, loaded once for every test here, with its warnings."""
    result = load_pack(catalog.builtin_packs_home() / name)
    assert result.pack is not None, "\n".join(map(str, result.errors))
    return result.pack, tuple(map(str, result.warnings))


def questions(name: str) -> list[AnyQuestion]:
    return list(loaded(name)[0].questions())


@pytest.mark.parametrize("name", [path.name for path in PACKS])
def test_a_built_in_pack_has_no_warnings(name: str) -> None:
    assert loaded(name)[1] == ()


@pytest.mark.parametrize("name", [path.name for path in PACKS])
def test_every_shown_answer_is_graded_right(name: str) -> None:
    for question in questions(name):
        right = grade(question, correct_response(question))
        assert right.correct, question.id
        if isinstance(question, ShortQuestion | NumericQuestion):
            # What the learner is shown as the answer, typed back, is right too.
            assert grade(question, right.expected).correct, (question.id, right.expected)


def spellings(written: str) -> list[str]:
    """Other spacings of a number or ratio as written: `3 / 4`, `3/ 4`, `3 : 5`, `2 and 1/2`."""
    found = [re.sub(r"\s*([/:])\s*", r" \1 ", written), re.sub(r"\s*([/:])\s*", r"\1 ", written)]
    found.append(re.sub(r"\s*([/:])\s*", r" \1", written))
    mixed = re.fullmatch(r"(-?\d+) (\d+/\d+)", written)
    if mixed:
        found.append(f"{mixed[1]} and {mixed[2]}")
    return [f"  {spelling}  " for spelling in found]


def equivalents(question: NumericQuestion) -> list[str]:
    """Other ways to write a numeric answer's value that its form allows, with its units."""
    value = read_number(question.answer_text)
    assert value is not None
    written = [*spellings(question.answer_text)]
    whole, part = divmod(abs(value), 1)
    sign = "-" if value < 0 else ""
    if question.form in (None, "fraction") and part:
        written.append(f"{sign}{abs(value).numerator}/{value.denominator}")
        if whole:
            written.append(f"{sign}{whole} {part.numerator}/{part.denominator}")
    if question.form is None and _terminates(value):
        written.append(str(float(value)))
    for unit in question.spellings:
        if is_symbol(unit):
            written.append(f"{unit}{question.answer_text}")
        else:
            written += [f"{question.answer_text} {unit}", f"{question.answer_text}{unit}"]
    return written


def _terminates(value: Fraction) -> bool:
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


@pytest.mark.parametrize("name", [path.name for path in PACKS])
def test_every_spelling_of_a_number_or_ratio_is_graded_right(name: str) -> None:
    checked = 0
    for question in questions(name):
        if isinstance(question, NumericQuestion):
            typed = equivalents(question)
        elif isinstance(question, ShortQuestion) and question.match == "value":
            typed = spellings(question.answers[0])
        elif isinstance(question, ClozeQuestion) and question.match == "value":
            shown = list(correct_response(question))
            for index, fill in enumerate(shown):
                for spelling in spellings(fill):
                    filled = [*shown[:index], spelling, *shown[index + 1 :]]
                    assert grade(question, filled).correct, (question.id, filled)
                    checked += 1
            continue
        else:
            continue
        for spelling in typed:
            assert grade(question, spelling).correct, (question.id, spelling)
            checked += 1
    assert checked > 0 or name != "fractions-ratios"


def test_a_right_value_in_the_wrong_form_is_wrong() -> None:
    # Where the form is the point, an unsimplified or improper answer is refused.
    refused = 0
    for question in questions("fractions-ratios"):
        if isinstance(question, ShortQuestion) and question.form in ("simplest", "mixed"):
            parts = read_quantity(question.answers[0])
            doubled = ":".join(_doubled(part.value, len(parts) > 1) for part in parts)
            assert not fits(read_quantity(doubled), question.form)
            assert not grade(question, doubled).correct, (question.id, doubled)
            refused += 1
    assert refused >= 10


def _doubled(value: Fraction, in_ratio: bool) -> str:
    if in_ratio:
        return str(value.numerator * 2)
    return f"{value.numerator * 2}/{value.denominator * 2}"


@pytest.mark.parametrize("name", ["git-essentials", "python-foundations"])
def test_code_in_the_wrong_case_is_graded_wrong(name: str) -> None:
    checked = 0
    for question in questions(name):
        if not isinstance(question, ShortQuestion | ClozeQuestion) or question.match not in (
            "code",
            "exact",
            "regex",
        ):
            continue
        shown = correct_response(question)
        fills = [shown] if isinstance(shown, str) else list(shown)
        accepted = question.blanks if isinstance(question, ClozeQuestion) else (question.answers,)
        for index, fill in enumerate(fills):
            # A term, not code: its author accepts it in other capitals.
            if fill.swapcase() == fill or fill.swapcase() in accepted[index]:
                continue
            changed = [*fills[:index], fill.swapcase(), *fills[index + 1 :]]
            typed = changed[0] if isinstance(shown, str) else changed
            assert not grade(question, typed).correct, (question.id, typed)
            checked += 1
    assert checked >= 20


def test_python_counts_are_whole_numbers() -> None:
    # Telling 2 from 2.0 is the point of Python's numbers.
    counts = [q for q in questions("python-foundations") if isinstance(q, NumericQuestion)]
    assert counts and all(q.form == "integer" for q in counts)
    for question in counts:
        assert not grade(question, f"{question.answer_text}.0").correct, question.id


def question(pack: str, question_id: str) -> AnyQuestion:
    found = [q for q in questions(pack) if q.id == question_id]
    assert len(found) == 1, question_id
    return found[0]


@pytest.mark.parametrize(
    ("pack", "question_id", "shown"),
    [
        ("fractions-ratios", "fdp-walkers-percent", "68%"),
        ("fractions-ratios", "fdp-survey-swimming", "32.5%"),
    ],
)
def test_a_shown_answer_is_written_as_a_teacher_writes_it(
    pack: str, question_id: str, shown: str
) -> None:
    asked = question(pack, question_id)
    assert grade(asked, correct_response(asked)).expected == shown


@pytest.mark.parametrize(
    ("pack", "question_id", "typed"),
    [
        ("python-foundations", "ret-early-return", "not  positive"),
        ("python-foundations", "ret-early-return", " not positive"),
        ("python-foundations", "list-replace-item", "[5,  20, 30]"),
        ("python-foundations", "list-replace-item", "[5,20,30]"),
        ("python-foundations", "strm-fstring", "Sam is  30"),
        ("python-foundations", "strm-fstring", "Sam is 30 "),
        ("python-foundations", "str-repeat", "hahaha "),
    ],
)
def test_a_wrong_answer_is_graded_wrong(pack: str, question_id: str, typed: Response) -> None:
    assert not grade(question(pack, question_id), typed).correct


def test_a_question_asking_for_exact_output_matches_exactly() -> None:
    # Python prints `[5, 20, 30]`, one space after each comma: spacing is part of the output.
    asking = [
        q
        for q in questions("python-foundations")
        if isinstance(q, ShortQuestion) and re.search(r"\bprint", q.prompt or "")
    ]
    assert len(asking) >= 10
    for asked in asking:
        assert asked.match in ("exact", "regex"), asked.id


@pytest.mark.parametrize("typed", ["Sam is  30", " Sam is 30", "Sam is 30 "])
def test_a_spacing_slip_is_not_called_a_slip_of_capitals(typed: str) -> None:
    said = grade(question("python-foundations", "strm-fstring"), typed)
    assert not said.correct and said.feedback is None


@pytest.mark.parametrize(
    ("question_id", "typed"),
    [
        ("uc-unstage", "git restore notes.md --staged"),
        ("wig-config-email", "git config user.email ada@example.com --global"),
        ("wig-config-email", "git config --global user.Email ada@example.com"),
        ("rm-push-upstream", "git push -u origin main:main"),
        ("gi-type-rm-cached", "git rm -r --cached app.log"),
        ("ic-type-init", "git init ./"),
        ("sac-stage-everything", "git add ./"),
        ("ic-clone-into-folder", "git clone -- https://example.com/ada/recipes.git cookbook"),
        ("cf-cloze-finish", ["stage", "commit"]),
        ("ic-cloze-default-branch", ["master", "defaultbranch"]),
        ("wig-cloze-basics", [".git", "Commit"]),
        ("rm-cloze-pull", ["fetch", "Remote-tracking"]),
        ("uc-cloze-amend", ["--amend", "ID"]),
        ("uc-cloze-amend", ["--amend", "commit hash"]),
    ],
)
def test_a_valid_git_answer_is_graded_right(question_id: str, typed: Response) -> None:
    assert grade(question("git-essentials", question_id), typed).correct


@pytest.mark.parametrize(
    ("question_id", "typed"),
    [
        ("wig-config-email", "git config --global user.email Ada@example.com x"),
        ("rm-cloze-pull", ["FETCH", "remote-tracking"]),
        ("uc-cloze-amend", ["--AMEND", "id"]),
        ("wig-cloze-basics", [".GIT", "commit"]),
    ],
)
def test_code_beside_a_term_keeps_its_case(question_id: str, typed: Response) -> None:
    assert not grade(question("git-essentials", question_id), typed).correct


def test_a_blank_that_asks_no_form_takes_every_exact_spelling() -> None:
    biscuits = question("fractions-ratios", "prop-cloze-biscuits")
    for typed in ("12.5", "12 1/2", "25/2", "50/4", "12.50"):
        assert grade(biscuits, [typed, "250"]).correct, typed


@pytest.mark.parametrize(
    ("pack", "question_id"),
    [("fractions-ratios", "fdp-cloze-three-fifths"), ("python-foundations", "func-terms-cloze")],
)
def test_no_hint_fills_a_blank(pack: str, question_id: str) -> None:
    asked = question(pack, question_id)
    assert isinstance(asked, ClozeQuestion)
    for hint in asked.hints:
        for accepted in asked.blanks:
            for fill in accepted:
                assert not re.search(rf"(?<![\w.]){re.escape(fill)}(?![\w.])", hint, re.I), (
                    hint,
                    fill,
                )


# Typed answers the prompt gives away, each with how it gives it: a pair of words, or one string
# of the program shown (found by the loader, not declared).
GIVEN_AWAY = {
    "var-assign-direction": "right or left",
    "bool-and-or-cloze": "and or or",
    "if-else-elif-cloze": "else, and a word that starts like it",
    "dict-items-cloze": "key is in the text",
    "strm-join-cloze": "glue and cut",
    "exc-raise-cloze": "raise and try",
    "if-order-trap": "pass, merit or fail",
    "ret-early-return": "positive or not positive",
    "dict-get-default": "one of four strings",
}


def test_a_typed_answer_the_prompt_gives_away_counts_as_luck() -> None:
    pack, _ = loaded("python-foundations")
    for question_id in GIVEN_AWAY:
        assert question_id in pack.skill(pack.question(question_id).skill).mastery.guessable
    # Not every typed answer: one worked out from the program is more than luck.
    assert pack.question("num-remainder").guess is None
    assert pack.question("strm-fstring").guess is None
