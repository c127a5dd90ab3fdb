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
- a right answer to a question whose answer the learner has been shown says less about the skill
  than one at first sight: how much less `Answered.weigh` decides. A wrong one still counts fully
  against.

The estimate alone never masters a skill: the learner also needs right answers on distinct
questions, more than luck together (`enough`, `SkillProgress.established`), so that knowing one
answer by heart, or a lucky guess, is not knowing the skill; until then the estimate is held below
the threshold (`held`), so that the percentage a learner reads never promises a mastery the rules
would not give.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from tutor_tui.core.content import Mastery

# How much each hint used discounts the evidence of a right answer: 1 hint keeps 60%, 2 keep 36%.
HINT_DISCOUNT = 0.6
# How much a weak right answer (to a question whose answer was shown) counts, beside a fresh one.
REPEAT_WEIGHT = 0.25
# How long after its answer was shown a question tests memory of the skill again, not of the
# answer just read.
SHOWN_LATELY = timedelta(hours=12)
# How far below the threshold an estimate stays while the evidence mastery needs is missing: one
# more fresh right answer from there reaches the threshold.
HELD_BELOW = 0.05


# Wrong answers in a row that make a skill mastered before slip, however well practised: the
# estimate alone moves little after many right answers (a miss is taken for a slip).
REVIEW_MISSES_TO_SLIP = 2


# Skills that require a skill (`Mastery.above`), each with questions answered right at first
# sight, that its missed questions recalled need (`shown_elsewhere`): one lucky guess is not a
# learner who answers unseen questions. A skill with fewer above it needs each of them.
FIRST_SIGHT_SKILLS = 2
# Questions of each of those answered right at first sight (`right_at_first_sight`), none that
# luck may answer (`Mastery.guessable`), as mastery needs distinct questions: one typed answer
# whose words the prompt gives away (a cloze of left and right) is a coin's toss, and two of
# them on two skills opened recitals everywhere.
FIRST_SIGHT_QUESTIONS = 2


# How unlikely luck must be to explain right answers at first sight in a pack, when they are all
# to questions luck may answer, before a skill's missed questions count when recalled (`opened`)
# or they speak for the skills it requires (`first_sight.lucky_change`): shared out among the
# pack's skills (`luck_bar`).
LUCK = 0.01


def luck_bar(params: Mastery) -> float:
    """How unlikely luck must be to explain right answers on one skill, whose rules are
    `params`: `LUCK` shared among the skills of its pack
    (`Mastery.skills`), as luck has a try on each. One in a hundred on each of 17 skills let a
    guesser who recites through on one skill in about every second pack (`bench/simulate.py`,
    seeds 2 to 7)."""
    return LUCK / max(1, params.skills)


def opened(evidence: Iterable[str], params: Mastery) -> bool:
    """Whether a skill's fresh evidence is more than luck: a right answer to a question luck may
    not answer (a typed one), or right answers to questions it may, all together unlikely to be
    lucky (`luck_bar`: in a pack of one skill, a true/false and a choice of four are not
    enough, a set of six choices and a true/false are; in a pack of 17, neither). A skill
    whose every question luck may answer, all of them together more likely than that, takes
    right answers to all of them."""
    found = list(evidence)
    if any(question_id not in params.guessable for question_id in found):
        return True
    bar = luck_bar(params)
    if len(params.luck) >= params.questions > 0:
        # Not any one right answer: Booleans, whose cloze of `and` and `or` its text gives away,
        # opened on that cloze alone, and the answers shown recited there mastered it.
        bar = max(bar, math.prod(chance for _question, chance in params.luck))
    return beyond_luck(found, params, bar)


def beyond_luck(found: Iterable[str], params: Mastery, bar: float | None = None) -> bool:
    """Whether right answers to these questions of a skill, each of which luck may answer, are
    together unlikely to be lucky: the product of their chances (`Mastery.chance`) at most
    `bar`, the skill's `luck_bar` unless given. None at all are luck's."""
    found = list(found)
    chance = math.prod(params.chance(question_id) for question_id in found)
    bar = luck_bar(params) if bar is None else bar
    return bool(found) and chance <= bar * (1.0 + 1e-9)  # the same chances in another order


