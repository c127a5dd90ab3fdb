"""The class report written out: as a table's cells, CSV, JSON and one self-contained HTML page.

Names, groups and titles are people's words, so every one is escaped, in every format; the heat
map's cells show their number and a mark as well as a colour, so it reads without colour. The HTML
is one self-contained page: inline CSS, no script, nothing fetched from elsewhere.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

from tutor_tui.core.classroom import (
    FORMAT,
    FORMAT_VERSION,
    INACTIVE_DAYS,
    MEAN_RULE,
    STUCK_RULE,
    ClassReport,
    GoalStanding,
    HeatCell,
    HeatMap,
    LearnerStanding,
)
from tutor_tui.core.progress import duration, local_day
from tutor_tui.core.words import percent, plural, short_month

# Words and cells shared by the formats ----------------------------------------------------------

SUMMARY_HEADERS = (
    "Learner", "Group", "Mastered", "Placed out", "Mean mastery", "Time", "Goal", "Last active",
    "Stuck on",
)  # fmt: skip
# The summary's columns that hold numbers (mastered, placed out, mean mastery, time).
SUMMARY_NUMBERS = frozenset({2, 3, 4, 5})
PLACED_MARK = "»"
HEAT_KEY = (
    f"Each cell is mastery in %: ✓ mastered · {PLACED_MARK} placed out (known by a placement"
    " check, not yet confirmed) · ! stuck · – not begun"
)
BAND_LABELS = (
    "under 25%", "25–49%", "50–74%", "75% up, not mastered", "mastered",
    f"placed out ({PLACED_MARK})",
)  # fmt: skip
# Light backgrounds read with dark text; orange to blue, which colour-blind eyes tell apart, and
# teal for placed out (its mark says it without colour).
BAND_COLOURS = ("#fdba74", "#fed7aa", "#e0e7ff", "#a5b4fc", "#818cf8", "#99f6e4")
PLACED_BAND = 5
NOT_BEGUN_COLOUR = "#f1f5f9"


def skill_key(heat: HeatMap) -> list[tuple[tuple[int, str], tuple[int, str] | None]]:
    """The pack's skills numbered as the heat map's columns, in two columns down the page.

    Each row pairs a skill of the first half with one of the second (None when the count is odd),
    so that every title reads whole beside the map.
    """
    numbered = [(number, title) for number, (_, title) in enumerate(heat.pack.skills, 1)]
    half = (len(numbered) + 1) // 2
    right: list[tuple[int, str] | None] = [*numbered[half:], None]
    return list(zip(numbered[:half], right, strict=False))


def band(cell: HeatCell) -> int | None:
    """A cell's colour band, 0 (under 25%) to 4 (mastered), `PLACED_BAND` for placed out; None
    when not begun."""
    if cell.p_known is None:
        return None
    if cell.placed_out:
        return PLACED_BAND
    if cell.mastered:
        return 4
    return min(3, int(cell.p_known * 4))


def heat_text(cell: HeatCell) -> str:
    """A cell as text that reads without colour: "87", "96✓", "95»" (placed out), "12!" or "–"."""
    if cell.p_known is None:
        return "–"
    mark = "✓" if cell.mastered else PLACED_MARK if cell.placed_out else "!" if cell.stuck else ""
    return f"{round(100 * cell.p_known)}{mark}"


def short_day(day: date) -> str:
    """A day as "2 Mar 2026"."""
    return f"{day.day} {short_month(day.month)} {day.year}"


def away_words(learner: LearnerStanding) -> str:
    """When the learner was last active: "today", "yesterday", "5 days ago" or "never"."""
    if learner.days_away is None:
        return "never"
    if learner.days_away <= 0:
        return "today"
    if learner.days_away == 1:
        return "yesterday"
    return f"{learner.days_away} days ago"


def summary_cells(learner: LearnerStanding) -> tuple[str, ...]:
    """A learner's row of the summary table, as text (in `SUMMARY_HEADERS` order)."""
    goal = learner.goal
    goal_text = "none" if goal is None else goal.words()
    if goal is not None and len([p for p in learner.packs if p.goal]) > 1:
        goal_text += f" ({goal.pack_title})"
    return (
        learner.name,
        learner.group or "–",
        f"{learner.mastered} of {learner.skills_total}" if learner.skills_total else "–",
        str(learner.placed_out) if learner.skills_total else "–",
        percent(learner.mean_mastery),
        duration(learner.seconds),
        goal_text,
        away_words(learner),
        "; ".join(s.title for s in learner.stuck) or "–",
    )


# CSV --------------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "name", "group", "skills_mastered", "skills_total", "skills_placed_out", "mean_mastery",
    "minutes_studied",
    "answers", "goal_status", "goal_pack", "goal_due", "goal_days", "last_active", "days_away",
    "stuck_skills", "needs_help",
)  # fmt: skip


