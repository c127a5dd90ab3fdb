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
