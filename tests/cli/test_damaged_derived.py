"""A damaged value in the derived state (written with a tool outside the tutor) is one line that
says how to mend it, on every read command; `tutor doctor --rebuild` works it out again."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from testkit.commands import Command

PACK = "fractions-ratios"
NOW = "2026-03-02T09:00:00+00:00"
SKILL_COLUMNS = (
    "p_known", "attempts", "correct", "misses_in_a_row", "seconds", "last_seen",
    "lesson_seen_at", "misses_since", "mastered_at", "card", "due", "seen", "evidence",
    "placed_at",
)  # fmt: skip
QUESTION_COLUMNS = ("attempts", "correct", "last_seen", "last_score")
DAMAGE = [
    (table, column, bad)
    for table, columns in (("skill_states", SKILL_COLUMNS), ("question_states", QUESTION_COLUMNS))
    for column in columns
    for bad in ("'x{'", "'1'", "'2026-01-01'", "-1", "'[1]'")
]
# Reading commands, and one that writes: an answer reads the derived state it updates.
COMMANDS = (
    ("progress", "--learner", "Ann"),
    ("next", "--learner", "Ann", "--pack", PACK),
    ("learners", "list"),
    ("answer", "--learner", "Ann", "--pack", PACK, "wif-denominator-name", "1"),
)


@pytest.fixture(scope="module")
def studied(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data home where Ann read a lesson and answered two questions (one right, one wrong),
    made by the first test that asks (the command runner is the test's own)."""
    return tmp_path_factory.mktemp("studied")


def _run(tutor_command: Command, home: Path, *args: str) -> tuple[int, str, str]:
    ran = tutor_command(*args, TUTOR_HOME=str(home), TUTOR_NOW=NOW)
    return ran.code, ran.stdout, ran.stderr


def _study(tutor_command: Command, home: Path) -> None:
    """Make Ann's studies in `home`, unless made already, and check that every command of the
    test runs on them undamaged (on a copy: the answer writes)."""
    if (home / "tutor.db").exists():
        return
    assert _run(tutor_command, home, "learners", "add", "Ann")[0] == 0
    lesson = ("lesson", "--learner", "Ann", "--pack", PACK, "what-is-a-fraction")
    assert _run(tutor_command, home, *lesson)[0] == 0
    for question in ("wif-denominator-name", "wif-pizza-left"):
        answer = ("answer", "--learner", "Ann", "--pack", PACK, question, "1")
        assert _run(tutor_command, home, *answer)[0] == 0
    healthy = home.parent / "healthy"
    shutil.copytree(home, healthy)
    for command in COMMANDS:
        assert _run(tutor_command, healthy, *command)[0] == 0, command
    shutil.rmtree(healthy)


def _contents(home: Path) -> list[str]:
    """Every table of the home's database, row by row, as SQL."""
    with sqlite3.connect(home / "tutor.db") as db:
        rows = list(db.iterdump())
    db.close()
    return rows


@pytest.mark.sqlite_only  # the damage is written with SQLite's own tool
@pytest.mark.parametrize(("table", "column", "bad"), DAMAGE)
def test_a_damaged_derived_value_is_one_line_until_a_rebuild_mends_it(
    tutor_command: Command, engine: str, studied: Path, tmp_path: Path, table: str, column: str,
    bad: str,
) -> None:  # fmt: skip
    _study(tutor_command, studied)
    home = tmp_path / "home"
    shutil.copytree(studied, home)
    with sqlite3.connect(home / "tutor.db") as db:
        assert db.execute(f"UPDATE {table} SET {column} = {bad}").rowcount  # noqa: S608
    db.close()
    codes = []
    for command in COMMANDS:
        code, _, err = _run(tutor_command, home, *command)
        codes.append(code)
        if code:
            assert (code, len(err.splitlines())) == (1, 1), (command, err)
            assert "tutor doctor --rebuild" in err and "unexpected" not in err, (command, err)
    assert _run(tutor_command, home, "doctor", "--rebuild")[0] == 0
    if codes[-1]:
        # The answer was refused, so the log is the one studied: the rebuild gives back the very
        # database that was damaged, on which every command runs (`_study`).
        assert _contents(home) == _contents(studied)
    else:
        # A value SQLite read as a valid one ('1' in a number's column), or one in range for
        # the reader: the answer is in the log, and the rebuilt state must serve every command.
        for command in COMMANDS:
            assert _run(tutor_command, home, *command)[0] == 0, command
