"""The title bar at the top of the app's screens."""

from __future__ import annotations

from textual.events import Mount
from textual.widget import Widget
from textual.widgets import Header, Static


class TitleBar(Header):
    """Textual's Header, whose title follows the app's and the screen's at once.

    Header keeps its title with watchers that are coroutines: its first title, at mount, and every
    change after are queued, to run later. A screen taken away before that runs (switched or popped
    just after it was shown, as a busy machine makes likely) has already lost its title, and the
    queued update fails the whole app with NoMatches. Run at once, the update finds the title while
    it is there, and finds none (and does nothing) once the screen is going.
    """

    def _on_mount(self, event: Mount) -> None:
        # In place of Header's own watchers, which would still queue their updates.
        event.prevent_default()
        Widget._on_mount(self, event)
        for watched in (self.app, self.screen):
            self.watch(watched, "title", self._show_title)
            self.watch(watched, "sub_title", self._show_title)

    def _show_title(self) -> None:
        for title in self.query("HeaderTitle").results(Static):
            title.update(self.format_title())
