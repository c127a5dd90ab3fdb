"""The study loop: the next activity and its screen, lessons read and answers recorded, and the
session's time kept in view (its rules are the service's).

The app creates one `StudyLoop` and hands it what the learner does on a study screen. Every call to
the tutor service runs in one of the app's thread workers, so that the screen never freezes on the
disk; an answer is stored before its feedback shows. When a learner continues into a pack they have
done nothing in, the loop first offers the placement check (`tutor_tui.ui.placement`).
"""

from __future__ import annotations

import asyncio
import math
import signal
from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from tutor_tui.core.errors import TutorError
from tutor_tui.core.pace import towards
from tutor_tui.ui import SAVING, in_thread, screens
from tutor_tui.ui.leaving import SessionEnd
from tutor_tui.ui.placement import PlacementCheck
from tutor_tui.ui.widgets.mastery import session_bar

if TYPE_CHECKING:
    from rich.text import Text
    from textual.screen import Screen

    from tutor_tui.core.learner import Learner
    from tutor_tui.core.pace import DayGoal
    from tutor_tui.core.planner import Activity
    from tutor_tui.core.session import SessionReport
    from tutor_tui.service.server import ServerWatch
    from tutor_tui.service.tutor import Presented, StudySession, Tutor
    from tutor_tui.ui.app import TutorApp
    from tutor_tui.ui.screens.mistakes import Mistake


