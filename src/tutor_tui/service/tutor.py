"""The seam the shells call: `Tutor(store, packs, clock)`.

The command line, the Textual app and plain mode all ask the same service what to show and hand it
the learner's answers, so that they behave alike. The service grades, records (before it returns
any feedback), and asks the planner what comes next.

`Tutor` is a facade over parts that each own one concern, sharing one `Knowledge` (the store, the
packs, the clock and the states read from the store): study, sessions, placement, goals, progress,
access, the classroom and transfer. Each of its methods is the part's own, so that a shell or a
test need not know which part answers; `open_tutor` (in `wiring`) builds it for a program.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from tutor_tui.core.clock import Clock
from tutor_tui.core.content import Pack
from tutor_tui.service.access import Access
from tutor_tui.service.classroom import Classroom
from tutor_tui.service.goals import Goals
from tutor_tui.service.history import History
from tutor_tui.service.knowledge import Knowledge
from tutor_tui.service.placement import PlacementRun, Placements
from tutor_tui.service.progress import Progress, SkillReport
from tutor_tui.service.sessions import Sessions, SessionSummary
from tutor_tui.service.study import Feedback, Presented, Study, StudySession
from tutor_tui.service.transfer import Transfer

if TYPE_CHECKING:
    from tutor_tui.core.standing_change import Rebuilt
    from tutor_tui.store.database import Store

# The values the shells receive, named where they meet the service.
__all__ = [
    "Feedback",
    "PlacementRun",
    "Presented",
    "SessionSummary",
    "SkillReport",
    "StudySession",
    "Tutor",
]


class Tutor:
    """The tutor's service: learners, the next activity, lessons, answers and progress."""

    def __init__(
        self,
        store: Store,
        packs: Mapping[str, Pack],
        clock: Clock,
        guard_clock: Clock | None = None,
    ) -> None:
        self.store = store
        self.packs = packs
        self.clock = clock
        # The time that wrong PINs and passphrases wait by: the computer's own, where the program
        # is wired, so that TUTOR_NOW (which moves `clock`) cannot skip a wait.
        self.guard_clock = guard_clock or clock
        # Why changes cannot be saved here (a read-only data home, a full disk); None if they can.
        self.cannot_save = store.db.read_only
        # Rows of the log left out because they could not be read, by kind (`tutor doctor`).
        self.left_out = store.db.left_out
        # What the rebuild an upgrade called for changed, when opening the store made one.
        self.rebuilt_on_open: Rebuilt | None = None

        knowledge = Knowledge(store, packs, clock)
        self.now = knowledge.now
        self.pack = knowledge.pack
        self.skill = knowledge.skill
        self.question = knowledge.question
        self.params_for = knowledge.params_for
        self.state = knowledge.state
        self.view = knowledge.view
        self.explain = knowledge.explain
        self.forget_cached = knowledge.forget_cached

        progress = Progress(knowledge)
        self.skill_reports = progress.skill_reports
        self.totals = progress.totals
        self.study_days = progress.study_days
        self.streak = progress.streak
        self.minutes_today = progress.minutes_today

        goals = Goals(knowledge, progress)
        self.goals = goals.goals
        self.active_goal = goals.active_goal
        self.set_goal = goals.set_goal
        self.close_goal = goals.close_goal
        self.forecast = goals.forecast
        self.catch_up = goals.catch_up
        self.day_goal = goals.day_goal

        study = Study(knowledge, goals)
        self.next = study.next
        self.present = study.present
        self.read_lesson = study.read_lesson
        self.answer = study.answer

        sessions = Sessions(knowledge, study)
        self.begin_session = sessions.begin_session
        self.move_session = sessions.move_session
        self.end_session = sessions.end_session
        self.session_summary = sessions.summary
        self.session_report = sessions.session_report
        self.session_minutes = sessions.session_minutes
        self.seconds_spent = sessions.seconds_spent
        self.seconds_left = sessions.seconds_left
        self.time_is_up = sessions.time_is_up
        self.break_due = sessions.break_due

        placements = Placements(knowledge, study)
        self.offers_placement = placements.offers_placement
        self.offers_placement_in = placements.offers_placement_in
        self.start_placement = placements.start_placement
        self.place = placements.place

        access = Access(knowledge, self.guard_clock)
        self.has_passphrase = access.has_passphrase
        self.pin_holders = access.pin_holders
        self.unlock_learner = access.unlock_learner
        self.unlock_class = access.unlock_class
        self.may_show_class = access.may_show_class
        self.unlock_changes = access.unlock_changes
        self.set_passphrase = access.set_passphrase
        self.set_pin = access.set_pin
        self.erase_learner = access.erase_learner

        classroom = Classroom(knowledge)
        self.learner = classroom.learner
        self.add_learner = classroom.add_learner
        self.learners = classroom.learners
        self.groups = classroom.groups
        self.import_roster = classroom.import_roster
        self.last_active = classroom.last_active
        self.last_learner = classroom.last_learner
        self.remember_learner = classroom.remember_learner
        self.update_settings = classroom.update_settings

        transfer = Transfer(knowledge)
        self.attempts = transfer.attempts
        self.placements = transfer.placements
        self.export_bundle = transfer.export_bundle
        self.import_bundle = transfer.import_bundle
        self.check = transfer.check
        self.rebuild = transfer.rebuild
        self.standing_lines = transfer.standing_lines
        self.standing_notice = transfer.standing_notice
        self.standing_read = transfer.standing_read
        self.mend_times = transfer.mend_times
        self.times_ahead = transfer.times_ahead
        self.keep_copy = transfer.keep_copy
        self.import_reviews = History(knowledge).import_reviews
        self.salvage = transfer.salvage
