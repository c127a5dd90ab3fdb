"""Shared by every test: no test reads or writes the real user's tutor data."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def tutor_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point TUTOR_HOME at an empty folder and clear TUTOR_PACK_PATH for each test."""
    home = tmp_path_factory.mktemp("tutor-home")
    monkeypatch.setenv("TUTOR_HOME", str(home))
    monkeypatch.delenv("TUTOR_PACK_PATH", raising=False)
    return home
