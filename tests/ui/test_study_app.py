"""The study app, driven with the keys a learner presses: what it does and what it stores.

Each test starts the app on an in-memory store with the sampler pack (see conftest.py), waits for
its workers, never sleeps, and asserts on the store and on what the screen says.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text
from textual.widgets import Button, Input, OptionList, Select, Tree

from tutor_tui.core.content import Pack, Skill
from tutor_tui.core.learner import Attempt, Learner
from tutor_tui.store.database import Store
from tutor_tui.ui.dialogs import (
    PlacementOfferScreen,
    SettingsScreen,
    SummaryScreen,
)
from tutor_tui.ui.screens import (
    HomeScreen,
    LearnerScreen,
    LessonScreen,
    PlacementResultScreen,
    PlacementScreen,
    QuestionScreen,
    SkillMapScreen,
)

SIZE = (80, 24)
QUESTION_TYPES = ("choice", "multi", "truefalse", "short", "numeric", "order", "match", "cloze")


def canonical(response: Any) -> Any:
    """A response as the attempt log keeps it (tuples become lists)."""
    return json.loads(json.dumps(response))


@pytest.fixture
def stored_at_feedback(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[list[Attempt]]]:
    """The attempts in the store at each moment a feedback begins to show."""
    seen: list[list[Attempt]] = []
    show = QuestionScreen.show_feedback

    def spy(screen: QuestionScreen, feedback: Any, *more: Any) -> None:
        seen.append(store.attempts())
        show(screen, feedback, *more)

    monkeypatch.setattr(QuestionScreen, "show_feedback", spy)
    yield seen


async def study(ui: Any, skill: Skill) -> None:
    """Study one skill of the sampler, reading its lesson first if it has one."""
    ui.app.study("sampler", focus=skill.id)
    await ui.settle()
    if isinstance(ui.screen, LessonScreen):
        await ui.press("enter")
    assert isinstance(ui.screen, QuestionScreen)
    assert ui.screen.shown.question.skill == skill.id


def sessions(store: Store) -> list[tuple[str, str | None]]:
    """Every study session's start and end, as stored."""
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT started_at, ended_at FROM study_sessions")).all()
    return [(row[0], row[1]) for row in rows]


# Learners -----------------------------------------------------------------------------------------


async def test_a_first_learner_is_created_in_place(start, store, drive) -> None:
    app = start()
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        assert isinstance(ui.screen, LearnerScreen)
        assert "Welcome! Type your name to start." in ui.screen_text()
        assert isinstance(app.focused, Input)

        await ui.type("Ann Lee")
        await ui.press("enter")

        assert [learner.name for learner in store.learners()] == ["Ann Lee"]
        assert isinstance(ui.screen, HomeScreen)
        assert ui.text(".title") == "Hello, Ann Lee."
        assert app.sub_title == "Ann Lee"


async def test_an_empty_or_taken_name_is_refused_where_it_was_typed(
    start, store, ann, drive
) -> None:
    app = start()
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await ui.press("tab")  # from the list of learners to the new name
        assert app.focused is ui.screen.query_one("#new-name")

        await ui.press("enter")
        assert ui.text("#problem") == "Type a name first."

        await ui.type("Ann")
        await ui.press("enter")
        assert ui.text("#problem") == "a learner named 'Ann' already exists"
        assert isinstance(ui.screen, LearnerScreen)
        assert [learner.name for learner in store.learners()] == ["Ann"]


async def test_the_picker_offers_the_last_learner_first(start, store, clock, drive) -> None:
    store.add_learner("Amy", clock.now())
    store.add_learner("Zed", clock.now())

    first = start()
    async with first.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        names = [
            str(option.prompt) for option in ui.screen.query_one("#learners", OptionList).options
        ]
        assert names == ["Amy", "Zed"]
        await ui.press("down", "enter")  # Zed
        assert ui.text(".title") == "Hello, Zed."

    second = start()
    async with second.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        names = [
            str(option.prompt) for option in ui.screen.query_one("#learners", OptionList).options
        ]
        assert names == ["Zed", "Amy"]
        await ui.press("enter")
        assert ui.text(".title") == "Hello, Zed."


