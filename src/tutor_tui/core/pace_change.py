"""Why a goal's forecast moved from yesterday's, in words: what the learner gained or lost,
the study left, their pace. Pure, as `pace` is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tutor_tui.core.words import plural

if TYPE_CHECKING:
    from tutor_tui.core.pace import Forecast


def change(before: Forecast, now: Forecast, studied_yesterday: bool, back: int) -> str | None:
    """Why a forecast moved from yesterday's, in one sentence; None when it did not move."""
    # Out of reach both days is no move, though the days left to the goal's date (its `days`) fell.
    if figure(before) == figure(now):
        return None
    was = before.standing()
    if was == now.standing() and before.finish is not None:
        was += f", finishing around {before.finish.isoformat()}"
    reasons = []
    if back:  # a check's miss: said as such, not as a fall in pace or skills mastered
        reasons.append(f"{plural(back, 'skill')} placed out went back to practice")
    if (placed := now.placed_out - before.placed_out + back) > 0:
        reasons.append(f"{plural(placed, 'more skill')} placed out")
    if now.mastered != before.mastered:
        gained = now.mastered - before.mastered
        reasons.append(
            f"{plural(abs(gained), 'more skill' if gained > 0 else 'fewer skill')} mastered"
        )
    if round(now.minutes_left) != round(before.minutes_left):
        moved = "rose" if now.minutes_left > before.minutes_left else "fell"
        reasons.append(
            f"the study left {moved} from about {round(before.minutes_left)} to"
            f" {round(now.minutes_left)} min"
        )
    was_pace, pace_now = _pace(before.minutes_per_day), _pace(now.minutes_per_day)
    if was_pace != pace_now:
        moved = "rose" if now.minutes_per_day > before.minutes_per_day else "fell"
        why = "" if studied_yesterday else ", with no study yesterday"
        reasons.append(f"your pace {moved} from {was_pace} to {pace_now} min a day{why}")
    if not reasons:
        # The same skills left at the same pace: a day went by without one mastered.
        reasons.append("a day went by with no skill mastered")
    return f"(Yesterday: {was}; {' and '.join(reasons)}.)"


def figure(forecast: Forecast) -> tuple[object, ...]:
    """What a learner reads of a forecast: its status, and its finish and days when in sight."""
    if forecast.finish is None:
        return (forecast.status, None)
    return (forecast.status, forecast.finish, forecast.days)


def _pace(minutes_per_day: float) -> str:
    """Minutes a day as a reason gives them: whole from 10 up, else to a tenth ("0.4"), since a
    slow pace moves the forecast by weeks for a fraction of a minute."""
    if minutes_per_day >= 9.95:
        return str(round(minutes_per_day))
    return f"{minutes_per_day:.1f}".removesuffix(".0")
