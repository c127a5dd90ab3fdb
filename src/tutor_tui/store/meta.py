"""Values the tutor remembers between runs (the last learner, counts of wrong PINs), and the
schema version, kept in the `meta` table."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import delete, insert, update
from sqlmodel import select

from tutor_tui.store.engine import Database
from tutor_tui.store.migrations import stored_version
from tutor_tui.store.tables import MetaRow, table


class Meta:
    """The remembered values of a database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def schema_version(self) -> int:
        """The schema version of the open database."""
        with self.db.read() as conn:
            return stored_version(conn)

    def get(self, key: str) -> str | None:
        """A remembered value, or None."""
        with self.db.read() as conn:
            return conn.execute(select(MetaRow.value).where(MetaRow.key == key)).scalar()

    def update(self, key: str, change: Callable[[str | None], str | None]) -> str | None:
        """Change a remembered value in one transaction, so that two programs never interleave.

        `change` gets the value kept (None when there is none) and returns the new one (None
        forgets it); what it raises rolls the transaction back. Returns the new value.
        """
        meta = table(MetaRow)
        with self.db.write() as conn:
            if conn.dialect.name == "postgresql":
                # Two laptops counting one learner's wrong PINs on a server take turns, and the
                # first value of a key is added once (SQLite's write lock holds the whole file).
                conn.exec_driver_sql(f"LOCK TABLE {meta.name} IN SHARE ROW EXCLUSIVE MODE")
            kept = conn.execute(select(MetaRow.value).where(MetaRow.key == key)).first()
            value = change(kept.value if kept else None)
            if value is None:
                conn.execute(delete(meta).where(meta.c.key == key))
            elif kept is None:
                conn.execute(insert(meta).values(key=key, value=value))
            else:
                conn.execute(update(meta).where(meta.c.key == key).values(value=value))
        return value
