"""7: a skill's state keeps how many of its questions were answered right at first sight, and a
question's state the skills it was answered under, so that whether a learner has shown
elsewhere in a pack that they answer unseen questions is read from a few rows of an index, not
from every skill and question of the pack on each answer; and when a learner last answered in
a pack is read from an index too.

The derived state is rebuilt after it: both come from the log.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the count of a skill's state, the indexes of the two, and the skills of a
    question's state."""
    op.add_column(
        "skill_states",
        sa.Column("first_sight", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_index(
        "skill_states_by_first_sight", "skill_states", ["learner_id", "pack_id", "first_sight"]
    )
    op.create_index(
        "skill_states_by_last_seen", "skill_states", ["learner_id", "pack_id", "last_seen"]
    )
    op.add_column("question_states", sa.Column("skills", sa.String()))
