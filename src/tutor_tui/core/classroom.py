"""A class of learners at a glance: where each stands, a heat map of skills, who needs help now.

A tutor who runs sessions for several learners on one computer wants one picture of them all.
This module holds its facts; it is pure, taking values and returning values:
`build_class_report` turns plain per-learner facts (`LearnerFacts`) into a `ClassReport`. The
service reads the facts (`tutor_tui.service.reports.class_report`), `tutor_tui.render.classroom`
writes the report as a table, CSV, JSON or HTML, and `tutor_tui.core.roster` reads a roster.

The rules, in one place:

- A skill is *stuck* when it is not mastered and either the learner has tried it at least
  `STUCK_ATTEMPTS` times with its mastery still under `STUCK_BELOW`, or their last
  `STUCK_MISSES` or more answers on it were all missed (placement answers do not count), or it
  is *held* (`core.standing`): every question of it shown, its answers recalled no longer
  counting, so that practice there adds nothing.
- A skill *placed out* (a placement check found it known, nothing has confirmed it yet) is counted
  apart from those mastered, as `core.standing` says, and is never stuck.
- The *mean mastery* is `MEAN_RULE`: the estimate, not a share of the skills.
- *Who needs help now* lists a learner who is stuck on a skill, is behind on a goal, or has not
  studied for `INACTIVE_DAYS` days or more while having a goal (then they are not also called
  behind: at the pace of someone away, any goal looks far off). Stuck comes first (it is help
  with today's work), then behind (most days first), then away (longest first); a learner with
  several reasons is listed once, under the most pressing, with all of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Literal

from tutor_tui.core.pace import PaceStatus
from tutor_tui.core.progress import local_day
from tutor_tui.core.standing import State
from tutor_tui.core.words import plural

FORMAT = "tutor-class-report"
FORMAT_VERSION = 1

STUCK_ATTEMPTS = 6
STUCK_BELOW = 0.5
STUCK_MISSES = 3
INACTIVE_DAYS = 3
STUCK_RULE = (
    f"neither mastered nor placed out, and either {STUCK_ATTEMPTS} or more tries with mastery"
    f" under {round(100 * STUCK_BELOW)}%, or {STUCK_MISSES} or more misses in a row, or held"
    " (every question of it shown, answers recalled no longer counting)"
)

MEAN_RULE = (
    "the tutor's mean estimate that a skill is known, over every skill of the packs studied"
    " (placed-out ones at their estimate, those not begun at a newcomer's)"
)

GoalState = Literal["ahead", "on track", "behind", "reached", "none"]
# Worst first: the goal a summary names when a learner has several.
_GOAL_ORDER: dict[str, int] = {"behind": 0, "on track": 1, "ahead": 2, "reached": 3, "none": 4}

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
    # Where the learner stands on it (`core.standing`); None when not read.
    state: State | None = None
    # Whether it is held (`Standing.held`), and the answers given to questions already shown.
    held: bool = False
    recited: int = 0

    @property
    def placed_out(self) -> bool:
        """Whether a placement check placed the learner out of it, unconfirmed since."""
        return self.state == "placed out"


@dataclass(frozen=True, slots=True)
class GoalFacts:
    """A learner's active goal in a pack and its forecast."""

    pack_id: str
    status: PaceStatus
    # Ahead (positive) or behind (negative), as the forecast says.
    days: int
    due_by: date
    set_on: date
    # The day the goal would be reached at the learner's pace; None when they have no pace.
    finish: date | None = None
    # Why the forecast moved since yesterday's, when it moved.
    change: str | None = None


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
    held: bool = False
    # Answers to questions of it already shown (when held: those that no longer count).
    recited: int = 0

    def evidence(self) -> str:
        """Why, in a few words: "8 tries, 20% mastery", "4 misses in a row" or "held at 90%: 35
        answers to questions already shown; needs questions not seen yet"."""
        if self.held:
            return (
                f"held at {round(100 * self.p_known)}%:"
                f" {plural(self.recited, 'answer')} to questions already shown;"
                " needs questions not seen yet"
            )
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
    # Why the forecast moved since yesterday's, when it moved.
    change: str | None = None

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
    # The skills placed out now (known by a placement check, not yet confirmed): not mastered.
    placed_ids: frozenset[str] = frozenset()
    # Per skill id: where the learner stands on it (`core.standing`), when it was read.
    states: Mapping[str, State] = field(default_factory=dict)

    @property
    def placed_out(self) -> int:
        """Skills placed out now."""
        return len(self.placed_ids)


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
    def placed_out(self) -> int:
        """Skills placed out in the packs the learner studies (not counted as mastered)."""
        return sum(p.placed_out for p in self.studied)

    @property
    def skills_total(self) -> int:
        """Skills in the packs the learner studies."""
        return sum(p.skills_total for p in self.studied)

    @property
    def mean_mastery(self) -> float | None:
        """Mean mastery over the skills of the packs studied (`MEAN_RULE`); None when none is
        studied."""
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
    placed_out: bool = False
    # Stuck because held (`StuckSkill.held`).
    held: bool = False


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


# Building ---------------------------------------------------------------------------------------


def is_stuck(facts: SkillFacts) -> bool:
    """Whether a learner seems stuck on a skill (the rule is `STUCK_RULE`)."""
    if facts.mastered or facts.placed_out:
        return False
    if facts.held:
        return True
    many_tries = facts.attempts >= STUCK_ATTEMPTS and facts.p_known < STUCK_BELOW
    return many_tries or facts.misses_in_a_row >= STUCK_MISSES


def _goal_standing(goal: GoalFacts, pack_title: str) -> GoalStanding:
    status: GoalState = "reached" if goal.status == "done" else goal.status
    days = None if goal.status == "behind" and goal.finish is None else goal.days
    return GoalStanding(goal.pack_id, pack_title, status, days, goal.due_by, goal.change)


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
        # One sentence: the other skills after the first's evidence, not in parentheses of
        # their own beside it.
        more = f" and {plural(len(stuck) - 1, 'other skill')}" if len(stuck) > 1 else ""
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
                           s.misses_in_a_row, s.p_known, s.held, s.recited)
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
                    placed_ids=frozenset(s.skill_id for s in found if s.placed_out),
                    states={s.skill_id: s.state for s in found if s.state is not None},
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
        stuck_of = {(s.name, k.skill_id): k for s in shown for k in s.stuck if k.pack_id == info.id}
        heat_maps.append(
            HeatMap(
                info,
                tuple(s.name for s in shown),
                tuple(
                    tuple(
                        HeatCell(
                            s.packs[index].mastery[skill_id],
                            skill_id in s.packs[index].mastered_ids,
                            (s.name, skill_id) in stuck_of,
                            skill_id in s.packs[index].placed_ids,
                            (s.name, skill_id) in stuck_of and stuck_of[s.name, skill_id].held,
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
