"""Study sessions: their start and end, what they achieved, and the rules of their time.

A tutor's timed session (`tutor session`) ends when its minutes are up; any other session suggests
a break once it has lasted the minutes the learner meant it to. Every shell asks these rules here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from tutor_tui.core.content import Pack
from tutor_tui.core.ids import new_id
from tutor_tui.core.learner import Learner, LearnerState
from tutor_tui.core.planner import ParamsFor
from tutor_tui.core.standing import counts_as_mastered, is_placed_out
from tutor_tui.service.knowledge import SESSION_MINUTES, Knowledge
from tutor_tui.service.study import Study, StudySession

if TYPE_CHECKING:
    from tutor_tui.core.session import SessionReport


@dataclass(frozen=True, slots=True)
class Advance:
    """A skill whose mastery rose during a session, or that was mastered and slipped."""

    title: str
    before: float
    after: float
    mastered: bool
    # Counted as mastered when the session began, and not now: misses in it let it slip.
    lost: bool = False


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """What a session achieved, said kindly."""

    answers: int
    right: int
    seconds: float
    advanced: tuple[Advance, ...]
    next_review: tuple[str, datetime] | None
    at: datetime
    # Skills placed out in the session, with the first check due on them; skills placed out
    # when it began that went back to practice in it (`core.session.placement_moves`).
    placed: tuple[str, ...] = ()
    check_due: datetime | None = None
    sent_back: tuple[str, ...] = ()

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
            elif advance.lost:
                lines.append(
                    f"Slipped: {advance.title} {round(100 * advance.before)}%"
                    f" → {round(100 * advance.after)}%, to practise again"
                )
            else:
                lines.append(
                    f"Progress: {advance.title} {round(100 * advance.before)}%"
                    f" → {round(100 * advance.after)}%"
                )
        lines += self._placement_lines()
        if self.next_review:
            title, when = self.next_review
            if when <= self.at:
                lines.append(f"Review due now: {title}")
            else:
                lines.append(f"Next review: {title} on {_day(when)}")
        return lines

    def _placement_lines(self) -> list[str]:
        lines = []
        if self.placed:
            count = len(self.placed)
            check = f" on {_day(self.check_due)}" if self.check_due else ""
            lines.append(
                f"Placed out: {count} skill{'s' if count != 1 else ''}, to confirm in a short"
                f" check{check}: {', '.join(self.placed)}"
            )
        if self.sent_back:
            lines.append("Back to practice, no longer placed out: " + ", ".join(self.sent_back))
        return lines


def _day(when: datetime) -> str:
    return when.astimezone().strftime("%Y-%m-%d")


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
        params = knowledge.params(pack)
        mastered, placed = _mastered_and_placed(pack, state, params)
        timed = minutes is not None if timed is None else timed
        session = StudySession(
            new_id(),
            learner,
            pack.id,
            knowledge.now(),
            minutes,
            before,
            skills,
            timed,
            mastered,
            placed,
        )
        knowledge.store.start_session(session.id, learner.id, pack.id, session.started_at, minutes)
        return session

    def move_session(
        self, session: StudySession, pack_id: str, minutes: int | None = None
    ) -> StudySession:
        """The sitting goes on in another pack: the session in this one ends, and one begins in
        that one that remembers it, so that the summary covers every pack of the sitting."""
        self.knowledge.store.end_session(session.id, self.knowledge.now())
        moved = self.begin_session(session.learner, pack_id, minutes, timed=False)
        return replace(moved, earlier=session.sitting)

    def end_session(self, session: StudySession) -> SessionSummary:
        """End a study session and say what it achieved."""
        now = self.knowledge.now()
        self.knowledge.store.end_session(session.id, now)
        return self.summary(session, now)

    def summary(self, session: StudySession, now: datetime | None = None) -> SessionSummary:
        """What a session has achieved so far, in every pack of its sitting."""
        now = now or self.knowledge.now()
        attempts = []
        advanced: list[Advance] = []
        dues: list[tuple[str, datetime]] = []
        checks: list[datetime] = []
        placed: list[str] = []
        back: list[str] = []
        for first, parts in _by_pack(session.sitting):
            found = [a for part in parts for a in self.knowledge.store.session_attempts(part.id)]
            attempts += found
            moves = self._advances(first, [a.skill_id for a in found])
            advanced += moves.advanced
            dues += moves.reviews
            checks += moves.checks
            placed += moves.placed
            back += moves.sent_back
        return SessionSummary(
            answers=len(attempts),
            right=sum(1 for a in attempts if a.score >= 1.0),
            seconds=(now - session.sitting[0].started_at).total_seconds(),
            advanced=tuple(advanced),
            next_review=min(dues, key=lambda item: item[1]) if dues else None,
            at=now,
            placed=tuple(placed),
            check_due=min(checks, default=None),
            sent_back=tuple(back),
        )

    def _advances(self, session: StudySession, answered: list[str]) -> _Moves:
        """The skills of one pack whose mastery rose, was gained or was lost in the session,
        those it placed out or sent back, and the pack's reviews and checks due."""
        from tutor_tui.core.session import placement_moves

        knowledge = self.knowledge
        pack = knowledge.pack(session.pack_id)
        state = knowledge.view(session.learner, pack)
        mastered, placed_now = _mastered_and_placed(pack, state, knowledge.params(pack))
        placed, back = placement_moves(
            [skill.id for skill in pack.skills], session.placed_before, placed_now, mastered
        )
        advanced = []
        for skill_id in dict.fromkeys(answered):
            progress = state.skills.get(skill_id)
            if progress is None or skill_id not in pack.skill_index or skill_id in placed:
                continue  # a skill placed out is said so, apart: its estimate is the check's
            params = knowledge.params_for(pack.id, skill_id)
            before = session.before.get(skill_id, params.prior)
            had = skill_id in session.mastered_before
            has = skill_id in mastered
            if progress.p_known > before + 1e-9 or has != had:
                title = pack.skill(skill_id).title
                advanced.append(
                    Advance(title, before, progress.p_known, has and not had, had and not has)
                )
        reviews = [
            (pack.skill(skill_id).title, progress.due)
            for skill_id, progress in state.skills.items()
            if progress.due is not None and skill_id in mastered
        ]
        checks = [
            progress.due
            for skill_id, progress in state.skills.items()
            if progress.due is not None and skill_id in placed
        ]
        titles = pack.skill_index
        return _Moves(
            advanced,
            reviews,
            checks,
            [titles[s].title for s in placed],
            [titles[s].title for s in back],
        )

    def session_report(self, session: StudySession, now: datetime | None = None) -> SessionReport:
        """A session as a tutor reads it: skills covered, gained and lost, accuracy, most-missed,
        what next; over every pack of its sitting."""
        from tutor_tui.core.session import sitting_report

        sitting = session.sitting
        ends = {part.id: end.started_at for part, end in zip(sitting, sitting[1:], strict=False)}
        now = now or self.knowledge.now()
        groups = _by_pack(sitting)
        return sitting_report(
            [
                self._pack_report(
                    first, parts, ends.get(parts[-1].id, now), index == len(groups) - 1
                )
                for index, (first, parts) in enumerate(groups)
            ]
        )

    def _pack_report(
        self,
        session: StudySession,
        parts: tuple[StudySession, ...],
        ended: datetime,
        last: bool,
    ) -> SessionReport:
        """The report of one pack's part of a sitting: `session` is its first session there,
        `parts` every session of the sitting in that pack."""
        from tutor_tui.core.session import build_session_report

        knowledge = self.knowledge
        pack = knowledge.pack(session.pack_id)
        state = knowledge.view(session.learner, pack)
        params = knowledge.params(pack)
        after = {skill_id: progress.p_known for skill_id, progress in state.skills.items()}
        mastered, placed = _mastered_and_placed(pack, state, params)
        only = session.skills or None
        return build_session_report(
            pack,
            session.learner.name,
            [a for part in parts for a in knowledge.store.session_attempts(part.id)],
            before=session.before,
            after=after,
            mastered_after=mastered,
            mastered_before=set(session.mastered_before),
            next_activity=self.study.next(session.learner, pack.id, only=only) if last else None,
            started_at=session.started_at.astimezone(),
            ended_at=ended.astimezone(),
            minutes_planned=session.minutes,
            skills_asked=session.skills,
            placed_before=session.placed_before,
            placed_after=placed,
        )

    # The rules of a session's time ---------------------------------------------------------------

    def session_minutes(self, session: StudySession, learner: Learner) -> int:
        """How long a session is meant to last: a timed one's minutes, else the learner's own."""
        if session.timed and session.minutes:
            return session.minutes
        return int(learner.settings.get("session_minutes", SESSION_MINUTES))

    def seconds_spent(self, session: StudySession) -> float:
        """The seconds since the session (its sitting, over every pack) began."""
        return (self.knowledge.now() - session.sitting[0].started_at).total_seconds()

    def seconds_left(self, session: StudySession, learner: Learner) -> float:
        """The seconds until the session has lasted its minutes; none or less when it has."""
        return 60 * self.session_minutes(session, learner) - self.seconds_spent(session)

    def _lasted(self, session: StudySession, learner: Learner) -> bool:
        minutes = timedelta(minutes=self.session_minutes(session, learner))
        return self.seconds_spent(session) >= minutes.total_seconds()

    def time_is_up(self, session: StudySession, learner: Learner) -> bool:
        """Whether a timed session has run its minutes: it ends there."""
        return session.timed and self._lasted(session, learner)

    def break_due(self, session: StudySession, learner: Learner) -> bool:
        """Whether a session that is not timed has lasted as long as the learner meant it to."""
        return not session.timed and self._lasted(session, learner)


