"""How right a learner's response to a question is: one grader per question type.

`grade(question, response)` takes a response in its canonical form and returns a `Grade`:

| type        | canonical response                                      |
| ----------- | ------------------------------------------------------- |
| `choice`    | the text of the picked choice                           |
| `multi`     | a collection of picked choice texts                     |
| `truefalse` | a `bool`                                                |
| `short`     | the text as typed                                       |
| `numeric`   | the text as typed, or an `int`, `float` or `Fraction`   |
| `order`     | a sequence of the item texts, in the learner's order    |
| `match`     | a mapping from left text to right text                  |
| `cloze`     | a sequence of fills, one per blank                      |

The shells read what a person typed into that form first: `parse_response` reads the command
line's encoding (JSON for lists and maps; `format_response` writes it), `parse_typed` the
friendlier forms of the line-based study mode. Whatever cannot be read raises `ResponseError`,
whose message is written for the learner. Everything here is pure: no I/O and no state.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TypeAlias

from tutor_tui.core.content import (
    BLANK,
    AnyQuestion,
    ChoiceQuestion,
    ClozeQuestion,
    MatchMode,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    ShortQuestion,
    TrueFalseQuestion,
)
from tutor_tui.core.errors import TutorError

__all__ = [
    "Grade",
    "Response",
    "ResponseError",
    "correct_response",
    "format_response",
    "grade",
    "parse_response",
    "parse_typed",
    "read_number",
]

Response: TypeAlias = (
    str | bool | int | float | Fraction | Decimal | Collection[str] | Mapping[str, str]
)

# No real answer is longer; a hostile regex can take exponential time on long text, and a number
# this long could make int() refuse it.
MAX_RESPONSE = 1_000
# Exponents beyond this are far outside any float an author can write, and 10**huge is slow.
MAX_EXPONENT = 1_000
# Slack for the float noise in an author's answer (0.1 is not exactly one tenth), relative to it.
EPSILON = Fraction(1, 10**9)

_NOT_A_NUMBER = "is not a number: type digits, like 3, 0.5 or 1/2"
_MULTI_JSON = 'expected a JSON array of choices, like ["a", "b"]'
_ORDER_JSON = 'expected a JSON array of the items in order, like ["a", "b"]'
_CLOZE_JSON = 'expected a JSON array with one fill per blank, like ["a", "b"]'
_MATCH_JSON = 'expected a JSON object from each left item to its right, like {"a": "1"}'

# A number as a learner types it, after NFKC. The alternatives are tried in order, so `1 1/2` is
# read as a mixed number before `1` could be read as a decimal followed by junk.
_NUMBER = re.compile(
    r"""
    \s*(?P<sign>[+-]?)
    (?:
        (?P<whole>[0-9]+)\s+(?P<num>[0-9]+)\s*/\s*(?P<den>[0-9]+)      # mixed: 1 1/2
      | (?P<fnum>[0-9]+)\s*/\s*(?P<fden>[0-9]+)                       # fraction: 3/4
      | (?P<dec>(?:[0-9]+\.?[0-9]*|\.[0-9]+))(?:[eE](?P<exp>[+-]?[0-9]+))?  # 0.5, .5, 5e-1
    )
    """,
    re.VERBOSE,
)
_NUMBER_LIST = re.compile(r"[0-9]+(?:[\s,]+[0-9]+)*")
_PAIR = re.compile(r"([0-9]+)\s*=\s*([0-9]+)")
_PAIR_LIST = re.compile(r"[0-9]+\s*=\s*[0-9]+(?:[\s,]+[0-9]+\s*=\s*[0-9]+)*")
_TRUE_WORDS = frozenset({"t", "true", "y", "yes"})
_FALSE_WORDS = frozenset({"f", "false", "n", "no"})


class ResponseError(TutorError, ValueError):
    """A response that cannot be read for its question's type; the message is for the learner."""


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


# --- grading ------------------------------------------------------------------------------------


def grade(question: AnyQuestion, response: Response) -> Grade:
    """How right `response` is as an answer to `question`; ResponseError if it cannot be read."""
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
    pick = _expect_text(response, "a choice")
    if pick not in question.choices:
        raise ResponseError(f"{_show(pick)} is not one of the choices")
    score = 1.0 if pick == question.answer else 0.0
    return _graded(score, question.answer, question.feedback.get(pick))


