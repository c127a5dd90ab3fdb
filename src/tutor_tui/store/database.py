"""The learner store: the only code that speaks SQL.

SQLite in WAL mode (`tutor.db` in the data home), or any SQLAlchemy URL in `TUTOR_DB_URL`.

- Facts: learners, goals, the append-only **attempt log**, lesson views, study sessions.
- Derived state, a cache of what the facts imply: per learner and skill the mastery, counts and
  review card; per learner and question the counts. `rebuild()` recomputes it from the facts and
  must give the same state.

Every write is one transaction that takes SQLite's write lock at its start (`BEGIN IMMEDIATE`), so
that two copies of the tutor open on one database never interleave a read and a write. An answer's
transaction commits before the caller shows feedback.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import os
import sqlite3
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, bindparam, event, text
from sqlalchemy.exc import ArgumentError, DatabaseError, IntegrityError, OperationalError
from sqlalchemy.pool import StaticPool
from sqlmodel import Field, Index, SQLModel, create_engine, delete, select

from tutor_tui.core.content import Mastery
from tutor_tui.core.errors import NotFound, TutorError
from tutor_tui.core.ids import new_id
from tutor_tui.core.learner import (
    RECENT,
    Attempt,
    Learner,
    LearnerState,
    LessonView,
    Placed,
    QuestionProgress,
    Recent,
    SkillProgress,
    apply_attempt,
    apply_lesson,
    apply_placed,
    apply_question,
    clean_name,
)
from tutor_tui.core.memory import DEFAULT_RETENTION
from tutor_tui.core.pace import Goal
from tutor_tui.core.privacy import failures_key
from tutor_tui.files import paths
from tutor_tui.files.bundle import (
    EVENT_TIMES,
    FACTS,
    KIND_NAMES,
    SCHEMAS,
    Bundle,
    BundleError,
    MergeReport,
)

SCHEMA_VERSION = 4

ParamsLookup = Callable[[str, str], Mastery]
"""The knowledge-tracing parameters of a skill: (pack id, skill id) -> Mastery."""


# Times are stored as ISO 8601 text in UTC, which sorts in time order.


def to_text(at: datetime) -> str:
    """A time as stored."""
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def from_text(value: str | None) -> datetime | None:
    """A stored time, or None."""
    return datetime.fromisoformat(value) if value else None


# Tables ---------------------------------------------------------------------------------------


class MetaRow(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str


class LearnerRow(SQLModel, table=True):
    __tablename__ = "learners"
    id: str = Field(primary_key=True)
    name: str = Field(unique=True, index=True)
    created_at: str
    settings: str = "{}"
    group_name: str | None = None
    pin_hash: str | None = None
    # When the group was last set, and each setting (a JSON map of setting to time), on whichever
    # computer: of two laptops' versions, a merge keeps the later (schema 4).
    group_set_at: str | None = None
    settings_set_at: str | None = None


class GoalRow(SQLModel, table=True):
    __tablename__ = "goals"
    id: str = Field(primary_key=True)
    learner_id: str = Field(foreign_key="learners.id", index=True)
    pack_id: str
    skills: str = "[]"
    due_by: str
    daily_minutes: int
    created_at: str
    status: str = "active"
    closed_at: str | None = None


class AttemptRow(SQLModel, table=True):
    __tablename__ = "attempts"
    __table_args__ = (
        Index("attempts_by_learner_pack_time", "learner_id", "pack_id", "answered_at"),
    )
    seq: int | None = Field(default=None, primary_key=True)
    id: str = Field(unique=True)
    learner_id: str = Field(foreign_key="learners.id")
    pack_id: str
    pack_version: str
    question_id: str
    skill_id: str
    response: str
    score: float
    hints_used: int = 0
    seconds: float | None = None
    answered_at: str
    kind: str = "practice"
    session_id: str | None = None


class LessonViewRow(SQLModel, table=True):
    __tablename__ = "lesson_views"
    __table_args__ = (Index("lesson_views_by_learner_pack", "learner_id", "pack_id", "viewed_at"),)
    seq: int | None = Field(default=None, primary_key=True)
    id: str = Field(unique=True)
    learner_id: str = Field(foreign_key="learners.id")
    pack_id: str
    skill_id: str
    viewed_at: str


class PlacedRow(SQLModel, table=True):
    __tablename__ = "placements"
    __table_args__ = (Index("placements_by_learner_pack", "learner_id", "pack_id", "placed_at"),)
    seq: int | None = Field(default=None, primary_key=True)
    id: str = Field(unique=True)
    learner_id: str = Field(foreign_key="learners.id")
    pack_id: str
    skill_id: str
    belief: float
    placed_at: str


class SkillStateRow(SQLModel, table=True):
    __tablename__ = "skill_states"
    learner_id: str = Field(primary_key=True, foreign_key="learners.id")
    pack_id: str = Field(primary_key=True)
    skill_id: str = Field(primary_key=True)
    p_known: float
    attempts: int = 0
    correct: int = 0
    misses_in_a_row: int = 0
    seconds: float = 0.0
    last_seen: str | None = None
    lesson_seen_at: str | None = None
    misses_since: str | None = None
    mastered_at: str | None = None
    card: str | None = None
    due: str | None = Field(default=None, index=True)


class QuestionStateRow(SQLModel, table=True):
    __tablename__ = "question_states"
    learner_id: str = Field(primary_key=True, foreign_key="learners.id")
    pack_id: str = Field(primary_key=True)
    question_id: str = Field(primary_key=True)
    attempts: int = 0
    correct: int = 0
    last_seen: str | None = None
    last_score: float | None = None


class ErasureRow(SQLModel, table=True):
    """A learner's progress erased here (`tutor learners reset|remove`): what a merge leaves out.

    It keeps the learner's id and a hash of their name, not the name: enough to know them again
    in a bundle from another laptop, where their answers still are.
    """

    __tablename__ = "erasures"
    id: str = Field(primary_key=True)
    learner_id: str = Field(index=True)
    name_key: str = Field(index=True)
    erased_at: str


class StudySessionRow(SQLModel, table=True):
    __tablename__ = "study_sessions"
    id: str = Field(primary_key=True)
    learner_id: str = Field(foreign_key="learners.id", index=True)
    pack_id: str | None = None
    started_at: str
    ended_at: str | None = None
    planned_minutes: int | None = None


# Migrations: MIGRATIONS[n] upgrades a database from schema n to n + 1, inside one transaction.
MIGRATIONS: dict[int, Callable[[Any], None]] = {
    # 2: placement checks log the skills they found known.
    1: lambda conn: PlacedRow.__table__.create(conn),  # type: ignore[attr-defined]
    # 3: erasing a learner is remembered, so that a merge does not bring their answers back.
    2: lambda conn: ErasureRow.__table__.create(conn),  # type: ignore[attr-defined]
    # 4: when a learner's group and settings were set, so that merges keep the later.
    3: lambda conn: [
        conn.execute(text(f"ALTER TABLE learners ADD COLUMN {column} VARCHAR"))
        for column in ("group_set_at", "settings_set_at")
    ],
}


# Upgrades after which the derived state is rebuilt: from 3, events of one instant replay by id.
REBUILD_AFTER = {3}


# Rows <-> domain values -----------------------------------------------------------------------


def _skill_values(learner_id: str, pack_id: str, progress: SkillProgress) -> dict[str, Any]:
    return {
        "learner_id": learner_id,
        "pack_id": pack_id,
        "skill_id": progress.skill_id,
        "p_known": progress.p_known,
        "attempts": progress.attempts,
        "correct": progress.correct,
        "misses_in_a_row": progress.misses_in_a_row,
        "seconds": progress.seconds,
        "last_seen": to_text(progress.last_seen) if progress.last_seen else None,
        "lesson_seen_at": to_text(progress.lesson_seen_at) if progress.lesson_seen_at else None,
        "misses_since": to_text(progress.misses_since) if progress.misses_since else None,
        "mastered_at": to_text(progress.mastered_at) if progress.mastered_at else None,
        "card": json.dumps(progress.card, sort_keys=True) if progress.card else None,
        "due": to_text(progress.due) if progress.due else None,
    }


def _skill_progress(row: Any) -> SkillProgress:
    return SkillProgress(
        skill_id=row.skill_id,
        p_known=row.p_known,
        attempts=row.attempts,
        correct=row.correct,
        misses_in_a_row=row.misses_in_a_row,
        seconds=row.seconds,
        last_seen=from_text(row.last_seen),
        lesson_seen_at=from_text(row.lesson_seen_at),
        misses_since=from_text(row.misses_since),
        mastered_at=from_text(row.mastered_at),
        card=json.loads(row.card) if row.card else None,
        due=from_text(row.due),
    )


def _question_values(
    learner_id: str, pack_id: str, question_id: str, progress: QuestionProgress
) -> dict[str, Any]:
    return {
        "learner_id": learner_id,
        "pack_id": pack_id,
        "question_id": question_id,
        "attempts": progress.attempts,
        "correct": progress.correct,
        "last_seen": to_text(progress.last_seen) if progress.last_seen else None,
        "last_score": progress.last_score,
    }


def _attempt(row: Any) -> Attempt:
    return Attempt(
        id=row.id,
        learner_id=row.learner_id,
        pack_id=row.pack_id,
        pack_version=row.pack_version,
        question_id=row.question_id,
        skill_id=row.skill_id,
        response=json.loads(row.response),
        score=row.score,
        hints_used=row.hints_used,
        seconds=row.seconds,
        at=from_text(row.answered_at),  # type: ignore[arg-type]
        kind=row.kind,
        session_id=row.session_id,
    )


def _lesson_view(row: Any) -> LessonView:
    return LessonView(
        row.id,
        row.learner_id,
        row.pack_id,
        row.skill_id,
        from_text(row.viewed_at),  # type: ignore[arg-type]
    )


# What the log holds: answers, lessons read and skills placed.
Event = Attempt | LessonView | Placed


def _apply_event(
    progress: SkillProgress | None, event: Event, params: Mastery, desired_retention: float
) -> SkillProgress:
    """A skill's progress after one event of the log, as a replay applies it."""
    if isinstance(event, Attempt):
        return apply_attempt(progress, event, params, desired_retention)
    if isinstance(event, Placed):
        return apply_placed(progress, event, params, desired_retention)
    return apply_lesson(progress, event, params)


