"""Set a goal for a pack: by when, and how many minutes a day."""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class GoalChoice:
    """A goal the learner set in the app."""

    due_by: str
    daily_minutes: int


class GoalScreen(ModalScreen[GoalChoice | None]):
    """Set a goal for the pack: by when, and how many minutes a day."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, pack_title: str, current: str | None, suggested_date: str) -> None:
        super().__init__()
        self.pack_title = pack_title
        self.current = current
        self.suggested_date = suggested_date

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

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def _save(self) -> None:
        try:
            minutes = int(self.query_one("#daily", Input).value)
        except ValueError:
            self.query_one("#problem", Static).update("Type the minutes as a whole number.")
            return
        self.dismiss(GoalChoice(self.query_one("#due-by", Input).value.strip(), minutes))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Called to leave without setting a goal."""
        self.dismiss(None)
