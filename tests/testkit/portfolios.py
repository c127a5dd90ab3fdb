"""Builders for the tests of a portfolio: a learner who studied fractions, and their record."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tutor_tui.core import grading
from tutor_tui.core.clock import FixedClock
from tutor_tui.core.learner import Learner
from tutor_tui.core.portfolio import Portfolio, build_portfolio
from tutor_tui.service.tutor import Tutor

PACK_ID = "fractions-ratios"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def walk(tutor: Tutor, learner: Learner, clock: FixedClock, days: int = 4, steps: int = 15) -> None:
    """Study the fractions pack on `days` days, every answer right, 40 seconds each."""
    for day in range(days):
        clock.at = START + timedelta(days=day)
        for _ in range(steps):
            clock.at += timedelta(minutes=2)
            activity = tutor.next(learner, PACK_ID)
            if activity.kind == "done":
                break
            if activity.kind == "lesson":
                tutor.read_lesson(learner, PACK_ID, activity.skill_id)
                continue
            question = tutor.pack(PACK_ID).question(activity.question_id)
            tutor.answer(
                learner, PACK_ID, question.id, grading.correct_response(question), seconds=40
            )


def built(tutor: Tutor, learner: Learner, goals: list[dict[str, Any]] | None = None) -> Portfolio:
    """The learner's portfolio of the fractions pack, as of the tutor's today."""
    pack = tutor.pack(PACK_ID)
    return build_portfolio(
        learner.name,
        tutor.now().date(),
        packs=[pack],
        skills={PACK_ID: tutor.view(learner, pack).skills},
        attempts=tutor.store.attempts(learner.id),
        params_for=tutor.params_for,
        goals=goals or [],
        tz=UTC,
    )
