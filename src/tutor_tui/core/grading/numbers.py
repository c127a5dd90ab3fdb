"""Numbers as learners type them (`1/2`, `.5`, `1 1/2`, `3 cm`, `£10`), read exactly and written.

A number is read with the form it was written in (`Written`): a whole number, a decimal, a
fraction or a mixed number, with the terms of its fraction, so that a key can ask for a form as well
as a value (`forms`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal, TypeAlias

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
        (?P<whole>[0-9]+)(?:\s+and\s+|\s+)(?P<num>[0-9]+)\s*/\s*(?P<den>[0-9]+)  # 1 1/2, 1 and 1/2
      | (?P<fnum>[0-9]+)\s*/\s*(?P<fden>[0-9]+)                       # fraction: 3/4
      | (?P<dec>(?:[0-9]+\.?[0-9]*|\.[0-9]+))(?:[eE](?P<exp>[+-]?[0-9]+))?  # 0.5, .5, 5e-1
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)

Kind: TypeAlias = Literal["whole", "decimal", "fraction", "mixed"]


@dataclass(frozen=True, slots=True)
class Written:
    """A number with the form it was written in: `6/8` is three quarters written as a fraction."""

    kind: Kind
    value: Fraction
    # The fraction's numerator and denominator as written (a mixed number's fraction part).
    terms: tuple[int, int] | None = None

    def spelling(self) -> str:
        """The number written one way whatever the spacing: `3 / 4` and `3/4` are `3/4`."""
        sign = "-" if self.value < 0 else ""
        if self.terms is None:
            return sign + format_exact(abs(self.value))
        numerator, denominator = self.terms
        if self.kind == "mixed":
            whole = abs(self.value) - Fraction(numerator, denominator)
            return f"{sign}{whole} {numerator}/{denominator}"
        return f"{sign}{numerator}/{denominator}"


def number_of(response: Response, unit: str | Sequence[str] | None) -> Fraction:
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


def parse_number(text: str, unit: str | Sequence[str] | None) -> Fraction:
    """The exact value of typed text, with an optional unit; ResponseError if none."""
    return read_written(text, unit).value


def read_written(text: str, unit: str | Sequence[str] | None = None) -> Written:
    """Typed text as a number and its form, with an optional unit; ResponseError if none.

    `unit` is the unit's spellings (`["cup", "cups", "c"]`), the first the one to answer in; a
    spelling that is a symbol (`£`) may also stand before the number.
    """
    if len(text) > MAX_RESPONSE:
        raise ResponseError(f"{show(text)} is too long to be a number")
    spellings = [unit] if isinstance(unit, str) else list(unit or ())
    # NFKC reads full-width digits; U+2212 is the minus sign that word processors type.
    cleaned = unicodedata.normalize("NFKC", text).replace("\u2212", "-").strip()
    cleaned = _without_symbol_before(cleaned, spellings)
    found = _NUMBER.match(cleaned)
    if found is None:
        raise ResponseError(f"{show(text)} {_NOT_A_NUMBER}")
    rest = cleaned[found.end() :].strip()
    if rest and not any(normal(rest) == normal(spelling) for spelling in spellings):
        # What follows a number is a unit only if it could not be more of the number (`1.2.3`).
        if rest[0] in "0123456789.,/+-:":
            raise ResponseError(f"{show(text)} {_NOT_A_NUMBER}")
        if not spellings:
            raise ResponseError(f"{show(text)}: type the number alone, without a unit")
        raise ResponseError(f"{show(text)} has the wrong unit: answer in {spellings[0]}")
    written = _written(found, text)
    if found["sign"] == "-":
        return Written(written.kind, -written.value, written.terms)
    return written


# Signs written straight after the number, never before it: `68%`, not `%68`.
_SIGNS_AFTER = frozenset({"%", "\u2030", "\u00b0"})


def is_symbol(spelling: str) -> bool:
    """Whether a unit's spelling is a symbol written before the number, like `£` or `$`."""
    if is_sign_after(spelling):
        return False
    return bool(spelling) and not any(ch.isalnum() or ch.isspace() for ch in spelling)


def is_sign_after(spelling: str) -> bool:
    """Whether a unit's spelling is a sign written after the number with no space, like `%`."""
    return unicodedata.normalize("NFKC", spelling) in _SIGNS_AFTER


def _without_symbol_before(text: str, spellings: Sequence[str]) -> str:
    # `£10` and `-£10`: a currency symbol stands before the number, after any sign.
    sign = text[:1] if text[:1] in "+-" else ""
    body = text[len(sign) :].lstrip()
    for spelling in spellings:
        symbol = unicodedata.normalize("NFKC", spelling)
        if is_symbol(symbol) and body.startswith(symbol):
            return sign + body[len(symbol) :].lstrip()
    return text


def _written(found: re.Match[str], text: str) -> Written:
    if found["whole"] is not None:
        part = _ratio(found["num"], found["den"], text)
        terms = (int(found["num"]), int(found["den"]))
        return Written("mixed", int(found["whole"]) + part, terms)
    if found["fnum"] is not None:
        terms = (int(found["fnum"]), int(found["fden"]))
        return Written("fraction", _ratio(found["fnum"], found["fden"], text), terms)
    exponent = int(found["exp"] or 0)
    if abs(exponent) > MAX_EXPONENT:
        raise ResponseError(f"{show(text)} is too large or too small a number")
    kind: Kind = "whole" if found["dec"].isdigit() and not found["exp"] else "decimal"
    return Written(kind, Fraction(found["dec"]) * Fraction(10) ** exponent)


def _ratio(numerator: str, denominator: str, text: str) -> Fraction:
    if int(denominator) == 0:
        raise ResponseError(f"{show(text)} divides by zero")
    return Fraction(int(numerator), int(denominator))


def format_exact(value: Fraction) -> str:
    """An exact number written as a whole number, a decimal if it ends, or a fraction."""
    if value.denominator == 1:
        return str(value.numerator)
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator == 1:
        return format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    return str(value)


def format_number(value: float) -> str:
    """A float written as briefly as it reads back."""
    # 3.0 reads better as 3; repr gives the shortest text that reads back as the same float.
    # An int may stand in a float field, as Python allows, so it is made a float first.
    value = float(value)
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)
