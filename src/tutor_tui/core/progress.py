"""Progress as pictures: mastery over time, the activity calendar and streaks, reviews ahead.

Pure functions over attempts, skill progress and dates: no clock, no database, no interface. The
shells gather the facts (through `Tutor`), call these, and show the results; the text pictures at
the end draw with block characters and always print their numbers too, so that they read without
colour and to a screen reader.

Days are the learner's local days: a time is turned into a day with `at.astimezone(tz).date()`,
where `tz=None` means the computer's own zone, as elsewhere in the tutor.

The wording praises effort and never counts what was missed: a break is met with "Welcome back",
a weak skill is "still growing".
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, Protocol

from tutor_tui.core import memory
from tutor_tui.core.content import Mastery, Skill
from tutor_tui.core.learner import Attempt, SkillProgress, apply_attempt

ParamsLookup = Callable[[str, str], Mastery]
"""A skill's knowledge-tracing parameters: (pack id, skill id) -> Mastery, as `Tutor.params_for`."""

SkillKey = tuple[str, str]
"""A skill across packs: (pack id, skill id)."""

# The learner setting that says how many missed days a week a streak forgives (0 turns it off).
FORGIVE_SETTING = "streak_forgive_per_week"
DEFAULT_FORGIVE_PER_WEEK = 1
WEEK = 7
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def local_day(at: datetime, tz: tzinfo | None = None) -> date:
    """The day a moment falls on, in `tz` (None: the computer's zone)."""
    return at.astimezone(tz).date()


def day_span(first: date, last: date) -> list[date]:
    """Every day from `first` to `last`, both included (empty when `last` is before `first`)."""
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


# Mastery over time -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MasteryPoint:
    """Where the learner stood at the end of one day."""

    day: date
    # Skills at or above their mastery threshold at the end of the day.
    mastered: int
    # Skills mastered at some time up to the end of the day (mastery may since have slipped).
    ever_mastered: int
    # The mean chance that a skill is known, over `skills` skills (unstarted ones at their prior).
    mean_mastery: float
    skills: int
    # Answers given on this day.
    answers: int

    @property
    def share_mastered(self) -> float:
        """The share of the skills that are mastered, 0 to 1."""
        return self.mastered / self.skills if self.skills else 0.0


def replay(
    attempts: Iterable[Attempt],
    params_for: ParamsLookup,
    desired_retention: float = memory.DEFAULT_RETENTION,
) -> dict[SkillKey, SkillProgress]:
    """Each skill's progress after these answers, applied in time order as the store does."""
    skills: dict[SkillKey, SkillProgress] = {}
    params: dict[SkillKey, Mastery] = {}
    for attempt in sorted(attempts, key=lambda a: a.at):  # stable: ties keep the log's order
        key = (attempt.pack_id, attempt.skill_id)
        if key not in params:
            params[key] = params_for(*key)
        skills[key] = apply_attempt(skills.get(key), attempt, params[key], desired_retention)
    return skills


def mastery_over_time(
    attempts: Iterable[Attempt],
    params_for: ParamsLookup,
    days: Iterable[date],
    *,
    skills: Collection[SkillKey] | None = None,
    tz: tzinfo | None = None,
    desired_retention: float = memory.DEFAULT_RETENTION,
) -> list[MasteryPoint]:
    """Skills mastered and mean mastery at the end of each of `days`, replaying the answers.

    The answers are replayed with `learner.apply_attempt`, in time order as the store applies them,
    so the last point agrees with the store's derived state (knowledge tracing's estimate; a
    fitted learner model's view is not replayed). `skills` are the skills counted, e.g. every
    skill of the packs shown; without it, the skills answered so far. Answers before the first
    day count towards it; answers after the last day are left out.
    """
    wanted = sorted(set(days))
    ordered = sorted(attempts, key=lambda a: a.at)
    counted: list[SkillKey] | None = list(dict.fromkeys(skills)) if skills is not None else None
    params: dict[SkillKey, Mastery] = {}

    def params_of(key: SkillKey) -> Mastery:
        if key not in params:
            params[key] = params_for(*key)
        return params[key]

    state: dict[SkillKey, SkillProgress] = {}
    seen: dict[SkillKey, None] = {}
    points: list[MasteryPoint] = []
    index = 0
    for day in wanted:
        answers = 0
        while index < len(ordered) and local_day(ordered[index].at, tz) <= day:
            attempt = ordered[index]
            key = (attempt.pack_id, attempt.skill_id)
            state[key] = apply_attempt(state.get(key), attempt, params_of(key), desired_retention)
            seen.setdefault(key)
            if local_day(attempt.at, tz) == day:
                answers += 1
            index += 1
        keys = counted if counted is not None else list(seen)
        p_known = [state[k].p_known if k in state else params_of(k).prior for k in keys]
        points.append(
            MasteryPoint(
                day=day,
                mastered=sum(
                    1 for k in keys if k in state and state[k].p_known >= params_of(k).threshold
                ),
                ever_mastered=sum(
                    1 for k in keys if k in state and state[k].mastered_at is not None
                ),
                mean_mastery=sum(p_known) / len(p_known) if p_known else 0.0,
                skills=len(keys),
                answers=answers,
            )
        )
    return points


