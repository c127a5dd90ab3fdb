"""The offer of a placement check, made when a learner starts a pack."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Label,
    Static,
)

from tutor_tui.ui.widgets.footer import Footer


class PlacementOfferScreen(ModalScreen[bool | None]):
    """Offered when a learner starts a pack: check what they know, or start at the beginning.

    Dismissed with True for the check, False for the beginning, None to go back undecided.
    """

    BINDINGS = [
        Binding("c", "choose(True)", "Check"),
        Binding("b", "choose(False)", "Beginning"),
        Binding("escape", "choose(None)", "Back"),
    ]

    def __init__(self, pack_title: str, max_questions: int) -> None:
        super().__init__()
        self.pack_title = pack_title
        self.max_questions = max_questions

    def compose(self) -> ComposeResult:
        with Vertical(id="offer"):
            yield Label(f"New to {self.pack_title}?", classes="title", markup=False)
            yield Static(
                f"A short check (at most {self.max_questions} questions) finds what you already "
                "know so you can skip it.",
                id="offer-text",
            )
            with Horizontal(id="buttons"):
                yield Button("Check what I know", id="check", variant="primary")
                yield Button("Start from the beginning", id="beginning")
            yield Static("c: the check  ·  b: from the beginning  ·  Esc: back", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#check", Button).focus()

    @on(Button.Pressed, "#check")
    def _check(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#beginning")
    def _beginning(self) -> None:
        self.dismiss(False)

    def action_choose(self, check: bool | None) -> None:
        """Called on c, b or Esc: the check, the beginning, or back undecided."""
        self.dismiss(check)
