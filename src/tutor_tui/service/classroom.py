"""The learners on this computer: adding and finding them, their groups, a class's roster, and
who studied last."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from tutor_tui.core.errors import TutorError
from tutor_tui.core.learner import Learner
from tutor_tui.service.knowledge import Knowledge


class Classroom:
    """The learners, one by one and as a class."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.store = knowledge.store

    def learner(self, name: str) -> Learner:
        """The learner with this name; NotFound when there is none."""
        return self.store.learner(name)

    def add_learner(self, name: str) -> Learner:
        """Add a learner; TutorError when the name is taken."""
        return self.store.add_learner(name, self.knowledge.now())

    def learners(self, group: str | None = None) -> list[Learner]:
        """Every learner by name, or only those in `group`."""
        everyone = self.store.learners()
        return everyone if group is None else [p for p in everyone if p.group == group]

    def groups(self) -> list[str]:
        """The names of the learners' groups, sorted."""
        return sorted({p.group for p in self.store.learners() if p.group})

    def import_roster(
        self, new: list[tuple[str, str | None]], regroup: list[tuple[str, str | None]]
    ) -> list[Learner]:
        """Add a class's new learners (name, group) and move others to their groups, all or none."""
        return self.store.import_roster(new, regroup, self.knowledge.now())

    def last_active(self, learner: Learner) -> datetime | None:
        """When the learner last answered, was placed or read a lesson, in any pack."""
        times = [
            at
            for progress in self.store.skill_states(learner.id).values()
            for at in (progress.last_seen, progress.lesson_seen_at)
            if at is not None
        ]
        return max(times, default=None)

    def last_learner(self) -> str | None:
        """The name of the learner who studied last on this computer."""
        return self.store.get_meta("last_learner")

    def remember_learner(self, learner: Learner) -> None:
        """Remember who studied last, so that the next start offers them first."""
        self.store.set_meta("last_learner", learner.name)

    def update_settings(self, learner: Learner, **changes: Any) -> Learner:
        """Change some of a learner's settings; return the learner as changed.

        TutorError, changing nothing, when a value is not one the tutor can use.
        """
        from tutor_tui.core import settings as rules

        settings = {**learner.settings, **changes}
        found = rules.problems(settings)
        if found:
            raise TutorError(found[0])
        self.store.update_settings(learner.id, settings, self.knowledge.now())
        self.knowledge.forget_learner(learner.id)
        return replace(learner, settings=settings)
