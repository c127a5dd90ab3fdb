"""A learner's portfolio: what they set out to do, what they mastered and when, the time it took.

`build_portfolio` gathers it from the learner's answers and skill progress into a `Portfolio`;
`to_html`, `to_markdown` and `to_json` turn it into text. All pure: the command writes the file.

The HTML is one self-contained page: inline CSS, an inline SVG chart, no script and nothing fetched
from elsewhere, so it can be mailed, printed or opened years later. Names and titles are the
learner's and the pack author's words, so every one of them is escaped, in each format.
"""

from __future__ import annotations

import html
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


def e(text: Any) -> str:
    """Text made safe for HTML, in content and in quoted attributes."""
    return html.escape(str(text), quote=True)


CSS = """
:root { --ink: #1f2933; --soft: #52606d; --line: #d9e2ec; --paper: #ffffff; --wash: #f5f7fa;
  --accent: #1d4ed8; --accent-wash: rgba(29, 78, 216, 0.12); --second: #b45309; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--wash); color: var(--ink);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }
main { max-width: 860px; margin: 0 auto; padding: 32px 24px 48px; }
header { margin-bottom: 24px; }
h1 { font-size: 1.9rem; margin: 0 0 4px; line-height: 1.2; }
h1 .who { color: var(--accent); overflow-wrap: anywhere; }
h2 { font-size: 1.25rem; margin: 0 0 12px; }
h3 { font-size: 1.05rem; margin: 20px 0 8px; overflow-wrap: anywhere; }
p { margin: 0 0 8px; }
.meta, .note, figcaption { color: var(--soft); }
.note { font-size: 0.9rem; }
section { background: var(--paper); border: 1px solid var(--line); border-radius: 10px;
  padding: 20px 24px; margin: 0 0 20px; }
.tiles { display: grid; grid-template-columns: repeat(3, 1fr); gap: 12px; margin: 0 0 20px; }
.tile { background: var(--paper); border: 1px solid var(--line); border-radius: 10px;
  padding: 14px 16px; }
.tile .value { display: block; font-size: 1.6rem; font-weight: 650; line-height: 1.2; }
.tile .label { color: var(--soft); font-size: 0.9rem; }
table { width: 100%; border-collapse: collapse; font-size: 0.95rem; }
th, td { text-align: left; padding: 7px 8px; border-bottom: 1px solid var(--line);
  vertical-align: top; }
th { color: var(--soft); font-weight: 600; }
td { overflow-wrap: break-word; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 650; border-bottom: none; }
.badge { display: inline-block; font-size: 0.8rem; padding: 1px 8px; border-radius: 999px;
  background: var(--wash); border: 1px solid var(--line); color: var(--soft); }
figure { margin: 0; }
svg.chart { width: 100%; height: auto; display: block; }
.chart .grid { stroke: var(--line); stroke-width: 1; }
.chart .axis { fill: var(--soft); font-size: 12px; }
.chart .area { fill: var(--accent-wash); }
.chart .mastered { fill: none; stroke: var(--accent); stroke-width: 3; stroke-linejoin: round; }
.chart .mean { fill: none; stroke: var(--second); stroke-width: 2; stroke-dasharray: 6 5; }
.chart .dot { fill: var(--accent); }
.chart .end { fill: var(--ink); font-size: 12px; font-weight: 600; }
.legend { display: flex; gap: 20px; flex-wrap: wrap; font-size: 0.9rem; color: var(--soft);
  margin: 8px 0; }
.legend svg { vertical-align: middle; margin-right: 6px; }
details { margin-top: 8px; font-size: 0.9rem; }
summary { cursor: pointer; color: var(--soft); }
details table { margin-top: 8px; }
.wide { overflow-x: auto; }
footer { color: var(--soft); font-size: 0.85rem; text-align: center; }
@media (max-width: 560px) {
  main { padding: 20px 12px 32px; }
  section { padding: 16px 14px; }
  .tiles { grid-template-columns: repeat(2, 1fr); }
  th, td { padding: 6px 4px; }
}
@media print {
  body { background: #fff; }
  main { padding: 0; max-width: none; }
  section, .tile { break-inside: avoid; border-color: #bbb; }
  details { display: none; }
}
"""


