"""Reading what a learner did and where they stand: the planner's state, answers, times, totals."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import case, func
from sqlmodel import select

from tutor_tui.core.learner import (
    RECENT,
    Attempt,
    Learner,
    LearnerState,
    Placed,
    Recent,
    SkillProgress,
)
from tutor_tui.core.pace import PAUSE_SECONDS
from tutor_tui.core.planner import takes_a_review_slot
from tutor_tui.store import rows
from tutor_tui.store.engine import Database
from tutor_tui.store.tables import (
    AttemptRow,
    GoalRow,
    LearnerRow,
    LessonViewRow,
    PlacedRow,
    QuestionStateRow,
    SkillStateRow,
    StudySessionRow,
    table,
)

_ANSWERS = table(AttemptRow)


class History:
    """What the log and the derived state say about learners."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def learner_state(self, learner: Learner, pack_id: str, now: datetime) -> LearnerState:
        """What the planner needs about a learner in a pack."""
        answers = _ANSWERS.c
        in_pack = (answers.learner_id == learner.id, answers.pack_id == pack_id)
        midnight = now.astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
        with self.db.read() as conn:
            skills = conn.execute(
                select(SkillStateRow).where(
                    SkillStateRow.learner_id == learner.id, SkillStateRow.pack_id == pack_id
                )
            ).all()
            questions = conn.execute(
                select(QuestionStateRow).where(
                    QuestionStateRow.learner_id == learner.id, QuestionStateRow.pack_id == pack_id
                )
            ).all()
            recent = conn.execute(
                select(answers.question_id, answers.skill_id, answers.kind, answers.score)
                .where(*in_pack)
                .order_by(answers.answered_at.desc(), answers.id.desc())
                .limit(RECENT)
            ).all()
            reviewed_today = conn.execute(
                select(answers.skill_id, answers.answered_at).where(
                    *in_pack,
                    answers.kind == "review",
                    answers.answered_at >= rows.to_text(midnight),
                )
            ).all()
        with rows.derived_state():
            progress = {row.skill_id: rows.skill_progress(row) for row in skills}
            by_question = {row.question_id: rows.question_progress(row) for row in questions}
            # Checks of skills placed out are answers of kind "review" too, and take no slot.
            reviews_today = sum(
                1
                for skill_id, at in rows.each(reviewed_today, _review)
                if skill_id in progress and takes_a_review_slot(progress[skill_id], at)
            )
        return LearnerState(
            learner_id=learner.id,
            pack_id=pack_id,
            skills=progress,
            questions=by_question,
            recent=tuple(
                Recent(r.question_id, r.skill_id, r.kind, r.score) for r in reversed(recent)
            ),
            reviews_today=reviews_today,
            desired_retention=learner.desired_retention,
        )

    def skill_states(self, learner_id: str) -> dict[tuple[str, str], SkillProgress]:
        """A learner's progress on every skill, by (pack id, skill id)."""
        with self.db.read() as conn:
            found = conn.execute(
                select(SkillStateRow).where(SkillStateRow.learner_id == learner_id)
            ).all()
        with rows.derived_state():
            return {(row.pack_id, row.skill_id): rows.skill_progress(row) for row in found}

    def attempts(
        self,
        learner_id: str | None = None,
        pack_id: str | None = None,
        session_id: str | None = None,
    ) -> list[Attempt]:
        """Answers in the order they were given: all, or a learner's, in a pack, in a session."""
        answers = _ANSWERS.c
        query = select(AttemptRow)
        if learner_id is not None:
            query = query.where(answers.learner_id == learner_id)
        if pack_id is not None:
            query = query.where(answers.pack_id == pack_id)
        if session_id is not None:
            query = query.where(answers.session_id == session_id)
        with self.db.read() as conn:
            found = conn.execute(query.order_by(answers.answered_at, answers.id)).all()
        return list(rows.each(found, rows.attempt, self.db.left_out))

    def placements(self, learner_id: str, pack_id: str | None = None) -> list[Placed]:
        """The skills placement checks placed a learner out of, in the order they were placed."""
        log = table(PlacedRow).c
        query = select(PlacedRow).where(log.learner_id == learner_id)
        if pack_id is not None:
            query = query.where(log.pack_id == pack_id)
        with self.db.read() as conn:
            found = conn.execute(query.order_by(log.placed_at, log.id)).all()
        return [rows.placed(row) for row in found]

    def answer_times(self, learner_id: str, since: datetime) -> list[tuple[datetime, float]]:
        """When each answer since `since` was given, and the seconds it took."""
        answers = _ANSWERS.c
        with self.db.read() as conn:
            found = conn.execute(
                select(answers.answered_at, _studied(answers.seconds))
                .where(answers.learner_id == learner_id, answers.answered_at >= rows.to_text(since))
                .order_by(answers.answered_at)
            ).all()
        return list(rows.each(found, _answer_time, self.db.left_out))

    def totals(self, learner_id: str) -> dict[str, tuple[int, float]]:
        """Per pack: how many answers and how many seconds."""
        answers = _ANSWERS.c
        with self.db.read() as conn:
            found = conn.execute(
                select(answers.pack_id, func.count(), func.sum(_studied(answers.seconds)))
                .where(answers.learner_id == learner_id)
                .group_by(answers.pack_id)
            ).all()
        return {pack_id: (count, float(seconds)) for pack_id, count, seconds in found}

    def counts(self) -> dict[str, int]:
        """How many learners, and how many of each fact, the database holds."""
        kinds = (LearnerRow, AttemptRow, LessonViewRow, PlacedRow, StudySessionRow, GoalRow)
        with self.db.read() as conn:
            return {
                str(model.__tablename__): int(
                    conn.execute(select(func.count()).select_from(table(model))).scalar() or 0
                )
                for model in kinds
            }


def _answer_time(row: Any) -> tuple[datetime, float]:
    """When an answer was given, and the seconds it took; Unreadable for a damaged time."""
    at, seconds = row
    return rows.event_time(at, "attempts"), float(seconds)


def _studied(seconds: Any) -> Any:
    """An answer's seconds as study counts them, in SQL: up to a pause (`core.pace.studied_seconds`
    says it for one answer), none below zero, 0 when not known."""
    return case((seconds > PAUSE_SECONDS, PAUSE_SECONDS), (seconds > 0, seconds), else_=0.0)


def _review(row: Any) -> tuple[str, datetime]:
    """A review answer's skill and time; Unreadable for a damaged time (left out)."""
    return row.skill_id, rows.event_time(row.answered_at, "attempts")
