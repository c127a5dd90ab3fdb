"""Reviews ahead: what waits today and what comes due, and its chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from testkit.progress import TODAY

from tutor_tui.core import progress
from tutor_tui.core.learner import SkillProgress
from tutor_tui.core.progress import (
    ForecastDay,
    review_forecast,
)


@dataclass
class Due:
    due: datetime | None


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def test_review_forecast_counts_waiting_reviews_today() -> None:
    dues = [
        Due(at(TODAY - timedelta(days=3))),  # waiting since earlier
        Due(at(TODAY - timedelta(days=1), 23)),  # waiting since yesterday night
        Due(at(TODAY, 20)),  # later today
        Due(at(TODAY + timedelta(days=1))),
        Due(at(TODAY + timedelta(days=13))),  # the last day shown
        Due(at(TODAY + timedelta(days=14))),  # beyond
        Due(None),  # not yet mastered
    ]
    forecast = review_forecast(dues, TODAY, tz=UTC)
    assert (
        len(forecast) == 14
        and forecast[0].day == TODAY
        and forecast[-1].day == TODAY + timedelta(days=13)
    )
    assert forecast[0] == ForecastDay(TODAY, 3, 2)
    assert forecast[1] == ForecastDay(TODAY + timedelta(days=1), 1, 0)
    assert forecast[13].reviews == 1
    assert sum(f.reviews for f in forecast) == 5
    assert review_forecast(dues, TODAY, days=0, tz=UTC) == []


def test_review_forecast_takes_skill_progress() -> None:
    mastered = SkillProgress("a", 0.99, due=at(TODAY + timedelta(days=2)))
    assert [f.reviews for f in review_forecast([mastered], TODAY, days=4, tz=UTC)] == [0, 0, 1, 0]


def test_forecast_chart_prints_its_numbers() -> None:
    forecast = [
        ForecastDay(TODAY + timedelta(days=n), c, 1 if n == 0 else 0)
        for n, c in enumerate((3, 0, 1, 2))
    ]
    lines = progress.forecast_chart(forecast, height=3)
    assert lines[0].split() == ["3", "·", "1", "2"]
    assert lines[-2] == "04 05 06 07"
    assert lines[-1] == "Reviews ahead: 3 today (1 ready from earlier days), 6 in the next 4 days."
    # One day ahead is today: no "next 1 days".
    assert progress.forecast_chart([ForecastDay(TODAY, 0)]) == ["No reviews due today."]
    assert progress.forecast_chart([ForecastDay(TODAY, 2)])[-1] == "Reviews ahead: 2 today."


def test_checks_of_skills_placed_out_are_drawn_with_the_reviews_and_counted_apart() -> None:
    days = [TODAY + timedelta(days=n) for n in range(14)]
    nothing = [ForecastDay(day, 0) for day in days]
    reviews = [ForecastDay(day, {0: 3, 2: 1, 5: 12}.get(n, 0)) for n, day in enumerate(days)]
    checks = [ForecastDay(day, {0: 7, 2: 4, 4: 1}.get(n, 0)) for n, day in enumerate(days)]
    lines = progress.forecast_chart(reviews, checks=checks, height=4)
    assert lines[0].split() == ["reviews", "3", "·", "1", "·", "·", "12", *["·"] * 8]
    assert lines[1].split() == ["checks", "7", "·", "4", "·", "1", *["·"] * 9]
    # Stacked: reviews at the foot, checks above; a day with one of either shows a row of it.
    columns = ["".join(row[8 + 3 * n : 10 + 3 * n] for row in lines[2:6]) for n in (0, 2, 4, 5)]
    assert columns == [
        "  ▒▒▒▒██",  # 10 of 12 at most: 3 rows, 1 of reviews
        "    ▒▒██",  # 5: 2 rows, 1 each
        "      ▒▒",  # 1 check: 1 row
        "████████",  # 12 reviews: the top
    ]
    assert lines[6] == "        " + " ".join(f"{day.day:02d}" for day in days)
    assert lines[7:] == [
        "█ reviews  ▒ checks of skills placed out",
        "Reviews ahead: 3 today, 16 in the next 7 days, 16 in 14 days.",
        "Checks of skills placed out ahead: 7 today, 12 in the next 7 days, 12 in 14 days.",
    ]
    # Checks alone: drawn, and no review said to be due.
    alone = progress.forecast_chart(nothing, checks=checks)
    assert alone[0].split() == ["reviews", *["·"] * 14]
    assert alone[-2:] == [
        "No reviews due in the next 14 days.",
        "Checks of skills placed out ahead: 7 today, 12 in the next 7 days, 12 in 14 days.",
    ]
    # No check ahead: the chart of reviews alone, as ever.
    assert progress.forecast_chart(nothing, checks=nothing) == [
        "No reviews due in the next 14 days."
    ]
    assert progress.forecast_chart(reviews, checks=nothing) == progress.forecast_chart(reviews)


def test_counts_of_a_hundred_or_more_stand_over_their_own_day() -> None:
    days = [TODAY + timedelta(days=n) for n in range(3)]
    reviews = [ForecastDay(day, n) for day, n in zip(days, (120, 0, 7), strict=True)]
    lines = progress.forecast_chart(reviews, height=2)
    # Three cells a day: each count ends where its day's date does.
    assert lines[0] == "120   ·   7"
    assert lines[-2] == " 04  05  06"
    assert lines[1] == "███"
    checks = [ForecastDay(day, n) for day, n in zip(days, (0, 100, 0), strict=True)]
    both = progress.forecast_chart(reviews, checks=checks, height=2)
    assert both[:2] == ["reviews 120   ·   7", "checks    · 100   ·"]
    assert both[4] == "         04  05  06"
