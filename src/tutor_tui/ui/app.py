"""The study app: it wires the screens, the keys, and a session's start and end.

The app paints at once and opens the learners' data in a thread (importing the database layer
takes longer than a first paint should). Every call to the tutor service runs in a thread worker,
so that the screen never freezes on the disk. The study loop and the placement check have a module
each (`tutor_tui.ui.study`, `tutor_tui.ui.placement`); the app hands them what the learner does.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerFailed, WorkerState

from tutor_tui.core.errors import TutorError
from tutor_tui.ui import dialogs, screens
from tutor_tui.ui.screens.loading import LoadingScreen
from tutor_tui.ui.study import StudyLoop

if TYPE_CHECKING:
    from tutor_tui.core.learner import Learner
    from tutor_tui.core.session import SessionReport
    from tutor_tui.service.tutor import PlacementRun, StudySession, Tutor

# Workers that store what the learner gave: leaving waits for them, so the summary holds it.
SAVING = frozenset({"record_answer", "record_check_answer", "skip_check_question"})


def _preload() -> None:
    """Import every screen and dialog (in a worker), so that none is imported on the screen's
    thread when it is first shown."""
    for package in (screens, dialogs):
        for name in package.__all__:
            getattr(package, name)


class TutorApp(App[None]):
    """The tutor's study app."""

    CSS_PATH = "tutor.tcss"
    TITLE = "tutor"
    BINDINGS = [
        Binding("ctrl+q", "leave", "Quit", priority=True, show=False),
        Binding("ctrl+c", "leave", "Quit", priority=True, show=False),
    ]

    def __init__(
        self,
        connect: Callable[[], Tutor],
        learner_name: str | None = None,
        pack_id: str | None = None,
        *,
        minutes: int | None = None,
        skills: tuple[str, ...] = (),
        unlocked: str | None = None,
    ) -> None:
        super().__init__()
        self.connect = connect
        self.wanted_learner = learner_name
        self.wanted_pack = pack_id
        # The id of a learner whose PIN was already given (to the command that opened the app).
        self.unlocked = unlocked
        self.tutor: Tutor | None = None
        self.learner: Learner | None = None
        self.pack_id: str | None = None
        self.leaving = False
        self.studying = StudyLoop(self, minutes, pack_id, skills)

    # Start-up ------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.push_screen(LoadingScreen())
        # Once the loading screen is painted: the worker's imports would hold the interpreter's
        # lock and slow the first paint down.
        self.call_after_refresh(self.open_data)
        if self.studying.timed is not None:
            self.set_interval(10, self._show_time_left)
            self._close_on_hangup()

    def _close_on_hangup(self) -> None:
        """Close quietly when the terminal goes away or the session is stopped from outside.

        Without this the process would die at once; closed, it leaves the session open for the
        command line, which ends it and still saves its report.
        """
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        for name in ("SIGHUP", "SIGTERM"):
            number = getattr(signal, name, None)
            if number is not None:
                with suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.add_signal_handler(number, self.exit)

    @work(thread=True, group="tutor", exit_on_error=False)
    def open_data(self) -> None:
        """Open the store and the packs, away from the screen."""
        try:
            _preload()  # imported here, off the screen's thread, before any is needed
            tutor = self.connect()
            learners = tutor.learners()
            last = tutor.last_learner()
        except TutorError as error:
            self.call_from_thread(self._fail, str(error))
            return
        self.call_from_thread(self._opened, tutor, learners, last)

    def on_after_keys(self, message: screens.AfterKeys) -> None:
        """What Enter does, now that the keys pressed before it are handled (see AfterKeys)."""
        message.stop()
        message.then()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Say so when work in the background failed unexpectedly, instead of doing nothing.

        Errors a person can cause are caught in the workers and shown where they belong; this is
        for the rest. What was stored before the failure stays stored.
        """
        if event.state is WorkerState.ERROR:
            error = event.worker.error
            self.notify(
                f"{type(error).__name__}: {error}. Your answers so far are saved; "
                "try again, or run `tutor doctor`.",
                title="Something went wrong",
                severity="error",
                timeout=20,
            )

    def _fail(self, message: str) -> None:
        self.exit(message=f"error: {message}", return_code=1)

    def _opened(self, tutor: Tutor, learners: list[Learner], last: str | None) -> None:
        self.tutor = tutor
        chosen = next((one for one in learners if one.name == self.wanted_learner), None)
        if chosen is not None:
            self._learner_chosen(chosen)
            return
        self.switch_screen(screens.LearnerScreen(tutor, learners, last))

    # Learners ------------------------------------------------------------------------------

    def on_learner_screen_picked(self, event: screens.LearnerScreen.Picked) -> None:
        self._learner_chosen(event.learner)

    def _learner_chosen(self, learner: Learner) -> None:
        tutor = self.tutor
        if tutor is not None and learner.has_pin and learner.id != self.unlocked:
            screen = dialogs.SecretScreen(
                f"{learner.name}'s PIN",
                "Type your PIN (or the tutor passphrase), then Enter. Escape goes back.",
                check=lambda secret: tutor.unlock_learner(learner, secret),
            )
            self.push_screen(screen, lambda opened: self._pin_given(learner, opened))
            return
        self._enter_as(learner)

    def _pin_given(self, learner: Learner, opened: bool | None) -> None:
        if opened:
            self._enter_as(learner)
        elif isinstance(self.screen, LoadingScreen):  # asked for at start-up, with --learner
            self.pick_learner()

    def _enter_as(self, learner: Learner) -> None:
        self.learner = learner
        self.sub_title = learner.name
        theme = learner.settings.get("theme")
        if theme in self.available_themes:
            self.theme = theme
        self.show_home(start_study=self.wanted_pack is not None)

    # Home ----------------------------------------------------------------------------------

    @work(thread=True, group="tutor", exit_on_error=False)
    def show_home(self, start_study: bool = False) -> None:
        """Gather the home screen's data, away from the screen, and show it."""
        tutor, learner = self.tutor, self.learner
        assert tutor is not None and learner is not None
        tutor.remember_learner(learner)
        pack_ids = list(tutor.packs)
        if not pack_ids:
            self.call_from_thread(self._fail, "no content packs found; see `tutor packs list`")
            return
        if self.wanted_pack is not None and self.wanted_pack not in tutor.packs:
            try:  # asked for by name on the command line: say so, as the other commands do
                tutor.pack(self.wanted_pack)
            except TutorError as error:
                self.call_from_thread(self._fail, str(error))
                return
        pack_id = self.wanted_pack or self.pack_id or learner.settings.get("last_pack")
        if pack_id is None or pack_id not in tutor.packs:
            pack_id = pack_ids[0]
        self.wanted_pack = None
        data = screens.HomeData.gather(tutor, learner, pack_id)
        self.call_from_thread(self._show_home, data, start_study)

    def _show_home(self, data: screens.HomeData, start_study: bool) -> None:
        self.pack_id = data.pack_id
        self.switch_screen(screens.HomeScreen(data)) if self._at_root() else self._replace_with(
            screens.HomeScreen(data)
        )
        if start_study:
            self.study(data.pack_id)

    def _at_root(self) -> bool:
        return len(self.screen_stack) <= 2

    def _replace_with(self, screen: Any) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(screen)

    def action_home(self) -> None:
        """Called to go back to the home screen."""
        self.show_home()

    def on_home_screen_pack_chosen(self, event: screens.HomeScreen.PackChosen) -> None:
        self.study(event.pack_id)

    # Studying (the study loop and the placement check own it; the app hands them its messages)

    @property
    def session(self) -> StudySession | None:
        """The study session open now, if any."""
        return self.studying.session

    @property
    def report(self) -> SessionReport | None:
        """A timed session's report, once the session has ended in the app."""
        return self.studying.report

    @property
    def check(self) -> PlacementRun | None:
        """The placement check under way, if any."""
        return self.studying.placement.check

    def study(self, pack_id: str, focus: str | None = None) -> None:
        """Study a pack: begin a session if none is open, then show the next activity."""
        self.studying.study(pack_id, focus)

    def _show_time_left(self) -> None:
        self.studying.show_time_left()

    def on_lesson_screen_read(self) -> None:
        self.studying.lesson_read()

    def on_question_screen_answered(self, event: screens.QuestionScreen.Answered) -> None:
        self.studying.answered(event)

    def on_question_screen_next(self) -> None:
        self.studying.advance()

    def on_placement_screen_answered(self, event: screens.PlacementScreen.Answered) -> None:
        self.studying.placement.answered(event)

    def on_placement_screen_not_sure(self) -> None:
        self.studying.placement.not_sure()

    def on_placement_screen_stopped(self) -> None:
        self.studying.placement.stop_check()

    def on_placement_result_screen_study(self) -> None:
        self.studying.advance()

    # Skill map and settings ------------------------------------------------------------------

    def action_skill_map(self) -> None:
        """Called to show the pack's skill map."""
        self.load_skill_map()

    @work(thread=True, group="tutor", exit_on_error=False)
    def load_skill_map(self) -> None:
        """Gather the skill map, away from the screen."""
        assert self.tutor and self.learner and self.pack_id
        pack = self.tutor.pack(self.pack_id)
        reports = self.tutor.skill_reports(self.learner, pack)
        self.call_from_thread(
            self.push_screen, screens.SkillMapScreen(pack.title, reports), self._skill_chosen
        )

    def _skill_chosen(self, skill_id: str | None) -> None:
        if skill_id is not None:
            self.studying.choose_skill(skill_id)

    def action_progress(self) -> None:
        """Called to show the learner's progress as pictures."""
        self.load_progress()

    @work(thread=True, group="tutor", exit_on_error=False)
    def load_progress(self) -> None:
        """Gather the progress overview, away from the screen."""
        from tutor_tui.core import progress
        from tutor_tui.service import reports

        assert self.tutor and self.learner
        overview = reports.gather_overview(self.tutor, self.learner)
        lines = progress.overview_lines(overview)
        self.call_from_thread(self.push_screen, screens.ProgressScreen(lines))

    def action_goal(self) -> None:
        """Called to set a goal for the pack on the home screen."""
        self.open_goal()

    @work(thread=True, group="tutor", exit_on_error=False)
    def open_goal(self) -> None:
        """Show the goal form with the current goal, if any."""
        from datetime import timedelta

        assert self.tutor and self.learner and self.pack_id
        pack = self.tutor.pack(self.pack_id)
        goal = self.tutor.active_goal(self.learner, pack.id)
        suggested = (self.tutor.now().astimezone().date() + timedelta(days=30)).isoformat()
        screen = dialogs.GoalScreen(pack.title, goal.describe(pack) if goal else None, suggested)
        self.call_from_thread(self.push_screen, screen, self._goal_chosen)

    def _goal_chosen(self, choice: dialogs.GoalChoice | None) -> None:
        if choice is not None:
            self.save_goal(choice)

    @work(thread=True, group="tutor", exit_on_error=False)
    def save_goal(self, choice: dialogs.GoalChoice) -> None:
        """Set the goal; say what is wrong, or warn when it cannot be reached at that pace."""
        from tutor_tui.core.pace import parse_date

        assert self.tutor and self.learner and self.pack_id
        try:
            _, warning = self.tutor.set_goal(
                self.learner, self.pack_id, parse_date(choice.due_by), choice.daily_minutes
            )
        except TutorError as error:
            self.call_from_thread(self.notify, str(error), title="Goal not set", severity="error")
            return
        if warning:
            self.call_from_thread(
                self.notify, warning, title="Goal set, but…", severity="warning", timeout=12
            )
        else:
            self.call_from_thread(self.notify, "Goal set.")
        self.call_from_thread(self.show_home)

    def action_settings(self) -> None:
        """Called to change the learner's settings."""
        assert self.learner is not None
        from tutor_tui.service.sessions import SESSION_MINUTES

        current = dialogs.Settings.of(self.learner, self.theme, SESSION_MINUTES)
        self.push_screen(dialogs.SettingsScreen(current), self._settings_saved)

    def _settings_saved(self, settings: dialogs.Settings | None) -> None:
        if settings is None:
            return
        self.theme = settings.theme
        self.save_settings(settings)

    @work(thread=True, group="tutor", exit_on_error=False)
    def save_settings(self, settings: dialogs.Settings) -> None:
        """Store the learner's settings."""
        assert self.tutor and self.learner
        self.learner = self.tutor.update_settings(
            self.learner,
            session_minutes=settings.session_minutes,
            desired_retention=settings.desired_retention,
            theme=settings.theme,
            daily_review_cap=settings.daily_review_cap,
            streak_forgive_per_week=settings.streak_forgive_per_week,
        )
        said = "Settings saved."
        if settings.new_pin is not None or settings.remove_pin:
            # The learner opened this profile with their PIN (if any) to get here.
            self.learner = self.tutor.set_pin(self.learner, settings.new_pin, None, unlocked=True)
            done = "your PIN is set." if settings.new_pin else "your PIN is removed."
            said = f"Settings saved; {done}"
        self.call_from_thread(self.notify, said)

    def action_switch_learner(self) -> None:
        """Called to change who is studying; a tutor's timed session, for one learner, ends."""
        if self.studying.timed is not None:
            self.action_leave()
            return
        self.leave_session(then=self._pick_learner)

    def _pick_learner(self) -> None:
        self.pick_learner()

    @work(thread=True, group="tutor", exit_on_error=False)
    def pick_learner(self) -> None:
        """Show the learner picker again."""
        assert self.tutor is not None
        learners = self.tutor.learners()
        last = self.tutor.last_learner()
        self.call_from_thread(self._show_picker, learners, last)

    def _show_picker(self, learners: list[Learner], last: str | None) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.learner = None
        self.sub_title = ""
        self.pack_id = None  # the next learner goes back to their own last pack
        assert self.tutor is not None
        self.switch_screen(screens.LearnerScreen(self.tutor, learners, last))

    # The tutor's class view ----------------------------------------------------------------------

    def action_class_view(self) -> None:
        """Called on the learner picker: the class's heat map and who needs help, for the tutor."""
        if self.tutor is not None:
            self.open_class_view()

    @work(thread=True, group="tutor", exit_on_error=False)
    def open_class_view(self) -> None:
        """Ask for the passphrase when one is set; else show the class at once, if allowed."""
        assert self.tutor is not None
        if self.tutor.has_passphrase():
            screen = dialogs.SecretScreen(
                "Class view",
                "Type the tutor passphrase, then Enter. Escape goes back.",
                check=self.tutor.unlock_class,
            )
            self.call_from_thread(self.push_screen, screen, self._passphrase_given)
            return
        try:
            self.tutor.unlock_class(None)
        except TutorError as error:
            self.call_from_thread(
                self.notify, str(error), title="Class view", severity="error", timeout=10
            )
            return
        self.show_class()

    def _passphrase_given(self, opened: bool | None) -> None:
        if opened:
            self.run_worker(self.show_class, thread=True, group="tutor", exit_on_error=False)

    def show_class(self) -> None:
        """In a worker: gather the class's report, and show it."""
        from tutor_tui.service.reports import class_report

        assert self.tutor is not None
        report = class_report(self.tutor, None, None)
        self.call_from_thread(self._show_class, report)

    def _show_class(self, report: Any) -> None:
        self.push_screen(screens.ClassScreen(report))

    # Leaving -------------------------------------------------------------------------------------

    def action_leave(self) -> None:
        """Called on q, ctrl+q or ctrl+c: end the session with its summary, then quit."""
        if self.leaving:
            self.exit()
            return
        self.leaving = True
        self.leave_session(then=self.exit)

    def leave_session(self, then: Callable[[], Any]) -> None:
        """End the open session and show its summary, then do `then`."""
        if self.session is None or self.tutor is None:
            then()
            return
        self.end_session_after_saving(then)

    @work(group="leave", exit_on_error=False)
    async def end_session_after_saving(self, then: Callable[[], Any]) -> None:
        """End the session once no answer is still being stored: it belongs in the summary."""
        for worker in [w for w in self.workers if w.name in SAVING]:
            with suppress(WorkerFailed):  # a save that failed has nothing more to wait for
                await worker.wait()
        self.end_session(then)

    @work(thread=True, group="tutor", exit_on_error=False)
    def end_session(self, then: Callable[[], Any]) -> None:
        """Close the session and show what it achieved; a check under way keeps what it found."""
        lines = self.studying.end()
        self.call_from_thread(self.push_screen, dialogs.SummaryScreen(lines), lambda _: then())
