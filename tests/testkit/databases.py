"""Fresh, empty databases for tests on either engine the store runs on.

SQLite: an in-memory database (one connection shared by every thread). PostgreSQL: a new schema
in the server named by `TUTOR_TEST_PG_URL` (`.ci/run` starts a throwaway one and sets it), made
for one test and dropped after it, so that tests stay independent on one server for the whole run.
Its URL names the schema (the search path) and itself (the application name), so that the
connections a test leaves open are found and ended before its schema is dropped.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

PG_URL_VARIABLE = "TUTOR_TEST_PG_URL"
ENGINES = ("sqlite", "postgresql")
SKIP_REASON = (
    f"PostgreSQL tests need a server: set {PG_URL_VARIABLE} to its URL (.ci/run starts one)"
)


def shared_url(engine: str, db_url: str, folder: Path) -> str:
    """One database several programs of a test open, as laptops share a school server: a file in
    `folder` for SQLite (an in-memory one is each program's own), else the server's `db_url`."""
    return f"sqlite:///{folder / 'shared.db'}" if engine == "sqlite" else db_url


def pg_server_url() -> str | None:
    """The URL of the PostgreSQL server the tests may use, if one is given."""
    return os.environ.get(PG_URL_VARIABLE) or None


class Postgres:
    """Schemas on one PostgreSQL server, made for tests and dropped after them."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine

        self.url = url
        self.admin = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=_null_pool())
        self.made: list[str] = []

    def fresh(self) -> str:
        """The URL of a new, empty schema."""
        from sqlalchemy.engine import make_url

        name = f"t_{uuid.uuid4().hex[:16]}"
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {name}")
        self.made.append(name)
        url = make_url(self.url).update_query_dict(
            {"options": f"-csearch_path={name}", "application_name": name}
        )
        return url.render_as_string(hide_password=False)

    def drop(self) -> None:
        """End the connections to the schemas made, and drop them."""
        with self.admin.connect() as conn:
            for name in self.made:
                conn.exec_driver_sql(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE application_name = %(name)s",
                    {"name": name},
                )
                conn.exec_driver_sql(f"DROP SCHEMA {name} CASCADE")
        self.made.clear()

    def empty(self, url: str) -> None:
        """Delete every row of the tutor's tables in the schema of `url`, keeping its schema
        version: an empty database again, far sooner than a new schema is made and upgraded."""
        from sqlmodel import SQLModel

        import tutor_tui.store.tables  # noqa: F401  (the tutor's tables, in SQLModel's metadata)

        tables = ", ".join(name for name in SQLModel.metadata.tables if name != "meta")
        self.execute(url, f"TRUNCATE {tables}; DELETE FROM meta WHERE key <> 'schema_version'")

    def execute(self, url: str, sql: str, parameters: dict[str, Any] | None = None) -> list[Any]:
        """Run SQL in the schema of `url` (autocommitting); the rows it returns, if any."""
        from sqlalchemy import create_engine

        engine = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=_null_pool())
        try:
            with engine.connect() as conn:
                result = conn.exec_driver_sql(sql, parameters or {})
                return [tuple(row) for row in result] if result.returns_rows else []
        finally:
            engine.dispose()


def _null_pool() -> Any:
    from sqlalchemy.pool import NullPool

    return NullPool
