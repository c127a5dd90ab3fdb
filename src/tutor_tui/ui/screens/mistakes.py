"""Review my mistakes: the questions of a session answered wrong, one at a time, with the answer
given, the right one and the explanation; offered on the session's summary."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Markdown, Static

from tutor_tui.service.tutor import Feedback
from tutor_tui.ui.widgets.footer import Footer
from tutor_tui.ui.widgets.text import inline_text, unbroken


@dataclass(frozen=True)
class Mistake:
    """A question answered wrong (or not known) in a session."""

    prompt: str
    given: Any
    feedback: Feedback


def said(given: Any) -> Text:
    """An answer as the learner gave it, in words."""
    if given is None:
        return Text("I don't know")
    if isinstance(given, bool):
        return Text("true" if given else "false")
    if isinstance(given, Mapping):
        return Text("; ").join(
            Text.assemble(inline_text(str(left)), " → ", inline_text(str(right)))
            for left, right in given.items()
        )
    if isinstance(given, (list, tuple)):
        return Text(", ").join(inline_text(str(one)) for one in given)
    return Text(str(given))


class MistakesScreen(ModalScreen[None]):
    """The session's mistakes, one at a time: ← and → move, Esc goes back to the summary."""

    BINDINGS = [
        Binding("right,n,space", "move(1)", "Next"),
        Binding("left,p", "move(-1)", "Previous"),
        Binding("escape,q,enter", "close", "Back to the summary", priority=True),
    ]

    def __init__(self, mistakes: list[Mistake]) -> None:
        super().__init__()
        self.mistakes = mistakes
        self.at = 0

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="mistakes"):
            yield Label("", id="mistake-title", classes="title")
            yield Markdown("", id="mistake-prompt")
            yield Static("", id="mistake-given")
            yield Static("", id="mistake-expected")
            yield Markdown("", id="mistake-why")
            yield Static("← → move between your mistakes; Esc goes back.", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.show(0)

    def show(self, at: int) -> None:
        """Show the mistake at `at`."""
        self.at = at
        mistake = self.mistakes[at]
        feedback = mistake.feedback
        self.query_one("#mistake-title", Label).update(
            Text(f"Mistake {at + 1} of {len(self.mistakes)} · {feedback.skill.title}")
        )
        self.query_one("#mistake-prompt", Markdown).update(unbroken(mistake.prompt))
        self.query_one("#mistake-given", Static).update(
            Text.assemble(("✗ Your answer: ", "bold"), said(mistake.given))
        )
        self.query_one("#mistake-expected", Static).update(
            Text.assemble(("✓ Right: ", "bold"), inline_text(feedback.grade.expected))
        )
        why = [feedback.grade.feedback or "", feedback.question.explanation or ""]
        self.query_one("#mistake-why", Markdown).update(unbroken("\n\n".join(filter(None, why))))

    def action_move(self, step: int) -> None:
        """Called on → or ←: the next or the previous mistake."""
        self.show((self.at + step) % len(self.mistakes))

    def action_close(self) -> None:
        """Called on Esc: back to the summary."""
        self.dismiss(None)
