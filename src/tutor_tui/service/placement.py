"""The placement check: whether to offer it, and the one driver that every shell runs.

The check itself is `tutor_tui.core.placement` (pure). `PlacementRun` asks its questions one at a
time, stores each answer (graded, kind "placement", never marked) before it learns from it, and at
the end places out the skills it settled as known. The app, `tutor placement` and plain mode each
show its questions their own way and hand the answers back to it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from tutor_tui.core.content import Pack, Skill
from tutor_tui.core.ids import new_id
from tutor_tui.core.learner import WITHDRAWN, Learner, Placed, SkillProgress
from tutor_tui.service.knowledge import Knowledge
from tutor_tui.service.study import Feedback, Presented, Study, StudySession

if TYPE_CHECKING:
    import numpy as np

    from tutor_tui.core import grading
    from tutor_tui.core.placement import Placement, PlacementResult
    from tutor_tui.core.placement_result import SkillVerdict, Stands


class PlacementRun:
    """A placement check under way: its questions asked one by one, its answers stored."""

    def __init__(
        self,
        placements: Placements,
        learner: Learner,
        pack: Pack,
        placement: Placement,
        rng: np.random.Generator,
        session: StudySession | None = None,
    ) -> None:
        self.placements = placements
        self.learner = learner
        self.pack = pack
        self.placement = placement
        self.rng = rng
        # The study session the check is taken in: its answers count in the session's summary.
        self.session = session

    @property
    def number(self) -> int:
        """The number of the question asked next, from 1."""
        return self.placement.asked_now + 1

    @property
    def max_questions(self) -> int:
        """The most questions the check asks."""
        return self.placement.max_questions

    def next_question(self) -> Presented | None:
        """The question that tells most now, as the learner sees it; None when the check is over.

        Choosing it is the slow part of the check: the app calls this in a worker.
        """
        question = self.placement.next_question()
        if question is None:
            return None
        return self.placements.study.present(self.learner, self.pack, question)

    def answer(
        self, question_id: str, response: grading.Response | None, seconds: float | None = None
    ) -> Feedback:
        """Store an answer (graded, not marked; None for "I don't know", a miss), then learn from
        it; its feedback, unshown."""
        feedback = self.placements.study.answer(
            self.learner,
            self.pack.id,
            question_id,
            response,
            seconds=seconds,
            session=self.session,
            kind="placement",
        )
        self.placement = self.placement.observe(question_id, feedback.grade.score, self.rng)
        return feedback

    def not_sure(self, question_id: str, seconds: float | None = None) -> Feedback:
        """Store "I don't know" as a miss, as study does, then learn from it; its feedback,
        unshown.

        Not knowing how to answer says at least what a wrong answer says: a learner who knows
        the skill rarely gives either. Stored as one, it counts wherever the check's answers
        count: in a check taken again, in the session, in a rebuild.
        """
        return self.answer(question_id, None, seconds)

    def stop(self) -> None:
        """End the check early, at the learner's word."""
        self.placement = self.placement.stop()

    def finish(self) -> tuple[PlacementResult, list[str]]:
        """What the check found, once the skills it found known are placed (their ids)."""
        result = self.placements.practice_judges(self.learner, self.pack, self.placement.result())
        placed = self.placements.finish_placement(self.learner, result)
        return self.placements.withdraw_unplaced(self.learner, self.pack, result), placed


