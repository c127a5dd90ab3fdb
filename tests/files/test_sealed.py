"""Sealed files: a bundle encrypted with the tutor passphrase opens with it alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor_tui.files import sealed


@pytest.fixture(autouse=True)
def cheap_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cheaper scrypt for speed: the cost is written into each file, so opening still works."""
    monkeypatch.setitem(sealed._COST, "n", 2**10)


def test_a_sealed_file_opens_with_its_passphrase_and_shows_nothing_without() -> None:
    data = b"PK learners.jsonl Ana 4821" * 10
    box = sealed.seal(data, "correct horse")
    assert sealed.is_sealed(box) and b"Ana" not in box and b"learners" not in box
    assert sealed.unseal(box, "correct horse") == data
    assert sealed.seal(data, "correct horse") != box  # a fresh salt and nonce each time
    with pytest.raises(sealed.SealError, match="the passphrase does not open it"):
        sealed.unseal(box, "correct horsE")


@settings(max_examples=20, deadline=None)
@given(st.data())
def test_a_sealed_file_altered_anywhere_does_not_open(data: st.DataObject) -> None:
    box = bytearray(sealed.seal(b"the bundle", "correct horse"))
    where = data.draw(st.integers(0, len(box) - 1))
    box[where] ^= data.draw(st.integers(1, 255))
    with pytest.raises(sealed.SealError):
        sealed.unseal(bytes(box), "correct horse")


@pytest.mark.parametrize(
    "header",
    [
        b"",
        b"not json\n",
        b'{"kdf": "scrypt", "n": 1073741824, "r": 8, "p": 1, "salt": "AA==", "nonce": "AA=="}\n',
        b'{"kdf": "argon", "n": 2, "r": 1, "p": 1, "salt": "AA==", "nonce": "AAAAAAAAAAAAAAAA"}\n',
    ],
)
def test_a_damaged_or_costly_seal_is_refused_before_any_work(header: bytes) -> None:
    with pytest.raises(sealed.SealError, match="its seal is damaged"):
        sealed.unseal(sealed.MAGIC + header + b"body", "correct horse")
