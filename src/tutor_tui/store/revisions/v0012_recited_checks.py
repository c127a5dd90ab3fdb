"""12: no table changes; how mastery follows from the answers changed: a placement check's answer
to a question the learner had answered before counts for nothing when the log is replayed (an
import set it aside when it met the answer before there, and kept it when the answer before came
later, so that the order of imports changed the log).

The derived state is rebuilt after it: it comes from the log.
"""

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change in the tables: the rebuild after it derives the state anew."""