class Placements:
    """When to offer the check, how to start one, and what placing skills records."""

    def __init__(self, knowledge: Knowledge, study: Study) -> None:
        self.knowledge = knowledge
        self.study = study

    def offers_placement(self, learner: Learner, pack: Pack) -> bool:
        """Whether to offer the placement check: the learner has done nothing in the pack yet.

        Nothing means no answer (of any kind), no lesson read and no skill placed. A pack of one
        skill has nothing to skip past: practising it is the check.
        """
        state = self.knowledge.state(learner, pack)
        return len(pack.skills) > 1 and not state.skills and not state.questions

    def offers_placement_in(
        self, session: StudySession, learner: Learner, focus: str | None = None
    ) -> bool:
        """Whether to offer the check as a session goes on to its next activity.

        Not in a tutor's timed session, nor one limited to some skills (the tutor chose what it is
        for), nor when the learner picked a skill to study.
        """
        if focus is not None or session.timed or session.skills:
            return False
        return self.offers_placement(learner, self.knowledge.pack(session.pack_id))

    def start_placement(
        self,
        learner: Learner,
        pack: Pack,
        max_questions: int | None = None,
        session: StudySession | None = None,
    ) -> PlacementRun:
        """A placement check, drawing from a generator seeded by the learner, the pack and the
        answers so far: every shell gives the same learner the same check.

        It starts from the learner's placement answers in earlier checks of the pack, so that a
        second check adds evidence to the first instead of drawing again; its answers belong to
        `session` when one is given.
        """
        import numpy as np

        from tutor_tui.core import placement

        state = self.knowledge.state(learner, pack)
        digest = hashlib.sha256(f"{learner.id}:{pack.id}:{len(state.questions)}".encode()).digest()
        rng = np.random.default_rng(int.from_bytes(digest[:8], "big"))
        limit = {} if max_questions is None else {"max_questions": max_questions}
        earlier = [
            (a.question_id, a.score)
            for a in self.knowledge.store.attempts(learner.id, pack.id)
            if a.kind == "placement"
        ]
        # What practice has shown weighs in: a skill the learner has missed blocks placing out
        # what requires it. Placement answers alone leave the attempt count at 0.
        practised = {
            skill_id: placement.practice_evidence(progress.p_known, progress.misses_in_a_row)
            for skill_id, progress in state.skills.items()
            if progress.attempts and skill_id in pack.skill_index
        }
        # Questions answered outside placement had their answers shown: asking them tells nothing.
        seen = {q for q in state.questions if q not in {e[0] for e in earlier}}
        check = placement.start(pack, rng, earlier=earlier, practised=practised, seen=seen, **limit)
        return PlacementRun(self, learner, pack, check, rng, session)

    def practice_judges(
        self, learner: Learner, pack: Pack, result: PlacementResult
    ) -> PlacementResult:
        """The result with the skills the learner has practised left as they are: practice, and
        the later check of what was placed out, judge those, so a check taken again cannot
        place out a skill that practice or that check has sent back. Nor is a skill that
        requires one whose last answer in practice was a miss placed out: the learner does not
        know that one now, and so not what requires it (`placement_followup`). Unless that one
        was never placed out and the placement answers on it, weighed with what practice
        showed, now speak for it (a right answer to a typed question not seen before): misses
        while learning, before any check, do not hold back what the learner shows now; but
        what the later check of a placement sent back, no check taken again brings back."""
        from tutor_tui.core.placement import answer_evidence, practice_evidence

        state = self.knowledge.state(learner, pack)
        practised = {s for s, progress in state.skills.items() if progress.attempts}
        shown: dict[str, float] = {}
        for answer in result.answers:
            skill_id, evidence = answer_evidence(pack, answer.question_id, answer.score)
            shown[skill_id] = shown.get(skill_id, 0.0) + evidence
        ever_placed = {p.skill_id for p in self.knowledge.store.placements(learner.id, pack.id)}

        def holds(skill_id: str) -> bool:
            progress = state.skills[skill_id]
            if not progress.misses_in_a_row:
                return False
            now = practice_evidence(progress.p_known, progress.misses_in_a_row)
            return skill_id in ever_placed or now + shown.get(skill_id, 0.0) <= 0

        missed = [s for s in practised & set(pack.skill_index) if holds(s)]
        held = practised.union(*(pack.descendants(s) for s in missed))
        skills = tuple(
            replace(s, verdict="unsure", inferred_from=())
            if s.verdict == "known" and s.skill_id in held
            else s
            for s in result.skills
        )
        stands = stands_apart(self.knowledge, learner, pack, practised)
        return replace(result, skills=standing_apart(skills, stands))

    def finish_placement(self, learner: Learner, result: PlacementResult) -> list[str]:
        """Place out the skills a check settled as known (its answers are already stored); their
        ids. Skills it did not settle stay as they were."""
        known = {s.skill_id: s.belief for s in result.skills if s.verdict == "known"}
        if not known or not result.answers:
            return []
        self.place(learner, result.pack_id, known)
        return list(known)

    def withdraw_unplaced(
        self, learner: Learner, pack: Pack, result: PlacementResult
    ) -> PlacementResult:
        """Send back to practice the skills an earlier check placed out that this check, weighing
        every placement answer, no longer places out, by the rule for misses after a check
        (`placement_followup.taken_back`); the result with them as `withdrawn`, and those it
        leaves placed out said so (`SkillVerdict.stands`).

        A check taken again adds evidence: a skill its answers speak against (on it, or on a
        skill it requires), or placed out on the word of skills that no longer stand, is not
        skipped on the word of the earlier one, and every screen then says what the check's
        table says; a miss on a skill that requires it alone takes nothing away. Skills
        practised since (their later check, or study) are judged by practice, not by the check;
        a check that asked nothing changes nothing."""
        if not result.asked:
            return result
        from tutor_tui.core.placement_followup import taken_back

        state = self.knowledge.state(learner, pack)
        known = set(result.ids("known"))
        placed = {s for s, p in state.skills.items() if p.placed_at and not p.mastered_at}
        doubted = {
            s.skill_id
            for s in result.skills
            if s.skill_id in placed
            and s.skill_id not in known
            and not state.skills[s.skill_id].attempts
        }
        confirmed = {s for s, p in state.skills.items() if p.mastered_at}
        answers = [(a.question_id, a.score) for a in result.answers if not a.in_practice]
        back = taken_back(pack, answers, doubted, (placed - doubted) | known | confirmed)
        withdraw(self.knowledge, learner, pack, back)
        kept = doubted - set(back)
        skills = standing_apart(result.skills, stands_apart(self.knowledge, learner, pack, kept))
        gone = placed - known - kept
        against = {a.skill_id for a in result.answers if not a.in_practice and a.score <= 0}
        ungrounded = tuple(
            (s, tuple(d for d in (x.id for x in pack.skills) if d in pack.descendants(s) & gone))
            for s in back
            if not against & {s, *pack.prerequisites(s)}
        )
        return replace(result, skills=skills, withdrawn=tuple(back), ungrounded=ungrounded)

    def place(
        self, learner: Learner, pack_id: str, known: Mapping[str, float]
    ) -> dict[str, SkillProgress]:
        """Record that a placement check placed these skills out (skill id -> belief).

        Each is skipped, its first review (the later check) scheduled, unless it is mastered
        already; the check's answers are recorded as they come, by `answer(...,
        kind="placement")`.
        """
        knowledge = self.knowledge
        pack = knowledge.pack(pack_id)
        skills = [knowledge.skill(pack, skill_id) for skill_id in known]
        now = knowledge.stamp(learner, knowledge.state(learner, pack))
        events = [
            Placed(new_id(), learner.id, pack.id, s.id, float(known[s.id]), now) for s in skills
        ]
        params = {s.id: knowledge.params_for(pack.id, s.id) for s in skills}
        after = knowledge.store.record_placed(events, params)
        knowledge.state(learner, pack).skills.update(after)
        return after


