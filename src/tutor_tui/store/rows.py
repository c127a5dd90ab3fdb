"""Rows and domain values, both ways: the one place that knows how a value is spelled as stored.

Times are stored as ISO 8601 text in UTC, to the microsecond, which sorts in time order; JSON
columns (settings, skills, responses, review cards) as JSON text.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from tutor_tui.core import settings as settings_rules
from tutor_tui.core.errors import TutorError
from tutor_tui.core.learner import (
    Attempt,
    Learner,
    LessonView,
    Placed,
    QuestionProgress,
    SkillProgress,
)
from tutor_tui.core.memory import checked_card
from tutor_tui.core.pace import Goal, studied_seconds

T = TypeVar("T")

# What the log holds: answers, lessons read and skills placed.
Event = Attempt | LessonView | Placed


def to_text(at: datetime) -> str:
    """A time as stored."""
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def from_text(value: str | None) -> datetime | None:
    """A stored time, or None."""
    return datetime.fromisoformat(value) if value else None


class Unreadable(ValueError):
    """A row of the log whose values cannot be read (a damaged response or time): left out."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"a row of {kind} cannot be read")
        self.kind = kind


@contextmanager
def derived_state() -> Iterator[None]:
    """Reading derived state, in any command: a damaged row is one line that says how to mend it,
    not a crash."""
    try:
        yield
    except Unreadable:
        raise TutorError(
            "the progress worked out from the answers is damaged in the database: "
            "`tutor doctor --rebuild` works it out again"
        ) from None


def each(
    found: Iterable[Any], convert: Callable[[Any], T], left_out: dict[str, int] | None = None
) -> Iterator[T]:
    """The rows converted, less those that cannot be read, counted by kind in `left_out`."""
    for row in found:
        try:
            yield convert(row)
        except Unreadable as unreadable:
            if left_out is not None:
                left_out[unreadable.kind] = left_out.get(unreadable.kind, 0) + 1


def _time(value: str) -> datetime:
    """A stored time that is never empty."""
    return datetime.fromisoformat(value)


def event_time(value: Any, kind: str) -> datetime:
    """An event's stored time; Unreadable when it is not one (a damaged row)."""
    try:
        at = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise Unreadable(kind) from None
    if at.tzinfo is None:
        raise Unreadable(kind)
    return at


def stamps(text: str | None) -> dict[str, str]:
    """When each of a learner's settings was set, as stored; none that cannot be read."""
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(v, str) and _is_time(v)}


def _is_time(text: str) -> bool:
    try:
        return datetime.fromisoformat(text).tzinfo is not None
    except ValueError:
        return False


def _text_or_none(at: datetime | None) -> str | None:
    return to_text(at) if at else None


# Derived state -------------------------------------------------------------------------------


def skill_values(learner_id: str, pack_id: str, progress: SkillProgress) -> dict[str, Any]:
    """A skill's progress as the columns of its row."""
    return {
        "learner_id": learner_id,
        "pack_id": pack_id,
        "skill_id": progress.skill_id,
        "p_known": progress.p_known,
        "attempts": progress.attempts,
        "correct": progress.correct,
        "misses_in_a_row": progress.misses_in_a_row,
        "seconds": progress.seconds,
        "last_seen": _text_or_none(progress.last_seen),
        "lesson_seen_at": _text_or_none(progress.lesson_seen_at),
        "misses_since": _text_or_none(progress.misses_since),
        "lesson_misses": progress.lesson_misses,
        "mastered_at": _text_or_none(progress.mastered_at),
        "card": json.dumps(progress.card, sort_keys=True) if progress.card else None,
        "due": _text_or_none(progress.due),
        "seen": json.dumps([[q, to_text(at)] for q, at in progress.seen])
        if progress.seen
        else None,
        "evidence": json.dumps(list(progress.evidence)) if progress.evidence else None,
        "answered_right": json.dumps(list(progress.answered_right))
        if progress.answered_right
        else None,
        "placed_at": _text_or_none(progress.placed_at),
        "first_sight": progress.first_sight,
        "unplaced": progress.unplaced,
    }


