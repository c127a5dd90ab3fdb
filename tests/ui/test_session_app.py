"""A tutor's timed session in the app: straight into the chosen pack, kept to it and to its
learner, and closed quietly (the session left for the command to end) when the terminal hangs up.

The app is built as `tutor session` builds it, on an in-memory store, the built-in packs and a
fixed clock; each test drives it with Textual's Pilot.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from testkit.quiet import settle
from textual.pilot import Pilot

from tutor_tui.core.clock import FixedClock
from tutor_tui.packs.catalog import load_catalog
from tutor_tui.service.tutor import Tutor
from tutor_tui.store.database import Store
from tutor_tui.ui.app import TutorApp
from tutor_tui.ui.dialogs import (
    PlacementOfferScreen,
    SummaryScreen,
)
from tutor_tui.ui.screens import (
    HomeScreen,
    LessonScreen,
    QuestionScreen,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SIZE = (100, 30)
FRACTIONS = "fractions-ratios"


@pytest.fixture(scope="module")
def packs() -> dict[str, Any]:
    return {pack_id: entry.result.pack for pack_id, entry in load_catalog().packs.items()}


@pytest.fixture
def tutor(packs: dict[str, Any]) -> Tutor:
    """A tutor with two learners who have done nothing yet."""
    service = Tutor(Store.open("sqlite://"), packs, FixedClock(T0))
    service.add_learner("Ana")
    service.add_learner("Ben")
    return service


def timed(tutor: Tutor, skills: tuple[str, ...] = ()) -> TutorApp:
    """The app as `tutor session --learner Ana --minutes 5 --pack fractions-ratios` opens it."""
    ana = tutor.learner("Ana")
    return TutorApp(lambda: tutor, "Ana", FRACTIONS, minutes=5, skills=skills, unlocked=ana.id)


def drive(app: TutorApp, steps: Callable[[Pilot[None]], Awaitable[None]]) -> None:
    """Run the app headless and take `steps` in it."""

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            app.animation_level = "none"
            await steps(pilot)

    asyncio.run(run())


async def press(pilot: Pilot[None], key: str) -> None:
    """Press a key, and wait for what it set going."""
    await pilot.press(key)
    await settle(pilot)


def test_a_fresh_learner_goes_straight_into_the_pack_with_no_placement_offer(
    tutor: Tutor,
) -> None:
    app = timed(tutor)
    seen: list[type] = []

    async def steps(pilot: Pilot[None]) -> None:
        await settle(pilot)
        seen.append(type(app.screen))
        assert app.screen.sub_title == "Ana · 5 min left"

    drive(app, steps)
    # Not the offer of a placement check: the tutor chose what the session is for.
    assert seen[0] is not PlacementOfferScreen
    assert seen[0] in (LessonScreen, QuestionScreen)


def test_the_session_keeps_to_the_tutors_pack_when_another_is_chosen_at_home(
    tutor: Tutor,
) -> None:
    app = timed(tutor)

    async def steps(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await press(pilot, "escape")  # home
        assert isinstance(app.screen, HomeScreen)
        app.screen.post_message(HomeScreen.PackChosen("python-foundations"))
        await settle(pilot)
        assert app.session is not None and app.session.pack_id == FRACTIONS
        assert app.screen.sub_title == "Ana · 5 min left"  # still the timed session
        await press(pilot, "ctrl+q")
        assert isinstance(app.screen, SummaryScreen)
        await press(pilot, "enter")

    drive(app, steps)
    assert app.report is not None and app.report.pack_id == FRACTIONS


def test_a_skill_outside_the_sessions_skills_is_declined_with_a_word(tutor: Tutor) -> None:
    app = timed(tutor, skills=("equivalent-fractions",))
    notes: list[str] = []

    async def steps(pilot: Pilot[None]) -> None:
        await settle(pilot)
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        before = type(app.screen)
        app._skill_chosen("ratios")  # what the skill map gives back when Ratios is picked
        await settle(pilot)
        assert type(app.screen) is before
        app._skill_chosen("what-is-a-fraction")  # a prerequisite of the session's skill
        await settle(pilot)

    drive(app, steps)
    assert notes[0].startswith("This session is on Equivalent fractions, as your tutor chose;")
    assert "Ratios: writing and simplifying is for another time" in notes[0]
    assert len(notes) == 1


def test_switching_learner_ends_the_timed_session_instead_of_handing_it_on(
    tutor: Tutor,
) -> None:
    app = timed(tutor)

    async def steps(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await press(pilot, "escape")  # home
        await press(pilot, "l")
        assert isinstance(app.screen, SummaryScreen)
        await press(pilot, "enter")

    drive(app, steps)
    # The app closed with Ana's report: no one else could study on in her session.
    assert app.report is not None and app.report.learner == "Ana"
    assert app.return_code == 0


def test_a_hang_up_closes_the_app_and_leaves_the_session_for_the_command_to_end(
    tutor: Tutor,
) -> None:
    app = timed(tutor, skills=("what-is-a-fraction",))
    # Should the app not take hang-ups, this catches it, not the test run's death.
    missed: list[int] = []

    def safety(number: int, frame: object) -> None:
        missed.append(number)

    before = signal.signal(signal.SIGHUP, safety)

    async def steps(pilot: Pilot[None]) -> None:
        await settle(pilot)
        assert app.session is not None
        os.kill(os.getpid(), signal.SIGHUP)
        await settle(pilot)

    try:
        drive(app, steps)
    finally:
        signal.signal(signal.SIGHUP, before)
    assert missed == []
    assert app.return_code == 0
    # No summary screen waited for a key no one could press; the session is still open, and the
    # command line ends it and saves its report.
    assert app.report is None and app.session is not None
