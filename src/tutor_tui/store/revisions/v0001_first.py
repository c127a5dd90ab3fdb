"""1: the first schema: learners, goals, the attempt log, lessons read, derived state, sessions."""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _learner() -> sa.Column[str]:
    return sa.Column("learner_id", sa.String(), sa.ForeignKey("learners.id"), nullable=False)


def upgrade() -> None:
    """Create the tables of the first schema, as the tutor's first release made them."""
    op.create_table(
        "meta",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.String(), nullable=False),
    )
    op.create_table(
        "learners",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("settings", sa.String(), nullable=False),
        sa.Column("group_name", sa.String()),
        sa.Column("pin_hash", sa.String()),
    )
    op.create_index("ix_learners_name", "learners", ["name"], unique=True)
    op.create_table(
        "goals",
        sa.Column("id", sa.String(), primary_key=True),
        _learner(),
        sa.Column("pack_id", sa.String(), nullable=False),
        sa.Column("skills", sa.String(), nullable=False),
        sa.Column("due_by", sa.String(), nullable=False),
        sa.Column("daily_minutes", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("closed_at", sa.String()),
    )
    op.create_index("ix_goals_learner_id", "goals", ["learner_id"])
    op.create_table(
        "attempts",
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("id", sa.String(), nullable=False, unique=True),
        _learner(),
        sa.Column("pack_id", sa.String(), nullable=False),
        sa.Column("pack_version", sa.String(), nullable=False),
        sa.Column("question_id", sa.String(), nullable=False),
        sa.Column("skill_id", sa.String(), nullable=False),
        sa.Column("response", sa.String(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("hints_used", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Float()),
        sa.Column("answered_at", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("session_id", sa.String()),
    )
    op.create_index(
        "attempts_by_learner_pack_time", "attempts", ["learner_id", "pack_id", "answered_at"]
    )
    op.create_table(
        "lesson_views",
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("id", sa.String(), nullable=False, unique=True),
        _learner(),
        sa.Column("pack_id", sa.String(), nullable=False),
        sa.Column("skill_id", sa.String(), nullable=False),
        sa.Column("viewed_at", sa.String(), nullable=False),
    )
    op.create_index(
        "lesson_views_by_learner_pack", "lesson_views", ["learner_id", "pack_id", "viewed_at"]
    )
    op.create_table(
        "skill_states",
        sa.Column("learner_id", sa.String(), sa.ForeignKey("learners.id"), primary_key=True),
        sa.Column("pack_id", sa.String(), primary_key=True),
        sa.Column("skill_id", sa.String(), primary_key=True),
        sa.Column("p_known", sa.Float(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Integer(), nullable=False),
        sa.Column("misses_in_a_row", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        *(
            sa.Column(name, sa.String())
            for name in ("last_seen", "lesson_seen_at", "misses_since", "mastered_at", "card")
        ),
        sa.Column("due", sa.String()),
    )
    op.create_index("ix_skill_states_due", "skill_states", ["due"])
    op.create_table(
        "question_states",
        sa.Column("learner_id", sa.String(), sa.ForeignKey("learners.id"), primary_key=True),
        sa.Column("pack_id", sa.String(), primary_key=True),
        sa.Column("question_id", sa.String(), primary_key=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Integer(), nullable=False),
        sa.Column("last_seen", sa.String()),
        sa.Column("last_score", sa.Float()),
    )
    op.create_table(
        "study_sessions",
        sa.Column("id", sa.String(), primary_key=True),
        _learner(),
        sa.Column("pack_id", sa.String()),
        sa.Column("started_at", sa.String(), nullable=False),
        sa.Column("ended_at", sa.String()),
        sa.Column("planned_minutes", sa.Integer()),
    )
    op.create_index("ix_study_sessions_learner_id", "study_sessions", ["learner_id"])
