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
    Label,
    OptionList,
    Static,
)
from textual.widgets.option_list import Option

from tutor_tui.core.errors import TutorError
from tutor_tui.core.learner import Learner
from tutor_tui.core.pace import DayGoal
from tutor_tui.core.planner import Activity
from tutor_tui.core.words import plural
from tutor_tui.service.tutor import Tutor
from tutor_tui.ui.widgets.footer import Footer
from tutor_tui.ui.widgets.mastery import mastery_bar
from tutor_tui.ui.widgets.title import TitleBar


@dataclass(frozen=True)
class PackLine:
    """A pack on the home screen: where the learner stands in it, and what comes next there."""

    id: str
    title: str
    mastered: int
    total: int
    mastery: float
    next_activity: Activity
    reviews_due: int = 0
    # Checks of skills placed out due today: counted apart from the reviews.
    checks_due: int = 0
    # Skills placed out: known by a placement check, counted apart from those mastered.
    placed_out: int = 0
    daily_target: int | None = None
    goal: str | None = None
    forecast: str | None = None
    catch_up: str | None = None


@dataclass(frozen=True)
class HomeData:
    """Everything the home screen shows."""

    learner: Learner
    pack_id: str
    packs: list[PackLine]
    minutes_today: int
    streak: int
    # What rebuilds changed in where the learner stands, until they have read it (the app
    # shows it over the home, `StandingScreen`, and forgets it once closed).
    standing: tuple[str, ...] = ()

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
        return cls(
            learner=learner,
            pack_id=pack_id,
            packs=[_pack_line(tutor, learner, pid) for pid in tutor.packs],
            minutes_today=tutor.minutes_today(learner),
            streak=tutor.streak(learner),
            standing=tuple(tutor.standing_notice(learner, forget=False)),
        )

    @property
    def current(self) -> PackLine:
        """The pack the learner is on."""
        return next(line for line in self.packs if line.id == self.pack_id)


def _pack_line(tutor: Tutor, learner: Learner, pack_id: str) -> PackLine:
    """One pack's line on home, with its next activity and goal (in a worker)."""
    pack = tutor.pack(pack_id)
    reports = tutor.skill_reports(learner, pack)
    mastered = sum(r.mastered for r in reports)
    goal = tutor.active_goal(learner, pack_id)
    next_activity = tutor.next(learner, pack_id)
    return PackLine(
        id=pack_id,
        title=pack.title,
        mastered=mastered,
        total=len(reports),
        mastery=mastered / max(1, len(reports)),
        next_activity=next_activity,
        # The planner's count, as `tutor next` says it: reviews due by the end of today.
        reviews_due=next_activity.reviews_due,
        checks_due=next_activity.checks_due,
        placed_out=sum(r.status == "placed out" for r in reports),
        daily_target=goal.daily_minutes if goal else None,
        goal=goal.describe(pack) if goal else None,
        forecast=tutor.forecast(learner, goal).summary() if goal else None,
        catch_up=tutor.catch_up(learner, pack_id),
    )


class PackList(OptionList):
    """The learner's packs, each row fitted to the list's width: Enter studies the one
    highlighted."""

    # Enter is the list's own key, not a priority key of the screen: keys reach the list in the
    # order typed, so an arrow typed just before Enter has moved the list when Enter is read.
    BINDINGS = [Binding("enter", "select", "Continue")]

    def __init__(self, lines: list[PackLine], studying: str, *, id: str | None = None) -> None:
        rows = pack_rows(lines, studying, None)
        super().__init__(
            *[Option(row, id=line.id) for row, line in zip(rows, lines, strict=True)], id=id
        )
        self.lines = lines
        self.studying = studying
        # The width the rows were made for (None: not yet fitted).
        self._room: int | None = None

    def on_resize(self) -> None:
        """Called when the list's size changes (a scroll bar beside it too): the rows made
        again to fit, so that none wraps."""
        room = self.scrollable_content_region.width - 2  # less an option's padding
        if room <= 0 or room == self._room:
            return
        self._room = room
        for index, row in enumerate(pack_rows(self.lines, self.studying, room)):
            self.replace_option_prompt_at_index(index, row)


