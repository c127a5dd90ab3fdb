"""Help: the keys, the themes, and plain mode for screen readers and braille displays."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tutor_tui.ui.widgets.footer import Footer

HELP = "\n\n".join(
    (
        "Home: ↑↓ choose a pack, Enter studies it, m its skill map, p your progress, g a goal, "
        "s settings, l another learner, q quit.",
        "A question: a number or ↑↓ picks a choice, space toggles one, t or f for true or false, "
        "shift+↑↓ moves an item, Tab goes to the next blank, Enter submits and then goes on. "
        'h a hint, ? why this was picked, n "I don\'t know" (F1, F2 and F3 while typing an '
        "answer). q (ctrl+q while typing) stops, with a summary of the session: Esc there goes "
        "back to studying, r reviews your mistakes.",
        "ctrl+p opens the command palette: every command of the app, by name.",
        "Settings offer a dark, a light and a high-contrast theme; set NO_COLOR for no colour at "
        "all. Nothing is said by colour alone: every mark has a symbol and a word.",
        "With a screen reader or a braille display, plain mode asks the same questions as plain "
        "lines of text, with no screen to navigate:",
        "    tutor study --plain --learner NAME --pack ID",
    )
)


class HelpScreen(ModalScreen[None]):
    """The app's help, over the screen it was asked for on."""

    BINDINGS = [Binding("escape,enter,q,f1", "close", "Close", priority=True)]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Label("Help", classes="title")
            yield Static(HELP, markup=False)
        yield Footer()

    def action_close(self) -> None:
        """Called on Esc or Enter: back to where help was asked for."""
        self.dismiss(None)
