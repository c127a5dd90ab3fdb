"""Guessing a PIN or the passphrase stays slow however it is attempted: many programs at once, a
clock moved by TUTOR_NOW, or the passphrase tried through one learner's profile after another."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tutor_tui import privacy
from tutor_tui.clock import FixedClock, SystemClock
from tutor_tui.errors import TutorError
from tutor_tui.packs.model import ChoiceQuestion, Mastery, Pack, Skill, Unit
from tutor_tui.store import Store
from tutor_tui.tutor import Tutor

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PACK = Pack(
    id="p",
    title="P",
    version="1.0.0",
    units=(Unit(id="u", title="U", skills=("a",)),),
    skills=(
        Skill(
            id="a",
            title="A",
            unit="u",
            mastery=Mastery(),
            questions=(
                ChoiceQuestion(id="a1", skill="a", prompt="A?", choices=("y", "n"), answer="y"),
            ),
        ),
    ),
)


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(privacy, "SCRYPT_N", 2**10)


def laptop(url: str = "sqlite://", guard: FixedClock | None = None) -> Tutor:
    return Tutor(Store.open(url), {PACK.id: PACK}, FixedClock(T0), guard_clock=guard)


def test_tries_made_at_once_by_many_programs_are_each_counted(tmp_path: Path) -> None:
    """Each program on the same data counts its try before the slow check: with eight at once,
    three are checked and the rest must wait, as if they had come one after another."""
    url = f"sqlite:///{tmp_path / 'tutor.db'}"
    first = laptop(url)
    ana = first.set_pin(first.add_learner("Ana"), "4821", None)
    programs = [laptop(url) for _ in range(8)]
    start = threading.Barrier(len(programs))
    outcomes: list[str] = []

    def guess(tutor: Tutor) -> None:
        start.wait()
        try:
            tutor.unlock_learner(ana, "0000")
        except TutorError as error:
            outcomes.append(type(error).__name__)

    threads = [threading.Thread(target=guess, args=(tutor,)) for tutor in programs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["TryLater"] * 5 + ["WrongSecret"] * 3


def test_moving_the_study_clock_does_not_skip_a_wait() -> None:
    guard = FixedClock(T0)
    tutor = laptop(guard=guard)
    ana = tutor.set_pin(tutor.add_learner("Ana"), "4821", None)
    for _ in range(3):
        with pytest.raises(privacy.WrongSecret):
            tutor.unlock_learner(ana, "0000")
    tutor.clock.at += timedelta(days=30)  # type: ignore[attr-defined]
    with pytest.raises(privacy.TryLater, match="PIN for Ana; try again in 2 seconds"):
        tutor.unlock_learner(ana, "4821")
    guard.at += timedelta(seconds=2)
    tutor.unlock_learner(ana, "4821")


def test_the_command_line_waits_by_the_computers_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    from tutor_tui import cli

    monkeypatch.setenv("TUTOR_NOW", "2030-01-01T00:00:00")
    tutor = cli._tutor()
    assert isinstance(tutor.clock, FixedClock)
    assert isinstance(tutor.guard_clock, SystemClock)


def test_the_passphrase_tried_through_profiles_counts_as_the_passphrase() -> None:
    """Passphrase guesses made at Ana's and Ben's profiles share the passphrase's count, so a
    class of profiles gives no extra free guesses, and its wait holds at every profile."""
    tutor = laptop()
    tutor.set_passphrase("correct horse", None)
    ana = tutor.set_pin(tutor.add_learner("Ana"), "4821", "correct horse")
    ben = tutor.set_pin(tutor.add_learner("Ben"), "7777", "correct horse")
    with pytest.raises(privacy.WrongSecret, match="wrong tutor passphrase$"):
        tutor.unlock_learner(ana, "wrong horse")
    with pytest.raises(privacy.WrongSecret, match="wrong tutor passphrase$"):
        tutor.unlock_learner(ben, "battery staple")
    with pytest.raises(privacy.WrongSecret, match="must wait 2 seconds"):
        tutor.unlock_class("still wrong")
    for learner in (ana, ben):
        with pytest.raises(privacy.TryLater, match="tutor passphrase"):
            tutor.unlock_learner(learner, "correct horse")
    # Their own PINs are another matter: a learner is not locked out by the tutor's typing.
    tutor.unlock_learner(ana, "4821")


def test_a_passphrase_cannot_have_the_shape_of_a_pin() -> None:
    with pytest.raises(TutorError, match="8 digits"):
        privacy.check_new_passphrase("12345678")
    assert privacy.check_new_passphrase("123456789") == "123456789"
