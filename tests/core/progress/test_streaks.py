"""Streaks that forgive a rest day now and then."""

from __future__ import annotations

from datetime import timedelta

import pytest
from testkit.progress import TODAY, days_from

from tutor_tui.core import progress
from tutor_tui.core.progress import (
    streak,
)


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