def enough(evidence: Sequence[str], params: Mastery) -> bool:
    """Whether a skill's fresh evidence is enough for mastery beside the estimate: right answers
    on `min_distinct` distinct questions, more than luck together (`opened`): two lucky guesses
    are two questions, but not evidence enough."""
    return len(evidence) >= params.min_distinct and opened(evidence, params)


def unaided(score: float, hints_used: int) -> float:
    """An answer's score as evidence of what the learner answers alone, for the rules of
    distinct questions and first sight: a right answer the hints helped to counts as a miss
    whose answer was shown (the hints showed part of it), never as fresh evidence, though it
    still moves the estimate, by `HINT_DISCOUNT`."""
    return score if hints_used <= 0 else 0.0


def right_at_first_sight(attempts: int, correct: int) -> bool:
    """Whether a question was answered right the first time it was asked (and never missed
    since), from its answers and right answers: never a recall of an answer shown."""
    return attempts == correct >= 1


def shows_on_skill(first_sight: int) -> bool:
    """Whether a skill with this many questions right at first sight, none that luck may answer
    (those it may count `FIRST_SIGHT_QUESTIONS` together once beyond luck: `beyond_luck`),
    shows that the learner answers right what they had not seen: `FIRST_SIGHT_QUESTIONS`."""
    return first_sight >= FIRST_SIGHT_QUESTIONS


def shown_elsewhere(shown: Iterable[str], above: frozenset[str]) -> bool:
    """Whether a learner has shown, on skills that require a skill (its `Mastery.above`), that
    they answer right questions they had not seen: `shown` holds the skills of the pack that
    `shows_on_skill`. `FIRST_SIGHT_SKILLS` of them are needed, or each, when fewer require it.

    Knowing a skill implies knowing what it requires, so first sight up there speaks for this
    one; knowing what it requires, or something unrelated, does not: two skills answered
    honestly at the bottom of a pack opened recitals on every skill above them. A skill nothing
    requires (the top of a pack, a pack of one skill) is opened only by its own first sight
    (`opened`). Recall evidence never counts, so that one skill's recitals never open another's.
    """
    needed = min(FIRST_SIGHT_SKILLS, len(above))
    return needed > 0 and sum(1 for skill in set(shown) if skill in above) >= needed


def p_correct(p_known: float, params: Mastery) -> float:
    """The chance of a right answer from one who knows the skill with probability `p_known`."""
    return p_known * (1.0 - params.slip) + (1.0 - p_known) * params.guess


def guess_of(params: Mastery, question_id: str | None) -> float:
    """The chance that one who does not know the skill answers this question right, as the
    estimate weighs its answer: the skill's `guess`, or the chance luck answers the question
    (`Mastery.chance`: a true/false's one in two), whichever is larger, and no more than a right
    answer from one who knows it (`1 - slip`), where an answer says nothing either way.

    A true/false right at first sight weighed as if luck answered it one time in five moved a
    skill from 79% to 96%: a simulated novice who had not learnt Lists had it mastered on a
    typed answer and three choices and true/falses guessed right (`bench/simulate.py`)."""
    guess = params.guess
    if question_id is not None and question_id in params.guessable:
        guess = max(guess, min(params.chance(question_id), 1.0 - params.slip))
    return guess


