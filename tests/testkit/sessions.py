"""Builders for the tests of a session summary: a built-in pack, and answers to its questions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from tutor_tui.core import grading
from tutor_tui.core.content import AnyQuestion, ChoiceQuestion, Pack, Skill, TrueFalseQuestion
from tutor_tui.core.learner import Attempt
from tutor_tui.core.planner import Activity
from tutor_tui.core.session import SessionReport, build_session_report
from tutor_tui.packs.catalog import builtin_packs_home
from tutor_tui.packs.loader import load_pack

PACK_ID = "fractions-ratios"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
Q = TypeVar("Q")


def _load() -> Pack:
    """The built-in pack the summaries are made of."""
    pack = load_pack(builtin_packs_home() / PACK_ID).pack
    assert pack is not None
    return pack


# Loaded once, at import: the hypothesis strategies of the tests draw from its questions.
PACK = _load()
QUESTIONS: list[AnyQuestion] = list(PACK.questions())


def first(kind: type[Q], skill: Skill | None = None) -> Q:
    """The first question of a type, in a skill or anywhere in the pack."""
    found = skill.questions if skill else QUESTIONS
    return next(q for q in found if isinstance(q, kind))


def answer(
    question: AnyQuestion | str,
    response: Any,
    score: float,
    minute: int = 0,
    *,
    skill_id: str | None = None,
) -> Attempt:
    """One answer in the session, `minute` minutes after it began."""
    question_id = question if isinstance(question, str) else question.id
    skill = skill_id or ("gone-skill" if isinstance(question, str) else question.skill)
    return Attempt(
        id=f"a-{question_id}-{minute}",
        learner_id="ada",
        pack_id=PACK_ID,
        pack_version=PACK.version,
        question_id=question_id,
        skill_id=skill,
        response=response,
        score=score,
        hints_used=0,
        seconds=20.0,
        at=START + timedelta(minutes=minute),
    )


def right(question: AnyQuestion, minute: int = 0) -> Attempt:
    """A fully right answer to `question`."""
    return answer(question, grading.correct_response(question), 1.0, minute)


def wrong(question: AnyQuestion, minute: int = 0) -> Attempt:
    """A wrong answer to `question` (a wrong choice, or the opposite of true or false)."""
    if isinstance(question, ChoiceQuestion):
        response: Any = next(c for c in question.choices if c != question.answer)
    elif isinstance(question, TrueFalseQuestion):
        response = not question.answer
    else:
        response = "no idea"
    return answer(question, response, 0.0, minute)


def report(
    attempts: Sequence[Attempt],
    *,
    pack: Pack = PACK,
    before: dict[str, float] | None = None,
    after: dict[str, float] | None = None,
    mastered_after: Sequence[str] = (),
    mastered_before: Sequence[str] = (),
    next_activity: Activity | None = None,
    minutes: float = 25,
    minutes_planned: int | None = 30,
    skills_asked: Sequence[str] = (),
    learner: str = "Ada",
) -> SessionReport:
    """The summary of a session of these answers, begun at START and `minutes` long."""
    return build_session_report(
        pack,
        learner,
        attempts,
        before or {},
        after or {},
        mastered_after,
        mastered_before,
        next_activity,
        START,
        START + timedelta(minutes=minutes),
        minutes_planned,
        skills_asked,
    )


def skill_questions(index: int) -> tuple[Skill, list[AnyQuestion]]:
    """The pack's skill at `index`, with its questions."""
    skill = PACK.skills[index]
    return skill, list(skill.questions)