async def test_switching_learner_ends_the_session_and_opens_their_own_pack(
    start, store, ann, clock, drive
) -> None:
    bob = store.add_learner("Bob", clock.now())
    store.update_settings(bob.id, {"last_pack": "second"}, clock.now())
    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await ui.press("enter", "b", "enter")  # no check; Ann reads the lesson: a session is open
        await ui.press("escape", "l")
        assert isinstance(ui.screen, SummaryScreen)
        await ui.press("enter")
        assert isinstance(ui.screen, LearnerScreen)
        assert app.session is None and sessions(store)[0][1] is not None

        await ui.press("down", "enter")  # Bob
        assert ui.text(".title") == "Hello, Bob."
        assert app.pack_id == "second"
        assert ui.text("#next-reason") == "New: Next, a good place to start"


# Home and lesson ----------------------------------------------------------------------------------


async def test_home_shows_the_next_activity_with_its_reason_and_the_packs(
    start, ann, drive
) -> None:
    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        assert isinstance(ui.screen, HomeScreen)
        assert ui.text("#next-reason") == "New: Reading fractions, a good place to start"
        packs = [str(option.prompt) for option in ui.screen.query_one("#packs", OptionList).options]
        assert packs[0].startswith("Sampler")
        assert "0/9 mastered" in packs[0] and "◀ studying" in packs[0]
        assert packs[1].startswith("Second steps") and "0/1 mastered" in packs[1]


async def test_continue_in_a_fresh_pack_offers_the_check_then_the_beginning_is_its_lesson(
    start, store, ann, drive
) -> None:
    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await pilot.click("#continue")
        await ui.settle()
        assert isinstance(ui.screen, PlacementOfferScreen)
        assert ui.text(".title") == "New to Sampler?"
        assert ui.text("#offer-text") == (
            "A short check (at most 12 questions) finds what you already know so you can skip it."
        )
        assert [str(b.label) for b in ui.screen.query(Button)] == [
            "Check what I know",
            "Start from the beginning",
        ]
        await ui.press("escape")  # back, undecided: asked again on the next Continue
        assert isinstance(ui.screen, HomeScreen)
        await ui.press("enter")
        assert isinstance(ui.screen, PlacementOfferScreen)
        await ui.press("tab", "enter")  # Start from the beginning

        assert isinstance(ui.screen, LessonScreen)
        assert ui.text(".title") == "Reading fractions"
        assert "the *denominator* (4, below)" in ui.text("#lesson-body")
        assert store.learner_state(ann, "sampler", app.tutor.now()).skills == {}

        await ui.press("enter")

        read = store.learner_state(ann, "sampler", app.tutor.now()).skills["reading"]
        assert read.lesson_seen_at == app.tutor.now()
        assert isinstance(ui.screen, QuestionScreen)
        assert ui.screen.shown.question.id == "reading-denominator"
        assert ui.text(".reason") == "Practice · Reading fractions"


async def test_the_pack_asked_for_on_the_command_line_opens_at_once(start, ann, drive) -> None:
    app = start(learner="Ann", pack="second")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        assert isinstance(ui.screen, QuestionScreen)
        assert ui.screen.shown.question.id == "next-tf"


async def test_a_mistyped_pack_on_the_command_line_is_an_error_not_another_pack(
    start, ann, drive
) -> None:
    app = start(learner="Ann", pack="secnod")
    async with app.run_test(size=SIZE) as pilot:
        await drive(pilot).settle()
    assert app.return_code == 1


# Placement ----------------------------------------------------------------------------------------


async def test_the_check_asks_with_the_answer_keys_places_what_is_known_and_the_plan_skips_it(
    start, store, ann, drive, sampler: Pack
) -> None:
    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await ui.press("enter", "c")  # Continue, then Check what I know
        asked: list[str] = []
        while isinstance(ui.screen, PlacementScreen):
            question = ui.screen.shown.question
            assert ui.text(".reason").startswith(
                f"Placement check · question {len(asked) + 1} of at most 12 · "
            )
            assert not ui.screen.query("#feedback")  # nothing is marked
            if asked:
                expected = "Not sure: saved as not known." if asked[-1] == "halves" else "Saved."
                assert ui.text("#saved") == expected
            asked.append(question.skill)
            if question.skill == "halves":  # the one skill Ann does not know
                await ui.press("n")
            else:
                await ui.answer(ui.right_answer())
                await ui.press("enter")

        assert isinstance(ui.screen, PlacementResultScreen)
        assert "halves" in asked and len(asked) <= 12
        # Placed out: what a right answer shows; a lone true/false or a short order question can
        # be guessed, so it settles nothing (the check is seeded per learner, Ann's id is fixed).
        found = {key: titles for key, _, titles in ui.screen.outcome.found}
        assert "Halves" in found["not-known"] and "Wholes" in found["unsure"]
        assert {"Lowest terms", "Halving", "Top and bottom"} <= set(found["known"])
        assert ui.text("#known") == ", ".join(found["known"])
        known = [s for s in sampler.skills if s.title in found["known"]]
        assert ui.text("#skipped") == (
            f"{len(known)} skills placed out: skipped until a short check later confirms them."
        )

        # Each answer was stored as it was given, as placement; "not sure" as a miss.
        attempts = store.attempts()
        assert [a.skill_id for a in attempts] == asked
        assert {a.kind for a in attempts} == {"placement"}
        assert [a.score for a in attempts] == [float(s != "halves") for s in asked]
        reports = app.tutor.skill_reports(ann, sampler)
        assert {r.skill.id for r in reports if r.known} == {s.id for s in known}

        await ui.press("enter")  # on to study: past what is placed
        assert isinstance(ui.screen, (LessonScreen, QuestionScreen))
        assert ui.screen.activity.skill_id not in {s.id for s in known}


