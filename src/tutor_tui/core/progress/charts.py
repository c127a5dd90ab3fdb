"""Progress as text pictures, drawn with block characters, their numbers always printed too."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Any

from tutor_tui.core.progress.activity import Calendar, CalendarDay
from tutor_tui.core.progress.days import WEEK, WEEKDAYS
from tutor_tui.core.progress.forecast import ForecastDay
from tutor_tui.core.progress.history import MasteryPoint
from tutor_tui.core.progress.streaks import Streak
from tutor_tui.core.words import short_month

EIGHTHS = " ▁▂▃▄▅▆▇█"


def bar(value: float, width: int = 10) -> str:
    """A 0-to-1 value as a bar of full and light blocks and a percentage: `███░░░░░░░  30%`."""
    value = min(1.0, max(0.0, value))
    filled = round(value * width)
    return "█" * filled + "░" * (width - filled) + f" {round(100 * value):3d}%"


def _sample(values: Sequence[Any], width: int) -> list[Any]:
    """At most `width` of the values, evenly spread, always keeping the last."""
    if len(values) <= width:
        return list(values)
    step = len(values) / width
    return [values[min(len(values) - 1, round((n + 1) * step) - 1)] for n in range(width)]


def column_chart(values: Sequence[float], scale: float, height: int, column: int = 1) -> list[str]:
    """Values as columns of blocks, `height` rows tall, eighths of a row at the tops."""
    rows = []
    eighths = [0 if scale <= 0 else round(min(v, scale) / scale * height * 8) for v in values]
    for row in range(height - 1, -1, -1):
        line = ""
        for e in eighths:
            part = min(8, max(0, e - row * 8))
            line += EIGHTHS[part] * column
        rows.append(line)
    return rows


def _date_label(day: date) -> str:
    return f"{day.day} {short_month(day.month)}"


def mastery_chart(points: Sequence[MasteryPoint], *, height: int = 6, width: int = 56) -> list[str]:
    """Skills mastered over time as a column chart with its axis, dates and numbers."""
    if not points or not points[-1].skills:  # no pack studied yet: no skill to count
        return ["No answers yet: the chart starts with your first one."]
    sampled = _sample(points, width)
    total = max(points[-1].skills, max(p.mastered for p in points), 1)
    label = len(str(total))
    chart = column_chart([p.mastered for p in sampled], total, height)
    lines = []
    for n, row in enumerate(chart):
        tick = str(total) if n == 0 else ("0" if n == height - 1 else "")
        lines.append(f"{tick:>{label}} ┤{row}")
    lines.append(" " * label + " └" + "─" * len(sampled))
    first, last = _date_label(sampled[0].day), _date_label(sampled[-1].day)
    gap = max(1, len(sampled) - len(first) - len(last))
    lines.append(" " * (label + 2) + first + " " * gap + last)
    start, end = points[0], points[-1]
    # Placed out is known but not mastered: said beside the count, never in it.
    placed = f", {end.placed_out} placed out" if end.placed_out else ""
    lines.append(
        f"Skills mastered: {start.mastered} → {end.mastered} of {end.skills}{placed}"
        f" · mean mastery {round(100 * start.mean_mastery)}% → {round(100 * end.mean_mastery)}%"
    )
    return lines


def _shade(day: CalendarDay, goal: int | None) -> str:
    if not day.counted:
        return " "
    if not day.studied:
        return "·"
    if goal:
        if day.minutes >= goal:
            return "█"
        return "▒" if day.minutes >= _half(goal) else "░"
    if day.minutes >= 30:
        return "█"
    if day.minutes >= 20:
        return "▓"
    return "▒" if day.minutes >= 10 else "░"


def _half(goal: int) -> int:
    return (goal + 1) // 2


def calendar_legend(goal: int | None) -> str:
    """What each shade of the heat-map means."""
    if goal:
        half = _half(goal)
        return f"· none  ░ under {half} min  ▒ under {goal} min  █ daily goal met ({goal} min)"
    return "· none  ░ under 10 min  ▒ 10–19 min  ▓ 20–29 min  █ 30 min or more"


def _duration(minutes: float) -> str:
    if 0 < minutes < 0.5:
        return "under 1 min"  # rounded to "0 min", a short study would read as none at all
    whole = round(minutes)
    if whole < 60:
        return f"{whole} min"
    hours, rest = divmod(whole, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def duration(seconds: float) -> str:
    """Seconds as "45 min", "2 h 5 min", or "under 1 min" for a few."""
    return _duration(seconds / 60)


def calendar_heatmap(calendar: Calendar) -> list[str]:
    """The calendar as a heat-map, one row per weekday and one column per week, with numbers."""
    weeks = calendar.weeks
    months = [" "] * (2 * len(weeks) + 2)  # a name may run a little past the last column
    last_month = None
    free = 0
    for n, week in enumerate(weeks):
        month = week[0].day.month  # the month the week's Monday is in
        if month != last_month and 2 * n >= free:
            name = short_month(month)
            months[2 * n : 2 * n + len(name)] = name
            free = 2 * n + len(name) + 1
            last_month = month
    lines = ["     " + "".join(months).rstrip()]
    for weekday in range(WEEK):
        cells = " ".join(_shade(week[weekday], calendar.daily_goal_minutes) for week in weeks)
        lines.append(f"{WEEKDAYS[weekday]}  {cells}".rstrip())
    lines.append(calendar_legend(calendar.daily_goal_minutes))
    shown = len(calendar.shown)
    if shown == 1:  # a learner who began today: no "1 of the last 1 days"
        studied = "Studied today" if calendar.days_studied else "No study yet today"
    else:
        studied = f"Studied on {calendar.days_studied} of the last {shown} days"
    summary = f"{studied} · {_duration(calendar.minutes)} in all"
    if calendar.goal_days:
        days = calendar.goal_days
        summary += f" · daily goal met on {days} {'day' if days == 1 else 'days'}"
    lines.append(summary)
    lines.append(streak_line(calendar.streak))
    lines.append(week_line(calendar))
    return lines


def streak_line(found: Streak) -> str:
    """The streak in words."""
    if found.current == 0:
        line = "Your next day of study starts a streak."
    else:
        line = f"Streak: {found.current} {'day' if found.current == 1 else 'days'} of study"
        if found.forgiven:
            rests = len(found.forgiven)
            line += f" ({rests} rest {'day' if rests == 1 else 'days'} forgiven)"
    if found.longest > 1:
        line += f" · longest {found.longest} days"
    return line


def week_line(calendar: Calendar) -> str:
    """This week day by day in numbers: `Mon 12 min ✓ · Tue – · Wed 5 min`."""
    parts = []
    for day in calendar.weeks[-1]:
        if day.future:
            break
        if day.before:
            continue
        name = WEEKDAYS[day.day.weekday()]
        if not day.studied:
            parts.append(f"{name} –")
        else:
            parts.append(f"{name} {round(day.minutes)} min" + (" ✓" if day.goal_met else ""))
    return "This week: " + " · ".join(parts)


def forecast_chart(
    forecast: Sequence[ForecastDay], *, height: int = 4, checks: Sequence[ForecastDay] = ()
) -> list[str]:
    """Reviews ahead as columns, one per day, with the count above and the date below; with
    `checks` of skills placed out coming due over the same days, both, stacked in two marks and
    counted apart, as they are no reviews."""
    if not forecast:
        return []
    if not sum(f.reviews for f in checks):
        return _review_columns(forecast, height)
    return _stacked_columns(forecast, checks, height) + [
        _ahead("Reviews ahead", forecast) if _any(forecast) else _no_reviews(forecast),
        _ahead("Checks of skills placed out ahead", checks),
    ]


def _any(forecast: Sequence[ForecastDay]) -> bool:
    return any(f.reviews for f in forecast)


def _no_reviews(forecast: Sequence[ForecastDay]) -> str:
    days = len(forecast)
    return f"No reviews due {'today' if days == 1 else f'in the next {days} days'}."


def _ahead(what: str, forecast: Sequence[ForecastDay]) -> str:
    """What comes due today, this week and over the forecast, in words."""
    today = forecast[0]
    words = f"{what}: {today.reviews} today"
    if today.waiting:
        words += f" ({today.waiting} ready from earlier days)"
    days = len(forecast)
    if days > 1:
        week = sum(f.reviews for f in forecast[:WEEK])
        words += f", {week} in the next {min(WEEK, days)} days"
    if days > WEEK:
        words += f", {sum(f.reviews for f in forecast)} in {days} days"
    return words + "."


def _review_columns(forecast: Sequence[ForecastDay], height: int) -> list[str]:
    counts = [f.reviews for f in forecast]
    if not any(counts):
        return [_no_reviews(forecast)]
    top = max(counts)
    wide = _wide(counts)
    lines = [_counts(counts, wide)]
    lines += [row.rstrip() for row in column_chart(counts, top, height, column=wide)]
    lines = lines[:1] + [
        " ".join(row[i : i + wide] for i in range(0, len(row), wide)) for row in lines[1:]
    ]
    lines.append(_dates(forecast, wide))
    lines.append(_ahead("Reviews ahead", forecast))
    return lines


def _wide(counts: Sequence[int]) -> int:
    """How wide a day's column is: two cells, or as many as its largest count's digits, so
    that every count stands over its own day."""
    return max(2, len(str(max(counts, default=0))))


def _counts(counts: Sequence[int], wide: int) -> str:
    return " ".join(f"{n:>{wide}}" if n else f"{'·':>{wide}}" for n in counts).rstrip()


# The marks of a day's reviews and checks when both are drawn, stacked: shapes, not colours.
REVIEW_MARK, CHECK_MARK = "█", "▒"
# The labels of the two rows of counts over them, all as wide.
_LABELS = ("reviews ", "checks  ")


def _stacked_columns(
    reviews: Sequence[ForecastDay], checks: Sequence[ForecastDay], height: int
) -> list[str]:
    """Each day's reviews and checks as one column, reviews at the foot and checks above them,
    in whole rows (the counts above say the numbers exactly): a day with any of either shows
    at least one row of it."""
    pairs = [(r.reviews, c.reviews) for r, c in zip(reviews, checks, strict=True)]
    top = max(a + b for a, b in pairs)
    wide = _wide([n for pair in pairs for n in pair])
    columns = [_split(a, b, top, height) for a, b in pairs]
    pad = " " * len(_LABELS[0])
    lines = [
        label + _counts(counts, wide)
        for label, counts in zip(_LABELS, zip(*pairs, strict=True), strict=True)
    ]
    for row in range(height - 1, -1, -1):
        cells = [
            wide * (REVIEW_MARK if row < low else CHECK_MARK if row < low + high else " ")
            for low, high in columns
        ]
        lines.append((pad + " ".join(cells)).rstrip())
    lines.append(pad + _dates(reviews, wide))
    lines.append(f"{REVIEW_MARK} reviews  {CHECK_MARK} checks of skills placed out")
    return lines


def _split(reviews: int, checks: int, top: int, height: int) -> tuple[int, int]:
    """The rows of a column of `reviews` and `checks`, out of `height` for `top` in all."""
    total = reviews + checks
    if total == 0:
        return 0, 0
    rows = max(math.floor(total / top * height + 0.5), (reviews > 0) + (checks > 0))
    low = math.floor(reviews / total * rows + 0.5)
    low = min(max(low, 1 if reviews else 0), rows - 1 if checks else rows)
    return low, rows - low


def _dates(forecast: Sequence[ForecastDay], wide: int = 2) -> str:
    return " ".join(f"{f.day.day:02d}".rjust(wide) for f in forecast)
