"""Bayesian knowledge tracing: how likely it is that a learner knows a skill.

Each skill has a probability `p` that the learner knows it. An answer is evidence: a right answer
raises `p` (unless it is likely to be a lucky guess), a wrong one lowers it (unless it is likely to
be a slip). After each answer the learner may also have learned the skill, with probability `learn`.
A skill is mastered once `p` reaches the pack's `threshold`.

Two refinements keep the evidence honest:

- a partial score (for example 2 of 3 blanks) counts as that fraction of a right answer and the rest
  of a wrong one;
- each hint used weakens what a right answer says about the learner, because the hint did part of
  the work. A wrong answer after hints still counts fully against.
"""

from __future__ import annotations

from tutor_tui.core.content import Mastery

# How much each hint used discounts the evidence of a right answer: 1 hint keeps 60%, 2 keep 36%.
HINT_DISCOUNT = 0.6


def p_correct(p_known: float, params: Mastery) -> float:
    """The chance of a right answer from one who knows the skill with probability `p_known`."""
    return p_known * (1.0 - params.slip) + (1.0 - p_known) * params.guess


def posterior(p_known: float, score: float, params: Mastery, hints_used: int = 0) -> float:
    """What `p_known` becomes after seeing an answer, before any learning from it."""
    p_known = _clamp(p_known)
    score = min(1.0, max(0.0, score))
    right = p_known * (1.0 - params.slip)
    p_right = right / (right + (1.0 - p_known) * params.guess)
    wrong = p_known * params.slip
    p_wrong = wrong / (wrong + (1.0 - p_known) * (1.0 - params.guess))
    weight = HINT_DISCOUNT ** max(0, hints_used)
    # A hinted right answer moves p only part of the way towards what an unaided one would.
    p_right = p_known + weight * (p_right - p_known)
    return score * p_right + (1.0 - score) * p_wrong


def update(p_known: float, score: float, params: Mastery, hints_used: int = 0) -> float:
    """What `p_known` becomes after an answer and the chance to learn from it."""
    after = posterior(p_known, score, params, hints_used)
    return _clamp(after + (1.0 - after) * params.learn)


def is_mastered(p_known: float, params: Mastery) -> bool:
    """Whether the estimate has reached the skill's mastery threshold."""
    return p_known >= params.threshold


def _clamp(p: float) -> float:
    return min(1.0 - 1e-6, max(1e-6, p))
