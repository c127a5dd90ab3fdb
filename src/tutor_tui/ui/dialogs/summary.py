"""What a session achieved, shown as the learner leaves."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import (
    Label,
    Static,
)


class SummaryScreen(ModalScreen[None]):
    """What the session achieved, shown when leaving."""

    BINDINGS = [Binding("enter,escape,q,space", "close", "Close", priority=True)]

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(id="summary"):
            yield Label("This session", classes="title")
            for line in self.lines:
                yield Static(line)
            yield Static("Your answers are saved. Press Enter to close.", classes="hint")

    def action_close(self) -> None:
        """Called on Enter: close the summary."""
        self.dismiss(None)
