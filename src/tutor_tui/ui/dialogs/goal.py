"""Set a goal for a pack: by when, and how many minutes a day."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Input,
    Label,
    Static,
)

from tutor_tui.core.errors import TutorError
from tutor_tui.ui import in_thread
from tutor_tui.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from tutor_tui.core.learner import Learner
    from tutor_tui.service.tutor import Tutor


class GoalScreen(ModalScreen[bool]):
    """Set a goal for the pack: by when, and how many minutes a day; dismissed with whether a
    goal was set."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        tutor: Tutor,
        learner: Learner,
        pack_id: str,
        pack_title: str,
        current: str | None,
        suggested_date: str,
    ) -> None:
        super().__init__()
        self.tutor = tutor
        self.learner = learner
        self.pack_id = pack_id
        self.pack_title = pack_title
        self.current = current
        self.suggested_date = suggested_date
        # Set once the goal is on its way to the store: the form closes when it is stored.
        self.saving = False

    @classmethod
    def load(cls, tutor: Tutor, learner: Learner, pack_id: str) -> GoalScreen:
        """The form, with the pack's goal as it stands, if any (slow: call it in a worker)."""
        pack = tutor.pack(pack_id)
        goal = tutor.active_goal(learner, pack.id)
        suggested = (tutor.now().astimezone().date() + timedelta(days=30)).isoformat()
        return cls(
            tutor, learner, pack.id, pack.title, goal.describe(pack) if goal else None, suggested
        )

    def compose(self) -> ComposeResult:
        with Vertical(id="goal-form"):
            yield Label(f"A goal for {self.pack_title}", classes="title", markup=False)
            if self.current:
                yield Static(f"Now: {self.current}", classes="hint", markup=False)
            with Horizontal(classes="setting"):
                yield Label("Master it by (YYYY-MM-DD)")
                yield Input(self.suggested_date, id="due-by")
            with Horizontal(classes="setting"):
                yield Label("Minutes a day (5–240)")
                yield Input("20", id="daily", type="integer")
            yield Static("", id="problem")
            with Horizontal(id="buttons"):
                yield Button("Set goal", id="save", variant="primary")
                yield Button("Cancel", id="cancel")
        yield Footer()

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def _save(self) -> None:
        if self.saving:
            return
        try:
            minutes = int(self.query_one("#daily", Input).value)
        except ValueError:
            self.query_one("#problem", Static).update("Type the minutes as a whole number.")
            return
        self.saving = True
        self.save_goal(self.query_one("#due-by", Input).value.strip(), minutes)

    @in_thread()
    def save_goal(self, due_by: str, daily_minutes: int) -> None:
        """Set the goal; say what is wrong, or warn when it cannot be reached at that pace."""
        from tutor_tui.core.pace import parse_date

        say = self.app.call_from_thread
        try:
            _, warning = self.tutor.set_goal(
                self.learner, self.pack_id, parse_date(due_by), daily_minutes
            )
        except TutorError as error:
            say(self._close, False, str(error), title="Goal not set", severity="error")
            return
        if warning:
            say(self._close, True, warning, title="Goal set, but…", severity="warning", timeout=12)
        else:
            say(self._close, True, "Goal set.")

    def _close(self, goal_set: bool, message: str, **how: Any) -> None:
        self.dismiss(goal_set)
        self.notify(message, markup=False, **how)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Called to leave without setting a goal (once it is being stored, the form closes when
        it is)."""
        if not self.saving:
            self.dismiss(False)
