"""Reports read through the service: the portfolio, the progress overview and the class report.

Shared by the command line and the app, so that both show the same pictures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from tutor_tui.core.errors import NotFound

if TYPE_CHECKING:
    from tutor_tui.core.classroom import ClassReport, LearnerFacts
    from tutor_tui.core.content import Pack
    from tutor_tui.core.learner import Learner
    from tutor_tui.core.pace import Goal
    from tutor_tui.core.portfolio import Portfolio
    from tutor_tui.core.progress import Overview
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
    from tutor_tui.core.portfolio import build_portfolio
    from tutor_tui.core.progress import forgiveness

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
        placements=tutor.placements(learner),
        since=learner.created_at.astimezone().date(),
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
    began = learner.created_at.astimezone().date()
    calendar = progress.activity_calendar(
        study, goal_minutes, today, weeks, progress.forgiveness(learner.settings), since=began
    )
    reports = [r for p in packs for r in tutor.skill_reports(learner, p)]
    shown = {p.id for p in packs}
    series = progress.mastery_over_time(
        [
            *(a for p in packs for a in tutor.attempts(learner, p.id)),
            *(placed for placed in tutor.placements(learner) if placed.pack_id in shown),
        ],
        tutor.params_for,
        progress.day_span(max(calendar.days[0].day, min(began, today)), today),
        skills=[(p.id, s.id) for p in packs for s in p.skills],
        desired_retention=learner.desired_retention,
    )
    mastered_today = sum(
        1
        for r in reports
        if r.mastered
        and r.progress.mastered_at is not None
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
            progress.review_forecast([r.standing for r in reports if r.mastered], today)
        ),
        checks=tuple(
            progress.review_forecast([r.standing for r in reports if r.standing.checked], today)
        ),
        standouts=progress.strongest_and_weakest(reports),
    )


def class_report(tutor: Tutor, group: str | None = None, pack: str | None = None) -> ClassReport:
    """The class report, read through the service: everyone, or one group; all packs, or one.

    It is the report's only entry point on purpose: a check (a tutor's passphrase) goes in front
    of it, and nothing else needs to change.

    Without `pack`, the packs shown are those anyone in the class studies (has answered in, been
    placed in or has a goal in), by title. NotFound, with what there is, for an unknown group or
    pack.
    """
    if group is not None and group not in tutor.groups():
        known = ", ".join(tutor.groups()) or "none yet (import a roster with a group column)"
        raise NotFound(f"no group '{group}'; the groups are: {known}")
    people = tutor.learners(group)
    if pack is not None:
        shown = [tutor.pack(pack)]
    else:
        ids: set[str] = set()
        for learner in people:
            ids |= set(tutor.totals(learner))
            ids |= {g.pack_id for g in tutor.goals(learner, True)}
            ids |= {placed.pack_id for placed in tutor.placements(learner)}
        loaded = (tutor.packs[i] for i in ids if i in tutor.packs)
        shown = sorted(loaded, key=lambda p: (p.title, p.id))
    from tutor_tui.core.classroom import PackInfo, build_class_report

    infos = [PackInfo(p.id, p.title, tuple((s.id, s.title) for s in p.skills)) for p in shown]
    facts = [_facts(tutor, learner, shown) for learner in people]
    return build_class_report(facts, infos, tutor.now(), group=group, pack=pack)


def _facts(tutor: Tutor, learner: Learner, packs: Sequence[Pack]) -> LearnerFacts:
    """One learner's facts over `packs`, read through the service."""
    from tutor_tui.core.classroom import GoalFacts, LearnerFacts, SkillFacts

    skills: dict[str, list[SkillFacts]] = {}
    goals: dict[str, GoalFacts] = {}
    for pack in packs:
        skills[pack.id] = [
            SkillFacts(
                skill_id=r.skill.id,
                p_known=r.progress.p_known,
                mastered=r.mastered,
                attempts=r.progress.attempts,
                misses_in_a_row=r.progress.misses_in_a_row,
                # Begun as the standing says it, which progress and the portfolio read: a skill
                # a check placed out and practice sent back, never answered since, is not.
                started=r.standing.state != "new",
                state=r.standing.state,
                held=r.standing.held,
                # Every answer after the first to each question: to one already shown.
                recited=r.progress.attempts - len(r.progress.seen),
            )
            for r in tutor.skill_reports(learner, pack)
        ]
        goal = tutor.active_goal(learner, pack.id)
        if goal is not None:
            forecast = tutor.forecast(learner, goal)
            goals[pack.id] = GoalFacts(
                pack.id, forecast.status, forecast.days, goal.due_by,
                goal.created_at.astimezone().date(), forecast.finish, forecast.change,
            )  # fmt: skip
    totals = tutor.totals(learner)
    return LearnerFacts(
        name=learner.name,
        group=learner.group,
        skills=skills,
        time={p.id: totals[p.id] for p in packs if p.id in totals},
        goals=goals,
        last_active=tutor.last_active(learner),
    )
