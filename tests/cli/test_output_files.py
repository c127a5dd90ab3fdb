"""An `-o` that names a folder (a final '/') which does not exist is refused in one line by every
command that writes a file, before it does anything: never a file named like the folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from testkit.commands import Command

WRITERS = {
    "portfolio": ("portfolio", "-l", "Ann", "-o"),
    "session": ("session", "-l", "Ann", "--minutes", "1", "-p", "fractions-ratios", "-o"),
    "report class": ("report", "class", "--format", "html", "-o"),
    "export": ("export", "-l", "Ann", "-o"),
    "model fit": ("model", "fit", "--pack", "fractions-ratios", "-o"),
}


@pytest.mark.sqlite_only
def test_a_missing_folder_is_refused_by_every_command_that_writes_a_file(
    tutor_command: Command, tmp_path: Path
) -> None:
    assert tutor_command("learners", "add", "Ann").code == 0
    for command, args in WRITERS.items():
        for named in ("reports/", "report.html/"):
            ran = tutor_command(*args, f"{tmp_path}/{named}", TUTOR_PASSPHRASE="")
            assert ran.code == 1, (command, ran)
            assert ran.stderr.splitlines() == [
                f"error: cannot write {tmp_path}/{named}: there is no folder "
                f"{tmp_path / named.rstrip('/')}"
            ], command
    assert list(tmp_path.iterdir()) == []
