"""Goals a learner sets, and the study sessions they hold."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update

from tutor_tui.core.pace import Goal
from tutor_tui.store import rows
from tutor_tui.store.engine import Database
from tutor_tui.store.learners import hold
from tutor_tui.store.tables import GoalRow, StudySessionRow, table


class Goals:
    """Learners' goals and study sessions."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, goal: Goal, replacing: str | None = None, at: datetime | None = None) -> None:
        """Add a goal, dropping the one it replaces, in one transaction."""
        goals = table(GoalRow)
        with self.db.write() as conn:
            hold(conn, goal.learner_id)  # two laptops replacing one goal leave one goal
            if replacing is not None:
                conn.execute(
                    update(goals)
                    .where(goals.c.id == replacing)
                    .values(status="dropped", closed_at=rows.to_text(at or goal.created_at))
                )
            conn.execute(insert(goals), [rows.goal_values(goal)])

    def of(self, learner_id: str) -> list[Goal]:
        """A learner's goals, oldest first."""
        goals = table(GoalRow)
        with self.db.read() as conn:
            found = conn.execute(
                select(goals).where(goals.c.learner_id == learner_id).order_by(goals.c.created_at)
            ).all()
        return [rows.goal(row) for row in found]

    def close(self, goal_id: str, status: str, at: datetime) -> None:
        """Mark a goal done or dropped."""
        goals = table(GoalRow)
        with self.db.write() as conn:
            conn.execute(
                update(goals)
                .where(goals.c.id == goal_id)
                .values(status=status, closed_at=rows.to_text(at))
            )

    def start_session(
        self,
        session_id: str,
        learner_id: str,
        pack_id: str | None,
        at: datetime,
        minutes: int | None,
    ) -> None:
        """Note that a study session began."""
        with self.db.write() as conn:
            conn.execute(
                insert(table(StudySessionRow)).values(
                    id=session_id,
                    learner_id=learner_id,
                    pack_id=pack_id,
                    started_at=rows.to_text(at),
                    planned_minutes=minutes,
                )
            )

    def end_session(self, session_id: str, at: datetime) -> None:
        """Note that a study session ended."""
        sessions = table(StudySessionRow)
        with self.db.write() as conn:
            conn.execute(
                update(sessions)
                .where(sessions.c.id == session_id)
                .values(ended_at=rows.to_text(at))
            )
