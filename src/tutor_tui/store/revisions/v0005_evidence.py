"""5: a skill's state keeps which distinct questions gave evidence, and whether it was placed out
rather than mastered.

The derived state is rebuilt after it: the evidence of distinct questions comes from the log.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the evidence columns of a skill's state."""
    for name in ("seen", "evidence", "placed_at"):
        op.add_column("skill_states", sa.Column(name, sa.String()))
