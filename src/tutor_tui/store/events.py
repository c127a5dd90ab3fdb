"""The append-only log (answers, lessons read, skills placed) and the derived state it implies.

Recording an event appends it and updates the derived state of its skill (and question) in the
same transaction, which commits before the caller shows feedback. An answer stamped no later than
one already applied in its pack derives the pack's skills and its question again in replay order,
as a rebuild (`replay.py`) would: an answer on one skill can change how answers on the others
count (`PackEvidence`). Lessons read and skills placed are applied as they come.

How the others count rests on one fact of the pack, whether the learner has answered right at
first sight questions of skills that require the answer's skill (`mastery.shown_elsewhere`): each
skill's state counts its own such questions, and an answer reads the skills with enough, on an
index, never the whole pack.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, func, insert, update
from sqlmodel import SQLModel, select

from tutor_tui.core.content import Mastery
from tutor_tui.core.first_sight import PackEvidence, first_sight_changes, lucky_change
from tutor_tui.core.learner import (
    Attempt,
    LessonView,
    Placed,
    QuestionProgress,
    SkillProgress,
    apply_attempt,
    apply_lesson,
    apply_placed,
    apply_question,
)
from tutor_tui.core.mastery import FIRST_SIGHT_QUESTIONS, shown_elsewhere
from tutor_tui.store import rows
from tutor_tui.store.engine import Database
from tutor_tui.store.learners import hold, hold_with_retention, retention
from tutor_tui.store.rows import Event
from tutor_tui.store.tables import (
    AttemptRow,
    LessonViewRow,
    PlacedRow,
    QuestionStateRow,
    SkillStateRow,
    table,
)

ParamsLookup = Callable[[str, str], Mastery]
"""The knowledge-tracing parameters of a skill: (pack id, skill id) -> Mastery."""


def apply_event(
    progress: SkillProgress | None,
    event: Event,
    params: Mastery,
    desired_retention: float,
    found: PackEvidence,
) -> SkillProgress:
    """A skill's progress after one event of the log, as a replay applies it; `found` is where
    each learner has fresh evidence so far, and takes in this event."""
    if isinstance(event, Attempt):
        after = apply_attempt(
            progress,
            event,
            params,
            desired_retention,
            elsewhere=found.before(event, params),
            asked_before=found.asked_before(event),
        )
        found.note(event, params)
        return after
    if isinstance(event, Placed):
        return apply_placed(progress, event, params, desired_retention)
    return apply_lesson(progress, event, params)


# The derived state, row by row ---------------------------------------------------------------


def skill_state(
    conn: Connection, learner_id: str, pack_id: str, skill_id: str
) -> SkillProgress | None:
    """A learner's progress on a skill as stored, or None before any."""
    row = conn.execute(
        select(SkillStateRow).where(
            SkillStateRow.learner_id == learner_id,
            SkillStateRow.pack_id == pack_id,
            SkillStateRow.skill_id == skill_id,
        )
    ).first()
    with rows.derived_state():
        return rows.skill_progress(row) if row else None


def question_state(
    conn: Connection, learner_id: str, pack_id: str, question_id: str
) -> tuple[QuestionProgress, tuple[str, ...]] | None:
    """A learner's progress on a question as stored, with the skills it was answered under, or
    None before any."""
    row = conn.execute(
        select(QuestionStateRow).where(
            QuestionStateRow.learner_id == learner_id,
            QuestionStateRow.pack_id == pack_id,
            QuestionStateRow.question_id == question_id,
        )
    ).first()
    with rows.derived_state():
        return (rows.question_progress(row), rows.question_skills(row)) if row else None


def put_skill(
    conn: Connection, learner_id: str, pack_id: str, progress: SkillProgress, *, new: bool
) -> None:
    """Store a skill's progress: a new row, or (not `new`) over the one stored."""
    skills = table(SkillStateRow)
    values = rows.skill_values(learner_id, pack_id, progress)
    if new:
        conn.execute(insert(skills), [values])
        return
    conn.execute(
        update(skills)
        .where(
            skills.c.learner_id == learner_id,
            skills.c.pack_id == pack_id,
            skills.c.skill_id == progress.skill_id,
        )
        .values(values)
    )


def put_question(
    conn: Connection,
    learner_id: str,
    pack_id: str,
    question_id: str,
    progress: QuestionProgress,
    skills: tuple[str, ...],
    *,
    new: bool,
) -> None:
    """Store a question's progress and the skills it was answered under: a new row, or (not
    `new`) over the one stored."""
    questions = table(QuestionStateRow)
    values = rows.question_values(learner_id, pack_id, question_id, progress, skills)
    if new:
        conn.execute(insert(questions), [values])
        return
    conn.execute(
        update(questions)
        .where(
            questions.c.learner_id == learner_id,
            questions.c.pack_id == pack_id,
            questions.c.question_id == question_id,
        )
        .values(values)
    )


# Recording -----------------------------------------------------------------------------------