async def test_a_check_stopped_early_keeps_its_answers_and_the_pack_is_not_offered_again(
    start, store, ann, drive
) -> None:
    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await ui.press("enter", "enter")  # Continue, then Enter on Check what I know
        assert isinstance(ui.screen, PlacementScreen)
        await ui.answer(ui.right_answer())
        await ui.press("enter")
        assert isinstance(ui.screen, PlacementScreen) and ui.text("#saved") == "Saved."
        # Ann's second question is typed: n is a letter of her answer, and F3 is "I don't
        # know", which the check counts as a wrong answer on its skill, as plain mode's n.
        second = ui.screen.shown.question
        assert second.type in ("short", "numeric", "cloze")
        await ui.press("n")
        assert isinstance(ui.screen, PlacementScreen) and ui.screen.state == "asking"
        await ui.press("f3")
        assert ui.text("#saved") == "Not sure: saved as not known."
        await ui.press("escape")  # stop the check

        assert isinstance(ui.screen, PlacementResultScreen)
        assert "2 questions (stopped early)." in ui.screen_text()
        found = {key: titles for key, _, titles in ui.screen.outcome.found}
        assert found["not-known"] == (app.tutor.pack("sampler").skill(second.skill).title,)
        # Both belong to the session, so the session's summary counts them; "not sure" a miss.
        attempts = store.attempts()
        assert [a.score for a in attempts] == [1.0, 0.0]
        assert all(a.kind == "placement" and a.session_id is not None for a in attempts)
        assert attempts[1].seconds is not None  # timed, as plain mode times it
        await ui.press("enter")
        assert isinstance(ui.screen, (LessonScreen, QuestionScreen))
        await ui.press("escape", "enter")  # home, and Continue again: no second offer
        assert isinstance(ui.screen, (LessonScreen, QuestionScreen))

    again = start(learner="Ann")
    async with again.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await ui.press("enter")  # the pack has an answer now: straight to studying
        assert isinstance(ui.screen, (LessonScreen, QuestionScreen))


async def test_quitting_during_the_check_places_what_it_found_so_far(
    start, store, ann, drive, sampler: Pack
) -> None:
    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await ui.press("enter", "c")
        # Right answers until the check is sure of some skill, then quit in the middle of it.
        while not (found := app.check.placement.result().ids("known")):
            await ui.answer(ui.right_answer())
            await ui.press("enter")
        assert isinstance(ui.screen, PlacementScreen)
        answered = len(store.attempts())
        await ui.press("ctrl+q")
        assert isinstance(ui.screen, SummaryScreen)
    assert len(store.attempts()) == answered
    assert {r.skill.id for r in app.tutor.skill_reports(ann, sampler) if r.known} == set(found)


# Session length -----------------------------------------------------------------------------------


async def test_the_session_time_shows_and_a_break_is_suggested_once_it_has_passed(
    start, ann, clock, drive, type_skills
) -> None:
    from datetime import timedelta

    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await study(ui, type_skills["truefalse"])
        assert ui.screen.sub_title == "Ann · 0 of 20 min"
        clock.at += timedelta(minutes=19)
        await ui.press("t", "enter", "enter")
        assert ui.screen.sub_title == "Ann · 19 of 20 min"
        assert not [note for note in app.notes if note[0] == "Time for a break?"]

        clock.at += timedelta(minutes=2)
        await ui.press("t", "enter", "enter")
        assert ui.screen.sub_title == "Ann · 21 of 20 min"
        await ui.press("t", "enter", "enter")
        breaks = [note for note in app.notes if note[0] == "Time for a break?"]
        assert breaks == [
            (
                "Time for a break?",
                "You've studied 20 minutes — a good moment for a break. "
                "Press q for your summary, or keep going.",
            )
        ]


