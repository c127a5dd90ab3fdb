"""What the tutor knows about a learner, and how each event changes it.

The attempt log and the lesson views are the facts. Everything here is derived from them by
`apply_attempt` and `apply_lesson`, which the store runs as each event is recorded and again, in
order, when it rebuilds the derived state from the log: the same events give the same state.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal

from tutor_tui.core import mastery, memory
from tutor_tui.core.content import Mastery

AttemptKind = Literal["practice", "review", "placement"]

# How many recent answers the planner looks back on.
RECENT = 10


@dataclass(frozen=True, slots=True)
class Attempt:
    """One answer to one question: a row of the append-only attempt log."""

    id: str
    learner_id: str
    pack_id: str
    pack_version: str
    question_id: str
    skill_id: str
    response: Any
    score: float
    hints_used: int
    seconds: float | None
    at: datetime
    kind: AttemptKind = "practice"
    # The study session the answer was given in, if any.
    session_id: str | None = None

    @property
    def shows_answer(self) -> bool:
        """Whether the learner was shown the answer after this one: always, but in a placement
        check, which marks nothing (`mastery.Answered.after`)."""
        return self.kind != "placement"

    @property
    def declined(self) -> bool:
        """Whether the learner said "I don't know" rather than answer: kept in the log as no
        response, graded as a miss."""
        return self.response is None

    @property
    def unaided(self) -> float:
        """The score as evidence of what the learner answers alone (`mastery.unaided`): a right
        answer the hints helped to is not fresh evidence."""
        return mastery.unaided(self.score, self.hints_used)


@dataclass(frozen=True, slots=True)
class LessonView:
    """A learner read a skill's lesson."""

    id: str
    learner_id: str
    pack_id: str
    skill_id: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Placed:
    """A placement check found that a learner already knows a skill: a fact of the log.

    With a belief of `WITHDRAWN` it records the opposite: a placement taken back before it was
    confirmed, when a miss on a skill it rests on showed the learner does not know it.
    """

    id: str
    learner_id: str
    pack_id: str
    skill_id: str
    # How sure the check was, for the record; the reducer uses it only to tell a withdrawal.
    belief: float
    at: datetime

    @property
    def withdrawn(self) -> bool:
        """Whether this takes a placement back rather than places the skill out."""
        return self.belief <= WITHDRAWN


# The belief of a `Placed` event that takes a placement back.
WITHDRAWN = 0.0


