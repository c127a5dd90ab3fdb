"""Keys graded by value: numbers and ratios, with any spacing, and the form a key may ask for.

In the `value` match mode an accepted answer is a number (`3/4`, `2 1/2`, `0.75`, `12`) or a ratio
(`3:5`, `2:3:5`). A typed answer is right when it has the same value, written the same way (a
fraction for a fraction, a mixed number for a mixed number, a whole number for a whole number), with
any spacing: `3 / 4` is `3/4` and `2: 3: 5` is `2:3:5`. A `form` adds a check where the form is
the point of the question: `simplest`, `mixed`, `fraction` or `integer` (see `fits`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fractions import Fraction
from math import gcd

from tutor_tui.core.content import Form
from tutor_tui.core.grading.numbers import Written, read_written
from tutor_tui.core.grading.response import ResponseError

# What each form asks for, as said to a learner whose value is right but whose form is not.
FORM_WORDS: dict[str, str] = {
    "integer": "a whole number",
    "fraction": "a fraction or a mixed number",
    "simplest": "in its simplest form",
    "mixed": "a mixed number in its simplest form",
}

# The ratio sign, and the one Unicode sets apart for it.
_RATIO_SIGNS = (":", "\u2236")
# A ratio said in words: `3 to 5`.
_RATIO_WORD = re.compile(r"(?<=[0-9])\s+to\s+(?=[0-9])", re.IGNORECASE)


def read_quantity(text: str) -> tuple[Written, ...]:
    """A number or a ratio as typed (`3:5`, `3 to 5`), part by part; ResponseError if neither."""
    for sign in _RATIO_SIGNS[1:]:
        text = text.replace(sign, _RATIO_SIGNS[0])
    text = _RATIO_WORD.sub(_RATIO_SIGNS[0], text)
    parts = tuple(read_written(part) for part in text.split(_RATIO_SIGNS[0]))
    if len(parts) > 1 and any(part.value < 0 for part in parts):
        raise ResponseError("a ratio has no negative parts")
    return parts


def quantity_or_none(text: str) -> tuple[Written, ...] | None:
    """`read_quantity`, or None for text that is neither a number nor a ratio."""
    try:
        return read_quantity(text)
    except ResponseError:
        return None


def spelling(text: str) -> str:
    """Text written one way whatever its spacing, if it is a number or ratio; else as it is."""
    parts = quantity_or_none(text)
    if parts is None:
        return text.strip()
    return ":".join(part.spelling() for part in parts)


def agrees(typed: tuple[Written, ...], key: tuple[Written, ...]) -> bool:
    """Whether a typed number or ratio has the key's value, written in the key's kind."""
    if len(typed) != len(key):
        return False
    return all(
        _same_kind(mine, theirs) and mine.value == theirs.value
        for mine, theirs in zip(typed, key, strict=True)
    )


def _same_kind(typed: Written, key: Written) -> bool:
    # A decimal key takes a whole number of the same value (`2.50` and `2.5`, or `3` for `3.0`),
    # but a whole-number key takes no decimal: telling `2` from `2.0` may be the point.
    if key.kind == "decimal":
        return typed.kind in ("decimal", "whole")
    return typed.kind == key.kind


def fits(parts: tuple[Written, ...], form: Form | None) -> bool:
    """Whether a number or ratio is written in `form` (None asks for nothing).

    `integer`: whole numbers only. `fraction`: a fraction or a mixed number (or a whole number),
    no decimals. `simplest`: a fraction in lowest terms, a mixed number whose fraction is proper and
    in lowest terms, or a whole number where the value is whole; a ratio of whole numbers sharing
    no factor. `mixed`: as `simplest`, and a value over 1 as a mixed number, not an improper
    fraction.
    """
    if form is None:
        return True
    if form == "integer":
        return all(part.kind == "whole" for part in parts)
    if form == "fraction":
        return all(part.kind != "decimal" for part in parts)
    if len(parts) > 1:
        return all(part.kind == "whole" for part in parts) and _coprime(p.value for p in parts)
    return _simplest(parts[0], mixed=form == "mixed")


def _simplest(number: Written, mixed: bool) -> bool:
    size = abs(number.value)
    if number.kind == "whole":
        return True
    if number.kind == "decimal" or number.terms is None:
        return False
    numerator, denominator = number.terms
    if denominator == 1 or numerator == 0 or gcd(numerator, denominator) != 1:
        return False
    if number.kind == "mixed":
        return numerator < denominator
    return not mixed or size < 1


def _coprime(values: Iterable[Fraction]) -> bool:
    common = 0
    for value in values:
        common = gcd(common, value.numerator)
    return common == 1
