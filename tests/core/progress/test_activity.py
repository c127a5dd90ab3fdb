"""The activity calendar: whole weeks, goal days, and its heat map read without colour."""

from __future__ import annotations

from datetime import date, timedelta

from testkit.progress import TODAY

from tutor_tui.core import progress
from tutor_tui.core.progress import (
    CalendarDay,
    activity_calendar,
)


def test_calendar_holds_whole_weeks_and_marks_goal_days() -> None:
    study = {
        TODAY: 20 * 60.0,  # goal met
        TODAY - timedelta(days=1): 9 * 60.0,  # studied, short of the goal
        TODAY - timedelta(days=2): 0.0,  # answered, time not measured: studied
        TODAY - timedelta(days=9): 15 * 60.0,  # exactly the goal
        TODAY - timedelta(days=40): 60 * 60.0,  # before the weeks shown
    }
    calendar = activity_calendar(study, 15, TODAY, weeks=2)
    assert len(calendar.days) == 14 and len(calendar.weeks) == 2
    assert calendar.days[0].day == date(2026, 2, 23) and calendar.days[0].day.weekday() == 0
    assert calendar.days[-1].day == date(2026, 3, 8)
    by_day = {d.day: d for d in calendar.days}
    assert by_day[TODAY] == CalendarDay(TODAY, 20.0, True, True)
    assert by_day[TODAY - timedelta(days=1)].goal_met is False
    assert (
        by_day[TODAY - timedelta(days=2)].studied and not by_day[TODAY - timedelta(days=2)].goal_met
    )
    assert by_day[TODAY - timedelta(days=9)].goal_met is True
    assert by_day[TODAY - timedelta(days=3)] == CalendarDay(
        TODAY - timedelta(days=3), 0.0, False, False
    )
    future = [d for d in calendar.days if d.future]
    assert [d.day.weekday() for d in future] == [3, 4, 5, 6]
    assert all(not d.studied and d.goal_met is None for d in future)
    assert (calendar.days_studied, calendar.goal_days, calendar.minutes) == (4, 2, 44.0)
    assert calendar.streak.current == 3 and calendar.streak.studied_today


def test_calendar_starts_in_the_week_the_learner_began() -> None:
    # TODAY is a Wednesday; the learner began on Monday of the week before.
    began = TODAY - timedelta(days=9)
    calendar = activity_calendar({TODAY: 600.0}, 15, TODAY, since=began)
    assert len(calendar.weeks) == 2 and calendar.days[0].day == began
    assert len(calendar.shown) == 10 and calendar.days_studied == 1
    # Began on Friday: the days before it are blank and not counted as days not studied.
    friday = TODAY - timedelta(days=5)
    late = activity_calendar({TODAY: 600.0}, 15, TODAY, since=friday)
    assert [d.day for d in late.shown][0] == friday and len(late.shown) == 6
    assert all(d.goal_met is None for d in late.days if d.before)
    lines = progress.calendar_heatmap(late)
    assert "Studied on 1 of the last 6 days" in lines[-3]
    assert lines[-1] == "This week: Mon – · Tue – · Wed 10 min"
    yesterday = activity_calendar({TODAY: 600.0}, 15, TODAY, since=TODAY - timedelta(days=1))
    assert progress.calendar_heatmap(yesterday)[-1] == "This week: Tue – · Wed 10 min"
    first_day = progress.calendar_heatmap(activity_calendar({TODAY: 600.0}, 15, TODAY, since=TODAY))
    assert first_day[-3].startswith("Studied today · 10 min in all")
    # History from before the learner was added here (a merge, an import) is still shown.
    older = activity_calendar({began - timedelta(days=20): 60.0}, None, TODAY, since=began)
    assert older.days_studied == 1 and len(older.weeks) == 5


def test_calendar_without_a_goal_has_no_goal_days() -> None:
    calendar = activity_calendar({TODAY: 3600.0}, None, TODAY, weeks=1)
    assert {d.goal_met for d in calendar.days} == {None}
    assert calendar.goal_days == 0
    assert activity_calendar({}, 0, TODAY).daily_goal_minutes is None


def test_the_daily_goal_adds_up_the_active_goals() -> None:
    goals = [
        {"pack": "a", "daily_minutes": 10, "status": "active"},
        {"pack": "b", "daily_minutes": 15},
        {"pack": "c", "daily_minutes": 30, "status": "done"},
        {"pack": "d", "daily_minutes": None},
    ]
    assert progress.daily_goal_minutes(goals) == 25
    assert progress.daily_goal_minutes([]) is None


def test_heatmap_reads_without_colour() -> None:
    study = {
        TODAY: 16 * 60.0,
        TODAY - timedelta(days=1): 4 * 60.0,
        TODAY - timedelta(days=2): 10 * 60.0,
    }
    lines = progress.calendar_heatmap(activity_calendar(study, 15, TODAY, weeks=3))
    grid = dict(zip(progress.WEEKDAYS, lines[1:8], strict=True))
    # Monday 2 March: 10 of 15 minutes; Tuesday: 4; Wednesday (today): the goal met.
    assert grid["Mon"].split()[-1] == "▒"
    assert grid["Tue"].split()[-1] == "░"
    assert grid["Wed"].split()[-1] == "█"
    assert grid["Thu"].split()[-1] == "·"  # the last week's Thursday is still to come: blank
    assert grid["Thu"].count("·") == 2
    assert lines[0].strip().startswith("Feb") and "Mar" in lines[0]
    text = "\n".join(lines)
    assert lines[8] == "· none  ░ under 8 min  ▒ under 15 min  █ daily goal met (15 min)"
    assert "Studied on 3 of the last 17 days · 30 min in all · daily goal met on 1 day" in text
    assert "Streak: 3 days of study" in text
    assert "This week: Mon 10 min · Tue 4 min · Wed 16 min ✓" in text


def test_heatmap_shades_minutes_without_a_goal() -> None:
    study = {TODAY - timedelta(days=n): m * 60.0 for n, m in enumerate((35, 25, 15, 5))}
    lines = progress.calendar_heatmap(activity_calendar(study, None, TODAY, weeks=2))
    cells = {line.split()[0]: line.split()[1:] for line in lines[1:8]}
    # Today is Wednesday: 35 min; Tuesday 25; Monday 15; the Sunday before 5; Thursday on to come.
    assert cells == {
        "Mon": ["·", "▒"],
        "Tue": ["·", "▓"],
        "Wed": ["·", "█"],
        "Thu": ["·"],
        "Fri": ["·"],
        "Sat": ["·"],
        "Sun": ["░"],
    }
    assert lines[8] == "· none  ░ under 10 min  ▒ 10–19 min  ▓ 20–29 min  █ 30 min or more"
