"""Study sessions: their start and end, what they achieved, and the rules of their time.

A tutor's timed session (`tutor session`) ends when its minutes are up; any other session suggests
a break once it has lasted the minutes the learner meant it to. Every shell asks these rules here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from tutor_tui.core.ids import new_id
from tutor_tui.core.learner import Learner
from tutor_tui.service.knowledge import SESSION_MINUTES, Knowledge
from tutor_tui.service.study import Study, StudySession

if TYPE_CHECKING:
    from tutor_tui.core.session import SessionReport


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


class Sessions:
    """Sittings of study: begun, ended, summed up, and timed."""

    def __init__(self, knowledge: Knowledge, study: Study) -> None:
        self.knowledge = knowledge
        self.study = study

    def begin_session(
        self,
        learner: Learner,
        pack_id: str,
        minutes: int | None = None,
        skills: tuple[str, ...] = (),
        *,
        timed: bool | None = None,
    ) -> StudySession:
        """Start a study session in a pack, perhaps limited to some skills.

        A session given its `minutes` is a timed one, unless `timed` says it is not (the app
        keeps the learner's own session length with a session that is not).
        """
        knowledge = self.knowledge
        pack = knowledge.pack(pack_id)
        skills = tuple(knowledge.skill(pack, skill_id).id for skill_id in skills)
        state = knowledge.view(learner, pack)
        before = {skill_id: progress.p_known for skill_id, progress in state.skills.items()}
        timed = minutes is not None if timed is None else timed
        session = StudySession(
            new_id(), learner, pack.id, knowledge.now(), minutes, before, skills, timed
        )
        knowledge.store.start_session(session.id, learner.id, pack.id, session.started_at, minutes)
        return session

    def end_session(self, session: StudySession) -> SessionSummary:
        """End a study session and say what it achieved."""
        now = self.knowledge.now()
        self.knowledge.store.end_session(session.id, now)
        return self.summary(session, now)

    def summary(self, session: StudySession, now: datetime | None = None) -> SessionSummary:
        """What a session has achieved so far."""
        knowledge = self.knowledge
        pack = knowledge.pack(session.pack_id)
        attempts = knowledge.store.session_attempts(session.id)
        state = knowledge.view(session.learner, pack)
        advanced = []
        for skill_id in dict.fromkeys(a.skill_id for a in attempts):
            progress = state.skills.get(skill_id)
            if progress is None or skill_id not in pack.skill_index:
                continue
            params = knowledge.params_for(pack.id, skill_id)
            before = session.before.get(skill_id, params.prior)
            newly = progress.is_mastered(params) and before < params.threshold
            if progress.p_known > before + 1e-9 or newly:
                advanced.append(
                    Advance(pack.skill(skill_id).title, before, progress.p_known, newly)
                )
        dues = [
            (pack.skill(skill_id).title, progress.due)
            for skill_id, progress in state.skills.items()
            if progress.due is not None and skill_id in pack.skill_index
        ]
        next_review = min(dues, key=lambda item: item[1]) if dues else None
        now = now or knowledge.now()
        return SessionSummary(
            answers=len(attempts),
            right=sum(1 for a in attempts if a.score >= 1.0),
            seconds=(now - session.started_at).total_seconds(),
            advanced=tuple(advanced),
            next_review=next_review,
            at=now,
        )

    def session_report(self, session: StudySession, now: datetime | None = None) -> SessionReport:
        """A session as a tutor reads it: skills covered, accuracy, most-missed, what next."""
        from tutor_tui.core.session import build_session_report

        knowledge = self.knowledge
        pack = knowledge.pack(session.pack_id)
        state = knowledge.view(session.learner, pack)
        known = [skill.id for skill in pack.skills]
        threshold = {s: knowledge.params_for(pack.id, s).threshold for s in known}
        after = {skill_id: progress.p_known for skill_id, progress in state.skills.items()}
        return build_session_report(
            pack,
            session.learner.name,
            knowledge.store.session_attempts(session.id),
            before=session.before,
            after=after,
            mastered_after={s for s in known if s in after and after[s] >= threshold[s]},
            mastered_before={s for s in known if session.before.get(s, 0.0) >= threshold[s]},
            next_activity=self.study.next(session.learner, pack.id, only=session.skills or None),
            started_at=session.started_at.astimezone(),
            ended_at=(now or knowledge.now()).astimezone(),
            minutes_planned=session.minutes,
            skills_asked=session.skills,
        )

    # The rules of a session's time ---------------------------------------------------------------

    def session_minutes(self, session: StudySession, learner: Learner) -> int:
        """How long a session is meant to last: a timed one's minutes, else the learner's own."""
        if session.timed and session.minutes:
            return session.minutes
        return int(learner.settings.get("session_minutes", SESSION_MINUTES))

    def seconds_spent(self, session: StudySession) -> float:
        """The seconds since the session began."""
        return (self.knowledge.now() - session.started_at).total_seconds()

    def seconds_left(self, session: StudySession, learner: Learner) -> float:
        """The seconds until the session has lasted its minutes; none or less when it has."""
        return 60 * self.session_minutes(session, learner) - self.seconds_spent(session)

    def _lasted(self, session: StudySession, learner: Learner) -> bool:
        minutes = timedelta(minutes=self.session_minutes(session, learner))
        return self.knowledge.now() - session.started_at >= minutes

    def time_is_up(self, session: StudySession, learner: Learner) -> bool:
        """Whether a timed session has run its minutes: it ends there."""
        return session.timed and self._lasted(session, learner)

    def break_due(self, session: StudySession, learner: Learner) -> bool:
        """Whether a session that is not timed has lasted as long as the learner meant it to."""
        return not session.timed and self._lasted(session, learner)
