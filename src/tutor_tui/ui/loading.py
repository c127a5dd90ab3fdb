"""The first screen: painted at once, while the learners' data opens in the background."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class LoadingScreen(Screen[None]):
    """Shown for the moment it takes to open the learners' data."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("tutor\n\nOpening your learning data…", id="loading")
        yield Footer()
