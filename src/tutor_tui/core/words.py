"""Numbers in words, as every report and screen of the tutor writes them."""

from __future__ import annotations

import math
from datetime import date

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def short_month(month: int) -> str:
    """A month's name in three letters ("Mar"), for labels where a whole name is too wide."""
    return MONTH_NAMES[month - 1][:3]


def plural(count: int, noun: str) -> str:
    """A count with its noun: "1 day", "3 days"."""
    return f"{count} {noun_for(count, noun)}"


def noun_for(count: int, noun: str) -> str:
    """The noun as a count needs it, without the count: "day", "days"."""
    return noun if count == 1 else noun + "s"


def percent(value: float | None) -> str:
    """A share as "42%", or "–" when it is unknown (or not a number)."""
    return "–" if value is None or not math.isfinite(value) else f"{round(100 * value)}%"


def long_date(day: date) -> str:
    """A day as "2 March 2026", the same in every locale."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
