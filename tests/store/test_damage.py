"""Damaged data, a read-only data home and a full disk: one clear line, and what can be read is.

A database is made on disk, closed, then damaged the way a failing disk or a careless hand
would: bytes overwritten in a page, a bad value in a row, a folder that cannot be written.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError
from testkit.engine import T0, diamond

from tutor_tui.core.clock import FixedClock
from tutor_tui.core.errors import Damaged, TutorError
from tutor_tui.service.tutor import Tutor
from tutor_tui.store import engine
from tutor_tui.store.database import Store

PACK = diamond()


def opened(path: Path) -> Tutor:
    return Tutor(Store.open(f"sqlite:///{path}"), {PACK.id: PACK}, FixedClock(T0))


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """A database file where Ann answered six questions, closed as the program leaves it."""
    path = tmp_path / "tutor.db"
    tutor = opened(path)
    ann = tutor.add_learner("Ann")
    for question in ("a1", "a2", "a3", "b1", "c1", "d1"):
        tutor.answer(ann, PACK.id, question, "right")
    tutor.store.close()
    return path


def edit(path: Path, *statements: tuple[str, tuple[Any, ...]]) -> None:
    conn = sqlite3.connect(path)
    try:
        for statement, values in statements:
            conn.execute(statement, values)
        conn.commit()
    finally:
        conn.close()


def overwrite_root_page(path: Path, table: str) -> None:
    """Bytes of nonsense over the first page of a table, as a failing disk leaves them."""
    conn = sqlite3.connect(path)
    try:
        found = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
        page = found.fetchone()
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    with path.open("r+b") as file:
        file.seek((page[0] - 1) * size)
        file.write(bytes(range(256)) * (size // 256))


@pytest.mark.parametrize(
    ("said", "told"),
    [
        ("database disk image is malformed", "the database is damaged (database disk image is"),
        ("database or disk is full", "the disk is full: nothing was saved"),
        ("attempt to write a readonly database", "changes cannot be saved"),
        ("database is locked", "the database is busy or cannot be written: database is locked"),
    ],
)
def test_what_the_database_says_is_told_in_a_persons_words(said: str, told: str) -> None:
    error = OperationalError("INSERT ...", {}, sqlite3.OperationalError(said))
    assert engine.told(error, "the database is busy or cannot be written").startswith(told)


def test_a_damaged_derived_table_is_named_and_a_rebuild_saves_everything(database: Path) -> None:
    overwrite_root_page(database, "skill_states")
    tutor = opened(database)
    with pytest.raises(Damaged, match="tutor doctor"):
        tutor.skill_reports(tutor.learner("Ann"), PACK)
    problems = tutor.check()
    assert problems[0] == "the database file is damaged: the table skill_states cannot be read"
    assert "nothing is lost" in problems[1]
    with pytest.raises(Damaged):
        tutor.rebuild()  # deleting a damaged table fails: a rebuild in place cannot mend it
    saved = tutor.salvage()
    assert saved.copied["attempts"] == 6 and saved.lost == []
    assert saved.kept_as is not None and saved.kept_as.exists()
    again = opened(database)
    assert again.check() == [] and len(again.attempts()) == 6


def test_a_damaged_fact_table_says_how_to_recover(database: Path) -> None:
    overwrite_root_page(database, "attempts")
    tutor = opened(database)
    assert "restore tutor.db from a backup" in tutor.check()[1]
    saved = tutor.salvage()
    assert saved.lost == ["attempts"] and saved.copied["learners"] == 1
    assert opened(database).check() == []


def test_answers_that_cannot_be_read_are_left_out_and_counted(database: Path) -> None:
    edit(
        database,
        ("UPDATE attempts SET response = '{not json' WHERE question_id = 'a2'", ()),
        ("UPDATE attempts SET answered_at = 'yesterday' WHERE question_id = 'b1'", ()),
    )
    tutor = opened(database)
    assert {attempt.question_id for attempt in tutor.attempts()} == {"a1", "a3", "c1", "d1"}
    assert tutor.left_out == {"attempts": 2}
    assert tutor.store.export_rows()["attempts"].__len__() == 4
    assert any("2 rows of attempts that cannot be read" in p for p in tutor.check())


def test_bad_settings_give_way_to_the_defaults_and_doctor_says_so(database: Path) -> None:
    edit(database, ("UPDATE learners SET settings = ?", ('{"desired_retention": 7',)))
    tutor = opened(database)
    ann = tutor.learner("Ann")
    assert ann.settings == {} and tutor.skill_reports(ann, PACK)
    assert "learner 'Ann': the settings cannot be read (not JSON)" in tutor.check()[0]
    tutor.update_settings(ann, session_minutes=25)  # setting them again mends them
    assert tutor.check() == []


def test_a_rebuild_never_parses_the_derived_rows_it_replaces(database: Path) -> None:
    edit(database, ("UPDATE skill_states SET card = '{bad', last_seen = 'garbage'", ()))
    tutor = opened(database)
    assert tutor.check()  # told as a difference from the log, not a crash
    assert tutor.rebuild().changed > 0 and tutor.check() == []


@pytest.mark.parametrize("why", ["read-only", "full"])
def test_a_data_home_that_cannot_be_written_can_be_read(
    why: str, database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if why == "read-only":
        monkeypatch.setattr(os, "access", lambda path, mode: mode != os.W_OK)
    else:
        real = os.statvfs

        def full(path: Any) -> Any:
            found = real(path)
            return os.statvfs_result((*found[:4], 0, *found[5:]))  # no block free

        monkeypatch.setattr(os, "statvfs", full)
    tutor = opened(database)
    assert tutor.cannot_save is not None
    assert ("read-only" if why == "read-only" else "the disk is full") in tutor.cannot_save
    assert len(tutor.attempts()) == 6 and tutor.check() == []
    assert not database.with_name("tutor.db-shm").exists()  # opened without one
    with pytest.raises(TutorError, match="changes cannot be saved"):
        tutor.add_learner("Bo")
