"""`tutor session`: a timed session on chosen skills, its report printed and saved, bad input
refused."""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tutor_tui.clock import FixedClock
from tutor_tui.plain import run_plain
from tutor_tui.store import Store
from tutor_tui.tutor import Tutor

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PACK = "python-foundations"


def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str, stdin: str = ""
) -> tuple[int, str, str]:
    """`tutor ARGS` through `main()` with piped input: (exit status, stdout, stderr)."""
    from tutor_tui.cli import main

    monkeypatch.setenv("TUTOR_NOW", T0.isoformat())
    monkeypatch.setattr(sys, "argv", ["tutor", *args])
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    capsys.readouterr()
    try:
        main()
        code = 0
    except SystemExit as exited:
        code = int(exited.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


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


def test_a_timed_session_stops_when_the_time_is_up(builtin: dict) -> None:
    clock = FixedClock(T0)
    tutor = Tutor(Store.open("sqlite://"), builtin, clock)
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


@pytest.fixture(scope="module")
def builtin() -> dict:
    from tutor_tui.packs.catalog import load_catalog

    catalog = load_catalog()
    return {pack_id: entry.result.pack for pack_id, entry in catalog.packs.items()}


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