def _placed(row: Any) -> Placed:
    return Placed(
        id=row.id,
        learner_id=row.learner_id,
        pack_id=row.pack_id,
        skill_id=row.skill_id,
        belief=row.belief,
        at=from_text(row.placed_at),  # type: ignore[arg-type]
    )


def _learner(row: Any) -> Learner:
    return Learner(
        id=row.id,
        name=row.name,
        created_at=from_text(row.created_at),  # type: ignore[arg-type]
        settings=json.loads(row.settings or "{}"),
        group=row.group_name,
        has_pin=row.pin_hash is not None,
    )


# Bundles: the columns a bundle carries of each kind of fact (never `pin_hash`, never `seq`).

_LEARNER_COLUMNS = (
    "id",
    "name",
    "created_at",
    "group_name",
    "settings",
    "group_set_at",
    "settings_set_at",
)
# A bundle's fields of each kind of fact are the columns of its table (but `seq`).
_FACT_COLUMNS = {kind: tuple(SCHEMAS[kind].model_fields) for kind in FACTS}
_EXPORT_ORDER = {
    "goals": "created_at, id",
    "study_sessions": "started_at, id",
    "attempts": "answered_at, id",
    "lesson_views": "viewed_at, id",
    "placements": "placed_at, id",
}
_GOAL_RANK = {"active": 0, "dropped": 1, "done": 2}


def name_key(name: str) -> str:
    """A learner's name as erasures keep it: a hash, so that the name itself is not kept."""
    return hashlib.sha256(f"tutor-tui learner name\0{name}".encode()).hexdigest()


def _free_name(name: str, taken: Collection[str]) -> str:
    """`name (2)`, `name (3)`, ...: the first not taken, within a name's 80 characters."""
    number = 2
    while True:
        suffix = f" ({number})"
        candidate = name[: 80 - len(suffix)].rstrip() + suffix
        if candidate not in taken:
            return candidate
        number += 1


# The store ------------------------------------------------------------------------------------


def default_url() -> str:
    """`TUTOR_DB_URL`, or `tutor.db` in the data home."""
    url = os.environ.get("TUTOR_DB_URL")
    if url:
        return url
    return f"sqlite:///{paths.data_home() / 'tutor.db'}"


def _prepare_sqlite_file(url: str) -> None:
    """Create the data home and an empty database file readable by its owner alone."""
    if not url.startswith("sqlite:///") or url in ("sqlite://", "sqlite:///:memory:"):
        return
    path = Path(url.removeprefix("sqlite:///").partition("?")[0])  # less any ?mode=ro
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as error:
        raise TutorError(f"cannot create the database {path}: {error.strerror}") from None
    if path.resolve().parent != paths.data_home().resolve():
        return  # a database named in TUTOR_DB_URL keeps the access its owner gave it
    # A database copied into the data home, or made by other means, is made private too.
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if file.stat().st_mode & 0o077:
                file.chmod(0o600)
        except OSError:
            pass  # not there, or not ours to change: it opens as it is


