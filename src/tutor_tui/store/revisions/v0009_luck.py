"""9: no table changes; how mastery follows from the answers changed: a right answer to a
question luck may answer moves the estimate only as far as the chance of a lucky one leaves it
(a true/false's one in two, not the skill's one in five), and a skill's count of questions right
at first sight takes those luck may answer once together luck would not explain them.

The derived state is rebuilt after it: it comes from the log.
"""

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change in the tables: the rebuild after it derives the state anew."""
