"""Mastery over time: the answers replayed day by day, for the mastery chart."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo

from tutor_tui.core import memory
from tutor_tui.core.content import Mastery
from tutor_tui.core.first_sight import PackEvidence
from tutor_tui.core.learner import (
    Attempt,
    Placed,
    SkillProgress,
    apply_attempt,
    apply_placed,
)
from tutor_tui.core.progress.days import day_span, local_day
from tutor_tui.core.standing import counts_as_mastered, is_placed_out

ParamsLookup = Callable[[str, str], Mastery]
"""A skill's knowledge-tracing parameters: (pack id, skill id) -> Mastery, as `Tutor.params_for`."""

SkillKey = tuple[str, str]
"""A skill across packs: (pack id, skill id)."""

Fact = Attempt | Placed
"""What decides mastery in the log: answers, and skills placed by a placement check."""


@dataclass(frozen=True, slots=True)
class MasteryPoint:
    """Where the learner stood at the end of one day."""

    day: date
    # Skills mastered at the end of the day, as their standing says (placed out is not mastered).
    mastered: int
    # Skills mastered at some time up to the end of the day (mastery may since have slipped).
    ever_mastered: int
    # The mean chance that a skill is known, over `skills` skills (unstarted ones at their prior).
    mean_mastery: float
    skills: int
    # Answers given on this day.
    answers: int
    # Skills placed out at the end of the day: known by a placement check, not yet confirmed.
    placed_out: int = 0

    @property
    def share_mastered(self) -> float:
        """The share of the skills that are mastered, 0 to 1."""
        return self.mastered / self.skills if self.skills else 0.0


def replay(
    facts: Iterable[Fact],
    params_for: ParamsLookup,
    desired_retention: float = memory.DEFAULT_RETENTION,
    only: Collection[SkillKey] | None = None,
) -> dict[SkillKey, SkillProgress]:
    """Each skill's progress after these answers and placements, applied in the store's order;
    of the skills `only`, when given (the others' answers are weighed only as evidence shown
    elsewhere, which is quicker than following each skill)."""
    skills: dict[SkillKey, SkillProgress] = {}
    params: dict[SkillKey, Mastery] = {}
    learners: dict[SkillKey, str] = {}
    found = PackEvidence()
    for fact in in_order(facts):
        key = (fact.pack_id, fact.skill_id)
        if key not in params:
            params[key] = params_for(*key)
            learners[key] = fact.learner_id
        if only is not None and key not in only:
            if isinstance(fact, Attempt):
                found.note(fact, params[key])
            continue
        skills[key] = apply(skills.get(key), fact, params[key], desired_retention, found)
    return {key: found.counted(learners[key], key[0], progress) for key, progress in skills.items()}


def in_order(facts: Iterable[Fact]) -> list[Fact]:
    """Facts in the order the store applies them: by time, then by id."""
    return sorted(facts, key=lambda fact: (fact.at, fact.id))


def apply(
    progress: SkillProgress | None,
    fact: Fact,
    params: Mastery,
    desired_retention: float,
    found: PackEvidence,
) -> SkillProgress:
    """A skill's progress after one fact, as the store derives it; `found` is where the learner
    has fresh evidence so far, and takes in this fact."""
    if isinstance(fact, Placed):
        return apply_placed(progress, fact, params, desired_retention)
    after = apply_attempt(
        progress, fact, params, desired_retention, elsewhere=found.before(fact, params)
    )
    found.note(fact, params)
    return after


def mastery_over_time(
    facts: Iterable[Fact],
    params_for: ParamsLookup,
    days: Iterable[date],
    *,
    skills: Collection[SkillKey] | None = None,
    tz: tzinfo | None = None,
    desired_retention: float = memory.DEFAULT_RETENTION,
) -> list[MasteryPoint]:
    """Skills mastered and mean mastery at the end of each of `days`, replaying the answers and
    placements.

    They are replayed as the store applies them, in its order, and each skill counted by its
    standing, so the last point agrees with every other count of skills mastered (under
    knowledge tracing's estimate; a fitted learner model's view is not replayed). `skills` are
    the skills counted, e.g. every skill of the packs shown; without it, the skills answered so
    far. Facts before the first day count towards it; those after the last day are left out.
    """
    wanted = sorted(set(days))
    ordered = in_order(facts)
    counted: list[SkillKey] | None = list(dict.fromkeys(skills)) if skills is not None else None
    params: dict[SkillKey, Mastery] = {}

    def params_of(key: SkillKey) -> Mastery:
        if key not in params:
            params[key] = params_for(*key)
        return params[key]

    state: dict[SkillKey, SkillProgress] = {}
    found = PackEvidence()
    seen: dict[SkillKey, None] = {}
    points: list[MasteryPoint] = []
    index = 0
    for day in wanted:
        answers = 0
        while index < len(ordered) and local_day(ordered[index].at, tz) <= day:
            fact = ordered[index]
            key = (fact.pack_id, fact.skill_id)
            state[key] = apply(state.get(key), fact, params_of(key), desired_retention, found)
            seen.setdefault(key)
            if isinstance(fact, Attempt) and local_day(fact.at, tz) == day:
                answers += 1
            index += 1
        keys = counted if counted is not None else list(seen)
        p_known = [state[k].p_known if k in state else params_of(k).prior for k in keys]
        points.append(
            MasteryPoint(
                day=day,
                mastered=sum(
                    1 for k in keys if k in state and counts_as_mastered(state[k], params_of(k))
                ),
                ever_mastered=sum(
                    1 for k in keys if k in state and state[k].mastered_at is not None
                ),
                mean_mastery=sum(p_known) / len(p_known) if p_known else 0.0,
                skills=len(keys),
                answers=answers,
                placed_out=sum(
                    1 for k in keys if k in state and is_placed_out(state[k], params_of(k))
                ),
            )
        )
    return points


def history_days(
    attempts: Iterable[Attempt],
    today: date,
    *,
    tz: tzinfo | None = None,
    at_least: int = 14,
    since: date | None = None,
) -> list[date]:
    """The days from the first answer to today, and at least the last `at_least` days, but none
    before `since` (the day the learner began: a chart of days before they existed says
    nothing)."""
    first = min((local_day(a.at, tz) for a in attempts), default=today)
    start = min(first, today - timedelta(days=at_least - 1))
    if since is not None:
        start = max(start, min(since, first))
    return day_span(start, today)
