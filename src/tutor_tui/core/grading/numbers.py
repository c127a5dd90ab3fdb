"""Numbers as learners type them (`1/2`, `.5`, `1 1/2`, `3 cm`), read exactly, and written back."""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal
from fractions import Fraction

from tutor_tui.core.grading.matching import normal
from tutor_tui.core.grading.response import MAX_RESPONSE, Response, ResponseError, show

# Exponents beyond this are far outside any float an author can write, and 10**huge is slow.
MAX_EXPONENT = 1_000


_NOT_A_NUMBER = "is not a number: type digits, like 3, 0.5 or 1/2"


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


def number_of(response: Response, unit: str | None) -> Fraction:
    """The exact value of a numeric response; ResponseError if it is none."""
    # bool is an int to Python, but True is no answer to "how many?".
    if isinstance(response, bool):
        raise ResponseError("expected a number")
    if isinstance(response, str):
        return parse_number(response, unit)
    if isinstance(response, int | Fraction):
        return Fraction(response)
    if isinstance(response, float | Decimal):
        if not math.isfinite(response):
            raise ResponseError(f"{show(str(response))} {_NOT_A_NUMBER}")
        return Fraction(response)
    raise ResponseError("expected a number")


def read_number(text: str) -> Fraction | None:
    """The exact value of `text` read as a learner's number (`1/2`, `.5`, `1 1/2`), or None.

    The loader reads authors' numeric answers with it too, so that whatever an author may write
    as an answer, a learner may type.
    """
    try:
        return parse_number(text, None)
    except ResponseError:
        return None


def parse_number(text: str, unit: str | None) -> Fraction:
    """The exact value of typed text, with an optional unit; ResponseError if none."""
    if len(text) > MAX_RESPONSE:
        raise ResponseError(f"{show(text)} is too long to be a number")
    # NFKC reads full-width digits; U+2212 is the minus sign that word processors type.
    cleaned = unicodedata.normalize("NFKC", text).replace("\u2212", "-")
    found = _NUMBER.match(cleaned)
    if found is None:
        raise ResponseError(f"{show(text)} {_NOT_A_NUMBER}")
    rest = cleaned[found.end() :].strip()
    if rest and (unit is None or normal(rest) != normal(unit)):
        # What follows a number is a unit only if it could not be more of the number (`1.2.3`).
        if rest[0] in "0123456789.,/+-":
            raise ResponseError(f"{show(text)} {_NOT_A_NUMBER}")
        if unit is None:
            raise ResponseError(f"{show(text)}: type the number alone, without a unit")
        raise ResponseError(f"{show(text)} has the wrong unit: answer in {unit}")
    value = _number_value(found, text)
    return -value if found["sign"] == "-" else value


def _number_value(found: re.Match[str], text: str) -> Fraction:
    if found["whole"] is not None:
        return int(found["whole"]) + _ratio(found["num"], found["den"], text)
    if found["fnum"] is not None:
        return _ratio(found["fnum"], found["fden"], text)
    exponent = int(found["exp"] or 0)
    if abs(exponent) > MAX_EXPONENT:
        raise ResponseError(f"{show(text)} is too large or too small a number")
    return Fraction(found["dec"]) * Fraction(10) ** exponent


def _ratio(numerator: str, denominator: str, text: str) -> Fraction:
    if int(denominator) == 0:
        raise ResponseError(f"{show(text)} divides by zero")
    return Fraction(int(numerator), int(denominator))


def format_number(value: float) -> str:
    """A float written as briefly as it reads back."""
    # 3.0 reads better as 3; repr gives the shortest text that reads back as the same float.
    # An int may stand in a float field, as Python allows, so it is made a float first.
    value = float(value)
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)