async def test_the_bar_goes_towards_the_day_goal_and_meeting_it_is_said_once(
    start, ann, drive, type_skills, monkeypatch
) -> None:
    from datetime import date

    app = start(learner="Ann")
    # Every answer takes two and a half minutes: the second one meets a goal of 5 a day.
    monkeypatch.setattr(QuestionScreen, "seconds_so_far", lambda screen: 150.0)
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        assert app.tutor is not None
        app.tutor.set_goal(ann, "sampler", date(2026, 6, 1), 5)
        await study(ui, type_skills["truefalse"])
        bars, said = [], []
        for _ in range(3):
            bars.append(ui.text("#session-bar"))
            await ui.press("t", "enter")
            said.append(ui.screen_text())
            await ui.press("enter")
            ui.app.study("sampler", focus=type_skills["truefalse"].id)
            await ui.settle()
        assert bars == [
            "Today's goal ░░░░░░░░░░ 0 of 5 min",
            "Today's goal ████░░░░░░ 2 of 5 min",
            "Today's goal ██████████ 5 of 5 min ✓ met",
        ]
        assert "is met" not in said[0]
        assert "⚑ Today's goal of 5 min is met. Well done!" in said[1]
        assert "is met" not in said[2]


# Questions ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", QUESTION_TYPES)
async def test_each_question_type_is_answered_with_its_own_keys(
    kind, start, store, ann, drive, type_skills, stored_at_feedback
) -> None:
    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await study(ui, type_skills[kind])
        question = ui.screen.shown.question
        right = ui.right_answer()

        await ui.answer(right)
        assert ui.screen.query_one("#answer").response() is not None
        assert store.attempts() == []  # nothing is stored before Enter
        if kind == "multi":
            # One mark a choice, as drawn: no toggle of the list's own beside it.
            options = ui.screen.query_one("#answer OptionList", OptionList)
            drawn = [options.render_line(y).text.strip(" ▊▎") for y in range(4)]
            assert [line[:1] for line in drawn] == ["☑", "☐", "☑", "☐"], drawn
        await ui.press("enter")

        # At the moment the feedback began to show, the answer was already stored.
        [[attempt]] = stored_at_feedback
        assert attempt.question_id == question.id
        assert attempt.learner_id == ann.id
        assert attempt.response == canonical(right)
        assert attempt.score == 1.0
        assert attempt.seconds is not None and 0 < attempt.seconds < 60
        assert attempt.hints_used == 0
        assert attempt.session_id is not None
        assert store.attempts() == [attempt]

        assert ui.text("#feedback .verdict") == "✓ Right."
        assert ui.screen.query_one("#feedback").has_class("right")
        assert "Expected:" not in ui.screen_text()
        assert question.explanation and question.explanation in ui.screen_text()
        assert ui.screen.query_one("#answer").disabled

        await ui.press("enter")  # and on, storing nothing more
        assert len(store.attempts()) == 1
        if len(type_skills[kind].questions) > 1:
            # More practice on the skill just begun, on a question not seen yet.
            assert isinstance(ui.screen, QuestionScreen) and ui.screen.state == "asking"
            assert ui.screen.shown.question.skill == question.skill
            assert ui.screen.shown.question.id != question.id
        else:
            # Its only question was answered right: one more right answer there adds nothing
            # for now, so a new skill begins, with its lesson.
            assert isinstance(ui.screen, LessonScreen)
            assert ui.screen.activity.skill_id != question.skill


async def test_a_wrong_answer_shows_the_expected_answer_and_the_choices_own_feedback(
    start, store, ann, drive, type_skills, stored_at_feedback
) -> None:
    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await study(ui, type_skills["choice"])
        await ui.answer("3")
        await ui.press("enter")

        [[attempt]] = stored_at_feedback
        assert (attempt.response, attempt.score) == ("3", 0.0)
        assert ui.text("#feedback .verdict") == "✗ Not quite."
        assert ui.screen.query_one("#feedback").has_class("wrong")
        assert ui.text("#feedback .expected") == "Expected: 4"
        assert (
            ui.text("#feedback .choice-feedback")
            == "3 is the numerator: it counts the parts you have."
        )
        assert "The denominator is the bottom number" in ui.text("#feedback .explanation")
        # Marked in the question itself, in words as well as symbols.
        options = ui.screen.query_one("#answer OptionList")
        marked = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert marked == ["1. 4  ✓ the right answer", "2. 3  ✗ your answer", "3. 7"]
        # At 80x24 the question and the feedback share the screen: the question and its marks
        # stay in view above the feedback, and the feedback's end is in view too.
        screen = ui.screen.region
        assert screen.contains_region(ui.screen.query_one("#prompt").region)
        assert options.region.y < ui.screen.query_one("#feedback").region.y
        last = ui.screen.query_one("#feedback .hint")
        assert str(last.render()) == "Press Enter to go on."
        assert ui.screen.query_one("#feedback").scrollable_content_region.contains_region(
            last.region
        )


