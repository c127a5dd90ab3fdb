"""`tutor progress` and `tutor goals`: where a learner stands, and the goals they follow.

The numbers come from the service; this module lays them out as tables, a forecast and JSON.
"""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tutor_tui.cli.context import of
from tutor_tui.cli.options import JsonFlag, LearnerOption, OnlyPackOption, PackOption
from tutor_tui.core.words import plural

if TYPE_CHECKING:
    from tutor_tui.core.learner import Learner
    from tutor_tui.core.pace import Goal
    from tutor_tui.service.tutor import Tutor

goals_app = typer.Typer(help="Set and follow a learner's goals.", no_args_is_help=True)


def progress(
    ctx: typer.Context,
    learner: LearnerOption,
    pack: OnlyPackOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Show a learner's mastery, answers and reviews, skill by skill."""
    context = of(ctx)
    tutor = context.tutor
    person = context.open_learner(learner)
    pack_ids = [tutor.pack(pack).id] if pack else sorted(tutor.packs)
    report = progress_report(tutor, person, pack_ids)
    if as_json:
        context.print_json(report)
        return
    show_progress(report, context.console())
    from tutor_tui.core import progress as pictures
    from tutor_tui.service.reports import gather_overview

    packs = [tutor.pack(entry["pack"]) for entry in report["packs"] if entry["answers"]]
    if packs:
        typer.echo("")
        for line in pictures.overview_lines(gather_overview(tutor, person, packs)):
            typer.echo(line)


def progress_report(tutor: Tutor, person: Learner, pack_ids: list[str]) -> dict[str, Any]:
    """The learner's progress in these packs as JSON: each skill, goal, answers and time."""
    totals = tutor.totals(person)
    report: dict[str, Any] = {"learner": person.name, "packs": []}
    for pack_id in pack_ids:
        the_pack = tutor.pack(pack_id)
        answers, spent = totals.get(pack_id, (0, 0.0))
        skills = [
            {
                "skill": item.skill.id,
                "title": item.skill.title,
                "status": item.status,
                "mastery": round(item.progress.p_known, 4),
                "mastered": item.mastered,
                "standing": item.standing.to_dict(),
                "attempts": item.progress.attempts,
                "correct": item.progress.correct,
                # What comes due next, a review or (placed out) a check, counted apart.
                "next_review": None if item.standing.checked else item.standing.to_dict()["due"],
                "next_check": item.standing.to_dict()["due"] if item.standing.checked else None,
                "why": tutor.explain(person, the_pack, item.skill.id),
            }
            for item in tutor.skill_reports(person, the_pack)
        ]
        goal = tutor.active_goal(person, pack_id)
        report["packs"].append(
            {
                "pack": pack_id,
                "title": the_pack.title,
                "goal": goal_dict(tutor, person, goal) if goal else None,
                "catch_up": tutor.catch_up(person, pack_id),
                "mastered": sum(1 for s in skills if s["mastered"]),
                "placed_out": sum(1 for s in skills if s["status"] == "placed out"),
                "skills_total": len(skills),
                "answers": answers,
                "seconds": round(spent, 1),
                "skills": skills,
            }
        )
    report["answers"] = sum(p["answers"] for p in report["packs"])
    report["seconds"] = round(sum(p["seconds"] for p in report["packs"]), 1)
    return report


def show_progress(report: dict[str, Any], console: Any) -> None:
    """The report as a table per pack begun, its goal and the totals."""
    from rich.table import Table

    for entry in report["packs"]:
        if not entry["answers"] and not pack_started(entry) and not entry["goal"]:
            continue
        placed = f", {entry['placed_out']} placed out" if entry["placed_out"] else ""
        table = Table(
            title=(
                f"{entry['title']}: {entry['mastered']} of {entry['skills_total']} skills mastered"
                f"{placed}"
            ),
            title_justify="left",
        )
        for column in ("skill", "status", "mastery", "answers", "right", "next"):
            table.add_column(column)
        for skill in entry["skills"]:
            shown = bar(skill["mastery"])
            due = next_due(skill)
            table.add_row(
                skill["title"],
                skill["status"],
                shown,
                str(skill["attempts"]),
                str(skill["correct"]),
                due,
            )
        console.print(table)
        if entry["goal"]:
            console.print(f"Goal: {entry['goal']['description']}")
            console.print(entry["goal"]["forecast"]["summary"], markup=False)
        if entry["catch_up"]:
            console.print(entry["catch_up"])
    minutes = round(report["seconds"] / 60)
    console.print(
        f"{plural(report['answers'], 'answer')} in all, {plural(minutes, 'minute')} of answering."
    )


def next_due(skill: dict[str, Any]) -> str:
    """What comes due next on a skill, and when: "review 2027-03-10" or "check 2027-03-03"."""
    for key, what in (("next_review", "review"), ("next_check", "check")):
        if skill[key]:
            return f"{what} {skill[key][:10]}"
    return ""


def pack_started(entry: dict[str, Any]) -> bool:
    """Whether the learner has begun a pack."""
    return any(s["status"] not in ("locked", "ready") for s in entry["skills"])


def bar(value: float, width: int = 10) -> str:
    """Mastery as a bar of `width` blocks and a percentage."""
    filled = round(value * width)
    return "█" * filled + "░" * (width - filled) + f" {round(100 * value):3d}%"


def goal_dict(tutor: Tutor, person: Learner, goal: Goal) -> dict[str, Any]:
    """A goal as JSON, with its forecast while it is active."""
    pack = tutor.pack(goal.pack_id)
    result: dict[str, Any] = {
        "id": goal.id,
        "pack": goal.pack_id,
        "skills": list(goal.skills),
        "by": goal.due_by.isoformat(),
        "daily_minutes": goal.daily_minutes,
        "status": goal.status,
        "created_at": goal.created_at.isoformat(),
        "description": goal.describe(pack),
    }
    if goal.status == "active":
        forecast = tutor.forecast(person, goal)
        result["forecast"] = {**forecast.to_dict(), "summary": forecast.summary()}
    return result


@goals_app.command("set")
def goals_set(
    ctx: typer.Context,
    learner: LearnerOption,
    pack: PackOption,
    by: Annotated[str, typer.Option("--by", help="The date to reach it, like 2026-12-20.")],
    daily: Annotated[int, typer.Option("--daily", help="Minutes a day, 5 to 240.")],
    skills: Annotated[
        str | None, typer.Option("--skills", help="Only these skills, by id, separated by commas.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Set a goal: a pack (or some of its skills), a date, and minutes a day."""
    from tutor_tui.core.pace import parse_date

    due_by = parse_date(by)
    context = of(ctx)
    tutor = context.tutor
    person = context.open_learner(learner)
    wanted = tuple(s.strip() for s in (skills or "").split(",") if s.strip())
    goal, warning = tutor.set_goal(person, pack, due_by, daily, wanted)
    if as_json:
        context.print_json({**goal_dict(tutor, person, goal), "warning": warning})
        return
    typer.echo(f"Goal set: {goal.describe(tutor.pack(goal.pack_id))}.")
    if warning:
        typer.echo(f"warning: {warning}")
    typer.echo(tutor.forecast(person, goal).summary())


@goals_app.command("list")
def goals_list(
    ctx: typer.Context,
    learner: LearnerOption,
    all_goals: Annotated[
        bool, typer.Option("--all", help="Include goals done or dropped.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """List a learner's goals, with whether each is on track."""
    context = of(ctx)
    tutor = context.tutor
    person = context.open_learner(learner)
    # A goal in a pack not on this computer (it came in a bundle) cannot be forecast here.
    goals = [
        goal
        for goal in tutor.goals(person)
        if (all_goals or goal.status == "active") and goal.pack_id in tutor.packs
    ]
    shown = [goal_dict(tutor, person, goal) for goal in goals]
    if as_json:
        context.print_json(shown)
        return
    if not shown:
        typer.echo(
            f"No goals yet. Set one with: tutor goals set --learner {shlex.quote(person.name)}"
            " --pack ID --by DATE --daily MINUTES"
        )
    for goal, item in zip(goals, shown, strict=True):
        line = f"{item['description']} [{goal.status}]"
        if goal.status == "active":
            line += "\n  " + item["forecast"]["summary"]
        typer.echo(line)


@goals_app.command("done")
def goals_done(ctx: typer.Context, learner: LearnerOption, pack: PackOption) -> None:
    """Mark the learner's goal in a pack as done."""
    context = of(ctx)
    tutor = context.tutor
    goal = tutor.close_goal(context.open_learner(learner), pack, "done")
    typer.echo(f"Marked done: {goal.describe(tutor.pack(goal.pack_id))}.")


@goals_app.command("drop")
def goals_drop(ctx: typer.Context, learner: LearnerOption, pack: PackOption) -> None:
    """Drop the learner's goal in a pack."""
    context = of(ctx)
    tutor = context.tutor
    goal = tutor.close_goal(context.open_learner(learner), pack, "dropped")
    typer.echo(f"Dropped: {goal.describe(tutor.pack(goal.pack_id))}.")
