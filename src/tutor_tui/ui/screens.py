"""The screens of the study app.

Screens show what the app hands them and post messages up when the learner acts; the app does the
work (in threads, so the screen never freezes) and decides what comes next.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Header,
    Input,
    Label,
    Markdown,
    OptionList,
    Select,
    Static,
    Tree,
)
from textual.widgets.option_list import Option

from tutor_tui.core import grading
from tutor_tui.core.errors import TutorError
from tutor_tui.core.learner import Learner
from tutor_tui.core.planner import DAILY_REVIEW_CAP, Activity
from tutor_tui.core.privacy import check_new_pin
from tutor_tui.service.tutor import Feedback, Presented, SkillReport
from tutor_tui.ui.widgets import ANSWER_WIDGETS, AnswerWidget, mastery_bar


def _with_pin(learner: Learner) -> str:
    """A learner's name as the picker lists it: marked when a PIN guards the profile."""
    return learner.name + (" · PIN" if learner.has_pin else "")


class LearnerScreen(Screen[None]):
    """Who is studying: pick a learner, or create one in place; and the tutor's class view."""

    BINDINGS = [
        Binding("escape", "app.quit", "Quit"),
        Binding("ctrl+t", "app.class_view", "Class view (tutor)"),
    ]

    class Picked(Message):
        """The learner picked their name."""

        def __init__(self, learner: Learner) -> None:
            super().__init__()
            self.learner = learner

    class Create(Message):
        """The learner typed a new name."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    def __init__(self, learners: list[Learner], last: str | None) -> None:
        super().__init__()
        self.learners = sorted(learners, key=lambda one: (one.name != last, one.name.lower()))

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="picker"):
            yield Label("Who is studying?", classes="title")
            if self.learners:
                yield OptionList(
                    *[Option(_with_pin(p), id=p.id) for p in self.learners],
                    id="learners",
                )
                yield Label("Or add a new learner:", classes="hint")
            else:
                yield Label("Welcome! Type your name to start.", classes="hint")
            yield Input(placeholder="Your name, then Enter", id="new-name", max_length=80)
            yield Label("", id="problem")
        yield Footer()

    def on_mount(self) -> None:
        if self.learners:
            self.query_one(OptionList).focus()
        else:
            self.query_one(Input).focus()

    @on(OptionList.OptionSelected, "#learners")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.post_message(self.Picked(self.learners[event.option_index]))

    @on(Input.Submitted, "#new-name")
    def _typed(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if not name:
            self.show_problem("Type a name first.")
            return
        self.post_message(self.Create(name))

    def show_problem(self, text: str) -> None:
        """Say why the name could not be used."""
        self.query_one("#problem", Label).update(text)


@dataclass(frozen=True)
class PackLine:
    """A pack on the home screen."""

    id: str
    title: str
    mastered: int
    total: int
    mastery: float


@dataclass(frozen=True)
class HomeData:
    """Everything the home screen shows."""

    learner: Learner
    pack_id: str
    packs: list[PackLine]
    next_activity: Activity
    minutes_today: int
    daily_target: int | None
    streak: int
    goal: str | None = None
    forecast: str | None = None
    catch_up: str | None = None


class HomeScreen(Screen[None]):
    """The learner's home: where they stand, and one obvious way to continue."""

    BINDINGS = [
        Binding("enter", "continue", "Continue", priority=True),
        Binding("m", "app.skill_map", "Skill map"),
        Binding("p", "app.progress", "Progress"),
        Binding("g", "app.goal", "Goal"),
        Binding("s", "app.settings", "Settings"),
        Binding("l", "app.switch_learner", "Learner"),
        Binding("q", "app.leave", "Quit"),
    ]

    class PackChosen(Message):
        """The learner chose a pack to study."""

        def __init__(self, pack_id: str) -> None:
            super().__init__()
            self.pack_id = pack_id

    def __init__(self, data: HomeData) -> None:
        super().__init__()
        self.data = data

    def compose(self) -> ComposeResult:
        data = self.data
        yield Header()
        with VerticalScroll(id="home"):
            yield Label(f"Hello, {data.learner.name}.", classes="title", markup=False)
            today = f"Today: {data.minutes_today} min"
            if data.daily_target:
                met = " ✓" if data.minutes_today >= data.daily_target else ""
                today += f" of your {data.daily_target} min{met}"
            streak = (
                f"{data.streak} day{'s' if data.streak != 1 else ''} in a row"
                if data.streak
                else "Start a streak today"
            )
            yield Static(f"{today}  ·  {streak}", id="today", markup=False)
            if data.goal:
                yield Static(f"Goal: {data.goal}", id="goal", markup=False)
                yield Static(data.forecast or "", id="forecast", markup=False)
            else:
                yield Static("No goal yet: press g to set one.", id="goal", classes="hint-inline")
            if data.catch_up:
                yield Static(data.catch_up, id="catch-up", markup=False)
            with Vertical(id="next-box"):
                yield Label("Next", classes="subtitle")
                yield Static(data.next_activity.reason, id="next-reason", markup=False)
                yield Button("Continue  ⏎", id="continue", variant="primary")
            yield Label("Your packs (↑↓ to choose)", classes="subtitle")
            yield OptionList(*[self._pack_option(line) for line in data.packs], id="packs")
        yield Footer()

    def _pack_option(self, line: PackLine) -> Option:
        text = Text(f"{line.title:<28.28} ")
        text.append(mastery_bar(line.mastery, 10))
        text.append(f"  {line.mastered}/{line.total} mastered", style="dim")
        if line.id == self.data.pack_id:
            text.append("  ◀ studying", style="bold")
        return Option(text, id=line.id)

    def on_mount(self) -> None:
        packs = self.query_one("#packs", OptionList)
        ids = [line.id for line in self.data.packs]
        if self.data.pack_id in ids:
            packs.highlighted = ids.index(self.data.pack_id)
        packs.focus()

    def action_continue(self) -> None:
        """Called on Enter: study the highlighted pack."""
        packs = self.query_one("#packs", OptionList)
        index = packs.highlighted
        pack_id = self.data.packs[index].id if index is not None else self.data.pack_id
        self.post_message(self.PackChosen(pack_id))

    @on(Button.Pressed, "#continue")
    def _pressed(self) -> None:
        self.post_message(self.PackChosen(self.data.pack_id))


