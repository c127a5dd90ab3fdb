"""The seam the shells call: `Tutor(store, packs, clock)`.

The command line, the Textual app and plain mode all ask the same service what to show and hand it
the learner's answers, so that they behave alike. The service grades, records (before it returns
any feedback), and asks the planner what comes next.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutor_tui.core import grading, pace, planner
from tutor_tui.core.clock import Clock
from tutor_tui.core.content import (
    AnyQuestion,
    ChoiceQuestion,
    ClozeQuestion,
    Mastery,
    MatchQuestion,
    MultiQuestion,
    OrderQuestion,
    Pack,
    Skill,
    TrueFalseQuestion,
)
from tutor_tui.core.errors import NotFound, TutorError
from tutor_tui.core.ids import new_id
from tutor_tui.core.learner import (
    RECENT,
    Attempt,
    AttemptKind,
    Learner,
    LearnerState,
    LessonView,
    Placed,
    Recent,
    SkillProgress,
)
from tutor_tui.core.pace import Goal
from tutor_tui.core.planner import Activity

if TYPE_CHECKING:
    import numpy as np

    from tutor_tui.core.merge import MergeReport
    from tutor_tui.core.placement import Placement, PlacementResult
    from tutor_tui.files.bundle import Bundle
    from tutor_tui.modeling.learner import LearnerModel, LearnerTrace
    from tutor_tui.render.session_report import SessionReport
    from tutor_tui.store.database import Store

MAX_HINTS = 20
# Where the hash of the tutor's passphrase is kept (in the store's meta table).
PASSPHRASE_KEY = "passphrase_hash"
MAX_SECONDS = 24 * 3600.0


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
            "next_review": due.isoformat() if due else None,
        }


@dataclass(frozen=True, slots=True)
class SkillReport:
    """A learner's standing on one skill, for progress views."""

    skill: Skill
    progress: SkillProgress
    status: str  # locked, ready, in progress, mastered, review due
    mastered: bool


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


@dataclass(frozen=True, slots=True)
class Advance:
    """A skill whose mastery rose during a session."""

    title: str
    before: float
    after: float
    mastered: bool


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """What a session achieved, said kindly."""

    answers: int
    right: int
    seconds: float
    advanced: tuple[Advance, ...]
    next_review: tuple[str, datetime] | None
    at: datetime

    @property
    def accuracy(self) -> float | None:
        """The share of answers that were fully right, or None without answers."""
        return self.right / self.answers if self.answers else None

    def lines(self) -> list[str]:
        """The summary as short lines of text, for any shell."""
        minutes = max(1, round(self.seconds / 60)) if self.seconds >= 30 else 0
        lines = []
        if self.answers:
            noun = "answer" if self.answers == 1 else "answers"
            lines.append(
                f"{self.answers} {noun}, {self.right} right ({round(100 * (self.accuracy or 0))}%)"
                + (f", in {minutes} min" if minutes else "")
            )
        else:
            lines.append(
                "No answers this time" + (f" ({minutes} min of reading)" if minutes else "")
            )
        for advance in self.advanced:
            if advance.mastered:
                lines.append(f"Mastered: {advance.title}")
            else:
                lines.append(
                    f"Progress: {advance.title} {round(100 * advance.before)}%"
                    f" → {round(100 * advance.after)}%"
                )
        if self.next_review:
            title, when = self.next_review
            if when <= self.at:
                lines.append(f"Review due now: {title}")
            else:
                lines.append(f"Next review: {title} on {when.astimezone().strftime('%Y-%m-%d')}")
        return lines


