"""4: when a learner's group and settings were set, so that merges keep the later.

The derived state is rebuilt after it: from here, events of one instant replay by id.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the times a learner's group and settings were set."""
    op.add_column("learners", sa.Column("group_set_at", sa.String()))
    op.add_column("learners", sa.Column("settings_set_at", sa.String()))
