"""A class of learners at a glance: where each stands, a heat map of skills, who needs help now.

A tutor who runs sessions for several learners on one computer wants one picture of them all.
This module builds it and writes it out; it is pure, taking values and returning values:

- `decode_roster`, `parse_roster` and `plan_import` read a roster file (CSV: `name`, and
  optionally `group`) and decide what an import would do, refusing the whole file with
  `FILE:LINE: message` for anything wrong in it; the command applies the plan.
- `build_class_report` turns plain per-learner facts (`LearnerFacts`) into a `ClassReport`, and
  `to_csv`, `to_json` and `to_html` turn that into text; `heat_text` and `band` are the heat
  map's cells for any shell.
- `class_report(tutor, group, pack)` is the one place the report is read through the service.
  It is the report's only entry point on purpose: a check (a tutor's passphrase) goes in front of
  it, and nothing else needs to change.

The rules, in one place:

- A skill is *stuck* when it is not mastered and either the learner has tried it at least
  `STUCK_ATTEMPTS` times with its mastery still under `STUCK_BELOW`, or their last
  `STUCK_MISSES` or more answers on it were all missed (placement answers do not count).
- *Who needs help now* lists a learner who is stuck on a skill, is behind on a goal, or has not
  studied for `INACTIVE_DAYS` days or more while having a goal (then they are not also called
  behind: at the pace of someone away, any goal looks far off). Stuck comes first (it is help
  with today's work), then behind (most days first), then away (longest first); a learner with
  several reasons is listed once, under the most pressing, with all of them.

The HTML is one self-contained page: inline CSS, no script, nothing fetched from elsewhere. Names,
groups and titles are people's words, so every one is escaped, in every format; the heat map's
cells show their number and a mark as well as a colour, so it reads without colour.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any, Literal, Protocol

from tutor_tui.core.errors import NotFound, TutorError
from tutor_tui.core.learner import clean_name
from tutor_tui.core.progress import duration, local_day
from tutor_tui.core.words import percent, plural

if TYPE_CHECKING:
    from tutor_tui.core.content import Pack
    from tutor_tui.core.learner import Learner
    from tutor_tui.core.pace import Forecast, Goal

FORMAT = "tutor-class-report"
FORMAT_VERSION = 1

STUCK_ATTEMPTS = 6
STUCK_BELOW = 0.5
STUCK_MISSES = 3
INACTIVE_DAYS = 3
STUCK_RULE = (
    f"not mastered, and either {STUCK_ATTEMPTS} or more tries with mastery under "
    f"{round(100 * STUCK_BELOW)}%, or {STUCK_MISSES} or more misses in a row"
)

GoalState = Literal["ahead", "on track", "behind", "reached", "none"]
# Worst first: the goal a summary names when a learner has several.
_GOAL_ORDER: dict[str, int] = {"behind": 0, "on track": 1, "ahead": 2, "reached": 3, "none": 4}

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# Roster import ----------------------------------------------------------------------------------


class RosterError(TutorError):
    """A roster that cannot be imported; `problems` are `FILE:LINE: message` lines."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(problems[0] if len(problems) == 1 else f"{len(problems)} problems")
        self.problems = tuple(problems)


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One learner named in a roster, with the line they are on."""

    line: int
    name: str
    group: str | None


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """What importing a roster would do."""

    add: tuple[RosterEntry, ...]
    # Learners already here whose group the file leaves as it is (or does not give).
    already_here: tuple[RosterEntry, ...]
    # Learners already here that the file puts in another group: (entry, their group now).
    regroup: tuple[tuple[RosterEntry, str | None], ...]


def decode_roster(data: bytes, source: str) -> str:
    """A roster file's text: UTF-8, with or without a byte-order mark; RosterError otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RosterError(
            [f"{source}:{line}: this is not UTF-8 text; save the file as CSV UTF-8"]
        ) from None


