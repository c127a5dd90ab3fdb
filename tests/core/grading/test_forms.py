"""Keys a teacher would write: numbers and ratios by value with any spacing, forms, code, units."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor_tui.core.content import NumericQuestion, ShortQuestion
from tutor_tui.core.grading import ResponseError, correct_response, grade

SPACES = st.sampled_from(["", " ", "  ", "\t"])

fractions = st.tuples(st.integers(1, 99), st.integers(2, 99))


def spaced(draw: st.DrawFn, *pieces: str) -> str:
    """The pieces joined with whatever spacing a learner might type between them."""
    return draw(SPACES) + "".join(piece + draw(SPACES) for piece in pieces)


@settings(max_examples=60)
@given(st.data(), fractions)
def test_a_fraction_key_takes_any_spacing_and_any_terms(
    data: st.DataObject, terms: tuple[int, int]
) -> None:
    numerator, denominator = terms
    question = ShortQuestion(id="q", answers=(f"{numerator}/{denominator}",), match="value")
    typed = spaced(data.draw, str(numerator), "/", str(denominator))
    assert grade(question, typed).correct, typed
    scale = data.draw(st.integers(2, 9))
    assert grade(question, f"{numerator * scale}/{denominator * scale}").correct
    # The same value written as a decimal is another form: the key asks for a fraction.
    assert not grade(question, str(float(Fraction(numerator, denominator)))).correct


@settings(max_examples=60)
@given(st.data(), fractions)
def test_simplest_form_takes_lowest_terms_only(data: st.DataObject, terms: tuple[int, int]) -> None:
    value = Fraction(*terms)
    if value.denominator == 1:
        return
    key = f"{value.numerator}/{value.denominator}"
    question = ShortQuestion(id="q", answers=(key,), match="value", form="simplest")
    assert grade(
        question, spaced(data.draw, str(value.numerator), "/", str(value.denominator))
    ).correct
    scale = data.draw(st.integers(2, 9))
    unsimplified = grade(question, f"{value.numerator * scale}/{value.denominator * scale}")
    assert not unsimplified.correct
    assert unsimplified.feedback is not None and "simplest form" in unsimplified.feedback


@settings(max_examples=60)
@given(st.data(), st.integers(1, 20), fractions)
def test_a_mixed_number_key(data: st.DataObject, whole: int, terms: tuple[int, int]) -> None:
    part = Fraction(*terms) % 1
    if part == 0:
        return
    key = f"{whole} {part.numerator}/{part.denominator}"
    question = ShortQuestion(id="q", answers=(key,), match="value", form="mixed")
    joiner = data.draw(st.sampled_from([" ", "  ", " and "]))
    typed = f"{whole}{joiner}{spaced(data.draw, str(part.numerator), '/', str(part.denominator))}"
    assert grade(question, typed).correct, typed
    improper = whole + part
    assert not grade(question, f"{improper.numerator}/{improper.denominator}").correct


@settings(max_examples=40)
@given(st.data(), st.lists(st.integers(1, 50), min_size=2, max_size=4))
def test_a_ratio_key_takes_any_spacing_part_by_part(data: st.DataObject, parts: list[int]) -> None:
    key = ":".join(map(str, parts))
    question = ShortQuestion(id="q", answers=(key,), match="value")
    typed = spaced(data.draw, *[p for part in parts for p in (str(part), ":")][:-1])
    assert grade(question, typed).correct, typed
    assert not grade(question, ":".join(map(str, reversed(parts + [parts[0] + 1])))).correct


def test_simplest_ratio_and_its_feedback() -> None:
    question = ShortQuestion(
        id="q", answers=("3:5",), match="value", form="simplest", feedback={"6:10": "Divide by 2."}
    )
    assert grade(question, "3 : 5").correct
    assert grade(question, "6 :10").feedback == "Divide by 2."
    assert not grade(question, "5:3").correct
    assert not grade(question, "1.5:2.5").correct


def test_a_whole_number_key_refuses_a_float_and_a_decimal_key_takes_either() -> None:
    whole = ShortQuestion(id="q", answers=("2",), match="value")
    assert grade(whole, " 2 ").correct
    assert not grade(whole, "2.0").correct
    decimal = ShortQuestion(id="q", answers=("2.5",), match="value")
    assert grade(decimal, "2.50").correct
    assert not grade(decimal, "5/2").correct


def test_numeric_integer_form() -> None:
    question = NumericQuestion(id="n", answer=-4, answer_text="-4", form="integer")
    assert grade(question, "-4").correct
    refused = grade(question, "-4.0")
    assert not refused.correct
    assert refused.feedback == "-4.0 has the right value, but the answer should be a whole number."
    assert not grade(question, -4.0).correct


def test_numeric_answers_written_as_fractions_are_exact_and_shown_as_written() -> None:
    question = NumericQuestion(id="n", answer=10 / 3, answer_text="10/3", form="fraction")
    assert grade(question, "3 1/3").correct
    assert grade(question, "20 / 6").correct
    for near in ("3.3333", "3.3333333333", "3.33"):
        assert not grade(question, near).correct
    assert grade(question, "10/3").expected == "10/3"
    assert correct_response(question) == "10/3"


@pytest.mark.parametrize("typed", ["£10", "£ 10", "10 pounds", "10 pound", "10", " 10  POUNDS "])
def test_units_in_every_spelling_and_a_currency_symbol_before(typed: str) -> None:
    question = NumericQuestion(
        id="n", answer=10, answer_text="10", unit="£", units=("£", "pounds", "pound")
    )
    assert grade(question, typed).correct


def test_the_shown_answer_puts_a_symbol_before_and_a_word_after() -> None:
    pounds = NumericQuestion(id="n", answer=-2.5, answer_text="-2.50", unit="£", units=("£",))
    assert grade(pounds, "-£2.5").expected == "-£2.50"
    cups = NumericQuestion(
        id="n", answer=9 / 8, answer_text="9/8", unit="cups", units=("cups", "cup")
    )
    assert grade(cups, "1 1/8 cup").correct
    assert grade(cups, "1").expected == "9/8 cups"
    with pytest.raises(ResponseError, match="answer in cups"):
        grade(cups, "9/8 litres")


def test_numeric_feedback_is_keyed_by_the_number_as_written() -> None:
    question = NumericQuestion(
        id="n", answer=8, answer_text="8", feedback={"1/9": "That is the fraction."}
    )
    assert grade(question, "1 / 9").feedback == "That is the fraction."
    assert grade(question, "2/18").feedback is None


@pytest.mark.parametrize(
    ("typed", "right"),
    [
        ("git add -A", True),
        ("  git   add -A ", True),
        ("git add -a", False),
        ("Git add -A", False),
        ("git add-A", False),
    ],
)
def test_code_keeps_case_and_collapses_spacing(typed: str, right: bool) -> None:
    question = ShortQuestion(id="q", answers=("git add -A",), match="code")
    assert grade(question, typed).correct is right
