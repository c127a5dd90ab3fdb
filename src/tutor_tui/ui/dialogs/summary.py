"""What a session achieved, shown as the learner leaves: Enter ends it, Esc goes back to it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import (
    Label,
    Static,
)

from tutor_tui.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from tutor_tui.ui.screens.mistakes import Mistake


class SummaryScreen(ModalScreen[bool]):
    """What the session achieved, shown when leaving; dismissed with True to leave, False to go
    back to studying (a stray `q` is taken back with Esc)."""

    BINDINGS = [
        Binding("enter,q,space", "close", "Close", priority=True),
        Binding("escape", "stay", "Back to studying", priority=True),
        Binding("r", "review", "Review my mistakes"),
    ]

    def __init__(
        self, lines: list[str], *, can_stay: bool = True, mistakes: list[Mistake] | None = None
    ) -> None:
        super().__init__()
        self.lines = lines
        # A session whose time is up cannot be gone back to.
        self.can_stay = can_stay
        self.mistakes = mistakes or []

    def compose(self) -> ComposeResult:
        with Vertical(id="summary"):
            yield Label("This session", classes="title")
            for line in self.lines:
                yield Static(line, markup=False)
            if self.mistakes:
                count = len(self.mistakes)
                yield Static(
                    f"{count} mistake{'s' if count != 1 else ''} to learn from: press r to review"
                    f" {'them' if count != 1 else 'it'}, question by question.",
                    id="mistakes-offer",
                )
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
        if action == "review":
            return bool(self.mistakes)
        return True

    def action_close(self) -> None:
        """Called on Enter: close the summary, and leave."""
        self.dismiss(True)

    def action_stay(self) -> None:
        """Called on Esc: go back to studying, as if the summary had not been asked for."""
        self.dismiss(False)

    def action_review(self) -> None:
        """Called on r: the session's mistakes, question by question."""
        from tutor_tui.ui.screens.mistakes import MistakesScreen

        self.app.push_screen(MistakesScreen(self.mistakes))