class Store:
    """The tutor's database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # Set when an upgrade changed how the derived state follows from the log: the service
        # rebuilds it once, with the packs' numbers, which the store does not know.
        self.needs_rebuild = False

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """Open (creating or upgrading as needed) the database at `url`."""
        url = url or default_url()
        memory = url in ("sqlite://", "sqlite:///:memory:")
        if url.startswith("sqlite"):
            _prepare_sqlite_file(url)
            try:
                engine = create_engine(
                    url,
                    connect_args={"check_same_thread": False, "timeout": 15},
                    poolclass=StaticPool if memory else None,
                )
            except (ArgumentError, ImportError) as error:
                raise TutorError(f"TUTOR_DB_URL cannot be used: {_reason(error)}") from None
            event.listen(engine, "connect", _sqlite_connect)
            event.listen(engine, "begin", _sqlite_begin)
        else:
            try:
                engine = create_engine(url)
            except (ArgumentError, ImportError) as error:
                raise TutorError(f"TUTOR_DB_URL cannot be used: {_reason(error)}") from None
        store = cls(engine)
        try:
            store._migrate()
        except (DatabaseError, OperationalError) as error:
            engine.dispose()
            raise TutorError(f"cannot open the database {_where(url)}: {_reason(error)}") from None
        return store

    def close(self) -> None:
        """Release the database."""
        self.engine.dispose()

    @contextmanager
    def _write(self) -> Iterator[Any]:
        """One write transaction, holding the write lock from its start."""
        try:
            with self.engine.connect() as conn:
                conn = conn.execution_options(tutor_write=True)
                with conn.begin():
                    yield conn
        except OperationalError as error:
            raise TutorError(
                f"the database is busy or cannot be written: {_reason(error)}"
            ) from None

    @contextmanager
    def _read(self) -> Iterator[Any]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except OperationalError as error:
            raise TutorError(f"the database cannot be read: {_reason(error)}") from None

    # Schema ----------------------------------------------------------------------------------

    def _migrate(self) -> None:
        """Create the schema in a new database, or upgrade an older one; refuse what is not ours.

        The version is read first, so that opening a current database writes nothing.
        """
        with self._read() as conn:
            tables = set(self.engine.dialect.get_table_names(conn))
            version = self._stored_version(conn) if "meta" in tables else None
        if version == SCHEMA_VERSION:
            return
        with self._write() as conn:
            tables = set(self.engine.dialect.get_table_names(conn))
            if "meta" not in tables:
                if tables:
                    raise TutorError("the database holds tables the tutor did not make")
                SQLModel.metadata.create_all(conn)
                conn.execute(
                    MetaRow.__table__.insert().values(
                        key="schema_version", value=str(SCHEMA_VERSION)
                    )  # type: ignore[attr-defined]
                )
                return
            version = self._stored_version(conn)
            if version > SCHEMA_VERSION:
                raise TutorError(
                    f"the database was made by a newer tutor (schema {version}); upgrade tutor-tui"
                )
            while version < SCHEMA_VERSION:
                MIGRATIONS[version](conn)
                self.needs_rebuild |= version in REBUILD_AFTER
                version += 1
            conn.execute(
                text("UPDATE meta SET value = :v WHERE key = 'schema_version'"), {"v": str(version)}
            )

    @staticmethod
    def _stored_version(conn: Any) -> int:
        value = conn.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar()
        try:
            return int(value)
        except (TypeError, ValueError):
            raise TutorError(
                "the database has no schema version: it is damaged or not the tutor's"
            ) from None

    def schema_version(self) -> int:
        """The schema version of the open database."""
        with self._read() as conn:
            return int(
                conn.execute(text("SELECT value FROM meta WHERE key='schema_version'")).scalar_one()
            )

    def get_meta(self, key: str) -> str | None:
        """A remembered value, such as the last learner who studied."""
        with self._read() as conn:
            return conn.execute(select(MetaRow.value).where(MetaRow.key == key)).scalar()

    def set_meta(self, key: str, value: str | None) -> None:
        """Remember a value; None forgets it."""
        self.update_meta(key, lambda _kept: value)

    def update_meta(self, key: str, change: Callable[[str | None], str | None]) -> str | None:
        """Change a remembered value in one transaction, so that two programs never interleave.

        `change` gets the value kept (None when there is none) and returns the new one (None
        forgets it); what it raises rolls the transaction back. Returns the new value.
        """
        with self._write() as conn:
            value = change(conn.execute(select(MetaRow.value).where(MetaRow.key == key)).scalar())
            if value is None:
                conn.execute(text("DELETE FROM meta WHERE key = :k"), {"k": key})
            else:
                conn.execute(
                    text("INSERT OR REPLACE INTO meta (key, value) VALUES (:k, :v)"),
                    {"k": key, "v": value},
                )
        return value

    # Learners --------------------------------------------------------------------------------

    def add_learner(self, name: str, at: datetime, group: str | None = None) -> Learner:
        """Add a learner; TutorError when the name is taken or empty."""
        try:
            name = clean_name(name)
        except ValueError as error:
            raise TutorError(str(error)) from None
        learner = Learner(id=new_id(), name=name, created_at=at, group=group)
        try:
            with self._write() as conn:
                _insert_learners(conn, [learner])
        except IntegrityError:
            raise TutorError(f"a learner named '{name}' already exists") from None
        return learner

    def import_roster(
        self, new: list[tuple[str, str | None]], regroup: list[tuple[str, str | None]], at: datetime
    ) -> list[Learner]:
        """Add a class's new learners and move others to their groups, all or nothing."""
        added = [Learner(id=new_id(), name=name, created_at=at, group=group) for name, group in new]
        try:
            with self._write() as conn:
                _insert_learners(conn, added)
                for name, group in regroup:
                    conn.execute(
                        LearnerRow.__table__.update()  # type: ignore[attr-defined]
                        .where(LearnerRow.name == name)
                        .values(group_name=group, group_set_at=to_text(at))
                    )
        except IntegrityError:
            raise TutorError(
                "a learner of the roster was added here meanwhile; import it again"
            ) from None
        return added

    def learners(self) -> list[Learner]:
        """Every learner, by name."""
        with self._read() as conn:
            rows = conn.execute(select(LearnerRow).order_by(LearnerRow.name)).all()
        return [_learner(row) for row in rows]

    def learner(self, name: str) -> Learner:
        """The learner with this name; NotFound when there is none."""
        try:
            wanted = clean_name(name)  # as names are kept, so that "Ana  Lopez" finds Ana Lopez
        except ValueError:
            wanted = name.strip()
        with self._read() as conn:
            row = conn.execute(select(LearnerRow).where(LearnerRow.name == wanted)).first()
        if row is None:
            raise NotFound(f"no learner named '{name}'; add one with: tutor learners add NAME")
        return _learner(row)

    def pin_hash(self, learner_id: str) -> str | None:
        """What is kept of a learner's PIN, if they have one."""
        with self._read() as conn:
            return conn.execute(
                select(LearnerRow.pin_hash).where(LearnerRow.id == learner_id)
            ).scalar()

    def set_pin_hash(self, learner_id: str, pin_hash: str | None) -> None:
        """Keep a learner's new PIN hash, or none."""
        with self._write() as conn:
            conn.execute(
                LearnerRow.__table__.update()  # type: ignore[attr-defined]
                .where(LearnerRow.id == learner_id)
                .values(pin_hash=pin_hash)
            )

    def erase_learner(self, learner_id: str, keep_profile: bool, at: datetime) -> int:
        """Erase everything a learner did, in one transaction; with the profile unless kept.

        Returns the number of answers erased. Erasing is the one way facts leave the log: a person
        may ask for their data to be gone (or for a fresh start), and then all of it goes. It is
        remembered (`ErasureRow`), so that merging a bundle made before does not bring it back.
        """
        with self._write() as conn:
            answers = conn.execute(
                text("SELECT count(*) FROM attempts WHERE learner_id = :id"), {"id": learner_id}
            ).scalar()
            for table in (
                "attempts",
                "lesson_views",
                "placements",
                "skill_states",
                "question_states",
                "study_sessions",
                "goals",
            ):
                conn.execute(
                    text(f"DELETE FROM {table} WHERE learner_id = :id"), {"id": learner_id}
                )
            conn.execute(
                text("DELETE FROM meta WHERE key = :k"),
                {"k": failures_key(f"learner:{learner_id}")},
            )
            name = conn.execute(select(LearnerRow.name).where(LearnerRow.id == learner_id)).scalar()
            conn.execute(
                ErasureRow.__table__.insert().values(  # type: ignore[attr-defined]
                    id=new_id(),
                    learner_id=learner_id,
                    name_key=name_key(name or ""),
                    erased_at=to_text(at),
                )
            )
            if not keep_profile:
                conn.execute(
                    text(
                        "DELETE FROM meta WHERE key = 'last_learner'"
                        " AND value = (SELECT name FROM learners WHERE id = :id)"
                    ),
                    {"id": learner_id},
                )
                conn.execute(text("DELETE FROM learners WHERE id = :id"), {"id": learner_id})
        return int(answers or 0)

    def update_settings(self, learner_id: str, settings: dict[str, Any], at: datetime) -> None:
        """Replace a learner's settings; those that changed are noted as set at `at`."""
        with self._write() as conn:
            row = conn.execute(
                select(LearnerRow.settings, LearnerRow.settings_set_at).where(
                    LearnerRow.id == learner_id
                )
            ).first()
            before = json.loads(row.settings or "{}") if row else {}
            stamps = json.loads(row.settings_set_at or "{}") if row else {}
            for key, value in settings.items():
                if key not in before or before[key] != value:
                    stamps[key] = to_text(at)
            conn.execute(
                LearnerRow.__table__.update()  # type: ignore[attr-defined]
                .where(LearnerRow.id == learner_id)
                .values(
                    settings=json.dumps(settings, sort_keys=True),
                    settings_set_at=json.dumps(stamps, sort_keys=True),
                )
            )

    # Events ----------------------------------------------------------------------------------

    def record_attempt(
        self, attempt: Attempt, params: Mastery
    ) -> tuple[SkillProgress, QuestionProgress]:
        """Append an answer to the log and update the derived state, in one transaction."""
        with self._write() as conn:
            desired_retention = self._retention(conn, attempt.learner_id)
            conn.execute(
                AttemptRow.__table__.insert().values(  # type: ignore[attr-defined]
                    id=attempt.id,
                    learner_id=attempt.learner_id,
                    pack_id=attempt.pack_id,
                    pack_version=attempt.pack_version,
                    question_id=attempt.question_id,
                    skill_id=attempt.skill_id,
                    response=json.dumps(attempt.response, ensure_ascii=False),
                    score=attempt.score,
                    hints_used=attempt.hints_used,
                    seconds=attempt.seconds,
                    answered_at=to_text(attempt.at),
                    kind=attempt.kind,
                    session_id=attempt.session_id,
                )
            )
            before = self._skill_row(conn, attempt.learner_id, attempt.pack_id, attempt.skill_id)
            row = conn.execute(
                select(QuestionStateRow).where(
                    QuestionStateRow.learner_id == attempt.learner_id,
                    QuestionStateRow.pack_id == attempt.pack_id,
                    QuestionStateRow.question_id == attempt.question_id,
                )
            ).first()
            previous = (
                QuestionProgress(
                    row.attempts, row.correct, from_text(row.last_seen), row.last_score
                )
                if row
                else None
            )
            late = (
                before is not None
                and before.last_seen is not None
                and attempt.at <= before.last_seen
            ) or (
                previous is not None
                and previous.last_seen is not None
                and attempt.at <= previous.last_seen
            )
            if late:
                # An answer stamped no later than one already applied (a clock set back, or one
                # fixed by TUTOR_NOW): derive the skill again in replay order, as a rebuild would.
                after, question = self._replay_skill(conn, attempt, params, desired_retention)
            else:
                after = apply_attempt(before, attempt, params, desired_retention)
                question = apply_question(previous, attempt)
            self._put_skill(conn, attempt.learner_id, attempt.pack_id, after)
            self._put_question(
                conn, attempt.learner_id, attempt.pack_id, attempt.question_id, question
            )
        return after, question

    @staticmethod
    def _retention(conn: Any, learner_id: str) -> float:
        """The learner's desired retention as stored now, as a rebuild will read it."""
        settings = conn.execute(
            select(LearnerRow.settings).where(LearnerRow.id == learner_id)
        ).scalar()
        return float(json.loads(settings or "{}").get("desired_retention", DEFAULT_RETENTION))

    def _replay_skill(
        self, conn: Any, attempt: Attempt, params: Mastery, desired_retention: float
    ) -> tuple[SkillProgress, QuestionProgress]:
        """One skill's and one question's progress, from their events in replay order."""

        def of_the_skill(table: Any) -> Any:
            return select(table).where(
                table.learner_id == attempt.learner_id,
                table.pack_id == attempt.pack_id,
                table.skill_id == attempt.skill_id,
            )

        events: list[tuple[str, str, Event]] = [
            *((r.answered_at, r.id, _attempt(r)) for r in conn.execute(of_the_skill(AttemptRow))),
            *(
                (r.viewed_at, r.id, _lesson_view(r))
                for r in conn.execute(of_the_skill(LessonViewRow))
            ),
            *((r.placed_at, r.id, _placed(r)) for r in conn.execute(of_the_skill(PlacedRow))),
        ]
        events.sort(key=lambda e: e[:2])  # by time, then id, as `_replay`
        skill: SkillProgress | None = None
        for *_, fact in events:
            skill = _apply_event(skill, fact, params, desired_retention)
        # The question's answers under any skill: a new version of the pack may have moved it.
        question: QuestionProgress | None = None
        for row in conn.execute(
            select(AttemptRow)
            .where(
                AttemptRow.learner_id == attempt.learner_id,
                AttemptRow.pack_id == attempt.pack_id,
                AttemptRow.question_id == attempt.question_id,
            )
            .order_by(AttemptRow.answered_at, AttemptRow.id)  # type: ignore[arg-type]
        ):
            question = apply_question(question, _attempt(row))
        assert skill is not None and question is not None
        return skill, question

    def record_lesson(self, view: LessonView, params: Mastery) -> SkillProgress:
        """Log that a lesson was read, and note it in the derived state."""
        with self._write() as conn:
            conn.execute(
                LessonViewRow.__table__.insert().values(  # type: ignore[attr-defined]
                    id=view.id,
                    learner_id=view.learner_id,
                    pack_id=view.pack_id,
                    skill_id=view.skill_id,
                    viewed_at=to_text(view.at),
                )
            )
            before = self._skill_row(conn, view.learner_id, view.pack_id, view.skill_id)
            after = apply_lesson(before, view, params)
            self._put_skill(conn, view.learner_id, view.pack_id, after)
        return after

    def record_placed(
        self, events: list[Placed], params: dict[str, Mastery]
    ) -> dict[str, SkillProgress]:
        """Log the skills a placement check found known, and derive their state, in one go."""
        after: dict[str, SkillProgress] = {}
        with self._write() as conn:
            retention = {e.learner_id: self._retention(conn, e.learner_id) for e in events}
            for placed in events:
                conn.execute(
                    PlacedRow.__table__.insert().values(  # type: ignore[attr-defined]
                        id=placed.id,
                        learner_id=placed.learner_id,
                        pack_id=placed.pack_id,
                        skill_id=placed.skill_id,
                        belief=placed.belief,
                        placed_at=to_text(placed.at),
                    )
                )
                before = self._skill_row(conn, placed.learner_id, placed.pack_id, placed.skill_id)
                progress = apply_placed(
                    before, placed, params[placed.skill_id], retention[placed.learner_id]
                )
                self._put_skill(conn, placed.learner_id, placed.pack_id, progress)
                after[placed.skill_id] = progress
        return after

    def _skill_row(
        self, conn: Any, learner_id: str, pack_id: str, skill_id: str
    ) -> SkillProgress | None:
        row = conn.execute(
            select(SkillStateRow).where(
                SkillStateRow.learner_id == learner_id,
                SkillStateRow.pack_id == pack_id,
                SkillStateRow.skill_id == skill_id,
            )
        ).first()
        return _skill_progress(row) if row else None

    def _put_skill(self, conn: Any, learner_id: str, pack_id: str, progress: SkillProgress) -> None:
        conn.execute(
            text(
                "INSERT OR REPLACE INTO skill_states"
                " (learner_id, pack_id, skill_id, p_known, attempts,"
                " correct, misses_in_a_row, seconds, last_seen, lesson_seen_at, misses_since,"
                " mastered_at, card, due) VALUES (:learner_id, :pack_id, :skill_id, :p_known,"
                " :attempts, :correct, :misses_in_a_row, :seconds, :last_seen, :lesson_seen_at,"
                " :misses_since, :mastered_at, :card, :due)"
            ),
            _skill_values(learner_id, pack_id, progress),
        )

    def _put_question(
        self, conn: Any, learner_id: str, pack_id: str, question_id: str, progress: QuestionProgress
    ) -> None:
        conn.execute(
            text(
                "INSERT OR REPLACE INTO question_states"
                " (learner_id, pack_id, question_id, attempts,"
                " correct, last_seen, last_score) VALUES (:learner_id, :pack_id, :question_id,"
                " :attempts, :correct, :last_seen, :last_score)"
            ),
            _question_values(learner_id, pack_id, question_id, progress),
        )

    # Goals -------------------------------------------------------------------------------------

    def add_goal(
        self, goal: Goal, replacing: str | None = None, at: datetime | None = None
    ) -> None:
        """Add a goal, dropping the one it replaces, in one transaction."""
        with self._write() as conn:
            if replacing is not None:
                conn.execute(
                    GoalRow.__table__.update()  # type: ignore[attr-defined]
                    .where(GoalRow.id == replacing)
                    .values(status="dropped", closed_at=to_text(at or goal.created_at))
                )
            conn.execute(
                GoalRow.__table__.insert().values(  # type: ignore[attr-defined]
                    id=goal.id,
                    learner_id=goal.learner_id,
                    pack_id=goal.pack_id,
                    skills=json.dumps(list(goal.skills)),
                    due_by=goal.due_by.isoformat(),
                    daily_minutes=goal.daily_minutes,
                    created_at=to_text(goal.created_at),
                    status=goal.status,
                )
            )

    def goals(self, learner_id: str) -> list[Goal]:
        """A learner's goals, oldest first."""
        with self._read() as conn:
            rows = conn.execute(
                select(GoalRow).where(GoalRow.learner_id == learner_id).order_by(GoalRow.created_at)  # type: ignore[arg-type]
            ).all()
        return [
            Goal(
                id=row.id,
                learner_id=row.learner_id,
                pack_id=row.pack_id,
                skills=tuple(json.loads(row.skills or "[]")),
                due_by=date.fromisoformat(row.due_by),
                daily_minutes=row.daily_minutes,
                created_at=from_text(row.created_at),  # type: ignore[arg-type]
                status=row.status,
                closed_at=from_text(row.closed_at),
            )
            for row in rows
        ]

    def close_goal(self, goal_id: str, status: str, at: datetime) -> None:
        """Mark a goal done or dropped."""
        with self._write() as conn:
            conn.execute(
                GoalRow.__table__.update()  # type: ignore[attr-defined]
                .where(GoalRow.id == goal_id)
                .values(status=status, closed_at=to_text(at))
            )

    # Study sessions --------------------------------------------------------------------------

    def start_session(
        self,
        session_id: str,
        learner_id: str,
        pack_id: str | None,
        at: datetime,
        minutes: int | None,
    ) -> None:
        """Note that a study session began."""
        with self._write() as conn:
            conn.execute(
                StudySessionRow.__table__.insert().values(  # type: ignore[attr-defined]
                    id=session_id,
                    learner_id=learner_id,
                    pack_id=pack_id,
                    started_at=to_text(at),
                    planned_minutes=minutes,
                )
            )

    def end_session(self, session_id: str, at: datetime) -> None:
        """Note that a study session ended."""
        with self._write() as conn:
            conn.execute(
                StudySessionRow.__table__.update()  # type: ignore[attr-defined]
                .where(StudySessionRow.id == session_id)
                .values(ended_at=to_text(at))
            )

    def session_attempts(self, session_id: str) -> list[Attempt]:
        """The answers given in a study session, in order."""
        with self._read() as conn:
            rows = conn.execute(
                select(AttemptRow)
                .where(AttemptRow.session_id == session_id)
                .order_by(AttemptRow.answered_at, AttemptRow.id)  # type: ignore[arg-type]
            ).all()
        return [_attempt(row) for row in rows]

    # Reading state ---------------------------------------------------------------------------

    def learner_state(self, learner: Learner, pack_id: str, now: datetime) -> LearnerState:
        """What the planner needs about a learner in a pack."""
        with self._read() as conn:
            skills = conn.execute(
                select(SkillStateRow).where(
                    SkillStateRow.learner_id == learner.id, SkillStateRow.pack_id == pack_id
                )
            ).all()
            questions = conn.execute(
                select(QuestionStateRow).where(
                    QuestionStateRow.learner_id == learner.id, QuestionStateRow.pack_id == pack_id
                )
            ).all()
            recent = conn.execute(
                select(
                    AttemptRow.question_id, AttemptRow.skill_id, AttemptRow.kind, AttemptRow.score
                )
                .where(AttemptRow.learner_id == learner.id, AttemptRow.pack_id == pack_id)
                .order_by(AttemptRow.answered_at.desc(), AttemptRow.id.desc())  # type: ignore[union-attr,attr-defined]
                .limit(RECENT)
            ).all()
            midnight = now.astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
            reviews_today = conn.execute(
                text(
                    "SELECT count(*) FROM attempts WHERE learner_id = :l AND pack_id = :p"
                    " AND kind = 'review' AND answered_at >= :t"
                ),
                {"l": learner.id, "p": pack_id, "t": to_text(midnight)},
            ).scalar_one()
        return LearnerState(
            learner_id=learner.id,
            pack_id=pack_id,
            skills={row.skill_id: _skill_progress(row) for row in skills},
            questions={
                row.question_id: QuestionProgress(
                    row.attempts, row.correct, from_text(row.last_seen), row.last_score
                )
                for row in questions
            },
            recent=tuple(
                Recent(r.question_id, r.skill_id, r.kind, r.score) for r in reversed(recent)
            ),
            reviews_today=reviews_today,
            desired_retention=learner.desired_retention,
        )

    def skill_states(self, learner_id: str) -> dict[tuple[str, str], SkillProgress]:
        """A learner's progress on every skill, by (pack id, skill id)."""
        with self._read() as conn:
            rows = conn.execute(
                select(SkillStateRow).where(SkillStateRow.learner_id == learner_id)
            ).all()
        return {(row.pack_id, row.skill_id): _skill_progress(row) for row in rows}

    def attempts(self, learner_id: str | None = None, pack_id: str | None = None) -> list[Attempt]:
        """Attempts in the order they were made."""
        query = select(AttemptRow)
        if learner_id is not None:
            query = query.where(AttemptRow.learner_id == learner_id)
        if pack_id is not None:
            query = query.where(AttemptRow.pack_id == pack_id)
        with self._read() as conn:
            rows = conn.execute(query.order_by(AttemptRow.answered_at, AttemptRow.id)).all()  # type: ignore[arg-type]
        return [_attempt(row) for row in rows]

    def answer_times(self, learner_id: str, since: datetime) -> list[tuple[datetime, float]]:
        """When each answer since `since` was given, and the seconds it took."""
        with self._read() as conn:
            rows = conn.execute(
                text(
                    "SELECT answered_at, coalesce(seconds, 0) FROM attempts"
                    " WHERE learner_id = :l AND answered_at >= :t ORDER BY answered_at"
                ),
                {"l": learner_id, "t": to_text(since)},
            ).all()
        return [(from_text(row[0]), float(row[1])) for row in rows]  # type: ignore[misc]

    def totals(self, learner_id: str) -> dict[str, tuple[int, float]]:
        """Per pack: how many answers and how many seconds."""
        with self._read() as conn:
            rows = conn.execute(
                text(
                    "SELECT pack_id, count(*), coalesce(sum(seconds), 0) FROM attempts"
                    " WHERE learner_id = :l GROUP BY pack_id"
                ),
                {"l": learner_id},
            ).all()
        return {row[0]: (row[1], float(row[2])) for row in rows}

    # Moving progress between computers ------------------------------------------------------

    def export_rows(
        self, learner_ids: Collection[str] | None = None
    ) -> dict[str, list[dict[str, Any]]]:
        """The facts about these learners (all when None), per kind, as a bundle carries them.

        Never the derived state, the `meta` table or a learner's PIN hash. Events come in the
        order a replay takes them: by time, then id.
        """
        where = "" if learner_ids is None else " WHERE {column} IN :ids"
        params = {} if learner_ids is None else {"ids": sorted(set(learner_ids))}

        def select_rows(
            table: str, columns: tuple[str, ...], column: str, order: str
        ) -> list[dict[str, Any]]:
            query = text(
                f"SELECT {', '.join(columns)} FROM {table}{where.format(column=column)}"
                f" ORDER BY {order}"
            )
            if learner_ids is not None:
                query = query.bindparams(bindparam("ids", expanding=True))
            return [dict(row) for row in conn.execute(query, params).mappings()]

        with self._read() as conn:
            learners = select_rows("learners", _LEARNER_COLUMNS, "id", "name")
            rows = {
                kind: select_rows(kind, columns, "learner_id", _EXPORT_ORDER[kind])
                for kind, columns in _FACT_COLUMNS.items()
            }
        rows["learners"] = [
            {
                "id": row["id"],
                "name": row["name"],
                "created_at": row["created_at"],
                "group": row["group_name"],
                "settings": json.loads(row["settings"] or "{}"),
                "group_set_at": row["group_set_at"],
                "settings_set_at": json.loads(row["settings_set_at"] or "{}"),
            }
            for row in learners
        ]
        for row in rows["goals"]:
            row["skills"] = json.loads(row["skills"] or "[]")
        for row in rows["attempts"]:
            row["response"] = json.loads(row["response"])
        return rows

    def merge(self, bundle: Bundle, params_for: ParamsLookup | None = None) -> MergeReport:
        """Merge a bundle's facts into the database, all in one transaction.

        A learner in the bundle is the one here with the same id, else the one with exactly the
        same name (their facts are then re-pointed to the id here), else a new one with their id.
        Events are keyed by their uuid: one already here is left alone, so merging a bundle twice,
        or bundles that overlap, adds each event once. A goal or study session already here
        takes what the bundle knows more of: a goal closed there is closed here, a session ended
        there is ended here. With `params_for`, the derived state is rebuilt from the merged log
        in the same transaction (when anything changed); without it, the caller must rebuild.
        """
        report = MergeReport(updated={"learners": 0})
        with self._write() as conn:
            rows = self._without_erased(conn, bundle.rows, report)
            ids = self._merge_learners(conn, rows["learners"], report)

            def mapped(kind: str) -> list[dict[str, Any]]:
                return [{**row, "learner_id": ids[row["learner_id"]]} for row in rows[kind]]

            self._merge_goals(conn, mapped("goals"), report)
            sessions = mapped("study_sessions")
            report.added["study_sessions"] = self._insert_new(conn, "study_sessions", sessions)
            report.present["study_sessions"] = len(sessions) - report.added["study_sessions"]
            ended = [row for row in sessions if row["ended_at"] is not None]
            report.updated["study_sessions"] = (
                conn.execute(
                    text(
                        "UPDATE study_sessions SET ended_at = :ended_at WHERE id = :id"
                        " AND (ended_at IS NULL OR ended_at < :ended_at)"
                    ),
                    [{"id": row["id"], "ended_at": row["ended_at"]} for row in ended],
                ).rowcount
                if ended
                else 0
            )
            for kind in ("attempts", "lesson_views", "placements"):
                events = mapped(kind)
                if kind == "attempts":
                    events = [
                        {**row, "response": json.dumps(row["response"], ensure_ascii=False)}
                        for row in events
                    ]
                self._refuse_altered(conn, kind, events)
                report.added[kind] = self._insert_new(conn, kind, events)
                report.present[kind] = len(events) - report.added[kind]
            if params_for is not None and report.changed:
                report.rebuilt = self._rebuild(conn, params_for)
        return report

    def _without_erased(
        self, conn: Any, rows: Mapping[str, list[dict[str, Any]]], report: MergeReport
    ) -> dict[str, list[dict[str, Any]]]:
        """The bundle's rows less what was erased here: a learner's facts up to their erasure.

        A bundle's learner is an erased one when their id or their name is. A learner left with
        no facts, who had been removed here, is not created again.
        """
        erasures = conn.execute(
            select(ErasureRow.learner_id, ErasureRow.name_key, ErasureRow.erased_at)
        ).all()
        kept: dict[str, list[dict[str, Any]]] = {kind: list(found) for kind, found in rows.items()}
        if not erasures:
            return kept
        by_id: dict[str, str] = {}
        by_name: dict[str, str] = {}
        for learner_id, key, at in erasures:
            by_id[learner_id] = max(at, by_id.get(learner_id, at))
            by_name[key] = max(at, by_name.get(key, at))
        until = {}
        for learner in rows["learners"]:
            times = [by_id.get(learner["id"]), by_name.get(name_key(learner["name"]))]
            if any(times):
                until[learner["id"]] = max(t for t in times if t)
        if not until:
            return kept
        here = {row.id for row in conn.execute(select(LearnerRow.id)).all()}
        here_names = {row.name for row in conn.execute(select(LearnerRow.name)).all()}
        left: dict[str, int] = {}
        for kind, column in EVENT_TIMES.items():
            kept[kind] = []
            for row in rows[kind]:
                erased_at = until.get(row["learner_id"])
                if erased_at is not None and row[column] <= erased_at:
                    left[row["learner_id"]] = left.get(row["learner_id"], 0) + 1
                    continue
                kept[kind].append(row)
        still = {row["learner_id"] for kind in EVENT_TIMES for row in kept[kind]}
        kept["learners"] = [
            learner
            for learner in rows["learners"]
            if learner["id"] not in until
            or learner["id"] in still
            or learner["id"] in here
            or learner["name"] in here_names
        ]
        names = {learner["id"]: learner["name"] for learner in rows["learners"]}
        report.left_out = sorted((names[learner_id], count) for learner_id, count in left.items())
        return kept

    @staticmethod
    def _refuse_altered(conn: Any, kind: str, rows: list[dict[str, Any]]) -> None:
        """Refuse events already here under the same id with other content.

        An event never changes once logged, and its id is unique across computers: the same id
        with another score, time or answer means a damaged or altered bundle. Keeping either one
        would make the log depend on which came first, so the whole merge is refused.
        """
        columns = [c for c in _FACT_COLUMNS[kind] if c != "learner_id"]  # ids here may differ
        by_id = {row["id"]: row for row in rows}
        ids = list(by_id)
        query = text(f"SELECT {', '.join(columns)} FROM {kind} WHERE id IN :ids").bindparams(
            bindparam("ids", expanding=True)
        )
        for start in range(0, len(ids), 500):  # within SQLite's limit of bound values
            for here in conn.execute(query, {"ids": ids[start : start + 500]}).mappings():
                there = by_id[here["id"]]
                differ = [c for c in columns if not _same_fact(c, here[c], there[c])]
                if differ:
                    raise BundleError(
                        f"the bundle's {KIND_NAMES[kind][0]} {here['id']} is here already with"
                        f" another {differ[0]}: the bundle is damaged or was altered;"
                        " nothing was imported"
                    )

    def _insert_new(self, conn: Any, kind: str, rows: list[dict[str, Any]]) -> int:
        """Insert the rows whose id is not here yet; how many were."""
        if not rows:
            return 0
        columns = _FACT_COLUMNS[kind]
        statement = text(
            f"INSERT OR IGNORE INTO {kind} ({', '.join(columns)})"
            f" VALUES ({', '.join(':' + c for c in columns)})"
        )
        return int(conn.execute(statement, [{c: row[c] for c in columns} for row in rows]).rowcount)

    def _merge_learners(
        self, conn: Any, learners: list[dict[str, Any]], report: MergeReport
    ) -> dict[str, str]:
        """Match, merge or create the bundle's learners; their ids here, by their ids there."""
        local = {row.id: row for row in conn.execute(select(LearnerRow)).all()}
        names = {row.name: row.id for row in local.values()}
        ids = {learner["id"]: learner["id"] for learner in learners if learner["id"] in local}
        # A learner here already matched by id is not also the same-named learner of the bundle.
        claimed = set(ids.values())
        for learner in learners:
            here = local.get(learner["id"])
            if here is not None:
                report.matched.append(here.name)
            elif learner["name"] in names and names[learner["name"]] not in claimed:
                here = local[names[learner["name"]]]
                ids[learner["id"]] = here.id
                claimed.add(here.id)
                report.merged.append(here.name)
            else:
                name = learner["name"]
                if name in names:
                    name = _free_name(name, names)
                    report.renamed.append((learner["name"], name))
                conn.execute(
                    LearnerRow.__table__.insert().values(  # type: ignore[attr-defined]
                        id=learner["id"],
                        name=name,
                        created_at=learner["created_at"],
                        settings=json.dumps(learner["settings"], sort_keys=True),
                        group_name=learner["group"],
                        group_set_at=learner.get("group_set_at"),
                        settings_set_at=json.dumps(
                            learner.get("settings_set_at") or {}, sort_keys=True
                        ),
                    )
                )
                names[name] = ids[learner["id"]] = learner["id"]
                claimed.add(learner["id"])
                report.created.append(name)
                continue
            # The group, and each setting, set later wins, wherever it was set: so the result is
            # the same whichever bundle comes first. A setting known on one side only is kept.
            group, group_at = max(
                (here.group_name, here.group_set_at),
                (learner["group"], learner.get("group_set_at")),
                key=_set_later,
            )
            kept = json.loads(here.settings or "{}")
            kept_at = json.loads(here.settings_set_at or "{}")
            there, there_at = learner["settings"], learner.get("settings_set_at") or {}
            settings: dict[str, Any] = {}
            settings_at: dict[str, str] = {}
            for key in sorted(set(kept) | set(there)):
                sides = ((kept, kept_at), (there, there_at))
                versions = [(side[key], times.get(key)) for side, times in sides if key in side]
                settings[key], at = max(versions, key=_set_later)
                if at is not None:
                    settings_at[key] = at
            changed = {
                "group_name": group,
                "group_set_at": group_at,
                "settings": json.dumps(settings, sort_keys=True),
                "settings_set_at": json.dumps(settings_at, sort_keys=True),
            }
            if any(getattr(here, column) != value for column, value in changed.items()):
                if (group, settings) != (here.group_name, kept):
                    report.updated["learners"] += 1
                conn.execute(
                    LearnerRow.__table__.update()  # type: ignore[attr-defined]
                    .where(LearnerRow.id == here.id)
                    .values(**changed)
                )
        return ids

    def _merge_goals(self, conn: Any, goals: list[dict[str, Any]], report: MergeReport) -> None:
        """Add the bundle's new goals and join what both know of the others.

        Closed beats active and done beats dropped; of two closings the earlier stands. Then, as
        setting a goal does here, a goal with a newer one in the same pack is no longer active:
        dropped when the newer one was set, so that goals set on two computers leave the newest
        in force. The result depends only on the goals merged, not on their order.
        """
        columns = _FACT_COLUMNS["goals"]
        known = {
            row["id"]: dict(row)
            for row in conn.execute(text(f"SELECT {', '.join(columns)} FROM goals")).mappings()
        }
        before = {goal_id: (row["status"], row["closed_at"]) for goal_id, row in known.items()}
        fresh = []
        for goal in goals:
            here = known.get(goal["id"])
            if here is None:
                here = known[goal["id"]] = {**goal, "skills": json.dumps(goal["skills"])}
                fresh.append(here)
            elif _GOAL_RANK[goal["status"]] > _GOAL_RANK[here["status"]] or (
                goal["status"] == here["status"] != "active"
                and goal["closed_at"] < here["closed_at"]
            ):
                here["status"], here["closed_at"] = goal["status"], goal["closed_at"]
        touched = {(goal["learner_id"], goal["pack_id"]) for goal in goals}
        groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for row in known.values():
            if (row["learner_id"], row["pack_id"]) in touched:
                groups.setdefault((row["learner_id"], row["pack_id"]), []).append(row)
        for group in groups.values():
            group.sort(key=lambda row: (row["created_at"], row["id"]))
            for row, newer in zip(group, group[1:], strict=False):
                if row["status"] == "done":
                    continue
                closed = newer["created_at"]
                if row["status"] == "dropped":
                    closed = min(row["closed_at"], closed)
                row["status"], row["closed_at"] = "dropped", closed
        self._insert_new(conn, "goals", fresh)
        changed = [
            {"id": goal_id, "status": row["status"], "closed_at": row["closed_at"]}
            for goal_id, was in before.items()
            if ((row := known[goal_id])["status"], row["closed_at"]) != was
        ]
        if changed:
            conn.execute(
                text("UPDATE goals SET status = :status, closed_at = :closed_at WHERE id = :id"),
                changed,
            )
        report.added["goals"] = len(fresh)
        report.present["goals"] = len(goals) - len(fresh)
        report.updated["goals"] = len(changed)

    # Rebuild and checks ----------------------------------------------------------------------

    def _replay(
        self, conn: Any, params_for: ParamsLookup
    ) -> tuple[
        dict[tuple[str, str, str], SkillProgress], dict[tuple[str, str, str], QuestionProgress]
    ]:
        """The derived state that the facts imply, replaying them in time order.

        Events of the same instant (a clock fixed by TUTOR_NOW, or two laptops' clocks agreeing)
        go by id: one order whatever order they reached this database in, so that bundles merged
        in any order give the same state. Ids are time-ordered, so on one computer that is also
        the order they were recorded in: a placement after its check's answers, and before the
        practice that follows it.

        The attempt log is streamed in order from the database, so that a long history is never
        held in memory at once; lesson views, one per lesson read, are merged into it.
        """
        retention = {
            row.id: _learner(row).desired_retention
            for row in conn.execute(select(LearnerRow)).all()
        }
        attempts = (
            (row.answered_at, row.id, _attempt(row))
            for row in conn.execute(
                select(AttemptRow).order_by(AttemptRow.answered_at, AttemptRow.id)  # type: ignore[arg-type]
            )
        )
        views = [
            (row.viewed_at, row.id, _lesson_view(row))
            for row in conn.execute(
                select(LessonViewRow).order_by(LessonViewRow.viewed_at, LessonViewRow.id)  # type: ignore[arg-type]
            ).all()
        ]
        placements = [
            (row.placed_at, row.id, _placed(row))
            for row in conn.execute(
                select(PlacedRow).order_by(PlacedRow.placed_at, PlacedRow.id)  # type: ignore[arg-type]
            ).all()
        ]
        skills: dict[tuple[str, str, str], SkillProgress] = {}
        questions: dict[tuple[str, str, str], QuestionProgress] = {}
        params_cache: dict[tuple[str, str], Mastery] = {}
        for *_, fact in heapq.merge(views, attempts, placements, key=lambda e: e[:2]):
            key = (fact.learner_id, fact.pack_id, fact.skill_id)
            params = params_cache.get(key[1:])
            if params is None:
                params = params_cache[key[1:]] = params_for(fact.pack_id, fact.skill_id)
            learner_retention = retention.get(fact.learner_id, DEFAULT_RETENTION)
            skills[key] = _apply_event(skills.get(key), fact, params, learner_retention)
            if isinstance(fact, Attempt):
                qkey = (fact.learner_id, fact.pack_id, fact.question_id)
                questions[qkey] = apply_question(questions.get(qkey), fact)
        return skills, questions

    def rebuild(self, params_for: ParamsLookup) -> int:
        """Recompute all derived state from the log; return how many skill states changed."""
        with self._write() as conn:
            return self._rebuild(conn, params_for)

    def _rebuild(self, conn: Any, params_for: ParamsLookup) -> int:
        """`rebuild` inside a transaction already begun."""
        current = {
            (row.learner_id, row.pack_id, row.skill_id): _skill_values(
                row.learner_id, row.pack_id, _skill_progress(row)
            )
            for row in conn.execute(select(SkillStateRow)).all()
        }
        skills, questions = self._replay(conn, params_for)
        conn.execute(delete(SkillStateRow))
        conn.execute(delete(QuestionStateRow))
        changed = 0
        for (learner_id, pack_id, _skill), progress in skills.items():
            values = _skill_values(learner_id, pack_id, progress)
            if current.get((learner_id, pack_id, progress.skill_id)) != values:
                changed += 1
            self._put_skill(conn, learner_id, pack_id, progress)
        changed += len(set(current) - set(skills))
        for (learner_id, pack_id, question_id), qprogress in questions.items():
            self._put_question(conn, learner_id, pack_id, question_id, qprogress)
        return changed

    def check(self, params_for: ParamsLookup) -> list[str]:
        """What is wrong with the database; empty when all is well."""
        problems: list[str] = []
        with self._read() as conn:
            if self.engine.dialect.name == "sqlite":
                result = conn.execute(text("PRAGMA integrity_check")).scalars().all()
                if result != ["ok"]:
                    problems += [f"integrity: {line}" for line in result[:10]]
                for row in conn.execute(text("PRAGMA foreign_key_check")).all():
                    problems.append(f"table {row[0]} row {row[1]} points to a missing {row[2]}")
            stored = {
                (row.learner_id, row.pack_id, row.skill_id): _skill_values(
                    row.learner_id, row.pack_id, _skill_progress(row)
                )
                for row in conn.execute(select(SkillStateRow)).all()
            }
            skills, _ = self._replay(conn, params_for)
        expected = {
            key: _skill_values(key[0], key[1], progress) for key, progress in skills.items()
        }
        for key in sorted(set(stored) | set(expected)):
            if stored.get(key) != expected.get(key):
                problems.append(
                    f"derived state of skill '{key[2]}' in pack '{key[1]}' differs from the log;"
                    " run: tutor doctor --rebuild"
                )
        return problems


