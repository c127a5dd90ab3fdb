"""What a session achieved, shown as the learner leaves: Enter ends it, Esc goes back to it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import (
    Footer,
    Label,
    Static,
)


class SummaryScreen(ModalScreen[bool]):
    """What the session achieved, shown when leaving; dismissed with True to leave, False to go
    back to studying (a stray `q` is taken back with Esc)."""

    BINDINGS = [
        Binding("enter,q,space", "close", "Close", priority=True),
        Binding("escape", "stay", "Back to studying", priority=True),
    ]

    def __init__(self, lines: list[str], *, can_stay: bool = True) -> None:
        super().__init__()
        self.lines = lines
        # A session whose time is up cannot be gone back to.
        self.can_stay = can_stay

    def compose(self) -> ComposeResult:
        with Vertical(id="summary"):
            yield Label("This session", classes="title")
            for line in self.lines:
                yield Static(line, markup=False)
            yield Static(
                "Your answers are saved. Press Enter to close"
                + (", Esc to go back to studying." if self.can_stay else "."),
                classes="hint",
            )
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer Esc only when there is a session to go back to."""
        if action == "stay":
            return self.can_stay
        return True

    def action_close(self) -> None:
        """Called on Enter: close the summary, and leave."""
        self.dismiss(True)

    def action_stay(self) -> None:
        """Called on Esc: go back to studying, as if the summary had not been asked for."""
        self.dismiss(False)
