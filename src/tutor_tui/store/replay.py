"""Replaying the whole log: rebuilding the derived state from it, and checking the two agree."""

from __future__ import annotations

import heapq
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, select
from sqlmodel import SQLModel

from tutor_tui.core import settings as settings_rules
from tutor_tui.core.content import Mastery
from tutor_tui.core.first_sight import PackEvidence
from tutor_tui.core.learner import (
    Attempt,
    QuestionProgress,
    SkillProgress,
    apply_question,
)
from tutor_tui.core.memory import DEFAULT_RETENTION
from tutor_tui.core.standing_change import NOTICE_KEY, Rebuilt, Shift, shifts
from tutor_tui.store import rows
from tutor_tui.store.engine import Database
from tutor_tui.store.events import ParamsLookup, apply_event
from tutor_tui.store.rows import Event
from tutor_tui.store.tables import (
    AttemptRow,
    LearnerRow,
    LessonViewRow,
    MetaRow,
    PlacedRow,
    QuestionStateRow,
    SkillStateRow,
    table,
)

Key = tuple[str, str, str]
# Rows of derived state written at once by a rebuild.
_BATCH = 1_000
_Timed = tuple[str, str, Event]


def _in_order(
    conn: Connection,
    model: type[SQLModel],
    at: str,
    event: Callable[[Any], Event],
    left_out: dict[str, int] | None,
) -> Iterator[_Timed]:
    """A kind of event from the log, by time then id, streamed from the database; those that
    cannot be read are left out, and counted."""
    log = table(model)
    found = conn.execute(select(log).order_by(log.c[at], log.c.id))
    return ((getattr(row, at), row.id, fact) for row, fact in _facts(found, event, left_out))


def _facts(
    found: Iterable[Any], event: Callable[[Any], Event], left_out: dict[str, int] | None
) -> Iterator[tuple[Any, Event]]:
    return rows.each(found, lambda row: (row, event(row)), left_out)


def replay(
    conn: Connection, params_for: ParamsLookup, left_out: dict[str, int] | None = None
) -> tuple[dict[Key, SkillProgress], dict[Key, QuestionProgress], PackEvidence]:
    """The derived state that the facts imply, replaying them in time order.

    Events of the same instant (a clock fixed by TUTOR_NOW, or two laptops' clocks agreeing) go by
    id: one order whatever order they reached this database in, so that bundles merged in any
    order give the same state. Ids are time-ordered, so on one computer that is also the order
    they were recorded in: a placement after its check's answers, and before the practice that
    follows it.

    The attempt log is streamed in order from the database, so that a long history is never held
    in memory at once; lesson views, one per lesson read, are merged into it. What it found in
    each pack comes with the state (the skills each question was answered under).
    """
    retention = {
        row.id: rows.learner(row).desired_retention
        for row in conn.execute(select(LearnerRow)).all()
    }
    attempts = _in_order(conn, AttemptRow, "answered_at", rows.attempt, left_out)
    views = list(_in_order(conn, LessonViewRow, "viewed_at", rows.lesson_view, left_out))
    placements = list(_in_order(conn, PlacedRow, "placed_at", rows.placed, left_out))
    skills: dict[Key, SkillProgress] = {}
    questions: dict[Key, QuestionProgress] = {}
    params_cache: dict[tuple[str, str], Mastery] = {}
    found = PackEvidence()
    for *_, fact in heapq.merge(views, attempts, placements, key=lambda e: e[:2]):
        key = (fact.learner_id, fact.pack_id, fact.skill_id)
        params = params_cache.get(key[1:])
        if params is None:
            params = params_cache[key[1:]] = params_for(fact.pack_id, fact.skill_id)
        learner_retention = retention.get(fact.learner_id, DEFAULT_RETENTION)
        skills[key] = apply_event(skills.get(key), fact, params, learner_retention, found)
        if isinstance(fact, Attempt):
            qkey = (fact.learner_id, fact.pack_id, fact.question_id)
            questions[qkey] = apply_question(questions.get(qkey), fact)
    counted = {key: found.counted(*key[:2], progress) for key, progress in skills.items()}
    return counted, questions, found


# The columns of a skill state, as a replay writes them.
_SKILL_COLUMNS = tuple(rows.skill_values("", "", SkillProgress("", 0.0)))


def stored_skills(conn: Connection) -> dict[Key, dict[str, Any]]:
    """Every skill state as stored, column by column as it is kept: nothing in it is parsed, so
    that a damaged value is a difference from what the log implies, never a failure."""
    states = table(SkillStateRow)
    query = select(*(states.c[column] for column in _SKILL_COLUMNS))
    return {
        (row["learner_id"], row["pack_id"], row["skill_id"]): dict(row)
        for row in conn.execute(query).mappings()
    }


def changed_between(before: dict[Key, dict[str, Any]], after: dict[Key, dict[str, Any]]) -> int:
    """How many skill states differ between two readings of them (`stored_skills`): one
    changed, added or gone counts once."""
    return sum(before.get(key) != row for key, row in after.items()) + len(set(before) - set(after))


