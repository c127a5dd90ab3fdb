"""8: a skill placed out and not yet confirmed keeps beside its estimate the one its own answers
give from the prior, as if it had never been placed out, so that a skill sent back to practice
keeps what its own answers showed rather than start again from the prior.

The derived state is rebuilt after it: it comes from the log.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the estimate as if never placed to a skill's state."""
    op.add_column("skill_states", sa.Column("unplaced", sa.Float()))
