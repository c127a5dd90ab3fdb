"""Typed text against accepted answers: normally (case, spacing, width aside), exactly, by regex."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from testkit.questions import (
    FAST,
    GREETING,
)

from tutor_tui.core.content import (
    ClozeQuestion,
    ShortQuestion,
)
from tutor_tui.core.grading import (
    ResponseError,
    grade,
)


@pytest.mark.parametrize(
    "typed",
    ["Hello World", "  Hello   World ", "hello world", "HELLO\tWORLD\n", "ＨＥＬＬＯ world"],
)
def test_short_normal_ignores_case_spacing_and_width(typed: str) -> None:
    assert grade(GREETING, typed).correct


def test_short_normal_folds_sharp_s_and_reads_full_width_digits() -> None:
    street = ShortQuestion(id="street", answers=("Straße 12",))
    assert grade(street, "STRASSE １２").correct
    assert grade(street, "strasse 12").correct
    assert not grade(street, "strase 12").correct


def test_short_exact_compares_as_typed_but_for_a_trailing_newline() -> None:
    question = ShortQuestion(id="e", answers=("print(x)",), match="exact")
    assert grade(question, "print(x)").correct
    assert grade(question, "print(x)\n").correct
    assert not grade(question, "print( x)").correct
    assert not grade(question, " print(x)").correct
    assert not grade(question, "Print(x)").correct


def test_short_regex_is_a_full_match_of_any_pattern_on_trimmed_text() -> None:
    question = ShortQuestion(
        id="r",
        answers=("colour", r"colou?r", r"[0-9]+ colou?rs"),
        match="regex",
        feedback={r"c[ou]+l[ou]+r?": "Check the spelling."},
    )
    assert grade(question, "color").correct
    assert grade(question, "  3 colours ").correct
    assert not grade(question, "colors").correct
    assert not grade(question, "a colour").correct  # full match, not search
    assert grade(question, "coulor").feedback == "Check the spelling."
    assert grade(question, "color").feedback is None


def test_short_regex_refuses_overlong_responses_before_matching() -> None:
    question = ShortQuestion(id="r", answers=("a+",), match="regex")
    assert grade(question, "a" * 1000).correct
    assert not grade(question, "a" * 1001).correct
    hostile = ShortQuestion(id="h", answers=("a", r"(a+)+b"), match="regex")
    assert not grade(hostile, "a" * 5000).correct  # would take forever if matched


def test_a_backtracking_pattern_grades_an_answer_of_the_longest_size_at_once() -> None:
    # A backtracking engine takes seconds at 27 letters here and doubles with each letter more;
    # RE2 is linear, so the longest answer allowed grades at once. (A regression hangs here.)
    hostile = ShortQuestion(id="h", answers=("aaaa", r"(a+)+$", r"(x+x+)+y"), match="regex")
    assert not grade(hostile, "a" * 999 + "!").correct
    assert not grade(hostile, "x" * 1000).correct
    assert grade(hostile, "a" * 1000).correct


def test_cloze_regex_alternatives_are_full_match_patterns() -> None:
    question = ClozeQuestion(id="r", text="{{colou?r}} and {{[0-9]+|many}}", match="regex")
    assert grade(question, ["colour", "42"]).correct
    assert grade(question, ["colors", "many"]).parts == (False, True)


# Letters whose case maps cleanly both ways, from several scripts, and full-width forms.
LETTERS = "abcxyzABCXYZßéÉçÇøØæÆσςΣжЖｈＨ0123456789"


WHITE = st.text(st.sampled_from(" \t\n\u3000\u00a0"), min_size=1, max_size=3)


CASE_CHANGES = [str.upper, str.lower, str.swapcase, str.casefold, str.title]


@FAST
@given(
    words=st.lists(st.text(st.sampled_from(LETTERS), min_size=1, max_size=6), min_size=1),
    change=st.sampled_from(CASE_CHANGES),
    data=st.data(),
)
def test_normal_match_ignores_case_and_white_space(
    words: list[str], change: Callable[[str], str], data: st.DataObject
) -> None:
    question = ShortQuestion(id="q", answers=(" ".join(words),))
    changed = [change(word) for word in words]
    typed = changed[0] + "".join(data.draw(WHITE) + word for word in changed[1:])
    typed = data.draw(WHITE | st.just("")) + typed + data.draw(WHITE | st.just(""))
    assert grade(question, typed).correct


@pytest.mark.parametrize(
    ("response", "why"),
    [
        ("x" * 10_001, "at most 10000 characters"),
        (["x" * 6_000, "y" * 6_000], "at most 10000 characters"),
        ("Paris\x00", "U+0000"),
        ({"a\x1b": "b"}, "U+001B"),
        (["ok", "\u202eevil"], "U+202E"),
    ],
)
def test_a_response_too_long_or_with_a_control_character_is_refused(
    response: Any, why: str
) -> None:
    question = ShortQuestion(id="s", answers=("Paris",))
    with pytest.raises(ResponseError, match=re.escape(why)):
        grade(question, response)
