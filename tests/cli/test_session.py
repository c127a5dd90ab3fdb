"""`tutor session`: a timed session on chosen skills, its report printed and saved, bad input
refused."""

from __future__ import annotations

import html
import io
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from testkit import TutorFor
from testkit.commands import Command
from testkit.engine import T0

from tutor_tui.core.clock import FixedClock
from tutor_tui.plain.study import run_plain
from tutor_tui.store.database import Store

PACK = "python-foundations"


def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str, stdin: str = ""
) -> tuple[int, str, str]:
    """`tutor ARGS` through `main()` with piped input: (exit status, stdout, stderr)."""
    ran = Command(monkeypatch, capsys)(*args, stdin=stdin, TUTOR_NOW=T0.isoformat())
    return ran.code, ran.stdout, ran.stderr


def test_a_session_on_chosen_skills_prints_and_saves_its_report(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    tutor_home: Path,
) -> None:
    run(monkeypatch, capsys, "learners", "add", "Ana")
    saved = tmp_path / "ana.md"
    # The lesson of the first skill the chosen one needs, then a wrong answer and a stop.
    code, out, err = run(
        monkeypatch,
        capsys,
        "session",
        "-l",
        "Ana",
        "-m",
        "20",
        "--skills",
        "conditionals",
        "-p",
        PACK,
        "-o",
        str(saved),
        stdin="\n1\nq\n",
    )
    assert code == 0, err
    assert "the session runs in plain mode" in err
    assert "Studying Python Foundations as Ana for 20 minutes." in out
    assert out.count("Session summary") == 1  # the report, not the loop's short summary too
    assert "Session summary · Ana · Python Foundations" in out
    assert "Skills chosen: Making decisions with if, elif and else" in out
    assert "Most-missed questions" in out and f"Saved the summary to {saved}" in out
    text = saved.read_text()
    assert text.startswith("# Session summary · Ana · Python Foundations")
    assert "## Most-missed questions" in text

    store = Store.open(f"sqlite:///{tutor_home / 'tutor.db'}")
    [attempt] = store.attempts()
    # Only what the chosen skill needs was taught: its first prerequisite in study order.
    from tutor_tui.packs.catalog import load_catalog

    pack = load_catalog().get(PACK)
    assert pack is not None
    assert attempt.skill_id in pack.prerequisites("conditionals")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("-l", "Nobody", "-p", PACK), 1, "error: no learner named 'Nobody'"),
        (("-l", "Ana", "-p", "no-such-pack"), 1, "no-such-pack"),
        (("-l", "Ana", "-p", PACK, "--skills", "conditionals,nonsense"), 1, "nonsense"),
        (("-l", "Ana", "--skills", "nonsense"), 1, "error: no pack has a skill 'nonsense'"),
        (("-l", "Ana", "--skills", "ratios,numbers"), 1, "no one pack has all of the skills"),
        (("-l", "Ana", "-p", PACK, "--skills", " , "), 2, "name at least one skill id"),
        (("-l", "Ana", "-p", PACK, "-o", "summary.pdf"), 2, "end it in .md, .html or .txt"),
        (("-l", "Ana", "-p", PACK, "--minutes", "0"), 2, "--minutes"),
    ],
)
def test_bad_input_is_refused_in_one_line_and_starts_nothing(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    tutor_home: Path,
    args: tuple[str, ...],
    code: int,
    message: str,
) -> None:
    run(monkeypatch, capsys, "learners", "add", "Ana")
    monkeypatch.chdir(tmp_path)
    found, out, err = run(monkeypatch, capsys, "session", *args, stdin="1\n")
    assert found == code and message in err and "Traceback" not in err
    if code == 1:
        assert len(err.strip().splitlines()) == 1
    assert not list(tmp_path.iterdir())  # no summary written
    store = Store.open(f"sqlite:///{tutor_home / 'tutor.db'}")
    assert store.attempts() == []


def test_a_timed_session_stops_when_the_time_is_up(
    builtin: dict, tutor_for: TutorFor, clock: FixedClock
) -> None:
    tutor = tutor_for(builtin)
    ana = tutor.add_learner("Ana")
    session = tutor.begin_session(ana, "fractions-ratios", 2, ("what-is-a-fraction",))

    class Minutes(io.StringIO):
        """Each line typed takes the learner a minute."""

        def readline(self, *args: object) -> str:
            clock.at += timedelta(minutes=1)
            return super().readline()

    output = io.StringIO()
    run_plain(tutor, ana, "fractions-ratios", Minutes("\n1\n1\n1\n1\n1\n"), output, session=session)
    assert "Time is up: 2 minutes." in output.getvalue()
    report = tutor.session_report(session)
    assert report.totals.answers == 1  # the lesson took a minute, one answer the next
    assert {s.skill_id for s in report.skills} == {"what-is-a-fraction"}


