"""Reports read through the service: the portfolio and the progress overview.

Shared by the command line and the app, so that both show the same pictures.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tutor_tui.learner import Learner
    from tutor_tui.packs.model import Pack
    from tutor_tui.portfolio import Portfolio
    from tutor_tui.progress import Overview
    from tutor_tui.tutor import Tutor


def started_packs(tutor: Tutor, learner: Learner) -> list[Pack]:
    """The loaded packs the learner has answered in or set a goal on, by title."""
    ids = set(tutor.totals(learner)) | {
        g["pack"] for g in learner_goals(tutor, learner) if g["pack"]
    }
    return sorted((tutor.packs[i] for i in ids if i in tutor.packs), key=lambda p: (p.title, p.id))


def learner_goals(tutor: Tutor, learner: Learner) -> list[dict[str, Any]]:
    """The learner's goals as plain dicts `{pack, skills, by, daily_minutes, status}` plus titles.

    Read through `Tutor.goals(learner)`, or else `Store.goals(learner_id)`, whichever exists;
    until goals have such a reader there are none. Each goal may be a mapping or an object (a
    domain `Goal` or a `GoalRow`), with the names either uses.
    """
    reader = getattr(tutor, "goals", None)
    if callable(reader):
        found = reader(learner)
    else:
        reader = getattr(tutor.store, "goals", None)
        found = reader(learner.id) if callable(reader) else []
    return [goal_dict(goal, tutor.packs) for goal in found or []]


def goal_dict(goal: Any, packs: Mapping[str, Pack] | None = None) -> dict[str, Any]:
    """One goal as a plain dict, with the pack's and the skills' titles when the pack is loaded."""

    def pick(*names: str) -> Any:
        for name in names:
            value = goal.get(name) if isinstance(goal, Mapping) else getattr(goal, name, None)
            if value is not None:
                return value
        return None

    skills = pick("skills", "skill_ids") or []
    if isinstance(skills, str):
        try:
            skills = json.loads(skills)
        except ValueError:
            skills = [skills]
    by = pick("by", "due_by", "deadline")
    if isinstance(by, datetime):
        by = by.date()
    if isinstance(by, date):
        by = by.isoformat()
    pack_id = pick("pack", "pack_id")
    the_pack = (packs or {}).get(pack_id) if pack_id else None
    minutes = pick("daily_minutes", "minutes")
    return {
        "pack": pack_id,
        "pack_title": the_pack.title if the_pack else None,
        "skills": [str(s) for s in skills],
        "skill_titles": [
            the_pack.skill_index[s].title if s in the_pack.skill_index else str(s) for s in skills
        ]
        if the_pack
        else [],
        "by": str(by)[:10] if by else None,
        "daily_minutes": int(minutes) if isinstance(minutes, (int, float)) else None,
        "status": str(pick("status") or "active"),
    }


def gather_portfolio(
    tutor: Tutor, learner: Learner, packs: list[Pack], *, only_pack: bool = False
) -> Portfolio:
    """The learner's portfolio over `packs`, read through the service."""
    from tutor_tui.portfolio import build_portfolio
    from tutor_tui.progress import forgiveness

    goals = learner_goals(tutor, learner)
    if only_pack:
        shown = {p.id for p in packs}
        goals = [g for g in goals if g["pack"] in shown]
    return build_portfolio(
        learner.name,
        tutor.now().astimezone().date(),
        packs=packs,
        skills={p.id: tutor.view(learner, p).skills for p in packs},
        attempts=[a for p in packs for a in tutor.store.attempts(learner.id, p.id)],
        params_for=tutor.params_for,
        goals=goals,
        forgive_per_week=forgiveness(learner.settings),
        desired_retention=learner.desired_retention,
    )


def gather_overview(
    tutor: Tutor, learner: Learner, packs: list[Pack] | None = None, *, weeks: int = 12
) -> Overview:
    """What the progress screen shows, read through the service (all started packs by default)."""
    from tutor_tui import progress

    packs = started_packs(tutor, learner) if packs is None else packs
    today = tutor.now().astimezone().date()
    study = tutor.study_days(learner)
    goal_minutes = progress.daily_goal_minutes(learner_goals(tutor, learner))
    calendar = progress.activity_calendar(
        study, goal_minutes, today, weeks, progress.forgiveness(learner.settings)
    )
    reports = [r for p in packs for r in tutor.skill_reports(learner, p)]
    series = progress.mastery_over_time(
        [a for p in packs for a in tutor.store.attempts(learner.id, p.id)],
        tutor.params_for,
        progress.day_span(calendar.days[0].day, today),
        skills=[(p.id, s.id) for p in packs for s in p.skills],
        desired_retention=learner.desired_retention,
    )
    mastered_today = sum(
        1
        for r in reports
        if r.progress.mastered_at is not None
        and progress.local_day(r.progress.mastered_at) == today
    )
    return progress.Overview(
        encouragement=progress.encouragement(
            study,
            today,
            daily_goal_minutes=goal_minutes,
            streak=calendar.streak,
            mastered_today=mastered_today,
        ),
        mastery=tuple(series),
        calendar=calendar,
        forecast=tuple(
            progress.review_forecast([r.progress for r in reports if r.mastered], today)
        ),
        standouts=progress.strongest_and_weakest(reports),
    )
