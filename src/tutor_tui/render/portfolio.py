"""A learner's portfolio: what they set out to do, what they mastered and when, the time it took.

`build_portfolio` gathers it from the learner's answers and skill progress into a `Portfolio`;
`to_html`, `to_markdown` and `to_json` turn it into text. All pure: the command writes the file.

The HTML is one self-contained page: inline CSS, an inline SVG chart, no script and nothing fetched
from elsewhere, so it can be mailed, printed or opened years later. Names and titles are the
learner's and the pack author's words, so every one of them is escaped, in each format.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from tutor_tui.core import memory
from tutor_tui.core.content import Pack
from tutor_tui.core.learner import Attempt, SkillProgress
from tutor_tui.core.progress import (
    MasteryPoint,
    ParamsLookup,
    duration,
    history_days,
    local_day,
    mastery_chart,
    mastery_over_time,
    streak,
)
from tutor_tui.core.words import percent, plural

FORMAT = "tutor-portfolio"
FORMAT_VERSION = 1
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
GOAL_KEYS = ("pack", "pack_title", "skills", "skill_titles", "by", "daily_minutes", "status")


@dataclass(frozen=True, slots=True)
class MasteredSkill:
    """A skill the learner mastered, and when they first did."""

    skill_id: str
    title: str
    mastered_at: datetime
    # The learner's local day it was mastered on.
    mastered_on: date
    # Whether it is still mastered now (it may be due for a refresh).
    current: bool = True


@dataclass(frozen=True, slots=True)
class PackRecord:
    """A learner's record in one pack."""

    pack_id: str
    title: str
    skills_total: int
    mastered: tuple[MasteredSkill, ...]
    answers: int
    right: int
    seconds: float

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
        """Skills mastered, in all the packs."""
        return sum(len(p.mastered) for p in self.packs)

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
) -> Portfolio:
    """A learner's portfolio over `packs`, from their answers and their progress on each skill.

    `skills` is each pack's skill progress by skill id (as `Tutor.view(...).skills`); `attempts`
    are the learner's answers in those packs. Time studied is time spent answering, as in
    `tutor progress`.
    """
    shown = {pack.id for pack in packs}
    answers = [a for a in attempts if a.pack_id in shown]
    records = []
    for pack in packs:
        given = [a for a in answers if a.pack_id == pack.id]
        progress = skills.get(pack.id, {})
        mastered = []
        for skill in pack.skills:
            found = progress.get(skill.id)
            if found is None or found.mastered_at is None:
                continue
            threshold = params_for(pack.id, skill.id).threshold
            mastered.append(
                MasteredSkill(
                    skill.id,
                    skill.title,
                    found.mastered_at,
                    local_day(found.mastered_at, tz),
                    found.p_known >= threshold,
                )
            )
        mastered.sort(key=lambda m: m.mastered_at)
        records.append(
            PackRecord(
                pack_id=pack.id,
                title=pack.title,
                skills_total=len(pack.skills),
                mastered=tuple(mastered),
                answers=len(given),
                right=sum(1 for a in given if a.score >= 1.0),
                seconds=sum(a.seconds or 0.0 for a in given),
            )
        )
    days = {local_day(a.at, tz) for a in answers}
    series = mastery_over_time(
        answers,
        params_for,
        history_days(answers, today, tz=tz),
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


# Words shared by the formats -------------------------------------------------------------------


def long_date(day: date) -> str:
    """A day as "2 March 2026", the same in every locale."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    """A day as "2 Mar"."""
    return f"{day.day} {MONTH_NAMES[day.month - 1][:3]}"


def _goal_words(goal: Mapping[str, Any]) -> tuple[str, str, str, str, str]:
    """A goal's cells: pack, skills, by, minutes a day, status."""
    pack = str(goal.get("pack_title") or goal.get("pack") or "–")
    titles = goal.get("skill_titles") or goal.get("skills") or []
    skills = ", ".join(str(t) for t in titles) if titles else "the whole pack"
    by = goal.get("by")
    try:
        by_text = long_date(date.fromisoformat(str(by)[:10])) if by else "–"
    except ValueError:
        by_text = str(by)
    minutes = goal.get("daily_minutes")
    return (
        pack,
        skills,
        by_text,
        f"{minutes} min" if minutes else "–",
        str(goal.get("status") or "–"),
    )


def _story(portfolio: Portfolio) -> str:
    """One sentence on the whole record."""
    if not portfolio.answers:
        return "Just getting started: the first answers will show here."
    since = f" since {long_date(portfolio.first_day)}" if portfolio.first_day else ""
    days = portfolio.days_studied
    return (
        f"{days} {'day' if days == 1 else 'days'} of study{since}, "
        f"{plural(portfolio.mastered_count, 'skill')} mastered."
    )


def _chart_caption(series: Sequence[MasteryPoint]) -> str:
    if not series:
        return "No answers yet."
    first, last = series[0], series[-1]
    return (
        f"From {short_date(first.day)} to {short_date(last.day)} {last.day.year}: "
        f"skills mastered {first.mastered} → {last.mastered} of {last.skills}; "
        f"mean mastery {round(100 * first.mean_mastery)}% → {round(100 * last.mean_mastery)}%."
    )


# Markdown --------------------------------------------------------------------------------------

# Enough to keep user text literal where the portfolio puts it (never at the start of a line).
_MD_SPECIAL = set("\\`*_{}[]<>#|&~")


def md(text: Any) -> str:
    """User text made literal in Markdown: punctuation escaped, on one line."""
    flat = " ".join(str(text).split())
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in flat)


