"""The schema's versions: creating the current one, and upgrading an older database with Alembic.

The revisions are Alembic scripts in `store/revisions/`, one per schema version, written in its
portable operations, so that the same upgrade runs on SQLite and on PostgreSQL. A database keeps
its version twice: in Alembic's own table (`alembic_version`), and as a number in `meta`, which
is read first, so that opening a current database neither loads Alembic nor writes anything, and
which a tutor of any age reads, to refuse a database made by a newer one. A database made before
the revisions were Alembic's has the number alone: it is marked at its revision, then upgraded.

All the steps an opening needs run in one transaction, so an upgrade happens whole or not at all.
A new database is made from the tables as `tables.py` declares them, and marked at the last
revision; a test checks that upgrading through every revision gives the same tables.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, insert, update
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel, select

from tutor_tui.core.errors import TutorError
from tutor_tui.store.engine import Database
from tutor_tui.store.tables import MetaRow, table

if TYPE_CHECKING:
    from alembic.script import ScriptDirectory

SCHEMA_VERSION = 12
_VERSION_KEY = "schema_version"
# What PostgreSQL says (its SQLSTATE) of a change the connected user has no right to make.
_NOT_ALLOWED = "42501"
REVISIONS = Path(__file__).with_name("revisions")

# Upgrades after which the derived state is rebuilt: from 3, events of one instant replay by id;
# from 4, the evidence of distinct questions is derived from the log; from 5, a right answer given
# before counts little or nothing again, and the misses when a lesson was read are kept; from 6,
# each skill counts its questions right at first sight, each question the skills it was under;
# from 7, a skill placed out keeps the estimate its own answers give, for when it goes back; from
# 8, a right answer luck may give moves the estimate as far as the chance of a lucky one leaves
# it, and answers luck may give, together beyond luck, count as first sight; from 9, right answers
# luck may give open a skill's recitals only beyond luck on a bar shared by the pack's skills;
# from 10, they count as first sight only beyond that bar too; from 11, a placement check's answer
# to a question answered before counts for nothing (imports set some aside, by their order).
REBUILD_AFTER = {3, 4, 5, 6, 7, 8, 9, 10, 11}


def revision_id(version: int) -> str:
    """The Alembic revision of a schema version."""
    return f"{version:04d}"


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
    with db.write() as conn:
        tables = set(db.engine.dialect.get_table_names(conn))
        if "meta" not in tables:
            if tables:
                raise TutorError("the database holds tables the tutor did not make")
            SQLModel.metadata.create_all(conn)
            conn.execute(insert(table(MetaRow)).values(key=_VERSION_KEY, value=str(SCHEMA_VERSION)))
            upgrade(conn, SCHEMA_VERSION, stamp_only=True)
            return None, False
        found = stored_version(conn)
        if found > SCHEMA_VERSION:
            raise TutorError(
                f"the database was made by a newer tutor (schema {found}); upgrade tutor-tui"
            )
        try:
            upgrade(conn, SCHEMA_VERSION, since=found)
        except DBAPIError as error:
            if getattr(error.orig, "sqlstate", None) != _NOT_ALLOWED:
                raise
            raise TutorError(
                f"the database holds older tables (schema {found}) that this computer's database"
                " user may not upgrade: run `tutor server init` once with the owner's URL"
            ) from None
        meta = table(MetaRow)
        conn.execute(
            update(meta).where(meta.c.key == _VERSION_KEY).values(value=str(SCHEMA_VERSION))
        )
    return found, any(version in REBUILD_AFTER for version in range(found, SCHEMA_VERSION))


def upgrade(
    conn: Connection, to: int, *, since: int | None = None, stamp_only: bool = False
) -> None:
    """Run the revisions up to schema `to` in the transaction given (with `stamp_only`, mark the
    database as at `to` without running any). A database whose Alembic table is missing is
    first marked at `since`, the version its `meta` says it has."""
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext

    script = _script()
    target = revision_id(to)

    def steps(current: object, _context: MigrationContext) -> object:
        return [] if stamp_only else script._upgrade_revs(target, current)  # type: ignore[arg-type] # Alembic's own upgrade function takes the heads it is given

    context = MigrationContext.configure(conn, opts={"script": script, "fn": steps})
    if stamp_only:
        context.stamp(script, target)
        return
    if context.get_current_revision() is None and since is not None:
        context.stamp(script, revision_id(since))
    with Operations.context(context):
        context.run_migrations()


@cache
def _script() -> ScriptDirectory:
    """The revisions, read once a run."""
    from alembic.script import ScriptDirectory

    # The folder holds the revisions themselves: no alembic.ini or env.py runs them.
    return ScriptDirectory(str(REVISIONS), version_locations=[str(REVISIONS)])


def stored_version(conn: Connection) -> int:
    """The schema version the database says it has; TutorError when it says none."""
    value = conn.execute(select(MetaRow.value).where(MetaRow.key == _VERSION_KEY)).scalar()
    try:
        return int(value or "")
    except ValueError:
        raise TutorError(
            "the database has no schema version: it is damaged or not the tutor's"
        ) from None
