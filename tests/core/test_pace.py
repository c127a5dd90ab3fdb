"""Goals and pace: checks, what a goal needs, and forecasts at the learner's pace."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor_tui.core import pace, pace_change
from tutor_tui.core.content import Pack, Skill, TrueFalseQuestion, Unit
from tutor_tui.core.errors import TutorError
from tutor_tui.core.pace import DayGoal, day_minutes, towards

TODAY = date(2026, 11, 23)
DAY = timedelta(days=1)


def _pack() -> Pack:
    def skill(sid: str, requires: tuple[str, ...] = (), minutes: int = 10) -> Skill:
        question = TrueFalseQuestion(id=f"{sid}-q", skill=sid, prompt="?", answer=True)
        return Skill(
            id=sid, title=sid.upper(), requires=requires, minutes=minutes, questions=(question,)
        )

    skills = (
        skill("a"),
        skill("b", ("a",)),
        skill("c", ("a",)),
        skill("d", ("b", "c")),
        skill("e"),
    )
    return Pack(
        id="p",
        title="P",
        version="1.0.0",
        units=(Unit(id="u", title="U", skills=tuple(s.id for s in skills)),),
        skills=skills,
    )


def _goal(
    skills: tuple[str, ...] = (),
    due: date = TODAY + timedelta(days=10),
    daily: int = 10,
    created: date = TODAY,
) -> pace.Goal:
    made = datetime(created.year, created.month, created.day, tzinfo=UTC)
    return pace.Goal("g", "l", "p", skills, due, daily, made)


@pytest.mark.parametrize(
    ("due", "daily", "words"),
    [
        (TODAY, 20, "not in the future"),
        (TODAY - timedelta(days=3), 20, "not in the future"),
        (TODAY + timedelta(days=3), 4, "outside 5 to 240"),
        (TODAY + timedelta(days=3), 241, "outside 5 to 240"),
    ],
)
def test_a_goal_that_cannot_be_meant_is_refused(due: date, daily: int, words: str) -> None:
    with pytest.raises(TutorError, match=words):
        pace.check_goal(due, daily, TODAY)


def test_a_goal_needs_its_skills_and_everything_they_require() -> None:
    pack = _pack()
    assert pace.goal_skills(pack, _goal(("d",))) == {"a", "b", "c", "d"}
    assert pace.goal_skills(pack, _goal()) == {"a", "b", "c", "d", "e"}


def test_forecast_without_history_uses_the_planned_minutes() -> None:
    result = pace.forecast(_goal(daily=10), _pack(), set(), {}, {}, TODAY)
    # Five skills of 10 minutes at 10 minutes a day: five days, due in ten.
    assert result.finish == TODAY + timedelta(days=5)
    assert result.status == "ahead" and result.days == 5
    assert result.minutes_to_make_it == 5


def test_a_break_slows_the_forecast_until_the_learner_is_behind() -> None:
    studied = {TODAY - timedelta(days=13): 10.0}  # one day in the last two weeks
    goal = _goal(daily=10, created=TODAY - timedelta(days=20))
    result = pace.forecast(goal, _pack(), {"a"}, {"a": 600.0}, studied, TODAY)
    assert result.status == "behind" and result.days < 0
    assert result.minutes_to_make_it == 4  # 40 minutes left over 10 days
    assert "Behind by" in result.summary() and "min a day would make it" in result.summary()


def test_a_forecast_says_one_day_not_one_days() -> None:
    one_behind = pace.Forecast(5, 2, 30.0, 10.0, TODAY, TODAY, "behind", -1, None)
    assert one_behind.summary().startswith("Behind by 1 day: 2 of 5 skills mastered")
    two_ahead = pace.Forecast(5, 2, 30.0, 10.0, TODAY, TODAY, "ahead", 2, None)
    assert two_ahead.summary().startswith("Ahead by 2 days:")


def test_slow_learners_get_longer_estimates_than_quick_ones() -> None:
    pack = _pack()
    slow = pace.skill_minutes(pack, {"a": 40 * 60}, {"b"})["b"]
    quick = pace.skill_minutes(pack, {"a": 5 * 60}, {"b"})["b"]
    assert slow > 10 > quick
    # One skill's time moves the rest only part of the way; many skills' time moves them further.
    one_slow = pace.skill_minutes(pack, {"a": 45 * 60}, {"b"})["b"]
    assert 10 < one_slow < 20
    many = {s: 45 * 60.0 for s in "acde"}
    assert pace.skill_minutes(pack, many, {"b"})["b"] > one_slow + 5


def test_a_goal_reached_says_so() -> None:
    result = pace.forecast(_goal(("b",)), _pack(), {"a", "b"}, {}, {}, TODAY)
    assert result.status == "done"
    assert result.summary().startswith("Goal reached")


def test_unreachable_goals_get_a_warning_with_what_would_make_them_reachable() -> None:
    goal = _goal(due=TODAY + timedelta(days=2), daily=5)
    warning = pace.reachability(goal, _pack(), set(), {}, TODAY)
    assert warning is not None
    assert "25 min a day" in warning and "by 2026-12-03" in warning
    assert "but it is due in 2 days." in warning
    assert pace.reachability(_goal(daily=10), _pack(), set(), {}, TODAY) is None


def test_catch_up_is_a_plan_not_a_backlog_count() -> None:
    assert pace.catch_up(0, 1.5, 20) is None
    assert "today" in (pace.catch_up(4, 1.5, 20) or "")
    assert (
        pace.catch_up(40, 1.5, 20)
        == "Welcome back! 3 days to catch up on reviews at 20 minutes a day."
    )


def _big(minutes: int) -> Pack:
    """The pack with every skill taking `minutes`."""
    return replace(_pack(), skills=tuple(replace(s, minutes=minutes) for s in _pack().skills))


def test_a_finish_more_than_a_year_late_is_out_of_reach_not_thousands_of_days_behind() -> None:
    # 2,000 minutes at 5 a day: 400 days, for a goal due in ten.
    result = pace.forecast(_goal(daily=5), _big(400), set(), {}, {}, TODAY)
    assert result.status == "behind" and result.finish is None
    assert result.summary().startswith("Behind: 0 of 5 skills mastered, and out of reach")
    assert "200 min a day would make it" in result.summary()


def test_two_days_away_move_the_forecast_a_little_and_it_says_why() -> None:
    # A goal of 30 minutes a day for 600 minutes of skills, kept for three days, then a break.
    created = TODAY - timedelta(days=3)
    made = datetime(created.year, created.month, created.day, tzinfo=UTC)
    goal = pace.Goal("g", "l", "p", (), TODAY + timedelta(days=20), 30, made)
    studied = {created + timedelta(days=n): 30.0 for n in range(3)}
    found = [
        pace.forecast(goal, _big(120), set(), {}, studied, TODAY + timedelta(days=n))
        for n in range(3)
    ]
    assert [f.standing() for f in found] == ["on track", "behind by 2 days", "behind by 4 days"]
    # On track both days, but the day it would be reached moved: that is said too.
    assert found[0].change == (
        "(Yesterday: on track, finishing around 2026-12-12; a day went by with no skill mastered.)"
    )
    assert found[2].change == (
        "(Yesterday: behind by 2 days; your pace fell from 29 to 27 min a day,"
        " with no study yesterday.)"
    )
    assert found[2].summary().endswith(found[2].change)


def test_the_pace_counts_whole_days_back_over_as_much_study_as_asked() -> None:
    since = TODAY - timedelta(days=10)
    studied = {TODAY: 500.0, TODAY - timedelta(days=1): 30.0, TODAY - timedelta(days=4): 40.0}
    # Today is not over: yesterday's 30, the two days without study, then 20 of the 40.
    assert pace.days_to_study(studied, TODAY, since, 10, 50) == pytest.approx(3.5)
    # Beyond the study since the goal was set, its plan: the ten days before today, then 30 at 10.
    assert pace.days_to_study(studied, TODAY, since, 10, 100) == pytest.approx(13.0)
    # Study before the goal counts as the plan does, not as it was.
    assert pace.days_to_study(studied, TODAY, TODAY, 10, 50) == pytest.approx(5.0)
    assert pace.days_to_study(studied, TODAY, since, 0, 100) == math.inf


def test_study_read_from_a_later_day_counts_the_same_or_says_it_falls_short() -> None:
    since = TODAY - timedelta(days=30)
    studied = {TODAY - timedelta(days=n): 20.0 for n in range(1, 30, 2)}  # every other day
    read_from = TODAY - timedelta(days=14)
    # What was read: the fortnight, and part of the day before it.
    read = {day: m for day, m in studied.items() if day >= read_from} | {read_from - DAY: 5.0}
    full = pace.days_to_study(studied, TODAY, since, 10, 60)
    assert pace.days_to_study(read, TODAY, since, 10, 60, read_from) == full == 5.0
    for minutes in (145, 500):  # the fortnight holds 140: the part of a day before it is no more
        with pytest.raises(pace.NotReadFarEnough):
            pace.days_to_study(read, TODAY, since, 10, minutes, read_from)
    # A goal begun within the days read has nothing before them to read: its plan is there.
    later = TODAY - timedelta(days=10)
    assert pace.days_to_study(read, TODAY, later, 10, 500, read_from) == pace.days_to_study(
        studied, TODAY, later, 10, 500
    )


@settings(max_examples=40, deadline=None)
@given(
    minutes=st.lists(
        st.sampled_from([0.0, 0.0, 0.0, 2.0, 10.0, 30.0, 240.0]), min_size=2, max_size=40
    ),
    mastered_on=st.lists(st.integers(0, 39), max_size=4),
    daily=st.sampled_from([5, 20, 60]),
    size=st.sampled_from([10, 60]),
)
def test_one_day_moves_the_forecast_two_days_later_at_most(
    minutes: list[float], mastered_on: list[int], daily: int, size: int
) -> None:
    """Over any calendar of study: a day without study moves the finish one or two days later
    (the day itself, and the pace it lowers), a day of study no more, and never later than the
    same day without it. Skills mastered take their estimate here, so the study left only falls."""
    pack = _big(size)
    goal = _goal(daily=daily, due=TODAY + timedelta(days=400))
    order = ["a", "e", "b", "c", "d"]

    def on(day: int, calendar: list[float]) -> pace.Forecast:
        studied = {TODAY + timedelta(days=n): m for n, m in enumerate(calendar[: day + 1])}
        known = set(order[: sum(1 for n in mastered_on if n <= day)])
        seconds = {skill: size * 60.0 for skill in known}
        return pace.forecast(goal, pack, known, seconds, studied, TODAY + timedelta(days=day))

    found = [on(day, minutes) for day in range(len(minutes))]
    for day, (before, now) in enumerate(zip(found, found[1:], strict=False), start=1):
        if now.status == "done" or before.finish is None or now.finish is None:
            continue
        moved = (now.finish - before.finish).days
        assert moved <= 2, (day, before, now)
        if minutes[day - 1] == 0 and now.mastered == before.mastered:
            assert moved in (1, 2), (day, before, now)
        idle = on(day, [*minutes[: day - 1], 0.0, *minutes[day:]]).finish
        assert idle is None or idle >= now.finish, (day, idle, now)


def test_a_skill_mastered_since_yesterday_is_named_as_what_moved_the_forecast() -> None:
    goal = _goal(daily=10, created=TODAY - timedelta(days=10))
    studied = {TODAY - timedelta(days=n): 10.0 for n in range(11)}
    result = pace.forecast(
        goal, _pack(), {"a", "b", "c"}, {}, studied, TODAY, mastered_yesterday={"a"}
    )
    assert result.change is not None and "2 more skills mastered" in result.change
    same = pace.forecast(goal, _pack(), {"a"}, {}, studied, TODAY, mastered_yesterday={"a"})
    assert same.change == "(Yesterday: ahead by 7 days; a day went by with no skill mastered.)"


def test_the_day_goal_is_met_at_one_moment_of_the_day() -> None:
    assert [day_minutes(s) for s in (-5, 29, 31, 299, 300)] == [0, 0, 1, 5, 5]
    before, after, later = DayGoal(4, 5), DayGoal(5, 5), DayGoal(9, 5)
    assert after.met_since(before)
    assert not later.met_since(after), "said once: the goal was met already"
    assert not before.met_since(DayGoal(3, 5)), "not met yet"
    assert not after.met_since(None), "no goal before: nothing to have met"


def test_the_session_goes_towards_the_day_goal_if_any_but_a_timed_one_towards_its_time() -> None:
    day = DayGoal(12, 20)
    assert towards(3.7, 15, False, day) == pace.Towards(True, 12, 20)
    assert towards(3.7, 15, True, day) == pace.Towards(False, 3, 15)
    assert towards(99, 15, False, None) == pace.Towards(False, 15, 15)
    assert towards(-1, 0, False, None) == pace.Towards(False, 0, 1)
    assert (pace.Towards(True, 20, 20).label, pace.Towards(False, 0, 1).label) == (
        "Today's goal",
        "This session",
    )


def test_a_goal_set_in_place_of_another_keeps_its_start() -> None:
    first = _goal(created=TODAY - timedelta(days=9))
    dropped = replace(first, status="dropped", closed_at=datetime(2026, 11, 20, 8, tzinfo=UTC))
    second = replace(_goal(), id="g2", created_at=dropped.closed_at or TODAY)
    third = replace(_goal(), id="g3", created_at=datetime(2026, 11, 23, 9, tzinfo=UTC))
    goals = [dropped, replace(second, status="dropped", closed_at=third.created_at), third]
    assert pace.began(third, goals) == first.created_at
    # A goal dropped without a new one in its place is no start of the next.
    assert pace.began(third, [dropped, replace(second, status="dropped")]) == third.created_at
    assert pace.began(first, []) == first.created_at


@settings(max_examples=30, deadline=None)
@given(
    minutes=st.lists(st.sampled_from([0.0, 0.0, 5.0, 20.0, 240.0]), min_size=2, max_size=20),
    mastered_on=st.lists(st.integers(0, 19), max_size=5),
    daily=st.sampled_from([5, 20, 60]),
)
def test_a_forecast_that_moved_says_why_naming_yesterdays(
    minutes: list[float], mastered_on: list[int], daily: int
) -> None:
    pack = _pack()
    goal = _goal(daily=daily, due=TODAY + timedelta(days=30))
    order = ["a", "e", "b", "c", "d"]
    found = []
    for day in range(len(minutes)):
        today = TODAY + timedelta(days=day)
        studied = {TODAY + timedelta(days=n): m for n, m in enumerate(minutes[: day + 1])}
        known = set(order[: sum(1 for n in mastered_on if n <= day)])
        yesterday = set(order[: sum(1 for n in mastered_on if n < day)])
        seconds = {skill: 30 * 60.0 for skill in known}
        found.append(pace.forecast(goal, pack, known, seconds, studied, today, yesterday))
    for before, now in zip(found, found[1:], strict=False):
        if now.status == "done":
            continue
        moved = pace_change.figure(before) != pace_change.figure(now)
        assert (now.change is not None) == moved, (before, now)
        if moved:
            assert now.change is not None
            assert now.change.startswith(f"(Yesterday: {before.standing()}")
            assert now.to_dict()["change"] == now.change
