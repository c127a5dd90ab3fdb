"""Builders for the tests of progress: a fixed today, study days from a pattern, skill reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tutor_tui.core.content import Skill
from tutor_tui.core.learner import SkillProgress

TODAY = date(2026, 3, 4)  # a Wednesday


def days_from(pattern: str, today: date = TODAY) -> set[date]:
    """Study days from a pattern that ends today: `x` studied, `.` not, oldest first."""
    start = today - timedelta(days=len(pattern) - 1)
    return {start + timedelta(days=n) for n, c in enumerate(pattern) if c == "x"}


@dataclass
class Report:
    """What the progress report says of one skill, as `strongest_and_weakest` reads it."""

    skill: Skill
    progress: SkillProgress
    mastered: bool


def report(skill_id: str, p: float, attempts: int = 5, right: int | None = None) -> Report:
    """A skill's report with mastery `p`, mastered from 0.95, `right` of its answers right
    (all of them unless given)."""
    return Report(
        Skill(id=skill_id, title=skill_id.title()),
        SkillProgress(skill_id, p, attempts=attempts, correct=attempts if right is None else right),
        p >= 0.95,
    )
