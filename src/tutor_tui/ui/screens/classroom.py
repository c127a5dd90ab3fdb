"""The tutor's class screen: who needs help now, a heat map per pack, and everyone's standing.

The screen shows a `ClassReport` (its `load` gathers one, in a worker) and decides nothing. Who
needs help comes first, since that is what a tutor looks at in the middle of a lesson; below it,
one tab per pack holds that pack's heat map (learners by skills) and a last tab, "Everyone", the
summary.
Names and titles are people's words, so they go in as plain text, never as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import (
    Collapsible,
    DataTable,
    Label,
    Static,
    TabbedContent,
    TabPane,
)

from tutor_tui.core.classroom import ClassReport, HeatCell, HeatMap
from tutor_tui.render import classroom
from tutor_tui.ui.widgets.footer import Footer
from tutor_tui.ui.widgets.title import TitleBar

if TYPE_CHECKING:
    from tutor_tui.service.tutor import Tutor

NO_LEARNERS = "No learners yet: add your class with tutor learners import roster.csv"
NO_ONE_NEEDS_HELP = "No one needs help right now."
NO_ONE_STUDIES = "No one studies this pack yet."
NO_PACKS = "No one has begun a pack yet."
# Ink for the heat map's cells: dark on the light band colours, which read on any theme.
INK = "#111827"
STUCK_INK = "#9a3412"
# A name longer than this is shortened in the tables, so one long name does not push the skills
# and the summary's columns out of an 80-column view; the line under the heat map says it whole.
NAME_WIDTH = 18


def short_name(name: str) -> Text:
    """A name as the tables show it: whole, or cut to NAME_WIDTH cells with an ellipsis."""
    text = Text(name)
    text.truncate(NAME_WIDTH, overflow="ellipsis")
    return text


def heat_cell(cell: HeatCell) -> Text:
    """A heat map cell: mastery right-aligned, its mark (✓, » or !) after, on its band's colour."""
    body = classroom.heat_text(cell)
    marked = body[-1] in ("✓", "!", classroom.PLACED_MARK)
    number, mark = (body[:-1], body[-1]) if marked else (body, " ")
    level = classroom.band(cell)
    if level is None:
        style = "dim"
    elif cell.stuck:
        style = f"bold underline {STUCK_INK} on {classroom.BAND_COLOURS[level]}"
    else:
        style = f"{INK} on {classroom.BAND_COLOURS[level]}"
    # The space after the block, left unstyled, keeps neighbouring cells apart.
    return Text.assemble((f"{number:>3}{mark}", style), " ")


def cell_words(cell: HeatCell) -> str:
    """A heat map cell in words: "87%, mastered", "95%, placed out", "25%, stuck" or "not begun"."""
    if cell.p_known is None:
        return "not begun"
    words = classroom.percent(cell.p_known)
    if cell.mastered:
        words += ", mastered"
    if cell.placed_out:
        words += ", placed out"
    if cell.stuck:
        words += ", stuck: held" if cell.held else ", stuck"
    return words


def heat_key() -> Text:
    """The heat map's key, in one line: the colour bands with their marks."""
    key = Text("Mastery:", style="dim")
    labels = ("<25%", "<50%", "<75%", "75%+", "✓ mastered", f"{classroom.PLACED_MARK} placed out")
    for colour, label in zip(classroom.BAND_COLOURS, labels, strict=True):
        key.append(f" {label} ", style=f"{INK} on {colour}")
    key.append(" ! stuck – not begun", style="dim")
    return key


def skill_names(heat: HeatMap) -> Table:
    """The pack's skills by their column numbers, two to a line, as `tutor report class` has."""
    grid = Table.grid(padding=(0, 3))
    grid.add_column()
    grid.add_column()
    for pair in classroom.skill_key(heat):
        grid.add_row(*[Text.assemble((f"{n:>2} ", "bold"), t) for n, t in filter(None, pair)])
    return grid