class Events:
    """Recording what learners do, each event with its effect on the derived state."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def record_attempt(
        self, attempt: Attempt, params_for: ParamsLookup
    ) -> tuple[SkillProgress, QuestionProgress]:
        """Append an answer to the log and update the derived state, in one transaction."""
        with self.db.write() as conn:
            desired_retention = hold_with_retention(conn, attempt.learner_id)
            conn.execute(insert(table(AttemptRow)), [rows.attempt_values(attempt)])
            latest = _pack_latest(conn, attempt.learner_id, attempt.pack_id)
            before = skill_state(conn, attempt.learner_id, attempt.pack_id, attempt.skill_id)
            stored = question_state(conn, attempt.learner_id, attempt.pack_id, attempt.question_id)
            previous, under = stored if stored is not None else (None, ())
            late = (latest is not None and attempt.at <= latest) or (
                previous is not None
                and previous.last_seen is not None
                and attempt.at <= previous.last_seen
            )
            if late:
                # An answer stamped no later than one already applied (a clock set back, or one
                # fixed by TUTOR_NOW): derive the pack again in replay order, as a rebuild would.
                stated = _pack_skills(conn, attempt.learner_id, attempt.pack_id)
                skills, question, under = _replay_pack(conn, attempt, params_for, desired_retention)
                for skill_id, progress in skills.items():
                    if skill_id != attempt.skill_id:
                        new = skill_id not in stated
                        put_skill(conn, attempt.learner_id, attempt.pack_id, progress, new=new)
                after = skills[attempt.skill_id]
            else:
                # What other skills show counts only for a question of the skill seen before
                # (`mastery.Answered.weigh`): read them only then, inside the row's lock.
                params = params_for(attempt.pack_id, attempt.skill_id)
                seen = before is not None and any(q == attempt.question_id for q, _ in before.seen)
                elsewhere = seen and _shown_elsewhere(conn, attempt, params.above)
                after = apply_attempt(
                    before,
                    attempt,
                    params,
                    desired_retention,
                    elsewhere=elsewhere,
                    asked_before=previous is not None,
                )
                question = apply_question(previous, attempt)
                after = _count_first_sight(
                    conn, attempt, after, (previous, question), under, params
                )
                if attempt.skill_id not in under:
                    under = (*under, attempt.skill_id)
            put_skill(conn, attempt.learner_id, attempt.pack_id, after, new=before is None)
            put_question(
                conn,
                attempt.learner_id,
                attempt.pack_id,
                attempt.question_id,
                question,
                under,
                new=previous is None,
            )
        return after, question

    def record_lesson(self, view: LessonView, params: Mastery) -> SkillProgress:
        """Log that a lesson was read, and note it in the derived state."""
        with self.db.write() as conn:
            hold(conn, view.learner_id)
            conn.execute(insert(table(LessonViewRow)), [rows.lesson_view_values(view)])
            before = skill_state(conn, view.learner_id, view.pack_id, view.skill_id)
            after = apply_lesson(before, view, params)
            put_skill(conn, view.learner_id, view.pack_id, after, new=before is None)
        return after

    def record_placed(
        self, events: list[Placed], params: dict[str, Mastery]
    ) -> dict[str, SkillProgress]:
        """Log the skills a placement check found known, and derive their state, in one go."""
        after: dict[str, SkillProgress] = {}
        with self.db.write() as conn:
            hold(conn, *(e.learner_id for e in events))
            kept = {e.learner_id: retention(conn, e.learner_id) for e in events}
            for placed in events:
                conn.execute(insert(table(PlacedRow)), [rows.placed_values(placed)])
                before = skill_state(conn, placed.learner_id, placed.pack_id, placed.skill_id)
                progress = apply_placed(
                    before, placed, params[placed.skill_id], kept[placed.learner_id]
                )
                put_skill(conn, placed.learner_id, placed.pack_id, progress, new=before is None)
                after[placed.skill_id] = progress
        return after


def _shown_elsewhere(conn: Connection, attempt: Attempt, above: frozenset[str]) -> bool:
    """Whether the learner had answered right at first sight questions of the skills `above`
    the attempt's (`mastery.shown_elsewhere`): the skills of the pack that show it, from their
    index, are few; the skills above one at the bottom of a large pack may be many, so they are
    matched here rather than sent as a list of parameters."""
    if not above:
        return False
    states = table(SkillStateRow)
    found = conn.execute(
        select(states.c.skill_id).where(
            states.c.learner_id == attempt.learner_id,
            states.c.pack_id == attempt.pack_id,
            states.c.first_sight >= FIRST_SIGHT_QUESTIONS,
        )
    )
    return shown_elsewhere((row.skill_id for row in found), above)


def _count_first_sight(
    conn: Connection,
    attempt: Attempt,
    after: SkillProgress,
    question: tuple[QuestionProgress | None, QuestionProgress],
    under: tuple[str, ...],
    params: Mastery,
) -> SkillProgress:
    """The attempt's skill, whose rules are `params`, with its count of questions right at first
    sight after the answer (`first_sight_changes`), from its question's progress before and
    after it and the skills it was `under` before; the count of any other of those skills (a
    question a new version of the pack moved) is changed in place. A question luck may answer
    counts with the skill's others right at first sight (`lucky_change`)."""
    guessable = attempt.question_id in params.guessable
    changes = first_sight_changes(*question, under, attempt.skill_id, guessable=guessable)
    count = after.first_sight + changes.pop(attempt.skill_id, 0)
    if guessable:
        others = _right_at_first_sight(conn, attempt, params.guessable)
        count += lucky_change(others, attempt.question_id, *question, params)
    states = table(SkillStateRow)
    for skill_id, change in changes.items():
        conn.execute(
            update(states)
            .where(
                states.c.learner_id == attempt.learner_id,
                states.c.pack_id == attempt.pack_id,
                states.c.skill_id == skill_id,
            )
            .values(first_sight=states.c.first_sight + change)
        )
    return replace(after, first_sight=count)