def skill_progress(row: Any) -> SkillProgress:
    """A skill's progress from its row; Unreadable when a value is damaged (the log mends it)."""
    try:
        return SkillProgress(
            skill_id=row.skill_id,
            p_known=_number(row.p_known),
            attempts=_count(row.attempts),
            correct=_count(row.correct),
            misses_in_a_row=_count(row.misses_in_a_row),
            seconds=_number(row.seconds),
            last_seen=_when(row.last_seen),
            lesson_seen_at=_when(row.lesson_seen_at),
            misses_since=_when(row.misses_since),
            lesson_misses=_count(row.lesson_misses),
            mastered_at=_when(row.mastered_at),
            card=checked_card(_json(row.card, dict)) if row.card is not None else None,
            due=_when(row.due),
            seen=tuple((_text(q), _when_set(at)) for q, at in _json(row.seen, list))
            if row.seen is not None
            else (),
            evidence=tuple(_text(q) for q in _json(row.evidence, list))
            if row.evidence is not None
            else (),
            answered_right=tuple(_text(q) for q in _json(row.answered_right, list))
            if row.answered_right is not None
            else (),
            placed_at=_when(row.placed_at),
            first_sight=_count(row.first_sight),
            unplaced=None if row.unplaced is None else _number(row.unplaced),
        )
    except (TypeError, ValueError, RecursionError):
        raise Unreadable("skill_states") from None


def _number(value: Any) -> float:
    """A stored number, finite; ValueError for text or anything else."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(value)
    return float(value)


def _count(value: Any) -> int:
    """A stored count: a whole number, not negative."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(value)
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(value)
    return value


def when(value: Any) -> datetime | None:
    """A stored time of derived state, or None; Unreadable unless it is a time with its zone."""
    try:
        return _when(value)
    except (TypeError, ValueError) as error:
        raise Unreadable("skill_states") from error


def _when(value: Any) -> datetime | None:
    """A stored time of derived state, or None; ValueError unless it is a time with its zone."""
    return None if value is None else _when_set(value)


def _when_set(value: Any) -> datetime:
    at = datetime.fromisoformat(_text(value))
    if at.tzinfo is None:
        raise ValueError(value)
    return at


def _json(value: Any, kind: type) -> Any:
    """A stored JSON value of this kind (dict or list)."""
    found = json.loads(_text(value))
    if not isinstance(found, kind):
        raise ValueError(value)
    return found


def question_values(
    learner_id: str,
    pack_id: str,
    question_id: str,
    progress: QuestionProgress,
    skills: tuple[str, ...],
) -> dict[str, Any]:
    """A question's progress, and the skills it was answered under, as the columns of its row."""
    return {
        "learner_id": learner_id,
        "pack_id": pack_id,
        "question_id": question_id,
        "attempts": progress.attempts,
        "correct": progress.correct,
        "last_seen": _text_or_none(progress.last_seen),
        "last_score": progress.last_score,
        "skills": json.dumps(list(skills)) if skills else None,
    }


def question_progress(row: Any) -> QuestionProgress:
    """A question's progress from its row; Unreadable when a value is damaged."""
    try:
        score = None if row.last_score is None else _number(row.last_score)
        return QuestionProgress(
            _count(row.attempts), _count(row.correct), _when(row.last_seen), score
        )
    except (TypeError, ValueError):
        raise Unreadable("question_states") from None


def question_skills(row: Any) -> tuple[str, ...]:
    """The skills a question was answered under, from its row: read only where an answer needs
    them, not with every question of a pack."""
    try:
        return () if row.skills is None else tuple(_text(s) for s in _json(row.skills, list))
    except (TypeError, ValueError, RecursionError):
        raise Unreadable("question_states") from None


# Facts --------------------------------------------------------------------------------------


def attempt_values(attempt: Attempt) -> dict[str, Any]:
    """An answer as the columns of its row in the log."""
    return {
        "id": attempt.id,
        "learner_id": attempt.learner_id,
        "pack_id": attempt.pack_id,
        "pack_version": attempt.pack_version,
        "question_id": attempt.question_id,
        "skill_id": attempt.skill_id,
        "response": json.dumps(attempt.response, ensure_ascii=False),
        "score": attempt.score,
        "hints_used": attempt.hints_used,
        "seconds": attempt.seconds,
        "answered_at": to_text(attempt.at),
        "kind": attempt.kind,
        "session_id": attempt.session_id,
    }


