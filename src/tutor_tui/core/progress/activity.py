"""The activity calendar: minutes studied day by day, weeks as rows, against a daily goal."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tutor_tui.core.progress.days import WEEK, day_span
from tutor_tui.core.progress.streaks import Streak, streak


@dataclass(frozen=True, slots=True)
class CalendarDay:
    """One day of the activity calendar."""

    day: date
    minutes: float
    studied: bool
    # Whether the day's study reached the daily goal; None without a daily goal.
    goal_met: bool | None
    # After today: shown blank.
    future: bool = False
    # Before the learner began: shown blank, and not counted among the days studied or not.
    before: bool = False

    @property
    def counted(self) -> bool:
        """Whether the day is one the learner could have studied on: begun, and not to come."""
        return not (self.future or self.before)


@dataclass(frozen=True, slots=True)
class Calendar:
    """Whole weeks, Monday first, oldest first, the last week holding today; and the streak."""

    days: tuple[CalendarDay, ...]
    today: date
    daily_goal_minutes: int | None
    streak: Streak

    @property
    def weeks(self) -> list[tuple[CalendarDay, ...]]:
        """The days seven at a time, each week Monday to Sunday."""
        return [self.days[n : n + WEEK] for n in range(0, len(self.days), WEEK)]

    @property
    def shown(self) -> list[CalendarDay]:
        """The days from the learner's beginning up to today."""
        return [d for d in self.days if d.counted]

    @property
    def days_studied(self) -> int:
        """Days with any study in the calendar."""
        return sum(1 for d in self.shown if d.studied)

    @property
    def goal_days(self) -> int:
        """Days in the calendar on which the daily goal was met."""
        return sum(1 for d in self.shown if d.goal_met)

    @property
    def minutes(self) -> float:
        """Minutes of study in the calendar."""
        return sum(d.minutes for d in self.shown)


def activity_calendar(
    study_days: Mapping[date, float],
    daily_goal_minutes: int | None,
    today: date,
    weeks: int = 12,
    forgive_per_week: int = 1,
    since: date | None = None,
) -> Calendar:
    """The last `weeks` weeks of study, from seconds studied per day (as `Tutor.study_days`).

    A day is studied when it has any answer (even one whose time was not measured); the goal is
    met when its minutes reach `daily_goal_minutes`. The streak looks at every day given, not only
    the weeks shown. A learner who began on `since` sees no weeks before it, and its days before
    are blank.
    """
    monday = today - timedelta(days=today.weekday())
    if since is not None:
        since = min([since, today, *study_days])
        since_monday = since - timedelta(days=since.weekday())
        weeks = min(weeks, (monday - since_monday).days // WEEK + 1)
    weeks = max(1, weeks)
    first = monday - timedelta(weeks=weeks - 1)
    goal = daily_goal_minutes if daily_goal_minutes and daily_goal_minutes > 0 else None
    days = []
    for day in day_span(first, monday + timedelta(days=WEEK - 1)):
        future = day > today
        before = since is not None and day < since
        studied = not future and day in study_days
        minutes = study_days.get(day, 0.0) / 60 if studied else 0.0
        days.append(
            CalendarDay(
                day=day,
                minutes=minutes,
                studied=studied,
                goal_met=None if goal is None or future or before else minutes >= goal,
                future=future,
                before=before,
            )
        )
    return Calendar(tuple(days), today, goal, streak(study_days.keys(), today, forgive_per_week))


def daily_goal_minutes(goals: Iterable[Mapping[str, Any]]) -> int | None:
    """The minutes a day the learner's active goals ask for, all together; None without any."""
    total = 0
    for goal in goals:
        if goal.get("status", "active") != "active":
            continue
        try:
            total += max(0, int(goal.get("daily_minutes") or 0))
        except (TypeError, ValueError):
            continue
    return total or None
