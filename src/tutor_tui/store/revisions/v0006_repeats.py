"""6: a skill's state keeps which questions were answered right, so that a right answer given
before never builds mastery twice, and how many misses in a row there were when its lesson was
last read, so that further misses bring the lesson again.

The derived state is rebuilt after it: both come from the log.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the two columns of a skill's state."""
    op.add_column("skill_states", sa.Column("answered_right", sa.String()))
    op.add_column(
        "skill_states",
        sa.Column("lesson_misses", sa.Integer(), nullable=False, server_default="0"),
    )
