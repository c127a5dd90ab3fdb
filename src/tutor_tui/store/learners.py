"""Learners: adding them (one, or a class from a roster), finding them, their PINs and settings,
and erasing what they did."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from tutor_tui.core import settings as settings_rules
from tutor_tui.core.errors import NotFound, TutorError
from tutor_tui.core.ids import new_id
from tutor_tui.core.learner import Learner
from tutor_tui.core.memory import DEFAULT_RETENTION
from tutor_tui.core.names import clean_name, name_fold
from tutor_tui.core.privacy import NAME_SALT_KEY, failures_key, name_key, new_name_salt
from tutor_tui.core.standing_change import NOTICE_KEY
from tutor_tui.store import rows
from tutor_tui.store.engine import Database
from tutor_tui.store.tables import (
    AttemptRow,
    ErasureRow,
    GoalRow,
    LearnerRow,
    LessonViewRow,
    MetaRow,
    PlacedRow,
    QuestionStateRow,
    SkillStateRow,
    StudySessionRow,
    table,
)

# Everything a learner did: what erasing them removes (their profile aside).
_THEIR_TABLES = (
    AttemptRow,
    LessonViewRow,
    PlacedRow,
    SkillStateRow,
    QuestionStateRow,
    StudySessionRow,
    GoalRow,
)


def hold(conn: Connection, *learner_ids: str) -> None:
    """Hold these learners' rows until the transaction ends; NotFound when one is gone.

    Two laptops writing for one learner on a server then take turns, so that neither derives
    its update from a state the other is changing (SQLite's write lock already holds the whole
    file). Rows are held in the order of their ids, so that two writers never wait on each other.
    """
    wanted = sorted(set(learner_ids))
    learners = table(LearnerRow)
    found = conn.execute(
        select(learners.c.id)
        .where(learners.c.id.in_(wanted))
        .order_by(learners.c.id)
        # FOR UPDATE: a row lock where the database has them (SQLite's compiler leaves it out).
        .with_for_update()
    ).scalars()
    if len(list(found)) < len(wanted):
        raise NotFound("the learner was removed meanwhile, on this computer or another")


def hold_all(conn: Connection) -> None:
    """Hold every learner, and the adding of new ones, until the transaction ends.

    For the writes that change many learners at once (a merge, a rebuild): on PostgreSQL the
    learners' table is locked against every other writer, which hold rows of it first.
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"LOCK TABLE {LearnerRow.__tablename__} IN EXCLUSIVE MODE")


def retention(conn: Connection, learner_id: str) -> float:
    """The learner's desired retention as stored now, as a rebuild will read it."""
    settings = conn.execute(select(LearnerRow.settings).where(LearnerRow.id == learner_id)).scalar()
    return _retention_in(settings)


def _retention_in(settings: str | None) -> float:
    return float(settings_rules.read(settings)[0].get("desired_retention", DEFAULT_RETENTION))


def hold_with_retention(conn: Connection, learner_id: str) -> float:
    """Hold one learner's row (as `hold` does) and read their desired retention in the same
    statement: an answer's write then costs a server one round trip less."""
    learners = table(LearnerRow)
    settings = conn.execute(
        select(learners.c.settings).where(learners.c.id == learner_id).with_for_update()
    ).one_or_none()
    if settings is None:
        raise NotFound("the learner was removed meanwhile, on this computer or another")
    return _retention_in(settings[0])