def parse_roster(text: str, source: str) -> list[RosterEntry]:
    """The learners a roster names; RosterError listing every problem when any line is wrong.

    The first row is the header: a `name` column (required) and a `group` column (optional), in
    any order and any case; other columns are ignored. Cells are separated by commas, or by the
    semicolons or tabs some spreadsheets write instead. Rows with every cell empty are skipped.
    Two names that differ only in capitals are taken for a slip, not for two learners.
    """
    if not text.strip():
        raise RosterError(
            [f"{source}:1: the file is empty; its first line must be a header such as: name,group"]
        )
    problems: list[str] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise RosterError([f"{source}:1: {error}"]) from None
    cells_read = [cell.strip() for cell in header or []]
    columns = [cell.casefold() for cell in cells_read]
    if "name" not in columns:
        shown = ", ".join(f"'{c}'" for c in cells_read if c) or "nothing"
        raise RosterError(
            [
                f"{source}:1: the first line must be the header, with a 'name' column (and maybe"
                f" 'group'); it has {shown}"
            ]
        )
    for wanted in ("name", "group"):
        if columns.count(wanted) > 1:
            problems.append(f"{source}:1: the header has the column '{wanted}' twice")
    name_at = columns.index("name")
    group_at = columns.index("group") if "group" in columns else None
    entries: list[RosterEntry] = []
    first_line: dict[str, tuple[int, str]] = {}
    end = reader.line_num
    while True:
        start = end + 1
        try:
            row = next(reader, None)
        except csv.Error as error:
            problems.append(f"{source}:{start}: {error}")
            break
        end = reader.line_num
        if row is None:
            break
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns) :]):
            problems.append(
                f"{source}:{start}: {len(row)} cells but the header has {len(columns)} columns;"
                ' put a name that holds a comma in double quotes, like "Lopez, Ana"'
            )
            continue
        # Empty cells past the header's columns (a spreadsheet's trailing commas) are nothing.
        cells = row[: len(columns)] + [""] * (len(columns) - len(row))
        if any("\n" in cell or "\r" in cell for cell in cells):
            # A quote opened and not closed takes the lines after it into one cell.
            problems.append(
                f'{source}:{start}: a cell runs on over several lines: a double quote (") is'
                " opened here and not closed"
            )
            continue
        try:
            name = clean_name(cells[name_at])
        except ValueError as why:
            problems.append(f"{source}:{start}: {why}")
            continue
        group: str | None = None
        if group_at is not None and cells[group_at].strip():
            try:
                group = clean_name(cells[group_at])
            except ValueError as why:
                problems.append(f"{source}:{start}: {str(why).replace('name', 'group')}")
                continue
        key = name.casefold()
        if key in first_line:
            line, before = first_line[key]
            spelled = "" if before == name else f" as '{before}'"
            problems.append(f"{source}:{start}: '{name}' is already on line {line}{spelled}")
            continue
        first_line[key] = (start, name)
        entries.append(RosterEntry(start, name, group))
    if not entries and not problems:
        problems.append(f"{source}:{end + 1}: no learners after the header")
    if problems:
        raise RosterError(problems)
    return entries


def _delimiter(text: str) -> str:
    """What separates the cells: a comma, unless the header names its columns with `;` or tab."""
    first = text.splitlines()[0] if text else ""
    if "," not in first:
        for other in (";", "\t"):
            try:
                cells = next(csv.reader([first], delimiter=other), [])
            except csv.Error:
                continue
            if other in first and "name" in (cell.strip().casefold() for cell in cells):
                return other
    return ","


def check_names_here(entries: Sequence[RosterEntry], here: Iterable[str], source: str) -> None:
    """RosterError for each new name that differs from a learner's here only in capitals.

    The store would keep the two apart, as two learners; in a roster that is most likely a slip.
    """
    known = set(here)
    folded = {name.casefold(): name for name in known}
    problems = [
        f"{source}:{entry.line}: '{entry.name}' differs only in capitals from '{other}', who is"
        f" already here; write '{other}' to mean that learner"
        for entry in entries
        if entry.name not in known and (other := folded.get(entry.name.casefold())) is not None
    ]
    if problems:
        raise RosterError(problems)


