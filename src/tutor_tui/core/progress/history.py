"""Mastery over time: the answers replayed day by day, for the mastery chart."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo

from tutor_tui.core import memory
from tutor_tui.core.content import Mastery
from tutor_tui.core.learner import Attempt, SkillProgress, apply_attempt
from tutor_tui.core.progress.days import day_span, local_day

ParamsLookup = Callable[[str, str], Mastery]
"""A skill's knowledge-tracing parameters: (pack id, skill id) -> Mastery, as `Tutor.params_for`."""

SkillKey = tuple[str, str]
"""A skill across packs: (pack id, skill id)."""


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
