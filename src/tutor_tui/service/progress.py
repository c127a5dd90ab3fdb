"""A learner's standing: each skill's status, answers and time per pack, days of study, streak."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tutor_tui.core.content import Pack, Skill
from tutor_tui.core.learner import Learner, SkillProgress
from tutor_tui.core.pace import day_minutes
from tutor_tui.core.standing import Standing, State, standing
from tutor_tui.service.knowledge import Knowledge

# How each standing reads on a progress view; a skill not begun is "ready" or "locked".
LABELS: dict[State, str] = {
    "mastered": "mastered",
    "due": "review due",
    "placed out": "placed out",
    "slipping": "slipping",
    "learning": "in progress",
    "new": "ready",
}


@dataclass(frozen=True, slots=True)
class SkillReport:
    """A learner's standing on one skill, for progress views."""

    skill: Skill
    progress: SkillProgress
    status: str  # locked, ready, in progress, held, mastered, review due, placed out, slipping
    standing: Standing

    @property
    def mastered(self) -> bool:
        """Whether the skill counts as mastered (not merely placed out)."""
        return self.standing.mastered

    @property
    def known(self) -> bool:
        """Whether the skill counts as known: mastered, due for review, or placed out."""
        return self.standing.known


class Progress:
    """What a learner has done and where they stand, skill by skill and day by day."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    def standings(self, learner: Learner, pack: Pack) -> dict[str, Standing]:
        """The learner's standing on every skill of the pack, in study order."""
        now = self.knowledge.now()
        state = self.knowledge.view(learner, pack)
        params = self.knowledge.params(pack)
        return {
            skill.id: standing(state.progress(skill.id, params(skill)), params(skill), now, state)
            for skill in pack.skills
        }

    def skill_reports(self, learner: Learner, pack: Pack) -> list[SkillReport]:
        """Every skill of the pack with the learner's standing on it, in study order."""
        state = self.knowledge.view(learner, pack)
        params = self.knowledge.params(pack)
        found = self.standings(learner, pack)
        # What opens the skills that require it, as the planner reads it (`planner.statuses`).
        opens = {
            skill.id: found[skill.id].known
            or state.progress(skill.id, params(skill)).unlocks(params(skill))
            for skill in pack.skills
        }
        reports = []
        for skill in pack.skills:
            mine = found[skill.id]
            label = LABELS[mine.state]
            if mine.state == "new" and not all(opens[r] for r in skill.requires):
                label = "locked"
            elif mine.held:
                label = "held"  # in progress, where practice adds nothing for now
            progress = state.progress(skill.id, params(skill))
            reports.append(SkillReport(skill, progress, label, mine))
        return reports

    def totals(self, learner: Learner) -> dict[str, tuple[int, float]]:
        """Per pack: answers given and seconds spent."""
        return self.knowledge.store.totals(learner.id)

    def study_days(self, learner: Learner, days: int = 400) -> dict[date, float]:
        """Seconds of answering on each local day of the last `days` days that had any."""
        since = self.knowledge.now() - timedelta(days=days)
        totals: dict[date, float] = {}
        for at, seconds in self.knowledge.store.answer_times(learner.id, since):
            day = at.astimezone().date()
            totals[day] = totals.get(day, 0.0) + seconds
        return totals

    def minutes_today(self, learner: Learner) -> int:
        """Whole minutes of answering today (local time), in every pack."""
        today = self.knowledge.now().astimezone().date()
        return day_minutes(self.study_days(learner, days=1).get(today, 0.0))

    def streak(self, learner: Learner) -> int:
        """Days of study in a row, forgiving the missed days the learner allows a week."""
        from tutor_tui.core import progress

        days = self.study_days(learner)
        today = self.knowledge.now().astimezone().date()
        return progress.streak(days.keys(), today, progress.forgiveness(learner.settings)).current

    def mastered(self, learner: Learner, pack: Pack) -> tuple[set[str], dict[str, float]]:
        """The skills of the pack the learner knows (mastered or placed out), and the seconds
        each mastered by practice took (a skill placed out took a check's, not its learning)."""
        state = self.knowledge.view(learner, pack)
        found = self.standings(learner, pack)
        seconds = {
            skill_id: state.skills[skill_id].seconds
            for skill_id, mine in found.items()
            if mine.mastered and skill_id in state.skills
        }
        return {s for s, mine in found.items() if mine.known}, seconds
