"""The app's own commands in the command palette (ctrl+p): study a pack, the skill map, progress,
a goal, settings, switching learner, the class view, help, and quitting with the session's summary.

Each command is what a key does somewhere in the app; the palette offers the ones that make sense
where the learner is (a learner's commands once one is chosen, the class view on the picker).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from tutor_tui.ui.app import TutorApp

Command = tuple[str, str, Callable[[], object]]


class TutorCommands(Provider):
    """The tutor's commands, found by their names."""

    def commands(self) -> Iterator[Command]:
        """The commands that make sense on the screen the palette was opened from."""
        from tutor_tui.ui import screens

        app: TutorApp = self.app  # type: ignore[assignment]  # the palette belongs to the tutor's app
        yield "Help", "Keys, themes, and plain mode for screen readers", app.action_help
        if isinstance(self.screen, screens.LearnerScreen):
            yield "Class view", "Who needs help, for the tutor", self.screen.action_class_view
        if app.tutor is None or app.learner is None:
            return
        for pack_id in app.tutor.packs:
            title = app.tutor.pack(pack_id).title
            yield (
                f"Study {title}",
                "Go on with what the tutor suggests",
                partial(app.study, pack_id),
            )
        if app.pack_id is not None:
            yield "Skill map", "The pack's skills and what leads to what", app.action_skill_map
            yield "Set a goal", "By when, and minutes a day", app.action_goal
        yield "Home", "Where you stand, and what is next", app.action_home
        yield "Progress", "Your progress as pictures", app.action_progress
        yield "Settings", "Session length, reviews, theme and PIN", app.action_settings
        yield "Switch learner", "Someone else studies", app.action_switch_learner
        yield "Quit", "Stop, with a summary of the session", app.action_leave

    async def discover(self) -> Hits:
        """Every command, before anything is typed."""
        for name, help_text, run in self.commands():
            yield DiscoveryHit(name, run, help=help_text)

    async def search(self, query: str) -> Hits:
        """The commands whose names match what is typed, best first."""
        matcher = self.matcher(query)
        for name, help_text, run in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text)


def tutor_commands() -> type[Provider]:
    """The provider, imported when the palette first opens rather than at start-up."""
    return TutorCommands
