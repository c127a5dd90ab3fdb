"""6: a skill's state keeps which questions were answered right, so that a right answer given
before never builds mastery twice.

The derived state is rebuilt after it: the questions answered right come from the log.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the column of the questions a skill's state has had right."""
    op.add_column("skill_states", sa.Column("answered_right", sa.String()))
