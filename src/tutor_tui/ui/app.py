"""The study app: it wires the screens, the keys, and a session's start and end.

The app paints at once and opens the learners' data in a thread (importing the database layer
takes longer than a first paint should). Every call to the tutor service runs in a thread worker,
so that the screen never freezes on the disk. The study loop and the placement check have a module
each (`tutor_tui.ui.study`, `tutor_tui.ui.placement`); the app hands them what the learner does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from tutor_tui.core.errors import TutorError
from tutor_tui.core.literal import printable_line
from tutor_tui.ui import dialogs, screens
from tutor_tui.ui.commands import tutor_commands
from tutor_tui.ui.screens.loading import LoadingScreen
from tutor_tui.ui.study import StudyLoop
from tutor_tui.ui.themes import HIGH_CONTRAST

if TYPE_CHECKING:
    from tutor_tui.core.learner import Learner
    from tutor_tui.core.session import SessionReport
    from tutor_tui.service.tutor import PlacementRun, StudySession, Tutor


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
    # The tutor's commands only: Textual's own would quit without the session's summary and
    # change the theme without keeping it for the learner (the settings keep it).
    COMMANDS = {tutor_commands}
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
        self.register_theme(HIGH_CONTRAST)
        self.push_screen(LoadingScreen())
        # Once the loading screen is painted: the worker's imports would hold the interpreter's
        # lock and slow the first paint down.
        self.call_after_refresh(self.open_data)
        if self.studying.timed is not None:
            self.set_interval(10, self.studying.show_time_left)
            self.studying.close_on_hangup()

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
                markup=False,
            )

    def _fail(self, message: str) -> None:
        self.exit(message=f"error: {message}", return_code=1)

    def _opened(self, tutor: Tutor, learners: list[Learner], last: str | None) -> None:
        self.tutor = tutor
        if tutor.cannot_save is not None:
            # As the command line notes it: progress can be seen, but nothing done now is kept.
            reason = printable_line(tutor.cannot_save)
            self.notify(
                f"{reason}: you can look around, but answers and changes are not saved.",
                title="Read only",
                timeout=20,
                markup=False,
            )
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
        try:
            pack_id = screens.HomeData.pack_to_show(tutor, learner, self.wanted_pack, self.pack_id)
        except TutorError as error:
            self.call_from_thread(self._fail, str(error))
            return
        self.wanted_pack = None
        data = screens.HomeData.gather(tutor, learner, pack_id)
        self.call_from_thread(self._show_home, data, start_study)

    def _show_home(self, data: screens.HomeData, start_study: bool) -> None:
        self.pack_id = data.pack_id
        self._replace_with(screens.HomeScreen(data))
        if data.standing and self.tutor is not None:  # read first, at any size; study waits
            screen = dialogs.StandingScreen(data.standing, self.tutor, data.learner)
            self.push_screen(screen, lambda _: self.study(data.pack_id) if start_study else None)
        elif start_study:
            self.study(data.pack_id)

    def _replace_with(self, screen: Any) -> None:
        """Show `screen` in place of all but the first screen (the loading screen, kept below)."""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(screen)

    def action_home(self) -> None:
        """Called to go back to the home screen."""
        self.show_home()

    def on_home_screen_pack_chosen(self, event: screens.HomeScreen.PackChosen) -> None:
        self.study(event.pack_id)

    def on_home_screen_pack_highlighted(self, event: screens.HomeScreen.PackHighlighted) -> None:
        self.pack_id = event.pack_id

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

    # The screens and dialogs over home: each loads its data (in a worker) and saves its own

    @work(thread=True, group="tutor", exit_on_error=False)
    def open_screen(
        self, load: Callable[[], Screen[Any]], then: Callable[[Any], None] | None = None
    ) -> None:
        """Show the screen `load` builds (with its data, so slow: here, away from the screen)."""
        self.call_from_thread(self.push_screen, load(), then)

    def action_skill_map(self) -> None:
        """Called to show the pack's skill map."""
        tutor, learner, pack_id = self.tutor, self.learner, self.pack_id
        assert tutor and learner and pack_id
        self.open_screen(
            lambda: screens.SkillMapScreen.load(tutor, learner, pack_id), self._skill_chosen
        )

    def _skill_chosen(self, skill_id: str | None) -> None:
        if skill_id is not None:
            self.studying.choose_skill(skill_id)

    def action_progress(self) -> None:
        """Called to show the learner's progress as pictures."""
        tutor, learner = self.tutor, self.learner
        assert tutor and learner
        self.open_screen(lambda: screens.ProgressScreen.load(tutor, learner))

    def action_goal(self) -> None:
        """Called to set a goal for the pack on the home screen."""
        tutor, learner, pack_id = self.tutor, self.learner, self.pack_id
        assert tutor and learner and pack_id
        self.open_screen(lambda: dialogs.GoalScreen.load(tutor, learner, pack_id), self._goal_set)

    def _goal_set(self, goal_set: bool | None) -> None:
        if goal_set:
            self.show_home()

    def action_help(self) -> None:
        """Called on F1 or from the palette: the keys, the themes, and plain mode."""
        self.push_screen(dialogs.HelpScreen())

    def action_settings(self) -> None:
        """Called to change the learner's settings."""
        assert self.tutor and self.learner
        screen = dialogs.SettingsScreen(self.tutor, self.learner, self.theme)
        self.push_screen(screen, self._settings_saved)

    def _settings_saved(self, learner: Learner | None) -> None:
        if learner is not None:
            self.learner = learner

    def action_switch_learner(self) -> None:
        """Called to change who is studying; a tutor's timed session, for one learner, ends."""
        if self.studying.timed is not None:
            self.action_leave()
            return
        self.studying.leave(then=self.pick_learner)

    @work(thread=True, group="tutor", exit_on_error=False)
    def pick_learner(self) -> None:
        """Show the learner picker again."""
        assert self.tutor is not None
        learners = self.tutor.learners()
        last = self.tutor.last_learner()
        self.call_from_thread(self._show_picker, learners, last)

    def _show_picker(self, learners: list[Learner], last: str | None) -> None:
        self.learner = None
        self.sub_title = ""
        self.pack_id = None  # the next learner goes back to their own last pack
        assert self.tutor is not None
        self._replace_with(screens.LearnerScreen(self.tutor, learners, last))

    # Leaving -------------------------------------------------------------------------------------

    def action_leave(self) -> None:
        """Called on q, ctrl+q or ctrl+c: end the session with its summary, then quit."""
        if self.leaving:
            self.exit()
            return
        self.leaving = True
        self.studying.leave(then=self.exit)