def _grade_multi(question: MultiQuestion, response: Response) -> Grade:
    answers = set(question.answers)
    picked: set[str] = set()
    right = wrong = 0
    for pick in _expect_texts(response, "choices"):
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
    return _graded(1.0 if response == question.answer else 0.0, _bool_text(question.answer))


def _grade_short(question: ShortQuestion, response: Response) -> Grade:
    text = _expect_text(response, "an answer")
    if _matches_any(question.match, question.answers, text):
        return _graded(1.0, question.answers[0])
    # Feedback is for foreseen wrong answers only: a broad pattern such as `.*` must not
    # comment on a right one.
    replies = question.feedback.items()
    feedback = next(
        (reply for wrong, reply in replies if _matches(question.match, wrong, text)), None
    )
    return _graded(0.0, question.answers[0], feedback)


def _grade_numeric(question: NumericQuestion, response: Response) -> Grade:
    value = _read_number(response, question.unit)
    answer = Fraction(question.answer)
    allowed = Fraction(question.allowed_error()) + EPSILON * max(Fraction(1), abs(answer))
    score = 1.0 if abs(value - answer) <= allowed else 0.0
    return _graded(score, _numeric_expected(question))


def _grade_order(question: OrderQuestion, response: Response) -> Grade:
    order = _expect_texts(response, "items", ordered=True)
    parts = tuple(i < len(order) and order[i] == item for i, item in enumerate(question.items))
    score = 1.0 if tuple(order) == question.items else 0.0
    return _graded(score, " → ".join(question.items), parts=parts)


def _grade_match(question: MatchQuestion, response: Response) -> Grade:
    matched = _expect_mapping(response)
    lefts = {pair.left for pair in question.pairs}
    for left in matched:
        if left not in lefts:
            raise ResponseError(f"{_show(left)} is not one of the items on the left")
    parts = tuple(matched.get(pair.left) == pair.right for pair in question.pairs)
    expected = "; ".join(f"{pair.left} → {pair.right}" for pair in question.pairs)
    return _graded(_share(parts), expected, parts=parts)


def _grade_cloze(question: ClozeQuestion, response: Response) -> Grade:
    fills = _expect_texts(response, "fills", ordered=True)
    blanks = question.blanks
    if len(fills) > len(blanks):
        raise ResponseError(_fill_count_message(len(blanks), len(fills)))
    # A blank left without a fill is simply wrong: the learner may give up on one of several.
    parts = tuple(
        i < len(fills) and _matches_any(question.match, accepted, fills[i])
        for i, accepted in enumerate(blanks)
    )
    return _graded(_share(parts), _cloze_expected(question), parts=parts)


def _share(parts: tuple[bool, ...]) -> float:
    return sum(parts) / len(parts) if parts else 0.0


# --- matching text ------------------------------------------------------------------------------


def _normal(text: str) -> str:
    # NFKC again after case folding, because folding can undo the normal form (the order the
    # Unicode standard gives for caseless matching).
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return " ".join(folded.split())


def _without_newline(text: str) -> str:
    # A terminal or a YAML block scalar leaves one; it is not part of what was meant.
    if text.endswith("\r\n"):
        return text[:-2]
    return text.removesuffix("\n")


def _matches(mode: MatchMode, accepted: str, text: str) -> bool:
    if mode == "exact":
        return _without_newline(text) == _without_newline(accepted)
    if mode == "regex":
        trimmed = text.strip()
        # Longer text never matches: cutting it short could make a wrong answer right.
        return len(trimmed) <= MAX_RESPONSE and re.fullmatch(accepted, trimmed) is not None
    return _normal(text) == _normal(accepted)


def _matches_any(mode: MatchMode, accepted: Iterable[str], text: str) -> bool:
    return any(_matches(mode, one, text) for one in accepted)


# --- numbers ------------------------------------------------------------------------------------


def _read_number(response: Response, unit: str | None) -> Fraction:
    # bool is an int to Python, but True is no answer to "how many?".
    if isinstance(response, bool):
        raise ResponseError("expected a number")
    if isinstance(response, str):
        return _parse_number(response, unit)
    if isinstance(response, int | Fraction):
        return Fraction(response)
    if isinstance(response, float | Decimal):
        if not math.isfinite(response):
            raise ResponseError(f"{_show(str(response))} {_NOT_A_NUMBER}")
        return Fraction(response)
    raise ResponseError("expected a number")


