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
        # A plain title bar, not a Header: the data may open before a Header has shown its first
        # title, and Textual's Header then fails (NoMatches) as the screen is taken away.
        yield Static("tutor", id="loading-title")
        yield Static("tutor\n\nOpening your learning data…", id="loading")
