"""Bayesian knowledge tracing: how likely it is that a learner knows a skill.

Each skill has a probability `p` that the learner knows it. An answer is evidence: a right answer
raises `p` (unless it is likely to be a lucky guess), a wrong one lowers it (unless it is likely to
be a slip). After each answer the learner may also have learned the skill, with probability `learn`.
A skill is mastered once `p` reaches the pack's `threshold`.

Three refinements keep the evidence honest:

- a partial score (for example 2 of 3 blanks) counts as that fraction of a right answer and the rest
  of a wrong one;
- each hint used weakens what a right answer says about the learner, because the hint did part of
  the work. A wrong answer after hints still counts fully against;
- a right answer to a question whose answer the learner was shown lately (`is_repeat`) says
  little about the skill: it moves the estimate, and teaches, a quarter as much. A wrong one still
  counts fully against.

The estimate alone never masters a skill: the learner also needs right answers on distinct
questions (`SkillProgress.established`), so that knowing one answer by heart is not knowing the
skill.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from tutor_tui.core.content import Mastery

# How much each hint used discounts the evidence of a right answer: 1 hint keeps 60%, 2 keep 36%.
HINT_DISCOUNT = 0.6
# How much a right answer to a question answered lately counts, beside a fresh one.
REPEAT_WEIGHT = 0.25
# How long after its answer was shown a question tests memory of the skill again, not of the
# answer just read.
SHOWN_LATELY = timedelta(hours=12)


def p_correct(p_known: float, params: Mastery) -> float:
    """The chance of a right answer from one who knows the skill with probability `p_known`."""
    return p_known * (1.0 - params.slip) + (1.0 - p_known) * params.guess


def posterior(
    p_known: float, score: float, params: Mastery, hints_used: int = 0, weight: float = 1.0
) -> float:
    """What `p_known` becomes after seeing an answer, before any learning from it.

    `weight` (at most 1) is how much a right answer counts: less for a repeated question.
    """
    p_known = _clamp(p_known)
    score = min(1.0, max(0.0, score))
    right = p_known * (1.0 - params.slip)
    p_right = right / (right + (1.0 - p_known) * params.guess)
    wrong = p_known * params.slip
    p_wrong = wrong / (wrong + (1.0 - p_known) * (1.0 - params.guess))
    weight *= HINT_DISCOUNT ** max(0, hints_used)
    # A hinted or repeated right answer moves p only part of the way an unaided fresh one would.
    p_right = p_known + weight * (p_right - p_known)
    return score * p_right + (1.0 - score) * p_wrong


def update(
    p_known: float, score: float, params: Mastery, hints_used: int = 0, weight: float = 1.0
) -> float:
    """What `p_known` becomes after an answer and the chance to learn from it; `weight` is how
    much the answer counts (a repeated question's teaches less too: its answer was just shown)."""
    after = posterior(p_known, score, params, hints_used, weight)
    return _clamp(after + (1.0 - after) * params.learn * weight)


def is_repeat(
    seen: Sequence[tuple[str, datetime]], question_id: str, at: datetime, params: Mastery
) -> bool:
    """Whether an answer to this question at `at` is weak evidence: the learner has answered it
    (and so seen its answer) among the skill's last `repeat_window` answers, or within
    `SHOWN_LATELY`. `seen` holds the skill's questions with when each was last answered, the one
    answered longest ago first."""
    for position, (seen_id, seen_at) in enumerate(reversed(seen)):
        if seen_id == question_id:
            return position < params.repeat_window or at - seen_at < SHOWN_LATELY
    return False


def is_mastered(p_known: float, params: Mastery) -> bool:
    """Whether the estimate has reached the skill's mastery threshold."""
    return p_known >= params.threshold


def _clamp(p: float) -> float:
    return min(1.0 - 1e-6, max(1e-6, p))
