"""The end of a session in the app: its summary, then closing it, or going back to it.

`q`, ctrl+q or ctrl+c (and switching learner) ask the study loop to leave; once no answer is still
on its way to the store, the summary shows what the session achieved so far. Enter there closes
the session and does what was asked; Esc goes back to studying, as if nothing had been pressed.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.worker import WorkerFailed

from tutor_tui.ui import SAVING, dialogs, in_thread

if TYPE_CHECKING:
    from tutor_tui.ui.app import TutorApp
    from tutor_tui.ui.study import StudyLoop


class SessionEnd:
    """Leaving the study loop's session: its summary, then its end (or back to it)."""

    def __init__(self, app: TutorApp, loop: StudyLoop) -> None:
        self.app = app
        self.loop = loop

    def leave(self, then: Callable[[], Any]) -> None:
        """Show the session's summary, then do `then` (at once without a session)."""
        if self.loop.session is None or self.app.tutor is None:
            then()
            return
        self.app.run_worker(self._sum_up_after_saving(then), group="leave", exit_on_error=False)

    async def _sum_up_after_saving(self, then: Callable[[], Any]) -> None:
        # No answer may still be on its way to the store: it belongs in the summary.
        for worker in [w for w in self.app.workers if w.group == SAVING]:
            with suppress(WorkerFailed):  # a save that failed has nothing more to wait for
                await worker.wait()
        self.sum_up(then)

    @in_thread()
    def sum_up(self, then: Callable[[], Any]) -> None:
        """Show the summary of the session so far; on Enter, end it and do `then`."""
        lines, can_stay = self._so_far()
        screen = dialogs.SummaryScreen(lines, can_stay=can_stay, mistakes=list(self.loop.mistakes))
        self.app.call_from_thread(self.app.push_screen, screen, partial(self._summed_up, then))

    def _summed_up(self, then: Callable[[], Any], leave: bool | None) -> None:
        if leave:
            self.close(then)
        else:
            self.app.leaving = False

    def _so_far(self) -> tuple[list[str], bool]:
        """In a worker: what the open session has achieved, in lines, and whether the learner may
        go back to it: not once its time is up, nor to a placement check, which ends here and
        keeps what it found."""
        tutor, session = self.app.tutor, self.loop.session
        assert tutor is not None and session is not None
        checking = self.loop.placement.check is not None
        self.loop.placement.conclude(stopped=True, show=False)
        lines = tutor.session_summary(session).lines()
        if session.timed:
            lines.append("The full summary is printed when the app closes.")
        return lines, not (checking or self.loop.time_is_up())

    @in_thread()
    def close(self, then: Callable[[], Any]) -> None:
        """Close the session, then do `then`."""
        tutor, session = self.app.tutor, self.loop.session
        assert tutor is not None and session is not None
        summary = tutor.end_session(session)
        if session.timed:
            self.loop.report = tutor.session_report(session, summary.at)
        self.loop.session = None
        self.app.call_from_thread(then)