def standing_apart(
    skills: tuple[SkillVerdict, ...], stands: Mapping[str, Stands]
) -> tuple[SkillVerdict, ...]:
    """The verdicts with where each skill the check did not place out stands apart from it
    (`SkillVerdict.stands`), as `stands` says."""
    return tuple(
        replace(s, stands=stands[s.skill_id])
        if s.verdict != "known" and s.skill_id in stands
        else s
        for s in skills
    )


def stands_apart(
    knowledge: Knowledge, learner: Learner, pack: Pack, skill_ids: Iterable[str]
) -> dict[str, Stands]:
    """Where each of these skills stands, as every screen says (`core.standing`), when it is
    placed out or mastered: what a check that leaves it as it was says of it."""
    from tutor_tui.core.standing import standing

    state = knowledge.state(learner, pack)
    now = knowledge.now()
    found: dict[str, Stands] = {}
    for skill_id in skill_ids:
        progress = state.skills.get(skill_id)
        if progress is None or skill_id not in pack.skill_index:
            continue
        word = standing(progress, knowledge.params_for(pack.id, skill_id), now, state).state
        if word == "placed out":
            found[skill_id] = "placed out"
        elif word in ("mastered", "due"):
            found[skill_id] = "mastered"
    return found


def send_back_with(
    knowledge: Knowledge,
    learner: Learner,
    pack: Pack,
    missed: str,
    answer: tuple[str, float],
    *,
    declined: bool = False,
) -> tuple[Skill, ...]:
    """Send back to practice, with `missed` (a skill placed out that a miss, `answer` as
    (question id, score), has just sent back), the skills placed out that rest on it
    (`placement_followup.sent_back`, weighing every answer the learner gave in the pack), when
    the miss says enough for that (`placement_followup.sends_back_above`; `declined`: the miss
    was "I don't know"): each withdrawal is recorded in the log before the answer's feedback
    shows. The skills sent back."""
    from tutor_tui.core.placement_followup import sends_back_above, sent_back

    luck = knowledge.params_for(pack.id, missed).chance(answer[0])
    if not sends_back_above(pack, *answer, luck=luck, declined=declined):
        return ()
    state = knowledge.state(learner, pack)
    placed = {s for s, p in state.skills.items() if p.placed_at and not p.mastered_at}
    if not placed:
        return ()
    answers = [(a.question_id, a.score) for a in knowledge.store.attempts(learner.id, pack.id)]
    confirmed = {s for s, p in state.skills.items() if p.mastered_at}
    back = sent_back(pack, answers, missed, placed, confirmed=confirmed)
    withdraw(knowledge, learner, pack, back)
    return tuple(pack.skill(s) for s in back)


def withdraw(knowledge: Knowledge, learner: Learner, pack: Pack, skills: Iterable[str]) -> None:
    """Record that these skills, placed out, go back to practice: a placement event of belief 0
    each, in the log before anything is shown."""
    skills = list(skills)
    if not skills:
        return
    state = knowledge.state(learner, pack)
    now = knowledge.stamp(learner, state)
    events = [Placed(new_id(), learner.id, pack.id, s, WITHDRAWN, now) for s in skills]
    params = {s: knowledge.params_for(pack.id, s) for s in skills}
    state.skills.update(knowledge.store.record_placed(events, params))
