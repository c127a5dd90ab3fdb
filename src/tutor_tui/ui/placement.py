"""The placement check in the app: offered, asked one question at a time, concluded, shown.

When a learner continues into a pack they have done nothing in, the study loop offers the check
(`tutor_tui.core.placement`). The service's placement driver runs it here as it does for
`tutor placement`: each answer is stored (kind "placement", not marked, in the study session)
and the next question chosen in a worker, and at the end the skills it settled as known are
placed out, so that the study plan skips them until a short check later confirms them. When to
offer it is the service's rule too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tutor_tui.core.errors import TutorError
from tutor_tui.ui import SAVING, dialogs, in_thread, screens

if TYPE_CHECKING:
    from tutor_tui.core.content import Pack
    from tutor_tui.core.learner import Learner
    from tutor_tui.service.tutor import PlacementRun, StudySession
    from tutor_tui.ui.app import TutorApp
    from tutor_tui.ui.study import StudyLoop


class PlacementCheck:
    """The placement check of the pack being studied: one at a time, offered once a run."""

    def __init__(self, app: TutorApp, loop: StudyLoop) -> None:
        self.app = app
        self.loop = loop
        # The (learner, pack) pairs offered the placement check in this run: offered once.
        self.offered: set[tuple[str, str]] = set()
        self.check: PlacementRun | None = None

    def offer_due(self, learner: Learner, session: StudySession, focus: str | None) -> bool:
        """Whether to offer the check now (in a worker): the service offers it, not yet this run."""
        tutor = self.app.tutor
        assert tutor is not None
        key = (learner.id, session.pack_id)
        if key in self.offered or not tutor.offers_placement_in(session, learner, focus):
            return False
        self.offered.add(key)
        return True

    def offer(self, pack: Pack) -> None:
        """In a worker: ask whether to take the check."""
        from tutor_tui.core.placement import question_budget

        screen = dialogs.PlacementOfferScreen(pack.title, question_budget(pack))
        self.app.call_from_thread(self.app.push_screen, screen, self._offer_answered)

    def _offer_answered(self, check: bool | None) -> None:
        learner, pack_id = self.app.learner, self.app.pack_id
        if check is None:  # back, undecided: offer it again next time
            if learner is not None and pack_id is not None:
                self.offered.discard((learner.id, pack_id))
        elif check:
            self.start_check()
        else:
            self.loop.advance()

    @in_thread()
    def start_check(self) -> None:
        """Begin the placement check and ask its first question (the sample takes a moment)."""
        tutor, learner, pack_id = self.app.tutor, self.app.learner, self.app.pack_id
        assert tutor is not None and learner is not None and pack_id is not None
        self.check = tutor.start_placement(learner, tutor.pack(pack_id), session=self.loop.session)
        self._next_step("")

    def answered(self, event: screens.PlacementScreen.Answered) -> None:
        """Called when the check's question on the screen was answered."""
        screen = self.app.screen
        if isinstance(screen, screens.PlacementScreen):
            self.record_check_answer(screen, event.response, event.seconds)

    @in_thread(SAVING)
    def record_check_answer(
        self, screen: screens.PlacementScreen, response: Any, seconds: float
    ) -> None:
        """Store a placement answer (graded, not marked), learn from it, and go on."""
        check = self.check
        assert check is not None
        try:
            check.answer(screen.shown.question.id, response, seconds)
        except TutorError as error:
            self.app.call_from_thread(screen.show_problem, str(error))
            return
        self._next_step("Saved.")

    def not_sure(self) -> None:
        """Called when the learner is not sure of the check's question on the screen."""
        screen = self.app.screen
        if isinstance(screen, screens.PlacementScreen):
            self.skip_check_question(screen, screen.seconds_so_far())

    @in_thread(SAVING)
    def skip_check_question(self, screen: screens.PlacementScreen, seconds: float) -> None:
        """Go on after "not sure": stored as a miss, as a wrong answer is, with its time as
        plain mode stores it."""
        assert self.check is not None
        try:
            self.check.not_sure(screen.shown.question.id, seconds)
        except TutorError as error:
            self.app.call_from_thread(screen.show_problem, str(error))
            return
        self._next_step("Not sure: saved as not known.")

    @in_thread()
    def stop_check(self) -> None:
        """End the check at the learner's word, and show what it found."""
        self.conclude(stopped=True)

    def _next_step(self, note: str) -> None:
        """In a worker: ask the check's next question, or show its result when it is over."""
        check = self.check
        assert check is not None
        shown = check.next_question()  # the slow part: which question tells most
        if shown is None:
            self.conclude(stopped=False)
            return
        screen = screens.PlacementScreen(
            shown,
            check.pack.skill(shown.question.skill).title,
            check.number,
            check.max_questions,
            note,
        )
        self.app.call_from_thread(self._ask, screen)

    def _ask(self, screen: screens.PlacementScreen) -> None:
        current = self.app.screen
        if isinstance(current, screens.PlacementScreen) and current.stop_asked:
            self.stop_check()  # stop was pressed while the last answer was being saved
            return
        screen.sub_title = self.loop.time_spent()
        self.loop.show_screen(screen)

    def conclude(self, stopped: bool, show: bool = True) -> None:
        """In a worker: place the skills the check found known, and show what it found."""
        from tutor_tui.core.placement import VERDICT_HEADINGS

        check = self.check
        if check is None:
            return
        self.check = None
        if stopped:
            check.stop()
        result, placed = check.finish()
        if not show:
            return
        pack = check.pack
        ids = {"known": "known", "not known": "not-known", "unsure": "unsure"}
        outcome = screens.PlacementOutcome(
            pack_title=pack.title,
            summary=result.summary(),
            found=tuple(
                (ids[verdict], heading, tuple(pack.skill(s).title for s in result.listed(verdict)))
                for verdict, heading in VERDICT_HEADINGS.items()
            ),
            outcome=result.outcome(placed),
        )
        self.app.call_from_thread(self._show_result, outcome)

    def _show_result(self, outcome: screens.PlacementOutcome) -> None:
        screen = screens.PlacementResultScreen(outcome)
        screen.sub_title = self.loop.time_spent()
        self.loop.show_screen(screen)
