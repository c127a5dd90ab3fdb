"""Reports read through the service: the portfolio and the progress overview.

Shared by the command line and the app, so that both show the same pictures.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tutor_tui.core.content import Pack
    from tutor_tui.core.learner import Learner
    from tutor_tui.core.pace import Goal
    from tutor_tui.core.progress import Overview
    from tutor_tui.render.portfolio import Portfolio
    from tutor_tui.service.tutor import Tutor


def started_packs(tutor: Tutor, learner: Learner) -> list[Pack]:
    """The loaded packs the learner has answered in or set a goal on, by title."""
    ids = set(tutor.totals(learner)) | {
        g["pack"] for g in learner_goals(tutor, learner) if g["pack"]
    }
    return sorted((tutor.packs[i] for i in ids if i in tutor.packs), key=lambda p: (p.title, p.id))


def learner_goals(tutor: Tutor, learner: Learner) -> list[dict[str, Any]]:
    """The learner's goals as plain dicts, with the pack's and the skills' titles."""
    return [goal_dict(goal, tutor.packs) for goal in tutor.goals(learner)]


def goal_dict(goal: Goal, packs: Mapping[str, Pack]) -> dict[str, Any]:
    """One goal as a plain dict, with the pack's and the skills' titles when the pack is loaded."""
    pack = packs.get(goal.pack_id)
    return {
        "pack": goal.pack_id,
        "pack_title": pack.title if pack else None,
        "skills": list(goal.skills),
        "skill_titles": [
            pack.skill_index[s].title if s in pack.skill_index else s for s in goal.skills
        ]
        if pack
        else [],
        "by": goal.due_by.isoformat(),
        "daily_minutes": goal.daily_minutes,
        "status": goal.status,
    }


def gather_portfolio(
    tutor: Tutor, learner: Learner, packs: list[Pack], *, only_pack: bool = False
) -> Portfolio:
    """The learner's portfolio over `packs`, read through the service."""
    from tutor_tui.core.progress import forgiveness
    from tutor_tui.render.portfolio import build_portfolio

    goals = learner_goals(tutor, learner)
    if only_pack:
        shown = {p.id for p in packs}
        goals = [g for g in goals if g["pack"] in shown]
    return build_portfolio(
        learner.name,
        tutor.now().astimezone().date(),
        packs=packs,
        skills={p.id: tutor.view(learner, p).skills for p in packs},
        attempts=[a for p in packs for a in tutor.attempts(learner, p.id)],
        params_for=tutor.params_for,
        goals=goals,
        forgive_per_week=forgiveness(learner.settings),
        desired_retention=learner.desired_retention,
    )


def gather_overview(
    tutor: Tutor, learner: Learner, packs: list[Pack] | None = None, *, weeks: int = 12
) -> Overview:
    """What the progress screen shows, read through the service (all started packs by default)."""
    from tutor_tui.core import progress

    packs = started_packs(tutor, learner) if packs is None else packs
    today = tutor.now().astimezone().date()
    study = tutor.study_days(learner)
    goal_minutes = progress.daily_goal_minutes(learner_goals(tutor, learner))
    calendar = progress.activity_calendar(
        study, goal_minutes, today, weeks, progress.forgiveness(learner.settings)
    )
    reports = [r for p in packs for r in tutor.skill_reports(learner, p)]
    series = progress.mastery_over_time(
        [a for p in packs for a in tutor.attempts(learner, p.id)],
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