def posterior(
    p_known: float,
    score: float,
    params: Mastery,
    hints_used: int = 0,
    weight: float = 1.0,
    question_id: str | None = None,
) -> float:
    """What `p_known` becomes after seeing an answer (to `question_id`, when known: `guess_of`),
    before any learning from it.

    `weight` (at most 1) is how much a right answer counts: less for a repeated question.
    """
    p_known = _clamp(p_known)
    score = min(1.0, max(0.0, score))
    guess = guess_of(params, question_id)
    right = p_known * (1.0 - params.slip)
    p_right = right / (right + (1.0 - p_known) * guess)
    wrong = p_known * params.slip
    p_wrong = wrong / (wrong + (1.0 - p_known) * (1.0 - guess))
    weight *= HINT_DISCOUNT ** max(0, hints_used)
    # A hinted or repeated right answer moves p only part of the way an unaided fresh one would.
    p_right = p_known + weight * (p_right - p_known)
    return score * p_right + (1.0 - score) * p_wrong


def update(
    p_known: float,
    score: float,
    params: Mastery,
    hints_used: int = 0,
    weight: float = 1.0,
    question_id: str | None = None,
) -> float:
    """What `p_known` becomes after an answer (to `question_id`, when known) and the chance to
    learn from it; `weight` is how much the answer counts (a repeated question's teaches less
    too: its answer was just shown)."""
    after = posterior(p_known, score, params, hints_used, weight, question_id)
    learnt = _clamp(after + (1.0 - after) * params.learn * weight)
    # What a wrong answer teaches never outweighs what it shows: the estimate a learner reads
    # does not rise on one (a partly right answer may still raise it).
    return learnt if score > 0.0 else min(learnt, _clamp(p_known))


def is_repeat(seen: Sequence[tuple[str, datetime]], question_id: str, at: datetime) -> bool:
    """Whether the learner was shown this question's answer lately: answered it less than
    `SHOWN_LATELY` before `at`. `seen` holds the skill's questions with when each was last
    answered."""
    return any(seen_id == question_id and at - seen_at < SHOWN_LATELY for seen_id, seen_at in seen)


