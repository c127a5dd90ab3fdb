"""Grading: how right a canonical response is, one grader per question type, and a right one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from tutor_tui.core.content import (
    BLANK,
    AnyQuestion,
    ChoiceQuestion,
    ClozeQuestion,
    Form,
    MatchMode,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    ShortQuestion,
    TrueFalseQuestion,
)
from tutor_tui.core.grading import forms
from tutor_tui.core.grading.matching import capitals_only, matches, matches_any
from tutor_tui.core.grading.numbers import (
    Written,
    format_number,
    is_sign_after,
    is_symbol,
    number_of,
    read_number,
    read_written,
)
from tutor_tui.core.grading.response import (
    Response,
    ResponseError,
    bool_text,
    check_response,
    expect_mapping,
    expect_text,
    expect_texts,
    fill_count_message,
    show,
)

# Slack for the float noise in an author's answer (0.1 is not exactly one tenth), relative to it.
EPSILON = Fraction(1, 10**9)


@dataclass(frozen=True, slots=True)
class Grade:
    """How right a response is, and what to tell the learner about it."""

    # In [0, 1]; partial for multi, match and cloze.
    score: float
    # Whether the score is full marks.
    correct: bool
    # The right answer, said for a learner.
    expected: str
    # The author's reply to this particular response, if they wrote one.
    feedback: str | None = None
    # Which choices, positions, pairs or blanks were right, in the question's own order.
    parts: tuple[bool, ...] = ()


def grade(question: AnyQuestion, response: Response | None) -> Grade:
    """How right `response` is as an answer to `question`; ResponseError if it cannot be read.

    None is "I don't know": a miss, with the right answer to show."""
    if response is None:
        right = grade(question, correct_response(question))
        return Grade(0.0, False, right.expected, None, tuple(False for _ in right.parts))
    check_response(response)
    match question:
        case ChoiceQuestion():
            return _grade_choice(question, response)
        case MultiQuestion():
            return _grade_multi(question, response)
        case TrueFalseQuestion():
            return _grade_truefalse(question, response)
        case ShortQuestion():
            return _grade_short(question, response)
        case NumericQuestion():
            return _grade_numeric(question, response)
        case OrderQuestion():
            return _grade_order(question, response)
        case MatchQuestion():
            return _grade_match(question, response)
        case ClozeQuestion():
            return _grade_cloze(question, response)
    raise TypeError(f"no grader for {type(question).__name__}")


def _graded(
    score: float, expected: str, feedback: str | None = None, parts: tuple[bool, ...] = ()
) -> Grade:
    score = min(1.0, max(0.0, float(score)))
    return Grade(score, score == 1.0, expected, feedback, parts)


def _grade_choice(question: ChoiceQuestion, response: Response) -> Grade:
    pick = expect_text(response, "a choice")
    if pick not in question.choices:
        raise ResponseError(f"{show(pick)} is not one of the choices")
    score = 1.0 if pick == question.answer else 0.0
    return _graded(score, question.answer, question.feedback.get(pick))


def _grade_multi(question: MultiQuestion, response: Response) -> Grade:
    answers = set(question.answers)
    picked: set[str] = set()
    right = wrong = 0
    for pick in expect_texts(response, "choices"):
        # Picking a choice twice, or a text that is no choice, is a wrong pick: it must cost
        # something, or listing every choice twice would be a way to guess.
        if pick in answers and pick not in picked:
            right += 1
        else:
            wrong += 1
        picked.add(pick)
    parts = tuple((choice in picked) == (choice in answers) for choice in question.choices)
    score = max(0.0, (right - wrong) / len(answers))
    return _graded(score, ", ".join(question.answers), parts=parts)


def _grade_truefalse(question: TrueFalseQuestion, response: Response) -> Grade:
    if not isinstance(response, bool):
        raise ResponseError("expected true or false")
    return _graded(1.0 if response == question.answer else 0.0, bool_text(question.answer))


def _grade_short(question: ShortQuestion, response: Response) -> Grade:
    text = expect_text(response, "an answer")
    if question.match == "value":
        return _grade_value(question, text)
    if matches_any(question.match, question.answers, text):
        return _graded(1.0, question.answers[0])
    # Feedback is for foreseen wrong answers only: a broad pattern such as `.*` must not
    # comment on a right one.
    replies = question.feedback.items()
    feedback = next(
        (reply for wrong, reply in replies if matches(question.match, wrong, text)), None
    )
    if feedback is None and capitals_only(question.match, question.answers, text):
        feedback = CHECK_THE_CAPITALS
    return _graded(0.0, question.answers[0], feedback)


# Said when an answer is wrong by its capital letters alone, where they count.
CHECK_THE_CAPITALS = "Check the capitals: this answer is right but for capital letters."


def _grade_value(question: ShortQuestion, text: str) -> Grade:
    typed = forms.quantity_or_none(text)
    if typed is not None and _accepts_value(question.answers, typed, question.form):
        return _graded(1.0, question.answers[0])
    feedback = _feedback_for(question.feedback, text)
    if feedback is None and typed is not None:
        feedback = _form_feedback(question.answers, typed, question.form, text)
    return _graded(0.0, question.answers[0], feedback)


def _accepts_value(answers: Sequence[str], typed: tuple[Written, ...], form: Form | None) -> bool:
    keys = (forms.quantity_or_none(answer) for answer in answers)
    return forms.fits(typed, form) and any(
        key is not None and forms.agrees(typed, key) for key in keys
    )


def _feedback_for(feedback: Mapping[str, str], text: str) -> str | None:
    # Keys are numbers as the author wrote them: `45/60` replies to `45 / 60` too.
    wanted = forms.spelling(text)
    return next(
        (reply for wrong, reply in feedback.items() if forms.spelling(wrong) == wanted), None
    )


def _form_feedback(
    answers: Sequence[str], typed: tuple[Written, ...], form: Form | None, text: str
) -> str | None:
    # The right value in the wrong form is worth saying so, where the author foresaw nothing.
    keys = [forms.quantity_or_none(answer) for answer in answers]
    values = {tuple(part.value for part in key) for key in keys if key is not None}
    if tuple(part.value for part in typed) not in values:
        return None
    if form is not None and not forms.fits(typed, form):
        return _wrong_form(text, forms.FORM_WORDS[form])
    return _wrong_form(text, f"written like {answers[0]}")


def _wrong_form(text: str, wanted: str) -> str:
    return f"{text.strip()} has the right value, but the answer should be {wanted}."


def _grade_numeric(question: NumericQuestion, response: Response) -> Grade:
    expected = _numeric_expected(question)
    if isinstance(response, str):
        written = read_written(response, question.spellings)
        value = written.value
        in_form = question.form is None or forms.fits((written,), question.form)
    else:
        value = number_of(response, None)
        in_form = question.form is None
    if in_form and _within(question, value):
        return _graded(1.0, expected)
    feedback = _feedback_for(question.feedback, response) if isinstance(response, str) else None
    if feedback is None and question.form is not None and _within(question, value):
        feedback = _wrong_form(str(response), forms.FORM_WORDS[question.form])
    return _graded(0.0, expected, feedback)


def _within(question: NumericQuestion, value: Fraction) -> bool:
    # The author's text read exactly: `10/3` is ten thirds, not a float near them.
    exact = read_number(question.answer_text) if question.answer_text else None
    answer = Fraction(question.answer) if exact is None else exact
    allowed = Fraction(question.allowed_error())
    if exact is None:
        # Slack for the float noise of an answer known only as a float (0.1 is not one tenth).
        allowed += EPSILON * max(Fraction(1), abs(answer))
    return abs(value - answer) <= allowed


def _grade_order(question: OrderQuestion, response: Response) -> Grade:
    order = expect_texts(response, "items", ordered=True)
    parts = tuple(i < len(order) and order[i] == item for i, item in enumerate(question.items))
    score = 1.0 if tuple(order) == question.items else 0.0
    return _graded(score, " → ".join(question.items), parts=parts)


def _grade_match(question: MatchQuestion, response: Response) -> Grade:
    matched = expect_mapping(response)
    lefts = {pair.left for pair in question.pairs}
    for left in matched:
        if left not in lefts:
            raise ResponseError(f"{show(left)} is not one of the items on the left")
    if not question.reuse:
        taken: set[str] = set()
        for right in matched.values():
            if right in taken:
                raise ResponseError(
                    f"{show(right)} is paired with two items; each goes with one item only"
                )
            taken.add(right)
    parts = tuple(matched.get(pair.left) == pair.right for pair in question.pairs)
    expected = "; ".join(f"{pair.left} → {pair.right}" for pair in question.pairs)
    return _graded(_share(parts), expected, parts=parts)


def _grade_cloze(question: ClozeQuestion, response: Response) -> Grade:
    fills = expect_texts(response, "fills", ordered=True)
    blanks = question.blanks
    if len(fills) > len(blanks):
        raise ResponseError(fill_count_message(len(blanks), len(fills)))
    # A blank left without a fill is simply wrong: the learner may give up on one of several.
    parts = tuple(
        i < len(fills) and _fill_right(question, accepted, fills[i])
        for i, accepted in enumerate(blanks)
    )
    slips = [
        i < len(fills) and not right and capitals_only(question.match, blanks[i], fills[i])
        for i, right in enumerate(parts)
    ]
    feedback = CHECK_THE_CAPITALS if any(slips) else None
    return _graded(_share(parts), _cloze_expected(question), feedback, parts=parts)


def _fill_right(question: ClozeQuestion, accepted: Sequence[str], fill: str) -> bool:
    if question.match == "value":
        typed = forms.quantity_or_none(fill)
        return typed is not None and _accepts_value(accepted, typed, question.form)
    return matches_any(question.match, accepted, fill)


def _share(parts: tuple[bool, ...]) -> float:
    return sum(parts) / len(parts) if parts else 0.0


def _numeric_expected(question: NumericQuestion) -> str:
    said = question.answer_text or format_number(question.answer)
    if question.unit and is_symbol(question.unit):
        said = f"-{question.unit}{said[1:]}" if said.startswith("-") else question.unit + said
    elif question.unit and is_sign_after(question.unit):
        said += question.unit
    elif question.unit:
        said += f" {question.unit}"
    if question.tolerance > 0:
        percent = "%" if question.tolerance_is_percent else ""
        said += f" ± {format_number(question.tolerance)}{percent}"
    return said


def _cloze_expected(question: ClozeQuestion) -> str:
    firsts = iter(accepted[0] for accepted in question.blanks)
    return BLANK.sub(lambda _blank: next(firsts), question.text)


def correct_response(question: AnyQuestion) -> Response:
    """A canonical response that grades fully right: for tests, simulations and showing answers."""
    match question:
        case ChoiceQuestion() | TrueFalseQuestion():
            return question.answer
        case MultiQuestion():
            return tuple(question.answers)
        case ShortQuestion():
            return _example(question.id, question.match, question.answers)
        case NumericQuestion():
            return _numeric_example(question)
        case OrderQuestion():
            return question.items
        case MatchQuestion():
            return {pair.left: pair.right for pair in question.pairs}
        case ClozeQuestion():
            return tuple(_example(question.id, question.match, alts) for alts in question.blanks)
    raise TypeError(f"no grader for {type(question).__name__}")


def _example(question_id: str, mode: MatchMode, accepted: Sequence[str]) -> str:
    if mode != "regex":
        return accepted[0]
    # In regex mode the accepted answers are patterns; authors put a readable example first,
    # and the first one that some pattern matches is the example.
    for candidate in accepted:
        if matches_any(mode, accepted, candidate):
            return candidate
    raise ValueError(
        f"question {question_id}: no answer is matched by its own patterns; "
        "put a readable example of a right answer first"
    )


def _numeric_example(question: NumericQuestion) -> str:
    if question.answer_text:
        try:
            if grade(question, question.answer_text).correct:
                return question.answer_text
        except ResponseError:
            pass  # the author's text is for showing, like "π/4"; the number itself will do
    return format_number(question.answer)
