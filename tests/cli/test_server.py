"""`tutor server init|check`: a school server set up once, its password never on the command line,
and every later run on the computer studying there."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from testkit.commands import Command


@pytest.mark.sqlite_only  # no database of the engine's: refused before the tutor opens one
def test_a_password_in_the_url_is_refused_and_nothing_is_saved(
    tutor_command: Command, tutor_home: Path
) -> None:
    ran = tutor_command("server", "init", "postgresql://tutor:secret@school/tutor")
    assert ran.code == 1
    assert ran.stderr.startswith("error: leave the password out of the URL")
    assert "secret" not in ran.stderr + ran.stdout
    assert not (tutor_home / "server.url").exists()


@pytest.mark.sqlite_only  # no database of the engine's: refused before the tutor opens one
@pytest.mark.parametrize("url", ["mysql://tutor@school/tutor", "school-server", "sqlite:///x.db"])
def test_a_url_of_no_postgresql_server_is_refused(
    tutor_command: Command, tutor_home: Path, url: str
) -> None:
    ran = tutor_command("server", "init", url, stdin="")
    assert (ran.code, ran.stdout) == (1, "")
    assert ran.stderr.startswith("error: that is not a PostgreSQL URL")
    assert not (tutor_home / "server.url").exists()


@pytest.mark.sqlite_only  # no database of the engine's: refused before the tutor opens one
def test_a_server_that_does_not_answer_is_one_line_and_nothing_is_saved(
    tutor_command: Command, tutor_home: Path, tmp_path: Path
) -> None:
    # A socket folder with no server in it: refused at once, as a server that is down.
    url = f"postgresql://tutor@/tutor?host={tmp_path}"
    ran = tutor_command("server", "init", url, TUTOR_DB_PASSWORD="pw")
    assert ran.code == 1
    [line] = ran.stderr.splitlines()
    assert line.startswith("error: ") and "cannot be reached" in line
    assert "Traceback" not in line and "pw" not in line
    assert not (tutor_home / "server.url").exists()


def test_check_reports_the_database_in_use(tutor_command: Command, engine: str) -> None:
    assert tutor_command("learners", "add", "Ann").code == 0
    ran = tutor_command("server", "check", "--json")
    assert ran.code == 0, ran.stderr
    report = json.loads(ran.stdout)
    assert report["engine"] == engine
    assert report["counts"]["learners"] == 1 and report["counts"]["attempts"] == 0
    assert report["schema_version"] >= 1


@pytest.mark.postgresql_only  # a school server is PostgreSQL
def test_init_makes_the_schema_saves_the_url_privately_and_later_runs_use_it(
    tutor_command: Command,
    tutor_home: Path,
    engine: str,
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TUTOR_DB_URL")  # as on a laptop: the saved URL alone says where
    password = tmp_path / "password"
    password.write_text("not-needed-here\n")
    ran = tutor_command("server", "init", db_url, "--password-file", str(password))
    assert ran.code == 0, ran.stderr
    assert "created the tutor's tables" in ran.stdout
    saved = tutor_home / "server.url"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert "not-needed-here" in saved.read_text()
    # Every later run here studies on the server, without a variable set.
    assert tutor_command("learners", "add", "Ann").code == 0
    again = tutor_command("server", "init", db_url, "--password-file", str(password))
    assert "up to date" in again.stdout and "learners 1" in again.stdout
    report = json.loads(tutor_command("server", "check", "--json").stdout)
    assert (report["engine"], report["counts"]["learners"]) == ("postgresql", 1)


@pytest.mark.postgresql_only  # a school server is PostgreSQL
def test_a_password_piped_on_standard_input_is_used(
    tutor_command: Command,
    tutor_home: Path,
    engine: str,
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TUTOR_DB_URL")
    monkeypatch.delenv("TUTOR_DB_PASSWORD", raising=False)
    ran = tutor_command("server", "init", db_url, stdin="piped-pw\n")
    assert ran.code == 0, ran.stderr
    assert "piped-pw" in (tutor_home / "server.url").read_text()
    assert "piped-pw" not in ran.stdout + ran.stderr


@pytest.mark.sqlite_only  # no database of the engine's: refused before the tutor opens one
def test_a_url_naming_another_driver_is_refused_naming_what_was_given(
    tutor_command: Command, tutor_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TUTOR_DB_URL", raising=False)
    ran = tutor_command(
        "server", "init", "postgresql+nosuchdriver://tutor@school/tutor", TUTOR_DB_PASSWORD="pw"
    )
    assert ran.code == 1
    [line] = ran.stderr.splitlines()
    assert "TUTOR_DB_URL" not in line and "tutor on school" in line
    assert not (tutor_home / "server.url").exists()


def test_a_socket_url_is_shown_as_its_database_and_folder() -> None:
    from tutor_tui.store.engine import where

    assert where("postgresql+psycopg://tutor:pw@/tutor?host=/run/pg") == "tutor on /run/pg"
    assert where("postgresql://tutor:pw@school:5433/tutor") == "tutor on school:5433"
