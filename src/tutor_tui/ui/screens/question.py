"""One question of the study loop: answered, marked, explained; and the screen when all is done."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    Footer,
    Header,
    Label,
    Markdown,
    Static,
)

from tutor_tui.core.planner import Activity
from tutor_tui.service.tutor import Feedback, Presented
from tutor_tui.ui.screens.answering import AnswerScreen, how_to_answer
from tutor_tui.ui.widgets.answers import ANSWER_WIDGETS, AnswerWidget
from tutor_tui.ui.widgets.mastery import mastery_bar


class QuestionScreen(AnswerScreen):
    """One question: answer it, see the feedback, go on."""

    BINDINGS = [
        # Enter submits while asking, and goes on once the feedback shows: the footer says which.
        Binding("enter", "submit", "Submit", priority=True),
        Binding("enter", "go_on", "Next", priority=True),
        Binding("h", "hint", "Hint"),
        Binding("f1", "hint_f", "Hint", priority=True),
        Binding("question_mark", "why", "Why this?"),
        Binding("f2", "why_f", "Why this?", priority=True),
        Binding("escape", "app.home", "Home"),
        Binding("q", "app.leave", "Quit"),
    ]

    class Answered(Message):
        """The learner submitted an answer."""

        def __init__(self, response: Any, hints_used: int, seconds: float) -> None:
            super().__init__()
            self.response = response
            self.hints_used = hints_used
            self.seconds = seconds

    class Next(Message):
        """The learner has read the feedback and wants the next activity."""

    def __init__(self, activity: Activity, shown: Presented, skill_title: str) -> None:
        super().__init__(shown)
        self.activity = activity
        self.skill_title = skill_title
        self.hints_used = 0
        # The state goes from asking to saving, and on to answered once the feedback shows.

    def compose(self) -> ComposeResult:
        question = self.shown.question
        kind = "Review" if self.activity.kind == "review" else "Practice"
        yield Header()
        with VerticalScroll(id="question"):
            yield Static(f"{kind} · {self.skill_title}", classes="reason")
            yield Markdown(self.shown.prompt, id="prompt")
            yield ANSWER_WIDGETS[question.type](self.shown, id="answer")
            yield Static(how_to_answer(question.type), id="how", classes="hint")
            yield Markdown("", id="hints")
            yield Static("", id="problem")
            yield Vertical(id="feedback")
        yield Footer()

    def action_go_on(self) -> None:
        """Called on Enter once the feedback shows: the next activity."""
        self.post_message(self.Next())

    def submitted(self, response: Any, seconds: float) -> None:
        """Hand the answer up to be marked and stored."""
        self.state = "saving"
        self.say("")
        self.post_message(self.Answered(response, self.hints_used, seconds))

    def action_hint(self) -> None:
        """Called on `h`: show the next hint."""
        hints = self.shown.question.hints
        if self.state != "asking":
            return
        if self.hints_used >= len(hints):
            self.notify(
                "No more hints for this question." if hints else "This question has no hints."
            )
            return
        self.hints_used += 1
        shown = "\n\n".join(
            f"**Hint {n}.** {hint}" for n, hint in enumerate(hints[: self.hints_used], 1)
        )
        self.query_one("#hints", Markdown).update(shown)

    def action_why(self) -> None:
        """Called on `?`: say why this question was picked."""
        self.notify(self.activity.reason, title="Why this?")

    action_hint_f = action_hint
    action_why_f = action_why

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer the letter keys, or while typing an answer their function-key twins; Enter
        submits until the feedback shows, then goes on."""
        if action in ("submit", "go_on"):
            return (action == "go_on") == (self.state == "answered")
        return super().check_action(action, parameters)

    def show_feedback(self, feedback: Feedback) -> None:
        """Show what the answer earned; it is already stored."""
        self.state = "answered"
        self.refresh_bindings()
        grade = feedback.grade
        self.query_one(AnswerWidget).disabled = True
        self.query_one("#how", Static).display = False
        box = self.query_one("#feedback", Vertical)
        if grade.correct:
            verdict, style = "✓ Right.", "right"
        elif grade.score > 0:
            verdict, style = f"◐ Partly right ({round(100 * grade.score)}%).", "partly"
        else:
            verdict, style = "✗ Not quite.", "wrong"
        box.add_class(style)
        parts: list[Any] = [Label(verdict, classes="verdict")]
        if not grade.correct:
            parts.append(Static(f"Expected: {grade.expected}", classes="expected"))
        if grade.feedback:
            parts.append(Markdown(grade.feedback, classes="choice-feedback"))
        if feedback.question.explanation:
            parts.append(Markdown(feedback.question.explanation, classes="explanation"))
        line = Text(f"{feedback.skill.title}: ")
        line.append(mastery_bar(feedback.progress.p_known))
        if feedback.newly_mastered:
            line.append("  — mastered!", style="bold")
        parts.append(Static(line, classes="mastery"))
        parts.append(Static("Press Enter to go on.", classes="hint"))
        box.mount(*parts)
        # Anchored, not scrolled once: the parts (Markdown above all) take their height only after
        # they mount, and the end of the feedback ("Press Enter to go on") must stay in view.
        self.query_one("#question", VerticalScroll).anchor()


class DoneScreen(Screen[None]):
    """Nothing left to do in this pack for now."""

    BINDINGS = [
        Binding("enter,escape", "app.home", "Home", priority=True),
        Binding("q", "app.leave", "Quit"),
    ]

    def __init__(self, activity: Activity) -> None:
        super().__init__()
        self.activity = activity

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="done"):
            yield Label("Well done!", classes="title")
            yield Static(self.activity.reason)
            yield Static("Press Enter to go home.", classes="hint")
        yield Footer()
