"""Grading: each type's rules by example, then the properties that hold for every question."""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor_tui.core.content import (
    AnyQuestion,
    ChoiceQuestion,
    ClozeQuestion,
    MatchMode,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    Pair,
    ShortQuestion,
    TrueFalseQuestion,
)
from tutor_tui.core.grading import (
    Grade,
    ResponseError,
    correct_response,
    format_response,
    grade,
    parse_response,
    parse_typed,
)

FAST = settings(max_examples=60, deadline=None)

FLOOR_DIV = ChoiceQuestion(
    id="floor-div",
    choices=("3", "3.5", "4"),
    answer="3",
    feedback={"3.5": "That is `/`; `//` rounds down.", "3": "Yes: 7 // 2 rounds 3.5 down."},
)
LANGUAGES = MultiQuestion(
    id="langs", choices=("python", "rust", "html", "css", "go"), answers=("python", "rust", "go")
)
REBINDING = TrueFalseQuestion(id="rebinding", answer=False)
GREETING = ShortQuestion(
    id="greeting", answers=("Hello World", "hi world"), feedback={"goodbye world": "Other end."}
)
HALF_KG = NumericQuestion(id="half", answer=0.5, answer_text="1/2", unit="kg")
STEPS = OrderQuestion(id="steps", items=("write", "test", "commit"))
CAPITALS = MatchQuestion(
    id="capitals",
    pairs=(Pair("France", "Paris"), Pair("Spain", "Madrid"), Pair("Italy", "Rome")),
)
ASSIGN = ClozeQuestion(id="assign", text="In `x = 5`, the name {{x}} is bound to {{5|five}}.")


# --- choice -------------------------------------------------------------------------------------


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


def test_choice_parsed_by_text_or_by_its_shown_number() -> None:
    assert parse_response(FLOOR_DIV, "3.5") == "3.5"
    assert parse_response(FLOOR_DIV, " 3.5 ") == "3.5"
    shown = ["4", "3", "3.5"]
    # A number is a position in the shown list, even when a choice is itself a number.
    assert parse_typed(FLOOR_DIV, "1", shown) == "4"
    assert parse_typed(FLOOR_DIV, "３", shown) == "3.5"
    assert parse_typed(FLOOR_DIV, "3.5", shown) == "3.5"
    with pytest.raises(ResponseError, match="4 is not a number from 1 to 3"):
        parse_typed(FLOOR_DIV, "4", shown)


def test_choice_texts_differing_only_in_case_stay_apart() -> None:
    question = ChoiceQuestion(id="case", choices=("A", "a", "Yes"), answer="a")
    assert parse_response(question, "a") == "a"
    assert parse_response(question, "A") == "A"
    assert parse_typed(question, "yes") == "Yes"
    with pytest.raises(ResponseError, match="matches more than one"):
        parse_response(question, " a ")


# --- multi --------------------------------------------------------------------------------------


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
    with pytest.raises(ResponseError, match="6 is not a number from 1 to 5"):
        parse_typed(LANGUAGES, "1, 6", shown)


def test_multi_typed_choice_holding_a_comma() -> None:
    question = MultiQuestion(id="c", choices=("a, b", "c"), answers=("a, b",))
    assert parse_typed(question, "a, b") == ("a, b",)


# --- truefalse ----------------------------------------------------------------------------------


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


@pytest.mark.parametrize(
    ("typed", "value"),
    [("t", True), ("Y", True), ("yes", True), ("true", True), ("f", False), ("No", False)],
)
def test_truefalse_typed(typed: str, value: bool) -> None:
    assert parse_typed(REBINDING, typed) is value


# --- short --------------------------------------------------------------------------------------


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


def test_short_expected_is_the_first_answer_and_feedback_is_for_foreseen_wrong_answers() -> None:
    wrong = grade(GREETING, " Goodbye  WORLD")
    assert (wrong.correct, wrong.expected, wrong.feedback) == (False, "Hello World", "Other end.")
    assert grade(GREETING, "farewell").feedback is None
    assert grade(GREETING, "hi world").expected == "Hello World"


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


def test_short_regex_correct_response_needs_an_example_that_matches() -> None:
    question = ShortQuestion(id="r", answers=(r"f\(x\)", "f(x)"), match="regex")
    assert correct_response(question) == "f(x)"
    with pytest.raises(ValueError, match="readable example"):
        correct_response(ShortQuestion(id="r", answers=(r"colou?r",), match="regex"))


# --- numeric ------------------------------------------------------------------------------------


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


def test_numeric_correct_response_falls_back_to_the_number() -> None:
    assert correct_response(HALF_KG) == "1/2"
    assert correct_response(NumericQuestion(id="n", answer=0.25, answer_text="π/4")) == "0.25"


# --- order --------------------------------------------------------------------------------------