class Tutor:
    """The tutor's service: learners, the next activity, lessons, answers and progress."""

    def __init__(
        self,
        store: Store,
        packs: Mapping[str, Pack],
        clock: Clock,
        guard_clock: Clock | None = None,
    ) -> None:
        self.store = store
        self.packs = packs
        self.clock = clock
        # The time that wrong PINs and passphrases wait by: the computer's own, where the shells
        # wire it, so that TUTOR_NOW (which moves `clock`) cannot skip a wait.
        self.guard_clock = guard_clock or clock
        # Learner states read from the store, kept up to date as this service records events,
        # so that the next activity is decided without a round trip. Keyed by (learner, pack),
        # with the local date they were read on: the count of reviews today resets at midnight.
        self._states: dict[tuple[str, str], tuple[date, LearnerState]] = {}
        self._params_tables: dict[str, dict[str, Mastery]] = {}
        self._fitted_models: dict[str, LearnerModel | None] = {}
        self._traces: dict[tuple[str, str], LearnerTrace] = {}

    # Lookups -------------------------------------------------------------------------------

    def now(self) -> datetime:
        """The current time by the tutor's clock."""
        return self.clock.now()

    def pack(self, pack_id: str) -> Pack:
        """The pack with this id; NotFound when there is none."""
        pack = self.packs.get(pack_id)
        if pack is None:
            known = ", ".join(sorted(self.packs)) or "none"
            raise NotFound(f"no pack '{pack_id}'; the packs are: {known}")
        return pack

    def skill(self, pack: Pack, skill_id: str) -> Skill:
        """The skill with this id in `pack`; NotFound when there is none."""
        try:
            return pack.skill(skill_id)
        except KeyError:
            raise NotFound(f"no skill '{skill_id}' in pack '{pack.id}'") from None

    def question(self, pack: Pack, question_id: str) -> AnyQuestion:
        """The question with this id in `pack`; NotFound when there is none."""
        try:
            return pack.question(question_id)
        except KeyError:
            raise NotFound(f"no question '{question_id}' in pack '{pack.id}'") from None

    def learner(self, name: str) -> Learner:
        """The learner with this name; NotFound when there is none."""
        return self.store.learner(name)

    def add_learner(self, name: str) -> Learner:
        """Add a learner; TutorError when the name is taken."""
        return self.store.add_learner(name, self.now())

    def params_for(self, pack_id: str, skill_id: str) -> Mastery:
        """The knowledge-tracing parameters in use for a skill: fitted to data, or the pack's."""
        model = self._model(pack_id)
        if model is not None and skill_id in model.skills:
            return model.skills[skill_id]
        pack = self.packs.get(pack_id)
        if pack is not None and skill_id in pack.skill_index:
            return pack.skill(skill_id).mastery
        return Mastery()

    def _model(self, pack_id: str) -> LearnerModel | None:
        """The learner model fitted for a pack (`tutor model fit`), on the pack's settings."""
        if pack_id not in self._fitted_models:
            self._fitted_models[pack_id] = None
            pack = self.packs.get(pack_id)
            if pack is not None:
                from tutor_tui.files.modelfile import load_model, model_path

                path = model_path(pack_id)
                if path.is_file():
                    model = load_model(path).with_defaults({s.id: s.mastery for s in pack.skills})
                    self._fitted_models[pack_id] = model
        return self._fitted_models[pack_id]

    def _trace(self, learner: Learner, pack: Pack) -> LearnerTrace | None:
        """The learner's running state under the pack's fitted ability layer, if it has one."""
        model = self._model(pack.id)
        if model is None or model.layer is None:
            return None
        key = (learner.id, pack.id)
        trace = self._traces.get(key)
        if trace is None:
            trace = model.replay(
                (a.skill_id, a.score, a.hints_used, a.question_id, a.kind != "placement")
                for a in self.store.attempts(learner.id, pack.id)
            )
            self._traces[key] = trace
        return trace

    def view(self, learner: Learner, pack: Pack) -> LearnerState:
        """The learner's state as the planner and the learner see it.

        With a fitted ability layer, the mastery of each skill the learner has answered on is the
        learner model's estimate, which weighs what the learner has shown across the pack; else
        it is knowledge tracing's, from the answers on the skill alone. The store keeps the
        latter, so that it can always be rebuilt from the log.
        """
        state = self.state(learner, pack)
        trace = self._trace(learner, pack)
        if trace is None:
            return state
        skills = {
            skill_id: replace(progress, p_known=trace.p_known(skill_id))
            if progress.attempts
            else progress
            for skill_id, progress in state.skills.items()
        }
        return replace(state, skills=skills)

    def explain(self, learner: Learner, pack: Pack, skill_id: str) -> str:
        """Why a skill is, or is not yet, mastered: one sentence."""
        trace = self._trace(learner, pack)
        if trace is not None:
            return trace.estimate(skill_id).reason()
        params = self.params_for(pack.id, skill_id)
        progress = self.state(learner, pack).progress(skill_id, params)
        verdict = "mastered" if progress.is_mastered(params) else "not mastered yet"
        evidence = (
            f"{progress.correct} of {progress.attempts} answers right on this skill"
            if progress.attempts
            else "no answers on this skill yet"
        )
        return (
            f"{verdict}: {progress.p_known:.2f} likely known (needs {params.threshold:.2f}); "
            f"{evidence}."
        )

    def _params(self, pack: Pack) -> planner.ParamsFor:
        table = self._params_tables.get(pack.id)
        if table is None:
            table = {skill.id: self.params_for(pack.id, skill.id) for skill in pack.skills}
            self._params_tables[pack.id] = table
        return lambda skill: table[skill.id]

    def state(self, learner: Learner, pack: Pack) -> LearnerState:
        """What the tutor knows about the learner in this pack."""
        key = (learner.id, pack.id)
        today = self.now().astimezone().date()
        cached = self._states.get(key)
        if cached is not None and cached[0] == today:
            return cached[1]
        state = self.store.learner_state(learner, pack.id, self.now())
        self._states[key] = (today, state)
        # The pack and the state are long-lived and large (tens of thousands of objects for a big
        # pack). Moving them out of the collector's view keeps full collections, which would
        # otherwise walk them all, from stalling the next activity or the next key press.
        gc.freeze()
        return state

    def forget_cached(self) -> None:
        """Read learner states (and fitted models) again: another program may have changed them."""
        self._states.clear()
        self._traces.clear()
        self._fitted_models.clear()

    # The learning loop -----------------------------------------------------------------------

    def next(
        self,
        learner: Learner,
        pack_id: str,
        focus: str | None = None,
        only: Collection[str] | None = None,
    ) -> Activity:
        """The next activity for the learner in the pack, with its reason; `only` some skills."""
        pack = self.pack(pack_id)
        state = self.view(learner, pack)
        if focus is not None:
            skill = self.skill(pack, focus)
            statuses = planner.statuses(pack, state, self._params(pack))
            if not statuses[skill.id].ready and not statuses[skill.id].mastered:
                missing = [pack.skill(r).title for r in skill.requires if not statuses[r].mastered]
                raise TutorError(f"'{skill.title}' needs {', '.join(missing)} mastered first")
        goal = self.active_goal(learner, pack.id)
        goal_skills: set[str] = set()
        leaning = None
        if goal is not None:
            goal_skills = pace.goal_skills(pack, goal)
            leaning = self.forecast(learner, goal).status
        return planner.next_activity(
            pack,
            state,
            self.now(),
            params_for=self._params(pack),
            focus=focus,
            goal_skills=goal_skills,
            pace=leaning,
            only=only,
            daily_review_cap=int(
                learner.settings.get("daily_review_cap", planner.DAILY_REVIEW_CAP)
            ),
        )

    def present(self, learner: Learner, pack: Pack, question: AnyQuestion) -> Presented:
        """The question as this learner sees it now: shuffled the same way until answered."""
        seen = self.state(learner, pack).questions.get(question.id)
        shuffler = random.Random(f"{learner.id}:{question.id}:{seen.attempts if seen else 0}")
        return present(question, shuffler)

    def read_lesson(self, learner: Learner, pack_id: str, skill_id: str) -> Skill:
        """Record that the learner read a skill's lesson, and return the skill."""
        pack = self.pack(pack_id)
        skill = self.skill(pack, skill_id)
        if not skill.lesson:
            raise TutorError(f"skill '{skill.id}' has no lesson")
        view = LessonView(new_id(), learner.id, pack.id, skill.id, self.now())
        state = self.state(learner, pack)
        state.skills[skill.id] = self.store.record_lesson(view, self.params_for(pack.id, skill.id))
        return skill

    def answer(
        self,
        learner: Learner,
        pack_id: str,
        question_id: str,
        response: grading.Response,
        *,
        hints_used: int = 0,
        seconds: float | None = None,
        session: StudySession | None = None,
        kind: AttemptKind | None = None,
    ) -> Feedback:
        """Grade an answer, store it, and only then return the feedback.

        `kind` is worked out (a review when the skill is mastered, else practice) unless given,
        as placement does.
        """
        pack = self.pack(pack_id)
        question = self.question(pack, question_id)
        skill = pack.skill(question.skill)
        result = grading.grade(question, response)
        params = self.params_for(pack.id, skill.id)
        state = self.state(learner, pack)
        seen = self.view(learner, pack).skills.get(skill.id)
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
            seconds=None if seconds is None else max(0.0, min(float(seconds), MAX_SECONDS)),
            at=self.now(),
            kind=kind,
            session_id=session.id if session else None,
        )
        after, asked = self.store.record_attempt(attempt, params)
        state.skills[skill.id] = after
        state.questions[question.id] = asked
        state.recent = (*state.recent, Recent(question.id, skill.id, kind, result.score))[-RECENT:]
        if kind == "review":
            state.reviews_today += 1
        trace = self._trace(learner, pack)
        if trace is not None:
            trace.observe(
                skill.id, result.score, attempt.hints_used, question.id, kind != "placement"
            )
            after = replace(after, p_known=trace.p_known(skill.id))
        mastered = after.is_mastered(params)
        return Feedback(
            question, result, skill, after, mastered, mastered and not was_mastered, kind
        )

    # Goals ---------------------------------------------------------------------------------------

    def goals(self, learner: Learner, active_only: bool = False) -> list[Goal]:
        """The learner's goals, oldest first."""
        goals = self.store.goals(learner.id)
        return [g for g in goals if g.status == "active"] if active_only else goals

    def active_goal(self, learner: Learner, pack_id: str) -> Goal | None:
        """The learner's current goal in a pack, if any."""
        return next((g for g in self.goals(learner, True) if g.pack_id == pack_id), None)

    def set_goal(
        self,
        learner: Learner,
        pack_id: str,
        due_by: date,
        daily_minutes: int,
        skills: tuple[str, ...] = (),
    ) -> tuple[Goal, str | None]:
        """Set the learner's goal in a pack (replacing the current one); it and any warning."""
        pack = self.pack(pack_id)
        for skill_id in skills:
            self.skill(pack, skill_id)
        now = self.now()
        pace.check_goal(due_by, daily_minutes, now.astimezone().date())
        goal = Goal(
            new_id(), learner.id, pack.id, tuple(dict.fromkeys(skills)), due_by, daily_minutes, now
        )
        previous = self.active_goal(learner, pack.id)
        self.store.add_goal(goal, replacing=previous.id if previous else None, at=now)
        mastered, seconds = self._mastery_facts(learner, pack)
        return goal, pace.reachability(goal, pack, mastered, seconds, now.astimezone().date())

    def close_goal(self, learner: Learner, pack_id: str, status: str) -> Goal:
        """Mark the learner's current goal in a pack done or dropped."""
        goal = self.active_goal(learner, self.pack(pack_id).id)
        if goal is None:
            raise NotFound(f"{learner.name} has no current goal in pack '{pack_id}'")
        now = self.now()
        self.store.close_goal(goal.id, status, now)
        return replace(goal, status=status, closed_at=now)  # type: ignore[arg-type]

    def _mastery_facts(self, learner: Learner, pack: Pack) -> tuple[set[str], dict[str, float]]:
        state = self.view(learner, pack)
        params = self._params(pack)
        mastered = {
            skill_id
            for skill_id, progress in state.skills.items()
            if skill_id in pack.skill_index and progress.is_mastered(params(pack.skill(skill_id)))
        }
        seconds = {skill_id: state.skills[skill_id].seconds for skill_id in mastered}
        return mastered, seconds

    def forecast(self, learner: Learner, goal: Goal) -> pace.Forecast:
        """Whether the learner is on track for a goal, at their own recent pace."""
        pack = self.pack(goal.pack_id)
        mastered, seconds = self._mastery_facts(learner, pack)
        days = self.study_days(learner, days=pace.PACE_WINDOW_DAYS + 1)
        minutes = {day: total / 60 for day, total in days.items()}
        return pace.forecast(goal, pack, mastered, seconds, minutes, self.now().astimezone().date())

    def catch_up(self, learner: Learner, pack_id: str) -> str | None:
        """After a break: a plan for the reviews that came due, instead of a backlog count."""
        pack = self.pack(pack_id)
        now = self.now()
        overdue = sum(
            1
            for p in self.view(learner, pack).skills.values()
            if p.due is not None and p.due <= now - timedelta(days=1)
        )
        goal = self.active_goal(learner, pack.id)
        daily = goal.daily_minutes if goal else int(learner.settings.get("session_minutes", 20))
        return pace.catch_up(overdue, pace.DEFAULT_REVIEW_MINUTES, daily)

    def offers_placement(self, learner: Learner, pack: Pack) -> bool:
        """Whether to offer the placement check: the learner has done nothing in the pack yet.

        Nothing means no answer (of any kind), no lesson read and no skill placed. A pack of one
        skill has nothing to skip past: practising it is the check.
        """
        state = self.state(learner, pack)
        return len(pack.skills) > 1 and not state.skills and not state.questions

    def start_placement(
        self, learner: Learner, pack: Pack, max_questions: int | None = None
    ) -> tuple[Placement, np.random.Generator]:
        """A placement check and the generator it draws from, seeded by the learner, the pack and
        the answers so far: every shell gives the same learner the same check."""
        import hashlib

        import numpy as np

        from tutor_tui.core import placement

        answered = len(self.state(learner, pack).questions)
        digest = hashlib.sha256(f"{learner.id}:{pack.id}:{answered}".encode()).digest()
        rng = np.random.default_rng(int.from_bytes(digest[:8], "big"))
        limit = {} if max_questions is None else {"max_questions": max_questions}
        return placement.start(pack, rng, **limit), rng

    def finish_placement(self, learner: Learner, result: PlacementResult) -> list[str]:
        """Place the skills a check found known (its answers are already stored); their ids."""
        known = {s.skill_id: s.belief for s in result.skills if s.verdict == "known"}
        if not known or not result.answers:
            return []
        self.place(learner, result.pack_id, known)
        return list(known)

    def place(
        self, learner: Learner, pack_id: str, known: Mapping[str, float]
    ) -> dict[str, SkillProgress]:
        """Record that a placement check found these skills known (skill id -> belief).

        Each becomes mastered with its first review scheduled, unless it already is; the check's
        answers are recorded as they come, by `answer(..., kind="placement")`.
        """
        pack = self.pack(pack_id)
        skills = [self.skill(pack, skill_id) for skill_id in known]
        now = self.now()
        events = [
            Placed(new_id(), learner.id, pack.id, s.id, float(known[s.id]), now) for s in skills
        ]
        params = {s.id: self.params_for(pack.id, s.id) for s in skills}
        after = self.store.record_placed(events, params)
        self.state(learner, pack).skills.update(after)
        return after

    # Sessions ----------------------------------------------------------------------------------

    def begin_session(
        self,
        learner: Learner,
        pack_id: str,
        minutes: int | None = None,
        skills: tuple[str, ...] = (),
    ) -> StudySession:
        """Start a study session in a pack, perhaps limited to some skills."""
        pack = self.pack(pack_id)
        skills = tuple(self.skill(pack, skill_id).id for skill_id in skills)
        state = self.view(learner, pack)
        before = {skill_id: progress.p_known for skill_id, progress in state.skills.items()}
        session = StudySession(new_id(), learner, pack.id, self.now(), minutes, before, skills)
        self.store.start_session(session.id, learner.id, pack.id, session.started_at, minutes)
        return session

    def end_session(self, session: StudySession) -> SessionSummary:
        """End a study session and say what it achieved."""
        now = self.now()
        self.store.end_session(session.id, now)
        return self.summary(session, now)

    def summary(self, session: StudySession, now: datetime | None = None) -> SessionSummary:
        """What a session has achieved so far."""
        pack = self.pack(session.pack_id)
        attempts = self.store.session_attempts(session.id)
        state = self.view(session.learner, pack)
        advanced = []
        for skill_id in dict.fromkeys(a.skill_id for a in attempts):
            progress = state.skills.get(skill_id)
            if progress is None or skill_id not in pack.skill_index:
                continue
            skill = pack.skill(skill_id)
            params = self.params_for(pack.id, skill_id)
            before = session.before.get(skill_id, params.prior)
            now_mastered = progress.is_mastered(params)
            if progress.p_known > before + 1e-9 or (now_mastered and before < params.threshold):
                advanced.append(
                    Advance(
                        skill.title,
                        before,
                        progress.p_known,
                        now_mastered and before < params.threshold,
                    )
                )
        dues = [
            (pack.skill(skill_id).title, progress.due)
            for skill_id, progress in state.skills.items()
            if progress.due is not None and skill_id in pack.skill_index
        ]
        next_review = min(dues, key=lambda item: item[1]) if dues else None
        now = now or self.now()
        return SessionSummary(
            answers=len(attempts),
            right=sum(1 for a in attempts if a.score >= 1.0),
            seconds=(now - session.started_at).total_seconds(),
            advanced=tuple(advanced),
            next_review=next_review,  # type: ignore[arg-type]
            at=now,
        )

    def session_report(self, session: StudySession, now: datetime | None = None) -> SessionReport:
        """A session as a tutor reads it: skills covered, accuracy, most-missed, what next."""
        from tutor_tui.render.session_report import build_session_report

        pack = self.pack(session.pack_id)
        state = self.view(session.learner, pack)
        known = [skill.id for skill in pack.skills]
        threshold = {skill_id: self.params_for(pack.id, skill_id).threshold for skill_id in known}
        after = {skill_id: progress.p_known for skill_id, progress in state.skills.items()}
        return build_session_report(
            pack,
            session.learner.name,
            self.store.session_attempts(session.id),
            before=session.before,
            after=after,
            mastered_after={s for s in known if s in after and after[s] >= threshold[s]},
            mastered_before={s for s in known if session.before.get(s, 0.0) >= threshold[s]},
            next_activity=self.next(session.learner, pack.id, only=session.skills or None),
            started_at=session.started_at.astimezone(),
            ended_at=(now or self.now()).astimezone(),
            minutes_planned=session.minutes,
            skills_asked=session.skills,
        )

    # Progress ----------------------------------------------------------------------------------

    def skill_reports(self, learner: Learner, pack: Pack) -> list[SkillReport]:
        """Every skill of the pack with the learner's standing on it, in study order."""
        now = self.now()
        state = self.view(learner, pack)
        reports = []
        for status in planner.statuses(pack, state, self._params(pack)).values():
            due = status.progress.due
            if status.mastered:
                label = "review due" if due and due <= now else "mastered"
            elif status.ready:
                label = "in progress" if status.started else "ready"
            else:
                label = "locked"
            reports.append(SkillReport(status.skill, status.progress, label, status.mastered))
        return reports

    def totals(self, learner: Learner) -> dict[str, tuple[int, float]]:
        """Per pack: answers given and seconds spent."""
        return self.store.totals(learner.id)

    def study_days(self, learner: Learner, days: int = 400) -> dict[date, float]:
        """Seconds of answering on each local day of the last `days` days that had any."""
        since = self.now() - timedelta(days=days)
        totals: dict[date, float] = {}
        for at, seconds in self.store.answer_times(learner.id, since):
            day = at.astimezone().date()
            totals[day] = totals.get(day, 0.0) + seconds
        return totals

    def streak(self, learner: Learner) -> int:
        """Days of study in a row, forgiving the missed days the learner allows a week."""
        from tutor_tui.core import progress

        days = self.study_days(learner)
        today = self.now().astimezone().date()
        return progress.streak(days.keys(), today, progress.forgiveness(learner.settings)).current

    def last_learner(self) -> str | None:
        """The name of the learner who studied last on this computer."""
        return self.store.get_meta("last_learner")

    def remember_learner(self, learner: Learner) -> None:
        """Remember who studied last, so that the next start offers them first."""
        self.store.set_meta("last_learner", learner.name)

    def update_settings(self, learner: Learner, **changes: Any) -> Learner:
        """Change some of a learner's settings; return the learner as changed."""
        settings = {**learner.settings, **changes}
        self.store.update_settings(learner.id, settings, self.now())
        self._states = {k: v for k, v in self._states.items() if k[0] != learner.id}
        self._traces = {k: v for k, v in self._traces.items() if k[0] != learner.id}
        return replace(learner, settings=settings)

    # Privacy: PINs and the tutor's passphrase (see tutor_tui.core.privacy) ----------------------

    def has_passphrase(self) -> bool:
        """Whether a tutor passphrase is set on this computer."""
        return self.store.get_meta(PASSPHRASE_KEY) is not None

    def pin_holders(self) -> list[str]:
        """The names of the learners whose profile a PIN guards."""
        return [learner.name for learner in self.store.learners() if learner.has_pin]

    def _check_secret(self, subject: str, secret: str, kept: list[str | None], what: str) -> None:
        """Accept `secret` if it matches one of `kept`; count and slow down wrong tries.

        The try is counted as wrong before the slow check begins, in one transaction with the
        look at the count, and forgiven once it turns out right: tries made at the same time from
        several programs each count, and none can slip in while another is being checked.
        """
        from tutor_tui.core import privacy

        key = privacy.failures_key(subject)
        now = self.guard_clock.now()

        def count_try(text: str | None) -> str:
            failures = privacy.Failures.from_text(text)
            failures.refuse_while_waiting(now, what)
            return failures.after_wrong(now).to_text()

        counted = privacy.Failures.from_text(self.store.update_meta(key, count_try))
        if any(hashed and privacy.verify_secret(secret, hashed) for hashed in kept):
            self.store.set_meta(key, None)
            return
        wait = counted.wait(now)
        later = f"; the next try must wait {privacy.seconds_words(wait)}" if wait else ""
        raise privacy.WrongSecret(f"wrong {what}{later}")

    def unlock_learner(self, learner: Learner, secret: str | None) -> None:
        """Open a learner's profile: their PIN, or the tutor's passphrase, when they have a PIN."""
        from tutor_tui.core import privacy

        if not learner.has_pin:
            return
        if not secret:
            raise privacy.SecretNeeded(f"{learner.name}'s profile is guarded by a PIN")
        passphrase = self.store.get_meta(PASSPHRASE_KEY)
        if passphrase is not None and not privacy.is_pin_shaped(secret):
            # The passphrase opens every profile, but not while it must wait after wrong tries
            # at a class command. Wrong tries here count against the learner's profile only, so
            # that a learner typing nonsense cannot lock the tutor out.
            failures = privacy.Failures.from_text(
                self.store.get_meta(privacy.failures_key("passphrase"))
            )
            failures.refuse_while_waiting(self.guard_clock.now(), "tutor passphrase")
        kept = [self.store.pin_hash(learner.id), passphrase]
        self._check_secret(f"learner:{learner.id}", secret, kept, f"PIN for {learner.name}")

    def unlock_class(self, passphrase: str | None) -> None:
        """Allow what shows or changes everyone's data: the passphrase when one is set.

        Without a passphrase, everyone's data is open, unless some learner has a PIN: then a
        passphrase must be set first, or the class report would show what their PIN guards.
        """
        from tutor_tui.core import privacy

        if self.has_passphrase():
            if not passphrase:
                raise privacy.SecretNeeded("this needs the tutor passphrase")
            kept = [self.store.get_meta(PASSPHRASE_KEY)]
            self._check_secret("passphrase", passphrase, kept, "tutor passphrase")
            return
        holders = self.pin_holders()
        if holders:
            who = (
                f"{holders[0]} has a PIN"
                if len(holders) == 1
                else f"{len(holders)} learners have PINs"
            )
            raise TutorError(f"{who}; set a tutor passphrase first, with: tutor class passphrase")

    def unlock_changes(self, learner: Learner, secret: str | None) -> None:
        """Allow erasing or resetting a learner: the passphrase when set, else their PIN if any."""
        if self.has_passphrase():
            self.unlock_class(secret)
        else:
            self.unlock_learner(learner, secret)

    def set_passphrase(self, new: str | None, current: str | None) -> None:
        """Set, change (with the current one) or remove (`new` None) the tutor passphrase."""
        from tutor_tui.core import privacy

        if self.has_passphrase():
            self.unlock_class(current)
        value = None if new is None else privacy.hash_secret(privacy.check_new_passphrase(new))
        self.store.set_meta(PASSPHRASE_KEY, value)

    def set_pin(
        self, learner: Learner, new: str | None, current: str | None, unlocked: bool = False
    ) -> Learner:
        """Set, change or remove (`new` None) a learner's PIN; changing needs the PIN or passphrase.

        `unlocked` says the profile was already opened with it (the app asks on picking).
        """
        from tutor_tui.core import privacy

        if not unlocked:
            self.unlock_learner(learner, current)
        value = None if new is None else privacy.hash_secret(privacy.check_new_pin(new))
        self.store.set_pin_hash(learner.id, value)
        return replace(learner, has_pin=value is not None)

    def erase_learner(self, learner: Learner, keep_profile: bool = False) -> int:
        """Erase a learner and everything they did (or, keeping the profile, start them afresh).

        The caller has unlocked the change (`unlock_changes`). Returns the answers erased.
        """
        erased = self.store.erase_learner(learner.id, keep_profile, self.now())
        self.forget_cached()
        return erased

    # Maintenance -------------------------------------------------------------------------------

    def attempts(self, learner: Learner | None = None, pack_id: str | None = None) -> list[Attempt]:
        """Every answer in the log (of one learner, in one pack), in the order they were made."""
        return self.store.attempts(None if learner is None else learner.id, pack_id)

    def export_bundle(self, path: Path, learners: Collection[Learner] | None = None) -> Bundle:
        """Write these learners' progress (everyone's when None) to a bundle file; return it."""
        from tutor_tui.files.bundle import write_bundle

        ids = None if learners is None else [learner.id for learner in learners]
        return write_bundle(path, self.store.export_rows(ids), self.now())

    def import_bundle(self, bundle: Bundle) -> MergeReport:
        """Merge a bundle's facts and rebuild the derived state, in one transaction."""
        # The rebuild uses the service's knowledge-tracing parameters, fitted models included.
        report = self.store.merge(bundle, self.params_for)
        self.forget_cached()
        return report

    def check(self) -> list[str]:
        """What is wrong with the store; empty when all is well."""
        return self.store.check(self.params_for)

    def rebuild(self) -> int:
        """Recompute the derived state from the attempt log; how many skill states changed."""
        return self.store.rebuild(self.params_for)

    # Classes (read only: the class report and roster import) ---------------------------------

    def learners(self, group: str | None = None) -> list[Learner]:
        """Every learner by name, or only those in `group`."""
        everyone = self.store.learners()
        return everyone if group is None else [p for p in everyone if p.group == group]

    def groups(self) -> list[str]:
        """The names of the learners' groups, sorted."""
        return sorted({p.group for p in self.store.learners() if p.group})

    def import_roster(
        self, new: list[tuple[str, str | None]], regroup: list[tuple[str, str | None]]
    ) -> list[Learner]:
        """Add a class's new learners (name, group) and move others to their groups, all or none."""
        return self.store.import_roster(new, regroup, self.now())

    def last_active(self, learner: Learner) -> datetime | None:
        """When the learner last answered, was placed or read a lesson, in any pack."""
        times = [
            at
            for progress in self.store.skill_states(learner.id).values()
            for at in (progress.last_seen, progress.lesson_seen_at)
            if at is not None
        ]
        return max(times, default=None)


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


def _jsonable(response: grading.Response) -> Any:
    """A response as it is kept in the log."""
    if isinstance(response, (str, bool, int, float)) or response is None:
        return response
    if isinstance(response, Mapping):
        return {str(k): str(v) for k, v in response.items()}
    if isinstance(response, (list, tuple, set, frozenset)):
        return [str(item) for item in response]
    return str(response)
