"""Fixtures for the command line's tests: `tutor` run in this process on the built-in packs."""

from __future__ import annotations

from typing import Any

import pytest
from testkit.commands import Command


@pytest.fixture(scope="session")
def built_in_catalog() -> Any:
    """The built-in packs, loaded once for the whole run."""
    from tutor_tui.packs.catalog import load_catalog

    return load_catalog()


@pytest.fixture
def tutor_command(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    built_in_catalog: Any,
    engine: str,
    db_url: str,
) -> Command:
    """The command line in this process, on the test's data home and the built-in packs; on each
    engine (SQLite: `tutor.db` in the data home)."""
    from tutor_tui.cli.context import Context

    # Speed only: the packs are read once, not by every command of every test.
    monkeypatch.setattr(Context, "catalog", built_in_catalog)
    for name in ("TUTOR_LEARNER", "TUTOR_PIN", "TUTOR_PASSPHRASE", "TUTOR_DB_URL"):
        monkeypatch.delenv(name, raising=False)
    if engine != "sqlite":
        monkeypatch.setenv("TUTOR_DB_URL", db_url)
    return Command(monkeypatch, capsys)
