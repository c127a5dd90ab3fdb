"""The environment read in one place: the data home, the database and the clock."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tutor_tui.core.clock import FixedClock, SystemClock
from tutor_tui.core.errors import TutorError
from tutor_tui.files import paths


def test_the_database_is_in_the_data_home_unless_a_url_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUTOR_HOME", str(tmp_path))
    monkeypatch.delenv("TUTOR_DB_URL", raising=False)
    assert paths.database_url() == f"sqlite:///{tmp_path / 'tutor.db'}"
    monkeypatch.setenv("TUTOR_DB_URL", "sqlite:///elsewhere.db")
    assert paths.database_url() == "sqlite:///elsewhere.db"


def test_the_clock_is_fixed_by_tutor_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_NOW", "2026-11-23T09:30:00Z")
    assert paths.clock_from_env() == FixedClock(datetime(2026, 11, 23, 9, 30, tzinfo=UTC))
    monkeypatch.setenv("TUTOR_NOW", "")
    assert isinstance(paths.clock_from_env(), SystemClock)


def test_a_tutor_now_that_is_no_time_is_told_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_NOW", "next tuesday")
    with pytest.raises(TutorError, match="TUTOR_NOW='next tuesday' is not an ISO 8601 time"):
        paths.clock_from_env()


@pytest.mark.parametrize("now", ["9999-12-31T23:59:59", "0001-01-01T00:00:00", "1969-12-31"])
def test_a_time_near_the_ends_of_the_calendar_is_refused(
    monkeypatch: pytest.MonkeyPatch, now: str
) -> None:
    # Review dates years ahead, or history years back, would overflow half way through a report.
    monkeypatch.setenv("TUTOR_NOW", now)
    with pytest.raises(TutorError, match="between the years 1970 and 2999"):
        paths.clock_from_env()