def read_number(text: str) -> Fraction | None:
    """The exact value of `text` read as a learner's number (`1/2`, `.5`, `1 1/2`), or None.

    The loader reads authors' numeric answers with it too, so that whatever an author may write
    as an answer, a learner may type.
    """
    try:
        return _parse_number(text, None)
    except ResponseError:
        return None


def _parse_number(text: str, unit: str | None) -> Fraction:
    if len(text) > MAX_RESPONSE:
        raise ResponseError(f"{_show(text)} is too long to be a number")
    # NFKC reads full-width digits; U+2212 is the minus sign that word processors type.
    cleaned = unicodedata.normalize("NFKC", text).replace("\u2212", "-")
    found = _NUMBER.match(cleaned)
    if found is None:
        raise ResponseError(f"{_show(text)} {_NOT_A_NUMBER}")
    rest = cleaned[found.end() :].strip()
    if rest and (unit is None or _normal(rest) != _normal(unit)):
        # What follows a number is a unit only if it could not be more of the number (`1.2.3`).
        if rest[0] in "0123456789.,/+-":
            raise ResponseError(f"{_show(text)} {_NOT_A_NUMBER}")
        if unit is None:
            raise ResponseError(f"{_show(text)}: type the number alone, without a unit")
        raise ResponseError(f"{_show(text)} has the wrong unit: answer in {unit}")
    value = _number_value(found, text)
    return -value if found["sign"] == "-" else value


def _number_value(found: re.Match[str], text: str) -> Fraction:
    if found["whole"] is not None:
        return int(found["whole"]) + _ratio(found["num"], found["den"], text)
    if found["fnum"] is not None:
        return _ratio(found["fnum"], found["fden"], text)
    exponent = int(found["exp"] or 0)
    if abs(exponent) > MAX_EXPONENT:
        raise ResponseError(f"{_show(text)} is too large or too small a number")
    return Fraction(found["dec"]) * Fraction(10) ** exponent


def _ratio(numerator: str, denominator: str, text: str) -> Fraction:
    if int(denominator) == 0:
        raise ResponseError(f"{_show(text)} divides by zero")
    return Fraction(int(numerator), int(denominator))


def _format_number(value: float) -> str:
    # 3.0 reads better as 3; repr gives the shortest text that reads back as the same float.
    # An int may stand in a float field, as Python allows, so it is made a float first.
    value = float(value)
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def _numeric_expected(question: NumericQuestion) -> str:
    said = question.answer_text or _format_number(question.answer)
    if question.unit:
        said += f" {question.unit}"
    if question.tolerance > 0:
        percent = "%" if question.tolerance_is_percent else ""
        said += f" ± {_format_number(question.tolerance)}{percent}"
    return said


# --- what the answer looks like -----------------------------------------------------------------


def _bool_text(value: bool) -> str:
    return "true" if value else "false"


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
    # In regex mode the accepted answers are patterns; authors put a readable example first,
    # and the first one that some pattern matches is the example.
    for candidate in accepted:
        if _matches_any(mode, accepted, candidate):
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
    return _format_number(question.answer)


# --- reading the command line's encoding --------------------------------------------------------


def parse_response(question: AnyQuestion, text: str) -> Response:
    """Read a response in the command line's encoding; ResponseError if it cannot be read."""
    match question:
        case ChoiceQuestion():
            return _resolve(question.choices, text, "choices")
        case MultiQuestion():
            names = _json_texts(text, _MULTI_JSON)
            return _distinct([_resolve(question.choices, name, "choices") for name in names])
        case TrueFalseQuestion():
            return _read_bool(text, {"true"}, {"false"})
        case ShortQuestion():
            return text
        case NumericQuestion():
            _parse_number(text, question.unit)
            return text
        case OrderQuestion():
            names = _json_texts(text, _ORDER_JSON)
            return _each_once(question.items, [_resolve(question.items, n, "items") for n in names])
        case MatchQuestion():
            return _match_from_json(question, text)
        case ClozeQuestion():
            return _fills(question, _json_texts(text, _CLOZE_JSON))
    raise TypeError(f"no grader for {type(question).__name__}")


def format_response(question: AnyQuestion, response: Response) -> str:
    """Write a canonical response in the command line's encoding, which parse_response reads."""
    match question:
        case MultiQuestion() | OrderQuestion() | ClozeQuestion():
            ordered = not isinstance(question, MultiQuestion)
            return json.dumps(_expect_texts(response, "texts", ordered=ordered), ensure_ascii=False)
        case MatchQuestion():
            return json.dumps(dict(_expect_mapping(response)), ensure_ascii=False)
        case TrueFalseQuestion():
            if not isinstance(response, bool):
                raise ResponseError("expected true or false")
            return _bool_text(response)
        case NumericQuestion() if not isinstance(response, str):
            value = _read_number(response, None)
            if isinstance(response, float):
                return repr(response)
            return str(value.numerator) if value.denominator == 1 else str(value)
    return _expect_text(response, "text")


