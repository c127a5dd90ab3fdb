"""Where a learner stands on a skill: the one judgement every screen, report and `--json` reads.

A skill is one of:

- **new**: nothing done on it yet;
- **learning**: begun (a lesson read or an answer given), not mastered; a skill being learnt is
  *held* when its estimate waits just below the threshold with every question of it shown and
  its answers recalled no longer counting: only answers right at first sight on the skills
  that require it move it;
- **mastered**: the estimate has reached the threshold *and* right answers on enough distinct
  questions back it (or it was mastered before, or a placement was confirmed), no review due;
- **placed out**: a placement check found it known, and nothing since has confirmed it (its
  first review, or a later check, does that);
- **due**: mastered, and its review is due;
- **slipping**: it was mastered once, and misses since have taken the estimate below the threshold.

`mastered`, `placed out` and `due` are *known*: the planner treats them as done and what requires
them as open. Only `mastered` and `due` count as mastered in a count of skills mastered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from tutor_tui.core import choosing, mastery
from tutor_tui.core.content import Mastery
from tutor_tui.core.learner import LearnerState, SkillProgress

State = Literal["new", "learning", "mastered", "placed out", "due", "slipping"]

# The states that count as knowing the skill: its dependants are open, it is reviewed, not taught.
KNOWN: frozenset[State] = frozenset({"mastered", "placed out", "due"})


@dataclass(frozen=True, slots=True)
class Standing:
    """A learner's standing on one skill, with the evidence for it."""

    skill_id: str
    state: State
    # The model's estimate that the learner knows the skill, and the estimate mastery needs.
    p_known: float
    threshold: float
    # Distinct questions answered right as full evidence, and how many mastery needs.
    distinct: int
    needed: int
    # When the skill was first mastered (placed out: when it was placed), last answered, next due.
    mastered_at: datetime | None
    placed_at: datetime | None
    last_seen: datetime | None
    due: datetime | None
    # Learning, held just below the threshold with every question of it shown, its answers
    # recalled no longer counting (`choosing.stuck`): practice on it adds nothing until
    # answers right at first sight on the skills that require it release it. Read only when
    # the learner's state was given (`standing`'s `state`).
    held: bool = False

    @property
    def known(self) -> bool:
        """Whether the skill counts as known: mastered, placed out, or due for review."""
        return self.state in KNOWN

    @property
    def mastered(self) -> bool:
        """Whether the skill counts as mastered by practice (due for review included); a skill
        placed out does not, until it is confirmed."""
        return self.state in ("mastered", "due")

    @property
    def checked(self) -> bool:
        """Whether what the skill's date (`due`) brings is a check of a placement, not a review:
        placed out, its next answer confirms the placement or sends the skill back. Every count
        of reviews ahead leaves these out and counts them apart."""
        return self.state == "placed out"

    def evidence(self) -> str:
        """The evidence behind the state, in a few words a learner reads."""
        percent = round(100 * self.p_known)
        needs = round(100 * self.threshold)
        right = f"right on {self.distinct} of {self.needed} distinct questions needed"
        if self.state == "placed out":
            return f"placed out by a placement check, {percent}% likely known"
        held = "; held: answers to questions already shown no longer count" if self.held else ""
        return f"{percent}% likely known (mastery needs {needs}%), {right}{held}"

    def to_dict(self) -> dict[str, object]:
        """The standing as JSON-ready values."""
        return {
            "skill": self.skill_id,
            "state": self.state,
            "p_known": round(self.p_known, 4),
            "threshold": self.threshold,
            "distinct_right": self.distinct,
            "distinct_needed": self.needed,
            "mastered_at": _iso(self.mastered_at),
            "placed_at": _iso(self.placed_at),
            "last_seen": _iso(self.last_seen),
            "due": _iso(self.due),
            "held": self.held,
        }


def standing(
    progress: SkillProgress, params: Mastery, now: datetime, learner: LearnerState | None = None
) -> Standing:
    """A learner's standing on a skill at `now`, from their progress on it and its rules; with
    the `learner`'s state in the pack, whether a skill they are learning is held."""
    reached = mastery.is_mastered(progress.p_known, params)
    state: State
    if reached and progress.established(params):
        due = progress.due is not None and progress.due <= now
        if _placed_only(progress):
            state = "placed out"
        else:
            state = "due" if due else "mastered"
    elif progress.mastered_at is not None:
        state = "slipping"
    elif progress.attempts or progress.lesson_seen_at is not None:
        state = "learning"
    else:
        state = "new"
    # A skill neither known nor mastered once has no review ahead, nor a placement standing: a
    # placement its answers have since outweighed is no longer one, whatever a row still holds.
    reviewed = state in KNOWN or state == "slipping"
    return Standing(
        skill_id=progress.skill_id,
        state=state,
        p_known=progress.p_known,
        threshold=params.threshold,
        distinct=len(progress.evidence),
        needed=params.min_distinct,
        mastered_at=progress.mastered_at,
        placed_at=progress.placed_at if reviewed else None,
        last_seen=progress.last_seen,
        due=progress.due if reviewed else None,
        held=state == "learning"
        and learner is not None
        and choosing.stuck(progress, params, learner),
    )


def counts_as_mastered(progress: SkillProgress, params: Mastery) -> bool:
    """Whether a skill counts in a count of skills mastered: its standing is mastered or due, at
    any time (placed out does not count until it is confirmed)."""
    return progress.is_mastered(params) and not _placed_only(progress)


def is_placed_out(progress: SkillProgress, params: Mastery) -> bool:
    """Whether a skill's standing is placed out, at any time: known by a placement check and
    not confirmed since."""
    return progress.is_mastered(params) and _placed_only(progress)


def _placed_only(progress: SkillProgress) -> bool:
    return progress.placed_at is not None and progress.mastered_at is None


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at else None
