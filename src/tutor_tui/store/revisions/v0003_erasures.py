"""3: erasing a learner is remembered, so that a merge does not bring their answers back."""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the erasures."""
    op.create_table(
        "erasures",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("learner_id", sa.String(), nullable=False),
        sa.Column("name_key", sa.String(), nullable=False),
        sa.Column("erased_at", sa.String(), nullable=False),
    )
    op.create_index("ix_erasures_learner_id", "erasures", ["learner_id"])
    op.create_index("ix_erasures_name_key", "erasures", ["name_key"])
