"""What a learner does next: one activity, with the reason it was chosen (`core.planner` picks
it; every shell shows it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ActivityKind = Literal["lesson", "question", "review", "done"]


@dataclass(frozen=True, slots=True)
class Activity:
    """The next thing to do, and why."""

    kind: ActivityKind
    pack_id: str
    skill_id: str | None
    question_id: str | None
    reason: str
    # Reviews (and checks of skills placed out) due by the end of today, in the plan's skills.
    reviews_due: int = 0
