"""Progress as pictures: mastery over time, the activity calendar and streaks, reviews ahead.

Pure functions over attempts, skill progress and dates: no clock, no database, no interface. The
shells gather the facts (through `Tutor`), call these, and show the results; the text pictures at
the end draw with block characters and always print their numbers too, so that they read without
colour and to a screen reader.

Days are the learner's local days: a time is turned into a day with `at.astimezone(tz).date()`,
where `tz=None` means the computer's own zone, as elsewhere in the tutor.

The wording praises effort and never counts what was missed: a break is met with "Welcome back",
a weak skill is "still growing".

One module per concept: `days`, `history` (mastery over time), `streaks`, `activity` (the
calendar), `forecast` (reviews ahead), `standouts` (strongest and still growing, encouragement),
`charts` (the text pictures) and `overview` (the progress screen). Callers import from the package.
"""

from tutor_tui.core.progress.activity import (
    Calendar,
    CalendarDay,
    activity_calendar,
    daily_goal_minutes,
)
from tutor_tui.core.progress.charts import (
    EIGHTHS,
    bar,
    calendar_heatmap,
    calendar_legend,
    column_chart,
    duration,
    forecast_chart,
    mastery_chart,
    streak_line,
    week_line,
)
from tutor_tui.core.progress.days import WEEK, WEEKDAYS, day_span, local_day
from tutor_tui.core.progress.forecast import ForecastDay, HasDue, review_forecast
from tutor_tui.core.progress.history import (
    MasteryPoint,
    ParamsLookup,
    SkillKey,
    history_days,
    mastery_over_time,
    replay,
)
from tutor_tui.core.progress.overview import Overview, overview_lines
from tutor_tui.core.progress.standouts import (
    ReportLike,
    Standout,
    Standouts,
    encouragement,
    strongest_and_weakest,
)
from tutor_tui.core.progress.streaks import (
    DEFAULT_FORGIVE_PER_WEEK,
    FORGIVE_SETTING,
    Streak,
    forgiveness,
    streak,
)

__all__ = [
    "Calendar",
    "CalendarDay",
    "DEFAULT_FORGIVE_PER_WEEK",
    "EIGHTHS",
    "FORGIVE_SETTING",
    "ForecastDay",
    "HasDue",
    "MasteryPoint",
    "Overview",
    "ParamsLookup",
    "ReportLike",
    "SkillKey",
    "Standout",
    "Standouts",
    "Streak",
    "WEEK",
    "WEEKDAYS",
    "activity_calendar",
    "bar",
    "calendar_heatmap",
    "calendar_legend",
    "column_chart",
    "daily_goal_minutes",
    "day_span",
    "duration",
    "encouragement",
    "forecast_chart",
    "forgiveness",
    "history_days",
    "local_day",
    "mastery_chart",
    "mastery_over_time",
    "overview_lines",
    "replay",
    "review_forecast",
    "streak",
    "streak_line",
    "strongest_and_weakest",
    "week_line",
]
