"""The class screen, driven with a tutor's keys: who needs help, a heat map per pack, everyone.

The screen is handed a report built from plain facts (`build_class_report`), as the service would
build it, and is hosted in a bare app with the study app's styles; nothing reads a store.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import DataTable, Static, TabbedContent

from tutor_tui.core.classroom import (
    ClassReport,
    GoalFacts,
    LearnerFacts,
    PackInfo,
    SkillFacts,
    build_class_report,
)
from tutor_tui.render import classroom
from tutor_tui.ui.screens import classroom as class_screen
from tutor_tui.ui.screens.classroom import ClassScreen, HeatTable

SIZE = (80, 24)
# Noon, so that every learner's local day is the same wherever the tests run.
NOW = datetime(2026, 3, 12, 12, 0, tzinfo=UTC)

FRACTIONS = PackInfo(
    "fractions-ratios",
    "Fractions and Ratios",
    (
        ("what-is-a-fraction", "What a fraction is"),
        ("equivalent-fractions", "Equivalent fractions"),
        ("simplifying-fractions", "Simplifying fractions"),
        ("comparing-fractions", "Comparing and ordering fractions"),
        ("mixed-numbers", "Mixed numbers and improper fractions"),
        ("fraction-of-an-amount", "Finding a fraction of an amount"),
    ),
)
PYTHON = PackInfo(
    "python-foundations",
    "Python Foundations",
    (
        ("numbers", "Numbers and arithmetic"),
        ("strings", "Strings"),
        ("variables", "Names and variables"),
        ("booleans", "Booleans and comparisons"),
    ),
)


def skills(pack: PackInfo, *begun: tuple[float, bool, int, int]) -> list[SkillFacts]:
    """A learner's facts on every skill of `pack`: (mastery, mastered, tries, misses in a row)
    for the first skills, the rest not begun."""
    facts = []
    for index, (skill_id, _) in enumerate(pack.skills):
        if index < len(begun):
            p_known, mastered, attempts, misses = begun[index]
            facts.append(SkillFacts(skill_id, p_known, mastered, attempts, misses, True))
        else:
            facts.append(SkillFacts(skill_id, 0.1, False))
    return facts


def goal(status: str, days: int, due: date, set_on: date, finish: date | None) -> GoalFacts:
    """An active goal in the fractions pack."""
    return GoalFacts(FRACTIONS.id, status, days, due, set_on, finish)


def class_facts() -> list[LearnerFacts]:
    """Six learners in two groups, as on 12 March 2026.

    7B: Ana studies well in both packs; Ben has tried the first skill 8 times and still finds it
    hard; Eli missed it 3 times in a row. 7C: Caro has a goal and has been away 10 days; Dee is
    behind on her goal; Gus set a goal 10 days ago and has not begun.
    """

    def ago(days: int) -> datetime:
        return NOW - timedelta(days=days)

    set_on = date(2026, 3, 2)
    return [
        LearnerFacts(
            "Ana", "7B",
            {
                FRACTIONS.id: skills(FRACTIONS, (0.97, True, 6, 0), (0.94, True, 5, 0),
                                     (0.91, True, 5, 0), (0.62, False, 3, 0)),
                PYTHON.id: skills(PYTHON, (0.88, False, 4, 0), (0.31, False, 2, 1)),
            },
            time={FRACTIONS.id: (24, 1260.0), PYTHON.id: (6, 300.0)},
            last_active=ago(0),
        ),
        LearnerFacts(
            "Ben", "7B", {FRACTIONS.id: skills(FRACTIONS, (0.25, False, 8, 1))},
            time={FRACTIONS.id: (8, 240.0)}, last_active=ago(7),
        ),
        LearnerFacts(
            "Caro", "7C",
            {FRACTIONS.id: skills(FRACTIONS, (0.71, False, 4, 0), (0.55, False, 2, 0))},
            time={FRACTIONS.id: (6, 420.0)},
            goals={FRACTIONS.id: goal("behind", -20, date(2026, 5, 1), set_on, date(2026, 5, 21))},
            last_active=ago(10),
        ),
        LearnerFacts(
            "Dee", "7C",
            {
                FRACTIONS.id: skills(FRACTIONS, (0.96, True, 5, 0), (0.45, False, 3, 1)),
                PYTHON.id: skills(PYTHON, (0.52, False, 2, 0)),
            },
            time={FRACTIONS.id: (9, 480.0), PYTHON.id: (2, 60.0)},
            goals={FRACTIONS.id: goal("behind", -5, date(2026, 3, 16), date(2026, 3, 11),
                                      date(2026, 3, 21))},
            last_active=ago(0) - timedelta(hours=3),
        ),
        LearnerFacts(
            "Eli", "7B", {FRACTIONS.id: skills(FRACTIONS, (0.3, False, 3, 3))},
            time={FRACTIONS.id: (3, 90.0)}, last_active=ago(4),
        ),
        LearnerFacts(
            "Gus", "7C", {FRACTIONS.id: skills(FRACTIONS)},
            goals={FRACTIONS.id: goal("behind", 0, date(2026, 5, 1), set_on, None)},
        ),
    ]  # fmt: skip


def report_of(facts: list[LearnerFacts], packs: list[PackInfo] | None = None) -> ClassReport:
    """The class report on `facts`, over the two packs unless told otherwise."""
    shown = [FRACTIONS, PYTHON] if packs is None else packs
    return build_class_report(facts, shown, NOW, tz=UTC)


@pytest.fixture
def report() -> ClassReport:
    """The report on the class of six."""
    return report_of(class_facts())


class Host(App[None]):
    """A bare app with the study app's styles, that opens the class screen on a report."""

    CSS_PATH = str(Path(class_screen.__file__).parent.with_name("tutor.tcss"))
    TITLE = "tutor"

    def __init__(self, report: ClassReport) -> None:
        super().__init__()
        self.report = report
        self.dismissed = False

    def on_mount(self) -> None:
        self.animation_level = "none"
        self.push_screen(ClassScreen(self.report), self._dismissed)

    def _dismissed(self, result: None) -> None:
        self.dismissed = True