def svg_chart(series: Sequence[MasteryPoint]) -> str:
    """An inline SVG line chart of mastery over time: share of skills mastered, and mean mastery."""
    width, height = 720, 280
    left, right, top, bottom = 48, 84, 16, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(series)

    def x(i: int) -> float:
        return left + (plot_w / 2 if n == 1 else i * plot_w / (n - 1))

    def y(value: float) -> float:
        return top + (1 - min(1.0, max(0.0, value))) * plot_h

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart-title chart-desc">',
        '<title id="chart-title">Mastery over time</title>',
        f'<desc id="chart-desc">{e(_chart_caption(series))}</desc>',
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        ty = y(tick)
        parts.append(
            f'<line class="grid" x1="{left}" y1="{ty:.1f}" x2="{left + plot_w}" y2="{ty:.1f}"/>'
        )
        parts.append(
            f'<text class="axis" x="{left - 8}" y="{ty + 4:.1f}" text-anchor="end">'
            f"{round(100 * tick)}%</text>"
        )
    if n:
        for i in _tick_indices(n):
            anchor = "start" if n > 1 and i == 0 else ("end" if n > 1 and i == n - 1 else "middle")
            parts.append(
                f'<text class="axis" x="{x(i):.1f}" y="{height - 12}" text-anchor="{anchor}">'
                f"{e(short_date(series[i].day))}</text>"
            )
        shares = [p.share_mastered for p in series]
        means = [p.mean_mastery for p in series]
        line = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(shares))
        if n > 1:
            area = f"{x(0):.1f},{y(0):.1f} {line} {x(n - 1):.1f},{y(0):.1f}"
            parts.append(f'<polygon class="area" points="{area}"/>')
            parts.append(
                '<polyline class="mean" points="'
                + " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(means))
                + '"/>'
            )
            parts.append(f'<polyline class="mastered" points="{line}"/>')
        last = series[-1]
        parts.append(f'<circle class="dot" cx="{x(n - 1):.1f}" cy="{y(shares[-1]):.1f}" r="4.5"/>')
        parts.append(
            f'<text class="end" x="{x(n - 1) + 8:.1f}" y="{y(shares[-1]) + 4:.1f}">'
            f"{last.mastered} of {last.skills}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _tick_indices(n: int, most: int = 6) -> list[int]:
    if n <= most:
        return list(range(n))
    return sorted({round(k * (n - 1) / (most - 1)) for k in range(most)})


def _legend() -> str:
    solid = (
        '<svg width="28" height="10" aria-hidden="true"><line x1="0" y1="5" x2="28" y2="5" '
        'stroke="#1d4ed8" stroke-width="3"/></svg>'
    )
    dashed = (
        '<svg width="28" height="10" aria-hidden="true"><line x1="0" y1="5" x2="28" y2="5" '
        'stroke="#b45309" stroke-width="2" stroke-dasharray="6 5"/></svg>'
    )
    return (
        f'<div class="legend"><span>{solid}Skills mastered (share of all)</span>'
        f"<span>{dashed}Mean mastery</span></div>"
    )


def tile(value: str, label: str) -> str:
    """A figure with its label, as the HTML pages show them in a row."""
    return (
        f'<div class="tile"><span class="value">{e(value)}</span>'
        f'<span class="label">{e(label)}</span></div>'
    )


def to_html(portfolio: Portfolio) -> str:
    """The portfolio as one self-contained HTML page."""
    p = portfolio
    body: list[str] = []
    body.append(
        "<header>"
        f'<h1>Learning portfolio: <span class="who">{e(p.learner)}</span></h1>'
        f'<p class="meta">Generated on {e(long_date(p.generated_on))} by tutor-tui. '
        f"{e(_story(p))}</p>"
        "</header>"
    )
    streak_days = plural(p.longest_streak, "day") if p.longest_streak else "–"
    body.append(
        '<div class="tiles">'
        + tile(f"{p.mastered_count} of {p.skills_total}", "skills mastered")
        + tile(duration(p.seconds), "time studied")
        + tile(str(p.answers), "answers")
        + tile(percent(p.accuracy), "answers right")
        + tile(str(p.days_studied), "days studied")
        + tile(streak_days, "longest streak")
        + "</div>"
    )
    rows = "".join(
        f"<tr><td>{e(short_date(point.day))} {point.day.year}</td>"
        f'<td class="num">{point.mastered}</td>'
        f'<td class="num">{round(100 * point.mean_mastery)}%</td>'
        f'<td class="num">{point.answers}</td></tr>'
        for point in p.series
        if point.answers or point is p.series[-1] or point is p.series[0]
    )
    body.append(
        '<section aria-labelledby="over-time"><h2 id="over-time">Mastery over time</h2><figure>'
        + (svg_chart(p.series) if p.series else "")
        + (_legend() if p.series else "")
        + f"<figcaption>{e(_chart_caption(p.series))}</figcaption></figure>"
        + (
            "<details><summary>The numbers behind the chart</summary><table><thead><tr><th>Day</th>"
            '<th class="num">Skills mastered</th><th class="num">Mean mastery</th>'
            '<th class="num">Answers that day</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></details>"
            if p.series
            else ""
        )
        + "</section>"
    )
    if p.goals:
        goal_rows = "".join(
            "<tr>" + "".join(f"<td>{e(cell)}</td>" for cell in _goal_words(goal)) + "</tr>"
            for goal in p.goals
        )
        goals = (
            '<div class="wide"><table><thead><tr><th>Pack</th><th>Skills</th><th>By</th>'
            f"<th>Each day</th><th>Status</th></tr></thead><tbody>{goal_rows}</tbody></table></div>"
        )
    else:
        goals = '<p class="note">No goals set yet.</p>'
    body.append(f'<section aria-labelledby="goals"><h2 id="goals">Goals</h2>{goals}</section>')
    packs = []
    for pack in p.packs:
        packs.append(
            f"<h3>{e(pack.title)} "
            f'<span class="badge">{len(pack.mastered)} of {pack.skills_total} mastered</span></h3>'
        )
        if pack.mastered:
            items = "".join(
                f'<tr><td>{e(m.title)}</td><td class="num">{e(long_date(m.mastered_on))}'
                + ("" if m.current else ' <span class="badge">due for a refresh</span>')
                + "</td></tr>"
                for m in pack.mastered
            )
            packs.append(
                '<table><thead><tr><th>Skill</th><th class="num">Mastered on</th></tr></thead>'
                f"<tbody>{items}</tbody></table>"
            )
        else:
            packs.append(
                '<p class="note">No skill mastered yet: '
                "every answer brings the first one closer.</p>"
            )
    if not p.packs:
        packs.append('<p class="note">No packs started yet.</p>')
    body.append(
        '<section aria-labelledby="mastered"><h2 id="mastered">Skills mastered</h2>'
        + "".join(packs)
        + "</section>"
    )
    time_rows = "".join(
        f'<tr><td>{e(pack.title)}</td><td class="num">{e(duration(pack.seconds))}</td>'
        f'<td class="num">{pack.answers}</td><td class="num">{percent(pack.accuracy)}</td></tr>'
        for pack in p.packs
    )
    body.append(
        '<section aria-labelledby="time"><h2 id="time">Time studied</h2><table><thead><tr>'
        '<th>Pack</th><th class="num">Time</th><th class="num">Answers</th>'
        '<th class="num">Right</th>'
        f"</tr></thead><tbody>{time_rows}"
        f'<tr class="total"><td>All</td><td class="num">{e(duration(p.seconds))}</td>'
        f'<td class="num">{p.answers}</td><td class="num">{percent(p.accuracy)}</td></tr>'
        '</tbody></table><p class="note">Time studied is the time spent answering questions.</p>'
        "</section>"
    )
    body.append("<footer>Made with tutor-tui, a self-paced tutor for the terminal.</footer>")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Learning portfolio: {e(p.learner)}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )
