"""The store's tables, as SQLModel classes: every table of the database, in one module.

Facts: learners, goals, the append-only event log (answers, lessons read, skills placed), study
sessions, erasures. Derived state, a cache of what the log implies: per learner and skill, and per
learner and question. Times are stored as ISO 8601 text in UTC, which sorts in time order.
"""

from __future__ import annotations

from sqlalchemy import Table
from sqlmodel import Field, Index, SQLModel


def table(model: type[SQLModel]) -> Table:
    """The Core table of a model, for inserts, updates and deletes of many rows at once."""
    return SQLModel.metadata.tables[str(model.__tablename__)]


class MetaRow(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str


class LearnerRow(SQLModel, table=True):
    __tablename__ = "learners"
    id: str = Field(primary_key=True)
    name: str = Field(unique=True, index=True)
    created_at: str
    settings: str = "{}"
    group_name: str | None = None
    pin_hash: str | None = None
    # When the group was last set, and each setting (a JSON map of setting to time), on whichever
    # computer: of two laptops' versions, a merge keeps the later (schema 4).
    group_set_at: str | None = None
    settings_set_at: str | None = None


class GoalRow(SQLModel, table=True):
    __tablename__ = "goals"
    id: str = Field(primary_key=True)
    learner_id: str = Field(foreign_key="learners.id", index=True)
    pack_id: str
    skills: str = "[]"
    due_by: str
    daily_minutes: int
    created_at: str
    status: str = "active"
    closed_at: str | None = None


class AttemptRow(SQLModel, table=True):
    __tablename__ = "attempts"
    __table_args__ = (
        Index("attempts_by_learner_pack_time", "learner_id", "pack_id", "answered_at"),
    )
    seq: int | None = Field(default=None, primary_key=True)
    id: str = Field(unique=True)
    learner_id: str = Field(foreign_key="learners.id")
    pack_id: str
    pack_version: str
    question_id: str
    skill_id: str
    response: str
    score: float
    hints_used: int = 0
    seconds: float | None = None
    answered_at: str
    kind: str = "practice"
    session_id: str | None = None


class LessonViewRow(SQLModel, table=True):
    __tablename__ = "lesson_views"
    __table_args__ = (Index("lesson_views_by_learner_pack", "learner_id", "pack_id", "viewed_at"),)
    seq: int | None = Field(default=None, primary_key=True)
    id: str = Field(unique=True)
    learner_id: str = Field(foreign_key="learners.id")
    pack_id: str
    skill_id: str
    viewed_at: str


class PlacedRow(SQLModel, table=True):
    __tablename__ = "placements"
    __table_args__ = (Index("placements_by_learner_pack", "learner_id", "pack_id", "placed_at"),)
    seq: int | None = Field(default=None, primary_key=True)
    id: str = Field(unique=True)
    learner_id: str = Field(foreign_key="learners.id")
    pack_id: str
    skill_id: str
    belief: float
    placed_at: str


class SkillStateRow(SQLModel, table=True):
    __tablename__ = "skill_states"
    # On every answer: the skills of the pack with a question right at first sight, and when the
    # pack was last answered, each found without reading the rest of the pack (schema 7).
    __table_args__ = (
        Index("skill_states_by_first_sight", "learner_id", "pack_id", "first_sight"),
        Index("skill_states_by_last_seen", "learner_id", "pack_id", "last_seen"),
    )
    learner_id: str = Field(primary_key=True, foreign_key="learners.id")
    pack_id: str = Field(primary_key=True)
    skill_id: str = Field(primary_key=True)
    p_known: float
    attempts: int = 0
    correct: int = 0
    misses_in_a_row: int = 0
    seconds: float = 0.0
    last_seen: str | None = None
    lesson_seen_at: str | None = None
    misses_since: str | None = None
    mastered_at: str | None = None
    card: str | None = None
    due: str | None = Field(default=None, index=True)
    # JSON lists: the skill's questions with when each was last answered, the questions
    # answered right as full evidence of the skill, and those answered right at all.
    seen: str | None = None
    evidence: str | None = None
    answered_right: str | None = None
    # The misses in a row when the lesson was last read (0 for a row written without it).
    lesson_misses: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    placed_at: str | None = None
    # How many of its questions were answered right at first sight and never missed since (those
    # luck may answer counting two together once beyond luck: `first_sight.lucky_change`)
    # (schema 7).
    first_sight: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # While placed out and not confirmed: the estimate as if never placed (schema 8).
    unplaced: float | None = None


class QuestionStateRow(SQLModel, table=True):
    __tablename__ = "question_states"
    learner_id: str = Field(primary_key=True, foreign_key="learners.id")
    pack_id: str = Field(primary_key=True)
    question_id: str = Field(primary_key=True)
    attempts: int = 0
    correct: int = 0
    last_seen: str | None = None
    last_score: float | None = None
    # A JSON list: the skills it was answered under (schema 7).
    skills: str | None = None


class ErasureRow(SQLModel, table=True):
    """A learner's progress erased here (`tutor learners reset|remove`): what a merge leaves out.

    It keeps the learner's id and a hash of their name, not the name: enough to know them again
    in a bundle from another laptop, where their answers still are.
    """

    __tablename__ = "erasures"
    id: str = Field(primary_key=True)
    learner_id: str = Field(index=True)
    name_key: str = Field(index=True)
    erased_at: str


class StudySessionRow(SQLModel, table=True):
    __tablename__ = "study_sessions"
    id: str = Field(primary_key=True)
    learner_id: str = Field(foreign_key="learners.id", index=True)
    pack_id: str | None = None
    started_at: str
    ended_at: str | None = None
    planned_minutes: int | None = None