def attempt(row: Any) -> Attempt:
    """An answer from its row in the log; Unreadable when its response or time is damaged."""
    try:
        response = json.loads(row.response)
    except (TypeError, ValueError, RecursionError):
        raise Unreadable("attempts") from None
    return Attempt(
        id=row.id,
        learner_id=row.learner_id,
        pack_id=row.pack_id,
        pack_version=row.pack_version,
        question_id=row.question_id,
        skill_id=row.skill_id,
        response=response,
        score=row.score,
        hints_used=row.hints_used,
        # Counted up to a pause, however long an older row or another laptop says it took.
        seconds=studied_seconds(row.seconds),
        at=event_time(row.answered_at, "attempts"),
        kind=row.kind,
        session_id=row.session_id,
    )


def lesson_view_values(view: LessonView) -> dict[str, Any]:
    """A lesson read as the columns of its row in the log."""
    return {
        "id": view.id,
        "learner_id": view.learner_id,
        "pack_id": view.pack_id,
        "skill_id": view.skill_id,
        "viewed_at": to_text(view.at),
    }


def lesson_view(row: Any) -> LessonView:
    """A lesson read from its row in the log."""
    at = event_time(row.viewed_at, "lesson_views")
    return LessonView(row.id, row.learner_id, row.pack_id, row.skill_id, at)


def placed_values(placed: Placed) -> dict[str, Any]:
    """A skill placed as the columns of its row in the log."""
    return {
        "id": placed.id,
        "learner_id": placed.learner_id,
        "pack_id": placed.pack_id,
        "skill_id": placed.skill_id,
        "belief": placed.belief,
        "placed_at": to_text(placed.at),
    }


def placed(row: Any) -> Placed:
    """A skill placed from its row in the log."""
    return Placed(
        id=row.id,
        learner_id=row.learner_id,
        pack_id=row.pack_id,
        skill_id=row.skill_id,
        belief=row.belief,
        at=event_time(row.placed_at, "placements"),
    )


def learner_values(learner: Learner) -> dict[str, Any]:
    """A new learner as the columns of their row: the group, if any, is set as they are made."""
    return {
        "id": learner.id,
        "name": learner.name,
        "created_at": to_text(learner.created_at),
        "settings": json.dumps(learner.settings, sort_keys=True),
        "group_name": learner.group,
        "group_set_at": to_text(learner.created_at) if learner.group else None,
    }


def learner(row: Any) -> Learner:
    """A learner from their row."""
    return Learner(
        id=row.id,
        name=row.name,
        created_at=_time(row.created_at),
        # Settings the tutor cannot use are left out: the defaults stand in (`tutor doctor` says).
        settings=settings_rules.read(row.settings)[0],
        group=row.group_name,
        has_pin=row.pin_hash is not None,
    )


def goal_values(goal: Goal) -> dict[str, Any]:
    """A new goal as the columns of its row."""
    return {
        "id": goal.id,
        "learner_id": goal.learner_id,
        "pack_id": goal.pack_id,
        "skills": json.dumps(list(goal.skills)),
        "due_by": goal.due_by.isoformat(),
        "daily_minutes": goal.daily_minutes,
        "created_at": to_text(goal.created_at),
        "status": goal.status,
    }


def goal(row: Any) -> Goal:
    """A goal from its row."""
    return Goal(
        id=row.id,
        learner_id=row.learner_id,
        pack_id=row.pack_id,
        skills=tuple(json.loads(row.skills or "[]")),
        due_by=date.fromisoformat(row.due_by),
        daily_minutes=row.daily_minutes,
        created_at=_time(row.created_at),
        status=row.status,
        closed_at=from_text(row.closed_at),
    )


# Bundles: a learner as a bundle carries them (never their PIN hash) -------------------------


def bundle_learner(row: Any) -> dict[str, Any]:
    """A learner's row as a bundle carries it."""
    return {
        "id": row.id,
        "name": row.name,
        "created_at": row.created_at,
        "group": row.group_name,
        "settings": settings_rules.read(row.settings)[0],
        "group_set_at": row.group_set_at,
        "settings_set_at": stamps(row.settings_set_at),
    }


def bundle_learner_values(learner: dict[str, Any]) -> dict[str, Any]:
    """The columns a bundle's learner (merged or new) is kept in."""
    return {
        "id": learner["id"],
        "name": learner["name"],
        "created_at": learner["created_at"],
        "settings": json.dumps(learner["settings"], sort_keys=True),
        "group_name": learner["group"],
        "group_set_at": learner.get("group_set_at"),
        "settings_set_at": json.dumps(learner.get("settings_set_at") or {}, sort_keys=True),
    }
