"""Studying: the next activity and why, a question as the learner sees it, lessons and answers.

An answer is graded and recorded before any feedback is returned, so that stopping at any moment
loses nothing the learner answered.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tutor_tui.core import grading, pace, planner
from tutor_tui.core.content import (
    AnyQuestion,
    ChoiceQuestion,
    ClozeQuestion,
    MatchQuestion,
    MultiQuestion,
    OrderQuestion,
    Pack,
    Skill,
    TrueFalseQuestion,
)
from tutor_tui.core.errors import TutorError
from tutor_tui.core.ids import new_id
from tutor_tui.core.learner import (
    RECENT,
    Attempt,
    AttemptKind,
    Learner,
    LearnerState,
    LessonView,
    Recent,
    SkillProgress,
)
from tutor_tui.core.planner import Activity
from tutor_tui.core.standing import counts_as_mastered, is_placed_out
from tutor_tui.service.goals import Goals
from tutor_tui.service.knowledge import Knowledge

MAX_HINTS = 20


@dataclass(frozen=True, slots=True)
class Presented:
    """A question as the learner sees it: choices and items in the order they are shown."""

    question: AnyQuestion
    prompt: str
    # The choices of choice, multi and truefalse; the items of order, shuffled; the rights of match.
    choices: tuple[str, ...]
    # The lefts of a match question, in pack order.
    lefts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Feedback:
    """What an answer earned, for showing to the learner right after it is stored."""

    question: AnyQuestion
    grade: grading.Grade
    skill: Skill
    progress: SkillProgress
    mastered: bool
    newly_mastered: bool
    kind: AttemptKind
    # Skills placed out that go back to practice with this answer's skill, a miss on a skill
    # placed out having shown that the learner does not know what rests on it.
    sent_back: tuple[Skill, ...] = ()
    # Whether this answer's skill was placed out and the miss sends it back to practice.
    returned: bool = False
    # Whether the skill is placed out after the answer (`standing.is_placed_out`): its next
    # date is a check's, not a review's.
    placed_out: bool = False
    # Of `sent_back`, the skills below: placed out on the word alone of skills now sent back,
    # rather than resting on this one.
    below: tuple[str, ...] = ()

    def sent_back_line(self) -> str:
        """What the miss sent back to practice, the skill, what rests on it and what was placed
        out on their word alone, in a sentence; "" when nothing."""
        above = ", ".join(s.title for s in self.sent_back if s.id not in self.below)
        under = ", ".join(s.title for s in self.sent_back if s.id in self.below)
        if not self.returned:
            if not self.sent_back:
                return ""
            said = f"What was placed out that rests on {self.skill.title} goes back to practice"
            return said + f": {', '.join(s.title for s in self.sent_back)}."
        said = f"{self.skill.title} goes back to practice"
        if above:
            said += f", and with it what was placed out that rests on it: {above}"
        if under:
            whose = "their" if above else "its"
            said += f"{', and' if above else ', and with it'} what was placed out on {whose} word"
            said += f" alone: {under}"
        return said + "."

    @property
    def correct(self) -> bool:
        """Whether the answer was fully right."""
        return self.grade.correct

    def to_dict(self) -> dict[str, Any]:
        """The feedback as JSON-ready values."""
        due = self.progress.due
        return {
            "correct": self.grade.correct,
            "score": round(self.grade.score, 4),
            "expected": self.grade.expected,
            "explanation": self.question.explanation,
            "feedback": self.grade.feedback,
            "skill": self.skill.id,
            "mastery": round(self.progress.p_known, 4),
            "mastered": self.mastered,
            "newly_mastered": self.newly_mastered,
            "kind": self.kind,
            "next_review": due.isoformat() if due and not self.placed_out else None,
            "next_check": due.isoformat() if due and self.placed_out else None,
            "sent_back": [self.skill.id] * self.returned + [s.id for s in self.sent_back],
        }


@dataclass(frozen=True, slots=True)
class StudySession:
    """A sitting of study: what the learner knew when it began, to say what it achieved."""

    id: str
    learner: Learner
    pack_id: str
    started_at: datetime
    minutes: int | None
    before: Mapping[str, float]
    # The skills a tutor limited the session to (with what they require); empty: the whole pack.
    skills: tuple[str, ...] = ()
    # A tutor's timed session: it ends when its minutes are up, and offers no placement check.
    timed: bool = False
    # The skills counted as mastered when the session began, to say what it gained and lost.
    mastered_before: frozenset[str] = frozenset()
    # The skills placed out when it began, to say which a check placed out or sent back.
    placed_before: frozenset[str] = frozenset()
    # The sessions of the same sitting in other packs, ended when the learner moved on: the
    # summary covers them all.
    earlier: tuple[StudySession, ...] = ()

    @property
    def sitting(self) -> tuple[StudySession, ...]:
        """Every session of this sitting, the first first, this one last."""
        return (*self.earlier, self)


class Study:
    """The learning loop: what comes next, lessons read, questions shown and answered."""

    def __init__(self, knowledge: Knowledge, goals: Goals) -> None:
        self.knowledge = knowledge
        self.goals = goals

    def next(
        self,
        learner: Learner,
        pack_id: str,
        focus: str | None = None,
        only: Collection[str] | None = None,
    ) -> Activity:
        """The next activity for the learner in the pack, with its reason; `only` some skills."""
        knowledge = self.knowledge
        pack = knowledge.pack(pack_id)
        state = knowledge.view(learner, pack)
        if focus is not None:
            skill = knowledge.skill(pack, focus)
            if waits := self.waits_for(pack, state, skill):
                raise TutorError(f"'{skill.title}' needs {waits} mastered first")
        goal = self.goals.active_goal(learner, pack.id)
        goal_skills: set[str] = set()
        leaning = None
        if goal is not None:
            goal_skills = pace.goal_skills(pack, goal)
            leaning = self.goals.forecast(learner, goal).status
        now = knowledge.now()
        local = now.astimezone()
        # The end of the learner's day, for the count of reviews due today.
        day_ends = local.replace(hour=23, minute=59, second=59, microsecond=999999)
        return planner.next_activity(
            pack,
            state,
            now,
            day_ends=day_ends,
            params_for=knowledge.params(pack),
            focus=focus,
            goal_skills=goal_skills,
            pace=leaning,
            only=only,
            daily_review_cap=int(
                learner.settings.get("daily_review_cap", planner.DAILY_REVIEW_CAP)
            ),
        )

    def waits_for(self, pack: Pack, state: LearnerState, skill: Skill) -> str:
        """What a skill the learner cannot reach yet waits for, the titles of the skills it
        requires that are neither known nor open; "" for a skill open to them, as the planner
        opens it: ready, known (mastered or placed out), or held below mastery but opening what
        requires it (`SkillProgress.unlocks`), so that no way in reaches what the app and plain
        mode would not offer."""
        status = planner.statuses(pack, state, self.knowledge.params(pack))

        def opens(skill_id: str) -> bool:
            found = status[skill_id]
            return found.mastered or found.progress.unlocks(found.params)

        if status[skill.id].ready or opens(skill.id):
            return ""
        return ", ".join(pack.skill(r).title for r in skill.requires if not opens(r))

    def present(self, learner: Learner, pack: Pack, question: AnyQuestion) -> Presented:
        """The question as this learner sees it now: shuffled the same way until answered."""
        seen = self.knowledge.state(learner, pack).questions.get(question.id)
        shuffler = random.Random(f"{learner.id}:{question.id}:{seen.attempts if seen else 0}")
        return present(question, shuffler)

    def read_lesson(
        self, learner: Learner, pack_id: str, skill_id: str, *, chosen: bool = False
    ) -> Skill:
        """Record that the learner read a skill's lesson, and return the skill; `chosen` says
        the learner chose it (`tutor lesson`): refused, nothing recorded, unless the skill is
        open to them, as the skill map refuses a locked skill's lesson."""
        knowledge = self.knowledge
        pack = knowledge.pack(pack_id)
        skill = knowledge.skill(pack, skill_id)
        if not skill.lesson:
            raise TutorError(f"skill '{skill.id}' has no lesson")
        state = knowledge.state(learner, pack)
        if chosen and (waits := self.waits_for(pack, knowledge.view(learner, pack, state), skill)):
            raise TutorError(f"'{skill.title}' needs {waits} mastered first")
        view = LessonView(new_id(), learner.id, pack.id, skill.id, knowledge.stamp(learner, state))
        params = knowledge.params_for(pack.id, skill.id)
        state.skills[skill.id] = knowledge.store.record_lesson(view, params)
        return skill

    def answer(
        self,
        learner: Learner,
        pack_id: str,
        question_id: str,
        response: grading.Response | None,
        *,
        hints_used: int = 0,
        seconds: float | None = None,
        session: StudySession | None = None,
        kind: AttemptKind | None = None,
        chosen: bool = False,
    ) -> Feedback:
        """Grade an answer, store it, and only then return the feedback.

        `kind` is worked out (a review when the skill is mastered, else practice) unless given,
        as placement does. `chosen` says the learner chose the question (`tutor answer`) rather
        than answered one the tutor asked: it is refused, nothing stored, unless its skill is
        open to them (`waits_for`), as `next` refuses a skill chosen, so that no way in reaches
        a skill the app and plain mode would not offer.
        """
        knowledge = self.knowledge
        pack = knowledge.pack(pack_id)
        question = knowledge.question(pack, question_id)
        skill = pack.skill(question.skill)
        result = grading.grade(question, response)
        params = knowledge.params_for(pack.id, skill.id)
        state = knowledge.state(learner, pack)
        view = knowledge.view(learner, pack, state)
        if chosen and (waits := self.waits_for(pack, view, skill)):
            raise TutorError(
                f"cannot answer '{question.id}' yet: '{skill.title}' needs {waits} mastered first"
            )
        seen = view.skills.get(skill.id)
        before = state.skills.get(skill.id)
        was_mastered = seen is not None and seen.is_mastered(params)
        if kind is None:
            kind = "review" if was_mastered and before and before.card else "practice"
        attempt = Attempt(
            id=new_id(),
            learner_id=learner.id,
            pack_id=pack.id,
            pack_version=pack.version,
            question_id=question.id,
            skill_id=skill.id,
            response=_jsonable(response),
            score=result.score,
            hints_used=max(0, min(int(hints_used), MAX_HINTS)),
            seconds=pace.studied_seconds(seconds),
            at=knowledge.stamp(learner, state),
            kind=kind,
            session_id=session.id if session else None,
        )
        after, asked = knowledge.store.record_attempt(attempt, knowledge.params_for)
        state.skills[skill.id] = after
        sent_back: tuple[Skill, ...] = ()
        returned = bool(before and before.placed_at and not before.mastered_at)
        returned = returned and not after.placed_at
        # A miss on a skill already back in practice (an earlier miss luck may explain sent it
        # back alone) still speaks against what is placed out above it.
        missed_below = kind != "placement" and result.score < 1.0
        missed_below = missed_below and not after.placed_at and not after.mastered_at
        missed_below = missed_below and any(
            (p := state.skills.get(s)) is not None and p.placed_at and not p.mastered_at
            for s in pack.descendants(skill.id)
        )
        if returned or missed_below:
            from tutor_tui.service.placement import send_back_with

            sent_back = send_back_with(
                knowledge,
                learner,
                pack,
                skill.id,
                (question.id, result.score),
                declined=attempt.declined,
            )
        state.questions[question.id] = asked
        state.recent = (*state.recent, Recent(question.id, skill.id, kind, result.score))[-RECENT:]
        if kind == "review" and planner.takes_a_review_slot(after, attempt.at):
            state.reviews_today += 1
        trace = knowledge.trace(learner, pack)
        if trace is not None:
            trace.record(attempt)
            after = after.estimated(trace.p_known(skill.id), params)
        # Mastered as every screen and report says it: a skill placed out is not, until confirmed.
        mastered = counts_as_mastered(after, params)
        counted = seen is not None and counts_as_mastered(seen, params)
        return Feedback(
            question,
            result,
            skill,
            after,
            mastered,
            mastered and not counted,
            kind,
            sent_back,
            returned,
            placed_out=is_placed_out(after, params),
            below=tuple(s.id for s in sent_back if s.id not in pack.descendants(skill.id)),
        )


