"""One question of the study loop: answered, marked, explained; and the screen when all is done.

The question keeps the top of the screen and the feedback takes the bottom, each scrolling on its
own, so that the feedback never pushes the question out of view; the marks go in the question
itself (which choice, item, pair or blank was right), each with a symbol and a word.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    Label,
    Markdown,
    Static,
)

from tutor_tui.core.pace import DayGoal
from tutor_tui.core.planner import Activity
from tutor_tui.service.tutor import Feedback, Presented
from tutor_tui.ui.screens.answering import AnswerScreen, how_to_answer
from tutor_tui.ui.widgets.answers import ANSWER_WIDGETS, AnswerWidget
from tutor_tui.ui.widgets.footer import Footer
from tutor_tui.ui.widgets.mastery import mastery_bar
from tutor_tui.ui.widgets.text import inline_text, unbroken
from tutor_tui.ui.widgets.title import TitleBar

# The types whose right answer is typed as it stands, so shown literally, not as Markdown.
LITERAL_ANSWERS = frozenset({"short", "numeric", "truefalse"})


class QuestionScreen(AnswerScreen):
    """One question: answer it (or say "I don't know"), see the feedback, go on."""

    BINDINGS = [
        # Enter submits while asking, and goes on once the feedback shows: the footer says which.
        # Quit comes next, so that a narrow footer never cuts it.
        Binding("enter", "submit", "Submit", priority=True),
        Binding("enter", "go_on", "Next", priority=True),
        Binding("q", "leave", "Quit"),
        Binding("ctrl+q", "leave_f", "Quit", priority=True),
        Binding("n", "dont_know", "I don't know"),
        Binding("f3", "dont_know_f", "I don't know", priority=True),
        Binding("h", "hint", "Hint"),
        Binding("f1", "hint_f", "Hint", priority=True),
        Binding("question_mark", "why", "Why this?"),
        Binding("f2", "why_f", "Why this?", priority=True),
        Binding("escape", "app.home", "Home"),
    ]

    class Answered(Message):
        """The learner submitted an answer (None: "I don't know")."""

        def __init__(self, response: Any, hints_used: int, seconds: float) -> None:
            super().__init__()
            self.response = response
            self.hints_used = hints_used
            self.seconds = seconds

    class Next(Message):
        """The learner has read the feedback and wants the next activity."""

    def __init__(
        self, activity: Activity, shown: Presented, skill_title: str, progress: Text | None = None
    ) -> None:
        super().__init__(shown)
        self.activity = activity
        self.skill_title = skill_title
        self.hints_used = 0
        # The session so far, as a bar with words (towards its length or the day's goal).
        self.progress = progress
        # The answer handed up, to mark in the question once it is graded.
        self.given: Any = None
        # The state goes from asking to saving, and on to answered once the feedback shows.

    def compose(self) -> ComposeResult:
        question = self.shown.question
        yield TitleBar()
        with VerticalScroll(id="question"):
            yield Static(heading(self.activity, self.skill_title), classes="reason", markup=False)
            if self.progress is not None:
                yield Static(self.progress, id="session-bar")
            yield Static("", id="note", markup=False)
            yield Markdown(unbroken(self.shown.prompt), id="prompt")
            yield ANSWER_WIDGETS[question.type](self.shown, id="answer")
            yield Static(how_to_answer(question.type), id="how", classes="hint")
            yield Markdown("", id="hints")
            yield Static("", id="problem")
        yield VerticalScroll(id="feedback")
        yield Footer()

    def action_go_on(self) -> None:
        """Called on Enter once the feedback shows: the next activity."""
        self.post_message(self.Next())

    def submitted(self, response: Any, seconds: float) -> None:
        """Hand the answer up to be marked and stored."""
        self.state = "saving"
        self.given = response
        self.say("")
        self.refresh_bindings()
        self.post_message(self.Answered(response, self.hints_used, seconds))

    def action_dont_know(self) -> None:
        """Called on n (F3 while typing): a miss, stored, then the answer and its explanation."""
        if self.state == "asking":
            self.submitted(None, self.seconds_so_far())

    def action_leave(self) -> None:
        """Called on q (ctrl+q while typing): end the session with its summary."""
        self.app.action_leave()  # type: ignore[attr-defined]  # the tutor's app

    def action_hint(self) -> None:
        """Called on `h`: show the next hint."""
        hints = self.shown.question.hints
        if self.state != "asking":
            return
        if self.hints_used >= len(hints):
            self.note(
                "No more hints for this question." if hints else "This question has no hints."
            )
            return
        self.hints_used += 1
        shown = "\n\n".join(
            f"**Hint {n}.** {unbroken(hint)}" for n, hint in enumerate(hints[: self.hints_used], 1)
        )
        self.query_one("#hints", Markdown).update(shown)

    def action_why(self) -> None:
        """Called on `?`: say why this question was picked, above it."""
        self.note(f"Why this? {self.activity.reason}")

    def note(self, text: str) -> None:
        """A line above the question: in view, and covering nothing."""
        line = self.query_one("#note", Static)
        line.update(Text(text))
        line.display = True

    action_hint_f = action_hint
    action_why_f = action_why
    action_dont_know_f = action_dont_know
    action_leave_f = action_leave

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer the letter keys, or while typing an answer their function-key twins; Enter
        submits until the feedback shows, then goes on; hints and "I don't know" are for asking."""
        if action in ("submit", "go_on"):
            return (action == "go_on") == (self.state == "answered")
        if action in ("hint", "hint_f", "dont_know", "dont_know_f") and self.state != "asking":
            return False
        return super().check_action(action, parameters)

    def show_feedback(self, feedback: Feedback, day_met: DayGoal | None = None) -> None:
        """Show what the answer earned (it is already stored), and mark it in the question;
        `day_met` is the day's goal, when this answer met it."""
        self.state = "answered"
        self.refresh_bindings()
        grade = feedback.grade
        answer = self.query_one(AnswerWidget)
        answer.mark(grade, self.given)
        answer.disabled = True
        self.query_one("#how", Static).display = False
        box = self.query_one("#feedback", VerticalScroll)
        if grade.correct:
            verdict, style = "✓ Right.", "right"
        elif self.given is None:
            verdict, style = "? Not known yet: here is the answer.", "wrong"
        elif grade.score > 0:
            verdict, style = f"◐ Partly right ({round(100 * grade.score)}%).", "partly"
        else:
            verdict, style = "✗ Not quite.", "wrong"
        box.add_class(style)
        parts: list[Any] = [Label(verdict, classes="verdict")]
        if not grade.correct:
            expected = (
                Text(unbroken(grade.expected))
                if self.shown.question.type in LITERAL_ANSWERS
                else inline_text(grade.expected)
            )
            parts.append(Static(Text.assemble("Expected: ", expected), classes="expected"))
        if grade.feedback:
            parts.append(Markdown(unbroken(grade.feedback), classes="choice-feedback"))
        if feedback.question.explanation:
            parts.append(Markdown(unbroken(feedback.question.explanation), classes="explanation"))
        parts.append(Static(mastery_line(feedback), classes="mastery"))
        if day_met is not None:
            parts.append(Static(day_goal_line(day_met), classes="mastery"))
        parts.append(Static("Press Enter to go on.", classes="hint"))
        box.mount(*parts)
        box.display = True
        # The marks are in the answer: keep it in view above the feedback.
        self.call_after_refresh(self.query_one("#question").scroll_to_widget, answer, animate=False)


