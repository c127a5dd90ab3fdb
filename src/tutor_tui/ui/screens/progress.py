"""The learner's progress as pictures."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Label,
    Static,
)

from tutor_tui.ui.widgets.footer import Footer
from tutor_tui.ui.widgets.title import TitleBar

if TYPE_CHECKING:
    from tutor_tui.core.learner import Learner
    from tutor_tui.service.tutor import Tutor


class ProgressScreen(Screen[None]):
    """Progress as pictures: mastery over time, the calendar, reviews ahead, standouts."""

    BINDINGS = [Binding("escape,q,p", "app.pop_screen", "Back")]

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines

    @classmethod
    def load(cls, tutor: Tutor, learner: Learner) -> ProgressScreen:
        """The screen with the learner's progress overview (slow: call it in a worker)."""
        from tutor_tui.core import progress
        from tutor_tui.service import reports

        return cls(progress.overview_lines(reports.gather_overview(tutor, learner)))

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="progress"):
            yield Label("Your progress", classes="title")
            yield Static("\n".join(self.lines), id="overview", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#progress", VerticalScroll).focus()