def present(question: AnyQuestion, shuffler: random.Random) -> Presented:
    """How a question is shown, with its choices or items shuffled by `shuffler`."""
    prompt = question.prompt or ""
    if isinstance(question, ClozeQuestion):
        prompt = (prompt + "\n\n" if prompt else "") + question.display_text()
    if isinstance(question, (ChoiceQuestion, MultiQuestion)):
        choices = list(question.choices)
        if question.shuffle:
            shuffler.shuffle(choices)
        return Presented(question, prompt, tuple(choices))
    if isinstance(question, TrueFalseQuestion):
        return Presented(question, prompt, ("true", "false"))
    if isinstance(question, OrderQuestion):
        items = list(question.items)
        while items == list(question.items):
            shuffler.shuffle(items)
        return Presented(question, prompt, tuple(items))
    if isinstance(question, MatchQuestion):
        rights = [pair.right for pair in question.pairs]
        shuffler.shuffle(rights)
        return Presented(question, prompt, tuple(rights), tuple(p.left for p in question.pairs))
    return Presented(question, prompt, ())


def _jsonable(response: grading.Response | None) -> Any:
    """A response as it is kept in the log."""
    if isinstance(response, (str, bool, int, float)) or response is None:
        return response
    if isinstance(response, Mapping):
        return {str(k): str(v) for k, v in response.items()}
    if isinstance(response, (list, tuple, set, frozenset)):
        return [str(item) for item in response]
    return str(response)