def to_markdown(portfolio: Portfolio) -> str:
    """The portfolio as Markdown."""
    p = portfolio
    out = [
        f"# Learning portfolio: {md(p.learner)}",
        "",
        f"Generated on {long_date(p.generated_on)} by tutor-tui. {_story(p)}",
        "",
        "## At a glance",
        "",
        f"- Skills mastered: {p.mastered_count} of {p.skills_total}",
        f"- Time studied: {duration(p.seconds)}",
        f"- Answers: {p.answers} ({percent(p.accuracy)} right)",
        f"- Days studied: {p.days_studied} · longest streak: {p.longest_streak}"
        f" {'day' if p.longest_streak == 1 else 'days'}",
        "",
        "## Goals",
        "",
    ]
    if p.goals:
        out += ["| Pack | Skills | By | Each day | Status |", "|---|---|---|---|---|"]
        out += ["| " + " | ".join(md(cell) for cell in _goal_words(g)) + " |" for g in p.goals]
    else:
        out.append("No goals set yet.")
    out += ["", "## Mastery over time", "", "```text"]
    out += mastery_chart(p.series)  # dates and numbers only: nothing to escape
    out += ["```", "", "## Skills mastered", ""]
    for pack in p.packs:
        out += [f"### {md(pack.title)}", ""]
        if pack.mastered:
            out += [f"{len(pack.mastered)} of {pack.skills_total} skills mastered.", ""]
            out += ["| Skill | Mastered on |", "|---|---|"]
            for m in pack.mastered:
                note = "" if m.current else " (due for a refresh)"
                out.append(f"| {md(m.title)} | {long_date(m.mastered_on)}{note} |")
        else:
            out.append("No skill mastered yet: every answer brings the first one closer.")
        out.append("")
    out += [
        "## Time studied",
        "",
        "| Pack | Time | Answers | Right |",
        "|---|---:|---:|---:|",
    ]
    for pack in p.packs:
        out.append(
            f"| {md(pack.title)} | {duration(pack.seconds)} | {pack.answers}"
            f" | {percent(pack.accuracy)} |"
        )
    out.append(f"| **All** | {duration(p.seconds)} | {p.answers} | {percent(p.accuracy)} |")
    out += ["", "_Time studied is the time spent answering questions._", ""]
    return "\n".join(out)


# JSON ------------------------------------------------------------------------------------------


def to_json(portfolio: Portfolio) -> str:
    """The portfolio as JSON."""
    return json.dumps(portfolio.to_dict(), ensure_ascii=False, indent=2) + "\n"


# HTML ------------------------------------------------------------------------------------------


def svg_chart(series: Sequence[MasteryPoint]) -> str:
    """An inline SVG line chart of mastery over time: share of skills mastered, and mean mastery."""
    from tutor_tui.render.charts import mastery_chart
    from tutor_tui.render.html import page

    return page(
        "chart.svg", chart=mastery_chart(series, short_date), caption=_chart_caption(series)
    )


def to_html(portfolio: Portfolio) -> str:
    """The portfolio as one self-contained HTML page."""
    from tutor_tui.render.charts import mastery_chart
    from tutor_tui.render.html import page

    p = portfolio
    streak_days = plural(p.longest_streak, "day") if p.longest_streak else "–"
    return page(
        "portfolio.html",
        title=f"Learning portfolio: {p.learner}",
        page_class="portfolio",
        p=p,
        story=_story(p),
        caption=_chart_caption(p.series),
        chart=mastery_chart(p.series, short_date) if p.series else None,
        tiles=[
            (f"{p.mastered_count} of {p.skills_total}", "skills mastered"),
            (duration(p.seconds), "time studied"),
            (str(p.answers), "answers"),
            (percent(p.accuracy), "answers right"),
            (str(p.days_studied), "days studied"),
            (streak_days, "longest streak"),
        ],
        goals=[_goal_words(goal) for goal in p.goals],
        long_date=long_date,
        short_date=short_date,
        duration=duration,
        percent=percent,
    )
