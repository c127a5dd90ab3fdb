"""Facts stamped ahead of the clock: found, and brought back to it.

A computer whose clock read a year ahead stamps an answer a year ahead; once the clock is right
again nothing can follow that answer without being carried as far forward (`Knowledge.stamp`
refuses to), and every other computer refuses a bundle holding it. `tutor doctor` names such
facts and, asked to, dates them again by the clock: the events of the log just after the last
one dated in time, in the order they were done; every one of them is kept. Not when most of the
log is ahead: then the clock is wrong now, and it is refused.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Connection, func, or_, select, update
from sqlmodel import SQLModel

from tutor_tui.core.errors import ClockBehind, TutorError
from tutor_tui.files import paths
from tutor_tui.files.atomic import write_atomic
from tutor_tui.store import rows
from tutor_tui.store.engine import Database
from tutor_tui.store.tables import (
    AttemptRow,
    GoalRow,
    LearnerRow,
    LessonViewRow,
    PlacedRow,
    StudySessionRow,
    table,
)

# Each event of the log with the column of its time.
_LOG: tuple[tuple[type[SQLModel], str], ...] = (
    (AttemptRow, "answered_at"),
    (LessonViewRow, "viewed_at"),
    (PlacedRow, "placed_at"),
)
# Other facts with times of their own, each checked against the clock when a bundle is imported
# (`files.bundle.check_times`): brought back to the clock itself.
_DATED: tuple[tuple[type[SQLModel], tuple[str, ...]], ...] = (
    (StudySessionRow, ("started_at", "ended_at")),
    (GoalRow, ("created_at", "closed_at")),
    (LearnerRow, ("group_set_at",)),
)
_STEP = timedelta(microseconds=1)


class Ahead(NamedTuple):
    """A learner's events in a pack stamped ahead of the clock: how many, the latest and the
    earliest."""

    learner: str
    pack_id: str
    events: int
    latest: datetime
    earliest: datetime


def ahead(conn: Connection, after: datetime) -> list[Ahead]:
    """The events stamped after `after`, by learner and pack."""
    found: dict[tuple[str, str], list[datetime]] = {}
    names = table(LearnerRow)
    for model, at in _LOG:
        log = table(model)
        query = (
            select(names.c.name, log.c.pack_id, log.c[at])
            .join(names, names.c.id == log.c.learner_id)
            .where(log.c[at] > rows.to_text(after))
        )
        for name, pack_id, when in _readable(conn.execute(query), 2):
            found.setdefault((name, pack_id), []).append(when)
    return [
        Ahead(name, pack_id, len(times), max(times), min(times))
        for (name, pack_id), times in sorted(found.items())
    ]


def others_ahead(conn: Connection, after: datetime) -> int:
    """How many study sessions, goals and learners (their group or a setting) are dated after
    `after`."""
    limit = rows.to_text(after)
    count = 0
    for model, columns in _DATED:
        log = table(model)
        late = or_(*(log.c[column] > limit for column in columns))
        count += conn.execute(select(func.count()).select_from(log).where(late)).scalar_one()
    return count + len(_settings_ahead(conn, limit, limit))


def bring_back(
    conn: Connection, after: datetime, now: datetime, *, clock_is_right: bool = False
) -> int:
    """Re-date what is stamped after `after`: the events, in the order a rebuild replays them
    (time, then id), a microsecond apart from just after the latest event not ahead (or `now`,
    if later); other facts to `now`. How many facts; nothing else of them changes.

    ClockBehind, and nothing changed, when most of the log is ahead, unless `clock_is_right`:
    a clock that now reads behind (a dead clock battery) would date the history to one instant,
    for good; so would a clock that read ahead from the first answer on, which only the person
    at the computer can tell apart."""
    kept, moving = _split(conn, after, now, clock_is_right)
    start = max(kept) + _STEP
    for index, (_, ident, model, at) in enumerate(sorted(moving, key=lambda e: e[:2])):
        log = table(model)
        stamped = rows.to_text(start + index * _STEP)
        conn.execute(update(log).where(log.c.id == ident).values({at: stamped}))
    return len(moving) + _bring_back_others(conn, after, rows.to_text(now))


def may_bring_back(
    conn: Connection, after: datetime, now: datetime, *, clock_is_right: bool = False
) -> None:
    """ClockBehind when `bring_back` would be refused, as it would say it."""
    _split(conn, after, now, clock_is_right)


def _split(
    conn: Connection, after: datetime, now: datetime, clock_is_right: bool
) -> tuple[list[datetime], list[tuple[datetime, str, type[SQLModel], str]]]:
    """The latest times of the events not stamped after `after` (and `now`), and the events
    stamped after it, each with its time, id, table and column; ClockBehind when those are
    most of the log, unless `clock_is_right`."""
    limit = rows.to_text(after)
    kept = [now]
    moving: list[tuple[datetime, str, type[SQLModel], str]] = []
    in_time = 0
    for model, at in _LOG:
        log = table(model)
        latest = conn.execute(select(func.max(log.c[at])).where(log.c[at] <= limit)).scalar()
        with suppress(ValueError):  # a damaged time: left out, as everywhere
            kept.append(datetime.fromisoformat(latest)) if latest is not None else None
        count = select(func.count()).select_from(log).where(log.c[at] <= limit)
        in_time += conn.execute(count).scalar_one()
        found = conn.execute(select(log.c.id, log.c[at]).where(log.c[at] > limit))
        moving += [(when, ident, model, at) for ident, when in _readable(found, 1)]
    if len(moving) > in_time and not clock_is_right:
        raise ClockBehind(
            f"{len(moving)} of the {len(moving) + in_time} events in the log are dated after this"
            f" computer's clock ({now:%Y-%m-%d %H:%M}), so the clock may be wrong now: set it"
            " right and run tutor doctor again; if it reads right, add --clock-is-right."
            " Nothing was changed."
        )
    return kept, moving


def keep_copy(db: Database, label: str, after: datetime) -> Path:
    """What mending the times after `after` would change, kept first, readable by its owner
    alone: a copy of the database file beside it, named `label` and the time after it, made
    while nothing writes to it; for a server's database, a file in the data home that holds
    the times so dated, by table, id and column (`old_times`)."""
    url = db.engine.url
    stamp = f"{label}-{datetime.now(UTC):%Y%m%d-%H%M%S}"
    if not db.is_sqlite or not url.database or url.database in (":memory:", ""):
        with db.read() as conn:
            text = json.dumps(old_times(conn, after), indent=1, sort_keys=True) + "\n"
        times = paths.data_home() / f"server-db.{stamp}.json"
        try:
            return write_atomic(times, text.encode())
        except OSError as error:
            raise TutorError(f"cannot keep the times as {times}: {error.strerror}") from None
    path = Path(url.database.removeprefix("file:")).resolve()
    copy = path.with_name(f"{path.name}.{stamp}")
    try:
        os.close(os.open(copy, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        raise TutorError(f"{copy} is there already: move it aside first") from None
    except OSError as error:
        raise TutorError(
            f"cannot keep a copy of the database as {copy}: {error.strerror}"
        ) from None
    try:
        with db.engine.connect() as conn, closing(sqlite3.connect(copy)) as target:
            source = conn.connection.driver_connection
            assert isinstance(source, sqlite3.Connection)  # the engine is SQLite's
            source.backup(target)
    except sqlite3.Error as error:  # a full disk: no copy, and so no change
        copy.unlink(missing_ok=True)
        raise TutorError(f"cannot keep a copy of the database as {copy}: {error}") from None
    return copy


def old_times(conn: Connection, after: datetime) -> list[dict[str, Any]]:
    """Every time dated after `after`, as {"table", "id", column: time}: what mending changes."""
    limit = rows.to_text(after)
    found: list[dict[str, Any]] = []
    for model, columns in (*((m, (at,)) for m, at in _LOG), *_DATED):
        log = table(model)
        late = or_(*(log.c[column] > limit for column in columns))
        query = select(log.c.id, *(log.c[column] for column in columns)).where(late)
        found += [{"table": log.name, **row} for row in conn.execute(query).mappings()]
    learners = table(LearnerRow)
    for ident in _settings_ahead(conn, limit, limit):
        query = select(learners.c.settings_set_at).where(learners.c.id == ident)
        stamps = conn.execute(query).scalar()
        found.append({"table": learners.name, "id": ident, "settings_set_at": stamps})
    return found


def _bring_back_others(conn: Connection, after: datetime, now: str) -> int:
    moved = others_ahead(conn, after)
    limit = rows.to_text(after)
    for model, columns in _DATED:
        log = table(model)
        for column in columns:
            conn.execute(update(log).where(log.c[column] > limit).values({column: now}))
    learners = table(LearnerRow)
    for ident, stamps in _settings_ahead(conn, limit, now).items():
        values = {"settings_set_at": json.dumps(stamps, sort_keys=True)}
        conn.execute(update(learners).where(learners.c.id == ident).values(values))
    return moved


def _settings_ahead(conn: Connection, limit: str, now: str) -> dict[str, dict[str, str]]:
    """The learners with a setting dated after `limit`, with their settings' times so dated
    `now` instead."""
    learners = table(LearnerRow)
    found: dict[str, dict[str, str]] = {}
    query = select(learners.c.id, learners.c.settings_set_at)
    for ident, text in conn.execute(query.where(learners.c.settings_set_at.is_not(None))):
        stamps = rows.stamps(text)
        if any(at > limit for at in stamps.values()):
            found[ident] = {key: now if at > limit else at for key, at in stamps.items()}
    return found


def _readable(found: Iterator[Any], column: int) -> Iterator[tuple[Any, ...]]:
    """The rows whose time (in `column`) can be read, with it read: one that cannot (a damaged
    time sorts after every date) is left out here as everywhere, and `doctor` names it."""
    for row in found:
        try:
            when = datetime.fromisoformat(row[column])
        except (TypeError, ValueError):
            continue
        yield (*row[:column], when, *row[column + 1 :])
