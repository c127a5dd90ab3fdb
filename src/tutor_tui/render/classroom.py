"""The class report written out: as a table's cells, CSV, JSON and one self-contained HTML page.

Names, groups and titles are people's words, so every one is escaped, in every format; the heat
map's cells show their number and a mark as well as a colour, so it reads without colour. The HTML
is one self-contained page: inline CSS, no script, nothing fetched from elsewhere.
"""

from __future__ import annotations

import csv
import html
import io
import json
from datetime import date
from typing import Any

from tutor_tui.core.classroom import (
    FORMAT,
    FORMAT_VERSION,
    INACTIVE_DAYS,
    STUCK_RULE,
    ClassReport,
    GoalStanding,
    HeatCell,
    HeatMap,
    LearnerStanding,
)
from tutor_tui.core.progress import duration, local_day
from tutor_tui.core.words import percent, plural

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# Words and cells shared by the formats ----------------------------------------------------------

SUMMARY_HEADERS = (
    "Learner", "Group", "Mastered", "Mean mastery", "Time", "Goal", "Last active", "Stuck on",
)  # fmt: skip
HEAT_KEY = "Each cell is mastery in %: ✓ mastered · ! stuck · – not begun"
BAND_LABELS = ("under 25%", "25–49%", "50–74%", "75% up, not mastered", "mastered")
# Light backgrounds read with dark text; orange to blue, which colour-blind eyes tell apart.
BAND_COLOURS = ("#fdba74", "#fed7aa", "#e0e7ff", "#a5b4fc", "#818cf8")
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
    """A cell's colour band, 0 (under 25%) to 4 (mastered); None when not begun."""
    if cell.p_known is None:
        return None
    if cell.mastered:
        return 4
    return min(3, int(cell.p_known * 4))


def heat_text(cell: HeatCell) -> str:
    """A cell as text that reads without colour: "87", "96✓", "12!" or "–"."""
    if cell.p_known is None:
        return "–"
    mark = "✓" if cell.mastered else ("!" if cell.stuck else "")
    return f"{round(100 * cell.p_known)}{mark}"


def short_day(day: date) -> str:
    """A day as "2 Mar 2026"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


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
        percent(learner.mean_mastery),
        duration(learner.seconds),
        goal_text,
        away_words(learner),
        "; ".join(s.title for s in learner.stuck) or "–",
    )


# CSV --------------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "name", "group", "skills_mastered", "skills_total", "mean_mastery", "minutes_studied",
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
        "rules": {"stuck": STUCK_RULE, "inactive_days": INACTIVE_DAYS},
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
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _learner_dict(learner: LearnerStanding) -> dict[str, Any]:
    return {
        "name": learner.name,
        "group": learner.group,
        "skills_mastered": learner.mastered,
        "skills_total": learner.skills_total,
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
                "mean_mastery": round(p.mean_mastery, 4),
                "seconds": round(p.seconds, 1),
                "answers": p.answers,
                "goal": _goal_dict(p.goal),
                "mastery": {k: _rounded(v) for k, v in p.mastery.items()},
            }
            for p in learner.packs
        ],
    }


# HTML -------------------------------------------------------------------------------------------


def e(text: Any) -> str:
    """Text made safe for HTML, in content and in quoted attributes."""
    return html.escape(str(text), quote=True)


CSS = """
:root { --ink: #1f2933; --soft: #52606d; --line: #d9e2ec; --paper: #ffffff; --wash: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--wash); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 28px 20px 44px; }
h1 { font-size: 1.7rem; margin: 0 0 4px; line-height: 1.2; overflow-wrap: anywhere; }
h2 { font-size: 1.2rem; margin: 0 0 12px; overflow-wrap: anywhere; }
p { margin: 0 0 8px; }
.meta, .note { color: var(--soft); }
.note { font-size: 0.9rem; }
section { background: var(--paper); border: 1px solid var(--line); border-radius: 10px;
  padding: 18px 20px; margin: 0 0 18px; }
.wide { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.92rem; }
table.summary { width: 100%; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line);
  vertical-align: top; }
