"""10: no table changes; how mastery follows from the answers changed: right answers luck may
give open a skill's recitals only when luck is unlikely to give them on any skill of the pack,
the bar of one in a hundred shared among its skills.

The derived state is rebuilt after it: it comes from the log.
"""

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change in the tables: the rebuild after it derives the state anew."""
