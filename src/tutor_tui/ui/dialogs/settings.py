"""The settings a learner can change in the app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    Select,
    Static,
)

from tutor_tui.core.errors import TutorError
from tutor_tui.core.learner import Learner
from tutor_tui.core.planner import DAILY_REVIEW_CAP
from tutor_tui.core.privacy import check_new_pin
from tutor_tui.core.progress import forgiveness
from tutor_tui.service.knowledge import SESSION_MINUTES
from tutor_tui.ui import in_thread
from tutor_tui.ui.themes import THEMES
from tutor_tui.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from tutor_tui.service.tutor import Tutor


@dataclass(frozen=True)
class Settings:
    """The settings a learner can change in the app."""

    session_minutes: int
    desired_retention: float
    theme: str
    daily_review_cap: int = DAILY_REVIEW_CAP
    streak_forgive_per_week: int = 1
    # Whether a PIN guards the profile; a new PIN to set, or True to remove it.
    has_pin: bool = False
    new_pin: str | None = None
    remove_pin: bool = False

    @classmethod
    def of(cls, learner: Learner, theme: str) -> Settings:
        """A learner's settings as they stand, with the app's theme and the usual session length
        where the learner has set none."""
        settings = learner.settings
        return cls(
            session_minutes=int(settings.get("session_minutes", SESSION_MINUTES)),
            desired_retention=float(settings.get("desired_retention", 0.9)),
            theme=str(settings.get("theme", theme)),
            daily_review_cap=int(settings.get("daily_review_cap", DAILY_REVIEW_CAP)),
            streak_forgive_per_week=forgiveness(settings),
            has_pin=learner.has_pin,
        )


class _Form(VerticalScroll, can_focus=False):
    """A form that scrolls when the terminal is short; its fields take the focus, not it."""


class SettingsScreen(ModalScreen[Learner | None]):
    """Session length, reviews a day, desired retention, streak forgiveness, theme and PIN;
    dismissed with the learner as saved, or None when nothing changed."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, tutor: Tutor, learner: Learner, theme: str) -> None:
        super().__init__()
        self.tutor = tutor
        self.learner = learner
        self.current = Settings.of(learner, theme)
        # Set once the settings are on their way to the store: the form closes when they are stored.
        self.saving = False

    def compose(self) -> ComposeResult:
        forgive = self.current.streak_forgive_per_week
        with _Form(id="settings"):
            yield Label("Settings", classes="title")
            with Horizontal(classes="setting"):
                yield Label("Session length (minutes)")
                yield Input(str(self.current.session_minutes), id="minutes", type="integer")
            with Horizontal(classes="setting"):
                yield Label("Reviews a day at most (5–500)")
                yield Input(str(self.current.daily_review_cap), id="review-cap", type="integer")
            with Horizontal(classes="setting"):
                yield Label("Recall to aim for in reviews (70–97%)")
                yield Input(
                    str(round(100 * self.current.desired_retention)), id="retention", type="integer"
                )
            with Horizontal(classes="setting"):
                yield Label("Streak forgives missed days a week")
                yield Select(
                    [(_days(n), n) for n in sorted({0, 1, 2, forgive})],
                    value=forgive,
                    allow_blank=False,
                    id="forgive",
                )
            with Horizontal(classes="setting"):
                yield Label("Theme")
                yield Select(
                    list(THEMES.items()),
                    value=self.current.theme
                    if self.current.theme in THEMES.values()
                    else "textual-dark",
                    allow_blank=False,
                    id="theme",
                )
            with Horizontal(classes="setting"):
                yield Label(
                    "New PIN (blank keeps yours)"
                    if self.current.has_pin
                    else "A PIN for your profile (optional)"
                )
                yield Input(id="pin", password=True, max_length=8, restrict=r"[0-9]*")
            if self.current.has_pin:
                yield Checkbox("Remove my PIN", id="remove-pin", classes="setting")
            yield Static("", id="problem")
            with Horizontal(id="buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")
        yield Footer()

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def _save(self) -> None:
        if self.saving:
            return
        try:
            minutes = int(self.query_one("#minutes", Input).value)
            cap = int(self.query_one("#review-cap", Input).value)
            retention = int(self.query_one("#retention", Input).value)
        except ValueError:
            self.query_one("#problem", Static).update("Type whole numbers.")
            return
        if not 5 <= minutes <= 240:
            self.query_one("#problem", Static).update("A session lasts 5 to 240 minutes.")
            return
        if not 5 <= cap <= 500:
            self.query_one("#problem", Static).update("Allow 5 to 500 reviews a day.")
            return
        if not 70 <= retention <= 97:
            self.query_one("#problem", Static).update("Aim for a recall between 70% and 97%.")
            return
        theme = str(self.query_one("#theme", Select).value)
        forgive = self.query_one("#forgive", Select).value
        assert isinstance(forgive, int)  # the list offers no blank
        pin = self.query_one("#pin", Input).value or None
        if pin is not None:
            try:
                check_new_pin(pin)
            except TutorError as error:
                rule = str(error).removeprefix("a PIN must be ")
                self.query_one("#problem", Static).update(f"A PIN is {rule}.")
                return
            if not self.current.has_pin and self.tutor.has_passphrase():
                # The service refuses it too: a first PIN needs the tutor passphrase.
                self.query_one("#problem", Static).update(
                    "Your tutor sets a first PIN, with the tutor passphrase."
                )
                return
        remove = bool(self.query("#remove-pin") and self.query_one("#remove-pin", Checkbox).value)
        self.app.theme = theme
        self.saving = True
        self.save_settings(
            Settings(
                minutes,
                retention / 100,
                theme,
                cap,
                forgive,
                has_pin=self.current.has_pin,
                new_pin=None if remove else pin,
                remove_pin=remove,
            )
        )

    @in_thread()
    def save_settings(self, settings: Settings) -> None:
        """Store the learner's settings, then close."""
        learner = self.tutor.update_settings(
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
            learner = self.tutor.set_pin(learner, settings.new_pin, None, unlocked=True)
            done = "your PIN is set." if settings.new_pin else "your PIN is removed."
            said = f"Settings saved; {done}"
        self.app.call_from_thread(self._close, learner, said)

    def _close(self, learner: Learner, said: str) -> None:
        self.dismiss(learner)
        self.notify(said)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Called to leave the settings unchanged (once they are being stored, the form closes
        when they are)."""
        if not self.saving:
            self.dismiss(None)


def _days(count: int) -> str:
    return "none" if count == 0 else f"{count} day{'s' if count != 1 else ''}"
