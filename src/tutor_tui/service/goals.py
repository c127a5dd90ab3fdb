"""Goals: a learner's aim in a pack by a date, whether it can be reached, whether it is on track."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from tutor_tui.core import pace
from tutor_tui.core.content import Pack
from tutor_tui.core.errors import NotFound
from tutor_tui.core.ids import new_id
from tutor_tui.core.learner import Attempt, Learner, Placed
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
        # What was known at a midnight, replayed from the log: it does not change that day.
        self._replayed: dict[
            tuple[str, str, datetime, frozenset[str]], tuple[set[str], set[str]]
        ] = {}

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
        # One standing per skill, read once: this runs for every question asked.
        found = self.progress.standings(learner, pack)
        mastered = {s for s, mine in found.items() if mine.known}
        placed = {s for s, mine in found.items() if mine.state == "placed out"}
        # Every skill's time: a skill mastered yesterday and slipped since counts in yesterday's.
        seconds = {s: mine.seconds for s, mine in self.knowledge.view(learner, pack).skills.items()}
        local = self.knowledge.now().astimezone()
        today = local.date()
        # Study counts from when the plan began, a goal set in place of another keeping its
        # start, so that a new date moves the forecast by itself and not the pace too.
        since = max(
            pace.began(goal, self.goals(learner)).astimezone().date(),
            today - timedelta(days=pace.LOOK_BACK_DAYS),
        )
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        # What was known by the end of yesterday, to say what moved the forecast since.
        earlier, placed_then = self._known_at(learner, pack, midnight, (mastered, placed))

        def made(days: int, known_from: date | None = None) -> pace.Forecast:
            studied = self.progress.study_days(learner, days=max(1, days))
            minutes = {day: total / 60 for day, total in studied.items()}
            return pace.forecast(
                goal,
                pack,
                mastered,
                seconds,
                minutes,
                today,
                earlier,
                since,
                known_from,
                placed,
                placed_then,
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

    def _known_at(
        self, learner: Learner, pack: Pack, at: datetime, now: tuple[set[str], set[str]]
    ) -> tuple[set[str], set[str]]:
        """The skills of the pack the learner knew at `at` (today's midnight), and those of them
        placed out, so that yesterday's forecast is made again as it was shown; `now` is the
        same of today. A skill known now was known then if it was placed or mastered by then. A
        skill not known now that was answered, placed or sent back since, and mastered or placed
        before, may have slipped or been sent back since: then the log up to `at` is replayed
        for those skills (slow: it reads the pack's whole log), once a day for each such set."""
        known, placed = now
        skills = self.knowledge.view(learner, pack).skills
        then: dict[str, tuple[datetime | None, datetime | None]] = {
            s: (skills[s].placed_at, skills[s].mastered_at) for s in known
        }
        earlier = {s for s, (p, m) in then.items() if min(p or at, m or at) < at}
        placed_then = {s for s, (p, m) in then.items() if p and p < at and not (m and m < at)}
        # Answered since, or placed or sent back since (a withdrawal is not an answer).
        log = self.knowledge.store.placements(learner.id, pack.id)
        touched = {s for s, mine in skills.items() if mine.last_seen and mine.last_seen >= at}
        touched |= {placed.skill_id for placed in log if placed.at >= at}
        ever = {placed.skill_id for placed in log if placed.at < at}
        mastered_once = {s for s, mine in skills.items() if mine.mastered_at}
        if lost := (touched - known) & (ever | mastered_once):
            key = (learner.id, pack.id, at, frozenset(lost))
            if key not in self._replayed:
                self._replayed[key] = self._replay_to(learner, pack, at, lost)
            known_then, placed_too = self._replayed[key]
            return earlier | known_then, placed_then | placed_too
        return earlier, placed_then

    def _replay_to(
        self, learner: Learner, pack: Pack, at: datetime, skill_ids: set[str]
    ) -> tuple[set[str], set[str]]:
        """Which of these skills of the pack were known at `at`, and which placed out, from
        the log up to it."""
        from tutor_tui.core.progress import replay
        from tutor_tui.core.standing import standing

        knowledge = self.knowledge
        store = knowledge.store
        facts: list[Attempt | Placed] = [
            *(a for a in store.attempts(learner.id, pack.id) if a.at < at),
            *(p for p in store.placements(learner.id, pack.id) if p.at < at),
        ]
        only = {(pack.id, skill_id) for skill_id in skill_ids}
        replayed = replay(facts, knowledge.params_for, learner.desired_retention, only)
        found = [
            standing(progress, knowledge.params_for(pack.id, skill_id), at)
            for (_, skill_id), progress in replayed.items()
        ]
        return (
            {mine.skill_id for mine in found if mine.known},
            {mine.skill_id for mine in found if mine.state == "placed out"},
        )

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
