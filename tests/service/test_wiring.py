"""The one place that wires the service: the database it opens, the clocks, the packs, and the
rebuild an upgrade asks for."""

from __future__ import annotations

from pathlib import Path

from testkit.engine import T0, diamond

from tutor_tui.core.clock import FixedClock, SystemClock
from tutor_tui.service.wiring import installed_packs, open_tutor, rebuild_if_stored

PACK = diamond()


def test_the_tutor_opens_the_data_homes_database_with_the_clocks_it_is_given(
    tutor_home: Path,
) -> None:
    clock = FixedClock(T0)
    tutor = open_tutor(packs={PACK.id: PACK}, clock=clock, close_at_exit=False)
    assert tutor.clock is clock
    # Wrong PINs wait by the computer's own clock unless told otherwise.
    assert isinstance(tutor.guard_clock, SystemClock)
    tutor.add_learner("Ada")
    assert (tutor_home / "tutor.db").is_file()
    again = open_tutor(packs={PACK.id: PACK}, clock=clock, close_at_exit=False)
    assert [learner.name for learner in again.learners()] == ["Ada"]


def test_without_packs_it_uses_every_installed_pack() -> None:
    tutor = open_tutor("sqlite://", clock=FixedClock(T0), close_at_exit=False)
    assert set(tutor.packs) == set(installed_packs()) and "fractions-ratios" in tutor.packs


def test_a_rebuild_without_a_database_makes_none(tutor_home: Path) -> None:
    assert rebuild_if_stored() == (0, [])
    assert not (tutor_home / "tutor.db").exists()
    open_tutor(packs={}, close_at_exit=False).add_learner("Ada")
    assert rebuild_if_stored() == (0, [])  # nothing answered: nothing derived to change