def test_order_all_or_nothing_with_parts_per_position() -> None:
    assert grade(STEPS, ["write", "test", "commit"]) == Grade(
        1.0, True, "write → test → commit", parts=(True, True, True)
    )
    wrong = grade(STEPS, ["write", "commit", "test"])
    assert (wrong.score, wrong.parts) == (0.0, (True, False, False))
    assert grade(STEPS, ["write"]).parts == (True, False, False)


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


# --- match --------------------------------------------------------------------------------------


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
    with pytest.raises(ResponseError, match="4 is not a number on the left from 1 to 3"):
        parse_typed(CAPITALS, "4=1", shown)
    with pytest.raises(ResponseError, match="left=right"):
        parse_typed(CAPITALS, "1-b", shown)


# --- cloze --------------------------------------------------------------------------------------


def test_cloze_alternatives_partial_credit_and_missing_blanks() -> None:
    assert grade(ASSIGN, ["x", "5"]).correct
    assert grade(ASSIGN, [" X ", "FIVE"]).correct
    half = grade(ASSIGN, ["x", "six"])
    assert (half.score, half.parts) == (0.5, (True, False))
    assert half.expected == "In `x = 5`, the name x is bound to 5."
    assert grade(ASSIGN, ["x"]).parts == (True, False)
    with pytest.raises(ResponseError, match="expected 2 fills, one per blank, but got 3"):
        grade(ASSIGN, ["x", "5", "6"])


def test_cloze_regex_alternatives_are_full_match_patterns() -> None:
    question = ClozeQuestion(id="r", text="{{colou?r}} and {{[0-9]+|many}}", match="regex")
    assert grade(question, ["colour", "42"]).correct
    assert grade(question, ["colors", "many"]).parts == (False, True)


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


def test_messages_show_responses_on_one_safe_line() -> None:
    with pytest.raises(ResponseError) as raised:
        grade(FLOOR_DIV, "\x1b[31mred\nline" + "x" * 100)
    message = str(raised.value)
    assert "\x1b" not in message and "\n" not in message and len(message) < 80


# --- properties ---------------------------------------------------------------------------------

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)
distinct_texts = st.lists(text, min_size=2, max_size=10, unique=True)
# Alternatives of a cloze blank: no braces or bars, and trimmed, as the model keeps them.
blank_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="{}|"),
    max_size=8,
).map(str.strip)
# (pattern, an example it matches) for regex questions.
MODES: tuple[MatchMode, ...] = ("normal", "exact", "regex")
PATTERNS = [r"colou?r", r"[0-9]+", r"[a-z]+ [a-z]+", r"(yes|no)!?", r"x{2,4}"]


@st.composite
def choice_questions(draw: st.DrawFn) -> ChoiceQuestion:
    choices = draw(distinct_texts)
    answer = draw(st.sampled_from(choices))
    replies = draw(st.dictionaries(st.sampled_from(choices), text, max_size=3))
    return ChoiceQuestion(id="q", choices=tuple(choices), answer=answer, feedback=replies)


@st.composite
def multi_questions(draw: st.DrawFn) -> MultiQuestion:
    choices = draw(distinct_texts)
    answers = draw(st.lists(st.sampled_from(choices), min_size=1, unique=True))
    return MultiQuestion(id="q", choices=tuple(choices), answers=tuple(answers))


@st.composite
def short_questions(draw: st.DrawFn) -> ShortQuestion:
    mode = draw(st.sampled_from(MODES))
    if mode == "regex":
        patterns = draw(st.lists(st.sampled_from(PATTERNS), min_size=1, max_size=3, unique=True))
        example = draw(st.from_regex(patterns[0], fullmatch=True))
        return ShortQuestion(id="q", answers=(example, *patterns), match="regex")
    answers = draw(st.lists(text, min_size=1, max_size=3))
    return ShortQuestion(id="q", answers=tuple(answers), match=mode)


@st.composite
def numeric_questions(draw: st.DrawFn) -> NumericQuestion:
    answer = draw(st.fractions(min_value=-1000, max_value=1000, max_denominator=64))
    percent = draw(st.booleans())
    tolerance = draw(st.sampled_from([0.0, 0.5, 2.0]))
    unit = draw(st.sampled_from([None, "kg", "m/s"]))
    return NumericQuestion(
        id="q",
        answer=float(answer),
        answer_text=draw(st.sampled_from(["", str(answer), "about a half"])),
        tolerance=tolerance,
        tolerance_is_percent=percent,
        unit=unit,
    )


@st.composite
def match_questions(draw: st.DrawFn) -> MatchQuestion:
    lefts = draw(distinct_texts)
    rights = draw(st.lists(text, min_size=len(lefts), max_size=len(lefts), unique=True))
    return MatchQuestion(
        id="q", pairs=tuple(Pair(a, b) for a, b in zip(lefts, rights, strict=True))
    )