def plan_import(entries: Sequence[RosterEntry], existing: Mapping[str, str | None]) -> ImportPlan:
    """What to do with each entry, given the learners already here (name -> group).

    A learner already here is not added again; when the file gives them a group that differs
    from theirs, they are to be moved to it.
    """
    add, here, regroup = [], [], []
    for entry in entries:
        if entry.name not in existing:
            add.append(entry)
        elif entry.group is not None and entry.group != existing[entry.name]:
            regroup.append((entry, existing[entry.name]))
        else:
            here.append(entry)
    return ImportPlan(tuple(add), tuple(here), tuple(regroup))


# Facts in ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SkillFacts:
    """What the tutor knows about one learner on one skill."""

    skill_id: str
    p_known: float
    mastered: bool
    attempts: int = 0
    misses_in_a_row: int = 0
    # Whether the learner has begun it: answered, or been placed on it.
    started: bool = False


@dataclass(frozen=True, slots=True)
class GoalFacts:
    """A learner's active goal in a pack and its forecast."""

    pack_id: str
    # pace's status: done, ahead, on track, behind.
    status: str
    # Ahead (positive) or behind (negative), as the forecast says.
    days: int
    due_by: date
    set_on: date
    # The day the goal would be reached at the learner's pace; None when they have no pace.
    finish: date | None = None


@dataclass(frozen=True, slots=True)
class PackInfo:
    """A pack as the report shows it: its title and its skills (id, title) in study order."""

    id: str
    title: str
    skills: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class LearnerFacts:
    """Everything the report needs about one learner, read through the service."""

    name: str
    group: str | None
    # Per pack id: the learner's facts on every skill of the pack.
    skills: Mapping[str, Sequence[SkillFacts]]
    # Per pack id: (answers, seconds spent answering).
    time: Mapping[str, tuple[int, float]] = field(default_factory=dict)
    # Per pack id: the active goal there.
    goals: Mapping[str, GoalFacts] = field(default_factory=dict)
    # When the learner last answered or read a lesson, in any pack.
    last_active: datetime | None = None


# The report -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StuckSkill:
    """A skill a learner seems stuck on, and why it counts as stuck."""

    pack_id: str
    skill_id: str
    title: str
    attempts: int
    misses_in_a_row: int
    p_known: float

    def evidence(self) -> str:
        """Why, in a few words: "8 tries, 20% mastery" or "4 misses in a row"."""
        if self.misses_in_a_row >= STUCK_MISSES:
            return f"{self.misses_in_a_row} misses in a row"
        return f"{self.attempts} tries, {round(100 * self.p_known)}% mastery"


@dataclass(frozen=True, slots=True)
class GoalStanding:
    """Where a learner stands on their goal in one pack."""

    pack_id: str
    pack_title: str
    status: GoalState
    # Days ahead (positive) or behind (negative); None when the learner has no pace to go by.
    days: int | None
    due_by: date

    def words(self) -> str:
        """The standing in a few words: "behind by 4 days", "on track", "reached"."""
        if self.status in ("ahead", "behind") and self.days:
            n = abs(self.days)
            return f"{self.status} by {n} {'day' if n == 1 else 'days'}"
        if self.status == "behind":
            return "behind: no recent study"
        return self.status


@dataclass(frozen=True, slots=True)
class PackStanding:
    """A learner in one pack."""

    pack_id: str
    title: str
    skills_total: int
    mastered: int
    mean_mastery: float
    answers: int
    seconds: float
    studied: bool
    goal: GoalStanding | None
    # Per skill id: mastery 0 to 1, None when not begun.
    mastery: Mapping[str, float | None]
    # The skills mastered now.
    mastered_ids: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Help:
    """A learner who needs help now, with the reasons in plain words, the most pressing first."""

    name: str
    group: str | None
    reasons: tuple[str, ...]
    # For ordering: (kind of the most pressing reason: 0 stuck, 1 behind, 2 away; -severity).
    rank: tuple[int, float] = (9, 0.0)


