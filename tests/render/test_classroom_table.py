"""The class report in a terminal of 80 columns: nothing cut short, nothing past the edge."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from rich.console import Console

from tutor_tui.cli.classroom import show_table
from tutor_tui.core.classroom import (
    ClassReport,
    GoalFacts,
    LearnerFacts,
    PackInfo,
    SkillFacts,
    build_class_report,
)

NOW = datetime(2026, 12, 10, 12, tzinfo=UTC)
TITLES = (
    "What a fraction is",
    "Adding and subtracting with the same denominator",
    "Adding and subtracting with different denominators",
    "Fractions, decimals and percentages",
)
NAMES = (
    "Maria-Fernanda Gonzalez-Rodriguez",
    "Alexandra Wilhelmina Thompson",
    'Zoë "Z" O\'Neil',
    "<script>alert(1)</script>",
    "Ana",
)


def a_class(group: str | None = None) -> ClassReport:
    info = PackInfo("p", "Fractions and Ratios", tuple((f"s{i}", t) for i, t in enumerate(TITLES)))
    goal = GoalFacts("p", "behind", -164, date(2026, 12, 12), date(2026, 12, 5), date(2027, 5, 25))
    learners = [
        LearnerFacts(
            name,
            "7B" if group or index % 2 else "7C",
            {
                "p": [
                    SkillFacts("s0", 0.2, False, 9, 4, True),
                    SkillFacts("s1", 0.3, False, 7, 0, True),
                ]
            },
            time={"p": (9, 7500.0)},
            goals={"p": goal},
            last_active=NOW - timedelta(days=12),
        )
        for index, name in enumerate(NAMES)
    ]
    return build_class_report(learners, [info], NOW, group=group, tz=UTC)


def shown(report: ClassReport, width: int) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, record=True)
    show_table(report, console)
    return console.export_text()


@pytest.mark.parametrize("group", [None, "7B"])
def test_at_80_columns_every_word_is_whole_and_nothing_is_cut(group: str | None) -> None:
    text = shown(a_class(group), 80)
    assert "…" not in text
    assert max(len(line.rstrip()) for line in text.splitlines()) <= 80
    table = text[text.index("Everyone") : text.index("Mastery is")]
    words = table.split()
    # Each word of a name reads whole (up to 12 characters with the group column, 18 without);
    # a word too long for its column, like the name of one word here, folds.
    for name in NAMES[:3]:
        for word in name.split():
            if len(word) <= (18 if group else 12):
                assert word in words, word
    for word in ("12 days", "behind by", "subtracting", "denominator", "2 h 5 min", "0 of 4"):
        assert word in table
    # Every skill's title in the key, on one line each.
    for title in TITLES:
        assert any(title in line for line in text.splitlines()), title
    # The group column is there only when the learners shown are not all of one group.
    assert ("Group" in text) is (group is None)


def test_a_wide_terminal_shows_each_learner_on_one_line() -> None:
    text = shown(a_class(), 160)
    for name in NAMES:
        line = next(line for line in text.splitlines() if line.startswith(name))
        assert "2 h 5 min" in line and "0 of 4 (mean 25%)" in line and "behind by 164 days" in line


def test_an_empty_class_says_how_to_add_one() -> None:
    text = shown(build_class_report([], [], NOW, tz=UTC), 80)
    assert "No learners yet. Add a class with: tutor learners import roster.csv" in text
    assert "needs help" not in text


def test_placed_out_has_its_column_and_mark_only_when_someone_has_a_skill_placed_out() -> None:
    def header(text: str) -> str:
        return next(line for line in text.splitlines() if line.startswith("Learner"))

    assert "Placed out" not in header(shown(a_class(), 160))
    info = PackInfo("p", "Fractions and Ratios", tuple((f"s{i}", t) for i, t in enumerate(TITLES)))
    placed = [SkillFacts("s0", 0.95, False, 0, 0, True, "placed out")]
    report = build_class_report([LearnerFacts("Ana", None, {"p": placed})], [info], NOW, tz=UTC)
    text = shown(report, 160)
    assert "Placed out" in header(text) and "95»" in text and "» placed out" in text
    ana = next(line for line in text.splitlines() if line.startswith("Ana"))
    assert ana.split()[:6] == ["Ana", "0", "of", "4", "(mean", "95%)"] and ana.split()[6] == "1"


def test_a_heat_map_too_wide_for_the_terminal_is_split_not_squeezed() -> None:
    titles = tuple((f"s{i}", f"Skill {i}") for i in range(17))
    info = PackInfo("p", "Fractions and Ratios", titles)
    facts = [
        LearnerFacts(name, None, {"p": [SkillFacts(s, 0.5, False, 1, 0, True) for s, _ in titles]})
        for name in ("Ana", "Benedetta")
    ]
    text = shown(build_class_report(facts, [info], NOW, tz=UTC), 80)
    assert max(len(line.rstrip()) for line in text.splitlines()) <= 80
    assert "Skills: Fractions and Ratios (1–13 of 17)" in text
    assert "Skills: Fractions and Ratios (14–17 of 17)" in text
    # Every name whole on its line, beside every skill's cell.
    rows = [line for line in text.splitlines() if line.startswith(("│ Ana ", "│ Benedetta "))]
    assert len(rows) == 4 and sum(row.count("50") for row in rows) == 2 * 17
    wide = shown(build_class_report(facts, [info], NOW, tz=UTC), 160)
    assert "Skills: Fractions and Ratios\n" in wide and "of 17)" not in wide