class HeatTable(DataTable[Text]):
    """One pack's heat map: a row per learner, a column per skill, numbered as the key below."""

    def __init__(self, heat: HeatMap, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(
            cursor_type="cell",
            # Each cell brings its own gap (see `heat_cell`), so 14 skills fit in 80 columns.
            cell_padding=0,
            # The cursor's colours win over a cell's band, so the cursor shows on every cell.
            cursor_background_priority="css",
            id=id,
            classes=classes,
        )
        self.heat = heat

    def on_mount(self) -> None:
        for number, (skill_id, _) in enumerate(self.heat.pack.skills, 1):
            self.add_column(Text(f"{number:>3}  "), key=skill_id)
        for name, cells in zip(self.heat.learners, self.heat.rows, strict=True):
            label = Text.assemble(" ", short_name(name), " ")
            self.add_row(*(heat_cell(cell) for cell in cells), key=name, label=label)

    def describe(self, coordinate: Coordinate) -> str:
        """The cell at `coordinate` in words: who, which skill, and how they stand on it."""
        row, column = coordinate
        if not 0 <= row < len(self.heat.rows) or not 0 <= column < len(self.heat.pack.skills):
            return ""
        title = self.heat.pack.skills[column][1]
        cell = self.heat.rows[row][column]
        return f"{self.heat.learners[row]} · {column + 1} {title}: {cell_words(cell)}"


class ClassScreen(Screen[None]):
    """The class at a glance for a tutor: who needs help now, a heat map per pack, everyone."""

    BINDINGS = [
        Binding("escape,q", "back", "Back"),
        Binding("left_square_bracket", "switch_tab(-1)", "Prev tab"),
        Binding("right_square_bracket", "switch_tab(1)", "Next tab"),
    ]

    def __init__(self, report: ClassReport) -> None:
        super().__init__()
        self.report = report

    @classmethod
    def load(cls, tutor: Tutor) -> ClassScreen:
        """The screen with the whole class's report (slow: call it in a worker)."""
        from tutor_tui.service.reports import class_report

        return cls(class_report(tutor, None, None))

    def compose(self) -> ComposeResult:
        report = self.report
        count = len(report.learners)
        yield TitleBar()
        with Vertical(id="class"):
            yield Label(report.title(), classes="title", markup=False)
            yield Static(
                f"{count} {'learner' if count == 1 else 'learners'} · "
                f"{classroom.short_day(report.today)}",
                id="class-meta",
                markup=False,
            )
            if not report.learners:
                yield Static(NO_LEARNERS, id="class-empty", markup=False)
            else:
                with VerticalScroll(id="class-help"):
                    yield Label("Who needs help now", classes="subtitle")
                    yield from self._help_lines()
                with TabbedContent(id="class-views"):
                    yield from self._heat_panes()
                    with TabPane("Everyone", id="everyone"):
                        yield DataTable(id="class-summary", cursor_type="row", fixed_columns=1)
                        yield Static(
                            "Placed out: found known by a placement check, not counted as"
                            " mastered until practice confirms it. Mean mastery is"
                            f" {classroom.MEAN_RULE}. Stuck means {classroom.STUCK_RULE}.",
                            classes="class-note",
                            markup=False,
                        )
        yield Footer()

    def _help_lines(self) -> ComposeResult:
        report = self.report
        if not report.needs_help:
            yield Static(NO_ONE_NEEDS_HELP, classes="help-none", markup=False)
            return
        for number, helped in enumerate(report.needs_help, 1):
            line = Text(f"{number}. ")
            line.append(helped.name, style="bold")
            if helped.group and report.group is None:
                line.append(f" ({helped.group})")
            line.append(": " + "; ".join(helped.reasons) + ".")
            yield Static(line, classes="help")

    def _heat_panes(self) -> ComposeResult:
        if not self.report.heat_maps:
            with TabPane("Skills", id="no-packs"):
                yield Static(NO_PACKS, classes="class-note", markup=False)
            return
        for index, heat in enumerate(self.report.heat_maps):
            with TabPane(Content(heat.pack.title), id=f"pack-{index}"):
                if not heat.learners:
                    yield Static(NO_ONE_STUDIES, classes="class-note", markup=False)
                    continue
                yield HeatTable(heat, classes="heat")
                yield Static("", classes="heat-cell", markup=False)
                yield Static(heat_key(), classes="heat-key")
                count = len(heat.pack.skills)
                with Collapsible(title=f"Skill names (1–{count})", classes="skill-names"):
                    yield Static(skill_names(heat))

    def on_mount(self) -> None:
        if not self.report.learners:
            return
        summary = self.query_one("#class-summary", DataTable)
        for index, header in enumerate(classroom.SUMMARY_HEADERS):
            numeric = index in classroom.SUMMARY_NUMBERS
            summary.add_column(Text(header, justify="right" if numeric else "left"))
        for learner in self.report.learners:
            cells = classroom.summary_cells(learner)
            shown = [short_name(cells[0])]
            shown += [
                Text(cell, justify="right" if index in classroom.SUMMARY_NUMBERS else "left")
                for index, cell in enumerate(cells[1:], 1)
            ]
            summary.add_row(*shown, key=learner.name)
        tables = self.query(HeatTable)
        if tables:
            tables.first().focus()

    @on(DataTable.CellHighlighted, ".heat")
    def _cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        table = event.data_table
        if isinstance(table, HeatTable) and table.parent is not None:
            line = table.parent.query_one(".heat-cell", Static)
            line.update(Text(table.describe(event.coordinate)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer the tab keys only when there are tabs to switch (not for an empty class)."""
        if action == "switch_tab":
            return bool(self.report.learners)
        return True

    def action_switch_tab(self, step: int) -> None:
        """Called on [ or ]: show the previous or the next tab, and put the keys on its table."""
        views = self.query_one("#class-views", TabbedContent)
        panes = [pane.id for pane in views.query(TabPane) if pane.id]
        if not panes:
            return
        at = panes.index(views.active) if views.active in panes else 0
        views.active = panes[(at + step) % len(panes)]
        pane = views.get_pane(views.active)
        tables = pane.query(DataTable)
        if tables:
            tables.first().focus()

    def action_back(self) -> None:
        """Called on Esc or q: go back to where the screen was opened from."""
        self.dismiss(None)
