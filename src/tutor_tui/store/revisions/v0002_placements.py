"""2: placement checks log the skills they found known."""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the log of skills placed."""
    op.create_table(
        "placements",
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("id", sa.String(), nullable=False, unique=True),
        sa.Column("learner_id", sa.String(), sa.ForeignKey("learners.id"), nullable=False),
        sa.Column("pack_id", sa.String(), nullable=False),
        sa.Column("skill_id", sa.String(), nullable=False),
        sa.Column("belief", sa.Float(), nullable=False),
        sa.Column("placed_at", sa.String(), nullable=False),
    )
    op.create_index(
        "placements_by_learner_pack", "placements", ["learner_id", "pack_id", "placed_at"]
    )
