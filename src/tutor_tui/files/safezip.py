"""Reading a zip someone else made without trusting it: packs and bundles both come as zips.

A zip is read in memory, never unpacked, and is refused whole when its directory could trick an
unpacker or exhaust the machine: an entry named outside its folder (`..`, an absolute path, a
drive letter, a backslash), an entry that names no file, a name given twice, more entries or more
bytes than the caller allows, a directory too large to hold in memory. A member is read no further
than the size its entry declares (zipfile stops there and checks the CRC), so a small archive
cannot inflate into a large one behind the caller's back.

Each refusal is a `ZipRefused` whose `kind` says which check failed, so that each caller words it
for its own reader: an author installing a pack, a tutor importing a bundle.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Literal

Kind = Literal["size", "count", "damaged", "name", "twice", "unpacked", "encrypted", "unreadable"]


class ZipRefused(Exception):
    """A zip, or one of its members, that is not read: `kind` is the check, `name` the entry."""

    def __init__(self, kind: Kind, why: str, name: str = "") -> None:
        super().__init__(f"the entry '{name}' {why}" if name else why)
        self.kind: Kind = kind
        self.why = why
        self.name = name


@dataclass(frozen=True)
class Limits:
    """What a caller allows of an archive; None where it has no bound of that kind."""

    # Entries that are files (folders' own entries are not counted).
    members: int
    # The members' declared sizes, added up.
    unpacked: int
    # The bytes of the zip's directory, measured before zipfile reads it all into memory.
    directory: int
    # The size of the zip file itself.
    packed: int | None = None
    # Whether a zip64 archive is read; its directory is then not measured before it is read.
    zip64: bool = False


def open_zip(source: Path | BinaryIO, limits: Limits) -> zipfile.ZipFile:
    """The zip at `source`, once its directory has passed every check; ZipRefused when not."""
    if isinstance(source, Path):
        with source.open("rb") as file:
            _check_size(file, limits)
    else:
        _check_size(source, limits)
    try:
        archive = zipfile.ZipFile(source)
        infos = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError) as error:
        raise ZipRefused("damaged", _first_line(error)) from None
    try:
        _refuse_hostile_names([info.filename for info in infos])
        files = [info for info in infos if not info.is_dir()]
        if len(files) > limits.members:
            raise ZipRefused("count", f"it holds more than {limits.members} files")
        if sum(info.file_size for info in files) > limits.unpacked:
            raise ZipRefused("unpacked", f"it unpacks to more than {limits.unpacked} bytes")
    except ZipRefused:
        archive.close()
        raise
    return archive


def _check_size(file: BinaryIO, limits: Limits) -> None:
    size = file.seek(0, os.SEEK_END)
    if limits.packed is not None and size > limits.packed:
        raise ZipRefused("size", f"it is over {limits.packed} bytes")
    directory = _directory_size(file, size)
    if directory == _ZIP64 and limits.zip64:
        directory = None
    if directory is not None and directory > limits.directory:
        raise ZipRefused("count", "its directory lists far more entries than allowed")
    file.seek(0)


def _refuse_hostile_names(names: list[str]) -> None:
    """ZipRefused for the first entry that would land outside its folder, or is named twice."""
    seen: set[str] = set()
    for name in names:
        why = _hostile(name)
        if why is not None:
            raise ZipRefused("name", why, name)
        if name in seen:
            raise ZipRefused("twice", "is in the archive twice", name)
        seen.add(name)


def _hostile(name: str) -> str | None:
    """Why an entry's name cannot be taken as a path inside the archive's folder, or None."""
    if not PurePosixPath(name).parts:
        return "names no file (it is empty, or '.')"
    # A drive letter is A to Z only, as the pack loader tells one in a lesson's path.
    if name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return "is an absolute path"
    if "\\" in name:
        return "holds a backslash, which some systems take for a folder separator"
    if ".." in name.split("/"):
        return "climbs out of its folder with '..'"
    return None


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int = -1) -> bytes:
    """The bytes of one member, at most `limit` of them; ZipRefused when they are not sound.

    OSError, when the zip's file itself cannot be read, is left to the caller.
    """
    if info.flag_bits & 0x1:
        raise ZipRefused("encrypted", "is encrypted", info.filename)
    try:
        with archive.open(info) as file:
            return file.read(limit)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as error:
        raise ZipRefused("damaged", _first_line(error), info.filename) from None
    except (RuntimeError, NotImplementedError) as error:  # a compression zipfile does not know
        raise ZipRefused("unreadable", _first_line(error), info.filename) from None


def is_link(info: zipfile.ZipInfo) -> bool:
    """Whether the entry is a link: its bytes are the path it points to, not a file's content."""
    return stat.S_ISLNK(info.external_attr >> 16)


# The end record of a zip, and the record before it that marks a zip64 archive.
_END, _END_SIZE = b"PK\x05\x06", 22
_ZIP64_LOCATOR, _ZIP64_LOCATOR_SIZE = b"PK\x06\x07", 20
_ZIP64 = 2**64


def _directory_size(file: BinaryIO, size: int) -> int | None:
    """The size of the zip's directory, from its end record found as zipfile finds it.

    None when there is no end record (zipfile then says what is wrong); for a zip64 archive,
    whose sizes zipfile would take from another record, more than any bound.
    """
    # Where zipfile looks for the end record (after a comment of up to 64 KiB), and just before.
    window = max(0, size - _END_SIZE - 0xFFFF)
    lead = min(window, _ZIP64_LOCATOR_SIZE)
    file.seek(window - lead)
    tail = file.read()
    if len(tail) - lead >= _END_SIZE and tail.endswith(b"\0\0") and tail[-_END_SIZE:][:4] == _END:
        at = len(tail) - _END_SIZE
    else:
        at = tail.rfind(_END, lead)
        if at < 0 or len(tail) - at < _END_SIZE:
            return None
    if tail[max(0, at - _ZIP64_LOCATOR_SIZE) : at].startswith(_ZIP64_LOCATOR):
        return _ZIP64
    return int.from_bytes(tail[at + 12 : at + 16], "little")


def _first_line(error: BaseException) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0]
