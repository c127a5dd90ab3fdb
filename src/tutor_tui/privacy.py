"""Secrets: a learner's PIN and the tutor's passphrase, kept only as slow salted hashes.

A secret is hashed with scrypt (memory-hard, in the standard library) and a random salt, and
stored as one text value that names its parameters, so that they can be raised later without
breaking old hashes: `scrypt$n$r$p$salt$hash`, salt and hash in base64.

Checking a wrong secret costs the same scrypt work as a right one, and the caller adds a delay
that grows with each wrong try in a row, so guessing a four-digit PIN by hand or by script takes
hours, not seconds.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re

from tutor_tui.errors import TutorError

# scrypt parameters: about 50 ms and 16 MiB per check on a laptop.
N, R, P = 2**14, 8, 1
PIN = re.compile(r"\d{4,8}")
MIN_PASSPHRASE = 8


class WrongSecret(TutorError):
    """A PIN or passphrase that does not match."""


def hash_secret(secret: str) -> str:
    """A salted scrypt hash of `secret`, as stored."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, n=N, r=R, p=P, dklen=32)
    encode = base64.b64encode
    return f"scrypt${N}${R}${P}${encode(salt).decode()}${encode(digest).decode()}"


def matches(secret: str, stored: str) -> bool:
    """Whether `secret` is the one `stored` was made from; constant time in the comparison."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        expected = base64.b64decode(digest)
        found = hashlib.scrypt(
            secret.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(found, expected)


def check_pin_format(pin: str) -> None:
    """Refuse a PIN that is not 4 to 8 digits."""
    if not PIN.fullmatch(pin):
        raise TutorError("a PIN is 4 to 8 digits")


def check_passphrase_format(passphrase: str) -> None:
    """Refuse a passphrase too short to protect anything."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise TutorError(f"a passphrase has at least {MIN_PASSPHRASE} characters")


def delay_after(wrong_in_a_row: int) -> float:
    """Seconds to wait before answering after this many wrong tries in a row (0, 1, 2, 4 … 30)."""
    if wrong_in_a_row <= 0:
        return 0.0
    return float(min(30, 2 ** (wrong_in_a_row - 1)))
