"""Alembic's revisions, on each engine: every earlier schema upgrades to the tables a new database
gets, keeping its data; a database made before the revisions were Alembic's is upgraded too."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, inspect, text
from testkit.engine import T0

from tutor_tui.store.database import Store
from tutor_tui.store.migrations import SCHEMA_VERSION, _script, revision_id, upgrade


def shape(engine: Engine) -> dict[str, object]:
    """Every table's columns, keys and indexes, as the database reports them."""
    found = inspect(engine)
    tables: dict[str, object] = {}
    for name in sorted(found.get_table_names()):
        tables[name] = (
            sorted((c["name"], str(c["type"]), c["nullable"]) for c in found.get_columns(name)),
            found.get_pk_constraint(name)["constrained_columns"],
            sorted(
                (i["name"], tuple(i["column_names"]), i["unique"]) for i in found.get_indexes(name)
            ),
            sorted(tuple(u["column_names"]) for u in found.get_unique_constraints(name)),
            sorted(
                (tuple(f["constrained_columns"]), f["referred_table"])
                for f in found.get_foreign_keys(name)
            ),
        )
    return tables


def test_the_revisions_are_one_line_from_the_first_schema_to_this_one() -> None:
    script = _script()
    assert script.get_heads() == [revision_id(SCHEMA_VERSION)]
    chain = [r.revision for r in script.walk_revisions()]
    assert chain == [revision_id(v) for v in range(SCHEMA_VERSION, 0, -1)]


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
@pytest.mark.parametrize("marked", [True, False], ids=["alembic", "before-alembic"])
def test_every_earlier_schema_is_upgraded_to_the_tables_of_a_new_database(
    new_db: Callable[[], str], tmp_path: Path, version: int, marked: bool
) -> None:
    # Two databases the test's engines reach by URL: SQLite's in files, not in memory.
    old_url, fresh_url = (
        url if url != "sqlite://" else f"sqlite:///{tmp_path / name}"
        for url, name in ((new_db(), "old.db"), (new_db(), "fresh.db"))
    )
    old = create_engine(old_url)
    with old.begin() as conn:
        upgrade(conn, version)
        conn.execute(
            text("INSERT INTO meta (key, value) VALUES ('schema_version', :v)"), {"v": str(version)}
        )
        conn.execute(
            text(
                "INSERT INTO learners (id, name, created_at, settings)"
                " VALUES ('L1', 'Ann', :at, '{}')"
            ),
            {"at": T0.isoformat()},
        )
        if not marked:  # as the tutor made it before its revisions were Alembic's
            conn.execute(text("DROP TABLE alembic_version"))
    store = Store.open(old_url)
    assert (store.found_version, store.schema_version()) == (version, SCHEMA_VERSION)
    assert store.learner("Ann").id == "L1"
    store.close()
    Store.open(fresh_url).close()
    fresh = create_engine(fresh_url)
    try:
        assert shape(old) == shape(fresh)
        with old.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).all() == [
                (revision_id(SCHEMA_VERSION),)
            ]
    finally:
        old.dispose()
        fresh.dispose()