def _json_texts(text: str, message: str) -> list[str]:
    value = _load_json(text, message)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ResponseError(message)
    return value


def _load_json(text: str, message: str) -> object:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        # RecursionError: thousands of nested brackets.
        raise ResponseError(message) from None


def _resolve(options: Sequence[str], text: str, what: str, hint: str = "") -> str:
    # The exact text first, so that `A` and `a` can both be choices; else the one option that
    # matches normally, so that a person need not type the case and spacing exactly.
    if text in options:
        return text
    wanted = _normal(text)
    found = [option for option in options if _normal(option) == wanted]
    if len(found) == 1:
        return found[0]
    problem = "matches more than one of" if found else "is not one of"
    raise ResponseError(f"{_show(text)} {problem} the {what}{hint}")


def _distinct(picks: list[str]) -> tuple[str, ...]:
    # Graded, a repeated pick costs a point; read from a person it is a slip of the keyboard.
    seen: set[str] = set()
    for pick in picks:
        if pick in seen:
            raise ResponseError(f"{_show(pick)} is picked twice")
        seen.add(pick)
    return tuple(picks)


def _each_once(items: Sequence[str], order: list[str]) -> tuple[str, ...]:
    if len(order) != len(items) or set(order) != set(items):
        raise ResponseError(f"list each of the {len(items)} items once")
    return tuple(order)


def _read_bool(text: str, true: Collection[str], false: Collection[str], hint: str = "") -> bool:
    word = text.strip().casefold()
    if word in true:
        return True
    if word in false:
        return False
    raise ResponseError(f"{_show(text)} is not true or false{hint}")


def _match_from_json(question: MatchQuestion, text: str) -> dict[str, str]:
    value = _load_json(text, _MATCH_JSON)
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ResponseError(_MATCH_JSON)
    lefts = [pair.left for pair in question.pairs]
    rights = [pair.right for pair in question.pairs]
    return {
        _resolve(lefts, left, "items on the left"): _resolve(rights, right, "items on the right")
        for left, right in value.items()
    }


def _fills(question: ClozeQuestion, fills: list[str]) -> tuple[str, ...]:
    if len(fills) != len(question.blanks):
        raise ResponseError(_fill_count_message(len(question.blanks), len(fills)))
    return tuple(fills)


def _fill_count_message(blanks: int, fills: int) -> str:
    return f"expected {blanks} fill{'s' if blanks != 1 else ''}, one per blank, but got {fills}"


# --- reading what a learner types in the study mode ---------------------------------------------


def parse_typed(question: AnyQuestion, text: str, shown: Sequence[str] | None = None) -> Response:
    """Read a response typed in the study mode; ResponseError if it cannot be read.

    `shown` is the order in which the choices (choice, multi), the items (order) or the right
    items (match) were displayed; numbers typed refer to it, counting from 1. It defaults to the
    pack's order, which for order and match questions gives the answer away: pass it.
    """
    if not text.strip():
        raise ResponseError("type an answer")
    match question:
        case ChoiceQuestion():
            return _typed_choice(question, text, shown or question.choices)
        case MultiQuestion():
            return _typed_multi(question, text, shown or question.choices)
        case TrueFalseQuestion():
            return _read_bool(text, _TRUE_WORDS, _FALSE_WORDS, ": type t or f")
        case ShortQuestion() | NumericQuestion():
            return parse_response(question, text)
        case OrderQuestion():
            return _typed_order(question, text, shown or question.items)
        case MatchQuestion():
            return _typed_match(question, text, shown or [pair.right for pair in question.pairs])
        case ClozeQuestion():
            return _typed_cloze(question, text)
    raise TypeError(f"no grader for {type(question).__name__}")


def _typed_choice(question: ChoiceQuestion, text: str, shown: Sequence[str]) -> str:
    # A number is always a position: the study mode shows choices numbered, and a choice that is
    # itself a number (`7 // 2` → "3") would otherwise mean two things.
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if re.fullmatch(r"[0-9]+", cleaned):
        return _position(cleaned, shown)
    return _resolve(question.choices, text, "choices", f": type its number, 1 to {len(shown)}")


