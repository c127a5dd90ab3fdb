"""Numbers as learners type them: every form of a value reads as it, or is refused with a reason."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from testkit.questions import (
    FAST,
    HALF_KG,
)

from tutor_tui.core.content import (
    NumericQuestion,
)
from tutor_tui.core.grading import (
    ResponseError,
    grade,
    parse_response,
)


@pytest.mark.parametrize(
    "typed",
    ["1/2", "0.5", ".5", "5e-1", "0.5 kg", "0.5kg", " 1/2 KG ", "1 / 2", "+0.5", "0.50", "５e-1"],
)
def test_numeric_one_half_in_every_form(typed: str) -> None:
    assert grade(HALF_KG, typed).correct


def test_numeric_accepts_numbers_as_values() -> None:
    assert grade(HALF_KG, Fraction(1, 2)).correct
    assert grade(HALF_KG, 0.5).correct
    assert not grade(HALF_KG, 1).correct
    with pytest.raises(ResponseError):
        grade(HALF_KG, True)
    with pytest.raises(ResponseError):
        grade(HALF_KG, float("nan"))


def test_numeric_negative_mixed_and_exact() -> None:
    question = NumericQuestion(id="n", answer=-2.25)
    for typed in ("-2.25", "-9/4", "-2 1/4", "−2.25", "-225e-2"):
        assert grade(question, typed).correct, typed
    assert not grade(question, "2.25").correct
    assert not grade(question, "-2.26").correct


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("three", "'three' is not a number: type digits, like 3, 0.5 or 1/2"),
        ("", "is not a number"),
        ("1.2.3", "is not a number"),
        ("0.5 g", "'0.5 g' has the wrong unit: answer in kg"),
        ("1/0", "'1/0' divides by zero"),
        ("1e99999", "too large or too small"),
        ("9" * 2000, "too long to be a number"),
    ],
)
def test_numeric_unreadable_text_is_refused_with_a_reason(typed: str, message: str) -> None:
    with pytest.raises(ResponseError, match=re.escape(message)):
        grade(HALF_KG, typed)
    with pytest.raises(ResponseError, match=re.escape(message)):
        parse_response(HALF_KG, typed)


def test_numeric_without_unit_says_to_drop_one() -> None:
    with pytest.raises(ResponseError, match="without a unit"):
        grade(NumericQuestion(id="n", answer=5), "5 kg")


@FAST
@given(st.fractions(min_value=-1000, max_value=1000, max_denominator=10**4))
def test_any_fraction_typed_as_a_over_b_is_right(value: Fraction) -> None:
    question = NumericQuestion(id="q", answer=float(value))
    assert grade(question, f"{value.numerator}/{value.denominator}").correct
    assert not grade(question, f"{value.numerator + 1}/{value.denominator}").correct


def written_forms(value: Fraction) -> list[str]:
    """`value`, whose denominator is 2**a * 5**b, as a/b, as decimals and in exponent forms."""
    scale = 0
    while (value * 10**scale).denominator != 1:
        scale += 1
    digits = str(abs(value * 10**scale).numerator)
    sign = "-" if value < 0 else ""
    padded = digits.rjust(scale + 1, "0")
    whole, tail = padded[: len(padded) - scale], padded[len(padded) - scale :]
    mantissa = digits[0] + (f".{digits[1:]}" if len(digits) > 1 else "")
    forms = [
        f"{value.numerator}/{value.denominator}",
        f"{sign}{whole}.{tail}" if tail else f"{sign}{whole}",
        f"{sign}{digits}e-{scale}",
        f"{sign}{mantissa}e{len(digits) - 1 - scale}",
    ]
    if whole == "0" and tail:
        forms.append(f"{sign}.{tail}")
    return forms


def test_written_forms() -> None:
    assert written_forms(Fraction(-1, 8)) == ["-1/8", "-0.125", "-125e-3", "-1.25e-1", "-.125"]
    assert written_forms(Fraction(40)) == ["40/1", "40", "40e-0", "4.0e1"]


@FAST
@given(
    numerator=st.integers(-(10**9), 10**9),
    twos=st.integers(0, 8),
    fives=st.integers(0, 8),
)
def test_a_terminating_fraction_reads_right_in_every_form(
    numerator: int, twos: int, fives: int
) -> None:
    # Only denominators 2**a * 5**b give a decimal with an end, so only these are generated.
    value = Fraction(numerator, 2**twos * 5**fives)
    question = NumericQuestion(id="q", answer=float(value))
    for typed in written_forms(value):
        assert grade(question, typed).correct, typed


def test_a_percent_sign_stands_after_the_number() -> None:
    question = NumericQuestion(id="p", answer=68, unit="%", units=("%", "percent"))
    for typed in ("68", "68%", "68 %", "68 percent"):
        assert grade(question, typed).correct, typed
    assert grade(question, "7").expected == "68%"
    with pytest.raises(ResponseError, match="not a number"):
        grade(question, "%68")