class HomeScreen(Screen[None]):
    """The learner's home: where they stand, and one obvious way to continue."""

    BINDINGS = [
        Binding("enter", "continue", "Continue"),
        Binding("q", "app.leave", "Quit"),
        Binding("m", "app.skill_map", "Map"),
        Binding("p", "app.progress", "Progress"),
        Binding("g", "app.goal", "Goal"),
        Binding("s", "app.settings", "Settings"),
        Binding("l", "app.switch_learner", "Learner"),
        Binding("f1", "app.help", "Help"),
    ]

    class PackChosen(Message):
        """The learner chose a pack to study."""

        def __init__(self, pack_id: str) -> None:
            super().__init__()
            self.pack_id = pack_id

    class PackHighlighted(Message):
        """The learner moved to a pack in the list: the skill map and the goal are now its."""

        def __init__(self, pack_id: str) -> None:
            super().__init__()
            self.pack_id = pack_id

    def __init__(self, data: HomeData) -> None:
        super().__init__()
        self.data = data

    def compose(self) -> ComposeResult:
        data = self.data
        yield TitleBar()
        with VerticalScroll(id="home"):
            yield Label(f"Hello, {data.learner.name}.", classes="title", markup=False)
            yield Static("", id="today", markup=False)
            yield Static("", id="goal", markup=False)
            yield Static("", id="forecast", markup=False)
            yield Static("", id="catch-up", markup=False)
            with Vertical(id="next-box"):
                yield Label("", id="next-title", classes="subtitle", markup=False)
                yield Static("", id="next-reason", markup=False)
                yield Button("Continue  ⏎", id="continue", variant="primary")
            yield Label("Your packs (↑↓ to choose, Enter studies)", classes="subtitle")
            yield PackList(data.packs, data.pack_id, id="packs")
        yield Footer()

    def on_mount(self) -> None:
        packs = self.query_one("#packs", OptionList)
        ids = [line.id for line in self.data.packs]
        if self.data.pack_id in ids:
            packs.highlighted = ids.index(self.data.pack_id)
        self.show_pack(self.chosen)
        packs.focus()

    @property
    def chosen(self) -> PackLine:
        """The pack highlighted in the list, which Enter and Continue study."""
        index = self.query_one("#packs", OptionList).highlighted
        return self.data.packs[index] if index is not None else self.data.current

    @on(OptionList.OptionHighlighted, "#packs")
    def _highlighted(self) -> None:
        self.show_pack(self.chosen)
        self.post_message(self.PackHighlighted(self.chosen.id))

    def show_pack(self, line: PackLine) -> None:
        """Show the day's minutes, the goal and what comes next for the pack `line`."""
        data = self.data
        today = f"Today: {data.minutes_today} min"
        if line.daily_target:
            met = " ✓ goal met" if DayGoal(data.minutes_today, line.daily_target).met else ""
            today += f" of your {line.daily_target} min{met}"
        streak = (
            f"{data.streak} day{'s' if data.streak != 1 else ''} in a row"
            if data.streak
            else "Start a streak today"
        )
        self.query_one("#today", Static).update(f"{today}  ·  {streak}")
        goal = self.query_one("#goal", Static)
        goal.update(f"Goal: {line.goal}" if line.goal else "No goal yet: press g to set one.")
        goal.set_class(not line.goal, "hint-inline")
        for selector, text in (("#forecast", line.forecast), ("#catch-up", line.catch_up)):
            widget = self.query_one(selector, Static)
            widget.update(text or "")
            widget.display = bool(text)
        due = [
            f"↻ {plural(line.reviews_due, 'review')} due today" if line.reviews_due else "",
            f"» {plural(line.checks_due, 'check')} due today" if line.checks_due else "",
        ]
        title = " · ".join([f"Next in {line.title}", *filter(None, due)])
        self.query_one("#next-title", Label).update(title)
        self.query_one("#next-reason", Static).update(line.next_activity.reason)

    def action_continue(self) -> None:
        """Called on Enter: study the highlighted pack."""
        self.post_message(self.PackChosen(self.chosen.id))

    @on(OptionList.OptionSelected, "#packs")
    @on(Button.Pressed, "#continue")
    def _pressed(self) -> None:
        self.post_message(self.PackChosen(self.chosen.id))


# The most cells a pack's title takes in its row.
TITLE_CELLS = 28


def pack_rows(lines: list[PackLine], studying: str, room: int | None) -> list[Text]:
    """The packs' rows, the fullest form that fits `room` cells (None: no limit) for every
    row, so that their columns stay in line: a narrow list drops the mastery bar (the counts
    say it), then shortens "◀ studying" to its mark, then what is due to its mark and number,
    then cuts the titles with an ellipsis; the counts and what is due always show."""
    titles = min(TITLE_CELLS, max((Text(line.title).cell_len for line in lines), default=0))
    for form in range(FORMS):
        rows = [pack_row(line, line.id == studying, titles, form) for line in lines]
        if room is None or all(row.cell_len <= room for row in rows):
            return rows
    assert room is not None  # no limit fits the first form
    tails = max(row.cell_len for row in rows) - titles - 1
    titles = max(room - tails - 1, 8)
    return [pack_row(line, line.id == studying, titles, FORMS - 1) for line in lines]


# How many forms a pack's row has, fullest first (`pack_row`).
FORMS = 4


def pack_row(line: PackLine, studying: bool, title_cells: int, form: int = 0) -> Text:
    """A pack's row: its title in `title_cells` cells, then (`form` 0) its mastery bar, its
    counts, what is due, and whether it is being studied; form 1 without the bar, form 2 with
    the mark of "studying" alone, form 3 with what is due as its mark and number alone."""
    title = Text(line.title)
    title.truncate(title_cells, overflow="ellipsis", pad=True)
    row = title + " "
    if form == 0:
        row += mastery_bar(line.mastery, 10) + "  "
    row.append(f"{line.mastered}/{line.total} mastered", style="dim")
    if line.placed_out:
        row.append(f" · {line.placed_out} placed out", style="dim")
    short = form >= 3
    if line.reviews_due:
        row.append(f"  ↻ {line.reviews_due}{'' if short else ' due'}", style="bold")
    if line.checks_due:
        row.append(f"  » {line.checks_due}{'' if short else ' to check'}", style="bold")
    if studying:
        row.append("  ◀" if form >= 2 else "  ◀ studying", style="dim")
    return row