@dataclass(frozen=True, slots=True)
class SkillProgress:
    """A learner's progress on one skill, derived from their attempts and lesson views."""

    skill_id: str
    p_known: float
    attempts: int = 0
    correct: int = 0
    misses_in_a_row: int = 0
    seconds: float = 0.0
    last_seen: datetime | None = None
    lesson_seen_at: datetime | None = None
    # When the current run of misses began: a lesson read after it counts as a second look.
    misses_since: datetime | None = None
    # The misses in a row when the lesson was last read: those after it call for another look.
    lesson_misses: int = 0
    # When the skill was first mastered; it stays set if mastery later slips.
    mastered_at: datetime | None = None
    # The FSRS review card, from the moment the skill is first mastered.
    card: memory.ReviewCard | None = None
    # When the skill is next due for review: the card's due time, kept apart for quick reading.
    due: datetime | None = None
    # The skill's questions answered so far with their answers shown (not in a placement check
    # alone, which shows none), each with when it was last answered (and so its answer last
    # shown), the one answered longest ago first.
    seen: tuple[tuple[str, datetime], ...] = ()
    # The distinct questions the learner has answered right as full evidence, in that order.
    evidence: tuple[str, ...] = ()
    # The questions answered right at all, in that order: a right answer to one of them again
    # adds little or nothing (`mastery.weigh`).
    answered_right: tuple[str, ...] = ()
    # When a placement check placed the learner out of the skill, until an answer outside a
    # placement check confirms it (then `mastered_at`) or a miss sends it back to practice.
    placed_at: datetime | None = None
    # How many of the skill's questions luck cannot answer were answered right at first sight
    # and never missed since (`mastery.right_at_first_sight`), as the pack's answers make it
    # (`first_sight.PackEvidence`): an answer under another skill may change it, when a new
    # version of the pack moved a question. Those luck may answer count `FIRST_SIGHT_QUESTIONS`
    # together once luck would not explain them (`first_sight.lucky_change`). Kept so that
    # whether a learner has shown it elsewhere is read from a few rows.
    first_sight: int = 0
    # While the skill is placed out and not confirmed: the estimate its own answers give from
    # the prior, as if it had never been placed out (placement answers as evidence, practice as
    # practice). A skill sent back to practice takes it up: its own answers are never thrown
    # away, and nothing it did not answer raises it.
    unplaced: float | None = None

    def sent_back(self, params: Mastery) -> SkillProgress:
        """The progress of a skill placed out that goes back to practice: as if never placed,
        its estimate what its own answers say (`unplaced`), held as any skill's is."""
        own = params.prior if self.unplaced is None else self.unplaced
        progress = replace(self, placed_at=None, card=None, due=None, unplaced=None)
        return replace(progress, p_known=mastery.held(own, params, progress.established(params)))

    def is_mastered(self, params: Mastery) -> bool:
        """Whether the learner has mastered the skill now (placed out of it counts too)."""
        return mastery.is_mastered(self.p_known, params) and self.established(params)

    def estimated(self, p_known: float, params: Mastery) -> SkillProgress:
        """The progress with another estimate of the same answers (the fitted model's), held
        below the threshold as the store's own is while the evidence mastery needs is missing."""
        p_known = mastery.held(p_known, params, self.established(params))
        reviewing = self.mastered_at is not None
        return replace(
            self, p_known=mastery.slipped(p_known, params, self.misses_in_a_row, reviewing)
        )

    def answered(self, elsewhere: bool) -> mastery.Answered:
        """What was answered on the skill, as the rules of weak evidence read it; `elsewhere`
        says the learner has fresh evidence on another skill of the pack."""
        return mastery.Answered(self.seen, self.answered_right, self.evidence, elsewhere)

    def unlocks(self, params: Mastery) -> bool:
        """Whether the skill, not mastered, still opens what requires it: every question of it
        seen, its estimate held just below the threshold (`mastery.held`) for want of evidence
        that is more than luck or recitals. Only answers right at first sight on the skills that
        require it can release it (`mastery.shown_elsewhere`), so the learner moves on to them
        rather than stay on it for good."""
        every_seen = 0 < params.questions <= len(self.seen)
        held = self.p_known >= params.threshold - mastery.HELD_BELOW - 1e-9
        stuck = not mastery.opened(self.evidence, params)  # its recitals do not count
        return every_seen and held and stuck and not self.established(params)

    def established(self, params: Mastery) -> bool:
        """Whether there is evidence enough beside the estimate: right answers on distinct
        questions, more than luck (`mastery.enough`), a mastery reached before, or a placement."""
        return (
            mastery.enough(self.evidence, params)
            or self.mastered_at is not None
            or self.placed_at is not None
        )


@dataclass(frozen=True, slots=True)
class QuestionProgress:
    """How a learner has done on one question."""

    attempts: int = 0
    # Right answers given without hints (`Attempt.unaided`): those the hints helped to are no
    # sign of answering right at first sight.
    correct: int = 0
    last_seen: datetime | None = None
    last_score: float | None = None

    @property
    def first_sight(self) -> bool:
        """Whether the question was answered right at first sight and never missed since."""
        return mastery.right_at_first_sight(self.attempts, self.correct)


@dataclass(frozen=True, slots=True)
class Recent:
    """One recent answer, newest last in `LearnerState.recent`."""

    question_id: str
    skill_id: str
    kind: AttemptKind
    score: float


