"""`tutor portfolio`: a learner's portfolio written to an HTML, Markdown or JSON file.

Registered in `cli.py` with `app.command("portfolio")(portfolio)`. Like the other commands it
imports nothing heavy until it runs. It also holds the small readers that gather what the
portfolio and the progress screen need through the `Tutor` seam (`gather_portfolio`,
`gather_overview`, `learner_goals`), ready to move into `Tutor` itself.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections.abc import Mapping
from contextlib import suppress
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tutor_tui.errors import TutorError

if TYPE_CHECKING:
    from tutor_tui.learner import Learner
    from tutor_tui.packs.model import Pack
    from tutor_tui.portfolio import Portfolio
    from tutor_tui.progress import Overview
    from tutor_tui.tutor import Tutor

# The file's extension decides its format.
FORMATS = {
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
}


def portfolio(
    learner: Annotated[
        str, typer.Option("--learner", "-l", help="The learner's name.", envvar="TUTOR_LEARNER")
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="The file to write; its extension says how: .html, .md or .json."
        ),
    ],
    pack: Annotated[str | None, typer.Option("--pack", "-p", help="Only this pack.")] = None,
) -> None:
    """Write a learner's portfolio: goals, skills mastered with dates, time studied and a chart."""
    kind = format_for(output)
    from tutor_tui import portfolio as render

    tutor = _service()
    person = tutor.learner(learner)
    packs = [tutor.pack(pack)] if pack else started_packs(tutor, person)
    found = gather_portfolio(tutor, person, packs, only_pack=pack is not None)
    text = {"html": render.to_html, "markdown": render.to_markdown, "json": render.to_json}[kind](
        found
    )
    written = write_atomically(output, text)
    typer.echo(f"Wrote {written}")


def format_for(output: Path) -> str:
    """The format an output file's extension asks for; a usage error (exit 2) for any other."""
    kind = FORMATS.get(output.suffix.lower())
    if kind is None:
        raise typer.BadParameter(
            f"cannot tell the format of '{output.name}': end it in .html, .md or .json",
            param_hint="'--output'",
        )
    return kind


def _service() -> Tutor:
    from tutor_tui.cli import _tutor

    return _tutor()


def write_atomically(path: Path, text: str) -> Path:
    """Write `text` to `path` whole or not at all; TutorError with one line when it cannot be.

    The text goes to a temporary file beside the target, which then replaces it, so a reader
    never sees half a file. An existing file keeps its permissions; a new one is readable by its
    owner alone, as a portfolio is personal.
    """
    target = path.expanduser()
    folder = target.parent
    if target.is_dir():
        raise TutorError(f"cannot write {path}: it is a folder")
    if not folder.is_dir():
        raise TutorError(f"cannot write {path}: there is no folder {folder}")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise TutorError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        if target.exists():
            os.chmod(temporary, stat.S_IMODE(target.stat().st_mode))
        os.replace(temporary, target)
    except OSError as error:
        with suppress(OSError):
            os.unlink(temporary)
        raise TutorError(f"cannot write {path}: {error.strerror or error}") from None
    return target


# Reading through the seam -----------------------------------------------------------------------


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