class Learners:
    """The learners on this computer."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, learner: Learner) -> None:
        """Add a new learner; TutorError when their name, or one that reads the same, is taken."""
        try:
            with self.db.write() as conn:
                # Checked in the write transaction, which holds the lock: no one adds meanwhile.
                _refuse_look_alikes(conn, [learner.name])
                conn.execute(insert(table(LearnerRow)), [rows.learner_values(learner)])
        except IntegrityError:
            raise TutorError(f"a learner named '{learner.name}' already exists") from None

    def import_roster(
        self, new: list[tuple[str, str | None]], regroup: list[tuple[str, str | None]], at: datetime
    ) -> list[Learner]:
        """Add a class's new learners and move others to their groups, all or nothing."""
        added = [Learner(id=new_id(), name=name, created_at=at, group=group) for name, group in new]
        try:
            with self.db.write() as conn:
                _refuse_look_alikes(conn, [one.name for one in added])
                if added:
                    conn.execute(
                        insert(table(LearnerRow)), [rows.learner_values(one) for one in added]
                    )
                for name, group in regroup:
                    conn.execute(
                        update(table(LearnerRow))
                        .where(table(LearnerRow).c.name == name)
                        .values(group_name=group, group_set_at=rows.to_text(at))
                    )
        except IntegrityError:
            raise TutorError(
                "a learner of the roster was added here meanwhile; import it again"
            ) from None
        return added

    def all(self) -> list[Learner]:
        """Every learner, by name."""
        with self.db.read() as conn:
            found = conn.execute(select(LearnerRow).order_by(LearnerRow.name)).all()
        return [rows.learner(row) for row in found]

    def named(self, name: str) -> Learner:
        """The learner with this name; NotFound when there is none."""
        try:
            wanted = clean_name(name)  # as names are kept, so that "Ana  Lopez" finds Ana Lopez
        except ValueError:
            wanted = name.strip()
        with self.db.read() as conn:
            row = conn.execute(select(LearnerRow).where(LearnerRow.name == wanted)).first()
            if row is None:
                # "ana" for Ana: one learner at most reads the same (see `_refuse_look_alikes`).
                folded = name_fold(wanted)
                names = conn.execute(select(LearnerRow.name)).scalars()
                same = next((name for name in names if name_fold(name) == folded), None)
                if same is not None:
                    row = conn.execute(select(LearnerRow).where(LearnerRow.name == same)).first()
        if row is None:
            raise NotFound(f"no learner named '{name}'; add one with: tutor learners add NAME")
        return rows.learner(row)

    def pin_hash(self, learner_id: str) -> str | None:
        """What is kept of a learner's PIN, if they have one."""
        with self.db.read() as conn:
            return conn.execute(
                select(LearnerRow.pin_hash).where(LearnerRow.id == learner_id)
            ).scalar()

    def set_pin_hash(self, learner_id: str, pin_hash: str | None) -> None:
        """Keep a learner's new PIN hash, or none."""
        self._set(learner_id, pin_hash=pin_hash)

    def update_settings(self, learner_id: str, settings: dict[str, Any], at: datetime) -> None:
        """Replace a learner's settings; those that changed are noted as set at `at`."""
        with self.db.write() as conn:
            hold(conn, learner_id)
            row = conn.execute(
                select(LearnerRow.settings, LearnerRow.settings_set_at).where(
                    LearnerRow.id == learner_id
                )
            ).first()
            before = settings_rules.read(row.settings)[0] if row else {}
            stamps = rows.stamps(row.settings_set_at) if row else {}
            for key, value in settings.items():
                if key not in before or before[key] != value:
                    stamps[key] = rows.to_text(at)
            self._set(
                learner_id,
                conn,
                settings=json.dumps(settings, sort_keys=True),
                settings_set_at=json.dumps(stamps, sort_keys=True),
            )

    def _set(self, learner_id: str, conn: Connection | None = None, **values: Any) -> None:
        """Change columns of a learner's row, in the transaction given or in one of its own."""
        learners = table(LearnerRow)
        statement = update(learners).where(learners.c.id == learner_id).values(**values)
        if conn is not None:
            conn.execute(statement)
            return
        with self.db.write() as conn:
            conn.execute(statement)

    def erase(self, learner_id: str, keep_profile: bool, at: datetime) -> int:
        """Erase everything a learner did, in one transaction; with the profile unless kept.

        Returns the number of answers erased. Erasing is the one way facts leave the log: a person
        may ask for their data to be gone (or for a fresh start), and then all of it goes. It is
        remembered (`ErasureRow`), so that merging a bundle made before does not bring it back.
        """
        with self.db.write() as conn:
            hold(conn, learner_id)
            answers = conn.execute(
                select(func.count())
                .select_from(AttemptRow)
                .where(AttemptRow.learner_id == learner_id)
            ).scalar()
            for model in _THEIR_TABLES:
                their = table(model)
                conn.execute(delete(their).where(their.c.learner_id == learner_id))
            meta = table(MetaRow)
            conn.execute(delete(meta).where(meta.c.key == failures_key(f"learner:{learner_id}")))
            # What a rebuild changed in their standing, waiting for their home, goes with it.
            conn.execute(delete(meta).where(meta.c.key == f"{NOTICE_KEY}{learner_id}"))
            name = conn.execute(select(LearnerRow.name).where(LearnerRow.id == learner_id)).scalar()
            conn.execute(
                insert(table(ErasureRow)).values(
                    id=new_id(),
                    learner_id=learner_id,
                    name_key=name_key(name or "", _name_salt(conn)),
                    erased_at=rows.to_text(at),
                )
            )
            if not keep_profile:
                if name is not None:
                    conn.execute(
                        delete(meta).where(meta.c.key == "last_learner", meta.c.value == name)
                    )
                conn.execute(delete(table(LearnerRow)).where(table(LearnerRow).c.id == learner_id))
        return int(answers or 0)


def _name_salt(conn: Connection) -> str:
    """This database's key for erased names, made (in the transaction given) when first needed."""
    kept = conn.execute(select(MetaRow.value).where(MetaRow.key == NAME_SALT_KEY)).scalar()
    if kept is not None:
        return str(kept)
    salt = new_name_salt()
    conn.execute(insert(table(MetaRow)).values(key=NAME_SALT_KEY, value=salt))
    return salt


def _refuse_look_alikes(conn: Connection, names: list[str]) -> None:
    """TutorError when a new name reads as a learner's here: the same but for capitals or letters
    that look alike (`name_fold`), so that a class list never shows two learners alike."""
    if not names:
        return
    here = {name_fold(name): name for name in conn.execute(select(LearnerRow.name)).scalars()}
    for name in names:
        other = here.get(name_fold(name))
        if other is not None and other != name:
            raise TutorError(f"'{name}' reads the same as '{other}', a learner here already")