@dataclass
class LearnerState:
    """Everything the planner needs about one learner in one pack."""

    learner_id: str
    pack_id: str
    skills: dict[str, SkillProgress] = field(default_factory=dict)
    questions: dict[str, QuestionProgress] = field(default_factory=dict)
    # The last few answers in this pack, oldest first.
    recent: tuple[Recent, ...] = ()
    # Reviews answered today, for the daily cap.
    reviews_today: int = 0
    desired_retention: float = memory.DEFAULT_RETENTION

    def progress(self, skill_id: str, params: Mastery) -> SkillProgress:
        """The learner's progress on a skill, fresh if they have not started it."""
        return self.skills.get(skill_id) or SkillProgress(skill_id, params.prior)

    def answered(self, progress: SkillProgress, params: Mastery) -> mastery.Answered:
        """What was answered on the skill, as the rules of weak evidence read it under `params`.
        What other skills show (`shown_elsewhere`) is read only where it can count, every
        question of the skill seen and no fresh evidence on it yet: it takes a pass over the
        whole pack, and the planner asks this of every skill it weighs."""
        every_seen = 0 < params.questions <= len(progress.seen)
        needed = every_seen and not mastery.opened(progress.evidence, params)
        return progress.answered(needed and self.shown_elsewhere(params))

    def shown_elsewhere(self, params: Mastery) -> bool:
        """Whether the learner has answered right at first sight questions luck cannot answer of
        skills that require the skill whose rules are `params` (`apply_attempt`'s `elsewhere`),
        from each skill's count of them, as the store reads it."""
        shown = (p.skill_id for p in self.skills.values() if mastery.shows_on_skill(p.first_sight))
        return mastery.shown_elsewhere(shown, params.above)


def apply_attempt(
    progress: SkillProgress | None,
    attempt: Attempt,
    params: Mastery,
    desired_retention: float = memory.DEFAULT_RETENTION,
    *,
    elsewhere: bool = False,
    asked_before: bool = False,
) -> SkillProgress:
    """A skill's progress after one more answer; `elsewhere` says whether the learner had, before
    it, fresh evidence on another skill of the pack (`mastery.Answered.weigh`), `asked_before`
    whether they had answered its question before.

    A placement check's answer to a question answered before counts for nothing: no check asks
    one again (its answer may have been shown, or learned by heart), so it came from a check on
    another computer that did not know of the answer before. Read here, in the order of the
    log, rather than when a bundle comes in, it counts alike whichever bundle came first."""
    if progress is None:
        progress = SkillProgress(attempt.skill_id, params.prior)
    if attempt.kind == "placement" and asked_before:
        return progress
    right = attempt.score >= 1.0
    answered = progress.answered(elsewhere)
    weight, fresh = answered.weigh(
        attempt.question_id,
        attempt.at,
        attempt.score,
        params,
        reviewing=progress.mastered_at is not None,
    )
    answered = answered.after(
        attempt.question_id, attempt.at, attempt.unaided, fresh, shown=attempt.shows_answer
    )
    progress = replace(
        progress,
        seen=answered.seen,
        evidence=answered.evidence,
        answered_right=answered.answered_right,
    )
    if attempt.kind == "placement":
        return _apply_placement_answer(progress, attempt, params, weight)
    question_id = attempt.question_id
    p_known = mastery.update(
        progress.p_known, attempt.score, params, attempt.hints_used, weight, question_id
    )
    unplaced = progress.unplaced
    if unplaced is not None:
        unplaced = mastery.update(
            unplaced, attempt.score, params, attempt.hints_used, weight, question_id
        )
    progress = replace(progress, p_known=p_known, unplaced=unplaced)
    if progress.placed_at is not None and progress.mastered_at is None:
        # A miss after a placement sends the skill back to practice, as if it had never been
        # placed. Right answers confirm it once they cover the distinct questions mastery needs
        # (those answered right in the placement check count): one answer, perhaps a guess,
        # does not.
        if right and fresh and mastery.enough(progress.evidence, params):
            progress = replace(progress, mastered_at=attempt.at, unplaced=None)
        elif not right:
            progress = progress.sent_back(params)
    card, mastered_at = progress.card, progress.mastered_at
    p_known = mastery.held(progress.p_known, params, progress.established(params))
    misses = 0 if attempt.score > 0 else progress.misses_in_a_row + 1
    p_known = mastery.slipped(p_known, params, misses, progress.mastered_at is not None)
    if card is not None:
        card = memory.review(card, attempt.score, attempt.hints_used, attempt.at, desired_retention)
    elif mastery.is_mastered(p_known, params) and progress.established(params):
        card = memory.start_card(attempt.at, desired_retention)
        mastered_at = mastered_at or attempt.at
    return replace(
        progress,
        p_known=p_known,
        attempts=progress.attempts + 1,
        correct=progress.correct + (1 if right else 0),
        misses_in_a_row=misses,
        misses_since=None if attempt.score > 0 else (progress.misses_since or attempt.at),
        seconds=progress.seconds + (attempt.seconds or 0.0),
        last_seen=attempt.at,
        mastered_at=mastered_at,
        card=card,
        due=memory.due(card) if card else None,
    )