class StudyLoop:
    """Studying in the app: one session at a time, one activity after another."""

    def __init__(
        self, app: TutorApp, minutes: int | None, pack_id: str | None, skills: tuple[str, ...]
    ) -> None:
        self.app = app
        # A tutor's timed session (`tutor session`): its length, its pack's skills, its report.
        self.timed = minutes
        self.timed_pack = pack_id if minutes is not None else None
        self.timed_skills = skills
        self.report: SessionReport | None = None
        self.session: StudySession | None = None
        # The session in which a break was last suggested: suggested once a session.
        self.break_suggested: str | None = None
        self.placement = PlacementCheck(app, self)
        # The open session's questions answered wrong, to review at its end.
        self.mistakes: list[Mistake] = []
        self.ending = SessionEnd(app, self)
        # On a school server: asks it, while a question is on the screen, whether it answers.
        self.server = ServerLine(app)

    def study(self, pack_id: str, focus: str | None = None) -> None:
        """Study a pack: begin a session if none is open, then show the next activity."""
        app = self.app
        if self.timed_pack is not None and pack_id != self.timed_pack and app.tutor is not None:
            # A tutor's timed session keeps to the pack the tutor chose, to its end.
            title = app.tutor.pack(self.timed_pack).title
            app.notify(
                f"This session is on {title}, as your tutor chose.",
                title="Timed session",
                markup=False,
            )
            pack_id, focus = self.timed_pack, None
        app.pack_id = pack_id
        self.advance(focus)

    def choose_skill(self, skill_id: str) -> None:
        """Study the skill chosen on the skill map, if the session allows it."""
        app = self.app
        if app.pack_id is None or app.tutor is None:
            return
        if self.timed_skills:
            # A session on chosen skills teaches those and what they require, nothing else.
            pack = app.tutor.pack(app.pack_id)
            if skill_id not in pack.with_prerequisites(self.timed_skills):
                chosen = ", ".join(
                    pack.skill(s).title for s in self.timed_skills if s in pack.skill_index
                )
                app.notify(
                    f"This session is on {chosen}, as your tutor chose; "
                    f"{pack.skill(skill_id).title} is for another time.",
                    title="Timed session",
                    markup=False,
                )
                return
        self.study(app.pack_id, focus=skill_id)

    @in_thread()
    def advance(self, focus: str | None = None) -> None:
        """Find the next activity, away from the screen, and show it."""
        app = self.app
        tutor, learner, pack_id = app.tutor, app.learner, app.pack_id
        assert tutor is not None and learner is not None and pack_id is not None
        try:
            if self.time_is_up():
                app.call_from_thread(self._time_up)
                return
            session = self._session_on(tutor, learner, pack_id)
            learner = app.learner
            assert learner is not None
            pack = tutor.pack(pack_id)
            if self.placement.offer_due(learner, session, focus):
                self.placement.offer(pack)
                return
            activity = tutor.next(learner, pack_id, focus=focus, only=session.skills or None)
            shown = None
            if activity.question_id is not None:
                shown = tutor.present(learner, pack, pack.question(activity.question_id))
            day = tutor.day_goal(learner, pack_id)
        except TutorError as error:
            app.call_from_thread(app.notify, str(error), severity="error")
            return
        app.call_from_thread(self._show_activity, activity, shown, day)

    def _session_on(self, tutor: Tutor, learner: Learner, pack_id: str) -> StudySession:
        """In a worker: the session open on the pack, begun (the one before ended) if need be."""
        if self.session is not None and self.session.pack_id == pack_id:
            return self.session
        open_now = self.session
        if open_now is not None and not open_now.timed and pack_id != self.timed_pack:
            # The sitting goes on in another pack: its summary covers both.
            minutes = learner.settings.get("session_minutes")
            self.session = tutor.move_session(open_now, pack_id, minutes)
        else:
            if open_now is not None:
                tutor.end_session(open_now)
            self.mistakes = []
            if pack_id == self.timed_pack:
                self.session = tutor.begin_session(learner, pack_id, self.timed, self.timed_skills)
            else:
                self.session = tutor.begin_session(
                    learner, pack_id, learner.settings.get("session_minutes"), timed=False
                )
        if learner.settings.get("last_pack") != pack_id:
            self.app.learner = tutor.update_settings(learner, last_pack=pack_id)
        return self.session

    def _show_activity(
        self, activity: Activity, shown: Presented | None, day: DayGoal | None
    ) -> None:
        tutor = self.app.tutor
        assert tutor is not None
        pack = tutor.pack(activity.pack_id)
        screen: Screen[None]
        if activity.skill_id is None:  # nothing left to do
            screen = screens.DoneScreen(activity)
        else:
            skill = pack.skill(activity.skill_id)
            if activity.kind == "lesson":
                screen = screens.LessonScreen(activity, skill.title, skill.lesson or "")
            elif shown is not None:
                screen = screens.QuestionScreen(activity, shown, skill.title, self.session_bar(day))
            else:
                screen = screens.DoneScreen(activity)
        if activity.kind != "done":
            screen.sub_title = self.time_spent()
        self.show_screen(screen)
        self._suggest_a_break()

    def show_screen(self, screen: Any) -> None:
        """Show a screen of the study loop in place of the one before, or over home."""
        app = self.app
        self.server.watch(asking=isinstance(screen, screens.AnswerScreen))
        study = (screens.LessonScreen, screens.QuestionScreen, screens.DoneScreen)
        if isinstance(app.screen, (*study, screens.PlacementScreen, screens.PlacementResultScreen)):
            app.switch_screen(screen)
        else:
            app.push_screen(screen)

    # The session's time -----------------------------------------------------------------------

    def close_on_hangup(self) -> None:
        """For a timed session: close the app quietly when the terminal goes away or the session
        is stopped from outside.

        Without this the process would die at once; closed, it leaves the session open for the
        command line, which ends it and still saves its report.
        """
        loop = asyncio.get_running_loop()
        for name in ("SIGHUP", "SIGTERM"):
            number = getattr(signal, name, None)
            if number is not None:
                with suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.add_signal_handler(number, self.app.exit)

    def _session_minutes(self) -> int:
        tutor, learner = self.app.tutor, self.app.learner
        assert tutor is not None and self.session is not None and learner is not None
        return tutor.session_minutes(self.session, learner)

    def time_is_up(self) -> bool:
        """Whether the open session is timed and its time is over."""
        tutor, learner = self.app.tutor, self.app.learner
        if tutor is None or self.session is None or learner is None:
            return False
        return tutor.time_is_up(self.session, learner)

    def time_spent(self) -> str | None:
        """A study screen's sub-title: who studies, and the minutes so far (or left, if timed)."""
        tutor, learner, session = self.app.tutor, self.app.learner, self.session
        if tutor is None or learner is None or session is None:
            return None
        if session.timed:
            left = tutor.seconds_left(session, learner)
            if left <= 0:
                return f"{learner.name} · time is up"
            if left < 60:
                return f"{learner.name} · under a minute left"
            return f"{learner.name} · {math.ceil(left / 60)} min left"
        spent = int(tutor.seconds_spent(session) // 60)
        return f"{learner.name} · {max(0, spent)} of {self._session_minutes()} min"

    def session_bar(self, day: DayGoal | None) -> Text | None:
        """How far the session has come towards its length, or the day's goal `day` if the
        learner has one, as a bar with words."""
        tutor, session = self.app.tutor, self.session
        if tutor is None or session is None or self.app.learner is None:
            return None
        spent = tutor.seconds_spent(session) / 60
        return session_bar(towards(spent, self._session_minutes(), session.timed, day))

    def show_time_left(self) -> None:
        """Keep the time left of a timed session in view as it runs down."""
        screen = self.app.screen
        if isinstance(screen, (screens.LessonScreen, screens.QuestionScreen)):
            screen.sub_title = self.time_spent()

    def _time_up(self) -> None:
        """The timed session is over: say so, and end it with its summary."""
        minutes = self._session_minutes()
        self.app.notify(
            f"Time is up: {minutes} minute{'' if minutes == 1 else 's'}. Well done!",
            title="Session over",
        )
        self.app.action_leave()

    def _suggest_a_break(self) -> None:
        """Once a session, when it has lasted as long as the learner meant it to, say so kindly."""
        tutor, learner, session = self.app.tutor, self.app.learner, self.session
        if tutor is None or session is None or self.break_suggested == session.id:
            return
        if learner is not None and tutor.break_due(session, learner):
            minutes = self._session_minutes()
            self.break_suggested = session.id
            self.app.notify(
                f"You've studied {minutes} minutes — a good moment for a break. "
                "Press q for your summary, or keep going.",
                title="Time for a break?",
                timeout=15,
            )

    # Lessons and answers ----------------------------------------------------------------------

    def lesson_read(self) -> None:
        """Called when the lesson on the screen was read."""
        screen = self.app.screen
        if isinstance(screen, screens.LessonScreen):
            self.record_lesson(screen.activity.skill_id or "")

    @in_thread()
    def record_lesson(self, skill_id: str) -> None:
        """Note that the lesson was read, then go on."""
        app = self.app
        assert app.tutor and app.learner and app.pack_id
        app.tutor.read_lesson(app.learner, app.pack_id, skill_id)
        app.call_from_thread(self.advance)

    def answered(self, event: screens.QuestionScreen.Answered) -> None:
        """Called when the question on the screen was answered."""
        screen = self.app.screen
        if isinstance(screen, screens.QuestionScreen):
            self.record_answer(screen, event.response, event.hints_used, event.seconds)

    @in_thread(SAVING)
    def record_answer(
        self, screen: screens.QuestionScreen, response: Any, hints: int, seconds: float
    ) -> None:
        """Grade and store the answer; only then show its feedback."""
        app = self.app
        assert app.tutor and app.learner and app.pack_id
        try:
            # Today's minutes before and after the answer: the moment the day's goal is met.
            before = app.tutor.day_goal(app.learner, app.pack_id)
            feedback = app.tutor.answer(
                app.learner,
                app.pack_id,
                screen.shown.question.id,
                response,
                hints_used=hints,
                seconds=seconds,
                session=self.session,
            )
        except TutorError as error:
            app.call_from_thread(screen.show_problem, str(error))
            return
        try:
            after = app.tutor.day_goal(app.learner, app.pack_id)
        except TutorError:
            # The answer is stored: its feedback shows, without the day's moment this once.
            after = None
        met = after is not None and after.met_since(before)
        if not feedback.correct:
            from tutor_tui.ui.screens.mistakes import Mistake

            self.mistakes.append(Mistake(screen.shown.prompt, response, feedback))
        app.call_from_thread(screen.show_feedback, feedback, after if met else None)

    # The end ----------------------------------------------------------------------------------

    def leave(self, then: Callable[[], Any]) -> None:
        """Show what the open session achieved: Enter ends it and does `then`, Esc goes back to
        it. Without a session, do `then` at once."""
        self.ending.leave(then)


class ServerLine:
    """On a school server, the line under a question that says the server cannot be reached:
    the server is asked (`ServerWatch`) while a question is on the screen, and the line shows
    and clears as it goes and comes back. The answer typed stays as it is."""

    def __init__(self, app: TutorApp) -> None:
        self.app = app
        self.watcher: ServerWatch | None = None

    def watch(self, asking: bool) -> None:
        """Ask the server whether it answers while a question is on the screen (`asking`)."""
        tutor = self.app.tutor
        if self.watcher is None and asking and tutor is not None:
            from tutor_tui.service.server import ServerWatch

            self.watcher = ServerWatch.start(
                tutor.store, lambda line: self.app.call_from_thread(self.said, line)
            )
        if self.watcher is not None:
            if asking:
                self.watcher.watching.set()
            else:
                self.watcher.watching.clear()

    def said(self, line: str | None) -> None:
        """Show under the question that the server is out of reach (`line`), or clear that."""
        screen = self.app.screen
        if isinstance(screen, screens.AnswerScreen):
            screen.server_said(line)