def _typed_multi(question: MultiQuestion, text: str, shown: Sequence[str]) -> tuple[str, ...]:
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if _NUMBER_LIST.fullmatch(cleaned):
        return _distinct([_position(n, shown) for n in re.findall(r"[0-9]+", cleaned)])
    hint = f": type their numbers, like 1,3 (1 to {len(shown)})"
    return _distinct(_typed_names(question.choices, text, "choices", hint))


def _typed_order(question: OrderQuestion, text: str, shown: Sequence[str]) -> tuple[str, ...]:
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if _NUMBER_LIST.fullmatch(cleaned):
        order = [_position(n, shown) for n in re.findall(r"[0-9]+", cleaned)]
    else:
        hint = ": type the numbers of the items in order, like 3 1 2"
        order = _typed_names(question.items, text, "items", hint)
    return _each_once(question.items, order)


def _typed_names(options: Sequence[str], text: str, what: str, hint: str) -> list[str]:
    listed = _json_texts_or_none(text)
    if listed is not None:
        return [_resolve(options, name, what, hint) for name in listed]
    try:
        # The whole text first: a choice may itself hold a comma.
        return [_resolve(options, text, what, hint)]
    except ResponseError:
        pass
    parts = [part for part in text.split(",") if part.strip()]
    return [_resolve(options, part, what, hint) for part in parts]


def _typed_match(question: MatchQuestion, text: str, shown: Sequence[str]) -> dict[str, str]:
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if cleaned.startswith("{"):
        return _match_from_json(question, text)
    if not _PAIR_LIST.fullmatch(cleaned):
        raise ResponseError("type pairs of numbers, left=right, like 1=2, 2=1")
    lefts = [pair.left for pair in question.pairs]
    matched: dict[str, str] = {}
    for left_number, right_number in _PAIR.findall(cleaned):
        left = _position(left_number, lefts, "on the left ")
        if left in matched:
            raise ResponseError(f"item {int(left_number)} on the left is matched twice")
        matched[left] = _position(right_number, shown, "on the right ")
    return matched


def _typed_cloze(question: ClozeQuestion, text: str) -> tuple[str, ...]:
    listed = _json_texts_or_none(text)
    if listed is None:
        # With one blank a `;` is part of the fill, not a separator.
        pieces = [text] if len(question.blanks) == 1 else text.split(";")
        listed = [piece.strip() for piece in pieces]
    if len(listed) != len(question.blanks):
        count = _fill_count_message(len(question.blanks), len(listed))
        raise ResponseError(f"{count}: separate them with ;, like a; b")
    return tuple(listed)


def _json_texts_or_none(text: str) -> list[str] | None:
    # Only a JSON array of strings counts: `[1, 2]` is a fine answer to "make a list in Python".
    if not text.lstrip().startswith("["):
        return None
    try:
        return _json_texts(text, "")
    except ResponseError:
        return None


def _position(number: str, shown: Sequence[str], where: str = "") -> str:
    index = int(number)
    if not 1 <= index <= len(shown):
        raise ResponseError(f"{index} is not a number {where}from 1 to {len(shown)}")
    return shown[index - 1]


# --- checking the shape of a canonical response -------------------------------------------------


def _expect_text(response: Response, what: str) -> str:
    if not isinstance(response, str):
        raise ResponseError(f"expected {what} as text")
    return response


def _expect_texts(response: Response, what: str, ordered: bool = False) -> list[str]:
    # A bare string is a collection of characters: accepting one would grade letters as picks.
    kind = Sequence if ordered else Collection
    if isinstance(response, str | bytes | Mapping) or not isinstance(response, kind):
        raise ResponseError(f"expected a list of {what}")
    texts = list(response)
    if not all(isinstance(text, str) for text in texts):
        raise ResponseError(f"expected a list of {what}, each as text")
    return texts


def _expect_mapping(response: Response) -> Mapping[str, str]:
    if not isinstance(response, Mapping) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in response.items()
    ):
        raise ResponseError("expected each item on the left with its item on the right")
    return response


def _show(text: str) -> str:
    # A response is shown back in a one-line message: control characters could drive the
    # terminal, and a pasted page would drown the message.
    flat = "".join(ch if ch.isprintable() else " " for ch in text[:41])
    if len(text) > 40:
        flat = flat[:39] + "…"
    return f"'{flat}'"