async def test_a_partly_right_answer_says_so(start, store, ann, drive, type_skills) -> None:
    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await study(ui, type_skills["cloze"])
        await ui.answer(["3", "5"])
        await ui.press("enter")

        assert ui.text("#feedback .verdict") == "◐ Partly right (50%)."
        assert ui.text("#feedback .expected") == (
            "Expected: In 3/4 the numerator is 3 and the denominator is 4."
        )
        assert [a.score for a in store.attempts()] == [0.5]


async def test_h_shows_the_hints_one_by_one_and_their_number_is_stored(
    start, store, ann, drive, type_skills
) -> None:
    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await study(ui, type_skills["choice"])
        assert ui.text("#hints") == ""

        await ui.press("h")
        assert "**Hint 1.** The denominator is one of" in ui.text("#hints")
        assert "Hint 2" not in ui.text("#hints")
        await ui.press("h")
        assert "**Hint 2.** It is the bottom one." in ui.text("#hints")
        await ui.press("h")
        assert ui.text("#note") == "No more hints for this question."

        await ui.answer("4")
        await ui.press("enter")
        assert [a.hints_used for a in store.attempts()] == [2]


async def test_f1_shows_a_hint_while_typing(start, store, ann, drive, type_skills) -> None:
    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await study(ui, type_skills["short"])
        # The footer offers the keys that work while typing, not letters that would be typed.
        footer = {binding.key for _, binding, enabled, _ in app.active_bindings.values() if enabled}
        assert {"f1", "f2"} <= footer and not {"h", "question_mark"} & footer
        await ui.press("f1")
        assert ui.text("#note") == "This question has no hints."
        await ui.type("1/2")
        await ui.press("enter")
        assert [(a.response, a.hints_used) for a in store.attempts()] == [("1/2", 0)]


async def test_question_mark_says_why_this_was_picked(start, ann, drive) -> None:
    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await ui.press("enter", "b")
        assert isinstance(ui.screen, LessonScreen)
        await ui.press("question_mark")
        assert app.notes[-1] == ("Why this?", "New: Reading fractions, a good place to start")

        await ui.press("enter")
        assert isinstance(ui.screen, QuestionScreen)
        await ui.press("question_mark")
        # Above the question, where it covers nothing (a pop-up would cover the feedback).
        assert ui.text("#note").startswith("Why this? Practice: Reading fractions")


MISSING = {
    "choice": ((), "Choose an answer first."),
    "multi": ((), "Pick at least one choice (space or its number) first."),
    "short": (("space",), "Type an answer first."),
    "match": (("1",), "Pair every item on the left with a number from the right first."),
    "cloze": (("3",), "Fill every blank first (Tab moves to the next)."),
}


@pytest.mark.parametrize("kind", MISSING)
async def test_enter_without_a_whole_answer_says_what_is_missing_and_stores_nothing(
    kind, start, store, ann, drive, type_skills
) -> None:
    keys, message = MISSING[kind]
    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await study(ui, type_skills[kind])
        await ui.press(*keys, "enter")

        assert ui.text("#problem") == message
        assert store.attempts() == []
        assert ui.screen.state == "asking"
        assert len(ui.screen.query_one("#feedback").children) == 0


async def test_a_number_that_cannot_be_read_is_refused_before_it_is_stored(
    start, store, ann, drive, type_skills
) -> None:
    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await study(ui, type_skills["numeric"])
        await ui.type("x")
        await ui.press("enter")
        assert "is not a number" in ui.text("#problem")
        assert store.attempts() == []

        await ui.press("ctrl+u")
        await ui.type("3/2")
        await ui.press("enter")
        assert ui.text("#problem") == ""
        assert ui.text("#feedback .verdict") == "✓ Right."
        assert [a.response for a in store.attempts()] == ["3/2"]


