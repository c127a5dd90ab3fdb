"""Reading what a person typed into a canonical response, and writing one back.

`parse_response` reads the command line's encoding (JSON for lists and maps; `format_response`
writes it), `parse_typed` the friendlier forms of the line-based study mode.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection, Sequence

from tutor_tui.core.content import (
    AnyQuestion,
    ChoiceQuestion,
    ClozeQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    ShortQuestion,
    TrueFalseQuestion,
)
from tutor_tui.core.grading.matching import normal
from tutor_tui.core.grading.numbers import number_of, parse_number
from tutor_tui.core.grading.response import (
    Response,
    ResponseError,
    bool_text,
    expect_mapping,
    expect_text,
    expect_texts,
    fill_count_message,
    show,
)

_MULTI_JSON = 'expected a JSON array of choices, like ["a", "b"]'

_ORDER_JSON = 'expected a JSON array of the items in order, like ["a", "b"]'

_CLOZE_JSON = 'expected a JSON array with one fill per blank, like ["a", "b"]'

_MATCH_JSON = 'expected a JSON object from each left item to its right, like {"a": "1"}'

_NUMBER_LIST = re.compile(r"[0-9]+(?:[\s,]+[0-9]+)*")

_PAIR = re.compile(r"([0-9]+)\s*=\s*([0-9]+)")

_PAIR_LIST = re.compile(r"[0-9]+\s*=\s*[0-9]+(?:[\s,]+[0-9]+\s*=\s*[0-9]+)*")

_TRUE_WORDS = frozenset({"t", "true", "y", "yes"})

_FALSE_WORDS = frozenset({"f", "false", "n", "no"})


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
            parse_number(text, question.spellings)
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
            return json.dumps(expect_texts(response, "texts", ordered=ordered), ensure_ascii=False)
        case MatchQuestion():
            return json.dumps(dict(expect_mapping(response)), ensure_ascii=False)
        case TrueFalseQuestion():
            if not isinstance(response, bool):
                raise ResponseError("expected true or false")
            return bool_text(response)
        case NumericQuestion() if not isinstance(response, str):
            value = number_of(response, None)
            if isinstance(response, float):
                return repr(response)
            return str(value.numerator) if value.denominator == 1 else str(value)
    return expect_text(response, "text")


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
    wanted = normal(text)
    found = [option for option in options if normal(option) == wanted]
    if len(found) == 1:
        return found[0]
    problem = "matches more than one of" if found else "is not one of"
    raise ResponseError(f"{show(text)} {problem} the {what}{hint}")


def _distinct(picks: list[str]) -> tuple[str, ...]:
    # Graded, a repeated pick costs a point; read from a person it is a slip of the keyboard.
    seen: set[str] = set()
    for pick in picks:
        if pick in seen:
            raise ResponseError(f"{show(pick)} is picked twice")
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
    raise ResponseError(f"{show(text)} is not true or false{hint}")


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
        raise ResponseError(fill_count_message(len(question.blanks), len(fills)))
    return tuple(fills)


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
    if cleaned.isdecimal():
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
            raise ResponseError(f"item {left_number.lstrip('0')} on the left is matched twice")
        matched[left] = _position(right_number, shown, "on the right ")
    return matched


def _typed_cloze(question: ClozeQuestion, text: str) -> tuple[str, ...]:
    listed = _json_texts_or_none(text)
    if listed is None:
        # With one blank a `;` is part of the fill, not a separator.
        pieces = [text] if len(question.blanks) == 1 else text.split(";")
        listed = [piece.strip() for piece in pieces]
    if len(listed) != len(question.blanks):
        count = fill_count_message(len(question.blanks), len(listed))
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
    # int() refuses more than 4,300 digits, leading zeros included, and no list is a billion
    # long: a number with more digits than that is out of range, not a reason to fail.
    digits = number.lstrip("0")
    index = int(digits) if 0 < len(digits) <= 9 else 0
    if not 1 <= index <= len(shown):
        raise ResponseError(f"{show(number)} is not a number {where}from 1 to {len(shown)}")
    return shown[index - 1]
