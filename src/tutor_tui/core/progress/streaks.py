"""Study streaks, with a missed day forgiven now and then."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tutor_tui.core.progress.days import WEEK

# The learner setting that says how many missed days a week a streak forgives (0 turns it off).
FORGIVE_SETTING = "streak_forgive_per_week"
DEFAULT_FORGIVE_PER_WEEK = 1


@dataclass(frozen=True, slots=True)
class Streak:
    """Days of study in a row, with rest days forgiven."""

    # Days studied in the current streak (forgiven rest days are not counted as studied).
    current: int
    # The most days studied in any streak, the current one included.
    longest: int
    # The rest days forgiven inside the current streak, oldest first.
    forgiven: tuple[date, ...] = ()
    # The first day of the current streak, None without one.
    since: date | None = None
    studied_today: bool = False


def forgiveness(settings: Mapping[str, Any]) -> int:
    """How many missed days a week a learner's streak forgives (the setting, 0 to 6; default 1)."""
    value = settings.get(FORGIVE_SETTING, DEFAULT_FORGIVE_PER_WEEK)
    try:
        number = int(value)
    except (TypeError, ValueError):
        return DEFAULT_FORGIVE_PER_WEEK
    return min(WEEK - 1, max(0, number))


def _run_back(
    studied: Collection[date], end: date, forgive_per_week: int
) -> tuple[int, list[date], date | None]:
    """The streak walked back from `end`: (days studied, rest days forgiven, first day)."""
    count = 0
    forgiven: list[date] = []
    first: date | None = None
    earliest = min(studied, default=end)
    day = end
    while day >= earliest:
        if day in studied:
            count += 1
            first = day
        else:
            # Walking back, every 7-day window that holds this day and no earlier one starts here.
            window_end = day + timedelta(days=WEEK - 1)
            in_window = sum(1 for f in forgiven if f <= window_end)
            if in_window + 1 > forgive_per_week:
                break
            forgiven.append(day)
        day -= timedelta(days=1)
    # A streak begins with a day of study: rest days before its first one are not part of it.
    kept = [f for f in forgiven if first is not None and f > first]
    return count, sorted(kept), first


def streak(days_with_study: Collection[date], today: date, forgive_per_week: int = 1) -> Streak:
    """The current and the longest streak of study days, forgiving rest days.

    The rule, exactly: a streak is a run of consecutive calendar days that begins and ends with a
    day of study, in which no 7 consecutive days hold more than `forgive_per_week` days without
    study. With the default of 1, a missed day is forgiven when no other missed day lies in the 6
    days before or after it inside the run; two missed days in a row always end a streak. The
    streak's length is the number of days *studied* in the run: a forgiven day keeps the streak
    alive but does not add to it. The current streak is the run that ends today, or, while today
    has no study yet, the run that would end today: today never breaks it, and yesterday may be a
    forgiven day. `forgive_per_week=0` gives plain days in a row. Days after `today` are ignored.
    """
    forgive_per_week = max(0, forgive_per_week)
    studied = {d for d in days_with_study if d <= today}
    studied_today = today in studied
    start = today if studied_today else today - timedelta(days=1)
    current, forgiven, since = _run_back(studied, start, forgive_per_week)
    if current == 0:
        forgiven, since = [], None
    longest = current
    for day in studied:
        # A streak that can go on to the next day is not the longest ending here.
        if day + timedelta(days=1) not in studied:
            longest = max(longest, _run_back(studied, day, forgive_per_week)[0])
    return Streak(current, longest, tuple(forgiven), since, studied_today)