def _right_at_first_sight(
    conn: Connection, attempt: Attempt, question_ids: frozenset[str]
) -> list[str]:
    """Of these questions of the attempt's pack (a skill's, few), those the learner answered
    right at first sight and never missed since (`QuestionProgress.first_sight`)."""
    found = table(QuestionStateRow)
    rows_found = conn.execute(
        select(found.c.question_id).where(
            found.c.learner_id == attempt.learner_id,
            found.c.pack_id == attempt.pack_id,
            found.c.question_id.in_(sorted(question_ids)),
            found.c.attempts == found.c.correct,
            found.c.correct >= 1,
        )
    )
    return [row.question_id for row in rows_found]


def _pack_latest(conn: Connection, learner_id: str, pack_id: str) -> datetime | None:
    """When the learner last answered (or was placed in) a skill of the pack: one aggregate,
    not a row per skill, on every answer. Stored times are UTC ISO text of one width, so the
    greatest text is the latest time."""
    states = table(SkillStateRow)
    found = conn.execute(
        select(func.max(states.c.last_seen)).where(
            states.c.learner_id == learner_id, states.c.pack_id == pack_id
        )
    ).scalar()
    with rows.derived_state():
        return rows.when(found)


def _pack_skills(conn: Connection, learner_id: str, pack_id: str) -> set[str]:
    """The skills of the pack the learner has a state on."""
    states = table(SkillStateRow)
    found = conn.execute(
        select(states.c.skill_id).where(
            states.c.learner_id == learner_id, states.c.pack_id == pack_id
        )
    )
    return {row.skill_id for row in found}


def _replay_pack(
    conn: Connection, attempt: Attempt, params_for: ParamsLookup, desired_retention: float
) -> tuple[dict[str, SkillProgress], QuestionProgress, tuple[str, ...]]:
    """The progress of each skill of the attempt's pack, and of its question, from their events
    in replay order; and the skills the question was answered under."""

    def of_the_pack(model: type[SQLModel]) -> Select[Any]:
        log = table(model)
        return select(model).where(
            log.c.learner_id == attempt.learner_id, log.c.pack_id == attempt.pack_id
        )

    # A row of the log that cannot be read is left out, as a replay of the whole log leaves it.
    events: list[tuple[str, str, Event]] = [
        *rows.each(conn.execute(of_the_pack(AttemptRow)), _timed(rows.attempt, "answered_at")),
        *rows.each(conn.execute(of_the_pack(LessonViewRow)), _timed(rows.lesson_view, "viewed_at")),
        *rows.each(conn.execute(of_the_pack(PlacedRow)), _timed(rows.placed, "placed_at")),
    ]
    events.sort(key=lambda e: e[:2])  # by time, then id, as a replay of the whole log
    skills: dict[str, SkillProgress] = {}
    params: dict[str, Mastery] = {}
    found = PackEvidence()
    for *_, fact in events:
        if fact.skill_id not in params:
            params[fact.skill_id] = params_for(fact.pack_id, fact.skill_id)
        skills[fact.skill_id] = apply_event(
            skills.get(fact.skill_id), fact, params[fact.skill_id], desired_retention, found
        )
    # The question's answers under any skill: a new version of the pack may have moved it.
    question: QuestionProgress | None = None
    answers = table(AttemptRow)
    for row in conn.execute(
        select(AttemptRow)
        .where(
            answers.c.learner_id == attempt.learner_id,
            answers.c.pack_id == attempt.pack_id,
            answers.c.question_id == attempt.question_id,
        )
        .order_by(answers.c.answered_at, answers.c.id)
    ):
        for answer in rows.each([row], rows.attempt):
            question = apply_question(question, answer)
    assert attempt.skill_id in skills and question is not None
    key = (attempt.learner_id, attempt.pack_id, attempt.question_id)
    counted = {skill_id: found.counted(*key[:2], progress) for skill_id, progress in skills.items()}
    return counted, question, found.skills_of(*key)


def _timed(read: Callable[[Any], Event], at: str) -> Callable[[Any], tuple[str, str, Event]]:
    """How a row of the log is read for a replay: its time as stored, its id, its event."""
    return lambda row: (getattr(row, at), row.id, read(row))
