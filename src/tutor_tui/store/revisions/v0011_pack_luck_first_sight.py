"""11: no table changes; how mastery follows from the answers changed: right answers luck may
give count as first sight, speaking for the skills their skill requires, only beyond the bar
shared among the pack's skills, as they open their own skill's recitals (10).

The derived state is rebuilt after it: it comes from the log.
"""

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change in the tables: the rebuild after it derives the state anew."""