def test_a_timed_plain_session_starts_at_once_without_a_placement_offer(
    builtin: dict, tutor_for: TutorFor
) -> None:
    tutor = tutor_for(builtin)
    ana = tutor.add_learner("Ana")
    assert tutor.offers_placement(ana, tutor.pack("fractions-ratios"))
    session = tutor.begin_session(ana, "fractions-ratios", 30)
    output = io.StringIO()
    run_plain(tutor, ana, "fractions-ratios", io.StringIO("q\n"), output, session=session)
    assert "placement" not in output.getvalue().lower()
    assert "What a fraction is" in output.getvalue()


@pytest.fixture(scope="module")
def builtin(built_in_catalog: Any) -> dict:
    from tutor_tui.service.wiring import installed_packs

    return installed_packs(built_in_catalog)


def test_an_output_that_cannot_be_written_is_refused_before_the_session(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(monkeypatch, capsys, "learners", "add", "Ana")
    missing = tmp_path / "no-such-folder" / "ana.md"
    code, out, err = run(
        monkeypatch, capsys, "session", "-l", "Ana", "-p", PACK, "-o", str(missing), stdin="1\n"
    )
    assert (code, out) == (1, "")
    assert err == f"error: cannot write {missing}: there is no folder {missing.parent}\n"


# When the terminal goes away ---------------------------------------------------------------------


def _sessions(home: Path) -> list[tuple[str, str | None]]:
    """Every study session in the data home: (started, ended or None)."""
    import sqlite3

    with sqlite3.connect(home / "tutor.db") as db:
        return db.execute("SELECT started_at, ended_at FROM study_sessions").fetchall()


class HangingUp(io.StringIO):
    """Typed lines, then the terminal hangs up: the process is sent SIGHUP while it waits."""

    def readline(self, *args: object) -> str:
        line = super().readline()
        if not line:
            import os
            import signal

            os.kill(os.getpid(), signal.SIGHUP)
        return line


class GoneAway(io.StringIO):
    """Typed lines, then the terminal is gone: reading it fails, as a closed terminal's does."""

    def readline(self, *args: object) -> str:
        line = super().readline()
        if not line:
            raise OSError(5, "Input/output error")
        return line


@pytest.mark.parametrize("stdin", [HangingUp, GoneAway], ids=["hang-up", "read-fails"])
def test_a_plain_session_whose_terminal_goes_away_is_ended_and_its_report_saved(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    tutor_home: Path,
    stdin: type[io.StringIO],
) -> None:
    import signal

    run(monkeypatch, capsys, "learners", "add", "Ana")
    saved = tmp_path / "ana.md"
    monkeypatch.setenv("TUTOR_NOW", T0.isoformat())
    monkeypatch.setattr(
        sys,
        "argv",
        ["tutor", "session", "-l", "Ana", "--skills", "conditionals", "--plain", "-o", str(saved)],
    )
    # The lesson, then one answer; then the terminal goes.
    monkeypatch.setattr(sys, "stdin", stdin("\n1\n"))
    # Should the command leave hang-ups to the default, this catches it, not the test run's death.
    missed: list[int] = []

    def safety(number: int, frame: object) -> None:
        missed.append(number)

    before = signal.signal(signal.SIGHUP, safety)
    from tutor_tui.cli.program import main

    try:
        with pytest.raises(SystemExit) as exited:
            main()
        after = signal.getsignal(signal.SIGHUP)
    finally:
        signal.signal(signal.SIGHUP, before)
    out, err = capsys.readouterr()
    assert exited.value.code in (0, None), err
    assert "Traceback" not in err
    assert "1 answer:" in saved.read_text()
    [(started, ended)] = _sessions(tutor_home)
    assert ended is not None  # the session is closed, not left open
    assert missed == []  # the session's own handler took the hang-up
    assert after is safety  # and the command left hang-ups as it found them


def test_a_session_the_app_left_open_is_ended_and_reported_by_the_command(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    tutor_home: Path,
) -> None:
    from types import SimpleNamespace

    from tutor_tui.cli.context import Context
    from tutor_tui.packs.catalog import load_catalog

    run(monkeypatch, capsys, "learners", "add", "Ana")
    from tutor_tui.core.content import ChoiceQuestion

    loaded = load_catalog().get(PACK)
    assert loaded is not None
    question = next(q for q in loaded.questions() if isinstance(q, ChoiceQuestion))
    wrong = next(c for c in question.choices if c != question.answer)

    def closed_by_a_hangup(context: Any, learner: str, pack: str, **options: Any) -> Any:
        """The app, closed by its terminal's hang-up after one answer, the session still open."""
        tutor = context.tutor
        person = tutor.learner(learner)
        session = tutor.begin_session(person, pack, options["minutes"], options["skills"])
        tutor.answer(person, pack, question.id, wrong, session=session)
        return SimpleNamespace(report=None, session=session)

    monkeypatch.setattr(Context, "full_terminal", lambda context: True)
    monkeypatch.setattr(Context, "run_app", closed_by_a_hangup)
    saved = tmp_path / "ana.html"
    code, out, err = run(monkeypatch, capsys, "session", "-l", "Ana", "-p", PACK, "-o", str(saved))

    assert code == 0, err
    assert "1 answer: 0 right" in out and f"Saved the summary to {saved}" in out
    assert html.escape(wrong) in saved.read_text()
    [(started, ended)] = _sessions(tutor_home)
    assert ended is not None
