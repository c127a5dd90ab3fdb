"""Files sealed with a passphrase: a bundle encrypted for the USB stick that may be lost.

A sealed file is a first line naming the format, a second line of JSON saying how its key was
made, then the contents encrypted with AES-GCM (`cryptography`) under a key derived from the
passphrase by scrypt with a fresh random salt:

    tutor-tui-sealed
    {"kdf": "scrypt", "n": 32768, "r": 8, "p": 1, "salt": "…", "nonce": "…"}
    <ciphertext and its 16-byte tag>

The first two lines are authenticated with the contents: a file altered anywhere does not open,
exactly as with a wrong passphrase, and nothing of it is used. The passphrase is the only secret;
without it the contents cannot be read, nor told apart from noise.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os

from tutor_tui.core.errors import TutorError

MAGIC = b"tutor-tui-sealed\n"
# scrypt's cost: about 0.1 s and 32 MiB to derive a key, as for the tutor's own secrets; a
# sealed file may ask for more, up to what a laptop can give.
_COST = {"n": 2**15, "r": 8, "p": 1}
_MOST_MEMORY = 256 * 2**20
_SALT, _NONCE, _KEY = 16, 12, 32


class SealError(TutorError):
    """A sealed file that does not open: wrong passphrase, altered, or not sealed as this one."""


def is_sealed(head: bytes) -> bool:
    """Whether a file beginning with `head` is sealed."""
    return head.startswith(MAGIC)


def _key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MOST_MEMORY, dklen=_KEY
    )


def seal(data: bytes, passphrase: str) -> bytes:
    """`data` sealed with `passphrase`: what a sealed file holds."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = os.urandom(_SALT), os.urandom(_NONCE)
    header = {
        "kdf": "scrypt",
        **_COST,
        "salt": base64.b64encode(salt).decode("ascii"),
        "nonce": base64.b64encode(nonce).decode("ascii"),
    }
    head = MAGIC + json.dumps(header, sort_keys=True).encode("ascii") + b"\n"
    key = _key(passphrase, salt, _COST["n"], _COST["r"], _COST["p"])
    return head + AESGCM(key).encrypt(nonce, data, head)


def unseal(sealed: bytes, passphrase: str) -> bytes:
    """The contents of a sealed file; SealError when the passphrase or the file is wrong."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not is_sealed(sealed):
        raise SealError("it is not sealed")
    line, newline, body = sealed[len(MAGIC) :].partition(b"\n")
    try:
        if not newline or len(line) > 1024:
            raise ValueError("no header")
        header = json.loads(line)
        n, r, p = (header[name] for name in ("n", "r", "p"))
        if header["kdf"] != "scrypt" or not all(type(v) is int and v > 0 for v in (n, r, p)):
            raise ValueError("an unknown key derivation")
        if 128 * r * n > _MOST_MEMORY or p > 16:
            raise ValueError("a key derivation too costly")
        salt = base64.b64decode(header["salt"], validate=True)
        nonce = base64.b64decode(header["nonce"], validate=True)
        if len(nonce) != _NONCE or not salt:
            raise ValueError("a wrong nonce")
        key = _key(passphrase, salt, n, r, p)
    except (ValueError, KeyError, TypeError, MemoryError) as error:
        raise SealError(f"its seal is damaged ({error})") from None
    try:
        return AESGCM(key).decrypt(nonce, body, MAGIC + line + b"\n")
    except InvalidTag:
        raise SealError(
            "the passphrase does not open it (a wrong passphrase, or the file was altered)"
        ) from None
