"""The progress screen, all together: every picture of progress, one under another."""

from __future__ import annotations

from dataclasses import dataclass

from tutor_tui.core.progress.activity import Calendar
from tutor_tui.core.progress.charts import (
    calendar_heatmap,
    forecast_chart,
    mastery_chart,
)
from tutor_tui.core.progress.forecast import ForecastDay
from tutor_tui.core.progress.history import MasteryPoint
from tutor_tui.core.progress.standouts import Standouts


@dataclass(frozen=True, slots=True)
class Overview:
    """Everything the progress screen shows."""

    encouragement: str
    mastery: tuple[MasteryPoint, ...]
    calendar: Calendar
    forecast: tuple[ForecastDay, ...]
    standouts: Standouts
    # Checks of skills placed out coming due, day by day as `forecast`: no reviews, counted apart.
    checks: tuple[ForecastDay, ...] = ()


def overview_lines(overview: Overview, *, width: int = 56) -> list[str]:
    """The progress screen as lines of text, for `tutor progress` and plain terminals."""
    lines = [overview.encouragement, "", "Mastery over time"]
    lines += mastery_chart(overview.mastery, width=width)
    lines += ["", "Activity"]
    lines += calendar_heatmap(overview.calendar)
    checks = any(day.reviews for day in overview.checks)
    lines += [
        "",
        f"Reviews{' and checks' if checks else ''} in the next {len(overview.forecast)} days",
    ]
    lines += forecast_chart(overview.forecast, checks=overview.checks)
    lines += [""]
    lines += overview.standouts.lines()
    return lines
