"""What rebuilds changed in where the learner stands, shown over their home until they close it.

A line on the home itself scrolled out of sight on a small terminal (the focus on the packs below
it), and was counted as read all the same: a dialog is read first at any size, scrolls where the
note is longer than the screen, and counts as read only once closed.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tutor_tui.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from tutor_tui.core.learner import Learner
    from tutor_tui.service.tutor import Tutor


class StandingScreen(ModalScreen[None]):
    """The learner's changes of standing, one line per pack, until Enter or Esc closes them."""

    BINDINGS = [Binding("escape,enter,space", "close", "Close", priority=True)]

    def __init__(self, lines: tuple[str, ...], tutor: Tutor, learner: Learner) -> None:
        super().__init__()
        self.lines = lines
        self.tutor = tutor
        self.learner = learner

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="standing"):
            yield Label("Where you stand has changed", classes="title")
            for line in self.lines:
                yield Static(line, markup=False, classes="standing-line")
            yield Static("Press Enter to close (↑↓ scroll).", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        # The arrows scroll a note longer than the screen, from its first line.
        self.query_one("#standing", VerticalScroll).focus()

    def action_close(self) -> None:
        """Called on Enter or Esc: back to the home, the note read, and so forgotten."""
        read = partial(self.tutor.standing_read, self.learner)
        self.app.run_worker(read, thread=True, group="tutor", exit_on_error=False)
        self.dismiss(None)
