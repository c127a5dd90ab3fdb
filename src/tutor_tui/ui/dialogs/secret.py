"""A PIN or the tutor passphrase, asked for unseen."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tutor_tui.core.errors import TutorError
from tutor_tui.ui.widgets.footer import Footer


class SecretScreen(ModalScreen[bool]):
    """Ask for a PIN or the tutor passphrase, unseen, until `check` takes it.

    `check` raises a TutorError saying why a secret is refused. Dismissed with True once a secret
    is taken, False when the learner gives up.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, prompt: str, check: Callable[[str], object]) -> None:
        super().__init__()
        self.title_text = title
        self.prompt = prompt
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(id="secret"):
            yield Label(self.title_text, classes="title", markup=False)
            yield Static(self.prompt, classes="hint", markup=False)
            yield Input(password=True, id="secret-input", max_length=200)
            yield Static("", id="problem")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#secret-input")
    def _entered(self, event: Input.Submitted) -> None:
        if event.value:
            self.query_one(Input).disabled = True  # until it is checked
            self.check_secret(event.value)

    @work(thread=True, group="tutor", exit_on_error=False)
    def check_secret(self, secret: str) -> None:
        """Check the secret, away from the screen (it is slow on purpose)."""
        try:
            self.check(secret)
        except TutorError as error:
            message = str(error)
            self.app.call_from_thread(self.refuse, message[:1].upper() + message[1:] + ".")
            return
        self.app.call_from_thread(self.dismiss, True)

    def refuse(self, text: str) -> None:
        """Say why the secret was not accepted, and let another be typed."""
        self.query_one("#problem", Static).update(Text(text))
        field = self.query_one(Input)
        field.value = ""
        field.disabled = False
        field.focus()

    def action_cancel(self) -> None:
        """Called on Escape: give up."""
        self.dismiss(False)
