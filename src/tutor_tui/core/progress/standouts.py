"""The strongest skills and those still growing, and a word of encouragement."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from tutor_tui.core.content import Skill
from tutor_tui.core.learner import SkillProgress
from tutor_tui.core.progress.charts import bar
from tutor_tui.core.progress.streaks import Streak


class ReportLike(Protocol):
    """A skill with the learner's standing on it, such as `tutor.SkillReport`."""

    @property
    def skill(self) -> Skill: ...

    @property
    def progress(self) -> SkillProgress: ...

    @property
    def mastered(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class Standout:
    """A skill named on the progress screen, with a kind word about it."""

    skill_id: str
    title: str
    mastery: float
    mastered: bool
    note: str


@dataclass(frozen=True, slots=True)
class Standouts:
    """The learner's strongest skills and those still growing, among the skills they started."""

    strongest: tuple[Standout, ...]
    growing: tuple[Standout, ...]

    @property
    def weakest(self) -> tuple[Standout, ...]:
        """The skills still growing, least known first (the word on screen is "growing")."""
        return self.growing

    def lines(self) -> list[str]:
        """The standouts as lines of text, with a bar and a percentage each."""
        if not self.strongest and not self.growing:
            return ["Answer a few questions and your strongest skills will show here."]
        lines: list[str] = []
        if self.strongest:
            lines.append("Your strongest skills")
            lines += [f"  {bar(s.mastery)}  {s.title} — {s.note}" for s in self.strongest]
        if self.growing:
            lines.append("Still growing")
            lines += [f"  {bar(s.mastery)}  {s.title} — {s.note}" for s in self.growing]
        return lines


def strongest_and_weakest(reports: Iterable[ReportLike], n: int = 3) -> Standouts:
    """The `n` best-known skills and the `n` least-known unmastered ones, among those started.

    A skill is started once it has an answer. When fewer than 2n are started they are shared
    out, strongest first, so that no skill is named twice; a mastered skill, or one placed out
    and not yet checked, is never "growing", and one with no right answer yet is never among the
    strongest, whatever its estimate.
    """
    started = [r for r in reports if r.progress.attempts > 0]
    ranked = sorted(started, key=lambda r: (-r.progress.p_known, r.skill.title))
    take = n if len(ranked) >= 2 * n else (len(ranked) + 1) // 2
    strongest = [r for r in ranked if r.progress.correct > 0][:take]
    rest = [
        r for r in reversed(ranked) if r not in strongest and not r.mastered and not _placed(r)
    ][:n]
    return Standouts(
        tuple(_standout(r, strong=True) for r in strongest),
        tuple(_standout(r, strong=False) for r in rest),
    )


def _placed(report: ReportLike) -> bool:
    """Whether a placement check placed the skill out, and nothing has confirmed it since (it
    waits for its check, not for practice)."""
    return report.progress.placed_at is not None and report.progress.mastered_at is None


def _standout(report: ReportLike, *, strong: bool) -> Standout:
    p = report.progress.p_known
    if report.mastered:
        note = "mastered"
    elif strong:
        note = "coming along well" if p >= 0.6 else "off to a good start"
    elif report.progress.attempts < 3:
        note = "just started — a few more answers will show what you know"
    else:
        note = "room to grow; a little practice lifts it"
    return Standout(report.skill.id, report.skill.title, p, report.mastered, note)


# Encouragement ---------------------------------------------------------------------------------


def encouragement(
    study_days: Mapping[date, float],
    today: date,
    *,
    daily_goal_minutes: int | None = None,
    streak: Streak | None = None,
    mastered_today: int = 0,
) -> str:
    """One short line that praises the effort made, and never counts what was missed."""
    last = max((d for d in study_days if d <= today), default=None)
    if last is None:
        return "Welcome! Every skill starts with a first question."
    if mastered_today:
        what = "a skill" if mastered_today == 1 else f"{mastered_today} skills"
        return f"You mastered {what} today — your practice is paying off."
    if last == today:
        minutes = round(study_days.get(today, 0.0) / 60)
        if daily_goal_minutes and minutes >= daily_goal_minutes:
            return f"Daily goal reached: {minutes} minutes of practice today. Well done!"
        if minutes >= 1:
            unit = "minute" if minutes == 1 else "minutes"
            return f"{minutes} {unit} of practice today — nice work."
        return "You've practised today — nice work."
    if streak is not None and streak.current >= 2:
        return (
            f"{streak.current} days of practice in your streak"
            " — a few questions today keep it growing."
        )
    if last == today - timedelta(days=1):
        return "Good to see you again — ready for a few questions?"
    return "Welcome back — picking up where you left off."
