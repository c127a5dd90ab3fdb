"""Reading numbers as people write them: `3`, `-0.5`, `.5`, `5e-1`, `1/2`, `1 1/2`."""

from __future__ import annotations

import re
from fractions import Fraction

_DECIMAL = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_NUMBER = re.compile(
    rf"""\s*(?:
        (?P<whole>[-+]?\d+)\s+(?P<num>\d+)\s*/\s*(?P<den>\d+)      # mixed number: 1 1/2
      | (?P<fnum>[-+]?\d+)\s*/\s*(?P<fden>\d+)                       # fraction: -3/4
      | (?P<decimal>{_DECIMAL})                                      # 3, -0.5, .5, 5e-1
    )\s*""",
    re.VERBOSE,
)
# Exponents beyond this are not numbers anyone types as an answer, and would make Fractions huge.
_MAX_EXPONENT = 400


def read_number(text: str) -> Fraction | None:
    """The exact value of `text` as a number, or None when it is not one."""
    match = _NUMBER.fullmatch(text)
    if match is None:
        return None
    if match["decimal"] is not None:
        exponent = re.search(r"[eE]([-+]?\d+)", match["decimal"])
        if exponent and abs(int(exponent.group(1))) > _MAX_EXPONENT:
            return None
        return Fraction(match["decimal"])
    if match["fnum"] is not None:
        denominator = int(match["fden"])
        return Fraction(int(match["fnum"]), denominator) if denominator else None
    denominator = int(match["den"])
    if not denominator:
        return None
    whole = int(match["whole"])
    part = Fraction(int(match["num"]), denominator)
    return whole - part if match["whole"].startswith("-") else whole + part
