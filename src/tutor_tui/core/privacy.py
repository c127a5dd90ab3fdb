"""Learners' PINs and the tutor's passphrase: how secrets are checked, kept and slowed down.

Both are optional. A learner's PIN guards their own profile; the tutor's passphrase guards what
shows or changes other learners' data (class reports, exporting everyone, importing, deleting or
resetting a learner) and also opens any learner's profile, so that a forgotten PIN can be reset.

Secrets are never stored: only a salted scrypt hash, with its cost parameters written beside it so
that they can be raised later without breaking the hashes already kept. Wrong entries are counted
per subject (a learner, or the passphrase) and, after a few, each further try must wait a growing
time, never more than the subject's longest wait, and forgiven once no wrong try has been made for
half an hour. The count lives in the database, so starting the program again does not reset it.

This is protection between people who share one computer account, against looking at each other's
progress. Whoever can read the database file can read the progress in it; the file is created
readable by its owner alone.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from tutor_tui.core.errors import TutorError
from tutor_tui.core.names import name_fold

# scrypt cost: 2**15 × 8 × 128 bytes = 32 MiB and about 0.1 s a check on a laptop.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
KEY_BYTES = 32

PIN_DIGITS = (4, 8)
PASSPHRASE_LENGTH = 8
# Longer could not be typed into the app's passphrase field.
PASSPHRASE_LONGEST = 128

# Wrong tries allowed at once; after those, each wrong try doubles the wait, up to the longest
# wait of what is guarded.
FREE_TRIES = 3
# A PIN, of a few digits, is guessed in 10,000 tries at most: five minutes between them makes that
# weeks. A passphrase is not guessed at all; a short longest wait keeps someone who fails it on
# purpose every few minutes from locking the tutor out of class commands.
LONGEST_WAIT = timedelta(minutes=5)
LONGEST_PASSPHRASE_WAIT = timedelta(minutes=1)
# Wrong tries stop counting once none has been made for this long: the back-off ends.
FORGIVEN_AFTER = timedelta(minutes=30)


class WrongSecret(TutorError):
    """A PIN or passphrase that does not match."""


class TryLater(TutorError):
    """Too many wrong tries: the next must wait."""


class SecretNeeded(TutorError):
    """A PIN or passphrase is needed and none was given."""


def is_pin_shaped(secret: str) -> bool:
    """Whether `secret` has a PIN's shape: 4 to 8 digits and nothing else."""
    low, high = PIN_DIGITS
    return low <= len(secret) <= high and secret.isascii() and secret.isdigit()


def check_new_pin(pin: str) -> str:
    """A new PIN, checked: 4 to 8 digits and nothing else.

    Spaces are refused rather than trimmed: a PIN is then exactly what must be typed to open the
    profile, where " 1234" would be a wrong try.
    """
    if not is_pin_shaped(pin):
        low, high = PIN_DIGITS
        raise TutorError(f"a PIN must be {low} to {high} digits")
    return pin


def check_new_passphrase(passphrase: str) -> str:
    """A new passphrase, checked: 8 to 128 characters of text, not only spaces, not a PIN.

    Control characters (a NUL, a tab, an escape) and bytes that are not UTF-8 are refused: they
    cannot be typed back into the app, and the latter cannot be hashed.
    """
    if len(passphrase.strip()) < PASSPHRASE_LENGTH:
        raise TutorError(f"a passphrase must be at least {PASSPHRASE_LENGTH} characters")
    if len(passphrase) > PASSPHRASE_LONGEST:
        raise TutorError(f"a passphrase must be at most {PASSPHRASE_LONGEST} characters")
    if is_pin_shaped(passphrase):
        # Typed where a PIN is asked for, it would be taken for a PIN.
        raise TutorError("a passphrase cannot be 8 digits alone, the shape of a PIN")
    kinds = {unicodedata.category(char) for char in passphrase}
    if "Cs" in kinds:
        raise TutorError("a passphrase must be text: it holds bytes that are not UTF-8")
    if "Cc" in kinds:
        raise TutorError("a passphrase cannot hold control characters such as a tab or NUL")
    return passphrase


