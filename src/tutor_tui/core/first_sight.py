"""What a learner has shown at first sight in each pack: which skills' questions were answered
right the first time they were asked, and never missed since, enough to speak for the skills
they require (`mastery.shows_on_skill`, `mastery.shown_elsewhere`).

Each skill keeps a count of them (`SkillProgress.first_sight`); `first_sight_changes` and
`lucky_change` say how one more answer moves it, and the store and every replay of the log
(`PackEvidence`) count alike, so that a rebuild gives the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from tutor_tui.core import mastery
from tutor_tui.core.content import Mastery
from tutor_tui.core.learner import Attempt, QuestionProgress, SkillProgress, apply_question


def first_sight_changes(
    before: QuestionProgress | None,
    after: QuestionProgress,
    skills: Sequence[str],
    skill_id: str,
    *,
    guessable: bool,
) -> dict[str, int]:
    """How one more answer to a question, under `skill_id`, changes each skill's count of
    questions right at first sight (`SkillProgress.first_sight`): only the skills it changes.
    `before` and `after` are the question's progress either side of the answer, `skills` those
    it was answered under before (one, unless a new version of the pack moved it). A question
    that luck may answer (`Mastery.guessable`) never counts (`mastery.right_at_first_sight`)."""
    if guessable:
        return {}
    was = int(before is not None and before.first_sight)
    now = int(after.first_sight)
    changes = {skill: now - was for skill in skills}
    if skill_id not in changes:
        changes[skill_id] = now
    return {skill: change for skill, change in changes.items() if change}


def lucky_change(
    others: Iterable[str],
    question_id: str,
    before: QuestionProgress | None,
    after: QuestionProgress,
    params: Mastery,
) -> int:
    """How one more answer to a question luck may answer (`Mastery.guessable`), under the skill
    whose rules are `params`, changes its count of questions right at first sight
    (`SkillProgress.first_sight`). Its questions luck may answer, right at first sight and
    never missed since, count `FIRST_SIGHT_QUESTIONS` together once luck would not explain them
    (`mastery.beyond_luck`, one in a hundred), and nothing before: seven Booleans questions, every
    one of which luck may answer, all right at first sight (luck about one in a thousand) never
    spoke for Numbers below. `others` are the skill's other questions right at first sight;
    `before` and `after` the question's progress either side of the answer."""
    kept = [q for q in others if q in params.guessable and q != question_id]
    was = before is not None and before.first_sight
    had = mastery.beyond_luck([*kept, question_id] if was else kept, params)
    has = mastery.beyond_luck([*kept, question_id] if after.first_sight else kept, params)
    return mastery.FIRST_SIGHT_QUESTIONS * (int(has) - int(had))


class PackEvidence:
    """What each learner has answered in each pack, as the log is replayed in order: what
    `apply_attempt` needs to know as `elsewhere`, so that every replay reads it alike, and each
    skill's count of questions right at first sight. Kept as counts, and the skills with enough
    of them, so that each answer costs little however large the pack."""

    def __init__(self) -> None:
        self._questions: dict[tuple[str, str, str], QuestionProgress] = {}
        # The skills each question was answered under, and per skill how many of its questions
        # are right at first sight; per learner and pack, the skills with enough of them
        # (`mastery.shows_on_skill`).
        self._skills_of: dict[tuple[str, str, str], tuple[str, ...]] = {}
        self._shown: dict[tuple[str, str, str], int] = {}
        self._skills_shown: dict[tuple[str, str], set[str]] = {}

    def before(self, attempt: Attempt, params: Mastery) -> bool:
        """Whether the learner had, before the attempt, answered right at first sight questions
        of skills that require its skill, whose rules are `params` (`shown_elsewhere`)."""
        shown = self._skills_shown.get((attempt.learner_id, attempt.pack_id), set())
        return mastery.shown_elsewhere(shown, params.above)

    def asked_before(self, attempt: Attempt) -> bool:
        """Whether the learner had answered the attempt's question before it, in any skill."""
        return (attempt.learner_id, attempt.pack_id, attempt.question_id) in self._questions

    def note(self, attempt: Attempt, params: Mastery) -> None:
        """Take in the attempt's question, answered under its skill, whose rules are `params`."""
        pack = (attempt.learner_id, attempt.pack_id)
        key = (*pack, attempt.question_id)
        before = self._questions.get(key)
        after = self._questions[key] = apply_question(before, attempt)
        skills = self._skills_of.get(key, ())
        guessable = attempt.question_id in params.guessable
        changes = first_sight_changes(before, after, skills, attempt.skill_id, guessable=guessable)
        if guessable:
            others = [g for g in params.guessable if self._first_sight(pack, g)]
            lucky = lucky_change(others, attempt.question_id, before, after, params)
            changes[attempt.skill_id] = changes.get(attempt.skill_id, 0) + lucky
        for skill, change in changes.items():
            if change:
                self._count(pack, skill, change)
        if attempt.skill_id not in skills:
            self._skills_of[key] = (*skills, attempt.skill_id)

    def _first_sight(self, pack: tuple[str, str], question_id: str) -> bool:
        found = self._questions.get((*pack, question_id))
        return found is not None and found.first_sight

    def skills_of(self, learner_id: str, pack_id: str, question_id: str) -> tuple[str, ...]:
        """The skills a question was answered under so far, in that order."""
        return self._skills_of.get((learner_id, pack_id, question_id), ())

    def counted(self, learner_id: str, pack_id: str, progress: SkillProgress) -> SkillProgress:
        """The learner's progress on a skill of the pack with its count of questions right at
        first sight as the answers taken in so far make it."""
        count = self._shown.get((learner_id, pack_id, progress.skill_id), 0)
        return progress if progress.first_sight == count else replace(progress, first_sight=count)

    def _count(self, pack: tuple[str, str], skill: str, change: int) -> None:
        key = (*pack, skill)
        had = self._shown.get(key, 0)
        self._shown[key] = had + change
        shown = self._skills_shown.setdefault(pack, set())
        if mastery.shows_on_skill(had + change):
            shown.add(skill)
        else:
            shown.discard(skill)
