"""What the question screen and the placement check's screen share: asking one question.

Both show a presented question with its answer widget, take Enter to submit once the keys typed
before it are handled, say on the screen what is missing, and offer letter keys or, while the
learner types an answer, their function-key twins. Each says in `submitted` what an answer does.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from tutor_tui.core import grading
from tutor_tui.service.tutor import Presented
from tutor_tui.ui.widgets.answers import AnswerWidget

# Typed answers take every letter key, so there the footer offers the function keys instead.
TYPED = frozenset({"short", "numeric", "cloze"})
# Actions bound to a letter, and their twins bound to a function key, which work while typing.
_LETTER_KEYS = {"hint", "why", "not_sure", "dont_know", "leave"}
_FUNCTION_KEYS = {"hint_f", "why_f", "not_sure_f", "dont_know_f", "leave_f"}

_HOW_TO_ANSWER = {
    "choice": "Press a number or use ↑↓, then Enter.",
    "multi": "Space or a number toggles each choice; Enter submits.",
    "truefalse": "Press t or f, then Enter.",
    "short": "Type your answer, then Enter.",
    "numeric": "Type a number (like 3, 0.5 or 1/2), then Enter.",
    "order": "↑↓ choose an item, shift+↑↓ (or - and +) move it; Enter submits.",
    "match": "↑↓ choose a left item, press the number of its partner; Enter submits.",
    "cloze": "Type each blank; Tab moves on; Enter submits.",
}


def how_to_answer(kind: str) -> str:
    """The keys that answer a question of this type, in a line under it."""
    return _HOW_TO_ANSWER[kind]


class AfterKeys(Message):
    """Carries `then` up the way keys go, to run once the keys pressed before it are handled.

    A key travels from the focused widget up through its parents to the app, which runs the key's
    binding when it gets there. Posted on the focused widget, this message takes the same road
    behind the keys already on it, and the app runs `then` when it arrives (`TutorApp`).
    """

    def __init__(self, then: Callable[[], None]) -> None:
        super().__init__()
        self.then = then


class AnswerScreen(Screen[None]):
    """A screen that asks one presented question: its answer widget is `#answer`, its problems
    show in `#problem`."""

    BINDINGS = [
        # Tab belongs to the answer: it moves between a cloze's blanks and never out of a typed
        # answer (out of it, letters would reach the screen's keys and `q` would end the session).
        # A priority binding moves the focus as the key arrives, so the keys typed after it land
        # in the next blank, not in the one the focus has not yet left.
        Binding("tab", "blank(1)", show=False, priority=True),
        Binding("shift+tab", "blank(-1)", show=False, priority=True),
    ]

    def __init__(self, shown: Presented) -> None:
        super().__init__()
        self.shown = shown
        self.shown_at = time.monotonic()
        self.state = "asking"
        # Whether the line under the answer says the school server is out of reach.
        self.server_out = False

    def on_mount(self) -> None:
        self.shown_at = time.monotonic()
        focusable = self.query_one(AnswerWidget).query("OptionList, Input")
        if focusable:
            focusable.first().focus()

    def action_blank(self, step: int) -> None:
        """Called on Tab or shift+Tab: the next or previous blank of a typed answer, going round;
        elsewhere, the next or previous widget, as Tab does everywhere."""
        if not self.typed:
            if step > 0:
                self.focus_next()
            else:
                self.focus_previous()
            return
        boxes = [box for box in self.query_one(AnswerWidget).query(Input) if not box.disabled]
        if not boxes:
            return
        at = boxes.index(self.focused) if self.focused in boxes else (-1 if step > 0 else 0)
        self.set_focus(boxes[(at + step) % len(boxes)])

    @property
    def typed(self) -> bool:
        """Whether an answer is being typed, so that letter keys belong to it."""
        return self.shown.question.type in TYPED and self.state == "asking"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer the letter keys, or while typing an answer their function-key twins."""
        if action in _LETTER_KEYS:
            return not self.typed
        if action in _FUNCTION_KEYS:
            return self.typed
        return True

    def action_submit(self) -> None:
        """Called on Enter while asking: submit the answer."""
        self._after_typing(self._submit)

    def _after_typing(self, submit: Callable[[], None]) -> None:
        """Run `submit` once every key pressed before Enter has been handled, and none after it.

        Enter is a priority binding (the lists would take it otherwise), so it runs as soon as it
        arrives, while the keys pressed just before it (typed fast, pasted, or sent together as `4`
        then Enter) may still be on their way. A box takes its letters in its own queue: `submit`
        waits there, behind them and ahead of any typed after Enter. A list's digits are bindings,
        run by the app when the key has travelled up to it: `submit` travels the same road.
        """
        focused = self.focused
        if isinstance(focused, Input):
            focused.call_later(submit)
        elif focused is not None:
            focused.post_message(AfterKeys(submit))
        else:
            submit()

    def seconds_so_far(self) -> float:
        """The seconds since the question showed."""
        return time.monotonic() - self.shown_at

    def _submit(self) -> None:
        if self.state != "asking":
            return
        response = self._read_answer()
        if response is None:
            return
        self.submitted(response, self.seconds_so_far())

    def submitted(self, response: Any, seconds: float) -> None:
        """Called with a complete answer, `seconds` after the question showed: hand it up."""
        raise NotImplementedError

    def _read_answer(self) -> Any | None:
        """The answer given, or None after saying what is missing or cannot be read."""
        answer = self.query_one(AnswerWidget)
        response = answer.response()
        if response is None:
            self.say(answer.missing())
            return None
        question = answer.shown.question
        if question.type == "numeric":
            try:
                grading.parse_response(question, response)
            except grading.ResponseError as error:
                self.say(str(error))
                return None
        return response

    def say(self, text: str) -> None:
        """Show a line under the answer: a problem with it, or what is happening to it."""
        self.query_one("#problem", Static).update(Text(text))
        self.server_out = False

    def server_said(self, line: str | None) -> None:
        """Say under the answer that the school server is out of reach (`line`), or, once it is
        back (None), take that away; any other line there stays."""
        if line is not None and self.state == "asking":
            self.say(line)
            self.server_out = True
        elif line is None and self.server_out:
            self.say("")

    def show_problem(self, text: str) -> None:
        """Say why the answer could not be taken, and let the learner try again."""
        self.state = "asking"
        self.say(text)