th { color: var(--soft); font-weight: 600; }
tbody th { color: var(--ink); overflow-wrap: anywhere; min-width: 7em; }
table.heat thead th { vertical-align: bottom; }
td { overflow-wrap: anywhere; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
ol.help li { margin: 0 0 6px; }
ol.help .who { font-weight: 650; }
table.heat th.skill { vertical-align: bottom; padding: 4px 2px; }
table.heat th.skill span { writing-mode: vertical-rl; transform: rotate(180deg);
  display: inline-block; max-height: 14em; overflow: hidden; font-weight: 500; }
table.heat td.cell { text-align: center; min-width: 3em; padding: 5px 3px; color: #111827;
  border: 1px solid #fff; font-variant-numeric: tabular-nums; }
td.none { background: #f1f5f9; color: var(--soft); }
td.b0 { background: #fdba74; } td.b1 { background: #fed7aa; } td.b2 { background: #e0e7ff; }
td.b3 { background: #a5b4fc; } td.b4 { background: #818cf8; font-weight: 650; }
td.stuck { outline: 2px dashed #9a3412; outline-offset: -3px; font-weight: 650; }
.key { display: flex; flex-wrap: wrap; gap: 6px 14px; font-size: 0.85rem; color: var(--soft);
  margin: 10px 0 0; padding: 0; list-style: none; }
.key span { display: inline-block; width: 1.4em; height: 1em; vertical-align: middle;
  margin-right: 4px; border: 1px solid var(--line); }
footer { color: var(--soft); font-size: 0.85rem; text-align: center; }
@page { margin: 12mm; }
@media print {
  body { background: #fff; font-size: 11px; }
  main { padding: 0; max-width: none; }
  h1 { font-size: 1.4rem; }
  section { break-inside: avoid; border-color: #bbb; padding: 8px 10px; margin: 0 0 10px; }
  /* On paper nothing scrolls: a wide heat map is shown whole, its cells narrower. */
  .wide { overflow: visible; }
  table.heat td.cell { min-width: 0; padding: 2px 1px; }
  tr { break-inside: avoid; }
  td.cell, .key span { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _heat_html(heat: HeatMap, section_id: str) -> str:
    head = "".join(
        f'<th class="skill" scope="col" title="{e(title)}"><span>{e(title)}</span></th>'
        for _, title in heat.pack.skills
    )
    rows = []
    for name, cells in zip(heat.learners, heat.rows, strict=True):
        tds = []
        for (_, title), cell in zip(heat.pack.skills, cells, strict=True):
            level = band(cell)
            classes = ["cell", "none" if level is None else f"b{level}"]
            if cell.stuck:
                classes.append("stuck")
            state = (
                "not begun"
                if cell.p_known is None
                else percent(cell.p_known)
                + (", mastered" if cell.mastered else "")
                + (", stuck" if cell.stuck else "")
            )
            tds.append(
                f'<td class="{" ".join(classes)}" title="{e(name)}, {e(title)}: {e(state)}">'
                f"{e(heat_text(cell))}</td>"
            )
        rows.append(f'<tr><th scope="row">{e(name)}</th>{"".join(tds)}</tr>')
    body = "".join(rows) or (
        f'<tr><td colspan="{len(heat.pack.skills) + 1}" class="note">'
        "No one studies this pack yet.</td></tr>"
    )
    key = "".join(
        f'<li><span style="background:{colour}"></span>{e(label)}</li>'
        for colour, label in zip(BAND_COLOURS, BAND_LABELS, strict=True)
    )
    key += f'<li><span style="background:{NOT_BEGUN_COLOUR}"></span>not begun (–)</li>'
    return (
        f'<section aria-labelledby="{section_id}"><h2 id="{section_id}">Skills: '
        f"{e(heat.pack.title)}</h2>"
        f'<div class="wide"><table class="heat"><thead><tr><th scope="col">Learner</th>{head}'
        f"</tr></thead><tbody>{body}</tbody></table></div>"
        f'<ul class="key">{key}</ul><p class="note">{e(HEAT_KEY)}.</p></section>'
    )


def to_html(report: ClassReport) -> str:
    """The report as one self-contained HTML page."""
    r = report
    body: list[str] = []
    count = len(r.learners)
    body.append(
        f"<header><h1>{e(r.title())}</h1>"
        f'<p class="meta">{plural(count, "learner")} · made on {e(short_day(r.today))} '
        "by tutor-tui</p></header>"
    )
    if r.needs_help:
        items = "".join(
            f'<li><span class="who">{e(h.name)}</span>'
            + (f" ({e(h.group)})" if h.group and r.group is None else "")
            + f": {e('; '.join(h.reasons))}.</li>"
            for h in r.needs_help
        )
        helped = f'<ol class="help">{items}</ol>'
    else:
        helped = '<p class="note">No one needs help right now.</p>'
    body.append(
        f'<section aria-labelledby="help"><h2 id="help">Who needs help now</h2>{helped}</section>'
    )
    numeric = {2, 3, 4}
    num = ' class="num"'
    head = "".join(
        f'<th scope="col"{num if i in numeric else ""}>{e(h)}</th>'
        for i, h in enumerate(SUMMARY_HEADERS)
    )
    rows = "".join(
        '<tr><th scope="row">'
        + e(cells[0])
        + "</th>"
        + "".join(
            f"<td{num if i in numeric else ''}>{e(c)}</td>" for i, c in enumerate(cells) if i > 0
        )
        + "</tr>"
        for cells in (summary_cells(learner) for learner in r.learners)
    )
    if not r.learners:
        rows = f'<tr><td colspan="{len(SUMMARY_HEADERS)}" class="note">No learners yet.</td></tr>'
    body.append(
        '<section aria-labelledby="class"><h2 id="class">Everyone</h2><div class="wide">'
        f'<table class="summary"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>'
        '<p class="note">Mastered and mean mastery are over the packs each learner studies; time '
        f"is time spent answering. Stuck means {e(STUCK_RULE)}.</p></section>"
    )
    for index, heat in enumerate(r.heat_maps):
        body.append(_heat_html(heat, f"heat-{index}"))
    body.append("<footer>Made with tutor-tui, a self-paced tutor for the terminal.</footer>")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(r.title())}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )
