"""The footer every screen shows its keys in: Textual's, without the work that changes nothing.

Textual's footer builds its keys again whenever the focus moves or a binding changes, even when it
would show the same keys, and each key it builds restyles itself twice as it mounts (its compact
look put on, then taken off again to follow the footer's). Restyling is most of what the app's
screens spend on a key press; this footer skips both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.app import ComposeResult


class Footer(TextualFooter):
    """Textual's footer, built again only when the keys it would show change."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: object = None

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # Made in the footer's look from the start, rather than restyled into it.
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget

    async def recompose(self) -> None:
        """Build the keys again, if they would differ from those shown."""
        shown = self._keys()
        if shown is not None and shown == self._shown:
            return
        self._shown = shown
        await super().recompose()

    def _keys(self) -> object:
        """Everything the footer's keys are built from; None before the bindings are known."""
        if not self.is_attached or not self._bindings_ready:
            return None
        app = self.app
        return (
            self.compact,
            self.show_command_palette,
            tuple(
                (name, binding, enabled, tooltip, app.get_key_display(binding))
                for name, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            ),
        )
