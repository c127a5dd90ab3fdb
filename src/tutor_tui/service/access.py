"""Who may open what: learners' PINs and the tutor's passphrase (rules in tutor_tui.core.privacy).

Wrong tries wait by the guard clock, the computer's own where the program wires it, so that moving
study time (TUTOR_NOW) cannot skip a wait.
"""

from __future__ import annotations

from dataclasses import replace

from tutor_tui.core import privacy
from tutor_tui.core.clock import Clock
from tutor_tui.core.errors import TutorError
from tutor_tui.core.learner import Learner
from tutor_tui.service.knowledge import Knowledge

# Where the hash of the tutor's passphrase is kept (in the store's meta table).
PASSPHRASE_KEY = "passphrase_hash"


class Access:
    """PINs that guard learners' profiles, and the passphrase that guards the class's data."""

    def __init__(self, knowledge: Knowledge, guard_clock: Clock) -> None:
        self.knowledge = knowledge
        self.store = knowledge.store
        self.guard_clock = guard_clock

    def has_passphrase(self) -> bool:
        """Whether a tutor passphrase is set on this computer."""
        return self.store.get_meta(PASSPHRASE_KEY) is not None

    def pin_holders(self) -> list[str]:
        """The names of the learners whose profile a PIN guards."""
        return [learner.name for learner in self.store.learners() if learner.has_pin]

    def _check_secret(self, subject: str, secret: str, kept: list[str | None], what: str) -> None:
        """Accept `secret` if it matches one of `kept`; count and slow down wrong tries.

        The try is counted as wrong before the slow check begins, in one transaction with the
        look at the count, and forgiven once it turns out right: tries made at the same time from
        several programs each count, and none can slip in while another is being checked.
        """
        key = privacy.failures_key(subject)
        now = self.guard_clock.now()

        longest = privacy.longest_wait(subject)

        def count_try(text: str | None) -> str:
            failures = privacy.Failures.from_text(text, longest)
            failures.refuse_while_waiting(now, what)
            return failures.after_wrong(now).to_text()

        counted = privacy.Failures.from_text(self.store.update_meta(key, count_try), longest)
        if any(hashed and privacy.verify_secret(secret, hashed) for hashed in kept):
            self.store.set_meta(key, None)
            return
        wait = counted.wait(now)
        later = f"; the next try must wait {privacy.seconds_words(wait)}" if wait else ""
        raise privacy.WrongSecret(f"wrong {what}{later}")

    def unlock_learner(
        self, learner: Learner, secret: str | None, passphrase: str | None = None
    ) -> None:
        """Open a learner's profile, when they have a PIN.

        `secret` is what was typed where their PIN is asked for: their PIN, or the tutor
        passphrase, and wrong tries count against the profile. `passphrase` is the tutor
        passphrase given as such (TUTOR_PASSPHRASE), tried when `secret` is missing or wrong, and
        its wrong tries count against the passphrase: each secret counts only against what it
        guards.
        """
        if not learner.has_pin:
            return
        if not secret and not passphrase:
            raise privacy.SecretNeeded(f"{learner.name}'s profile is guarded by a PIN")
        if secret:
            try:
                self._open_profile(learner, secret)
                return
            except (privacy.WrongSecret, privacy.TryLater):
                if not passphrase:
                    raise
        if not self.has_passphrase():
            raise privacy.WrongSecret(
                f"{learner.name}'s profile is guarded by a PIN, and no tutor passphrase is set"
            )
        self.unlock_class(passphrase)

    def _open_profile(self, learner: Learner, secret: str) -> None:
        """Open a learner's profile with what was typed where their PIN is asked for."""
        passphrase = self.store.get_meta(PASSPHRASE_KEY)
        if passphrase is not None and not privacy.is_pin_shaped(secret):
            # The passphrase opens every profile, but not while it must wait after wrong tries
            # at a class command. Wrong tries here count against the learner's profile only, so
            # that a learner typing nonsense cannot lock the tutor out.
            failures = privacy.Failures.from_text(
                self.store.get_meta(privacy.failures_key("passphrase")),
                privacy.longest_wait("passphrase"),
            )
            failures.refuse_while_waiting(self.guard_clock.now(), "tutor passphrase")
        kept = [self.store.pin_hash(learner.id), passphrase]
        self._check_secret(f"learner:{learner.id}", secret, kept, f"PIN for {learner.name}")

    def unlock_class(self, passphrase: str | None) -> None:
        """Allow what shows or changes everyone's data: the passphrase when one is set.

        Without a passphrase, everyone's data is open, unless some learner has a PIN: then a
        passphrase must be set first, or the class report would show what their PIN guards.
        """
        if self.has_passphrase():
            if not passphrase:
                raise privacy.SecretNeeded("this needs the tutor passphrase")
            kept = [self.store.get_meta(PASSPHRASE_KEY)]
            self._check_secret("passphrase", passphrase, kept, "tutor passphrase")
            return
        holders = self.pin_holders()
        if holders:
            who = (
                f"{holders[0]} has a PIN"
                if len(holders) == 1
                else f"{len(holders)} learners have PINs"
            )
            raise TutorError(f"{who}; set a tutor passphrase first, with: tutor class passphrase")

    def may_show_class(self, passphrase: str | None) -> bool:
        """Whether everyone's data may be shown now, as `unlock_class` allows it, without
        asking: for what a command over every learner says about each of them."""
        try:
            self.unlock_class(passphrase)
        except TutorError:
            return False
        return True

    def unlock_changes(self, learner: Learner, secret: str | None) -> None:
        """Allow erasing or resetting a learner: the passphrase when set, else their PIN if any."""
        if self.has_passphrase():
            self.unlock_class(secret)
        else:
            self.unlock_learner(learner, secret)

    def set_passphrase(self, new: str | None, current: str | None) -> None:
        """Set, change (with the current one) or remove (`new` None) the tutor passphrase."""
        if self.has_passphrase():
            self.unlock_class(current)
        value = None if new is None else privacy.hash_secret(privacy.check_new_passphrase(new))
        self.store.set_meta(PASSPHRASE_KEY, value)

    def set_pin(
        self, learner: Learner, new: str | None, current: str | None, unlocked: bool = False
    ) -> Learner:
        """Set, change or remove (`new` None) a learner's PIN; changing needs the PIN or passphrase.

        `unlocked` says the profile was already opened with its PIN (the app asks on picking).
        A first PIN, while a tutor passphrase is set, needs that passphrase as `current` whatever
        `unlocked` says: else anyone could put a PIN on another's profile and lock them out.
        """
        if not learner.has_pin and new is not None and self.has_passphrase():
            if not current:
                raise privacy.SecretNeeded(
                    f"a first PIN for {learner.name} needs the tutor passphrase"
                )
            self.unlock_class(current)
        elif not unlocked:
            self.unlock_learner(learner, current)
        value = None if new is None else privacy.hash_secret(privacy.check_new_pin(new))
        self.store.set_pin_hash(learner.id, value)
        return replace(learner, has_pin=value is not None)

    def erase_learner(self, learner: Learner, keep_profile: bool = False) -> int:
        """Erase a learner and everything they did (or, keeping the profile, start them afresh).

        The caller has unlocked the change (`unlock_changes`). Returns the answers erased.
        """
        erased = self.store.erase_learner(learner.id, keep_profile, self.knowledge.now())
        self.knowledge.forget_cached()
        return erased