def history_days(
    attempts: Iterable[Attempt], today: date, *, tz: tzinfo | None = None, at_least: int = 14
) -> list[date]:
    """The days from the first answer to today, and at least the last `at_least` days."""
    first = min((local_day(a.at, tz) for a in attempts), default=today)
    return day_span(min(first, today - timedelta(days=at_least - 1)), today)


# Streaks ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Streak:
    """Days of study in a row, with rest days forgiven."""

    # Days studied in the current streak (forgiven rest days are not counted as studied).
    current: int
    # The most days studied in any streak, the current one included.
    longest: int
    # The rest days forgiven inside the current streak, oldest first.
    forgiven: tuple[date, ...] = ()
    # The first day of the current streak, None without one.
    since: date | None = None
    studied_today: bool = False


def forgiveness(settings: Mapping[str, Any]) -> int:
    """How many missed days a week a learner's streak forgives (the setting, 0 to 6; default 1)."""
    value = settings.get(FORGIVE_SETTING, DEFAULT_FORGIVE_PER_WEEK)
    try:
        number = int(value)
    except (TypeError, ValueError):
        return DEFAULT_FORGIVE_PER_WEEK
    return min(WEEK - 1, max(0, number))


def _run_back(
    studied: Collection[date], end: date, forgive_per_week: int
) -> tuple[int, list[date], date | None]:
    """The streak walked back from `end`: (days studied, rest days forgiven, first day)."""
    count = 0
    forgiven: list[date] = []
    first: date | None = None
    earliest = min(studied, default=end)
    day = end
    while day >= earliest:
        if day in studied:
            count += 1
            first = day
        else:
            # Walking back, every 7-day window that holds this day and no earlier one starts here.
            window_end = day + timedelta(days=WEEK - 1)
            in_window = sum(1 for f in forgiven if f <= window_end)
            if in_window + 1 > forgive_per_week:
                break
            forgiven.append(day)
        day -= timedelta(days=1)
    # A streak begins with a day of study: rest days before its first one are not part of it.
    kept = [f for f in forgiven if first is not None and f > first]
    return count, sorted(kept), first


def streak(days_with_study: Collection[date], today: date, forgive_per_week: int = 1) -> Streak:
    """The current and the longest streak of study days, forgiving rest days.

    The rule, exactly: a streak is a run of consecutive calendar days that begins and ends with a
    day of study, in which no 7 consecutive days hold more than `forgive_per_week` days without
    study. With the default of 1, a missed day is forgiven when no other missed day lies in the 6
    days before or after it inside the run; two missed days in a row always end a streak. The
    streak's length is the number of days *studied* in the run: a forgiven day keeps the streak
    alive but does not add to it. The current streak is the run that ends today, or, while today
    has no study yet, the run that would end today: today never breaks it, and yesterday may be a
    forgiven day. `forgive_per_week=0` gives plain days in a row. Days after `today` are ignored.
    """
    forgive_per_week = max(0, forgive_per_week)
    studied = {d for d in days_with_study if d <= today}
    studied_today = today in studied
    start = today if studied_today else today - timedelta(days=1)
    current, forgiven, since = _run_back(studied, start, forgive_per_week)
    if current == 0:
        forgiven, since = [], None
    longest = current
    for day in studied:
        # A streak that can go on to the next day is not the longest ending here.
        if day + timedelta(days=1) not in studied:
            longest = max(longest, _run_back(studied, day, forgive_per_week)[0])
    return Streak(current, longest, tuple(forgiven), since, studied_today)