@dataclass(frozen=True, slots=True)
class LearnerStanding:
    """One learner's row in the class report."""

    name: str
    group: str | None
    packs: tuple[PackStanding, ...]
    last_active: datetime | None
    days_away: int | None
    stuck: tuple[StuckSkill, ...]
    help: tuple[str, ...]

    @property
    def studied(self) -> tuple[PackStanding, ...]:
        """The packs the learner studies (answered in, placed in, or has a goal in)."""
        return tuple(p for p in self.packs if p.studied)

    @property
    def mastered(self) -> int:
        """Skills mastered in the packs the learner studies."""
        return sum(p.mastered for p in self.studied)

    @property
    def skills_total(self) -> int:
        """Skills in the packs the learner studies."""
        return sum(p.skills_total for p in self.studied)

    @property
    def mean_mastery(self) -> float | None:
        """Mean mastery over the skills of the packs studied; None when none is studied."""
        total = self.skills_total
        return sum(p.mean_mastery * p.skills_total for p in self.studied) / total if total else None

    @property
    def seconds(self) -> float:
        """Seconds spent answering in the packs shown."""
        return sum(p.seconds for p in self.packs)

    @property
    def answers(self) -> int:
        """Answers given in the packs shown."""
        return sum(p.answers for p in self.packs)

    @property
    def goal(self) -> GoalStanding | None:
        """The goal most in need of attention, if the learner has any in the packs shown."""
        goals = [p.goal for p in self.packs if p.goal is not None]
        return min(goals, key=lambda g: (_GOAL_ORDER[g.status], g.days or 0), default=None)


@dataclass(frozen=True, slots=True)
class HeatCell:
    """One learner on one skill, in the heat map."""

    p_known: float | None  # None: not begun
    mastered: bool = False
    stuck: bool = False


@dataclass(frozen=True, slots=True)
class HeatMap:
    """Learners by skills of one pack: each learner's mastery of each skill."""

    pack: PackInfo
    learners: tuple[str, ...]
    rows: tuple[tuple[HeatCell, ...], ...]


