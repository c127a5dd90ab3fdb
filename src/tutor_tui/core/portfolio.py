"""A learner's portfolio: what they set out to do, what they mastered and when, the time it took.

`build_portfolio` gathers it from the learner's answers and skill progress into a `Portfolio`;
`tutor_tui.render.portfolio` writes it as HTML, Markdown or JSON. Pure: the service reads the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from tutor_tui.core import memory
from tutor_tui.core.content import Pack
from tutor_tui.core.learner import Attempt, Placed, SkillProgress
from tutor_tui.core.progress import (
    MasteryPoint,
    ParamsLookup,
    history_days,
    local_day,
    mastery_over_time,
    streak,
)
from tutor_tui.core.standing import counts_as_mastered, is_placed_out

FORMAT = "tutor-portfolio"
FORMAT_VERSION = 1
GOAL_KEYS = ("pack", "pack_title", "skills", "skill_titles", "by", "daily_minutes", "status")


@dataclass(frozen=True, slots=True)
class MasteredSkill:
    """A skill the learner mastered, and when they first did."""

    skill_id: str
    title: str
    mastered_at: datetime
    # The learner's local day it was mastered on.
    mastered_on: date
    # Whether it counts as mastered now: not when misses since have let it slip.
    current: bool = True


@dataclass(frozen=True, slots=True)
class PackRecord:
    """A learner's record in one pack."""

    pack_id: str
    title: str
    skills_total: int
    # The skills mastered at some time, current or slipped since, in the order they were mastered.
    mastered: tuple[MasteredSkill, ...]
    answers: int
    right: int
    seconds: float
    # The titles of the skills a placement check placed out of and nothing has confirmed yet.
    placed_out: tuple[str, ...] = ()

    @property
    def mastered_count(self) -> int:
        """Skills mastered now, as their standing says: the count the chart ends on."""
        return sum(1 for m in self.mastered if m.current)

    @property
    def accuracy(self) -> float | None:
        """The share of answers fully right, None without answers."""
        return self.right / self.answers if self.answers else None


@dataclass(frozen=True, slots=True)
class Portfolio:
    """Everything a learner's portfolio shows."""

    learner: str
    generated_on: date
    packs: tuple[PackRecord, ...]
    # The learner's goals as plain dicts: pack, skills, by, daily_minutes, status (and titles).
    goals: tuple[Mapping[str, Any], ...] = ()
    # Skills mastered and mean mastery at the end of each day, over the packs shown.
    series: tuple[MasteryPoint, ...] = ()
    days_studied: int = 0
    longest_streak: int = 0
    first_day: date | None = None

    @property
    def answers(self) -> int:
        """Answers given in all the packs."""
        return sum(p.answers for p in self.packs)

    @property
    def right(self) -> int:
        """Answers fully right in all the packs."""
        return sum(p.right for p in self.packs)

    @property
    def seconds(self) -> float:
        """Seconds spent answering in all the packs."""
        return sum(p.seconds for p in self.packs)

    @property
    def accuracy(self) -> float | None:
        """The share of answers fully right, None without answers."""
        return self.right / self.answers if self.answers else None

    @property
    def mastered_count(self) -> int:
        """Skills mastered now, in all the packs."""
        return sum(p.mastered_count for p in self.packs)

    @property
    def placed_out_count(self) -> int:
        """Skills placed out now (not counted as mastered), in all the packs."""
        return sum(len(p.placed_out) for p in self.packs)

    @property
    def skills_total(self) -> int:
        """Skills in all the packs."""
        return sum(p.skills_total for p in self.packs)

    def to_dict(self) -> dict[str, Any]:
        """The portfolio as JSON-ready values."""
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "learner": self.learner,
            "generated": self.generated_on.isoformat(),
            "summary": {
                "skills_mastered": self.mastered_count,
                "skills_placed_out": self.placed_out_count,
                "skills_total": self.skills_total,
                "seconds": round(self.seconds, 1),
                "answers": self.answers,
                "right": self.right,
                "accuracy": None if self.accuracy is None else round(self.accuracy, 4),
                "days_studied": self.days_studied,
                "longest_streak": self.longest_streak,
                "first_day": self.first_day.isoformat() if self.first_day else None,
            },
            "goals": [_plain(dict(goal)) for goal in self.goals],
            "packs": [
                {
                    "pack": p.pack_id,
                    "title": p.title,
                    "skills_total": p.skills_total,
                    "answers": p.answers,
                    "right": p.right,
                    "seconds": round(p.seconds, 1),
                    "skills_mastered": p.mastered_count,
                    "placed_out": list(p.placed_out),
                    "mastered": [
                        {
                            "skill": m.skill_id,
                            "title": m.title,
                            "mastered_at": m.mastered_at.isoformat(),
                            "mastered_on": m.mastered_on.isoformat(),
                            "current": m.current,
                        }
                        for m in p.mastered
                    ],
                }
                for p in self.packs
            ],
            "mastery_over_time": [
                {
                    "day": point.day.isoformat(),
                    "mastered": point.mastered,
                    "skills": point.skills,
                    "mean_mastery": round(point.mean_mastery, 4),
                    "answers": point.answers,
                }
                for point in self.series
            ],
        }


