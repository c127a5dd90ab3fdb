"""What the main screens look like at 80x24, after the behaviour tests have said what they do.

Regenerate on purpose (a Textual upgrade, a change of layout) with
`pytest tests/ui/test_looks.py --snapshot-update`, and look at the SVGs before committing them.
"""

from __future__ import annotations

from typing import Any

import pytest

from tutor_tui.store.database import Store

SIZE = (80, 24)


@pytest.fixture
def at_home(start, ann) -> Any:
    """The app as Ann starts it, on the sampler pack."""
    return start(learner="Ann")


def test_learner_picker(start, store: Store, clock, drive, snap_compare) -> None:
    store.add_learner("Amy", clock.now())
    store.add_learner("Zed", clock.now())
    store.set_meta("last_learner", "Zed")

    async def run_before(pilot: Any) -> None:
        await drive(pilot).settle()

    assert snap_compare(start(), terminal_size=SIZE, run_before=run_before)


def test_home(at_home, drive, snap_compare) -> None:
    async def run_before(pilot: Any) -> None:
        await drive(pilot).settle()

    assert snap_compare(at_home, terminal_size=SIZE, run_before=run_before)


def test_lesson(at_home, drive, snap_compare) -> None:
    async def run_before(pilot: Any) -> None:
        ui = drive(pilot)
        await ui.settle()
        await ui.press("enter", "b")  # from the beginning: the lesson

    assert snap_compare(at_home, terminal_size=SIZE, run_before=run_before)


def test_choice_question(at_home, drive, snap_compare) -> None:
    async def run_before(pilot: Any) -> None:
        ui = drive(pilot)
        await ui.settle()
        await ui.press("enter", "b", "enter")  # the lesson, then its first question
        await ui.press("2")  # a choice highlighted, not yet submitted

    assert snap_compare(at_home, terminal_size=SIZE, run_before=run_before)


def test_feedback_after_a_wrong_answer(at_home, drive, snap_compare) -> None:
    async def run_before(pilot: Any) -> None:
        ui = drive(pilot)
        await ui.settle()
        await ui.press("enter", "b", "enter")
        await ui.press("2", "enter")  # 3: the numerator, not the denominator

    assert snap_compare(at_home, terminal_size=SIZE, run_before=run_before)


def test_skill_map(at_home, drive, snap_compare) -> None:
    async def run_before(pilot: Any) -> None:
        ui = drive(pilot)
        await ui.settle()
        await ui.press("m")

    assert snap_compare(at_home, terminal_size=SIZE, run_before=run_before)


def test_session_summary(at_home, drive, snap_compare) -> None:
    async def run_before(pilot: Any) -> None:
        ui = drive(pilot)
        await ui.settle()
        await ui.press("enter", "b", "enter")
        await ui.press("1", "enter")  # right
        await ui.press("enter", "2", "enter")  # the next question, wrong
        await ui.press("q")

    assert snap_compare(at_home, terminal_size=SIZE, run_before=run_before)
