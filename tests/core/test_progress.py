"""Progress as pictures: streaks that forgive a rest day, the activity calendar, reviews ahead,
mastery over time agreeing with the store, kind words, text pictures that read without colour."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from tutor_tui.core import grading, progress
from tutor_tui.core.clock import FixedClock
from tutor_tui.core.content import (
    AnyQuestion,
    ChoiceQuestion,
    ClozeQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    Pack,
    ShortQuestion,
    Skill,
    TrueFalseQuestion,
)
from tutor_tui.core.learner import SkillProgress
from tutor_tui.core.progress import (
    CalendarDay,
    ForecastDay,
    activity_calendar,
    encouragement,
    mastery_over_time,
    review_forecast,
    streak,
    strongest_and_weakest,
)

TODAY = date(2026, 3, 4)  # a Wednesday
PACK_ID = "fractions-ratios"


def days_from(pattern: str, today: date = TODAY) -> set[date]:
    """Study days from a pattern that ends today: `x` studied, `.` not, oldest first."""
    start = today - timedelta(days=len(pattern) - 1)
    return {start + timedelta(days=n) for n, c in enumerate(pattern) if c == "x"}


# Streaks -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "forgive", "current", "longest", "forgiven"),
    [
        ("", 1, 0, 0, 0),
        ("x", 1, 1, 1, 0),
        ("xxx", 1, 3, 3, 0),
        # Today not studied yet does not break the streak.
        ("xx.", 1, 2, 2, 0),
        ("xx.", 0, 2, 2, 0),
        # Nor does a missed yesterday, forgiven, while today is still open.
        ("xx..", 1, 2, 2, 1),
        ("xx..", 0, 0, 2, 0),
        # Two missed days in a row end it.
        ("xx...", 1, 0, 2, 0),
        ("xxx..x", 1, 1, 3, 0),
        # One missed day is forgiven, and does not count as a day studied.
        ("xx.x", 1, 3, 3, 1),
        ("xx.x", 0, 1, 2, 0),
        # Missed days 7 apart are each alone in every 7-day window: both forgiven.
        ("x.xxxxxx.x", 1, 8, 8, 2),
        # 6 apart share a window: the older one ends the streak.
        ("x.xxxxx.x", 1, 6, 6, 1),
        # Study every other day is more than one rest day a week.
        ("x.x.x", 1, 2, 2, 1),
        ("x.x.x", 2, 3, 3, 2),
        ("x..x", 2, 2, 2, 2),
        # Missed days before the first day of study are not part of the streak.
        ("..x.x", 1, 2, 2, 1),
        # The longest streak may lie in the past.
        ("xxxxx..xx", 1, 2, 5, 0),
        ("xxxx.xxx...x", 1, 1, 7, 0),
    ],
)
def test_streak_rule(pattern: str, forgive: int, current: int, longest: int, forgiven: int) -> None:
    found = streak(days_from(pattern), TODAY, forgive_per_week=forgive)
    assert (found.current, found.longest, len(found.forgiven)) == (current, longest, forgiven)
    assert found.studied_today == pattern.endswith("x")
    if found.current:
        assert found.since is not None and found.since in days_from(pattern)
        assert all(found.since < day < TODAY for day in found.forgiven)
    else:
        assert found.since is None and found.forgiven == ()


def test_streak_ignores_days_after_today_and_names_the_forgiven_day() -> None:
    studied = days_from("xxx.x") | {TODAY + timedelta(days=1)}
    found = streak(studied, TODAY)
    assert found.current == 4
    assert found.forgiven == (TODAY - timedelta(days=1),)
    assert found.since == TODAY - timedelta(days=4)


def test_forgiveness_is_a_learner_setting_within_bounds() -> None:
    assert progress.forgiveness({}) == 1
    assert progress.forgiveness({progress.FORGIVE_SETTING: 0}) == 0
    assert progress.forgiveness({progress.FORGIVE_SETTING: "2"}) == 2
    assert progress.forgiveness({progress.FORGIVE_SETTING: 40}) == 6
    assert progress.forgiveness({progress.FORGIVE_SETTING: "lots"}) == 1


# The activity calendar ---------------------------------------------------------------------------


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


# Reviews ahead -----------------------------------------------------------------------------------


@dataclass
class Due:
    due: datetime | None


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def test_review_forecast_counts_waiting_reviews_today() -> None:
    dues = [
        Due(at(TODAY - timedelta(days=3))),  # waiting since earlier
        Due(at(TODAY - timedelta(days=1), 23)),  # waiting since yesterday night
        Due(at(TODAY, 20)),  # later today
        Due(at(TODAY + timedelta(days=1))),
        Due(at(TODAY + timedelta(days=13))),  # the last day shown
        Due(at(TODAY + timedelta(days=14))),  # beyond
        Due(None),  # not yet mastered
    ]
    forecast = review_forecast(dues, TODAY, tz=UTC)
    assert (
        len(forecast) == 14
        and forecast[0].day == TODAY
        and forecast[-1].day == TODAY + timedelta(days=13)
    )
    assert forecast[0] == ForecastDay(TODAY, 3, 2)
    assert forecast[1] == ForecastDay(TODAY + timedelta(days=1), 1, 0)
    assert forecast[13].reviews == 1
    assert sum(f.reviews for f in forecast) == 5
    assert review_forecast(dues, TODAY, days=0, tz=UTC) == []


def test_review_forecast_takes_skill_progress() -> None:
    mastered = SkillProgress("a", 0.99, due=at(TODAY + timedelta(days=2)))
    assert [f.reviews for f in review_forecast([mastered], TODAY, days=4, tz=UTC)] == [0, 0, 1, 0]


def test_forecast_chart_prints_its_numbers() -> None:
    forecast = [
        ForecastDay(TODAY + timedelta(days=n), c, 1 if n == 0 else 0)
        for n, c in enumerate((3, 0, 1, 2))
    ]
    lines = progress.forecast_chart(forecast, height=3)
    assert lines[0].split() == ["3", "·", "1", "2"]
    assert lines[-2] == "04 05 06 07"
    assert (
        lines[-1]
        == "Reviews ahead: 3 today (1 ready from earlier days), 6 in the next 4 days, 6 in 4 days."
    )
    assert progress.forecast_chart([ForecastDay(TODAY, 0)]) == [
        "No reviews due in the next 1 days."
    ]


# Mastery over time, agreeing with the store ------------------------------------------------------


def wrong(question: AnyQuestion) -> Any:
    """A response that scores 0."""
    match question:
        case ChoiceQuestion():
            return next(c for c in question.choices if c != question.answer)
        case TrueFalseQuestion():
            return not question.answer
        case NumericQuestion():
            return question.answer + 1000
        case ShortQuestion():
            return "zzz not it"
        case MultiQuestion():
            return [c for c in question.choices if c not in question.answers][:1]
        case OrderQuestion():
            return list(reversed(question.items))
        case MatchQuestion():
            rights = [p.right for p in question.pairs]
            return {p.left: r for p, r in zip(question.pairs, rights[1:] + rights[:1], strict=True)}
        case ClozeQuestion():
            return ["zzz"] * len(question.blanks)
    raise AssertionError(question)


@pytest.fixture(scope="module")
def packs() -> dict[str, Pack]:
    from tutor_tui.packs.catalog import load_catalog

    return {pack_id: entry.result.pack for pack_id, entry in load_catalog().packs.items()}  # type: ignore[misc]


def study(
    tutor: Any, learner: Any, clock: FixedClock, pack_id: str, steps: int, miss_every: int
) -> int:
    """Follow the planner for `steps` activities, missing every `miss_every`-th answer."""
    answered = 0
    for _ in range(steps):
        clock.at += timedelta(minutes=2)
        activity = tutor.next(learner, pack_id)
        if activity.kind == "done":
            break
        if activity.kind == "lesson":
            tutor.read_lesson(learner, pack_id, activity.skill_id)
            continue
        question = tutor.pack(pack_id).question(activity.question_id)
        answered += 1
        miss = miss_every and answered % miss_every == 0
        response = wrong(question) if miss else grading.correct_response(question)
        tutor.answer(learner, pack_id, question.id, response, seconds=45)
    return answered


def test_mastery_over_time_agrees_with_the_store_day_by_day(packs: dict[str, Pack]) -> None:
    from tutor_tui.service.tutor import Tutor
    from tutor_tui.store.database import Store

    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    clock = FixedClock(start)
    tutor = Tutor(Store.open("sqlite://"), packs, clock)
    learner = tutor.add_learner("Ann")
    pack = tutor.pack(PACK_ID)
    expected: dict[date, tuple[int, int]] = {}
    for day in range(6):
        clock.at = start + timedelta(days=day)
        if day != 3:  # a day off
            study(tutor, learner, clock, PACK_ID, steps=12, miss_every=4 if day < 2 else 0)
        state = tutor.state(learner, pack)
        expected[clock.at.date()] = (
            sum(
                1
                for p in state.skills.values()
                if p.is_mastered(tutor.params_for(PACK_ID, p.skill_id))
            ),
            sum(1 for p in state.skills.values() if p.mastered_at is not None),
        )
    attempts = tutor.store.attempts(learner.id, PACK_ID)
    days = progress.day_span(date(2026, 3, 1), date(2026, 3, 8))
    skills = [(PACK_ID, s.id) for s in pack.skills]
    series = mastery_over_time(attempts, tutor.params_for, days, skills=skills, tz=UTC)
    assert [p.day for p in series] == days
    assert series[0].mastered == 0 and series[0].answers == 0
    assert series[0].mean_mastery == pytest.approx(
        sum(s.mastery.prior for s in pack.skills) / len(pack.skills)
    )
    for point in series[1:-1]:
        assert (point.mastered, point.ever_mastered) == expected[point.day], point
    assert series[-1].mastered == series[-2].mastered  # nothing after the last answer
    assert series[4].answers == 0  # the day off
    assert sum(p.answers for p in series) == len(attempts)
    assert series[-2].mastered > 0 and all(p.skills == len(pack.skills) for p in series)
    assert [p.mastered for p in series] == sorted(p.mastered for p in series)  # all right: only up

    # The replay gives the very state the store derived, field for field.
    stored = tutor.store.skill_states(learner.id)
    replayed = progress.replay(attempts, tutor.params_for, learner.desired_retention)
    assert replayed.keys() == {k for k, v in stored.items() if v.attempts}
    for key, found in replayed.items():
        assert found == replace(stored[key], lesson_seen_at=None)

    # Without a list of skills, the skills answered so far are counted.
    loose = mastery_over_time(attempts, tutor.params_for, days, tz=UTC)
    assert loose[0].skills == 0 and loose[-1].skills == len(replayed)


def test_history_days_reach_back_to_the_first_answer() -> None:
    assert progress.history_days([], TODAY, at_least=3) == progress.day_span(
        TODAY - timedelta(days=2), TODAY
    )
    assert progress.day_span(TODAY, TODAY - timedelta(days=1)) == []


def test_mastery_chart_prints_its_numbers() -> None:
    points = [
        progress.MasteryPoint(TODAY - timedelta(days=2 - n), m, m, mean, 4, 1)
        for n, (m, mean) in enumerate(((0, 0.1), (1, 0.4), (3, 0.8)))
    ]
    lines = progress.mastery_chart(points, height=4)
    assert lines[0].startswith("4 ┤") and lines[3].startswith("0 ┤")
    assert lines[4] == "  └───"
    assert lines[5].startswith("   2 Mar") and lines[5].endswith("4 Mar")
    assert lines[-1] == "Skills mastered: 0 → 3 of 4 · mean mastery 10% → 80%"
    columns = ["".join(row[3 + n] for row in lines[:4]) for n in range(3)]
    assert columns[0] == "    " and columns[1] == "   █" and columns[2] == " ███"
    assert progress.mastery_chart([]) == ["No answers yet: the chart starts with your first one."]
    assert len(progress.mastery_chart(points * 40, width=20)[0]) == len("4 ┤") + 20


def test_bar() -> None:
    assert progress.bar(0.3) == "███░░░░░░░  30%"
    assert progress.bar(1.4) == "██████████ 100%"


# Strongest and still growing ---------------------------------------------------------------------


@dataclass
class Report:
    skill: Skill
    progress: SkillProgress
    mastered: bool


def report(skill_id: str, p: float, attempts: int = 5) -> Report:
    return Report(
        Skill(id=skill_id, title=skill_id.title()),
        SkillProgress(skill_id, p, attempts=attempts),
        p >= 0.95,
    )


def test_strongest_and_growing_among_started_skills() -> None:
    reports = [
        report("a", 0.99),
        report("b", 0.97),
        report("c", 0.7),
        report("d", 0.5),
        report("e", 0.3),
        report("f", 0.2, attempts=1),
        report("g", 0.1, attempts=0),  # not started
        report("h", 0.96),
    ]
    found = strongest_and_weakest(reports, n=3)
    assert [s.skill_id for s in found.strongest] == ["a", "b", "h"]
    assert [s.skill_id for s in found.weakest] == ["f", "e", "d"]
    assert found.strongest[0].note == "mastered"
    assert "just started" in found.weakest[0].note
    text = "\n".join(found.lines())
    assert "Your strongest skills" in text and "Still growing" in text
    assert "  ██████████  99%  A — mastered" in text
    for unkind in ("weak", "fail", "bad", "poor", "behind", "missed"):
        assert unkind not in text.lower()


def test_few_started_skills_are_shared_out_and_mastered_ones_never_grow() -> None:
    found = strongest_and_weakest([report("a", 0.6), report("b", 0.4), report("c", 0.2)], n=3)
    assert [s.skill_id for s in found.strongest] == ["a", "b"]
    assert [s.skill_id for s in found.growing] == ["c"]
    found = strongest_and_weakest([report("a", 0.99), report("b", 0.98)], n=3)
    assert [s.skill_id for s in found.strongest] == ["a"] and found.growing == ()
    empty = strongest_and_weakest([report("a", 0.1, attempts=0)])
    assert empty.strongest == () and empty.growing == ()
    assert empty.lines() == ["Answer a few questions and your strongest skills will show here."]


# Kind words --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("study", "kwargs", "line"),
    [
        ({}, {}, "Welcome! Every skill starts with a first question."),
        (
            {TODAY: 1200.0},
            {"daily_goal_minutes": 15},
            "Daily goal reached: 20 minutes of practice today. Well done!",
        ),
        ({TODAY: 600.0}, {"daily_goal_minutes": 15}, "10 minutes of practice today — nice work."),
        ({TODAY: 0.0}, {}, "You've practised today — nice work."),
        (
            {TODAY: 60.0},
            {"mastered_today": 2},
            "You mastered 2 skills today — your practice is paying off.",
        ),
        (
            {TODAY - timedelta(days=1): 60.0},
            {},
            "Good to see you again — ready for a few questions?",
        ),
        ({TODAY - timedelta(days=6): 60.0}, {}, "Welcome back — picking up where you left off."),
        ({TODAY - timedelta(days=40): 60.0}, {}, "Welcome back — picking up where you left off."),
    ],
)
def test_encouragement_praises_effort(
    study: dict[date, float], kwargs: dict[str, Any], line: str
) -> None:
    assert encouragement(study, TODAY, **kwargs) == line


def test_encouragement_mentions_a_live_streak_but_never_missed_days() -> None:
    studied = days_from("xxxx.")
    days = {d: 300.0 for d in studied}
    line = encouragement(days, TODAY, streak=streak(studied, TODAY))
    assert line == "4 days of practice in your streak — a few questions today keep it growing."
    for pattern in ("x", "x.", "x..", "x......", "xx.x..", "x" * 30 + "....."):
        days = {d: 300.0 for d in days_from(pattern)}
        said = encouragement(days, TODAY, streak=streak(days.keys(), TODAY)).lower()
        assert "miss" not in said and "lost" not in said and "broke" not in said


# The overview, and what the domain modules import ------------------------------------------------


def test_overview_lines_put_the_pictures_together() -> None:
    calendar = activity_calendar({TODAY: 600.0}, None, TODAY, weeks=4)
    overview = progress.Overview(
        encouragement="10 minutes of practice today — nice work.",
        mastery=tuple(
            progress.MasteryPoint(d, 0, 0, 0.1, 3, 0)
            for d in progress.day_span(TODAY - timedelta(days=5), TODAY)
        ),
        calendar=calendar,
        forecast=tuple(review_forecast([], TODAY)),
        standouts=strongest_and_weakest([report("a", 0.5)]),
    )
    lines = progress.overview_lines(overview)
    assert lines[0] == "10 minutes of practice today — nice work."
    assert (
        "Mastery over time" in lines
        and "Activity" in lines
        and "Reviews in the next 14 days" in lines
    )
    assert "No reviews due in the next 14 days." in lines
    assert all(len(line) <= 80 for line in lines)


def test_the_new_modules_import_no_interface_or_database() -> None:
    probe = (
        "import sys\n"
        "import tutor_tui.core.progress, tutor_tui.render.portfolio\n"
        "core = [m for m in ('textual', 'typer', 'rich', 'sqlmodel', 'sqlalchemy',"
        " 'tutor_tui.store.database', 'tutor_tui.cli.main', 'tutor_tui.service.tutor')"
        " if m in sys.modules]\n"
        "import tutor_tui.cli.portfolio\n"
        "shell = [m for m in ('sqlmodel', 'sqlalchemy', 'textual', 'yaml',"
        " 'tutor_tui.store.database')"
        " if m in sys.modules]\n"
        "print(','.join(core) + '|' + ','.join(shell))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "|"
