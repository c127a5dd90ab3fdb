"""New in-memory SQLite databases that start as a copy of one the store made, not made afresh.

Every test's store is a new in-memory database, and the store makes its schema in each: its
tables, then Alembic's mark of the revision, some six milliseconds a store, in thousands of stores
a run. `copy_new_databases()` makes one with `Store.open` itself, once a process, and from then on
puts a copy of it (SQLite's backup, a tenth of the time) into every new in-memory database as it
is connected, before the store reads it: the store then finds its schema current, as when it opens
a database it made before. Only in-memory databases are copied into; files and servers, where the
tests of making and upgrading a schema run, are made by the store as ever.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

_lock = threading.Lock()
_template: sqlite3.Connection | None = None


def copy_new_databases() -> None:
    """From now on in this process, start each new in-memory database as a copy of a new store's."""
    global _template
    from sqlalchemy import event
    from sqlalchemy.pool import Pool

    from tutor_tui.store.database import Store

    if _template is not None:
        return
    made = Store.open("sqlite://")
    try:
        template = sqlite3.connect(":memory:", check_same_thread=False)
        with made.engine.connect() as conn:
            source = conn.connection.driver_connection
            assert isinstance(source, sqlite3.Connection)
            source.backup(template)
    finally:
        made.close()
    _template = template
    event.listen(Pool, "connect", _copy_into)


def _copy_into(connection: Any, _record: Any) -> None:
    """Fill a new in-memory SQLite database with the template (a pool's `connect` event)."""
    if _template is None or not isinstance(connection, sqlite3.Connection):
        return
    files = {name: file for _, name, file in connection.execute("PRAGMA database_list")}
    if files.get("main") != "":
        return  # a file: the store makes its schema there itself
    with _lock:
        _template.backup(connection)
