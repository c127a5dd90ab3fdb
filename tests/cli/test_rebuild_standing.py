"""A rebuild that changes where a learner stands says so: the command that made it, one line per
learner, and the learner's home, once."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from testkit.commands import Command

PACK = "fractions-ratios"
NOW = "2026-03-02T09:00:00+00:00"
NAME = "[bold]Lu[/]"
LOST = f"{NAME}, Fractions and Ratios: no longer mastered: What a fraction is"


def _as_old_rules_left_it(database: Path, version: int | None = None) -> None:
    """What a Fraction is mastered in the derived state, as rules that have since changed left
    it (the log holds one answer, which masters nothing); with `version`, the schema that kept
    it, to be upgraded and rebuilt on opening."""
    with sqlite3.connect(database) as conn:
        conn.execute(
            "UPDATE skill_states SET p_known = 0.99, mastered_at = ?"
            " WHERE skill_id = 'what-is-a-fraction'",
            (NOW,),
        )
        if version is not None:
            conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version),))
            conn.execute("UPDATE alembic_version SET version_num = ?", (f"{version:04d}",))


@pytest.mark.sqlite_only  # the older state is written with SQLite's own tool
def test_a_rebuild_that_takes_back_a_mastery_says_whose_and_which(
    tutor_command: Command, tmp_path: Path
) -> None:
    """Lu had a skill mastered under the rules of the version before; opened by this one, the
    same answers master nothing, and progress read "0 of 17 skills mastered" with no word why."""
    home = {"TUTOR_HOME": str(tmp_path), "TUTOR_NOW": NOW}
    assert tutor_command("learners", "add", NAME, **home).code == 0
    answer = ("answer", "--learner", NAME, "--pack", PACK, "wif-denominator-name", "1")
    assert tutor_command(*answer, **home).code == 0
    database = tmp_path / "tutor.db"
    _as_old_rules_left_it(database)
    ran = tutor_command("doctor", "--rebuild", **home)
    assert ran.code == 0 and f"\n{LOST}\n" in ran.stdout
    # Nothing changed since: nothing said.
    assert NAME not in tutor_command("doctor", "--rebuild", **home).stdout
    # Opened by a new version: the command that opens it says so, apart from what it prints.
    _as_old_rules_left_it(database, version=10)
    ran = tutor_command("progress", "--learner", NAME, "--json", **home)
    assert ran.code == 0 and json.loads(ran.stdout)
    assert ran.stderr == (
        f"note: {LOST} (this version reckons mastery from the same answers by new rules)\n"
    )
    # The learner's home says it once, the two rebuilds as one.
    from tutor_tui.service.wiring import open_tutor

    tutor = open_tutor(f"sqlite:///{database}")
    lu = tutor.learner(NAME)
    assert tutor.standing_notice(lu) == [
        "Fractions and Ratios: no longer mastered: What a fraction is (the tutor reckoned your"
        " answers again by its rules, which changed; your answers did not)."
    ]
    assert tutor.standing_notice(lu) == []
    # Erased, a learner's progress takes what waits for their home with it.
    _as_old_rules_left_it(database)
    assert tutor.rebuild().shifts and tutor.store.get_meta(f"standing-changed:{lu.id}")
    tutor.erase_learner(lu, keep_profile=True)
    assert tutor.store.get_meta(f"standing-changed:{lu.id}") is None