async def test_the_how_to_line_sits_right_under_the_blanks(start, ann, drive, type_skills) -> None:
    app = start(learner="Ann")
    async with app.run_test(size=(100, 30)) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await study(ui, type_skills["cloze"])
        blanks = ui.screen.query_one("#blanks")
        boxes = blanks.query("Input")
        # As tall as its boxes: an empty box stretched to the screen pushed the help off it.
        assert blanks.size.height == sum(box.outer_size.height for box in boxes)
        assert ui.screen.query_one("#how").region.y < 30


async def test_an_answer_pasted_with_its_enter_is_read_whole(
    start, store, ann, drive, type_skills
) -> None:
    from textual import events

    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await study(ui, type_skills["numeric"])
        # As a terminal delivers a paste or fast typing: every key queued before any is handled.
        # And a key after the Enter (a paste of two lines) is not part of this answer.
        for key, character in [("3", "3"), ("slash", "/"), ("2", "2"), ("enter", "\r"), ("4", "4")]:
            app.post_message(events.Key(key, character))
        await ui.settle()
        await ui.settle()
        assert ui.text("#problem") == ""
        assert [a.response for a in store.attempts()] == ["3/2"]


@pytest.mark.parametrize(("kind", "keys"), [("choice", [("1", "1")]), ("truefalse", [("t", "t")])])
async def test_a_choice_picked_with_its_enter_at_once_is_read(
    kind, keys, start, store, ann, drive, type_skills
) -> None:
    """`1` then Enter in one burst (fast fingers, or a terminal that sends both together) answers
    with choice 1, not "Choose an answer first"."""
    from textual import events

    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await study(ui, type_skills[kind])
        for key, character in [*keys, ("enter", "\r")]:
            app.post_message(events.Key(key, character))
        await ui.settle()
        await ui.settle()
        assert ui.text("#problem") == ""
        assert len(store.attempts()) == 1


# Leaving ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["q", "ctrl+q", "ctrl+c"])
async def test_leaving_shows_the_summary_and_keeps_every_answer(
    key, start, store, ann, drive, type_skills
) -> None:
    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await study(ui, type_skills["truefalse"])
        await ui.press("t", "enter")  # stored, feedback
        # Its only question answered right, the skill waits: a new skill's lesson, then its
        # first question.
        await ui.press("enter", "enter")
        assert isinstance(ui.screen, QuestionScreen) and ui.screen.state == "asking"

        await ui.press(key)

        assert isinstance(ui.screen, SummaryScreen)
        lines = ui.screen_text()
        assert "1 answer, 1 right (100%)" in lines
        assert "Progress: Wholes 10% →" in lines
        assert "Your answers are saved." in lines
        assert [(a.question_id, a.response) for a in store.attempts()] == [("wholes-tf", True)]

        # Esc takes a stray key back: the same question, in the same session, still open.
        await ui.press("escape")
        assert isinstance(ui.screen, QuestionScreen) and ui.screen.state == "asking"
        [(_, ended)] = sessions(store)
        assert ended is None

        await ui.press(key)
        assert isinstance(ui.screen, SummaryScreen)
        await ui.press("enter")
        [(_, ended)] = sessions(store)
        assert ended is not None
    assert app.return_code == 0


async def test_leaving_right_after_an_answer_keeps_it_and_the_next_start_resumes(
    start, store, ann, drive
) -> None:
    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await ui.press("enter", "b")  # Continue, from the beginning: the lesson
        await ui.press("enter")  # read it: a question
        await ui.answer(ui.right_answer())
        await ui.press("enter", "q")
        assert isinstance(ui.screen, SummaryScreen)
        assert "1 answer, 1 right (100%)" in ui.screen_text()
    assert [(a.question_id, a.score) for a in store.attempts()] == [("reading-denominator", 1.0)]

    again = start(learner="Ann")
    async with again.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        # The lesson was read and its first question answered: the next start goes on from there.
        assert ui.text("#next-reason").startswith("Practice: Reading fractions,")
        await ui.press("enter")
        assert isinstance(ui.screen, QuestionScreen)
        assert ui.screen.shown.question.id == "reading-numerator"


async def test_leaving_while_an_answer_is_being_stored_waits_for_it(
    start, store, ann, drive, type_skills, monkeypatch
) -> None:
    stored = threading.Event()
    record = store.record_attempt

    def slow_disk(*args: Any, **kwargs: Any) -> Any:
        stored.wait(timeout=10)
        return record(*args, **kwargs)

    monkeypatch.setattr(store, "record_attempt", slow_disk)
    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await study(ui, type_skills["truefalse"])
        await pilot.press("t", "enter", "ctrl+q")
        assert ui.screen.state == "saving"
        assert not isinstance(ui.screen, SummaryScreen)

        stored.set()
        await ui.settle()
        assert isinstance(ui.screen, SummaryScreen)
        assert "1 answer, 1 right (100%)" in ui.screen_text()
    [attempt] = store.attempts()
    assert attempt.session_id is not None
    assert store.session_attempts(attempt.session_id) == [attempt]


