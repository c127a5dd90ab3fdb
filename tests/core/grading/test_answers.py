"""Reading what people type into responses, and writing them back: by example, then round trips."""

from __future__ import annotations

import re
from functools import partial
from random import Random

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
    questions,
    valid_response,
)

from tutor_tui.core.content import (
    AnyQuestion,
    ChoiceQuestion,
    ClozeQuestion,
    MultiQuestion,
)
from tutor_tui.core.grading import (
    ResponseError,
    correct_response,
    format_response,
    grade,
    parse_response,
    parse_typed,
)


def test_choice_parsed_by_text_or_by_its_shown_number() -> None:
    assert parse_response(FLOOR_DIV, "3.5") == "3.5"
    assert parse_response(FLOOR_DIV, " 3.5 ") == "3.5"
    shown = ["4", "3", "3.5"]
    # A number is a position in the shown list, even when a choice is itself a number.
    assert parse_typed(FLOOR_DIV, "1", shown) == "4"
    assert parse_typed(FLOOR_DIV, "３", shown) == "3.5"
    assert parse_typed(FLOOR_DIV, "3.5", shown) == "3.5"
    with pytest.raises(ResponseError, match="'4' is not a number from 1 to 3"):
        parse_typed(FLOOR_DIV, "4", shown)


def test_choice_texts_differing_only_in_case_stay_apart() -> None:
    question = ChoiceQuestion(id="case", choices=("A", "a", "Yes"), answer="a")
    assert parse_response(question, "a") == "a"
    assert parse_response(question, "A") == "A"
    assert parse_typed(question, "yes") == "Yes"
    with pytest.raises(ResponseError, match="matches more than one"):
        parse_response(question, " a ")


def test_multi_parsed_from_json_numbers_or_texts() -> None:
    assert parse_response(LANGUAGES, '["rust", "go"]') == ("rust", "go")
    for bad in ("rust, go", '{"a": 1}', "[1, 2]"):
        with pytest.raises(
            ResponseError, match=re.escape('a JSON array of choices, like ["a", "b"]')
        ):
            parse_response(LANGUAGES, bad)
    with pytest.raises(ResponseError, match="'cobol' is not one of the choices"):
        parse_response(LANGUAGES, '["cobol"]')
    with pytest.raises(ResponseError, match="picked twice"):
        parse_response(LANGUAGES, '["go", "go"]')
    shown = ["go", "css", "python", "html", "rust"]
    assert parse_typed(LANGUAGES, "1,3", shown) == ("go", "python")
    assert parse_typed(LANGUAGES, "1 3, 5", shown) == ("go", "python", "rust")
    assert parse_typed(LANGUAGES, "Python, GO", shown) == ("python", "go")
    assert parse_typed(LANGUAGES, '["css"]', shown) == ("css",)
    with pytest.raises(ResponseError, match="'6' is not a number from 1 to 5"):
        parse_typed(LANGUAGES, "1, 6", shown)


def test_multi_typed_choice_holding_a_comma() -> None:
    question = MultiQuestion(id="c", choices=("a, b", "c"), answers=("a, b",))
    assert parse_typed(question, "a, b") == ("a, b",)


@pytest.mark.parametrize(
    ("typed", "value"),
    [("t", True), ("Y", True), ("yes", True), ("true", True), ("f", False), ("No", False)],
)
def test_truefalse_typed(typed: str, value: bool) -> None:
    assert parse_typed(REBINDING, typed) is value


def test_order_parsed_from_json_or_shown_numbers() -> None:
    assert parse_response(STEPS, '["write", "test", "commit"]') == ("write", "test", "commit")
    with pytest.raises(ResponseError, match="each of the 3 items once"):
        parse_response(STEPS, '["write", "test"]')
    with pytest.raises(ResponseError, match="'push' is not one of the items"):
        parse_response(STEPS, '["write", "test", "push"]')
    shown = ["commit", "write", "test"]
    assert parse_typed(STEPS, "2 3 1", shown) == ("write", "test", "commit")
    assert parse_typed(STEPS, "2,3,1", shown) == ("write", "test", "commit")
    with pytest.raises(ResponseError, match="each of the 3 items once"):
        parse_typed(STEPS, "2 2 1", shown)


def test_match_parsed_from_json_or_numbered_pairs() -> None:
    assert parse_response(CAPITALS, '{"france": "paris"}') == {"France": "Paris"}
    with pytest.raises(ResponseError, match="not one of the items on the right"):
        parse_response(CAPITALS, '{"France": "Berlin"}')
    with pytest.raises(ResponseError, match="JSON object"):
        parse_response(CAPITALS, '["Paris"]')
    shown = ["Rome", "Paris", "Madrid"]
    assert parse_typed(CAPITALS, "1=2, 2=3, 3=1", shown) == {
        "France": "Paris",
        "Spain": "Madrid",
        "Italy": "Rome",
    }
    assert parse_typed(CAPITALS, "1 = 2 3=1", shown) == {"France": "Paris", "Italy": "Rome"}
    with pytest.raises(ResponseError, match="matched twice"):
        parse_typed(CAPITALS, "1=2, 1=3", shown)
    with pytest.raises(ResponseError, match="'4' is not a number on the left from 1 to 3"):
        parse_typed(CAPITALS, "4=1", shown)
    with pytest.raises(ResponseError, match="left=right"):
        parse_typed(CAPITALS, "1-b", shown)


