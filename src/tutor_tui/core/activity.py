"""What a learner does next: one activity, with the reason it was chosen (`core.planner` picks
it; every shell shows it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tutor_tui.core import held

ActivityKind = Literal["lesson", "question", "review", "done"]


@dataclass(frozen=True, slots=True)
class Activity:
    """The next thing to do, and why."""

    kind: ActivityKind
    pack_id: str
    skill_id: str | None
    question_id: str | None
    reason: str
    # Reviews of skills mastered due by the end of today, in the plan's skills.
    reviews_due: int = 0
    # Checks of skills placed out due by then: counted apart, as they are no reviews.
    checks_due: int = 0
    # Whether the question is a check of a skill placed out (`kind` "review"): its answer
    # confirms the placement or sends the skill back to practice, where a review's only
    # reschedules it.
    check: bool = False

    def done_words(self) -> tuple[str, str]:
        """The heading and the line a screen shows when nothing is left (`kind` "done"), in
        agreement: "Well done!" over every skill known; over held skills nothing the learner
        can answer now counts towards, "Done for now" and what they need, with no praise (there
        may have been no answer at all)."""
        if self.reason.startswith(held.DONE):
            rest = self.reason.removeprefix(held.DONE).strip()
            return "Done for now", f"{rest[:1].upper()}{rest[1:]}."
        return "Well done!", self.reason
