"""Reviews ahead: how many skills come due for review on each coming day."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Protocol

from tutor_tui.core.progress.days import local_day


class HasDue(Protocol):
    """Anything with a review due time, such as `SkillProgress`."""

    @property
    def due(self) -> datetime | None: ...


@dataclass(frozen=True, slots=True)
class ForecastDay:
    """Reviews coming due on one day."""

    day: date
    reviews: int
    # Of those (today only): reviews that came due before today and are waiting.
    waiting: int = 0


def review_forecast(
    progresses: Iterable[HasDue], today: date, days: int = 14, *, tz: tzinfo | None = None
) -> list[ForecastDay]:
    """Reviews due on each of the next `days` days, today first; earlier ones are counted today.

    Pass the progress of the skills that get reviews (the mastered ones, as the planner does);
    a progress without a due time is skipped, and so is one due after the last day.
    """
    counts = [0] * max(0, days)
    waiting = 0
    for progress in progresses:
        if progress.due is None or not counts:
            continue
        offset = (local_day(progress.due, tz) - today).days
        if offset < 0:
            waiting += 1
            offset = 0
        if offset < len(counts):
            counts[offset] += 1
    return [
        ForecastDay(today + timedelta(days=n), count, waiting if n == 0 else 0)
        for n, count in enumerate(counts)
    ]
