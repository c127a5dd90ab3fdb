"""A learner's standing: each skill's status, answers and time per pack, days of study, streak."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tutor_tui.core import planner
from tutor_tui.core.content import Pack, Skill
from tutor_tui.core.learner import Learner, SkillProgress
from tutor_tui.service.knowledge import Knowledge


@dataclass(frozen=True, slots=True)
class SkillReport:
    """A learner's standing on one skill, for progress views."""

    skill: Skill
    progress: SkillProgress
    status: str  # locked, ready, in progress, mastered, review due
    mastered: bool


class Progress:
    """What a learner has done and where they stand, skill by skill and day by day."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    def skill_reports(self, learner: Learner, pack: Pack) -> list[SkillReport]:
        """Every skill of the pack with the learner's standing on it, in study order."""
        now = self.knowledge.now()
        state = self.knowledge.view(learner, pack)
        reports = []
        for status in planner.statuses(pack, state, self.knowledge.params(pack)).values():
            due = status.progress.due
            if status.mastered:
                label = "review due" if due and due <= now else "mastered"
            elif status.ready:
                label = "in progress" if status.started else "ready"
            else:
                label = "locked"
            reports.append(SkillReport(status.skill, status.progress, label, status.mastered))
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

    def streak(self, learner: Learner) -> int:
        """Days of study in a row, forgiving the missed days the learner allows a week."""
        from tutor_tui.core import progress

        days = self.study_days(learner)
        today = self.knowledge.now().astimezone().date()
        return progress.streak(days.keys(), today, progress.forgiveness(learner.settings)).current

    def mastered(self, learner: Learner, pack: Pack) -> tuple[set[str], dict[str, float]]:
        """The skills of the pack the learner has mastered, and the seconds each took."""
        state = self.knowledge.view(learner, pack)
        params = self.knowledge.params(pack)
        mastered = {
            skill_id
            for skill_id, progress in state.skills.items()
            if skill_id in pack.skill_index and progress.is_mastered(params(pack.skill(skill_id)))
        }
        seconds = {skill_id: state.skills[skill_id].seconds for skill_id in mastered}
        return mastered, seconds
