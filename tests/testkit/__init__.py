"""Builders shared by the tests: packs, simulated learners, and the type of the shared fixtures."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor_tui.core.content import Pack
    from tutor_tui.service.tutor import Tutor

# The `tutor_for` fixture (tests/conftest.py): packs in, a tutor on the test's store and clock out.
TutorFor = Callable[["Mapping[str, Pack]"], "Tutor"]