def build_portfolio(
    learner: str,
    today: date,
    *,
    packs: Sequence[Pack],
    skills: Mapping[str, Mapping[str, SkillProgress]],
    attempts: Iterable[Attempt],
    params_for: ParamsLookup,
    goals: Iterable[Mapping[str, Any]] = (),
    tz: tzinfo | None = None,
    forgive_per_week: int = 1,
    desired_retention: float = memory.DEFAULT_RETENTION,
    placements: Iterable[Placed] = (),
    since: date | None = None,
) -> Portfolio:
    """A learner's portfolio over `packs`, from their answers and their progress on each skill.

    `skills` is each pack's skill progress by skill id (as `Tutor.view(...).skills`); `attempts`
    are the learner's answers in those packs, `placements` the skills a placement check placed
    them out of. Time studied is time spent answering, as in `tutor progress`. The chart starts
    no earlier than `since`, the day the learner began.
    """
    shown = {pack.id for pack in packs}
    answers = [a for a in attempts if a.pack_id in shown]
    records = [_record(pack, skills.get(pack.id, {}), answers, params_for, tz) for pack in packs]
    days = {local_day(a.at, tz) for a in answers}
    series = mastery_over_time(
        [*answers, *(p for p in placements if p.pack_id in shown)],
        params_for,
        history_days(answers, today, tz=tz, since=since),
        skills=[(pack.id, skill.id) for pack in packs for skill in pack.skills],
        tz=tz,
        desired_retention=desired_retention,
    )
    return Portfolio(
        learner=learner,
        generated_on=today,
        packs=tuple(records),
        goals=tuple(_goal(goal) for goal in goals),
        series=tuple(series),
        days_studied=len(days),
        longest_streak=streak(days, today, forgive_per_week).longest,
        first_day=min(days, default=None),
    )


def _record(
    pack: Pack,
    progress: Mapping[str, SkillProgress],
    answers: Sequence[Attempt],
    params_for: ParamsLookup,
    tz: tzinfo | None,
) -> PackRecord:
    """A learner's record in one pack: what they mastered (by the standing), time and answers."""
    given = [a for a in answers if a.pack_id == pack.id]
    mastered = []
    placed = []
    for skill in pack.skills:
        found = progress.get(skill.id)
        if found is None:
            continue
        params = params_for(pack.id, skill.id)
        if found.mastered_at is not None:
            mastered.append(
                MasteredSkill(
                    skill.id,
                    skill.title,
                    found.mastered_at,
                    local_day(found.mastered_at, tz),
                    counts_as_mastered(found, params),
                )
            )
        elif is_placed_out(found, params):
            placed.append(skill.title)
    mastered.sort(key=lambda m: m.mastered_at)
    return PackRecord(
        pack_id=pack.id,
        title=pack.title,
        skills_total=len(pack.skills),
        mastered=tuple(mastered),
        answers=len(given),
        right=sum(1 for a in given if a.score >= 1.0),
        seconds=sum(a.seconds or 0.0 for a in given),
        placed_out=tuple(placed),
    )


def _goal(goal: Mapping[str, Any]) -> dict[str, Any]:
    """A goal with the keys the portfolio shows, its values plain."""
    plain = {key: _plain(goal.get(key)) for key in GOAL_KEYS}
    plain["skills"] = list(plain["skills"] or [])
    plain["skill_titles"] = list(plain["skill_titles"] or [])
    return plain


def _plain(value: Any) -> Any:
    """A value as JSON can hold it: dates as ISO text, collections as lists and dicts."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
