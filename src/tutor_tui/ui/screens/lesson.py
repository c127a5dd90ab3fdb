"""A skill's lesson, read before practising it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    Label,
    Markdown,
    Static,
)

from tutor_tui.core.planner import Activity
from tutor_tui.ui.widgets.footer import Footer
from tutor_tui.ui.widgets.text import unbroken
from tutor_tui.ui.widgets.title import TitleBar


class LessonScreen(Screen[None]):
    """A skill's lesson; Enter goes on to practice."""

    BINDINGS = [
        Binding("enter,p", "practice", "Practice", priority=True),
        Binding("question_mark", "why", "Why this?"),
        Binding("escape", "app.home", "Home"),
        Binding("q", "app.leave", "Quit"),
    ]

    class Read(Message):
        """The learner finished reading and wants to practise."""

    def __init__(self, activity: Activity, title: str, lesson: str) -> None:
        super().__init__()
        self.activity = activity
        self.lesson_title = title
        self.lesson = lesson

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="lesson"):
            yield Static(self.activity.reason, classes="reason", markup=False)
            if not self.lesson.lstrip().startswith("# "):
                yield Label(self.lesson_title, classes="title", markup=False)
            yield Markdown(unbroken(self.lesson), id="lesson-body")
            yield Static("Press Enter to practise.", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#lesson", VerticalScroll).focus()

    def action_practice(self) -> None:
        """Called on Enter: the lesson is read."""
        self.post_message(self.Read())

    def action_why(self) -> None:
        """Called on `?`: say why this lesson was picked."""
        self.notify(self.activity.reason, title="Why this?", markup=False)
