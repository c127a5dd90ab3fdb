"""Goals: a learner's aim in a pack by a date, whether it can be reached, whether it is on track."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from tutor_tui.core import pace
from tutor_tui.core.errors import NotFound
from tutor_tui.core.ids import new_id
from tutor_tui.core.learner import Learner
from tutor_tui.core.pace import Goal, GoalStatus
from tutor_tui.service.knowledge import SESSION_MINUTES, Knowledge
from tutor_tui.service.progress import Progress

# The days of study read first for a forecast, and then, where they fall short, before all
# since its goal began.
READ_FIRST_DAYS = (14, 60)


class Goals:
    """The learner's goals, set, closed and forecast at their own pace."""

    def __init__(self, knowledge: Knowledge, progress: Progress) -> None:
        self.knowledge = knowledge
        self.progress = progress

    def goals(self, learner: Learner, active_only: bool = False) -> list[Goal]:
        """The learner's goals, oldest first."""
        goals = self.knowledge.store.goals(learner.id)
        return [g for g in goals if g.status == "active"] if active_only else goals

    def active_goal(self, learner: Learner, pack_id: str) -> Goal | None:
        """The learner's current goal in a pack, if any."""
        return next((g for g in self.goals(learner, True) if g.pack_id == pack_id), None)

    def set_goal(
        self,
        learner: Learner,
        pack_id: str,
        due_by: date,
        daily_minutes: int,
        skills: tuple[str, ...] = (),
    ) -> tuple[Goal, str | None]:
        """Set the learner's goal in a pack (replacing the current one); it and any warning."""
        knowledge = self.knowledge
        pack = knowledge.pack(pack_id)
        for skill_id in skills:
            knowledge.skill(pack, skill_id)
        now = knowledge.now()
        pace.check_goal(due_by, daily_minutes, now.astimezone().date())
        goal = Goal(
            new_id(), learner.id, pack.id, tuple(dict.fromkeys(skills)), due_by, daily_minutes, now
        )
        previous = self.active_goal(learner, pack.id)
        knowledge.store.add_goal(goal, replacing=previous.id if previous else None, at=now)
        mastered, seconds = self.progress.mastered(learner, pack)
        return goal, pace.reachability(goal, pack, mastered, seconds, now.astimezone().date())

    def day_goal(self, learner: Learner, pack_id: str) -> pace.DayGoal | None:
        """Today's study towards the daily minutes of the learner's goal in a pack; None
        without a goal."""
        goal = self.active_goal(learner, pack_id)
        if goal is None:
            return None
        return pace.DayGoal(self.progress.minutes_today(learner), goal.daily_minutes)

    def close_goal(self, learner: Learner, pack_id: str, status: GoalStatus) -> Goal:
        """Mark the learner's current goal in a pack done or dropped."""
        goal = self.active_goal(learner, self.knowledge.pack(pack_id).id)
        if goal is None:
            raise NotFound(f"{learner.name} has no current goal in pack '{pack_id}'")
        now = self.knowledge.now()
        self.knowledge.store.close_goal(goal.id, status, now)
        return replace(goal, status=status, closed_at=now)

    def forecast(self, learner: Learner, goal: Goal) -> pace.Forecast:
        """Whether the learner is on track for a goal, at their own recent pace."""
        pack = self.knowledge.pack(goal.pack_id)
        mastered, seconds = self.progress.mastered(learner, pack)
        local = self.knowledge.now().astimezone()
        today = local.date()
        # Study counts from when the plan began, a goal set in place of another keeping its
        # start, so that a new date moves the forecast by itself and not the pace too.
        since = max(
            pace.began(goal, self.goals(learner)).astimezone().date(),
            today - timedelta(days=pace.LOOK_BACK_DAYS),
        )
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        skills = self.knowledge.view(learner, pack).skills
        # What was known by the end of yesterday, to say what moved the forecast since.
        earlier = {
            s
            for s in mastered
            if (known := skills[s].mastered_at or skills[s].placed_at) and known < midnight
        }

        def made(days: int, known_from: date | None = None) -> pace.Forecast:
            studied = self.progress.study_days(learner, days=max(1, days))
            minutes = {day: total / 60 for day, total in studied.items()}
            return pace.forecast(
                goal, pack, mastered, seconds, minutes, today, earlier, since, known_from
            )

        # The last days' answers first: a goal's whole study, read for every question asked, is
        # 120 ms for a learner of 9,000 answers, and the last fortnight mostly suffices.
        for back in READ_FIRST_DAYS:
            recent = today - timedelta(days=back)
            if since < recent:
                try:
                    return made(back + 1, recent)
                except pace.NotReadFarEnough:
                    continue
        return made((today - since).days + 1)

    def catch_up(self, learner: Learner, pack_id: str) -> str | None:
        """After a break: a plan for the reviews that came due, instead of a backlog count."""
        pack = self.knowledge.pack(pack_id)
        now = self.knowledge.now()
        overdue = sum(
            1
            for p in self.knowledge.view(learner, pack).skills.values()
            if p.due is not None and p.due <= now - timedelta(days=1)
        )
        goal = self.active_goal(learner, pack.id)
        daily = (
            goal.daily_minutes
            if goal
            else int(learner.settings.get("session_minutes", SESSION_MINUTES))
        )
        return pace.catch_up(overdue, pace.DEFAULT_REVIEW_MINUTES, daily)