@dataclass(frozen=True, slots=True)
class ClassReport:
    """The class report: every learner's standing, a heat map per pack, who needs help now."""

    generated_at: datetime
    today: date
    group: str | None
    pack: str | None
    packs: tuple[PackInfo, ...]
    learners: tuple[LearnerStanding, ...]
    heat_maps: tuple[HeatMap, ...]
    needs_help: tuple[Help, ...]

    def title(self) -> str:
        """The report's title: "Class report", with the group and pack it is limited to."""
        parts = ["Class report"]
        if self.group is not None:
            parts.append(f"group {self.group}")
        if self.pack is not None:
            parts.append(next((p.title for p in self.packs if p.id == self.pack), self.pack))
        return " · ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready values."""
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "generated": self.generated_at.isoformat(),
            "group": self.group,
            "pack": self.pack,
            "rules": {"stuck": STUCK_RULE, "inactive_days": INACTIVE_DAYS},
            "packs": [
                {
                    "pack": p.id,
                    "title": p.title,
                    "skills": [{"skill": s, "title": t} for s, t in p.skills],
                }
                for p in self.packs
            ],
            "learners": [_learner_dict(learner) for learner in self.learners],
            "needs_help": [
                {"name": h.name, "group": h.group, "reasons": list(h.reasons)}
                for h in self.needs_help
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


# Building ---------------------------------------------------------------------------------------


def is_stuck(facts: SkillFacts) -> bool:
    """Whether a learner seems stuck on a skill (the rule is `STUCK_RULE`)."""
    if facts.mastered:
        return False
    many_tries = facts.attempts >= STUCK_ATTEMPTS and facts.p_known < STUCK_BELOW
    return many_tries or facts.misses_in_a_row >= STUCK_MISSES


def _goal_standing(goal: GoalFacts, pack_title: str) -> GoalStanding:
    status: GoalState = "reached" if goal.status == "done" else goal.status  # type: ignore[assignment]
    days = None if goal.status == "behind" and goal.finish is None else goal.days
    return GoalStanding(goal.pack_id, pack_title, status, days, goal.due_by)


def _help(
    facts: LearnerFacts,
    stuck: Sequence[StuckSkill],
    goals: Sequence[GoalStanding],
    days_away: int | None,
    today: date,
) -> tuple[list[str], tuple[int, float]]:
    """Why the learner needs help now, most pressing first, and their rank for the class list."""
    reasons: list[str] = []
    ranks: list[tuple[int, float]] = []
    if stuck:
        named = stuck[0]
        more = f" (and {plural(len(stuck) - 1, 'other skill')})" if len(stuck) > 1 else ""
        reasons.append(f"could use a hand with {named.title} ({named.evidence()}){more}")
        ranks.append((0, -(len(stuck) * 100 + max(s.attempts for s in stuck))))
    # Away with a goal says it all: a forecast at the pace of someone away is only a long delay.
    away: tuple[str, tuple[int, float]] | None = None
    active = [g for g in goals if g.status != "reached"]
    if active:
        names = " and ".join(dict.fromkeys(g.pack_title for g in active))
        if facts.last_active is None:
            waited = (today - min(facts.goals[g.pack_id].set_on for g in active)).days
            if waited >= INACTIVE_DAYS:
                since = plural(waited, "day")
                why = f"has not started yet, with a goal in {names} set {since} ago"
                away = (why, (2, -waited))
        elif days_away is not None and days_away >= INACTIVE_DAYS:
            why = f"has not studied for {plural(days_away, 'day')}, with a goal in {names}"
            away = (why, (2, -days_away))
    if away is None:
        for goal in sorted(goals, key=lambda g: g.days or 0):
            if goal.status != "behind":
                continue
            if goal.days is None:
                reasons.append(
                    f"has a goal in {goal.pack_title}, but too little study lately to reach it"
                )
                ranks.append((2, 0.0))
            else:
                n = -goal.days
                reasons.append(f"behind on the {goal.pack_title} goal by about {plural(n, 'day')}")
                ranks.append((1, -n))
    else:
        reasons.append(away[0])
        ranks.append(away[1])
    return reasons, min(ranks, default=(9, 0.0))


def build_class_report(
    learners: Sequence[LearnerFacts],
    packs: Sequence[PackInfo],
    now: datetime,
    *,
    group: str | None = None,
    pack: str | None = None,
    tz: tzinfo | None = None,
) -> ClassReport:
    """The class report from each learner's facts over `packs` (the packs shown, in order).

    A learner *studies* a pack when they have answered in it, been placed in it, or have a goal
    there; their totals are over the packs they study, so a pack they never opened does not
    lower them. A pack's heat map shows the learners who study it, or everyone when the report
    is limited to that one pack. Days are local days in `tz` (None: the computer's zone).
    """
    today = local_day(now, tz)
    standings: list[LearnerStanding] = []
    helps: list[Help] = []
    for facts in sorted(learners, key=lambda f: (f.name.casefold(), f.name)):
        rows: list[PackStanding] = []
        stuck: list[StuckSkill] = []
        goals: list[GoalStanding] = []
        for info in packs:
            titles = dict(info.skills)
            skills = {s.skill_id: s for s in facts.skills.get(info.id, ())}
            answers, seconds = facts.time.get(info.id, (0, 0.0))
            goal_facts = facts.goals.get(info.id)
            goal = _goal_standing(goal_facts, info.title) if goal_facts else None
            if goal is not None:
                goals.append(goal)
            found = [skills[s] for s, _ in info.skills if s in skills]
            stuck += [
                StuckSkill(info.id, s.skill_id, titles[s.skill_id], s.attempts,
                           s.misses_in_a_row, s.p_known)
                for s in found
                if is_stuck(s)
            ]  # fmt: skip
            rows.append(
                PackStanding(
                    pack_id=info.id,
                    title=info.title,
                    skills_total=len(info.skills),
                    mastered=sum(1 for s in found if s.mastered),
                    mean_mastery=sum(s.p_known for s in found) / len(found) if found else 0.0,
                    answers=answers,
                    seconds=seconds,
                    studied=answers > 0 or goal is not None or any(s.started for s in found),
                    goal=goal,
                    mastery={
                        s: (skills[s].p_known if s in skills and skills[s].started else None)
                        for s, _ in info.skills
                    },
                    mastered_ids=frozenset(s.skill_id for s in found if s.mastered),
                )
            )
        days_away = (today - local_day(facts.last_active, tz)).days if facts.last_active else None
        reasons, rank = _help(facts, stuck, goals, days_away, today)
        standings.append(
            LearnerStanding(
                facts.name, facts.group, tuple(rows), facts.last_active, days_away,
                tuple(stuck), tuple(reasons),
            )
        )  # fmt: skip
        if reasons:
            helps.append(Help(facts.name, facts.group, tuple(reasons), rank))
    helps.sort(key=lambda h: (h.rank, h.name.casefold(), h.name))
    heat_maps = []
    for index, info in enumerate(packs):
        shown = [s for s in standings if pack == info.id or s.packs[index].studied]
        stuck_ids = {(s.name, k.skill_id) for s in shown for k in s.stuck if k.pack_id == info.id}
        heat_maps.append(
            HeatMap(
                info,
                tuple(s.name for s in shown),
                tuple(
                    tuple(
                        HeatCell(
                            s.packs[index].mastery[skill_id],
                            skill_id in s.packs[index].mastered_ids,
                            (s.name, skill_id) in stuck_ids,
                        )
                        for skill_id, _ in info.skills
                    )
                    for s in shown
                ),
            )
        )
    return ClassReport(
        generated_at=now,
        today=today,
        group=group,
        pack=pack,
        packs=tuple(packs),
        learners=tuple(standings),
        heat_maps=tuple(heat_maps),
        needs_help=tuple(helps),
    )


# Gathering through the service ------------------------------------------------------------------


class ClassSource(Protocol):
    """What the class report reads from the service (`tutor_tui.service.tutor.Tutor` is one)."""

    @property
    def packs(self) -> Mapping[str, Pack]:
        """The loaded packs by id."""
        ...

    def now(self) -> datetime:
        """The current time."""
        ...

    def pack(self, pack_id: str) -> Pack:
        """The pack with this id; NotFound when there is none."""
        ...

    def learners(self, group: str | None = None) -> list[Learner]:
        """Every learner, or those in a group, by name."""
        ...

    def groups(self) -> list[str]:
        """The learners' groups."""
        ...

    def last_active(self, learner: Learner) -> datetime | None:
        """When the learner last answered or read a lesson."""
        ...

    def skill_reports(self, learner: Learner, pack: Pack) -> Sequence[Any]:
        """Every skill of the pack with the learner's standing on it."""
        ...

    def totals(self, learner: Learner) -> dict[str, tuple[int, float]]:
        """Per pack: answers given and seconds spent."""
        ...

    def active_goal(self, learner: Learner, pack_id: str) -> Goal | None:
        """The learner's current goal in a pack."""
        ...

    def goals(self, learner: Learner, active_only: bool = False) -> list[Goal]:
        """The learner's goals."""
        ...

    def forecast(self, learner: Learner, goal: Goal) -> Forecast:
        """Whether the learner is on track for a goal."""
        ...


def class_report(
    tutor: ClassSource, group: str | None = None, pack: str | None = None
) -> ClassReport:
    """The class report, read through the service: everyone, or one group; all packs, or one.

    Without `pack`, the packs shown are those anyone in the class studies (has answered in or has
    a goal in), by title. NotFound, with what there is, for an unknown group or pack.
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
        loaded = (tutor.packs[i] for i in ids if i in tutor.packs)
        shown = sorted(loaded, key=lambda p: (p.title, p.id))
    infos = [PackInfo(p.id, p.title, tuple((s.id, s.title) for s in p.skills)) for p in shown]
    facts = [_facts(tutor, learner, shown) for learner in people]
    return build_class_report(facts, infos, tutor.now(), group=group, pack=pack)


def _facts(tutor: ClassSource, learner: Learner, packs: Sequence[Pack]) -> LearnerFacts:
    """One learner's facts over `packs`, read through the service."""
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
                started=r.progress.attempts > 0 or r.progress.last_seen is not None,
            )
            for r in tutor.skill_reports(learner, pack)
        ]
        goal = tutor.active_goal(learner, pack.id)
        if goal is not None:
            forecast = tutor.forecast(learner, goal)
            goals[pack.id] = GoalFacts(
                pack.id, forecast.status, forecast.days, goal.due_by,
                goal.created_at.astimezone().date(), forecast.finish,
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
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


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
