"""Answering in the app as fast fingers and a terminal deliver the keys: Tab, bursts, Enter.

Keys sent as one burst (`burst`) are all queued before any is handled, as a terminal delivers fast
typing or a paste: the app must read them in the order they were typed.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual import events
from textual.widgets import Input

from tutor_tui.ui.screens import QuestionScreen

SIZE = (80, 24)
CHARACTERS = {"tab": "\t", "enter": "\r", "space": " ", "full_stop": ".", "slash": "/"}


async def burst(ui: Any, *keys: str) -> None:
    """Send `keys` all at once, then wait for the app to handle them."""
    for key in keys:
        ui.app.post_message(events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None)))
    await ui.settle()
    await ui.settle()


async def open_question(ui: Any, skill: Any) -> None:
    """Study one skill of the sampler (the typed ones have no lesson)."""
    await ui.settle()
    ui.app.study("sampler", focus=skill.id)
    await ui.settle()
    assert isinstance(ui.screen, QuestionScreen)


async def test_tab_in_a_typed_answer_keeps_the_focus_and_q_stays_a_letter(
    start, store, ann, drive, type_skills
) -> None:
    async with start(learner="Ann").run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await open_question(ui, type_skills["short"])
        box = ui.screen.query_one("#answer Input", Input)
        await burst(ui, "1", "tab", "slash", "tab", "shift+tab", "2", "q")
        # Tab went nowhere: every key reached the box, and q did not end the session.
        assert ui.app.focused is box
        assert box.value == "1/2q"
        assert isinstance(ui.screen, QuestionScreen)


async def test_tab_moves_round_the_blanks_and_fast_typing_after_it_lands_in_the_next(
    start, store, ann, drive, type_skills
) -> None:
    async with start(learner="Ann").run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await open_question(ui, type_skills["cloze"])
        first, second = ui.screen.query("#answer Input").results(Input)
        # Enter on empty blanks, then the answer typed fast: each word in its own blank.
        await burst(ui, "enter", "3", "tab", "4")
        assert (first.value, second.value) == ("3", "4")
        assert "Fill every blank" in ui.text("#problem")
        # Tab goes round the blanks, shift+Tab back; the focus never leaves them.
        await burst(ui, "tab")
        assert ui.app.focused is first
        await burst(ui, "shift+tab")
        assert ui.app.focused is second
        await burst(ui, "enter")
        assert [a.response for a in store.attempts()] == [["3", "4"]]
        assert ui.text("#feedback .verdict") == "✓ Right."


@pytest.mark.parametrize("kind", ["multi", "order"])
async def test_tab_elsewhere_still_moves_the_focus(start, ann, drive, type_skills, kind) -> None:
    async with start(learner="Ann").run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await open_question(ui, type_skills[kind])
        before = ui.app.focused
        await burst(ui, "tab")
        assert ui.app.focused is not before


@pytest.mark.parametrize(("kind", "key"), [("choice", "n"), ("cloze", "f3")])
async def test_i_dont_know_stores_a_miss_then_shows_the_answer_marked_in_the_question(
    start, store, ann, drive, type_skills, kind, key
) -> None:
    async with start(learner="Ann").run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        ui.app.study("sampler", focus=type_skills[kind].id)
        await ui.settle()
        if not isinstance(ui.screen, QuestionScreen):
            await ui.press("enter")  # the lesson first
        await ui.press(key)
        [attempt] = store.attempts()
        assert (attempt.response, attempt.score) == (None, 0.0)
        assert ui.text("#feedback .verdict") == "? Not known yet: here is the answer."
        assert ui.text("#feedback .expected").startswith("Expected: ")
        if kind == "choice":
            options = ui.screen.query_one("#answer OptionList")
            marks = [str(options.get_option_at_index(i).prompt) for i in range(3)]
            assert marks == ["1. 4  ✓ the right answer", "2. 3", "3. 7"]
        else:
            marks = [str(mark.render()) for mark in ui.screen.query(".blank-mark")]
            assert marks == ["✗ it is 3", "✗ it is 4"]
        await ui.press("enter")  # and on, as after any answer
        assert isinstance(ui.screen, QuestionScreen) and ui.screen.state == "asking"


async def test_every_study_screen_keeps_quit_in_its_footer_at_80_columns(
    start, ann, drive, type_skills
) -> None:
    from textual.widgets._footer import FooterKey

    async with start(learner="Ann").run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await open_question(ui, type_skills["short"])
        await pilot.pause()
        quit_key = next(k for k in ui.screen.query(FooterKey) if k.description == "Quit")
        assert quit_key.key_display == "^q"  # while typing, the letter q is typed
        assert quit_key.region.right <= SIZE[0] - len(" ^p palette")
        await ui.press("escape")
        await pilot.pause()
        quit_key = next(k for k in ui.screen.query(FooterKey) if k.description == "Quit")
        assert quit_key.region.right <= SIZE[0] - len(" ^p palette")


def test_a_skill_newly_mastered_is_said_in_words_with_a_star(type_skills) -> None:
    from tutor_tui.core.grading import grade
    from tutor_tui.core.learner import SkillProgress
    from tutor_tui.service.tutor import Feedback
    from tutor_tui.ui.screens.question import mastery_line

    skill = type_skills["truefalse"]
    question = skill.questions[0]
    progress = SkillProgress(skill.id, 0.96)
    feedback = Feedback(question, grade(question, True), skill, progress, True, True, "practice")
    assert str(mastery_line(feedback)).splitlines()[1].startswith("★ Mastered!")
    calm = Feedback(question, grade(question, True), skill, progress, True, False, "review")
    assert "★" not in str(mastery_line(calm))
    # A miss on a skill placed out says what goes back to practice with it, titles as written.
    other = next(s for s in type_skills.values() if s.id != skill.id)
    missed = Feedback(
        question, grade(question, False), skill, progress, False, False, "review", (other,), True
    )
    assert str(mastery_line(missed)).splitlines()[-1] == missed.sent_back_line()
    assert missed.sent_back_line().endswith(f"that rests on it: {other.title}.")


def test_a_check_of_a_skill_placed_out_is_headed_check_not_review() -> None:
    from tutor_tui.core.planner import Activity
    from tutor_tui.ui.screens.question import heading

    check = Activity("review", "p", "a", "a1", "Your choice: A", check=True)
    assert heading(check, "A") == "Check · A"
    review = Activity("review", "p", "a", "a1", "Review: A is due")
    assert heading(review, "A") == "Review · A"
    assert heading(Activity("practice", "p", "a", "a1", "Practice: A"), "A") == "Practice · A"


def test_a_mixed_number_is_never_split_across_lines() -> None:
    from textual.content import Content

    from tutor_tui.ui.widgets.text import inline_text, unbroken

    said = "Which improper fraction is equal to 2 3/4? Not 1/2 or 3 / 4."
    for width in range(30, 60):
        lines = [line.plain for line in Content(unbroken(said)).wrap(width)]
        assert not any(line.rstrip().endswith(" 2") for line in lines), lines
        assert any("2\u28003/4" in line for line in lines)
    assert "3 / 4" in unbroken(said)  # only a whole number then a fraction is a mixed number
    assert inline_text("`2 3/4`").plain == "2\u28003/4"


async def test_a_school_server_out_of_reach_is_said_under_the_question_and_the_answer_kept(
    start, ann, drive, type_skills
) -> None:
    from tutor_tui.service.server import OUT_OF_REACH

    async with start(learner="Ann").run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await open_question(ui, type_skills["short"])
        # This computer's own file cannot go out of reach: nothing asks it.
        assert ui.app.studying.server.watcher is None
        await burst(ui, "1", "slash", "2")
        # What the watch of a school server hands the app when it stops answering, and then
        # when it is back.
        ui.app.studying.server.said(OUT_OF_REACH)
        await ui.settle()
        assert ui.text("#problem") == OUT_OF_REACH
        assert ui.screen.query_one("#answer Input", Input).value == "1/2"
        ui.app.studying.server.said(None)
        await ui.settle()
        assert ui.text("#problem") == ""
        await burst(ui, "enter")
        assert ui.text("#feedback .verdict") == "✓ Right."


async def test_enter_typed_fast_after_an_arrow_on_home_studies_the_pack_it_reached(
    start, ann, drive
) -> None:
    async with start(learner="Ann").run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        assert ui.text("#next-title") == "Next in Sampler"
        await burst(ui, "down", "enter")
        assert ui.app.session is not None and ui.app.session.pack_id == "second"


async def test_backspace_typed_fast_deletes_the_letter_before_it(
    start, store, ann, drive, type_skills
) -> None:
    async with start(learner="Ann").run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await open_question(ui, type_skills["short"])
        box = ui.screen.query_one("#answer Input", Input)
        await burst(ui, "1", "slash", "4", "backspace", "3", "left", "left", "backspace", "7")
        assert box.value == "7/3"