async def test_leaving_while_typing_with_ctrl_q_stores_nothing_half_typed(
    start, store, ann, drive, type_skills
) -> None:
    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await study(ui, type_skills["short"])
        await ui.type("1/")
        await ui.press("ctrl+q")
        assert isinstance(ui.screen, SummaryScreen)
        assert "No answers this time" in ui.screen_text()
        await ui.press("enter")
    assert app.return_code == 0
    assert store.attempts() == []


async def test_q_at_home_without_a_session_quits_at_once(start, ann, drive) -> None:
    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await ui.press("q")
    assert app.return_code == 0


# Skill map and settings ---------------------------------------------------------------------------


def node_of(tree: Tree[str], skill_id: str) -> Any:
    """The first node of the skill map that stands for this skill."""
    found = [node for node in _nodes(tree.root) if node.data == skill_id]
    return found[0]


def _nodes(node: Any) -> Iterator[Any]:
    for child in node.children:
        yield child
        yield from _nodes(child)


async def cursor_to(ui: Any, tree: Tree[str], skill_id: str) -> None:
    """Move the skill map's cursor to a skill with the arrow keys."""
    line = node_of(tree, skill_id).line
    key = "down" if line > tree.cursor_line else "up"
    await ui.press(*[key] * abs(line - tree.cursor_line))
    assert tree.cursor_node is not None and tree.cursor_node.data == skill_id


async def test_the_skill_map_shows_states_refuses_a_locked_skill_and_studies_a_ready_one(
    start, ann, drive, sampler: Pack
) -> None:
    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await ui.press("m", "escape")  # back without choosing
        assert isinstance(ui.screen, HomeScreen) and app.session is None
        await ui.press("m")
        assert isinstance(ui.screen, SkillMapScreen)
        tree = ui.screen.query_one(Tree)
        parts = node_of(tree, "parts")
        assert parts.parent.data == "reading"  # drawn under what it requires
        assert str(parts.label).startswith("🔒 Equal parts") and "locked" in str(parts.label)
        assert str(node_of(tree, "halves").label).startswith("○ Halves")
        assert {node.data for node in _nodes(tree.root)} == {skill.id for skill in sampler.skills}

        await cursor_to(ui, tree, "parts")
        await ui.press("enter")
        assert app.notes[-1] == ("Not ready yet", "Equal parts needs Reading fractions first.")
        assert isinstance(ui.screen, SkillMapScreen)

        await cursor_to(ui, tree, "halves")
        await ui.press("enter")
        assert isinstance(ui.screen, QuestionScreen)
        assert ui.screen.shown.question.id == "halves-multi"
        assert ui.screen.activity.reason == "Your choice: Halves"


async def test_settings_are_checked_and_persist_on_the_learner(
    start, store, ann: Learner, drive
) -> None:
    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        assert app.theme == "textual-dark"
        await ui.press("s")
        assert isinstance(ui.screen, SettingsScreen)
        assert ui.screen.query_one("#minutes", Input).value == "20"
        assert ui.screen.query_one("#review-cap", Input).value == "40"  # planner.DAILY_REVIEW_CAP
        assert ui.screen.query_one("#retention", Input).value == "90"
        assert ui.screen.query_one("#forgive", Select).value == 1
        # Tab selects a field's text, so typing replaces it.
        await ui.press("4", "5", "escape")  # cancelled: nothing changes
        assert isinstance(ui.screen, HomeScreen)
        assert store.learner("Ann").settings == {}

        # Session 30 min, 2 reviews a day, recall 99%: to Save (past the selects and the PIN).
        await ui.press(
            "s", "3", "0", "tab", "2", "tab", "9", "9", "tab", "tab", "tab", "tab", "enter"
        )
        assert ui.text("#problem") == "Allow 5 to 500 reviews a day."
        await ui.press(*["shift+tab"] * 5, "1", "2", "0", *["tab"] * 5, "enter")
        assert ui.text("#problem") == "Aim for a recall between 70% and 97%."
        assert store.learner("Ann").settings == {}

        await ui.press(*["shift+tab"] * 4, "8", "5")  # back from Save to the recall
        await ui.press("tab", "enter", "down", "enter")  # the streak forgives 1 day, then 2
        await ui.press("tab", "enter", "down", "enter")  # the theme: Dark, then Light
        await ui.press("tab", "tab", "enter")  # past the PIN, Save

        assert isinstance(ui.screen, HomeScreen)
        assert app.notes[-1] == ("", "Settings saved.")
        saved = store.learner("Ann")
        assert saved.settings == {
            "session_minutes": 30,
            "daily_review_cap": 120,
            "desired_retention": 0.85,
            "streak_forgive_per_week": 2,
            "theme": "textual-light",
        }
        assert saved.desired_retention == 0.85
        assert app.theme == "textual-light"

    again = start(learner="Ann")
    async with again.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        assert again.theme == "textual-light"
        await ui.press("s")
        assert ui.screen.query_one("#review-cap", Input).value == "120"
        assert ui.screen.query_one("#forgive", Select).value == 2
        await ui.press("escape", "enter")  # a session begins, as long as the learner asked
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT planned_minutes FROM study_sessions")).scalar_one() == 30