@dataclass(frozen=True, slots=True)
class Answered:
    """What a learner has answered on one skill, as far as it decides how much the next answer
    counts: the one place of the rules of weak evidence, for the store and the fitted model."""

    # The skill's questions whose answers were shown, each with when it was last answered (and
    # its answer shown), the one answered longest ago first.
    seen: tuple[tuple[str, datetime], ...] = ()
    # The questions answered right at all, in that order.
    answered_right: tuple[str, ...] = ()
    # The distinct questions answered right as fresh evidence, in that order.
    evidence: tuple[str, ...] = ()
    # Whether the learner has shown, on skills that require this one, that they answer right
    # questions they had not seen (`shown_elsewhere`).
    elsewhere: bool = False

    def weigh(
        self, question_id: str, at: datetime, score: float, params: Mastery, *, reviewing: bool
    ) -> tuple[float, bool]:
        """How much an answer to this question at `at` counts, and whether, right, it is fresh
        evidence, under the skill's rules `params`; `reviewing` says the skill was mastered
        before, so that the answer is a review.

        The weight (at most 1) scales how far a right answer moves the estimate and how much the
        answer teaches. A wrong answer always counts fully against, and teaches at least as much
        as a repeat: its answer is shown again. Fresh evidence counts towards the distinct
        questions mastery needs.

        - A question answered right before: nothing if its answer was shown lately. Later, a
          review's full weight; while mastery is still being built, nothing as long as the skill
          has a question the learner has not had right, then `REPEAT_WEIGHT`, so that a skill
          with few questions can still be learnt: the same right answer never builds mastery
          twice, however long ago it was given. One that was right only as a repeat (never
          fresh evidence) counts as a missed question recalled, below.
        - A question never answered, or whose answer was never shown (asked only in a
          placement check): full, fresh evidence.
        - A question missed before: `REPEAT_WEIGHT` if its answer was shown lately. Later it tests
          memory of the skill again, full and fresh, once the learner has fresh evidence on the
          skill (a question of it right at first sight, to begin with), or has seen every
          question of it and has answered right at first sight questions of skills that require
          it (`elsewhere`: recall evidence there never counts, so nothing chains).
          Before that it may be memory of the answer read, and stays weak: by induction, a
          learner who never answers right a question they had not seen never has fresh evidence
          anywhere, so never masters a skill.
        """
        weight, fresh = self._weigh_right(question_id, at, params, reviewing)
        if score < 1.0:
            weight = max(weight, REPEAT_WEIGHT)
        return weight, fresh

    def _weigh_right(
        self, question_id: str, at: datetime, params: Mastery, reviewing: bool
    ) -> tuple[float, bool]:
        lately = is_repeat(self.seen, question_id, at)
        if question_id in self.answered_right:
            if lately:
                return 0.0, False
            if reviewing:
                return 1.0, False
            if question_id not in self.evidence and self.recall_counts(params):
                # Right before only as a repeat of an answer read: recalled now, it tests memory
                # of the skill as a missed question does, once.
                return 1.0, True
            exhausted = 0 < params.questions <= len(self.answered_right)
            return (REPEAT_WEIGHT if exhausted else 0.0), False
        if not any(seen_id == question_id for seen_id, _ in self.seen):
            return 1.0, True
        if lately or not self.recall_counts(params):
            return REPEAT_WEIGHT, False
        return 1.0, True

    def recall_counts(self, params: Mastery) -> bool:
        """Whether a missed question recalled right, not lately, is fresh evidence: once the
        learner has fresh evidence on the skill that luck does not explain (`opened`), or has
        seen every question of it and has shown, on skills that require it, that they answer
        unseen questions (`shown_elsewhere`)."""
        every_seen = 0 < params.questions <= len(self.seen)
        return opened(self.evidence, params) or (every_seen and self.elsewhere)

    def after(
        self, question_id: str, at: datetime, score: float, fresh: bool, *, shown: bool = True
    ) -> Answered:
        """The record after this answer, `fresh` as `weigh` said; `shown` says its answer was
        shown after it. A placement check shows none: a question it asked stays out of `seen`,
        so that a right answer to it later, in practice, is the learner's own and counts as
        one at first sight, never as a recital; `evidence` still takes it when right.

        A miss on a question answered right only in a check (its answer never shown) takes that
        right answer back: nothing here taught the answer since, so the check's word on it was
        wrong, or the check, taken on another computer, was dated before answers it came after.
        It no longer counts as evidence, nor opens the skill's recitals (`recall_counts`)."""
        evidence, answered_right = self.evidence, self.answered_right
        if score < 1.0 and question_id in answered_right:
            if not any(seen_id == question_id for seen_id, _ in self.seen):
                evidence = tuple(q for q in evidence if q != question_id)
                answered_right = tuple(q for q in answered_right if q != question_id)
        seen = self.seen
        if shown:
            seen = (*(s for s in seen if s[0] != question_id), (question_id, at))
        if score >= 1.0:
            if fresh and question_id not in evidence:
                evidence = (*evidence, question_id)
            if question_id not in answered_right:
                answered_right = (*answered_right, question_id)
        return Answered(seen, answered_right, evidence, self.elsewhere)


def held(p_known: float, params: Mastery, established: bool) -> float:
    """The estimate as it may stand: below the threshold until the evidence mastery needs is
    there, so that it never promises a mastery the rules would not give."""
    if established:
        return p_known
    return min(p_known, params.threshold - HELD_BELOW)


def slipped(p_known: float, params: Mastery, misses_in_a_row: int, reviewing: bool) -> float:
    """The estimate of a skill mastered before, after `misses_in_a_row` wrong answers in a row:
    below the threshold from `REVIEW_MISSES_TO_SLIP` on, however much practice came before, so
    that a forgotten skill shows as slipping and comes back for practice."""
    if reviewing and misses_in_a_row >= REVIEW_MISSES_TO_SLIP:
        return min(p_known, params.threshold - HELD_BELOW)
    return p_known


def is_mastered(p_known: float, params: Mastery) -> bool:
    """Whether the estimate has reached the skill's mastery threshold."""
    return p_known >= params.threshold


def _clamp(p: float) -> float:
    return min(1.0 - 1e-6, max(1e-6, p))
