"""The placement check's screens: one question at a time, unmarked, then what it found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    Markdown,
    Static,
)

from tutor_tui.service.tutor import Presented
from tutor_tui.ui.screens.answering import AnswerScreen, how_to_answer
from tutor_tui.ui.widgets.answers import ANSWER_WIDGETS
from tutor_tui.ui.widgets.footer import Footer
from tutor_tui.ui.widgets.text import unbroken
from tutor_tui.ui.widgets.title import TitleBar


class PlacementScreen(AnswerScreen):
    """One question of the placement check: answered without marking, then the next."""

    BINDINGS = [
        Binding("enter", "submit", "Submit", priority=True),
        Binding("n", "not_sure", "Not sure"),
        Binding("f3", "not_sure_f", "Not sure", priority=True),
        Binding("escape,q", "stop", "Stop the check"),
    ]

    class Answered(Message):
        """The learner submitted an answer."""

        def __init__(self, response: Any, seconds: float) -> None:
            super().__init__()
            self.response = response
            self.seconds = seconds

    class NotSure(Message):
        """The learner does not know how to answer."""

    class Stopped(Message):
        """The learner wants the check to end now."""

    def __init__(
        self, shown: Presented, skill_title: str, number: int, max_questions: int, note: str = ""
    ) -> None:
        super().__init__(shown)
        self.skill_title = skill_title
        self.number = number
        self.max_questions = max_questions
        self.note = note
        # The state goes from asking to saving (or stopping), and back to asking on a problem.
        # Stop was pressed while an answer was being saved: stop once it is.
        self.stop_asked = False

    def compose(self) -> ComposeResult:
        kind = self.shown.question.type
        not_sure = "F3" if self.typed else "n"
        yield TitleBar()
        with VerticalScroll(id="placement"):
            yield Static(
                f"Placement check · question {self.number} of at most {self.max_questions} · "
                f"{self.skill_title}",
                classes="reason",
                markup=False,
            )
            if self.note:
                yield Static(self.note, id="saved", markup=False)
            yield Markdown(unbroken(self.shown.prompt), id="prompt")
            yield ANSWER_WIDGETS[kind](self.shown, id="answer")
            yield Static(
                f"{how_to_answer(kind)} Not sure? Press {not_sure}. Esc ends the check.",
                id="how",
                classes="hint",
            )
            yield Static("", id="problem")
        yield Footer()

    def submitted(self, response: Any, seconds: float) -> None:
        """Hand the answer up to be stored; it is not marked."""
        self._waiting("Saving…")
        self.post_message(self.Answered(response, seconds))

    def action_not_sure(self) -> None:
        """Called on n (F3 while typing): go on without an answer."""
        if self.state == "asking":
            self._waiting("")
            self.post_message(self.NotSure())

    action_not_sure_f = action_not_sure

    def action_stop(self) -> None:
        """Called on Esc or q: end the check; an answer being saved is kept first."""
        if self.state == "saving":
            self.stop_asked = True
            self.say("Stopping once the answer is saved…")
        elif self.state == "asking":
            self.state = "stopping"
            self.post_message(self.Stopped())

    def _waiting(self, text: str) -> None:
        self.state = "saving"
        self.say(text)

    def show_problem(self, text: str) -> None:
        """Say why the answer could not be taken, and let the learner try again."""
        super().show_problem(text)
        self.stop_asked = False


@dataclass(frozen=True)
class PlacementOutcome:
    """What a placement check found, in words, for the result screen."""

    pack_title: str
    # How many questions, and why the check ended.
    summary: str
    # Per verdict (its id on the screen, its heading), the skills' titles.
    found: tuple[tuple[str, str, tuple[str, ...]], ...]
    # What the check changes.
    outcome: str


class PlacementResultScreen(Screen[None]):
    """What the check found: skills placed out (skipped until a later check), to learn, and
    not settled."""

    BINDINGS = [
        Binding("enter", "study", "Study", priority=True),
        Binding("escape", "app.home", "Home"),
        Binding("q", "app.leave", "Quit"),
    ]

    class Study(Message):
        """The learner has read the result and wants to study."""

    def __init__(self, outcome: PlacementOutcome) -> None:
        super().__init__()
        self.outcome = outcome

    def compose(self) -> ComposeResult:
        found = self.outcome
        yield TitleBar()
        with VerticalScroll(id="placement-result"):
            # Static, not Label: a heading wraps on a narrow terminal rather than being cut.
            yield Static(
                f"{found.pack_title}: what you already know", classes="title", markup=False
            )
            yield Static(found.summary, markup=False)
            for key, heading, titles in found.found:
                yield Static(heading, classes="subtitle", markup=False)
                yield Static(", ".join(titles) or "none", id=key, markup=False)
            yield Static(found.outcome, id="skipped", classes="verdict", markup=False)
            yield Static("Press Enter to study.", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#placement-result", VerticalScroll).focus()

    def action_study(self) -> None:
        """Called on Enter: go on studying."""
        self.post_message(self.Study())