# The activity calendar -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CalendarDay:
    """One day of the activity calendar."""

    day: date
    minutes: float
    studied: bool
    # Whether the day's study reached the daily goal; None without a daily goal.
    goal_met: bool | None
    # After today: shown blank.
    future: bool = False


@dataclass(frozen=True, slots=True)
class Calendar:
    """Whole weeks, Monday first, oldest first, the last week holding today; and the streak."""

    days: tuple[CalendarDay, ...]
    today: date
    daily_goal_minutes: int | None
    streak: Streak

    @property
    def weeks(self) -> list[tuple[CalendarDay, ...]]:
        """The days seven at a time, each week Monday to Sunday."""
        return [self.days[n : n + WEEK] for n in range(0, len(self.days), WEEK)]

    @property
    def shown(self) -> list[CalendarDay]:
        """The days up to today."""
        return [d for d in self.days if not d.future]

    @property
    def days_studied(self) -> int:
        """Days with any study in the calendar."""
        return sum(1 for d in self.shown if d.studied)

    @property
    def goal_days(self) -> int:
        """Days in the calendar on which the daily goal was met."""
        return sum(1 for d in self.shown if d.goal_met)

    @property
    def minutes(self) -> float:
        """Minutes of study in the calendar."""
        return sum(d.minutes for d in self.shown)


def activity_calendar(
    study_days: Mapping[date, float],
    daily_goal_minutes: int | None,
    today: date,
    weeks: int = 12,
    forgive_per_week: int = 1,
) -> Calendar:
    """The last `weeks` weeks of study, from seconds studied per day (as `Tutor.study_days`).

    A day is studied when it has any answer (even one whose time was not measured); the goal is
    met when its minutes reach `daily_goal_minutes`. The streak looks at every day given, not only
    the weeks shown.
    """
    weeks = max(1, weeks)
    monday = today - timedelta(days=today.weekday())
    first = monday - timedelta(weeks=weeks - 1)
    goal = daily_goal_minutes if daily_goal_minutes and daily_goal_minutes > 0 else None
    days = []
    for day in day_span(first, monday + timedelta(days=WEEK - 1)):
        future = day > today
        studied = not future and day in study_days
        minutes = study_days.get(day, 0.0) / 60 if studied else 0.0
        days.append(
            CalendarDay(
                day=day,
                minutes=minutes,
                studied=studied,
                goal_met=None if goal is None or future else minutes >= goal,
                future=future,
            )
        )
    return Calendar(tuple(days), today, goal, streak(study_days.keys(), today, forgive_per_week))


def daily_goal_minutes(goals: Iterable[Mapping[str, Any]]) -> int | None:
    """The minutes a day the learner's active goals ask for, all together; None without any."""
    total = 0
    for goal in goals:
        if goal.get("status", "active") != "active":
            continue
        try:
            total += max(0, int(goal.get("daily_minutes") or 0))
        except (TypeError, ValueError):
            continue
    return total or None


# Reviews ahead ---------------------------------------------------------------------------------


class HasDue(Protocol):
    """Anything with a review due time, such as `SkillProgress`."""

    @property
    def due(self) -> datetime | None: ...


@dataclass(frozen=True, slots=True)
class ForecastDay:
    """Reviews coming due on one day."""

    day: date
    reviews: int
    # Of those (today only): reviews that came due before today and are waiting.
    waiting: int = 0


