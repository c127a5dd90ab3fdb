"""Every command against hostile values: names, paths, dates, numbers, sizes and encodings.

Whatever is given, a command ends in status 0, 1 or 2; never with a traceback or an "unexpected"
error; a refusal (status 1) is one line on standard error (after a file's faults, each at its
place), with no control character in it; and a refusal changes nothing: not the database, not a
file of the data home, not the file named.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from testkit.commands import Command, Ran

PACK = "fractions-ratios"
SKILL = "what-is-a-fraction"
QUESTION = "wif-denominator-name"

NAMES = [
    "[/i]",
    "[@click=app.quit]Click me[/]",
    "Ann\x1b[2J",
    "A\u200bnn",
    "ann",
    "Аnn",  # a Cyrillic А
    "",
    " ",
    "x" * 5000,
    "Ann\x00",
    "\udcff",  # a byte that was not UTF-8 in the command line
    "../../etc/passwd",
    "-",
    "\u202eAnn",  # a right-to-left override: reads as another name
    "A" + "\u0301" * 12 + "nn",  # marks stacked over the lines around it
    "\U0001f469\u200d\U0001f4bb Ann",  # an emoji joined with a zero-width joiner
    "ＡＮＮ",  # full-width letters: Ann, already here
    "\u13aa\u13de\u13ac",  # Cherokee letters that read as Latin "ALE"
]
DATES = ["9999-12-31", "0001-01-01", "2026-02-30", "", "tomorrow", "2026-13-01", "1e309"]
NUMBERS = ["-1", "0", "1e309", "nan", "99999999999999999999", "", "3.5"]
RESPONSES = ["x" * 20_000, "\x00", "\x1b]0;owned\x07", "[/]", "[" * 1000, "{}", "\udcff"]
# A number past int()'s 4,300 digits and a digit int() cannot read, as a choice's number too.
RESPONSES += ["9" * 5000, "²"]
NOW = ["9999-12-31T23:59:59", "0001-01-01T00:00:00", "not a time", "2026-03-02T09:00:00+25:00"]


def paths(base: Path) -> list[str]:
    """Places a file may be asked to go: devices, a pipe, a folder, links, nowhere, odd names."""
    os.mkfifo(base / "pipe")
    (base / "folder").mkdir()
    (base / "loop").symlink_to("loop")
    (base / "kept.txt").write_text("kept")
    (base / "link.html").symlink_to(base / "kept.txt")
    return [
        "/dev/null",
        "/dev/full",
        str(base / "pipe"),
        str(base / "folder"),
        str(base / "loop"),
        str(base / "link.html"),
        str(base / "kept.txt"),
        str(base / "missing" / "out.html"),
        str(base / "new\x1b[31m.html"),
        str(base / "new\nline.md"),
        str(base / ("x" * 300 + ".html")),  # longer than a file name may be
        "",
    ]


def commands(name: str = "Ann", path: str = "", date: str = "2026-06-01", number: str = "20",
             response: str = "3") -> list[tuple[str, ...]]:  # fmt: skip
    """Every command of the program, with these values where each takes one."""
    learner = ("--learner", name)
    return [
        ("learners", "add", name),
        ("learners", "pin", name, "--clear"),
        ("learners", "reset", name, "--yes"),
        ("learners", "remove", name, "--yes"),
        ("learners", "import", path),
        ("next", *learner, "--pack", PACK),
        ("lesson", *learner, "--pack", PACK, SKILL),
        ("answer", *learner, "--pack", PACK, QUESTION, response),
        ("answer", *learner, "--pack", PACK, QUESTION, response, "--seconds", number),
        ("progress", *learner),
        ("goals", "set", *learner, "--pack", PACK, "--by", date, "--daily", number),
        ("goals", "list", *learner),
        ("placement", *learner, "--pack", PACK, "--max-questions", number),
        ("portfolio", *learner, "-o", path),
        ("session", *learner, "--minutes", number, "--plain", "-o", path),
        ("study", "--plain", *learner, "--pack", PACK),
        ("report", "class", "-o", path),
        ("export", *learner, "-o", path),
        ("import", path),
        ("packs", "show", name),
        ("packs", "validate", path),
        ("packs", "install", path),
        ("packs", "remove", name),
        ("packs", "export", PACK, "-o", path),
        ("packs", "new", path),
        ("model", "evaluate", path),
    ]


def state(home: Path, outside: Path) -> str:
    """A digest of everything a command could change: the database's rows and every file."""
    digest = hashlib.sha256()
    database = home / "tutor.db"
    if database.exists():
        conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            tables = [
                row[0]
                for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            ]
            for table in sorted(tables):
                if table.startswith("sqlite_") or table == "meta":
                    continue
                for row in sorted(map(repr, conn.execute(f"SELECT * FROM [{table}]"))):
                    digest.update(row.encode())
        finally:
            conn.close()
    for folder in (home, outside):
        for path in sorted(folder.rglob("*")):
            if path.name.startswith("tutor.db") or "cache" in path.parts:
                continue
            info = path.lstat()
            content = path.read_bytes() if path.is_file() and not path.is_symlink() else b""
            digest.update(f"{path}\0{info.st_mode}\0".encode() + content)
    return digest.hexdigest()