@st.composite
def cloze_questions(draw: st.DrawFn) -> ClozeQuestion:
    mode = draw(st.sampled_from(MODES))
    # Regex alternatives are patterns: plain words are patterns that match themselves.
    word = st.from_regex(r"[a-z0-9]{1,6}", fullmatch=True) if mode == "regex" else blank_text
    blanks = draw(st.lists(st.lists(word, min_size=1, max_size=3), min_size=1, max_size=5))
    filler = st.text(st.sampled_from("ab .,\n"), max_size=5)
    pieces = [draw(filler)]
    for alternatives in blanks:
        pieces += ["{{" + "|".join(alternatives) + "}}", draw(filler)]
    return ClozeQuestion(id="q", text="".join(pieces), match=mode)


questions: st.SearchStrategy[AnyQuestion] = st.one_of(
    choice_questions(),
    multi_questions(),
    st.builds(TrueFalseQuestion, id=st.just("q"), answer=st.booleans()),
    short_questions(),
    numeric_questions(),
    st.builds(OrderQuestion, id=st.just("q"), items=distinct_texts.map(tuple)),
    match_questions(),
    cloze_questions(),
)


def number_texts() -> st.SearchStrategy[str]:
    """Numbers as a learner types them, in every accepted form."""
    fraction = st.fractions(min_value=-100, max_value=100, max_denominator=20)
    return st.one_of(
        fraction.map(str),
        st.decimals(min_value=-100, max_value=100, places=3).map(str),
        st.integers(-(10**6), 10**6).map(lambda n: f"{n}e-3"),
    )


def any_response(question: AnyQuestion) -> st.SearchStrategy:
    """Responses of the right shape for `question`, right or wrong, known texts or not."""
    match question:
        case ChoiceQuestion():
            return st.sampled_from(question.choices)
        case MultiQuestion():
            return st.lists(st.one_of(st.sampled_from(question.choices), text), max_size=12)
        case TrueFalseQuestion():
            return st.booleans()
        case ShortQuestion():
            return st.one_of(text, st.sampled_from(question.answers))
        case NumericQuestion():
            return st.one_of(number_texts(), st.fractions(), st.floats(-1e6, 1e6))
        case OrderQuestion():
            items = st.sampled_from(question.items)
            return st.one_of(st.permutations(question.items), st.lists(st.one_of(items, text)))
        case MatchQuestion():
            lefts = st.sampled_from([pair.left for pair in question.pairs])
            rights = st.sampled_from([pair.right for pair in question.pairs])
            return st.dictionaries(lefts, st.one_of(rights, text))
        case ClozeQuestion():
            return st.lists(text, max_size=len(question.blanks))
    raise AssertionError(question)


def valid_response(question: AnyQuestion) -> st.SearchStrategy:
    """Responses parse_response accepts back: known texts only, each at most once."""
    match question:
        case MultiQuestion():
            return st.lists(st.sampled_from(question.choices), unique=True).map(tuple)
        case NumericQuestion():
            return number_texts()
        case OrderQuestion():
            return st.permutations(question.items).map(tuple)
        case MatchQuestion():
            rights = [pair.right for pair in question.pairs]
            lefts = st.sampled_from([pair.left for pair in question.pairs])
            return st.dictionaries(lefts, st.sampled_from(rights))
        case ClozeQuestion():
            count = len(question.blanks)
            return st.lists(text, min_size=count, max_size=count).map(tuple)
    return any_response(question)


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
def test_parse_response_reads_back_what_format_response_writes(data: st.DataObject) -> None:
    question = data.draw(questions)
    response = data.draw(valid_response(question))
    assert parse_response(question, format_response(question, response)) == response


@FAST
@given(questions)
def test_correct_response_round_trips_through_the_command_line(question: AnyQuestion) -> None:
    response = correct_response(question)
    assert grade(question, parse_response(question, format_response(question, response))).correct


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


@FAST
@given(st.data())
def test_multi_picks_in_any_order_grade_the_same(data: st.DataObject) -> None:
    question = data.draw(multi_questions())
    assert grade(question, data.draw(st.permutations(question.answers))).correct
    picks = data.draw(st.lists(st.one_of(st.sampled_from(question.choices), text), max_size=8))
    assert grade(question, data.draw(st.permutations(picks))) == grade(question, picks)


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


def test_cloze_blanks_survive_markdown() -> None:
    """Two runs of underscores on a line would pair into Markdown emphasis and hide the blanks."""
    from tutor_tui.core.content import ClozeQuestion

    question = ClozeQuestion(id="c", text="tops give {{3}}, bottoms give {{5}}, so {{3/5}}.")
    shown = question.display_text()
    assert "_" not in shown
    assert [shown.count(f"[{n}]") for n in (1, 2, 3)] == [1, 1, 1]
