"""The learner's progress as pictures."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Footer,
    Header,
    Label,
    Static,
)


class ProgressScreen(Screen[None]):
    """Progress as pictures: mastery over time, the calendar, reviews ahead, standouts."""

    BINDINGS = [Binding("escape,q,p", "app.pop_screen", "Back")]

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="progress"):
            yield Label("Your progress", classes="title")
            yield Static("\n".join(self.lines), id="overview", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#progress", VerticalScroll).focus()