def rebuild(
    conn: Connection, params_for: ParamsLookup, params_before: ParamsLookup | None = None
) -> Rebuilt:
    """Recompute all derived state from the log, in the transaction given; how many skill states
    changed, and whose standing (`core.standing_change.shifts`). The state it replaces is
    compared as kept, never parsed: a damaged value in it is what a rebuild mends, and must not
    stop it (nor a standing read from it: a damaged skill state counts as not begun). The state
    it replaces is read by the rules it was made under, `params_before` when they changed."""
    current = stored_skills(conn)
    before = {}
    for key, stored in current.items():
        try:
            before[key] = rows.skill_progress(SimpleNamespace(**stored))
        except rows.Unreadable:
            continue
    skills, questions, found = replay(conn, params_for)
    conn.execute(delete(table(SkillStateRow)))
    conn.execute(delete(table(QuestionStateRow)))
    values = {key: rows.skill_values(key[0], key[1], progress) for key, progress in skills.items()}
    changed = changed_between(current, values)
    _insert_batched(conn, table(SkillStateRow), values.values())
    _insert_batched(
        conn,
        table(QuestionStateRow),
        (
            rows.question_values(*key, progress, found.skills_of(*key))
            for key, progress in questions.items()
        ),
    )
    return Rebuilt(changed, tuple(shifts(before, skills, params_for, params_before)))


def keep_shifts(conn: Connection, found: Iterable[Shift]) -> None:
    """Keep each learner's change of standing until their home shows it (`Store.take_shifts`),
    joined with one kept from an earlier rebuild, in the transaction given."""
    meta = table(MetaRow)
    for shift in found:
        key = f"{NOTICE_KEY}{shift.learner_id}"
        kept = conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar()
        waiting = _shifts_kept(kept)
        before = waiting.get(shift.pack_id)
        waiting[shift.pack_id] = before.merged(shift) if before is not None else shift
        value = json.dumps([s.to_dict() for s in waiting.values() if s])
        conn.execute(delete(meta).where(meta.c.key == key))
        conn.execute(insert(meta).values(key=key, value=value))


def _shifts_kept(text: str | None) -> dict[str, Shift]:
    """The changes of standing kept for a learner, by pack; none for a damaged value."""
    try:
        found = [Shift.from_dict(values) for values in json.loads(text or "[]")]
    except (TypeError, ValueError, KeyError, AttributeError):
        return {}
    return {shift.pack_id: shift for shift in found}


def kept_shifts(conn: Connection, learner_id: str) -> list[Shift]:
    """A learner's changes of standing kept since their home last showed them."""
    meta = table(MetaRow)
    kept = conn.execute(
        select(meta.c.value).where(meta.c.key == f"{NOTICE_KEY}{learner_id}")
    ).scalar()
    return list(_shifts_kept(kept).values())


def take_shifts(conn: Connection, learner_id: str) -> list[Shift]:
    """A learner's changes of standing kept since their home last showed them, forgotten now."""
    found = kept_shifts(conn, learner_id)
    meta = table(MetaRow)
    conn.execute(delete(meta).where(meta.c.key == f"{NOTICE_KEY}{learner_id}"))
    return found


def _insert_batched(conn: Connection, into: Table, values: Iterable[dict[str, Any]]) -> None:
    """Insert rows a batch at a time: quicker than one by one, and never all held at once."""
    rest = iter(values)
    while batch := list(itertools.islice(rest, _BATCH)):
        conn.execute(insert(into), batch)


def check(db: Database, params_for: ParamsLookup) -> list[str]:
    """What is wrong with the database; empty when all is well."""
    with db.read() as conn:
        problems = db.integrity_problems(conn)
        learners = table(LearnerRow)
        for name, text in conn.execute(select(learners.c.name, learners.c.settings)):
            problems += [
                f"learner '{name}': {found}; the defaults stand in until they are set again"
                for found in settings_rules.read(text)[1]
            ]
        stored = stored_skills(conn)
        left_out: dict[str, int] = {}
        skills, _, _ = replay(conn, params_for, left_out)
    problems += [
        f"the log holds {count} row{'' if count == 1 else 's'} of {kind} that cannot be read"
        " (a damaged response or time): they are left out everywhere; restore a backup made"
        " before the damage to have them back"
        for kind, count in sorted(left_out.items())
    ]
    expected = {
        key: rows.skill_values(key[0], key[1], progress) for key, progress in skills.items()
    }
    for key in sorted(set(stored) | set(expected)):
        if stored.get(key) != expected.get(key):
            problems.append(
                f"derived state of skill '{key[2]}' in pack '{key[1]}' differs from the log;"
                " run: tutor doctor --rebuild"
            )
    return problems


def logged_questions(db: Database) -> list[tuple[str, str, str, str, int]]:
    """The (pack, pack version, question, skill) ids the attempt log holds, and how many of each."""
    answers = table(AttemptRow)
    columns = (
        answers.c.pack_id,
        answers.c.pack_version,
        answers.c.question_id,
        answers.c.skill_id,
    )
    with db.read() as conn:
        query = select(*columns, func.count()).group_by(*columns)
        return [
            (pack, version, question, skill, n)
            for pack, version, question, skill, n in conn.execute(query)
        ]