@pytest.fixture
def run(tutor_command: Command, tutor_home: Path, tmp_path: Path) -> Iterator[Any]:
    """Run a command with a learner Ann and one answer already there; check the promises."""
    tutor_command("learners", "add", "Ann")
    tutor_command("answer", "--learner", "Ann", "--pack", PACK, QUESTION, "7")
    outside = tmp_path / "outside"
    outside.mkdir()

    def check(args: tuple[str, ...], **env: str) -> Ran:
        before = state(tutor_home, outside)
        ran = tutor_command(*args, **env)
        said = ran.stdout + ran.stderr
        assert ran.code in (0, 1, 2), (args, ran)
        assert "Traceback" not in said and "unexpected" not in said, (args, said)
        assert "\x1b" not in said and "\x00" not in said, (args, said)
        if ran.code == 1:
            # One line; a file's faults come first, one a line, each at its place.
            # (`packs validate` reports on standard output: its report is what was asked for.)
            *located, last = (ran.stderr or ran.stdout).splitlines() or [""]
            assert last and all(re.match(r".+:\d+(:\d+)?: ", line) for line in located), ran
        if ran.code != 0:
            assert state(tutor_home, outside) == before, (args, ran)
        return ran

    check.outside = outside  # type: ignore[attr-defined]
    yield check


def test_every_command_with_hostile_names_dates_numbers_and_answers(run: Any) -> None:
    # Every name once where names are added, and every command once with one of them (in turn):
    # each pairing would take a minute, and the commands share the few places names go.
    for name in NAMES:
        run(commands(name=name)[0])
    for index, args in enumerate(commands(path=str(run.outside / "out.html"))):
        if "Ann" in args:
            name = NAMES[index % len(NAMES)]
            run(tuple(name if arg == "Ann" else arg for arg in args))
    for value in DATES:
        run(commands(date=value)[10])
    for index, value in enumerate(NUMBERS):
        run(commands(number=value, path=str(run.outside / "s.md"))[(8, 10, 12, 14)[index % 4]])
    for value in RESPONSES:
        run(commands(response=value)[7])


# The paths are the data home's files and folders: on a server, the commands would read and write
# the same files as here, with the database checked by the names' test on it.
@pytest.mark.sqlite_only
def test_every_command_that_takes_a_path_with_hostile_paths(run: Any, engine: str) -> None:
    hostile = paths(run.outside)
    taking = [args for args in commands(path="PATH") if "PATH" in args]
    # Every path with the commands that write, and every command with a path in turn.
    writing = [args for args in taking if "-o" in args][:3]
    pairs = [(args, path) for path in hostile for args in writing]
    pairs += [(args, hostile[index % len(hostile)]) for index, args in enumerate(taking)]
    for args, path in pairs:
        run(tuple(path if arg == "PATH" else arg for arg in args))


@pytest.mark.parametrize("now", NOW)
def test_a_time_out_of_range_is_refused_before_anything_prints(run: Any, now: str) -> None:
    for args in (("progress", "--learner", "Ann"), ("next", "--learner", "Ann", "--pack", PACK)):
        ran = run(args, TUTOR_NOW=now)
        assert ran.code == 1 and ran.stdout == "" and "TUTOR_NOW" in ran.stderr, ran


@pytest.mark.sqlite_only  # A server URL takes the place of the data home's database.
def test_a_data_home_that_is_a_file_or_a_database_in_no_folder_is_refused(
    run: Any, tmp_path: Path
) -> None:
    afile = tmp_path / "afile"
    afile.write_text("not a folder")
    ran = run(("learners", "list"), TUTOR_HOME=str(afile))
    assert ran.code == 1 and "File exists" not in ran.stderr, ran
    missing = tmp_path / "no" / "such"
    ran = run(("learners", "list"), TUTOR_DB_URL=f"sqlite:///{missing}/x.db")
    assert ran.code == 1 and not missing.exists(), ran


def test_hostile_environment_variables_are_one_line_each(run: Any, tmp_path: Path) -> None:
    """A data home, pack folder or database named with an escape sequence or a name too long to
    be a file: one line, or the command as usual; never a traceback."""
    odd = tmp_path / "odd\x1b[31m"
    odd.mkdir()
    long = str(tmp_path / ("y" * 300))
    for env in (
        {"TUTOR_HOME": long},
        {"TUTOR_PACK_PATH": f"{long}{os.pathsep}{odd}{os.pathsep}{os.pathsep}"},
        {"TUTOR_DB_URL": f"sqlite:///{long}/x.db"},
        {"TUTOR_DB_URL": "mysql://nobody@nowhere/x"},
        {"TUTOR_NOW": "2026-03-02T09:00:00\x1b[2J"},
    ):
        ran = run(("learners", "list"), **env)
        assert ran.code in (0, 1) and ("Ann" in ran.stdout) == (ran.code == 0), (env, ran)
    assert run(("packs", "list"), TUTOR_PACK_PATH=long).code == 0