def _apply_placement_answer(
    progress: SkillProgress, attempt: Attempt, params: Mastery, weight: float
) -> SkillProgress:
    """A placement answer is evidence, not practice.

    It moves the estimate, with no learning (placement answers are not marked), by the weight
    the rules of weak evidence give it (`mastery.Answered.weigh`), as an answer in practice;
    and the estimate as if never placed too, while the skill is placed out. It leaves the
    counts alone: they say whether practice has begun, which decides whether the planner opens
    the skill with its lesson, and whether repeated misses call for help. It never masters the
    skill by itself: the check's own decision, a `Placed` event, does that.
    """

    def seen(p_known: float) -> float:
        p_known = mastery.posterior(
            p_known, attempt.score, params, attempt.hints_used, weight, attempt.question_id
        )
        return min(1.0 - 1e-6, max(1e-6, p_known))

    p_known = mastery.held(seen(progress.p_known), params, progress.established(params))
    unplaced = None if progress.unplaced is None else seen(progress.unplaced)
    return replace(progress, p_known=p_known, unplaced=unplaced, last_seen=attempt.at)


def apply_question(progress: QuestionProgress | None, attempt: Attempt) -> QuestionProgress:
    """A question's record after one more answer."""
    progress = progress or QuestionProgress()
    return QuestionProgress(
        attempts=progress.attempts + 1,
        correct=progress.correct + (1 if attempt.unaided >= 1.0 else 0),
        last_seen=attempt.at,
        last_score=attempt.score,
    )


def apply_lesson(
    progress: SkillProgress | None, view: LessonView, params: Mastery
) -> SkillProgress:
    """A skill's progress after its lesson was read."""
    if progress is None:
        progress = SkillProgress(view.skill_id, params.prior)
    if progress.lesson_seen_at is not None and progress.lesson_seen_at > view.at:
        return progress
    return replace(progress, lesson_seen_at=view.at, lesson_misses=progress.misses_in_a_row)


def apply_placed(
    progress: SkillProgress | None,
    placed: Placed,
    params: Mastery,
    desired_retention: float = memory.DEFAULT_RETENTION,
) -> SkillProgress:
    """A skill's progress after a placement check found it known: placed out, its first review
    set.

    It starts at the mastery threshold, no higher: one miss in its first answer after the check
    sends it back to be taught. A skill already mastered, or already placed out, or practised,
    is left as it is.
    A withdrawal (`Placed.withdrawn`) sends a skill placed out and not yet confirmed back.
    """
    if progress is None:
        progress = SkillProgress(placed.skill_id, params.prior)
    if placed.withdrawn:
        # Taken back: taught as usual, as if never placed, unless practice confirmed it first.
        if progress.placed_at is None or progress.mastered_at is not None:
            return progress
        return progress.sent_back(params)
    # Nor is a skill practised before: no check places one out (`Placements.practice_judges`),
    # so a placement after practice came from a computer that did not know of it.
    if progress.card is not None or progress.attempts:
        return progress
    card = memory.start_card(placed.at, desired_retention)
    return replace(
        progress,
        p_known=max(progress.p_known, params.threshold),
        unplaced=progress.p_known,
        last_seen=max(progress.last_seen or placed.at, placed.at),
        placed_at=placed.at,
        card=card,
        due=memory.due(card),
    )


@dataclass(frozen=True, slots=True)
class Learner:
    """A person who studies with the tutor."""

    id: str
    name: str
    created_at: datetime
    settings: dict[str, Any] = field(default_factory=dict)
    group: str | None = None
    # Whether a PIN guards the learner's profile (the PIN is kept only as a hash, in the store).
    has_pin: bool = False

    @property
    def desired_retention(self) -> float:
        """The recall probability reviews aim for (a learner setting)."""
        return float(self.settings.get("desired_retention", memory.DEFAULT_RETENTION))
