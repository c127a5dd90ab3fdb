"""How much an answer, or what practice has shown, says of a skill: the evidence placement weighs.

Each is a log likelihood ratio, known against not known (see `placement` for the model).
"""

from __future__ import annotations

import math

from tutor_tui.core.content import (
    AnyQuestion,
    ChoiceQuestion,
    MatchQuestion,
    MultiQuestion,
    OrderQuestion,
    Pack,
    TrueFalseQuestion,
)
from tutor_tui.core.knowledge_states import likelihoods

# The most a skill whose last practice answers were misses counts for: as an estimate of 0.1, odds
# of 9 to 1 against, past the bar that settles a skill as not known.
MISSED_IN_PRACTICE = -math.log(9.0)
# Moderate difficulty: questions of these difficulties are preferred.
MODERATE = (2, 4)
# The guess rate of typed answers (short, numeric, cloze) and the least for any question.
TYPED_GUESS = 0.05


def guess_rate(question: AnyQuestion) -> float:
    """The chance that a learner who does not know the skill answers this question right: by its
    kind, or from what it gives away of its answer (`Question.guess`), whichever is larger."""
    return max(_kind_rate(question), question.guess or 0.0)


def _kind_rate(question: AnyQuestion) -> float:
    match question:
        case ChoiceQuestion():
            return 1.0 / max(2, len(question.choices))
        case TrueFalseQuestion():
            return 0.5
        case MultiQuestion():
            # One nonempty subset of the choices is right.
            return max(TYPED_GUESS, 1.0 / (2 ** len(question.choices) - 1))
        case OrderQuestion():
            return max(TYPED_GUESS, 1.0 / math.factorial(len(question.items)))
        case MatchQuestion():
            return max(TYPED_GUESS, 1.0 / math.factorial(len(question.pairs)))
    return TYPED_GUESS


def slip_of(pack: Pack, skill_id: str) -> float:
    """The chance that a learner who knows the skill answers one of its questions wrong."""
    return min(0.5, max(0.01, pack.skill(skill_id).mastery.slip))


def answer_evidence(pack: Pack, question_id: str, score: float) -> tuple[str, float]:
    """The skill an answer with this score (0 to 1) speaks for, and its log likelihood ratio
    (known against not known), as the check weighs it."""
    question = pack.question(question_id)
    score = min(1.0, max(0.0, float(score)))
    known, unknown = likelihoods(score, guess_rate(question), slip_of(pack, question.skill))
    return question.skill, math.log(known) - math.log(unknown)


def practice_evidence(p_known: float, misses_in_a_row: int = 0) -> float:
    """What practice has shown of a skill, as a log likelihood ratio (known against not): the
    log odds of the model's estimate `p_known`, as if from the even odds placement starts every
    skill at; while the last answers on it are misses, no more than `MISSED_IN_PRACTICE` allows.

    A skill missed in practice, its estimate low, speaks against itself as a wrong answer in a
    check would; one whose last answer was a miss is not known now, however high the estimate
    stood before (a skill mastered, then missed in review); one mastered speaks for itself."""
    p_known = min(1.0 - 1e-6, max(1e-6, p_known))
    odds = math.log(p_known / (1.0 - p_known))
    return min(odds, MISSED_IN_PRACTICE) if misses_in_a_row else odds


def question_preference(item: tuple[int, AnyQuestion]) -> tuple[object, ...]:
    """Which of a skill's questions (with their order in the pack) placement asks first:
    moderate difficulty first, then the hardest to guess, then nearest 3, then pack order."""
    order, question = item
    low, high = MODERATE
    return (
        not low <= question.difficulty <= high,
        guess_rate(question),
        abs(question.difficulty - 3),
        order,
    )
