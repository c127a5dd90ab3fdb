"""The rows of a bundle, as pydantic models: what each kind of fact must hold to be read.

Strict: every field of the right type and within the bounds the tutor keeps, every id a
well-formed uuid, every time ISO 8601 with a zone (kept in UTC, to the microsecond, as the store
keeps it), every name as the tutor keeps names. The manifest's model is here too.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from tutor_tui.core import settings as settings_rules
from tutor_tui.core.names import clean_name

# Rows ----------------------------------------------------------------------------------


def _uuid(value: str) -> str:
    try:
        canonical = str(uuid.UUID(value))
    except ValueError:
        raise ValueError("is not a well-formed id") from None
    if canonical != value:
        raise ValueError("is not a well-formed id")
    return value


def _time(value: str) -> str:
    """A time as the store keeps it: ISO 8601 in UTC, to the microsecond, so text sorts as time."""
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("is not an ISO 8601 time") from None
    if at.tzinfo is None:
        raise ValueError("is a time without a time zone")
    try:
        return at.astimezone(UTC).isoformat(timespec="microseconds")
    except OverflowError:  # 0001-01-01T00:00+01:00 is before the first year in UTC
        raise ValueError("is a time out of range") from None


def _day(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError("is not a date like 2026-12-20") from None


def _name(value: str) -> str:
    # The rule every learner's name is kept by, so that a name matches the same name here.
    try:
        return clean_name(value)
    except ValueError as error:
        raise ValueError(f"is not a learner's name: {error}") from None


def _group(value: str) -> str:
    # A group's name is kept by the same rule (as the roster keeps it).
    try:
        return clean_name(value)
    except ValueError as error:
        raise ValueError(f"is not a group's name: {error}") from None


Id = Annotated[str, AfterValidator(_uuid)]
Time = Annotated[str, AfterValidator(_time)]
Day = Annotated[str, AfterValidator(_day)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=80), AfterValidator(_name)]
Group = Annotated[str, StringConstraints(min_length=1, max_length=80), AfterValidator(_group)]
# Pack, skill and question ids, pack versions: short text.
Key = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Share = Annotated[float, Field(ge=0.0, le=1.0)]
# The longest an answer's time may be in a bundle: longer is damage, not an answer. The tutor
# records at most a pause (`core.pace.PAUSE_SECONDS`), and counts at most that of an answer
# from an older bundle, but refuses nothing up to a day.
MAX_SECONDS = 24 * 3600.0
# The most skills a goal may name: a goal names the few a learner aims at, and no pack holds
# this many.
MAX_GOAL_SKILLS = 1000
# A goal is set for a day after the one it is set on, as the learner's clock reads it: a day
# before its time in UTC, at the most.
_CLOCK_ZONES = timedelta(days=1)


class RowModel(BaseModel):
    """A row as read from a bundle: strict, closed and frozen."""

    # Strict: "3" is not a number here, nor true an integer; unknown fields are faults.
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)


def _settings(value: dict[str, Any]) -> dict[str, Any]:
    # The rules every learner's settings are kept by, here and in the store.
    found = settings_rules.problems(value)
    if found:
        raise ValueError(found[0])
    return value


class LearnerRow(RowModel):
    id: Id
    name: Name
    created_at: Time
    group: Group | None
    settings: Annotated[dict[str, Any], AfterValidator(_settings)]
    # Since version 2: when the group, and each setting, was set (a merge keeps the later).
    group_set_at: Time | None = None
    settings_set_at: (
        Annotated[
            dict[Annotated[str, StringConstraints(max_length=80)], Time], Field(max_length=64)
        ]
        | None
    ) = None


class GoalRow(RowModel):
    id: Id
    learner_id: Id
    pack_id: Key
    skills: Annotated[list[Key], Field(max_length=MAX_GOAL_SKILLS)]
    due_by: Day
    daily_minutes: Annotated[int, Field(ge=1, le=24 * 60)]
    created_at: Time
    status: Literal["active", "done", "dropped"]
    closed_at: Time | None

    @model_validator(mode="after")
    def _consistent(self) -> GoalRow:
        if (self.status == "active") != (self.closed_at is None):
            raise ValueError("a goal has closed_at exactly when it is done or dropped")
        # Times are kept in one form (`_time`): as text, they sort as time.
        if self.closed_at is not None and self.closed_at < self.created_at:
            raise ValueError("a goal is closed before it was set")
        if len(set(self.skills)) != len(self.skills):
            raise ValueError("a goal names a skill twice")
        set_on = (datetime.fromisoformat(self.created_at) - _CLOCK_ZONES).date()
        if date.fromisoformat(self.due_by) < set_on:
            raise ValueError("a goal is due before the day it was set")
        return self


class StudySessionRow(RowModel):
    id: Id
    learner_id: Id
    pack_id: Key | None
    started_at: Time
    ended_at: Time | None
    planned_minutes: Annotated[int, Field(ge=0, le=24 * 60)] | None

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> StudySessionRow:
        if self.ended_at is not None and self.ended_at < self.started_at:
            raise ValueError("a study session ends before it starts")
        return self


class AttemptRow(RowModel):
    id: Id
    learner_id: Id
    pack_id: Key
    pack_version: Key
    question_id: Key
    skill_id: Key
    response: Any
    score: Share
    hints_used: Annotated[int, Field(ge=0, le=1000)]
    seconds: Annotated[float, Field(ge=0.0, le=MAX_SECONDS)] | None
    answered_at: Time
    kind: Literal["practice", "review", "placement"]
    session_id: Id | None


class LessonViewRow(RowModel):
    id: Id
    learner_id: Id
    pack_id: Key
    skill_id: Key
    viewed_at: Time


class PlacementRow(RowModel):
    id: Id
    learner_id: Id
    pack_id: Key
    skill_id: Key
    belief: Share
    placed_at: Time


SCHEMAS: dict[str, type[RowModel]] = {
    "learners": LearnerRow,
    "goals": GoalRow,
    "study_sessions": StudySessionRow,
    "attempts": AttemptRow,
    "lesson_views": LessonViewRow,
    "placements": PlacementRow,
}


class FileEntry(RowModel):
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    rows: Annotated[int, Field(ge=0)]


class Manifest(RowModel):
    format: str
    version: int
    created: Time
    app: Annotated[str, StringConstraints(max_length=64)]
    files: dict[str, FileEntry]
