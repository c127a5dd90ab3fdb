"""Which question of a skill to ask: the planner's choice within a skill, apart from its choice of
skill, so that each rule of question choice lives in one place."""

from __future__ import annotations

from datetime import datetime

from tutor_tui.core import mastery
from tutor_tui.core.content import AnyQuestion, Mastery, Skill
from tutor_tui.core.learner import LearnerState, SkillProgress


def _keeping_unseen(
    skill: Skill, progress: SkillProgress, candidates: list[AnyQuestion], *, review: bool
) -> list[AnyQuestion]:
    """`candidates` less the skill's last unseen questions while the learner is still missing:
    a right answer at first sight is the evidence that opens mastery, so the last
    `min_distinct` questions never seen are kept until a right answer shows the learner may be
    ready, and practice goes over the questions missed (and taught) meanwhile."""
    if review or progress.misses_in_a_row == 0:
        return candidates
    if mastery.opened(progress.evidence, skill.mastery):
        return candidates
    seen = {question_id for question_id, _ in progress.seen}
    unseen = [q for q in skill.questions if q.id not in seen]
    if len(unseen) > skill.mastery.min_distinct:
        return candidates
    return [q for q in candidates if q.id in seen] or candidates


def pick_question(
    skill: Skill,
    state: LearnerState,
    progress: SkillProgress,
    last_question: str | None,
    now: datetime,
    *,
    review: bool = False,
    easier_than: int | None = None,
) -> AnyQuestion:
    """A question of `skill`: unseen first, none of the skill's last few (their answers were just
    shown), then those whose right answer would count most as evidence now (not one already
    answered right, nor one whose answer was shown lately; then one luck answers least often),
    near the learner's level, spread over the skill; never the one just asked."""
    candidates = [q for q in skill.questions if q.id != last_question] or list(skill.questions)
    candidates = _keeping_unseen(skill, progress, candidates, review=review)
    lately = {seen for seen, _ in progress.seen[-skill.mastery.repeat_window :]}
    if easier_than is not None:
        # Never one whose answer was just shown, easier or not: that is the answer read again.
        easier = [q for q in candidates if q.difficulty < easier_than and q.id not in lately]
        if easier:
            candidates = easier
    # The level a learner is ready for: difficulty 1 for a beginner, 5 near mastery.
    target = 1 + 4 * progress.p_known
    order = {q.id: index for index, q in enumerate(skill.questions)}
    answered = state.answered(progress, skill.mastery)

    def key(question: AnyQuestion) -> tuple[object, ...]:
        seen = state.questions.get(question.id)
        attempts = seen.attempts if seen else 0
        last_seen = seen.last_seen.timestamp() if seen and seen.last_seen else 0.0
        if review:
            # For a review, the question seen longest ago tests memory best.
            return (last_seen, attempts, order[question.id])
        weight, _ = answered.weigh(question.id, now, 1.0, skill.mastery, reviewing=False)
        return (
            question.id in lately,
            -weight,
            attempts > 0,
            # The answer that says most: one luck gives least often (`mastery.guess_of`), as a
            # true/false right says less than a typed answer right.
            mastery.guess_of(skill.mastery, question.id),
            abs(question.difficulty - target),
            attempts,
            last_seen,
            order[question.id],
        )

    return min(candidates, key=key)


def gain(
    skill: Skill, state: LearnerState, progress: SkillProgress, params: Mastery, now: datetime
) -> float:
    """How much a right answer on the skill could count now, under `params` (the rules in use,
    a fitted model's included): the most that one to any of its questions would
    (`mastery.Answered.weigh`). Nothing once every question of it was answered right lately:
    practice there adds nothing until one of them counts again."""
    answered = state.answered(progress, params)
    return max(
        (answered.weigh(q.id, now, 1.0, params, reviewing=False)[0] for q in skill.questions),
        default=0.0,
    )


def stuck(progress: SkillProgress, params: Mastery, state: LearnerState) -> bool:
    """Whether practice on a skill adds nothing towards its mastery: held below it with every
    question seen (`SkillProgress.unlocks`) while its recitals do not count, so that only
    answers right at first sight on other skills release it."""
    return progress.unlocks(params) and not state.answered(progress, params).recall_counts(params)


def waits(
    skill: Skill, progress: SkillProgress, params: Mastery, state: LearnerState, now: datetime
) -> bool:
    """Whether practice on a skill gains nothing now, so that it waits and leaves its place:
    every question of it answered right lately (`gain`), or held with its recitals not counting
    (`stuck`)."""
    return stuck(progress, params, state) or gain(skill, state, progress, params, now) == 0


def counts_again(progress: SkillProgress) -> datetime | None:
    """When a right answer on a skill that gains nothing now counts again: its question
    answered longest ago is no longer a repeat."""
    first = min((at for _, at in progress.seen), default=None)
    return None if first is None else first + mastery.SHOWN_LATELY