@dataclass(frozen=True, slots=True)
class _Moves:
    """What a session did in one pack, for its summary."""

    advanced: list[Advance]
    reviews: list[tuple[str, datetime]]
    checks: list[datetime]
    placed: list[str]
    sent_back: list[str]


def _mastered_and_placed(
    pack: Pack, state: LearnerState, params: ParamsFor
) -> tuple[frozenset[str], frozenset[str]]:
    """The skills of the pack the learner has mastered, and those they are placed out of."""
    progress = {
        skill.id: (state.progress(skill.id, params(skill)), params(skill)) for skill in pack.skills
    }
    return (
        frozenset(s for s, (mine, rules) in progress.items() if counts_as_mastered(mine, rules)),
        frozenset(s for s, (mine, rules) in progress.items() if is_placed_out(mine, rules)),
    )


def _by_pack(
    sitting: tuple[StudySession, ...],
) -> list[tuple[StudySession, tuple[StudySession, ...]]]:
    """The sessions of a sitting grouped by pack: a learner may go back to a pack, and what the
    sitting did there is counted once, from what they knew when they first came to it. Each
    group is its first session and all of them; groups in the order last studied, so that the
    pack studied now comes last."""
    groups: dict[str, list[StudySession]] = {}
    last_studied: dict[str, int] = {}
    for position, part in enumerate(sitting):
        groups.setdefault(part.pack_id, []).append(part)
        last_studied[part.pack_id] = position
    order = sorted(groups, key=last_studied.__getitem__)
    return [(groups[pack][0], tuple(groups[pack])) for pack in order]