def texts(screen: Any, selector: str) -> list[str]:
    """The plain text of every Static matching `selector` on the screen."""
    return [str(widget.render()) for widget in screen.query(selector) if isinstance(widget, Static)]


def heat_table(screen: Any) -> HeatTable:
    """The heat map in the tab on show."""
    views = screen.query_one("#class-views", TabbedContent)
    return views.get_pane(views.active).query_one(HeatTable)


def cell_line(screen: Any) -> str:
    """The line under the heat map on show: the cell under the cursor, in words."""
    return str(heat_table(screen).parent.query_one(".heat-cell", Static).render())  # type: ignore[union-attr]


def columns(table: DataTable[Any]) -> list[str]:
    """A table's column keys, in order."""
    return [str(column.key.value) for column in table.ordered_columns]


def rows(table: DataTable[Any]) -> list[str]:
    """A table's row keys, in order."""
    return [str(row.key.value) for row in table.ordered_rows]


# Behaviour --------------------------------------------------------------------------------------


async def test_who_needs_help_is_listed_first_most_pressing_first(report: ClassReport) -> None:
    app = Host(report)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClassScreen)
        assert texts(screen, "#class-meta") == ["6 learners · 12 Mar 2026"]
        helped = texts(screen, ".help")
        assert [line.split(" (")[0] for line in helped] == [
            "1. Ben", "2. Eli", "3. Dee", "4. Caro", "5. Gus",
        ]  # fmt: skip
        assert helped[0] == (
            "1. Ben (7B): could use a hand with What a fraction is (8 tries, 25% mastery)."
        )
        assert "has not studied for 10 days" in helped[3]
        # Above the tabs, and in view at 80x24 without scrolling.
        box = screen.query_one("#class-help").region
        assert box.y < screen.query_one("#class-views").region.y
        assert box.bottom <= SIZE[1] - 1


