"""A learner's portfolio written out: HTML, Markdown or JSON.

`to_html`, `to_markdown` and `to_json` turn a `Portfolio` (the facts, `tutor_tui.core.portfolio`)
into text. All pure: the command writes the file.

The HTML is one self-contained page: inline CSS, an inline SVG chart, no script and nothing fetched
from elsewhere, so it can be mailed, printed or opened years later. Names and titles are the
learner's and the pack author's words, so every one of them is escaped, in each format.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from tutor_tui.core.portfolio import Portfolio
from tutor_tui.core.progress import MasteryPoint, duration, mastery_chart
from tutor_tui.core.words import long_date, percent, plural, short_month

# Words shared by the formats -------------------------------------------------------------------


def short_date(day: date) -> str:
    """A day as "2 Mar"."""
    return f"{day.day} {short_month(day.month)}"


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
        f"- Skills mastered: {p.mastered_count} of {p.skills_total}"
        + (f", {p.placed_out_count} placed out" if p.placed_out_count else ""),
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
            out += [f"{pack.mastered_count} of {pack.skills_total} skills mastered.", ""]
            out += ["| Skill | Mastered on |", "|---|---|"]
            for m in pack.mastered:
                note = "" if m.current else " (slipped since: practising again)"
                out.append(f"| {md(m.title)} | {long_date(m.mastered_on)}{note} |")
        else:
            out.append("No skill mastered yet: every answer brings the first one closer.")
        if pack.placed_out:
            titles = ", ".join(md(title) for title in pack.placed_out)
            out += [
                "",
                f"Placed out by a placement check, to be confirmed in a short check: {titles}.",
            ]
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
            *([(str(p.placed_out_count), "skills placed out")] if p.placed_out_count else []),
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
