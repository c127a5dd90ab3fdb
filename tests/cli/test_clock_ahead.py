"""A clock that read a year ahead once, through the commands: the next answer is refused in one
line, `doctor` names what was dated ahead and how to mend it, and once mended study goes on."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

from testkit.commands import Command

PACK = ("--learner", "Cy", "--pack", "python-foundations")


def test_answers_dated_ahead_are_named_by_doctor_and_mended(
    tutor_command: Command, tmp_path: Path, tutor_home: Path, engine: str
) -> None:
    day = "2027-03-01T10:30:00"
    assert tutor_command("learners", "add", "Cy", TUTOR_NOW=day).code == 0
    ahead = tutor_command("answer", *PACK, "str-len-space", "11", TUTOR_NOW="2028-03-01T10:00:00")
    assert ahead.code == 0, ahead.stderr
    refused = tutor_command("answer", *PACK, "str-repeat", "hahaha", TUTOR_NOW=day)
    assert refused.code == 1 and refused.stdout == "", refused
    assert refused.stderr.count("\n") == 1 and "dated 2028-03-01" in refused.stderr, refused
    named = tutor_command("doctor", TUTOR_NOW=day)
    assert named.code == 1 and "'Cy' in pack 'python-foundations': 1 event" in named.stdout
    # Its one answer is ahead: the clock may be wrong now, not then, so only the user can say.
    refused = tutor_command("doctor", "--mend-times", TUTOR_NOW=day)
    assert refused.code == 1 and "--clock-is-right" in refused.stderr, refused
    # Refused before it does anything, even with --rebuild asked for beside it.
    assert tutor_command("doctor", "--rebuild", "--clock-is-right", TUTOR_NOW=day).code == 2
    # It shows what it would date again, and changes nothing unasked.
    unasked = tutor_command("doctor", "--mend-times", "--clock-is-right", TUTOR_NOW=day)
    assert unasked.code == 2 and "--yes" in unasked.stderr, unasked
    said = "  Cy in pack python-foundations: 1 event (answers, lessons read, skills placed) 2028-"
    assert any(line.startswith(said) for line in unasked.stdout.splitlines()), unasked
    assert tutor_command("doctor", TUTOR_NOW=day).code == 1, "still ahead"
    mended = tutor_command("doctor", "--mend-times", "--clock-is-right", "--yes", TUTOR_NOW=day)
    assert mended.code == 0 and "The database is healthy." in mended.stdout, mended
    # The old times are kept: in a copy of the file beside it, or of a server's, the times.
    kept = next(line for line in mended.stdout.splitlines() if line.startswith("Kept "))
    copy = Path(kept.rpartition(": ")[2])
    assert copy.parent == tutor_home and stat.S_IMODE(copy.stat().st_mode) == 0o600
    if engine == "sqlite":
        assert copy.name.startswith("tutor.db.before-mend-times-")
        with sqlite3.connect(copy) as old:
            times = [row[0] for row in old.execute("select answered_at from attempts")]
    else:
        assert copy.name.startswith("server-db.before-mend-times-")
        rows = json.loads(copy.read_text())
        times = [row["answered_at"] for row in rows if row["table"] == "attempts"]
    assert [t[:10] for t in times] == ["2028-03-01"]
    assert tutor_command("answer", *PACK, "str-repeat", "hahaha", TUTOR_NOW=day).code == 0
    # Every other laptop refused its bundles; now one takes them.
    bundle = str(tmp_path / "cy.zip")
    assert tutor_command("export", "--learner", "Cy", "-o", bundle, TUTOR_NOW=day).code == 0
    elsewhere = {"TUTOR_HOME": str(tmp_path / "other"), "TUTOR_NOW": day}
    moved = tutor_command("import", bundle, **elsewhere)
    assert moved.code == 0 and "Answers: " in moved.stdout, moved