def mastery_line(feedback: Feedback) -> Text:
    """The skill's mastery after the answer; a calm word and a star when it is newly mastered."""
    line = Text(f"{feedback.skill.title}: ")
    line.append(mastery_bar(feedback.progress.p_known))
    if feedback.newly_mastered:
        line.append("\n★ Mastered! ", style="bold")
        line.append("It will come back now and then for a review, so that it stays.")
    if back := feedback.sent_back_line():
        line.append(f"\n{back}")
    return line


def day_goal_line(day: DayGoal) -> Text:
    """The calm moment the day's goal is met: a symbol and words, once a day."""
    line = Text(f"⚑ Today's goal of {day.daily_minutes} min is met. ", style="bold")
    line.append("Well done! Anything more today is a bonus.")
    return line


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
        yield TitleBar()
        heading, line = self.activity.done_words()
        with Vertical(id="done"):
            yield Label(heading, classes="title")
            yield Static(line, markup=False)
            yield Static("Press Enter to go home.", classes="hint")
        yield Footer()


def heading(activity: Activity, skill_title: str) -> str:
    """What a question is headed with: what kind of activity it is, on which skill."""
    kind = "Review" if activity.kind == "review" else "Practice"
    if activity.check:
        kind = "Check"  # of a skill placed out: its answer confirms it or sends it back
    return f"{kind} · {skill_title}"