async def test_no_one_needing_help_is_said_so() -> None:
    [ana] = [facts for facts in class_facts() if facts.name == "Ana"]
    app = Host(report_of([ana]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert texts(app.screen, ".help") == []
        assert texts(app.screen, ".help-none") == [class_screen.NO_ONE_NEEDS_HELP]
        assert texts(app.screen, "#class-meta") == ["1 learner · 12 Mar 2026"]


async def test_the_heat_map_has_a_row_per_learner_and_a_column_per_skill(
    report: ClassReport,
) -> None:
    app = Host(report)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = heat_table(app.screen)
        assert app.focused is table
        assert rows(table) == ["Ana", "Ben", "Caro", "Dee", "Eli", "Gus"]
        assert columns(table) == [skill_id for skill_id, _ in FRACTIONS.skills]
        # Each cell is the report's number and mark; stuck stands out, and reads without colour.
        assert [cell.plain for cell in table.get_row("Ben")][:2] == [" 25! ", "  –  "]
        assert table.get_row("Ana")[0].plain == " 97✓ "
        stuck = table.get_row("Ben")[0].spans[0].style
        assert "bold" in str(stuck) and "underline" in str(stuck)
        # The line under the map says the cell under the cursor in words, with the skill's title.
        assert cell_line(app.screen) == "Ana · 1 What a fraction is: 97%, mastered"
        await pilot.press("down", "right")
        assert cell_line(app.screen) == "Ben · 2 Equivalent fractions: not begun"


async def test_brackets_switch_pack_and_then_everyone(report: ClassReport) -> None:
    app = Host(report)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        views = app.screen.query_one("#class-views", TabbedContent)
        assert views.active == "pack-0"
        await pilot.press("right_square_bracket")
        assert views.active == "pack-1"
        table = heat_table(app.screen)
        assert app.focused is table
        assert columns(table) == ["numbers", "strings", "variables", "booleans"]
        assert rows(table) == ["Ana", "Dee"]  # only those who study Python
        await pilot.press("right_square_bracket")
        assert views.active == "everyone"
        summary = app.screen.query_one("#class-summary", DataTable)
        assert app.focused is summary
        assert rows(summary) == ["Ana", "Ben", "Caro", "Dee", "Eli", "Gus"]
        dee = next(learner for learner in report.learners if learner.name == "Dee")
        assert tuple(cell.plain for cell in summary.get_row("Dee")) == (
            classroom.summary_cells(dee)
        )
        await pilot.press("right_square_bracket")  # round to the first pack
        assert views.active == "pack-0"
        await pilot.press("left_square_bracket")
        assert views.active == "everyone"


async def test_the_footer_offers_the_keys(report: ClassReport) -> None:
    app = Host(report)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = {key: binding.description for key, (_, binding, *_) in _active(app).items()}
        assert shown["escape"] == shown["q"] == "Back"
        assert shown["left_square_bracket"] == "Prev tab"
        assert shown["right_square_bracket"] == "Next tab"


def _active(app: App[Any]) -> dict[str, Any]:
    """The key bindings the footer shows on the current screen."""
    return {
        key: active
        for key, active in app.screen.active_bindings.items()
        if active.binding.show and active.enabled
    }


@pytest.mark.parametrize("key", ["escape", "q"])
async def test_escape_or_q_goes_back(report: ClassReport, key: str) -> None:
    app = Host(report)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        assert app.dismissed
        assert not isinstance(app.screen, ClassScreen)


async def test_an_empty_class_shows_one_sentence() -> None:
    app = Host(report_of([], packs=[]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert texts(screen, "#class-empty") == [class_screen.NO_LEARNERS]
        assert not screen.query(DataTable) and not screen.query(TabbedContent)
        assert not screen.query("#class-help")
        assert "left_square_bracket" not in _active(app)
        await pilot.press("right_square_bracket", "escape")  # nothing to switch; back still works
        await pilot.pause()
        assert app.dismissed


async def test_names_show_as_typed() -> None:
    # A name is someone's words: square brackets in it are not markup.
    facts = [replace(f, name="[b]Zoë[/b]") if f.name == "Ben" else f for f in class_facts()]
    app = Host(report_of(facts))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert texts(app.screen, ".help")[0].startswith("1. [b]Zoë[/b] (7B): could use a hand")
        table = heat_table(app.screen)
        assert "[b]Zoë[/b]" in rows(table)
        assert table.rows["[b]Zoë[/b]"].label.plain.strip() == "[b]Zoë[/b]"  # type: ignore[union-attr]


async def test_a_long_name_is_shortened_in_the_tables_and_said_whole_under_the_map() -> None:
    long = "Aurelia Alessandra Montgomery-Smythe"
    facts = [replace(f, name=long) if f.name == "Ana" else f for f in class_facts()]
    app = Host(report_of(facts))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = heat_table(app.screen)
        label = table.rows[long].label
        assert label is not None and label.plain == " Aurelia Alessandr… "
        # So the skills keep the room: a label column of 20 cells, not of the name's 38.
        assert table.virtual_size.width <= 2 + class_screen.NAME_WIDTH + 5 * len(FRACTIONS.skills)
        assert cell_line(app.screen) == f"{long} · 1 What a fraction is: 97%, mastered"
        await pilot.press("left_square_bracket")
        summary = app.screen.query_one("#class-summary", DataTable)
        assert summary.get_row(long)[0].plain == "Aurelia Alessandr…"


async def test_learners_but_no_pack_begun_say_so() -> None:
    facts = [LearnerFacts("Ana", "7B", {}), LearnerFacts("Ben", "7B", {})]
    app = Host(report_of(facts, packs=[]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert class_screen.NO_PACKS in texts(app.screen, ".class-note")
        await pilot.press("right_square_bracket")
        summary = app.screen.query_one("#class-summary", DataTable)
        assert rows(summary) == ["Ana", "Ben"]


# Looks ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [SIZE, (120, 40)], ids=["80x24", "120x40"])
def test_class_screen_looks(report: ClassReport, snap_compare: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        await pilot.pause()

    assert snap_compare(Host(report), terminal_size=size, run_before=run_before)


def test_class_screen_everyone_looks(report: ClassReport, snap_compare: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await pilot.pause()
        await pilot.press("left_square_bracket")  # round to Everyone
        await pilot.pause()

    assert snap_compare(Host(report), terminal_size=SIZE, run_before=run_before)