def _scrypt(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=2 * 128 * r * n, dklen=KEY_BYTES
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_secret(secret: str) -> str:
    """`scrypt$N$r$p$SALT$KEY`: what is kept of a secret."""
    salt = os.urandom(SALT_BYTES)
    key = _scrypt(secret, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def verify_secret(secret: str, kept: str) -> bool:
    """Whether `secret` is the one `kept` was made from; False for a kept value it cannot read."""
    try:
        scheme, n, r, p, salt, key = kept.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key, validate=True)
        found = _scrypt(secret, base64.b64decode(salt, validate=True), int(n), int(r), int(p))
    except (ValueError, TypeError, MemoryError):
        return False
    return hmac.compare_digest(found, expected)


def failures_key(subject: str) -> str:
    """Where the wrong tries of a subject ("passphrase", "learner:ID") are counted."""
    return f"failures:{subject}"


def longest_wait(subject: str) -> timedelta:
    """The longest a subject's next try may have to wait."""
    return LONGEST_PASSPHRASE_WAIT if subject == "passphrase" else LONGEST_WAIT


@dataclass(frozen=True, slots=True)
class Failures:
    """Wrong tries in a row for one subject, and when the last was made."""

    count: int = 0
    last_at: datetime | None = None
    longest: timedelta = LONGEST_WAIT

    def wait(self, now: datetime) -> timedelta:
        """How long until the next try may be made (zero when it may be made now)."""
        if self.count < FREE_TRIES or self.last_at is None:
            return timedelta(0)
        # 2 ** count overflows a timedelta long before it matters: the exponent is bounded.
        doubled = timedelta(seconds=2 ** min(self.count - FREE_TRIES + 1, 30))
        delay = min(self.longest, doubled)
        # Never longer than the delay itself, even when the clock has gone back since.
        return max(timedelta(0), min(delay, self.last_at + delay - now))

    def refuse_while_waiting(self, now: datetime, what: str) -> None:
        """TryLater while the next try of `what` ("the PIN for Ana") must still wait."""
        wait = self.wait(now)
        if wait:
            raise TryLater(
                f"too many wrong tries of the {what}; try again in {seconds_words(wait)}"
            )

    def after_wrong(self, now: datetime) -> Failures:
        """The count after one more wrong try at `now`; the first again when the last wrong try
        was long enough ago to be forgiven."""
        forgiven = self.last_at is not None and now - self.last_at >= FORGIVEN_AFTER
        return Failures(1 if forgiven else self.count + 1, now, self.longest)

    def to_text(self) -> str:
        """How the count is kept."""
        return f"{self.count} {self.last_at.isoformat() if self.last_at else ''}".strip()

    @classmethod
    def from_text(cls, text: str | None, longest: timedelta = LONGEST_WAIT) -> Failures:
        """The count kept as `to_text` wrote it, waiting at most `longest`; none for a missing or
        unreadable value."""
        if not text:
            return cls(longest=longest)
        count, _, at = text.partition(" ")
        try:
            when = datetime.fromisoformat(at) if at else None
            if when is not None and when.tzinfo is None:
                raise ValueError(at)
            return cls(max(0, int(count)), when, longest)
        except ValueError:
            return cls(longest=longest)


def seconds_words(wait: timedelta) -> str:
    """`"1 second"`, `"40 seconds"`, `"3 minutes"`: a wait in words, rounded up."""
    seconds = max(1, int(-(-wait.total_seconds() // 1)))
    if seconds < 90:
        return f"{seconds} second{'' if seconds == 1 else 's'}"
    minutes = -(-seconds // 60)
    return f"{minutes} minutes"


# Where the key that salts erased names is kept (in the store's meta table), made at the first
# erasure: a bare hash of a name is reversed in one line over a class roster.
NAME_SALT_KEY = "name_salt"
_SALTED = "hmac-sha256:"


def new_name_salt() -> str:
    """A fresh random key for salting erased names, as it is kept."""
    return os.urandom(KEY_BYTES).hex()


def name_key(name: str, salt: str) -> str:
    """A learner's name as erasures keep it: folded as names are compared (`name_fold`: "ana"
    is Ana's erasure too), and keyed by this database's salt, so that the name cannot be found
    again by hashing a roster's names without the database's key."""
    return _salted(name_fold(name), salt)


def name_keys(name: str, salt: str | None) -> tuple[str, ...]:
    """Every key an erasure of `name` may have been kept under: folded and salted, salted as
    typed, and as older tutors kept it (a bare SHA-256), so that erasures made before still
    hold."""
    legacy = hashlib.sha256(f"tutor-tui learner name\0{name}".encode()).hexdigest()
    return (legacy,) if salt is None else (name_key(name, salt), _salted(name, salt), legacy)


def _salted(text: str, salt: str) -> str:
    digest = hmac.new(bytes.fromhex(salt), text.encode("utf-8"), hashlib.sha256).hexdigest()
    return _SALTED + digest