def _cell(text: str) -> str:
    """Text made inert in a spreadsheet: a leading = + - @ would start a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(report: ClassReport) -> str:
    """The report as CSV: a header, then one row per learner (`CSV_COLUMNS`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for learner in report.learners:
        goal = learner.goal
        writer.writerow(
            [
                _cell(learner.name),
                _cell(learner.group or ""),
                learner.mastered,
                learner.skills_total,
                learner.placed_out,
                "" if learner.mean_mastery is None else round(learner.mean_mastery, 4),
                round(learner.seconds / 60, 1),
                learner.answers,
                goal.status if goal else "none",
                _cell(goal.pack_id) if goal else "",
                goal.due_by.isoformat() if goal else "",
                "" if goal is None or goal.days is None else goal.days,
                local_day(learner.last_active).isoformat() if learner.last_active else "",
                "" if learner.days_away is None else learner.days_away,
                _cell("; ".join(s.title for s in learner.stuck)),
                _cell("; ".join(learner.help)),
            ]
        )
    return out.getvalue()


# JSON -------------------------------------------------------------------------------------------


def to_json(report: ClassReport) -> str:
    """The report as JSON."""
    return json.dumps(report_values(report), ensure_ascii=False, indent=2) + "\n"


def report_values(report: ClassReport) -> dict[str, Any]:
    """The report as JSON-ready values."""
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "generated": report.generated_at.isoformat(),
        "group": report.group,
        "pack": report.pack,
        "rules": {"stuck": STUCK_RULE, "inactive_days": INACTIVE_DAYS, "mean_mastery": MEAN_RULE},
        "packs": [
            {
                "pack": p.id,
                "title": p.title,
                "skills": [{"skill": s, "title": t} for s, t in p.skills],
            }
            for p in report.packs
        ],
        "learners": [_learner_dict(learner) for learner in report.learners],
        "needs_help": [
            {"name": h.name, "group": h.group, "reasons": list(h.reasons)}
            for h in report.needs_help
        ],
    }


def _goal_dict(goal: GoalStanding | None) -> dict[str, Any] | None:
    if goal is None:
        return None
    return {
        "pack": goal.pack_id,
        "status": goal.status,
        "days_ahead": max(0, goal.days) if goal.days is not None else None,
        "days_behind": max(0, -goal.days) if goal.days is not None else None,
        "due_by": goal.due_by.isoformat(),
        "change": goal.change,
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _learner_dict(learner: LearnerStanding) -> dict[str, Any]:
    return {
        "name": learner.name,
        "group": learner.group,
        "skills_mastered": learner.mastered,
        "skills_total": learner.skills_total,
        "skills_placed_out": learner.placed_out,
        "mean_mastery": _rounded(learner.mean_mastery),
        "seconds": round(learner.seconds, 1),
        "answers": learner.answers,
        "goal": _goal_dict(learner.goal),
        "last_active": learner.last_active.isoformat() if learner.last_active else None,
        "days_away": learner.days_away,
        "stuck": [
            {
                "pack": s.pack_id,
                "skill": s.skill_id,
                "title": s.title,
                "attempts": s.attempts,
                "misses_in_a_row": s.misses_in_a_row,
                "mastery": round(s.p_known, 4),
                "held": s.held,
                "answers_to_questions_shown": s.recited,
            }
            for s in learner.stuck
        ],
        "needs_help": list(learner.help),
        "packs": [
            {
                "pack": p.pack_id,
                "studied": p.studied,
                "skills_mastered": p.mastered,
                "skills_total": p.skills_total,
                "skills_placed_out": p.placed_out,
                "mean_mastery": round(p.mean_mastery, 4),
                "seconds": round(p.seconds, 1),
                "answers": p.answers,
                "goal": _goal_dict(p.goal),
                "mastery": {k: _rounded(v) for k, v in p.mastery.items()},
                "states": dict(p.states),
            }
            for p in learner.packs
        ],
    }


# HTML -------------------------------------------------------------------------------------------


def _heat_cell(title: str, cell: HeatCell) -> dict[str, str]:
    """A heat map's cell as the page shows it: its classes, its hover text and its text."""
    level = band(cell)
    classes = ["cell", "none" if level is None else f"b{level}"]
    if cell.stuck:
        classes.append("stuck")
    state = (
        "not begun"
        if cell.p_known is None
        else percent(cell.p_known)
        + (", mastered" if cell.mastered else "")
        + (", placed out" if cell.placed_out else "")
        + ((", stuck: held" if cell.held else ", stuck") if cell.stuck else "")
    )
    return {"classes": " ".join(classes), "title": title, "state": state, "text": heat_text(cell)}


def _heat_map(heat: HeatMap) -> dict[str, Any]:
    titles = [title for _, title in heat.pack.skills]
    return {
        "title": heat.pack.title,
        "skills": titles,
        "rows": [
            (name, [_heat_cell(t, c) for t, c in zip(titles, cells, strict=True)])
            for name, cells in zip(heat.learners, heat.rows, strict=True)
        ],
    }


def to_html(report: ClassReport) -> str:
    """The report as one self-contained HTML page."""
    from tutor_tui.render.html import page

    r = report
    return page(
        "classroom.html",
        title=r.title(),
        page_class="class-report",
        count=plural(len(r.learners), "learner"),
        today=short_day(r.today),
        helps=[
            (h.name, h.group if r.group is None else None, "; ".join(h.reasons))
            for h in r.needs_help
        ],
        headers=SUMMARY_HEADERS,
        numeric=SUMMARY_NUMBERS,
        mean_rule=MEAN_RULE,
        rows=[summary_cells(learner) for learner in r.learners],
        stuck_rule=STUCK_RULE,
        heat_maps=[_heat_map(heat) for heat in r.heat_maps],
        key=[
            *zip(BAND_COLOURS, BAND_LABELS, strict=True),
            (NOT_BEGUN_COLOUR, "not begun (–)"),
        ],
        heat_key=HEAT_KEY,
    )