class SkillMapScreen(Screen[str | None]):
    """The pack's skills as a tree of what leads to what, with each skill's state."""

    BINDINGS = [
        Binding("escape,q", "dismiss_none", "Back"),
    ]

    SYMBOLS = {
        "mastered": "✓",
        "review due": "↻",
        "in progress": "◐",
        "ready": "○",
        "locked": "🔒",
    }

    def __init__(self, title: str, reports: list[SkillReport]) -> None:
        super().__init__()
        self.pack_title = title
        self.reports = {report.skill.id: report for report in reports}

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="map"):
            yield Label(f"{self.pack_title}: skill map", classes="title")
            yield Static(
                "✓ mastered  ↻ review due  ◐ in progress  ○ ready  🔒 locked   "
                "Enter studies a ready skill",
                id="legend",
            )
            tree: Tree[str] = Tree(self.pack_title, id="skills")
            tree.show_root = False
            yield tree
        yield Footer()

    def on_mount(self) -> None:
        tree = self.query_one(Tree)
        dependents: dict[str, list[str]] = {sid: [] for sid in self.reports}
        for report in self.reports.values():
            for required in report.skill.requires:
                dependents.setdefault(required, []).append(report.skill.id)
        shown: set[str] = set()

        def label(skill_id: str, again: bool = False) -> Text:
            report = self.reports[skill_id]
            text = Text(f"{self.SYMBOLS[report.status]} {report.skill.title} ")
            if again:
                text.append("(see above)", style="dim")
                return text
            text.append(mastery_bar(report.progress.p_known, 8))
            text.append(f"  {report.status}", style="dim")
            return text

        def grow(node: Any, skill_id: str) -> None:
            if skill_id in shown:
                node.add_leaf(label(skill_id, again=True), data=skill_id)
                return
            shown.add(skill_id)
            children = dependents.get(skill_id, [])
            if children:
                branch = node.add(label(skill_id), data=skill_id, expand=True)
                for child in children:
                    grow(branch, child)
            else:
                node.add_leaf(label(skill_id), data=skill_id)

        for skill_id, report in self.reports.items():
            if not report.skill.requires:
                grow(tree.root, skill_id)
        tree.focus()

    @on(Tree.NodeSelected)
    def _chosen(self, event: Tree.NodeSelected[str]) -> None:
        skill_id = event.node.data
        if skill_id is None:
            return
        report = self.reports[skill_id]
        if report.status == "locked":
            needs = ", ".join(
                self.reports[r].skill.title
                for r in report.skill.requires
                if not self.reports[r].mastered
            )
            self.notify(f"{report.skill.title} needs {needs} first.", title="Not ready yet")
            return
        self.dismiss(skill_id)

    def action_dismiss_none(self) -> None:
        """Called to go back without choosing."""
        self.dismiss(None)


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
        yield Header()
        with VerticalScroll(id="lesson"):
            yield Static(self.activity.reason, classes="reason")
            if not self.lesson.lstrip().startswith("# "):
                yield Label(self.lesson_title, classes="title")
            yield Markdown(self.lesson, id="lesson-body")
            yield Static("Press Enter to practise.", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#lesson", VerticalScroll).focus()

    def action_practice(self) -> None:
        """Called on Enter: the lesson is read."""
        self.post_message(self.Read())

    def action_why(self) -> None:
        """Called on `?`: say why this lesson was picked."""
        self.notify(self.activity.reason, title="Why this?")


# Typed answers take every letter key, so there the footer offers the function keys instead.
_TYPED = frozenset({"short", "numeric", "cloze"})
# Actions bound to a letter, and their twins bound to a function key, which work while typing.
_LETTER_KEYS = {"hint", "why", "not_sure"}
_FUNCTION_KEYS = {"hint_f", "why_f", "not_sure_f"}


class AfterKeys(Message):
    """Carries `then` up the way keys go, to run once the keys pressed before it are handled.

    A key travels from the focused widget up through its parents to the app, which runs the key's
    binding when it gets there. Posted on the focused widget, this message takes the same road
    behind the keys already on it, and the app runs `then` when it arrives (`TutorApp`).
    """

    def __init__(self, then: Callable[[], None]) -> None:
        super().__init__()
        self.then = then


def _after_typing(screen: Screen[Any], submit: Callable[[], None]) -> None:
    """Run `submit` once every key pressed before Enter has been handled, and none after it.

    Enter is a priority binding (the lists would take it otherwise), so it runs as soon as it
    arrives, while the keys pressed just before it (typed fast, pasted, or sent together as `4`
    then Enter) may still be on their way. A box takes its letters in its own queue: `submit`
    waits there, behind them and ahead of any typed after Enter. A list's digits are bindings,
    run by the app when the key has travelled up to it: `submit` travels the same road.
    """
    focused = screen.focused
    if isinstance(focused, Input):
        focused.call_later(submit)
    elif focused is not None:
        focused.post_message(AfterKeys(submit))
    else:
        submit()


def _offered(action: str, typed: bool) -> bool:
    """Whether the footer offers this action: letters unless typing, function keys when typing."""
    if action in _LETTER_KEYS:
        return not typed
    if action in _FUNCTION_KEYS:
        return typed
    return True


class QuestionScreen(Screen[None]):
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
        super().__init__()
        self.activity = activity
        self.shown = shown
        self.skill_title = skill_title
        self.hints_used = 0
        self.shown_at = time.monotonic()
        self.state = "asking"  # asking, saving, answered

    def compose(self) -> ComposeResult:
        question = self.shown.question
        kind = "Review" if self.activity.kind == "review" else "Practice"
        yield Header()
        with VerticalScroll(id="question"):
            yield Static(f"{kind} · {self.skill_title}", classes="reason")
            yield Markdown(self.shown.prompt, id="prompt")
            yield ANSWER_WIDGETS[question.type](self.shown, id="answer")
            yield Static(_how_to_answer(question.type), id="how", classes="hint")
            yield Markdown("", id="hints")
            yield Static("", id="problem")
            yield Vertical(id="feedback")
        yield Footer()

    def on_mount(self) -> None:
        self.shown_at = time.monotonic()
        answer = self.query_one(AnswerWidget)
        focusable = answer.query("OptionList, SelectionList, Input")
        if focusable:
            focusable.first().focus()

    def action_submit(self) -> None:
        """Called on Enter while asking: submit the answer."""
        _after_typing(self, self._submit)

    def action_go_on(self) -> None:
        """Called on Enter once the feedback shows: the next activity."""
        self.post_message(self.Next())

    def _submit(self) -> None:
        if self.state != "asking":
            return
        response = _read_answer(self)
        if response is None:
            return
        self.state = "saving"
        self.query_one("#problem", Static).update("")
        seconds = time.monotonic() - self.shown_at
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
        return _offered(action, self.shown.question.type in _TYPED)

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

    def show_problem(self, text: str) -> None:
        """Say why the answer could not be taken, and let the learner try again."""
        self.state = "asking"
        self.query_one("#problem", Static).update(text)


def _read_answer(screen: Screen[Any]) -> Any | None:
    """The answer on `screen`, or None after saying on it what is missing or cannot be read."""
    answer = screen.query_one(AnswerWidget)
    response = answer.response()
    if response is None:
        screen.query_one("#problem", Static).update(answer.missing())
        return None
    question = answer.shown.question
    if question.type == "numeric":
        try:
            grading.parse_response(question, response)
        except grading.ResponseError as error:
            screen.query_one("#problem", Static).update(str(error))
            return None
    return response


def _how_to_answer(kind: str) -> str:
    return {
        "choice": "Press a number or use ↑↓, then Enter.",
        "multi": "Space or a number toggles each choice; Enter submits.",
        "truefalse": "Press t or f, then Enter.",
        "short": "Type your answer, then Enter.",
        "numeric": "Type a number (like 3, 0.5 or 1/2), then Enter.",
        "order": "↑↓ choose an item, shift+↑↓ (or - and +) move it; Enter submits.",
        "match": "↑↓ choose a left item, press the number of its partner; Enter submits.",
        "cloze": "Type each blank; Tab moves on; Enter submits.",
    }[kind]


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


class PlacementOfferScreen(ModalScreen[bool | None]):
    """Offered when a learner starts a pack: check what they know, or start at the beginning.

    Dismissed with True for the check, False for the beginning, None to go back undecided.
    """

    BINDINGS = [
        Binding("c", "choose(True)", "Check"),
        Binding("b", "choose(False)", "Beginning"),
        Binding("escape", "choose(None)", "Back"),
    ]

    def __init__(self, pack_title: str, max_questions: int) -> None:
        super().__init__()
        self.pack_title = pack_title
        self.max_questions = max_questions

    def compose(self) -> ComposeResult:
        with Vertical(id="offer"):
            yield Label(f"New to {self.pack_title}?", classes="title", markup=False)
            yield Static(
                f"A short check (at most {self.max_questions} questions) finds what you already "
                "know so you can skip it.",
                id="offer-text",
            )
            with Horizontal(id="buttons"):
                yield Button("Check what I know", id="check", variant="primary")
                yield Button("Start from the beginning", id="beginning")
            yield Static("c: the check  ·  b: from the beginning  ·  Esc: back", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#check", Button).focus()

    @on(Button.Pressed, "#check")
    def _check(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#beginning")
    def _beginning(self) -> None:
        self.dismiss(False)

    def action_choose(self, check: bool | None) -> None:
        """Called on c, b or Esc: the check, the beginning, or back undecided."""
        self.dismiss(check)


class PlacementScreen(Screen[None]):
    """One question of the placement check: answered without marking, then the next."""

    BINDINGS = [
        Binding("enter", "submit", "Submit", priority=True),
        Binding("n", "not_sure", "Not sure"),
        Binding("f3", "not_sure_f", "Not sure", priority=True),
        Binding("escape,q", "stop", "Stop the check"),
    ]

    class Answered(Message):
        """The learner submitted an answer."""

        def __init__(self, response: Any, seconds: float) -> None:
            super().__init__()
            self.response = response
            self.seconds = seconds

    class NotSure(Message):
        """The learner does not know how to answer."""

    class Stopped(Message):
        """The learner wants the check to end now."""

    def __init__(
        self, shown: Presented, skill_title: str, number: int, max_questions: int, note: str = ""
    ) -> None:
        super().__init__()
        self.shown = shown
        self.skill_title = skill_title
        self.number = number
        self.max_questions = max_questions
        self.note = note
        self.shown_at = time.monotonic()
        self.state = "asking"  # asking, saving, stopping
        # Stop was pressed while an answer was being saved: stop once it is.
        self.stop_asked = False

    def compose(self) -> ComposeResult:
        kind = self.shown.question.type
        not_sure = "F3" if kind in _TYPED else "n"
        yield Header()
        with VerticalScroll(id="placement"):
            yield Static(
                f"Placement check · question {self.number} of at most {self.max_questions} · "
                f"{self.skill_title}",
                classes="reason",
                markup=False,
            )
            if self.note:
                yield Static(self.note, id="saved", markup=False)
            yield Markdown(self.shown.prompt, id="prompt")
            yield ANSWER_WIDGETS[kind](self.shown, id="answer")
            yield Static(
                f"{_how_to_answer(kind)} Not sure? Press {not_sure}. Esc ends the check.",
                id="how",
                classes="hint",
            )
            yield Static("", id="problem")
        yield Footer()

    def on_mount(self) -> None:
        self.shown_at = time.monotonic()
        focusable = self.query_one(AnswerWidget).query("OptionList, SelectionList, Input")
        if focusable:
            focusable.first().focus()

    def action_submit(self) -> None:
        """Called on Enter: hand the answer up to be stored; it is not marked."""
        _after_typing(self, self._submit)

    def _submit(self) -> None:
        if self.state != "asking":
            return
        response = _read_answer(self)
        if response is None:
            return
        self._waiting("Saving…")
        self.post_message(self.Answered(response, time.monotonic() - self.shown_at))

    def action_not_sure(self) -> None:
        """Called on n (F3 while typing): go on without an answer."""
        if self.state == "asking":
            self._waiting("")
            self.post_message(self.NotSure())

    action_not_sure_f = action_not_sure

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer `n`, or while typing an answer F3."""
        return _offered(action, self.shown.question.type in _TYPED)

    def action_stop(self) -> None:
        """Called on Esc or q: end the check; an answer being saved is kept first."""
        if self.state == "saving":
            self.stop_asked = True
            self.query_one("#problem", Static).update("Stopping once the answer is saved…")
        elif self.state == "asking":
            self.state = "stopping"
            self.post_message(self.Stopped())

    def _waiting(self, text: str) -> None:
        self.state = "saving"
        self.query_one("#problem", Static).update(text)

    def show_problem(self, text: str) -> None:
        """Say why the answer could not be taken, and let the learner try again."""
        self.state = "asking"
        self.stop_asked = False
        self.query_one("#problem", Static).update(text)


@dataclass(frozen=True)
class PlacementOutcome:
    """What a placement check found, in words, for the result screen."""

    pack_title: str
    questions: int
    why: str
    known: list[str]
    not_known: list[str]
    unsure: list[str]
    skipped: int


class PlacementResultScreen(Screen[None]):
    """What the check found: skills known (skipped from now on), not known, unsure."""

    BINDINGS = [
        Binding("enter", "study", "Study", priority=True),
        Binding("escape", "app.home", "Home"),
        Binding("q", "app.leave", "Quit"),
    ]

    class Study(Message):
        """The learner has read the result and wants to study."""

    def __init__(self, outcome: PlacementOutcome) -> None:
        super().__init__()
        self.outcome = outcome

    def compose(self) -> ComposeResult:
        found = self.outcome
        noun = "question" if found.questions == 1 else "questions"
        yield Header()
        with VerticalScroll(id="placement-result"):
            yield Label(f"{found.pack_title}: what you already know", classes="title", markup=False)
            yield Static(f"{found.questions} {noun} ({found.why}).", markup=False)
            for key, heading, titles in (
                ("known", "✓ Known: skipped, reviewed later", found.known),
                ("not-known", "✗ Not known yet: you will study these", found.not_known),
                ("unsure", "? Not sure yet: you will study these too", found.unsure),
            ):
                yield Label(heading, classes="subtitle")
                yield Static(", ".join(titles) or "none", id=key, markup=False)
            if not found.questions:
                skipped = "No answers, so nothing is skipped."
            elif found.skipped:
                skills = "skill" if found.skipped == 1 else "skills"
                skipped = f"{found.skipped} {skills} will be skipped."
            else:
                skipped = "Nothing is skipped: you start from the beginning."
            yield Static(skipped, id="skipped", classes="verdict")
            yield Static("Press Enter to study.", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#placement-result", VerticalScroll).focus()

    def action_study(self) -> None:
        """Called on Enter: go on studying."""
        self.post_message(self.Study())


class SummaryScreen(ModalScreen[None]):
    """What the session achieved, shown when leaving."""

    BINDINGS = [Binding("enter,escape,q,space", "close", "Close", priority=True)]

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(id="summary"):
            yield Label("This session", classes="title")
            for line in self.lines:
                yield Static(line)
            yield Static("Your answers are saved. Press Enter to close.", classes="hint")

    def action_close(self) -> None:
        """Called on Enter: close the summary."""
        self.dismiss(None)


class ProgressScreen(Screen[None]):
    """Progress as pictures: mastery over time, the calendar, reviews ahead, standouts."""

    BINDINGS = [Binding("escape,q,p", "app.pop_screen", "Back")]

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="progress"):
            yield Label("Your progress", classes="title")
            yield Static("\n".join(self.lines), id="overview", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#progress", VerticalScroll).focus()


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


@dataclass(frozen=True)
class GoalChoice:
    """A goal the learner set in the app."""

    due_by: str
    daily_minutes: int


class GoalScreen(ModalScreen[GoalChoice | None]):
    """Set a goal for the pack: by when, and how many minutes a day."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, pack_title: str, current: str | None, suggested_date: str) -> None:
        super().__init__()
        self.pack_title = pack_title
        self.current = current
        self.suggested_date = suggested_date

    def compose(self) -> ComposeResult:
        with Vertical(id="goal-form"):
            yield Label(f"A goal for {self.pack_title}", classes="title", markup=False)
            if self.current:
                yield Static(f"Now: {self.current}", classes="hint", markup=False)
            with Horizontal(classes="setting"):
                yield Label("Master it by (YYYY-MM-DD)")
                yield Input(self.suggested_date, id="due-by")
            with Horizontal(classes="setting"):
                yield Label("Minutes a day (5–240)")
                yield Input("20", id="daily", type="integer")
            yield Static("", id="problem")
            with Horizontal(id="buttons"):
                yield Button("Set goal", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def _save(self) -> None:
        try:
            minutes = int(self.query_one("#daily", Input).value)
        except ValueError:
            self.query_one("#problem", Static).update("Type the minutes as a whole number.")
            return
        self.dismiss(GoalChoice(self.query_one("#due-by", Input).value.strip(), minutes))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Called to leave without setting a goal."""
        self.dismiss(None)


@dataclass(frozen=True)
class Settings:
    """The settings a learner can change in the app."""

    session_minutes: int
    desired_retention: float
    theme: str
    daily_review_cap: int = DAILY_REVIEW_CAP
    streak_forgive_per_week: int = 1
    # Whether a PIN guards the profile; a new PIN to set, or True to remove it.
    has_pin: bool = False
    new_pin: str | None = None
    remove_pin: bool = False


class _Form(VerticalScroll, can_focus=False):
    """A form that scrolls when the terminal is short; its fields take the focus, not it."""


class SettingsScreen(ModalScreen[Settings | None]):
    """Session length, reviews a day, desired retention, streak forgiveness and theme."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: Settings) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        forgive = self.current.streak_forgive_per_week
        with _Form(id="settings"):
            yield Label("Settings", classes="title")
            with Horizontal(classes="setting"):
                yield Label("Session length (minutes)")
                yield Input(str(self.current.session_minutes), id="minutes", type="integer")
            with Horizontal(classes="setting"):
                yield Label("Reviews a day at most (5–500)")
                yield Input(str(self.current.daily_review_cap), id="review-cap", type="integer")
            with Horizontal(classes="setting"):
                yield Label("Recall to aim for in reviews (70–97%)")
                yield Input(
                    str(round(100 * self.current.desired_retention)), id="retention", type="integer"
                )
            with Horizontal(classes="setting"):
                yield Label("Streak forgives missed days a week")
                yield Select(
                    [(_days(n), n) for n in sorted({0, 1, 2, forgive})],
                    value=forgive,
                    allow_blank=False,
                    id="forgive",
                )
            with Horizontal(classes="setting"):
                yield Label("Theme")
                yield Select(
                    [("Dark", "textual-dark"), ("Light", "textual-light")],
                    value=self.current.theme
                    if self.current.theme in ("textual-dark", "textual-light")
                    else "textual-dark",
                    allow_blank=False,
                    id="theme",
                )
            with Horizontal(classes="setting"):
                yield Label(
                    "New PIN (blank keeps yours)"
                    if self.current.has_pin
                    else "A PIN for your profile (optional)"
                )
                yield Input(id="pin", password=True, max_length=8, restrict=r"[0-9]*")
            if self.current.has_pin:
                yield Checkbox("Remove my PIN", id="remove-pin", classes="setting")
            yield Static("", id="problem")
            with Horizontal(id="buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def _save(self) -> None:
        try:
            minutes = int(self.query_one("#minutes", Input).value)
            cap = int(self.query_one("#review-cap", Input).value)
            retention = int(self.query_one("#retention", Input).value)
        except ValueError:
            self.query_one("#problem", Static).update("Type whole numbers.")
            return
        if not 5 <= minutes <= 240:
            self.query_one("#problem", Static).update("A session lasts 5 to 240 minutes.")
            return
        if not 5 <= cap <= 500:
            self.query_one("#problem", Static).update("Allow 5 to 500 reviews a day.")
            return
        if not 70 <= retention <= 97:
            self.query_one("#problem", Static).update("Aim for a recall between 70% and 97%.")
            return
        theme = str(self.query_one("#theme", Select).value)
        forgive = int(self.query_one("#forgive", Select).value)  # type: ignore[arg-type]
        pin = self.query_one("#pin", Input).value or None
        if pin is not None:
            try:
                check_new_pin(pin)
            except TutorError as error:
                rule = str(error).removeprefix("a PIN must be ")
                self.query_one("#problem", Static).update(f"A PIN is {rule}.")
                return
        remove = bool(self.query("#remove-pin") and self.query_one("#remove-pin", Checkbox).value)
        self.dismiss(
            Settings(
                minutes,
                retention / 100,
                theme,
                cap,
                forgive,
                has_pin=self.current.has_pin,
                new_pin=None if remove else pin,
                remove_pin=remove,
            )
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Called to leave the settings unchanged."""
        self.dismiss(None)


def _days(count: int) -> str:
    return "none" if count == 0 else f"{count} day{'s' if count != 1 else ''}"
