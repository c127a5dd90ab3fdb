"""Days as the learner lives them: a moment's local day, spans of days, names of days."""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

WEEK = 7
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def local_day(at: datetime, tz: tzinfo | None = None) -> date:
    """The day a moment falls on, in `tz` (None: the computer's zone)."""
    return at.astimezone(tz).date()


def day_span(first: date, last: date) -> list[date]:
    """Every day from `first` to `last`, both included (empty when `last` is before `first`)."""
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