def test_cloze_parsed_from_json_or_semicolons() -> None:
    assert parse_response(ASSIGN, '["x", "five"]') == ("x", "five")
    with pytest.raises(ResponseError, match="expected 2 fills"):
        parse_response(ASSIGN, '["x"]')
    assert parse_typed(ASSIGN, "x; five") == ("x", "five")
    assert parse_typed(ASSIGN, '["x", "a;b"]') == ("x", "a;b")
    with pytest.raises(ResponseError, match="separate them with ;"):
        parse_typed(ASSIGN, "x five")
    one = ClozeQuestion(id="one", text="A statement ends with {{a newline; or ;}}")
    assert parse_typed(one, "a newline; or ;") == ("a newline; or ;",)
    literal = ClozeQuestion(id="lit", text="x = {{[1, 2]}}")
    assert parse_typed(literal, "[1, 2]") == ("[1, 2]",)


def test_blank_typed_text_is_refused_for_every_type() -> None:
    for question in (FLOOR_DIV, LANGUAGES, REBINDING, GREETING, HALF_KG, STEPS, CAPITALS, ASSIGN):
        with pytest.raises(ResponseError, match="type an answer"):
            parse_typed(question, "  ")


@FAST
@given(st.data())
def test_parse_response_reads_back_what_format_response_writes(data: st.DataObject) -> None:
    question = data.draw(questions)
    response = data.draw(valid_response(question))
    assert parse_response(question, format_response(question, response)) == response


@FAST
@given(questions)
def test_correct_response_round_trips_through_the_command_line(question: AnyQuestion) -> None:
    response = correct_response(question)
    assert grade(question, parse_response(question, format_response(question, response))).correct


def _long(digits: int) -> str:
    return "9" * digits


# What a hostile learner types: numbers past int()'s 4,300 digits (alone, as a position, a pair, a
# fraction, an exponent, inside JSON), leading zeros, digits int() does not read, controls.
_HOSTILE = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["²", "٣", "³²", "0" * 5000 + "1", "1e99999", "[]", "{}", "[[[[", "\x1b"]),
    st.tuples(st.sampled_from([1, 9, 10, 4301, 6000]).map(_long), st.integers(0, 10)).map(
        lambda drawn: [
            "{n}",
            "1,{n}",
            "1={n}",
            "{n}=1",
            '["{n}"]',
            '{{"{n}": "1"}}',
            "{n}/{n}",
            "{n} {n}/{n}",
            "1e{n}",
            "{n}; {n}",
            "0.{n}",
        ][drawn[1]].format(n=drawn[0])
    ),  # fmt: skip
)


@FAST
@given(questions, _HOSTILE, st.randoms(use_true_random=False))
def test_no_text_breaks_reading_or_grading_but_with_a_response_error(
    drawn: AnyQuestion, typed: str, rng: Random
) -> None:
    """Whatever is typed, in plain mode, on the command line or in the app, reading and grading
    it either work or say in one line what is wrong (a ResponseError): never another exception."""
    examples = (FLOOR_DIV, LANGUAGES, REBINDING, GREETING, HALF_KG, STEPS, CAPITALS, ASSIGN)
    for question in (drawn, *examples):
        options = getattr(question, "choices", None) or getattr(question, "items", None)
        shown = rng.sample(list(options), len(options)) if options else None
        # What plain mode reads, what the command line reads, and what the app grades as typed.
        for read in (partial(parse_typed, shown=shown), parse_response, lambda _, text: text):
            try:
                grade(question, read(question, typed))
            except ResponseError as error:
                assert str(error).isprintable() and len(str(error)) < 200


def test_a_refused_answer_is_shown_with_its_control_characters_escaped() -> None:
    with pytest.raises(ResponseError) as refused:
        parse_typed(FLOOR_DIV, "[bold red]x \x1b[31m")
    assert str(refused.value).startswith("'[bold red]x \\x1b[31m' is not one of the choices")


def test_a_number_too_long_for_int_is_out_of_range_not_an_error() -> None:
    shown = ["4", "3", "3.5"]
    with pytest.raises(ResponseError, match="'99999.*…' is not a number from 1 to 3"):
        parse_typed(FLOOR_DIV, _long(5000), shown)
    assert parse_typed(FLOOR_DIV, "0" * 5000 + "2", shown) == "3"
    with pytest.raises(ResponseError, match="is not a number on the left from 1 to 3"):
        parse_typed(CAPITALS, f"{_long(5000)}=1")