# The built-in packs -------------------------------------------------------------------------------


async def test_the_whole_loop_runs_on_a_builtin_pack(
    start, store, ann, drive, builtin_packs
) -> None:
    app = start(learner="Ann", packs=builtin_packs)
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        pack_id = app.pack_id
        assert pack_id in builtin_packs
        await ui.press("enter", "b")
        answered: list[str] = []
        lessons = 0
        while len(answered) < 3:
            if isinstance(ui.screen, LessonScreen):
                lessons += 1
                await ui.press("enter")
                continue
            assert isinstance(ui.screen, QuestionScreen)
            answered.append(ui.screen.shown.question.id)
            await ui.answer(ui.right_answer())
            await ui.press("enter")
            assert ui.text("#feedback .verdict") == "✓ Right.", ui.screen.shown.question
            await ui.press("enter")
        await ui.press("ctrl+q")
        assert "3 answers, 3 right (100%)" in ui.screen_text()

    assert lessons >= 1
    attempts = store.attempts()
    assert [a.question_id for a in attempts] == answered
    assert all(a.score == 1.0 and a.pack_id == pack_id and (a.seconds or 0) > 0 for a in attempts)


async def test_a_goal_set_in_the_app_is_stored_and_shown_on_home(
    start, store, ann: Learner, drive
) -> None:
    from tutor_tui.ui.dialogs import GoalScreen

    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        assert "press g" in ui.text("#goal")
        await ui.press("g")
        assert isinstance(ui.screen, GoalScreen)
        # A past date is refused with a clear line, and nothing is stored.
        ui.screen.query_one("#due-by", Input).value = "2020-01-01"
        await ui.press("tab", "tab", "enter")
        assert "not in the future" in app.notes[-1][1]
        assert store.goals(ann.id) == []
        await ui.press("g")
        ui.screen.query_one("#due-by", Input).value = "2026-06-01"
        await ui.press("tab", "tab", "enter")
        assert isinstance(ui.screen, HomeScreen)
        [goal] = store.goals(ann.id)
        assert (goal.due_by.isoformat(), goal.daily_minutes, goal.status) == (
            "2026-06-01",
            20,
            "active",
        )
        assert "by 2026-06-01" in ui.text("#goal")
        assert ui.text("#forecast")


@pytest.mark.parametrize(("key", "saves"), [("g", "set_goal"), ("s", "update_settings")])
async def test_a_dialog_saved_again_or_cancelled_while_it_saves_stores_once_and_closes_once(
    start, store, ann: Learner, drive, monkeypatch, key: str, saves: str
) -> None:
    stored = threading.Event()
    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        assert app.tutor is not None
        save = getattr(app.tutor, saves)
        calls: list[str] = []

        def slow_disk(*args: Any, **kwargs: Any) -> Any:
            calls.append(saves)
            stored.wait(timeout=10)
            return save(*args, **kwargs)

        monkeypatch.setattr(app.tutor, saves, slow_disk)
        await ui.press(key)
        await pilot.press("enter", "enter", "escape")  # while the first Enter's save is stored
        stored.set()
        await ui.settle()
        assert isinstance(ui.screen, HomeScreen)
        assert calls == [saves]
        assert [title for title, _ in app.notes] == [""]


async def test_progress_shows_pictures_and_goes_back(start, ann: Learner, drive) -> None:
    from tutor_tui.ui.screens import ProgressScreen

    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await ui.press("p")
        assert isinstance(ui.screen, ProgressScreen)
        overview = ui.text("#overview")
        assert "Mastery over time" in overview and "Activity" in overview
        await ui.press("escape")
        assert isinstance(ui.screen, HomeScreen)
