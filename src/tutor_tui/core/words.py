"""Numbers in words, as every report and screen of the tutor writes them."""

from __future__ import annotations

import math


def plural(count: int, noun: str) -> str:
    """A count with its noun: "1 day", "3 days"."""
    return f"{count} {noun_for(count, noun)}"


def noun_for(count: int, noun: str) -> str:
    """The noun as a count needs it, without the count: "day", "days"."""
    return noun if count == 1 else noun + "s"


def percent(value: float | None) -> str:
    """A share as "42%", or "–" when it is unknown (or not a number)."""
    return "–" if value is None or not math.isfinite(value) else f"{round(100 * value)}%"
