"""A PIN or the tutor passphrase, asked for unseen."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import (
    Input,
    Label,
    Static,
)


class SecretScreen(ModalScreen[None]):
    """Ask for a PIN or the tutor passphrase, unseen; the app checks it and closes this screen."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    class Entered(Message):
        """A secret was typed and Enter pressed."""

        def __init__(self, secret: str) -> None:
            super().__init__()
            self.secret = secret

    def __init__(self, purpose: str, title: str, prompt: str) -> None:
        super().__init__()
        self.purpose = purpose
        self.title_text = title
        self.prompt = prompt

    def compose(self) -> ComposeResult:
        with Vertical(id="secret"):
            yield Label(self.title_text, classes="title", markup=False)
            yield Static(self.prompt, classes="hint", markup=False)
            yield Input(password=True, id="secret-input", max_length=200)
            yield Static("", id="problem")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#secret-input")
    def _entered(self, event: Input.Submitted) -> None:
        if event.value:
            self.query_one(Input).disabled = True  # until the app has checked it
            self.post_message(self.Entered(event.value))

    def refuse(self, text: str) -> None:
        """Say why the secret was not accepted, and let another be typed."""
        self.query_one("#problem", Static).update(text)
        field = self.query_one(Input)
        field.value = ""
        field.disabled = False
        field.focus()

    def action_cancel(self) -> None:
        """Called on Escape: give up."""
        self.dismiss(None)
