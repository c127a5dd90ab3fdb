"""The first screen: painted at once, while the learners' data opens in the background.

It is kept light (two lines of text, no footer) since the first paint waits for it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static


class LoadingScreen(Screen[None]):
    """Shown for the moment it takes to open the learners' data."""

    def compose(self) -> ComposeResult:
        # A plain title bar: the first paint waits for this screen.
        yield Static("tutor", id="loading-title")
        yield Static("tutor\n\nOpening your learning data…", id="loading")
