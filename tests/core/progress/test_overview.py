"""The progress screen put together, and what the progress modules import."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from testkit.progress import TODAY, report

from tutor_tui.core import progress
from tutor_tui.core.progress import (
    activity_calendar,
    review_forecast,
    strongest_and_weakest,
)


@dataclass
class Due:
    due: datetime | None


TODAY_NOON = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC)


def test_overview_lines_put_the_pictures_together() -> None:
    calendar = activity_calendar({TODAY: 600.0}, None, TODAY, weeks=4)
    overview = progress.Overview(
        encouragement="10 minutes of practice today — nice work.",
        mastery=tuple(
            progress.MasteryPoint(d, 0, 0, 0.1, 3, 0)
            for d in progress.day_span(TODAY - timedelta(days=5), TODAY)
        ),
        calendar=calendar,
        forecast=tuple(review_forecast([], TODAY)),
        standouts=strongest_and_weakest([report("a", 0.5)]),
    )
    lines = progress.overview_lines(overview)
    assert lines[0] == "10 minutes of practice today — nice work."
    assert (
        "Mastery over time" in lines
        and "Activity" in lines
        and "Reviews in the next 14 days" in lines
    )
    assert "No reviews due in the next 14 days." in lines
    assert all(len(line) <= 80 for line in lines)
    # Checks of skills placed out ahead: named in the heading, counted apart under the reviews.
    checked = replace(overview, checks=tuple(review_forecast([Due(TODAY_NOON)], TODAY, tz=UTC)))
    lines = progress.overview_lines(checked)
    at = lines.index("Reviews and checks in the next 14 days")
    # The checks the heading names are on the chart under it, in their own mark.
    assert lines[at + 1 : at + 3] == [
        "reviews  ·  ·  ·  ·  ·  ·  ·  ·  ·  ·  ·  ·  ·  ·",
        "checks   1  ·  ·  ·  ·  ·  ·  ·  ·  ·  ·  ·  ·  ·",
    ]
    assert lines[at + 3 : at + 7] == ["        ▒▒"] * 4
    assert lines[at + 8 : at + 11] == [
        "█ reviews  ▒ checks of skills placed out",
        "No reviews due in the next 14 days.",
        "Checks of skills placed out ahead: 1 today, 1 in the next 7 days, 1 in 14 days.",
    ]


def test_the_new_modules_import_no_interface_or_database() -> None:
    probe = (
        "import sys\n"
        "import tutor_tui.core.progress, tutor_tui.render.portfolio\n"
        "core = [m for m in ('textual', 'typer', 'rich', 'sqlmodel', 'sqlalchemy',"
        " 'tutor_tui.store.database', 'tutor_tui.cli.main', 'tutor_tui.service.tutor')"
        " if m in sys.modules]\n"
        "import tutor_tui.cli.portfolio\n"
        "shell = [m for m in ('sqlmodel', 'sqlalchemy', 'textual', 'yaml',"
        " 'tutor_tui.store.database')"
        " if m in sys.modules]\n"
        "print(','.join(core) + '|' + ','.join(shell))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "|"
