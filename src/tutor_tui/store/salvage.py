"""A damaged database file: which tables cannot be read, and saving what still can be.

A disk that fails, or a file copied while it was written, can leave pages SQLite cannot read
("database disk image is malformed"). Then even deleting the derived state fails, so a rebuild in
place cannot mend it. What can be done is to copy every fact that can still be read into a new
file beside the damaged one, rebuild the derived state there, and put the new file in the old
one's place, keeping the damaged file for whoever wants to look at it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnClause, Connection, Table, func, insert, literal_column, select
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel

from tutor_tui.core.errors import TutorError
from tutor_tui.store.engine import Database, is_damage
from tutor_tui.store.migrations import migrate
from tutor_tui.store.replay import ParamsLookup, rebuild

# The facts, in the order they are copied (learners before what points to them); the meta table
# keeps the passphrase's hash, the wrong tries and the key of erased names.
FACTS = (
    "meta",
    "learners",
    "erasures",
    "goals",
    "study_sessions",
    "attempts",
    "lesson_views",
    "placements",
)
# Rows read at a time, by their place in the table: a damaged stretch loses no more than it.
_WINDOW = 256
# Where the table's end cannot be read, the windows read on after the last row found.
_GIVE_UP = 16


def damaged_tables(db: Database) -> list[str]:
    """The tables that cannot be read through; empty when every one can (or not SQLite)."""
    if not db.is_sqlite:
        return []
    damaged = []
    for name, table in sorted(SQLModel.metadata.tables.items()):
        try:
            with db.engine.connect() as conn:
                for _ in conn.execute(select(table)):
                    pass
        except DBAPIError as error:
            if not is_damage(error):
                raise
            damaged.append(name)
    return damaged


def damage_problems(damaged: list[str]) -> list[str]:
    """What `tutor doctor` says of a damaged file: what is damaged, and how to recover."""
    facts = [name for name in damaged if name in FACTS]
    said = [
        "the database file is damaged: "
        + (
            f"the table{'s' if len(damaged) > 1 else ''} {', '.join(damaged)} cannot be read"
            if damaged
            else "SQLite's own check cannot read it through"
        )
    ]
    if damaged and not facts:
        said.append(
            "only derived state is damaged, which the answer log gives again: run"
            " `tutor doctor --rebuild` (nothing is lost)"
        )
    else:
        said.append(
            "to recover: `tutor doctor --rebuild` copies everything still readable into a new"
            " database and keeps the damaged file beside it; or restore tutor.db from a backup,"
            " or import a bundle exported before the damage"
        )
    return said


@dataclass
class Salvage:
    """What a salvage saved: rows copied per table, stretches of rows that could not be read, and
    where the damaged file went."""

    copied: dict[str, int] = field(default_factory=dict)
    # Tables some rows of which could not be read, and are lost.
    lost: list[str] = field(default_factory=list)
    kept_as: Path | None = None
    rebuilt: int = 0


def salvage(db: Database, params_for: ParamsLookup) -> Salvage:
    """Copy every fact still readable into a new file, rebuild its derived state, and put it in
    the damaged file's place; the damaged file is kept beside it."""
    url = db.engine.url
    if not db.is_sqlite or not url.database or url.database == ":memory:":
        raise TutorError("only a database file can be salvaged")
    path = Path(url.database.removeprefix("file:")).resolve()
    fresh = path.with_name(path.name + ".salvaged")
    for leftover in _with_journals(fresh):
        leftover.unlink(missing_ok=True)
    new = Database.connect(f"sqlite:///{fresh}")
    result = Salvage()
    try:
        migrate(new)
        with db.engine.connect() as old, new.write() as conn:
            learners: set[str] = set()
            for name in FACTS:
                table = SQLModel.metadata.tables[name]
                rows, whole = _readable(old, table)
                rows = _fitting(name, rows, conn, learners)
                if not whole:
                    result.lost.append(name)
                for start in range(0, len(rows), _WINDOW):
                    conn.execute(insert(table), rows[start : start + _WINDOW])
                result.copied[name] = len(rows)
                if name == "learners":
                    learners = {row["id"] for row in rows}
            result.rebuilt = rebuild(conn, params_for).changed
    finally:
        new.close()
    db.close()
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    result.kept_as = path.with_name(f"{path.name}.damaged-{stamp}")
    for journal, aside in zip(_with_journals(path), _with_journals(result.kept_as), strict=True):
        if journal.exists():
            os.replace(journal, aside)
    os.replace(fresh, path)
    return result


def _with_journals(path: Path) -> tuple[Path, Path, Path]:
    return path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _readable(conn: Connection, table: Table) -> tuple[list[dict[str, Any]], bool]:
    """Every row of the table that can be read, a window of row numbers at a time, and whether
    they all could be."""
    rowid: ColumnClause[int] = literal_column("rowid")
    try:
        top: int | None = int(
            conn.execute(select(func.max(rowid)).select_from(table)).scalar() or 0
        )
    except DBAPIError:
        top = None  # the last pages are damaged: read on until nothing more comes
    rows: list[dict[str, Any]] = []
    whole, low, empty = top is not None, 0, 0
    while (low <= top) if top is not None else empty < _GIVE_UP:
        query = select(table).where(rowid >= low, rowid < low + _WINDOW)
        try:
            found = [dict(row) for row in conn.execute(query).mappings()]
        except DBAPIError:
            found, whole = [], False
        rows += found
        empty = 0 if found else empty + 1
        low += _WINDOW
    return rows, whole


def _fitting(
    name: str, rows: list[dict[str, Any]], conn: Connection, learners: set[str]
) -> list[dict[str, Any]]:
    """The rows the new file can take: not the new file's own schema version, nor facts of a
    learner who could not be saved."""
    if name == "meta":
        have = set(conn.execute(select(SQLModel.metadata.tables["meta"].c.key)).scalars())
        return [row for row in rows if row["key"] not in have]
    if name in ("learners", "erasures"):
        return rows  # an erasure outlives its learner
    return [row for row in rows if row["learner_id"] in learners]
