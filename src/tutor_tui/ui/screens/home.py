"""The learner's home: where they stand in each pack, and one obvious way to continue."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    Button,
    Footer,
    Header,
    Label,
    OptionList,
    Static,
)
from textual.widgets.option_list import Option

from tutor_tui.core.errors import TutorError
from tutor_tui.core.learner import Learner
from tutor_tui.core.planner import Activity
from tutor_tui.service.tutor import Tutor
from tutor_tui.ui.widgets.mastery import mastery_bar


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

    @staticmethod
    def pack_to_show(
        tutor: Tutor, learner: Learner, wanted: str | None, current: str | None
    ) -> str:
        """The pack home is on: the one asked for by name (which must be found), else the one
        on before, else the learner's last, else the first."""
        if not tutor.packs:
            raise TutorError("no content packs found; see `tutor packs list`")
        if wanted is not None and wanted not in tutor.packs:
            tutor.pack(wanted)  # asked for on the command line: says why not, as commands do
        pack_id = wanted or current or learner.settings.get("last_pack")
        if pack_id is None or pack_id not in tutor.packs:
            return next(iter(tutor.packs))
        return str(pack_id)

    @classmethod
    def gather(cls, tutor: Tutor, learner: Learner, pack_id: str) -> HomeData:
        """Ask the tutor for what the home screen shows (slow: call it in a worker)."""
        lines = []
        for pid in tutor.packs:
            pack = tutor.pack(pid)
            reports = tutor.skill_reports(learner, pack)
            mastered = sum(r.mastered for r in reports)
            lines.append(
                PackLine(pid, pack.title, mastered, len(reports), mastered / max(1, len(reports)))
            )
        minutes_today = round(
            tutor.study_days(learner, days=1).get(tutor.now().astimezone().date(), 0) / 60
        )
        goal = tutor.active_goal(learner, pack_id)
        goal_text = forecast_text = None
        if goal is not None:
            goal_text = goal.describe(tutor.pack(pack_id))
            forecast_text = tutor.forecast(learner, goal).summary()
        return cls(
            learner=learner,
            pack_id=pack_id,
            packs=lines,
            next_activity=tutor.next(learner, pack_id),
            minutes_today=minutes_today,
            daily_target=goal.daily_minutes if goal else None,
            streak=tutor.streak(learner),
            goal=goal_text,
            forecast=forecast_text,
            catch_up=tutor.catch_up(learner, pack_id),
        )


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
