"""Who is studying: the learner picker, where a learner can also add themselves."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    Input,
    Label,
    OptionList,
)
from textual.widgets.option_list import Option

from tutor_tui.core.errors import TutorError
from tutor_tui.core.learner import Learner
from tutor_tui.service.tutor import Tutor
from tutor_tui.ui import in_thread
from tutor_tui.ui.widgets.footer import Footer
from tutor_tui.ui.widgets.title import TitleBar


def _with_pin(learner: Learner) -> Text:
    """A learner's name as the picker lists it: marked when a PIN guards the profile."""
    return Text(learner.name + (" · PIN" if learner.has_pin else ""))


class LearnerScreen(Screen[None]):
    """Who is studying: pick a learner, or create one in place; and the tutor's class view."""

    BINDINGS = [
        Binding("escape", "app.quit", "Quit"),
        Binding("ctrl+t", "class_view", "Class view (tutor)"),
        Binding("f1", "app.help", "Help"),
    ]

    class Picked(Message):
        """The learner picked their name."""

        def __init__(self, learner: Learner) -> None:
            super().__init__()
            self.learner = learner

    def __init__(self, tutor: Tutor, learners: list[Learner], last: str | None) -> None:
        super().__init__()
        self.tutor = tutor
        self.learners = sorted(learners, key=lambda one: (one.name != last, one.name.lower()))

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="picker"):
            yield Label("Who is studying?", classes="title")
            if self.learners:
                yield OptionList(
                    *[Option(_with_pin(p), id=p.id) for p in self.learners],
                    id="learners",
                )
                yield Label("Or add a new learner:", classes="hint")
            else:
                yield Label("Welcome! Type your name to start.", classes="hint")
            yield Input(placeholder="Your name, then Enter", id="new-name", max_length=80)
            yield Label("", id="problem")
        yield Footer()

    def on_mount(self) -> None:
        if self.learners:
            self.query_one(OptionList).focus()
        else:
            self.query_one(Input).focus()

    @on(OptionList.OptionSelected, "#learners")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.post_message(self.Picked(self.learners[event.option_index]))

    @on(Input.Submitted, "#new-name")
    def _typed(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if not name:
            self.show_problem("Type a name first.")
            return
        self.create_learner(name)

    @work(thread=True, group="tutor", exit_on_error=False)
    def create_learner(self, name: str) -> None:
        """Add a learner, away from the screen, and pick them."""
        try:
            learner = self.tutor.add_learner(name)
        except TutorError as error:
            self.app.call_from_thread(self.show_problem, str(error))
            return
        self.post_message(self.Picked(learner))

    def show_problem(self, text: str) -> None:
        """Say why the name could not be used."""
        self.query_one("#problem", Label).update(Text(text))

    # The tutor's class view ----------------------------------------------------------------------

    def action_class_view(self) -> None:
        """Called on ctrl+t: the class's heat map and who needs help, for the tutor."""
        self.open_class_view()

    @in_thread()
    def open_class_view(self) -> None:
        """Ask for the passphrase when one is set; else show the class at once, if allowed."""
        from tutor_tui.ui.dialogs.secret import SecretScreen
        from tutor_tui.ui.screens.classroom import ClassScreen

        if self.tutor.has_passphrase():
            screen = SecretScreen(
                "Class view",
                "Type the tutor passphrase, then Enter. Escape goes back.",
                check=self.tutor.unlock_class,
            )
            self.app.call_from_thread(self.app.push_screen, screen, self._passphrase_given)
            return
        try:
            self.tutor.unlock_class(None)
        except TutorError as error:
            self.app.call_from_thread(
                self.notify, str(error), title="Class view", severity="error", timeout=10
            )
            return
        self.app.call_from_thread(self.app.push_screen, ClassScreen.load(self.tutor))

    def _passphrase_given(self, opened: bool | None) -> None:
        if opened:
            self.show_class()

    @in_thread()
    def show_class(self) -> None:
        """Gather the class's report, away from the screen, and show it."""
        from tutor_tui.ui.screens.classroom import ClassScreen

        self.app.call_from_thread(self.app.push_screen, ClassScreen.load(self.tutor))
