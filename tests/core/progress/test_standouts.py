"""The strongest skills and those still growing, and kind words that praise effort."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from testkit.progress import TODAY, days_from, report

from tutor_tui.core.progress import (
    encouragement,
    streak,
    strongest_and_weakest,
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


def test_a_skill_with_no_right_answer_is_nobodys_strongest() -> None:
    # Five answers, none right: its estimate (10%) is the best there is, and still no strength.
    alone = strongest_and_weakest([report("a", 0.1, right=0)], n=3)
    assert alone.strongest == ()
    assert [(s.skill_id, s.note) for s in alone.growing] == [
        ("a", "room to grow; a little practice lifts it")
    ]
    assert "Your strongest skills" not in alone.lines()
    found = strongest_and_weakest([report("a", 0.4, right=0), report("b", 0.3, right=1)], n=3)
    assert [s.skill_id for s in found.strongest] == ["b"]
    assert [s.skill_id for s in found.growing] == ["a"]


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


def test_a_skill_placed_out_is_not_growing() -> None:
    """Placed out at 99% after a check, with a miss on it in that check: it waits for its check,
    and was read 'Still growing ... just started'."""
    checked = report("a", 0.99, attempts=1, right=0)
    at = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    # Placed out is not mastered, on this screen as on every other (`standing`).
    placed = replace(checked, progress=replace(checked.progress, placed_at=at), mastered=False)
    found = strongest_and_weakest([placed, report("b", 0.3)], n=3)
    assert [s.skill_id for s in found.growing] == []
    assert [s.skill_id for s in found.strongest] == ["b"]
