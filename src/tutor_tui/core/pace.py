"""Goals and pace: what a learner aims for, by when, and whether they are on track.

A goal names a pack (or some of its skills), a date and the minutes a day the learner means to
study. What the goal needs is every target skill and everything they require. The forecast
reckons the minutes those skills still need from the learner's own history — how long skills
have taken them so far against the pack's estimates — and gives them as many days as the learner
took for their last study of that length, so a break shows in the forecast at once, a day at a
time.

Everything here is pure: it takes values and returns values.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Literal

from tutor_tui.core.content import Pack
from tutor_tui.core.errors import TutorError
from tutor_tui.core.pace_change import change

GoalStatus = Literal["active", "done", "dropped"]
PaceStatus = Literal["done", "ahead", "on track", "behind"]

MIN_DAILY = 5
MAX_DAILY = 240
# Minutes a skill takes when neither the pack nor the learner's history says.
DEFAULT_SKILL_MINUTES = 10
# The longest a goal's study is measured back, in days: before, the plan stands in for it.
LOOK_BACK_DAYS = 400


class NotReadFarEnough(Exception):
    """The study given does not reach back as far as the forecast looks: read from further back
    (`days_to_study`'s `known_from`)."""


# A finish more than this long after the goal's date is out of sight, not a date to give.
OUT_OF_SIGHT_DAYS = 365
# Minutes one review takes when the learner's history does not say.
DEFAULT_REVIEW_MINUTES = 1.5
# The most time one answer counts for, as study: a learner who takes longer has stopped (a
# question left on the screen over lunch, `tutor answer --seconds 86400`), and the rest is a
# pause, which must not count as a day's study nor make a skill look slow.
PAUSE_SECONDS = 5 * 60.0


@dataclass(frozen=True, slots=True)
class Goal:
    """What a learner aims to master, by when, studying how much a day."""

    id: str
    learner_id: str
    pack_id: str
    skills: tuple[str, ...]  # empty: the whole pack
    due_by: date
    daily_minutes: int
    created_at: datetime
    status: GoalStatus = "active"
    closed_at: datetime | None = None

    def describe(self, pack: Pack) -> str:
        """The goal in words."""
        what = pack.title
        if self.skills:
            titles = [pack.skill(s).title for s in self.skills if s in pack.skill_index]
            what = f"{', '.join(titles)} in {pack.title}"
        return f"{what} by {self.due_by.isoformat()}, {self.daily_minutes} min a day"


@dataclass(frozen=True, slots=True)
class DayGoal:
    """Today's study towards the minutes a day the learner's goal asks for.

    Minutes are whole minutes of answering today, in every pack (as the goal's forecast counts
    a day's study), so that every view says the same number and "met" at the same moment.
    """

    minutes: int
    daily_minutes: int

    @property
    def met(self) -> bool:
        """Whether today's study has reached the day's minutes."""
        return self.minutes >= self.daily_minutes

    def met_since(self, before: DayGoal | None) -> bool:
        """Whether the day's goal was met between `before` and now: true once a day, at the
        answer that met it, and never again that day however much more is studied."""
        return self.met and before is not None and not before.met


@dataclass(frozen=True, slots=True)
class Towards:
    """How far study has come, in minutes, towards a session's length or the day's goal."""

    day: bool  # towards the day's goal; else towards the session's length
    minutes: int
    of: int

    @property
    def label(self) -> str:
        """What the minutes are counted towards, in words."""
        return "Today's goal" if self.day else "This session"

    @property
    def reached(self) -> bool:
        """Whether the minutes have reached the length or the goal."""
        return self.minutes >= self.of


def towards(
    spent_minutes: float, session_minutes: int, timed: bool, day: DayGoal | None
) -> Towards:
    """What a session's progress measures: the day's goal when the learner has one, as that is
    what they aim for each day; the session's length without a goal, and always in a tutor's
    timed session, which ends when its time is up."""
    if day is not None and not timed:
        return Towards(True, day.minutes, day.daily_minutes)
    length = max(1, session_minutes)
    return Towards(False, min(int(max(0.0, spent_minutes)), length), length)


def studied_seconds(seconds: float | None) -> float | None:
    """The seconds of one answer that count as study: its time up to a pause (`PAUSE_SECONDS`),
    none below zero; None when the time is not known."""
    if seconds is None:
        return None
    seconds = float(seconds)
    if math.isnan(seconds):
        return 0.0
    return max(0.0, min(seconds, PAUSE_SECONDS))


def day_minutes(seconds: float) -> int:
    """A day's seconds of study as the whole minutes the learner is shown."""
    return round(max(0.0, seconds) / 60)


def check_goal(due_by: date, daily_minutes: int, today: date) -> None:
    """Refuse a goal that is not specific and achievable in form: TutorError says why."""
    if due_by <= today:
        raise TutorError(
            f"the goal's date {due_by.isoformat()} is not in the future; pick a later day"
        )
    if not MIN_DAILY <= daily_minutes <= MAX_DAILY:
        raise TutorError(
            f"{daily_minutes} minutes a day is outside {MIN_DAILY} to {MAX_DAILY};"
            " pick a daily time in that range"
        )


def parse_date(text: str) -> date:
    """A date written as YYYY-MM-DD; TutorError otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise TutorError(f"'{text}' is not a date like 2026-12-20") from None


def began(goal: Goal, goals: Iterable[Goal]) -> datetime:
    """When the learner's plan behind a goal began: when it was set, or, for a goal set in the
    place of another in its pack (a new date, other daily minutes), when the first was set."""
    replaced = {(g.pack_id, g.closed_at): g for g in goals if g.status == "dropped" and g.closed_at}
    first, seen = goal, {goal.id}
    while (before := replaced.get((first.pack_id, first.created_at))) and before.id not in seen:
        first = before
        seen.add(first.id)
    return first.created_at


def goal_skills(pack: Pack, goal: Goal) -> set[str]:
    """Every skill the goal needs mastered: its targets and all they require."""
    return pack.with_prerequisites(goal.skills) or {s.id for s in pack.skills}


@dataclass(frozen=True, slots=True)
class Forecast:
    """Whether a goal will be reached in time, and what it would take."""

    needed: int  # skills the goal needs
    mastered: int  # of those, mastered now (placed out apart: known, not mastered)
    minutes_left: float  # estimated study minutes still needed
    minutes_per_day: float  # the learner's recent pace (or the goal's plan, without history)
    finish: date | None  # the day the goal would be reached at that pace; None: out of sight
    due_by: date
    status: PaceStatus
    days: int  # ahead (positive) or behind (negative), 0 on track
    minutes_to_make_it: int | None  # minutes a day that would reach the goal in time
    # What moved the forecast since yesterday's, when it moved.
    change: str | None = None
    placed_out: int = 0  # of the skills needed, placed out now: known, and counted as done

    def to_dict(self) -> dict[str, object]:
        """The forecast as JSON-ready values."""
        return {
            "skills_needed": self.needed,
            "skills_mastered": self.mastered,
            "skills_placed_out": self.placed_out,
            "minutes_left": round(self.minutes_left),
            "minutes_per_day": round(self.minutes_per_day, 1),
            "forecast": self.finish.isoformat() if self.finish else None,
            "due_by": self.due_by.isoformat(),
            "status": self.status,
            "days_ahead": max(0, self.days),
            "days_behind": max(0, -self.days),
            "minutes_a_day_needed": self.minutes_to_make_it,
            "change": self.change,
        }

    def summary(self) -> str:
        """One line for the learner, kind whatever the news, with what moved it since yesterday."""
        return self._news() + (f" {self.change}" if self.change else "")

    def standing(self) -> str:
        """Where the goal stands in a few words: "ahead by 2 days", "out of reach"."""
        days = f"{abs(self.days)} day{'' if abs(self.days) == 1 else 's'}"
        if self.status in ("done", "on track"):
            return "reached" if self.status == "done" else "on track"
        if self.finish is None:
            return "out of reach"
        return f"{self.status} by {days}"

    def _news(self) -> str:
        done = f"{self.mastered} of {self.needed} skills mastered"
        done += f", {self.placed_out} placed out" if self.placed_out else ""
        if self.status == "done":
            return f"Goal reached: {done}. Well done!"
        when = self.finish.isoformat() if self.finish else "not yet known"
        days = f"{abs(self.days)} day{'' if abs(self.days) == 1 else 's'}"
        if self.status == "ahead":
            return f"Ahead by {days}: {done}, finishing around {when}."
        if self.status == "on track":
            return f"On track: {done}, finishing around {when}."
        need = (
            f"; {self.minutes_to_make_it} min a day would make it"
            if self.minutes_to_make_it
            else ""
        )
        if self.finish is None:
            return f"Behind: {done}, and out of reach at your recent pace{need}."
        return f"Behind by {days}: {done}, finishing around {when}{need}."


# How much study the pack's own estimates weigh as, against the learner's measured time.
PRIOR_MINUTES = 60.0


def skill_minutes(
    pack: Pack, mastered_seconds: Mapping[str, float], skill_ids: Collection[str]
) -> dict[str, float]:
    """Minutes each skill is likely to take this learner.

    The pack's estimate (or a default) scaled by how the learner's mastered skills compared with
    their estimates, shrunk towards the pack's pace while they are few: a learner who took twice
    as long as estimated over many skills will likely again.
    """

    def estimate(skill_id: str) -> float:
        return float(pack.skill(skill_id).minutes or DEFAULT_SKILL_MINUTES)

    spent = [
        (seconds / 60, estimate(s))
        for s, seconds in mastered_seconds.items()
        if s in pack.skill_index and seconds > 0
    ]
    # The pack's estimates count as `PRIOR_MINUTES` of study done at their pace: one skill's time
    # moves the rest a little, many skills' a lot, rather than one skill scaling all the rest.
    actual = sum(minutes for minutes, _ in spent) + PRIOR_MINUTES
    ratio = actual / (sum(planned for _, planned in spent) + PRIOR_MINUTES)
    ratio = min(4.0, max(0.25, ratio))
    return {s: estimate(s) * ratio for s in skill_ids}


def days_to_study(
    study_minutes: Mapping[date, float],
    today: date,
    since: date,
    planned: float,
    minutes: float,
    known_from: date | None = None,
) -> float:
    """How many days the learner took for their last `minutes` of study, counting back from
    yesterday: the learner's recent pace is `minutes` over those days.

    Days count whole, once over: today's study counts from tomorrow, so that a day not over is
    not taken for a day without study. Days before `since`, when the goal was set, count as
    days of its `planned` minutes; the day the count ends on counts in part, as the part of its
    study it needed. So a day without study adds one day to the count and changes nothing else,
    and a day of study can only take days off it.

    `known_from`: the study is known from that day only (a caller reads the last days first);
    NotReadFarEnough when the count would go back beyond it to days since the goal was set.
    """
    if planned <= 0:
        return math.inf
    left = minutes
    first = since if known_from is None else max(since, known_from)
    earlier = (day for day, spent in study_minutes.items() if first <= day < today and spent > 0)
    for day in sorted(earlier, reverse=True):
        spent = study_minutes[day]
        if spent >= left:
            return (today - day).days - 1 + left / spent
        left -= spent
    if known_from is not None and known_from > since:
        raise NotReadFarEnough(known_from)
    return max(0, (today - since).days) + left / planned


def forecast(
    goal: Goal,
    pack: Pack,
    mastered: Collection[str],
    mastered_seconds: Mapping[str, float],
    study_minutes: Mapping[date, float],
    today: date,
    mastered_yesterday: Collection[str] | None = None,
    since: date | None = None,
    known_from: date | None = None,
    placed: Collection[str] = (),
    placed_yesterday: Collection[str] = (),
) -> Forecast:
    """Where the learner stands on a goal, at their own pace, and what moved it since yesterday
    (given what was mastered by then; else the same as now). `mastered` are the skills known,
    `placed` those of them placed out (and so `placed_yesterday`): known, but said apart. Study
    counts from `since` (by default the day the goal was set; a goal that replaced another keeps
    that one's), the plan before it (`days_to_study`, which says when the study given, known
    from `known_from`, does not reach back far enough).

    `mastered_seconds` may hold every skill's time: only those mastered by practice on the day
    reckoned count. Yesterday's forecast is made as it was made then: with the study up to
    yesterday, the skills known by then, and the time those skills took, so that whatever moved
    the figure is named.
    """
    since = goal.created_at.date() if since is None else since
    now = _forecast(
        goal, pack, mastered, mastered_seconds, study_minutes, today, since, known_from, placed
    )
    if now.status == "done" or today <= goal.created_at.date():
        return now
    yesterday = today - timedelta(days=1)
    known = set(mastered if mastered_yesterday is None else mastered_yesterday)
    before = _forecast(
        goal,
        pack,
        known,
        mastered_seconds,
        {day: minutes for day, minutes in study_minutes.items() if day <= yesterday},
        yesterday,
        since,
        known_from,
        placed_yesterday if mastered_yesterday is not None else placed,
    )
    studied = study_minutes.get(yesterday, 0.0) > 0
    back = len(goal_skills(pack, goal) & (set(placed_yesterday) - set(mastered)))
    return replace(now, change=change(before, now, studied, back))


def _forecast(
    goal: Goal,
    pack: Pack,
    mastered: Collection[str],
    mastered_seconds: Mapping[str, float],
    study_minutes: Mapping[date, float],
    today: date,
    since: date,
    known_from: date | None = None,
    placed: Collection[str] = (),
) -> Forecast:
    needed = goal_skills(pack, goal)
    done = needed & set(mastered)
    placed_out = len(done & set(placed))
    remaining = needed - done
    # A skill placed out took a check's time, not its learning's: it says nothing of the pace.
    learnt = set(mastered) - set(placed)
    spent = {skill: time for skill, time in mastered_seconds.items() if skill in learnt}
    minutes = skill_minutes(pack, spent, needed)
    minutes_left = sum(minutes[skill] for skill in remaining)
    if not remaining:
        return Forecast(
            len(needed),
            len(done) - placed_out,
            0.0,
            0.0,
            today,
            goal.due_by,
            "done",
            0,
            None,
            placed_out=placed_out,
        )
    # The pace over the learner's last study as long as the whole goal's: measured over as long
    # as the forecast looks ahead at most, a day away moves the finish two days at most.
    whole = sum(minutes.values())
    span = days_to_study(study_minutes, today, since, goal.daily_minutes, whole, known_from)
    per_day = whole / span if 0 < span < math.inf else 0.0
    finish: date | None = None
    if per_day > 0:
        # Rounded first: 3.0000001 days of sums is three days, not four.
        ahead = math.ceil(round(minutes_left / per_day, 6))
        if (today - goal.due_by).days + ahead <= OUT_OF_SIGHT_DAYS:
            finish = today + timedelta(days=ahead)  # else "behind by 2107 days" says nothing
    days_left = (goal.due_by - today).days
    to_make_it = math.ceil(minutes_left / days_left) if days_left > 0 else None
    if finish is None:
        status: PaceStatus = "behind"
        days = -max(1, days_left)
    else:
        slack = (goal.due_by - finish).days
        if slack >= 3:
            status, days = "ahead", slack
        elif slack >= 0:
            status, days = "on track", 0
        else:
            status, days = "behind", slack
    return Forecast(
        len(needed),
        len(done) - placed_out,
        minutes_left,
        per_day,
        finish,
        goal.due_by,
        status,
        days,
        to_make_it,
        placed_out=placed_out,
    )


def reachability(
    goal: Goal,
    pack: Pack,
    mastered: Collection[str],
    mastered_seconds: Mapping[str, float],
    today: date,
) -> str | None:
    """A warning when the goal cannot be reached at its planned minutes a day, with what would."""
    needed = goal_skills(pack, goal) - set(mastered)
    minutes = sum(skill_minutes(pack, mastered_seconds, needed).values())
    days_left = (goal.due_by - today).days
    if not needed or days_left <= 0:
        return None
    days_needed = math.ceil(minutes / goal.daily_minutes)
    if days_needed <= days_left:
        return None
    per_day = math.ceil(minutes / days_left)
    later = today + timedelta(days=days_needed)
    options = [f"by {later.isoformat()} at {goal.daily_minutes} min a day"]
    if per_day <= MAX_DAILY:
        options.insert(0, f"with {per_day} min a day")
    return (
        f"At {goal.daily_minutes} min a day this goal needs about {days_needed} days "
        f"(about {round(minutes)} minutes of study), but it is due in {days_left}"
        f" day{'' if days_left == 1 else 's'}. "
        f"It would be reachable {' or '.join(options)}."
    )


def catch_up(overdue_reviews: int, review_minutes: float, daily_minutes: int) -> str | None:
    """A plan for the reviews that piled up during a break, instead of a backlog count."""
    if overdue_reviews <= 0:
        return None
    minutes = overdue_reviews * review_minutes
    days = max(1, math.ceil(minutes / max(1, daily_minutes)))
    if days == 1:
        about = f"About {math.ceil(minutes)} minutes"
        return f"Welcome back! {about} of review today brings you up to date."
    return f"Welcome back! {days} days to catch up on reviews at {daily_minutes} minutes a day."
