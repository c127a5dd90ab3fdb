"""The schema's versions: creating the current one, and upgrading an older database step by step.

`MIGRATIONS[n]` upgrades a database from schema n to n + 1; all the steps an opening needs run in
one transaction, so an upgrade happens whole or not at all.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Table, insert, update
from sqlalchemy.schema import CreateColumn
from sqlmodel import SQLModel, select

from tutor_tui.core.errors import TutorError
from tutor_tui.store.engine import Database
from tutor_tui.store.tables import (
    ErasureRow,
    LearnerRow,
    MetaRow,
    PlacedRow,
    SkillStateRow,
    table,
)

SCHEMA_VERSION = 5
_VERSION_KEY = "schema_version"


def add_placements(conn: Connection) -> None:
    """2: placement checks log the skills they found known."""
    table(PlacedRow).create(conn)


def add_erasures(conn: Connection) -> None:
    """3: erasing a learner is remembered, so that a merge does not bring their answers back."""
    table(ErasureRow).create(conn)


def add_learner_set_times(conn: Connection) -> None:
    """4: when a learner's group and settings were set, so that merges keep the later."""
    _add_columns(conn, table(LearnerRow), ("group_set_at", "settings_set_at"))


def add_evidence(conn: Connection) -> None:
    """5: a skill's state keeps which distinct questions gave evidence, and whether it was placed
    out rather than mastered."""
    _add_columns(conn, table(SkillStateRow), ("seen", "evidence", "placed_at"))


def _add_columns(conn: Connection, into: Table, names: tuple[str, ...]) -> None:
    for name in names:
        # The column as the dialect spells it in a CREATE TABLE, added to the table there.
        column = CreateColumn(into.c[name]).compile(dialect=conn.dialect)
        conn.exec_driver_sql(f"ALTER TABLE {into.name} ADD COLUMN {column}")


MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: add_placements,
    2: add_erasures,
    3: add_learner_set_times,
    4: add_evidence,
}

# Upgrades after which the derived state is rebuilt: from 3, events of one instant replay by id;
# from 4, the evidence of distinct questions is derived from the log.
REBUILD_AFTER = {3, 4}


def migrate(db: Database) -> tuple[int | None, bool]:
    """Create the schema in a new database, or upgrade an older one; refuse what is not ours.

    Returns the schema version found (None for a new database), and whether an upgrade changed
    how the derived state follows from the log, so that it must be rebuilt. The version is read
    first, so that opening a current database writes nothing.
    """
    with db.read() as conn:
        tables = set(db.engine.dialect.get_table_names(conn))
        found = stored_version(conn) if "meta" in tables else None
    if found == SCHEMA_VERSION:
        return found, False
    needs_rebuild = False
    with db.write() as conn:
        tables = set(db.engine.dialect.get_table_names(conn))
        if "meta" not in tables:
            if tables:
                raise TutorError("the database holds tables the tutor did not make")
            SQLModel.metadata.create_all(conn)
            conn.execute(insert(table(MetaRow)).values(key=_VERSION_KEY, value=str(SCHEMA_VERSION)))
            return None, False
        found = version = stored_version(conn)
        if version > SCHEMA_VERSION:
            raise TutorError(
                f"the database was made by a newer tutor (schema {version}); upgrade tutor-tui"
            )
        while version < SCHEMA_VERSION:
            MIGRATIONS[version](conn)
            needs_rebuild |= version in REBUILD_AFTER
            version += 1
        meta = table(MetaRow)
        conn.execute(update(meta).where(meta.c.key == _VERSION_KEY).values(value=str(version)))
    return found, needs_rebuild


def stored_version(conn: Connection) -> int:
    """The schema version the database says it has; TutorError when it says none."""
    value = conn.execute(select(MetaRow.value).where(MetaRow.key == _VERSION_KEY)).scalar()
    try:
        return int(value or "")
    except ValueError:
        raise TutorError(
            "the database has no schema version: it is damaged or not the tutor's"
        ) from None