def _insert_learners(conn: Any, learners: list[Learner]) -> None:
    for learner in learners:
        conn.execute(
            LearnerRow.__table__.insert().values(  # type: ignore[attr-defined]
                id=learner.id,
                name=learner.name,
                created_at=to_text(learner.created_at),
                settings=json.dumps(learner.settings, sort_keys=True),
                group_name=learner.group,
                group_set_at=to_text(learner.created_at) if learner.group else None,
            )
        )


def _same_fact(column: str, here: Any, there: Any) -> bool:
    """Whether a stored fact's value and a bundle's say the same, whatever their spelling."""
    if here is None or there is None:
        return here is there
    if column.endswith("_at"):
        return from_text(here) == from_text(there)
    if column == "response":
        return json.loads(here) == json.loads(there)
    return bool(here == there)


def _set_later(version: tuple[Any, str | None]) -> tuple[datetime, bool, str]:
    """How a version of a value, with when it was set, ranks against another: the later wins.

    One set at no known time (kept by an older tutor) loses to one that was; between two of the
    same time, a value beats none, then the larger value, as JSON, wins: the choice never hangs on
    which came first.
    """
    value, at = version
    when = from_text(at) if at else None
    return (
        when or datetime.min.replace(tzinfo=UTC),
        bool(value),
        json.dumps(value, sort_keys=True),
    )


def _sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself, so that writes can take the lock at once.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError:
        pass  # read-only media: keep the default journal
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    write = conn.get_execution_options().get("tutor_write")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _where(url: str) -> str:
    return url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url.split("@")[-1]


def _reason(error: Exception) -> str:
    original = getattr(error, "orig", None)
    return str(original or error).splitlines()[0]


__all__ = ["Store", "SCHEMA_VERSION", "asdict", "timedelta"]