def review_forecast(
    progresses: Iterable[HasDue], today: date, days: int = 14, *, tz: tzinfo | None = None
) -> list[ForecastDay]:
    """Reviews due on each of the next `days` days, today first; earlier ones are counted today.

    Pass the progress of the skills that get reviews (the mastered ones, as the planner does);
    a progress without a due time is skipped, and so is one due after the last day.
    """
    counts = [0] * max(0, days)
    waiting = 0
    for progress in progresses:
        if progress.due is None or not counts:
            continue
        offset = (local_day(progress.due, tz) - today).days
        if offset < 0:
            waiting += 1
            offset = 0
        if offset < len(counts):
            counts[offset] += 1
    return [
        ForecastDay(today + timedelta(days=n), count, waiting if n == 0 else 0)
        for n, count in enumerate(counts)
    ]


# Strongest and still growing -------------------------------------------------------------------


class ReportLike(Protocol):
    """A skill with the learner's standing on it, such as `tutor.SkillReport`."""

    @property
    def skill(self) -> Skill: ...

    @property
    def progress(self) -> SkillProgress: ...

    @property
    def mastered(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class Standout:
    """A skill named on the progress screen, with a kind word about it."""

    skill_id: str
    title: str
    mastery: float
    mastered: bool
    note: str


@dataclass(frozen=True, slots=True)
class Standouts:
    """The learner's strongest skills and those still growing, among the skills they started."""

    strongest: tuple[Standout, ...]
    growing: tuple[Standout, ...]

    @property
    def weakest(self) -> tuple[Standout, ...]:
        """The skills still growing, least known first (the word on screen is "growing")."""
        return self.growing

    def lines(self) -> list[str]:
        """The standouts as lines of text, with a bar and a percentage each."""
        if not self.strongest and not self.growing:
            return ["Answer a few questions and your strongest skills will show here."]
        lines: list[str] = []
        if self.strongest:
            lines.append("Your strongest skills")
            lines += [f"  {bar(s.mastery)}  {s.title} — {s.note}" for s in self.strongest]
        if self.growing:
            lines.append("Still growing")
            lines += [f"  {bar(s.mastery)}  {s.title} — {s.note}" for s in self.growing]
        return lines


def strongest_and_weakest(reports: Iterable[ReportLike], n: int = 3) -> Standouts:
    """The `n` best-known skills and the `n` least-known unmastered ones, among those started.

    A skill is started once it has an answer. When fewer than 2n are started they are shared
    out, strongest first, so that no skill is named twice; a mastered skill is never "growing".
    """
    started = [r for r in reports if r.progress.attempts > 0]
    ranked = sorted(started, key=lambda r: (-r.progress.p_known, r.skill.title))
    take = n if len(ranked) >= 2 * n else (len(ranked) + 1) // 2
    strongest = ranked[:take]
    rest = [r for r in reversed(ranked[take:]) if not r.mastered][:n]
    return Standouts(
        tuple(_standout(r, strong=True) for r in strongest),
        tuple(_standout(r, strong=False) for r in rest),
    )


def _standout(report: ReportLike, *, strong: bool) -> Standout:
    p = report.progress.p_known
    if report.mastered:
        note = "mastered"
    elif strong:
        note = "coming along well" if p >= 0.6 else "off to a good start"
    elif report.progress.attempts < 3:
        note = "just started — a few more answers will show what you know"
    else:
        note = "room to grow; a little practice lifts it"
    return Standout(report.skill.id, report.skill.title, p, report.mastered, note)


# Encouragement ---------------------------------------------------------------------------------


def encouragement(
    study_days: Mapping[date, float],
    today: date,
    *,
    daily_goal_minutes: int | None = None,
    streak: Streak | None = None,
    mastered_today: int = 0,
) -> str:
    """One short line that praises the effort made, and never counts what was missed."""
    last = max((d for d in study_days if d <= today), default=None)
    if last is None:
        return "Welcome! Every skill starts with a first question."
    if mastered_today:
        what = "a skill" if mastered_today == 1 else f"{mastered_today} skills"
        return f"You mastered {what} today — your practice is paying off."
    if last == today:
        minutes = round(study_days.get(today, 0.0) / 60)
        if daily_goal_minutes and minutes >= daily_goal_minutes:
            return f"Daily goal reached: {minutes} minutes of practice today. Well done!"
        if minutes >= 1:
            unit = "minute" if minutes == 1 else "minutes"
            return f"{minutes} {unit} of practice today — nice work."
        return "You've practised today — nice work."
    if streak is not None and streak.current >= 2:
        return (
            f"{streak.current} days of practice in your streak"
            " — a few questions today keep it growing."
        )
    if last == today - timedelta(days=1):
        return "Good to see you again — ready for a few questions?"
    return "Welcome back — picking up where you left off."


# Text pictures ---------------------------------------------------------------------------------

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
    return f"{day.day} {MONTHS[day.month - 1]}"


def mastery_chart(points: Sequence[MasteryPoint], *, height: int = 6, width: int = 56) -> list[str]:
    """Skills mastered over time as a column chart with its axis, dates and numbers."""
    if not points:
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
    lines.append(
        f"Skills mastered: {start.mastered} → {end.mastered} of {end.skills}"
        f" · mean mastery {round(100 * start.mean_mastery)}% → {round(100 * end.mean_mastery)}%"
    )
    return lines


def _shade(day: CalendarDay, goal: int | None) -> str:
    if day.future:
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
            name = MONTHS[month - 1]
            months[2 * n : 2 * n + len(name)] = name
            free = 2 * n + len(name) + 1
            last_month = month
    lines = ["     " + "".join(months).rstrip()]
    for weekday in range(WEEK):
        cells = " ".join(_shade(week[weekday], calendar.daily_goal_minutes) for week in weeks)
        lines.append(f"{WEEKDAYS[weekday]}  {cells}".rstrip())
    lines.append(calendar_legend(calendar.daily_goal_minutes))
    shown = len(calendar.shown)
    summary = (
        f"Studied on {calendar.days_studied} of the last {shown} days"
        f" · {_duration(calendar.minutes)} in all"
    )
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
        name = WEEKDAYS[day.day.weekday()]
        if not day.studied:
            parts.append(f"{name} –")
        else:
            parts.append(f"{name} {round(day.minutes)} min" + (" ✓" if day.goal_met else ""))
    return "This week: " + " · ".join(parts)


def forecast_chart(forecast: Sequence[ForecastDay], *, height: int = 4) -> list[str]:
    """Reviews ahead as columns, one per day, with the count above and the date below."""
    if not forecast:
        return []
    counts = [f.reviews for f in forecast]
    total = sum(counts)
    if total == 0:
        return [f"No reviews due in the next {len(forecast)} days."]
    top = max(counts)
    lines = ["".join(f"{c:>2} " if c else " · " for c in counts).rstrip()]
    lines += [row.rstrip() for row in column_chart(counts, top, height, column=2)]
    lines = lines[:1] + [
        " ".join(row[i : i + 2] for i in range(0, len(row), 2)) for row in lines[1:]
    ]
    lines.append(" ".join(f"{f.day.day:02d}" for f in forecast))
    today = forecast[0]
    week = sum(f.reviews for f in forecast[:WEEK])
    words = f"Reviews ahead: {today.reviews} today"
    if today.waiting:
        words += f" ({today.waiting} ready from earlier days)"
    words += (
        f", {week} in the next {min(WEEK, len(forecast))} days, {total} in {len(forecast)} days"
    )
    lines.append(words + ".")
    return lines


# The progress screen, all together ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Overview:
    """Everything the progress screen shows."""

    encouragement: str
    mastery: tuple[MasteryPoint, ...]
    calendar: Calendar
    forecast: tuple[ForecastDay, ...]
    standouts: Standouts


def overview_lines(overview: Overview, *, width: int = 56) -> list[str]:
    """The progress screen as lines of text, for `tutor progress` and plain terminals."""
    lines = [overview.encouragement, "", "Mastery over time"]
    lines += mastery_chart(overview.mastery, width=width)
    lines += ["", "Activity"]
    lines += calendar_heatmap(overview.calendar)
    lines += ["", "Reviews in the next 14 days"]
    lines += forecast_chart(overview.forecast)
    lines += [""]
    lines += overview.standouts.lines()
    return lines
