"""Grading: each question type's rules by example, then the properties every question keeps."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from testkit.questions import (
    ASSIGN,
    CAPITALS,
    FAST,
    FLOOR_DIV,
    GREETING,
    HALF_KG,
    LANGUAGES,
    REBINDING,
    STEPS,
    any_response,
    multi_questions,
    questions,
    text,
)

from tutor_tui.core.content import (
    AnyQuestion,
    ClozeQuestion,
    NumericQuestion,
    ShortQuestion,
)
from tutor_tui.core.grading import (
    Grade,
    ResponseError,
    correct_response,
    grade,
    parse_response,
)


def test_choice_right_wrong_and_its_own_feedback() -> None:
    right = grade(FLOOR_DIV, "3")
    assert right == Grade(1.0, True, "3", "Yes: 7 // 2 rounds 3.5 down.")
    wrong = grade(FLOOR_DIV, "3.5")
    assert (wrong.score, wrong.correct, wrong.expected) == (0.0, False, "3")
    assert wrong.feedback == "That is `/`; `//` rounds down."
    assert grade(FLOOR_DIV, "4").feedback is None


def test_choice_that_is_no_choice_is_an_error_not_a_wrong_answer() -> None:
    with pytest.raises(ResponseError, match="'5' is not one of the choices"):
        grade(FLOOR_DIV, "5")
    with pytest.raises(ResponseError, match="not one of the choices"):
        parse_response(FLOOR_DIV, "5")


@pytest.mark.parametrize(
    ("picks", "score"),
    [
        (["python", "rust", "go"], 1.0),
        (["go", "python", "rust"], 1.0),
        (["python", "rust"], 2 / 3),
        (["python"], 1 / 3),
        (["python", "rust", "go", "html"], 2 / 3),
        (["python", "html"], 0.0),
        (["html", "css"], 0.0),  # max(0, ...): never below zero
        ([], 0.0),
        (["python", "python"], 0.0),  # a repeated pick is a wrong pick
        (["python", "rust", "cobol"], 1 / 3),  # and so is a text that is no choice
    ],
)
def test_multi_score_follows_the_formula(picks: list[str], score: float) -> None:
    result = grade(LANGUAGES, picks)
    assert result.score == pytest.approx(score)
    assert result.correct == (score == 1.0)
    assert result.expected == "python, rust, go"


def test_multi_parts_mark_each_choice_in_pack_order() -> None:
    assert grade(LANGUAGES, {"python", "html"}).parts == (True, False, False, True, False)


def test_multi_refuses_a_bare_string() -> None:
    with pytest.raises(ResponseError):
        grade(LANGUAGES, "python")


def test_truefalse() -> None:
    assert grade(REBINDING, False) == Grade(1.0, True, "false")
    assert grade(REBINDING, True).score == 0.0
    with pytest.raises(ResponseError):
        grade(REBINDING, "false")
    assert parse_response(REBINDING, "true") is True
    assert parse_response(REBINDING, " FALSE ") is False
    with pytest.raises(ResponseError, match="'maybe' is not true or false"):
        parse_response(REBINDING, "maybe")
    with pytest.raises(ResponseError):
        parse_response(REBINDING, "yes")  # the command line takes only true and false


def test_short_expected_is_the_first_answer_and_feedback_is_for_foreseen_wrong_answers() -> None:
    wrong = grade(GREETING, " Goodbye  WORLD")
    assert (wrong.correct, wrong.expected, wrong.feedback) == (False, "Hello World", "Other end.")
    assert grade(GREETING, "farewell").feedback is None
    assert grade(GREETING, "hi world").expected == "Hello World"


def test_short_regex_correct_response_needs_an_example_that_matches() -> None:
    question = ShortQuestion(id="r", answers=(r"f\(x\)", "f(x)"), match="regex")
    assert correct_response(question) == "f(x)"
    with pytest.raises(ValueError, match="readable example"):
        correct_response(ShortQuestion(id="r", answers=(r"colou?r",), match="regex"))


def test_numeric_float_noise_in_the_answer_is_forgiven() -> None:
    assert grade(NumericQuestion(id="n", answer=0.1 + 0.2), "0.3").correct
    assert grade(NumericQuestion(id="n", answer=1 / 3), "1/3").correct


def test_numeric_absolute_and_percent_tolerance() -> None:
    near = NumericQuestion(id="n", answer=0.3, tolerance=0.005)
    assert grade(near, "0.305").correct
    assert grade(near, "0.295").correct
    assert not grade(near, "0.306").correct
    assert grade(near, "0.31").expected == "0.3 ± 0.005"
    percent = NumericQuestion(id="p", answer=50, tolerance=2, tolerance_is_percent=True, unit="kg")
    assert grade(percent, "51").correct
    assert grade(percent, "49 kg").correct
    assert not grade(percent, "51.01").correct
    assert grade(percent, "0").expected == "50 kg ± 2%"


def test_numeric_expected_prefers_the_authors_text() -> None:
    assert grade(HALF_KG, "1").expected == "1/2 kg"
    assert grade(NumericQuestion(id="n", answer=3.0), "1").expected == "3"


def test_numeric_correct_response_falls_back_to_the_number() -> None:
    assert correct_response(HALF_KG) == "1/2"
    assert correct_response(NumericQuestion(id="n", answer=0.25, answer_text="π/4")) == "0.25"


def test_order_all_or_nothing_with_parts_per_position() -> None:
    assert grade(STEPS, ["write", "test", "commit"]) == Grade(
        1.0, True, "write → test → commit", parts=(True, True, True)
    )
    wrong = grade(STEPS, ["write", "commit", "test"])
    assert (wrong.score, wrong.parts) == (0.0, (True, False, False))
    assert grade(STEPS, ["write"]).parts == (True, False, False)


def test_match_scores_the_share_of_lefts_matched() -> None:
    full = grade(CAPITALS, {"France": "Paris", "Spain": "Madrid", "Italy": "Rome"})
    assert full.correct and full.parts == (True, True, True)
    assert full.expected == "France → Paris; Spain → Madrid; Italy → Rome"
    partial = grade(CAPITALS, {"France": "Paris", "Spain": "Rome", "Italy": "Madrid"})
    assert partial.score == pytest.approx(1 / 3)
    assert partial.parts == (True, False, False)
    assert grade(CAPITALS, {"Italy": "Rome"}).score == pytest.approx(1 / 3)
    with pytest.raises(ResponseError, match="'Germany' is not one of the items on the left"):
        grade(CAPITALS, {"Germany": "Berlin"})


def test_cloze_alternatives_partial_credit_and_missing_blanks() -> None:
    assert grade(ASSIGN, ["x", "5"]).correct
    assert grade(ASSIGN, [" X ", "FIVE"]).correct
    half = grade(ASSIGN, ["x", "six"])
    assert (half.score, half.parts) == (0.5, (True, False))
    assert half.expected == "In `x = 5`, the name x is bound to 5."
    assert grade(ASSIGN, ["x"]).parts == (True, False)
    with pytest.raises(ResponseError, match="expected 2 fills, one per blank, but got 3"):
        grade(ASSIGN, ["x", "5", "6"])


def test_messages_show_responses_on_one_safe_line() -> None:
    with pytest.raises(ResponseError) as raised:
        grade(FLOOR_DIV, "\x1b[31mred\nline" + "x" * 100)
    message = str(raised.value)
    assert "\x1b" not in message and "\n" not in message and len(message) < 80


@FAST
@given(st.data())
def test_score_is_in_range_and_correct_means_full_marks(data: st.DataObject) -> None:
    question = data.draw(questions)
    result = grade(question, data.draw(any_response(question)))
    assert 0.0 <= result.score <= 1.0
    assert result.correct == (result.score == 1.0)


@FAST
@given(questions)
def test_correct_response_grades_fully_right(question: AnyQuestion) -> None:
    result = grade(question, correct_response(question))
    assert result.correct
    assert all(result.parts)


@FAST
@given(st.data())
def test_multi_picks_in_any_order_grade_the_same(data: st.DataObject) -> None:
    question = data.draw(multi_questions())
    assert grade(question, data.draw(st.permutations(question.answers))).correct
    picks = data.draw(st.lists(st.one_of(st.sampled_from(question.choices), text), max_size=8))
    assert grade(question, data.draw(st.permutations(picks))) == grade(question, picks)


def test_cloze_blanks_survive_markdown() -> None:
    """Two runs of underscores on a line would pair into Markdown emphasis and hide the blanks."""

    question = ClozeQuestion(id="c", text="tops give {{3}}, bottoms give {{5}}, so {{3/5}}.")
    shown = question.display_text()
    assert "_" not in shown
    assert [shown.count(f"[{n}]") for n in (1, 2, 3)] == [1, 1, 1]


@pytest.mark.parametrize(
    "question", [FLOOR_DIV, LANGUAGES, REBINDING, GREETING, HALF_KG, STEPS, CAPITALS, ASSIGN]
)
def test_i_dont_know_is_a_miss_that_says_the_right_answer(question: AnyQuestion) -> None:
    right = grade(question, correct_response(question))
    said = grade(question, None)
    assert (said.score, said.correct, said.feedback) == (0.0, False, None)
    assert said.expected == right.expected
    assert said.parts == tuple(False for _ in right.parts)


@pytest.mark.parametrize(
    ("match", "answers", "typed"),
    [("exact", ("y",), "Y"), ("code", ("print(x)",), "Print(x)"), ("regex", ("ye?s",), "YES")],
)
def test_a_slip_in_capitals_alone_is_told_where_case_counts(
    match: Any, answers: tuple[str, ...], typed: str
) -> None:
    from tutor_tui.core.grading.graders import CHECK_THE_CAPITALS

    short = ShortQuestion(id="s", answers=answers, match=match)
    said = grade(short, typed)
    assert not said.correct and said.feedback == CHECK_THE_CAPITALS
    assert grade(short, "something else").feedback is None
    cloze = ClozeQuestion(id="c", text="Say {{" + answers[0] + "}}.", match=match)
    assert grade(cloze, [typed]).feedback == CHECK_THE_CAPITALS
    assert grade(cloze, ["something else"]).feedback is None


@pytest.mark.parametrize(
    ("match", "answers", "typed"),
    [
        ("exact", ("Sam is 30",), "Sam is  30"),
        ("exact", ("Sam is 30",), " Sam is 30"),
        ("exact", ("Sam is 30",), "Sam is 30 "),
        ("exact", ("Sam is 30",), "sam is  30"),
        ("code", ("git add -A",), "git add-A"),
    ],
)
def test_capitals_are_mentioned_only_when_they_alone_differ(
    match: Any, answers: tuple[str, ...], typed: str
) -> None:
    said = grade(ShortQuestion(id="s", answers=answers, match=match), typed)
    assert not said.correct and said.feedback is None
    cloze = ClozeQuestion(id="c", text="Say {{" + answers[0] + "}}.", match=match)
    assert grade(cloze, [typed]).feedback is None
