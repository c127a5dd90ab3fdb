"""The app for tutors: PINs asked for on picking a learner, the class view behind the passphrase,
and a timed session with the time left in view and its report at the end."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tutor_tui.core import privacy
from tutor_tui.service.tutor import Tutor
from tutor_tui.ui.dialogs import (
    SecretScreen,
    SummaryScreen,
)
from tutor_tui.ui.screens import (
    HomeScreen,
    LearnerScreen,
    LessonScreen,
    QuestionScreen,
)
from tutor_tui.ui.screens.classroom import ClassScreen

from .conftest import TEST_PACKS

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(privacy, "SCRYPT_N", 2**10)


def service(store, clock) -> Tutor:
    return Tutor(store, dict(TEST_PACKS), clock)


async def test_a_learner_with_a_pin_is_asked_for_it_and_a_wrong_one_is_refused(
    start, store, clock, ann, drive
) -> None:
    service(store, clock).set_pin(ann, "4821", None)
    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        assert isinstance(ui.screen, SecretScreen)
        await ui.type("1111")
        await ui.press("enter")
        await ui.settle()
        assert isinstance(ui.screen, SecretScreen)
        assert "Wrong PIN for Ann." in ui.screen_text()
        assert app.learner is None  # nothing of Ann's was opened
        await ui.type("4821")
        await ui.press("enter")
        await ui.settle()
        assert isinstance(ui.screen, HomeScreen) and app.learner is not None


async def test_escape_at_the_pin_goes_back_to_the_picker(start, store, clock, ann, drive) -> None:
    service(store, clock).set_pin(ann, "4821", None)
    store.add_learner("Bo", clock.at)
    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await ui.press("escape")
        await ui.settle()
        assert isinstance(ui.screen, LearnerScreen) and app.learner is None
        assert "Ann · PIN" in [str(o.prompt) for o in ui.screen.query_one("OptionList")._options]


async def test_the_class_view_needs_the_passphrase_once_learners_have_pins(
    start, store, clock, ann, drive
) -> None:
    tutor = service(store, clock)
    tutor.answer(ann, "sampler", "reading-denominator", "3")
    tutor.set_pin(store.add_learner("Bo", clock.at), "4821", None)
    app = start()
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await ui.press("ctrl+t")
        await ui.settle()
        assert isinstance(ui.screen, LearnerScreen)
        assert any("set a tutor passphrase first" in message for _, message in app.notes)

        tutor.set_passphrase("correct horse", None)
        await ui.press("ctrl+t")
        await ui.settle()
        assert isinstance(ui.screen, SecretScreen)
        await ui.type("4821")  # a learner's PIN does not open the class
        await ui.press("enter")
        await ui.settle()
        assert "Wrong tutor passphrase." in ui.screen_text()
        await ui.type("correct horse")
        await ui.press("enter")
        await ui.settle()
        assert isinstance(ui.screen, ClassScreen)
        heat, everyone = ui.screen.query("DataTable").first(), ui.screen.query("DataTable").last()
        assert [str(row.label).strip() for row in heat.rows.values()] == ["Ann"]  # Bo began nothing
        assert [str(everyone.get_row_at(n)[0]).strip() for n in range(everyone.row_count)] == [
            "Ann",
            "Bo",
        ]


async def test_a_timed_session_counts_down_keeps_to_its_skills_and_reports_at_the_end(
    start, store, clock, ann, drive
) -> None:
    app = start(learner="Ann", pack="sampler", minutes=1, skills=("parts",))
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        # "parts" requires "reading": taught first (its lesson), with no placement offer.
        assert isinstance(ui.screen, LessonScreen)
        assert ui.screen.sub_title == "Ann · 1 min left"
        await ui.press("enter")
        assert isinstance(ui.screen, QuestionScreen)
        assert ui.screen.shown.question.id == "reading-denominator"
        await ui.press("2", "enter")  # "3": wrong
        clock.at += timedelta(seconds=20)
        app.studying.show_time_left()
        assert ui.screen.sub_title == "Ann · under a minute left"
        clock.at += timedelta(seconds=41)
        await ui.press("enter")  # on to the next: but the time is up
        await ui.settle()
        assert isinstance(ui.screen, SummaryScreen)
        assert ("Session over", "Time is up: 1 minute. Well done!") in app.notes
        await ui.press("escape")  # the time is up: there is no going back to it
        assert isinstance(ui.screen, SummaryScreen)
        await ui.press("enter")
    assert app.return_code == 0
    report = app.report
    assert report is not None and report.totals.answers == 1
    [missed] = report.most_missed
    assert missed.question_id == "reading-denominator"
    assert [w.text for w in missed.wrong_answers] == ["3"] and missed.correct_answer == "4"
    assert {a.skill_id for a in store.attempts()} == {"reading"}


async def test_a_learner_sets_and_removes_their_pin_in_the_settings(
    start, store, ann, drive
) -> None:
    from textual.widgets import Input

    from tutor_tui.ui.dialogs import SettingsScreen

    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await ui.press("s")
        assert isinstance(ui.screen, SettingsScreen)
        ui.screen.query_one("#pin", Input).value = "12"
        ui.screen.query_one("#save").press()  # type: ignore[attr-defined]
        await ui.settle()
        assert ui.text("#problem") == "A PIN is 4 to 8 digits."
        ui.screen.query_one("#pin", Input).value = "4821"
        ui.screen.query_one("#pin", Input).focus()
        await ui.press("enter")  # Enter in a field saves, as the Save button does
        await ui.settle()
        assert isinstance(ui.screen, HomeScreen)
        assert app.notes[-1] == ("", "Settings saved; your PIN is set.")
        assert store.learner("Ann").has_pin

    # The next start asks for it; then the settings can remove it.
    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        assert isinstance(ui.screen, SecretScreen)
        await ui.type("4821")
        await ui.press("enter")
        await ui.settle()
        await ui.press("s")
        ui.screen.query_one("#remove-pin").value = True
        ui.screen.query_one("#save").press()  # type: ignore[attr-defined]
        await ui.settle()
        assert app.notes[-1] == ("", "Settings saved; your PIN is removed.")
        assert not store.learner("Ann").has_pin


async def test_an_unexpected_failure_in_the_background_is_said_not_swallowed(
    start, store, ann, drive, monkeypatch
) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("the disk went away")

    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        monkeypatch.setattr(app.tutor, "skill_reports", broken)
        await ui.press("m")  # the skill map
        await ui.settle()
        assert (
            "Something went wrong",
            "RuntimeError: the disk went away. Your answers so far are saved; try again, or run"
            " `tutor doctor`.",
        ) in app.notes
        assert isinstance(ui.screen, HomeScreen)
