"""Where a pack's files come from: a folder, or a `.zip` of that folder.

Both are read the same way, by relative POSIX paths such as `units/values.yaml`. A zip is read in
memory, never unpacked, and is held to limits so that a hostile archive cannot exhaust the machine.
"""

from __future__ import annotations

import errno
import hashlib
import os
import zipfile
from pathlib import Path, PurePosixPath

from tutor_tui.files.safezip import Kind, Limits, ZipRefused, is_link, open_zip, read_member

# The spec's limit for one file; larger files are refused before they are read in full.
MAX_FILE_BYTES = 2 * 1024 * 1024
# Limits for a whole pack, so that neither a folder nor an archive can make loading run away.
MAX_FILES = 2_000
MAX_TOTAL_BYTES = 64 * 1024 * 1024


class SourceError(Exception):
    """A pack's folder or archive cannot be read at all."""


def resolved(path: Path) -> Path:
    """`path` with every link followed; OSError for a loop of links (which Python before 3.13
    reports as a RuntimeError, unlike any other path that cannot be followed)."""
    try:
        return path.resolve()
    except RuntimeError:
        raise OSError(errno.ELOOP, "a link that leads back to itself", str(path)) from None


class PackSource:
    """Read access to the files of one pack."""

    def __init__(self, location: Path) -> None:
        self.location = location

    @staticmethod
    def open(location: Path) -> PackSource:
        """The source for a folder or a `.zip`; SourceError when it is neither."""
        if location.is_dir():
            return FolderSource(location)
        if location.is_file() and zipfile.is_zipfile(location):
            return ZipSource(location)
        if not location.exists():
            if location.is_symlink():
                raise SourceError(f"{location}: a link that leads nowhere, or back to itself")
            raise SourceError(f"{location}: no such folder or file")
        if location.suffix.lower() == ".zip":
            raise SourceError(f"{location}: not a readable .zip (it is damaged or not a zip)")
        raise SourceError(f"{location}: not a pack folder or a .zip of one")

    def names(self) -> list[str]:
        """Every file of the pack, as sorted relative POSIX paths."""
        raise NotImplementedError

    def contains(self, name: str) -> bool:
        """Whether `name` is a file of the pack."""
        raise NotImplementedError

    def links_out(self, name: str) -> bool:
        """Whether `name` is a link to something outside the pack (which is not a file of it)."""
        return False

    def size(self, name: str) -> int:
        """The size of a file in bytes."""
        raise NotImplementedError

    def read(self, name: str) -> bytes:
        """The bytes of a file, at most MAX_FILE_BYTES + 1 of them."""
        raise NotImplementedError

    def display(self, name: str) -> str:
        """How to name a file of the pack in a message to its author."""
        return str(self.location / name)

    def stamp(self) -> str:
        """A hash that changes whenever a file of the pack changes, cheaper than `fingerprint`:
        the key of the pack cache, computed at every start."""
        return self.fingerprint()

    def fingerprint(self) -> str:
        """A hash of every file's name and content: the same hash, the same pack."""
        digest = hashlib.sha256()
        for name in self.names():
            digest.update(name.encode() + b"\0")
            digest.update(self.read(name))
            digest.update(b"\0")
        return digest.hexdigest()


class FolderSource(PackSource):
    """A pack kept as a folder."""

    def __init__(self, location: Path) -> None:
        super().__init__(location)
        self._root = resolved(location)
        self._names: list[str] | None = None

    def names(self) -> list[str]:
        if self._names is None:
            found: list[str] = []
            # The walk follows no linked folder, so only a file that is a link itself can lead
            # out of the pack: only those are resolved (resolving each file slows a large pack).
            for folder, dirs, files in os.walk(self._root):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for file in files:
                    if not file.startswith("."):
                        path = Path(folder, file)
                        relative = path.relative_to(self._root).as_posix()
                        # A link out of the pack is no file of it: reading it would fail.
                        if not path.is_symlink() or self.contains(relative):
                            found.append(relative)
                if len(found) > MAX_FILES:
                    raise SourceError(f"{self.location}: more than {MAX_FILES} files in the pack")
            self._names = sorted(found)
        return self._names

    def stamp(self) -> str:
        """Each file's name, size and time of change: no file is read, so a large pack or a
        folder of many on TUTOR_PACK_PATH does not slow every start."""
        digest = hashlib.sha256()
        for name in self.names():
            found = (self._root / name).stat()  # a name is inside the pack (see `names`)
            digest.update(f"{name}\0{found.st_size}\0{found.st_mtime_ns}\0".encode())
        return digest.hexdigest()

    def _path(self, name: str) -> Path:
        path = resolved(self._root / name)
        if not path.is_relative_to(self._root):
            raise FileNotFoundError(name)
        return path

    def contains(self, name: str) -> bool:
        """Whether `name` is a file inside the pack (a link out of the pack is not)."""
        try:
            return self._path(name).is_file()
        except (FileNotFoundError, OSError):
            return False

    def links_out(self, name: str) -> bool:
        """Whether `name` lies in the pack but resolves outside it, through a link."""
        unresolved = self._root / name
        if not os.path.lexists(unresolved):
            return False
        try:
            return not resolved(unresolved).is_relative_to(self._root)
        except OSError:
            return False  # a loop of links, which is no file of the pack either

    def size(self, name: str) -> int:
        return self._path(name).stat().st_size

    def read(self, name: str) -> bytes:
        with self._path(name).open("rb") as file:
            return file.read(MAX_FILE_BYTES + 1)


class ZipSource(PackSource):
    """A pack kept as a `.zip`: the pack's files at its top, or inside a single top folder."""

    def __init__(self, location: Path) -> None:
        super().__init__(location)
        try:
            self._zip = open_zip(location, _LIMITS)
        except ZipRefused as refused:
            told = _ZIP_REFUSALS[refused.kind].format(refused)
            raise SourceError(f"{location}: {told}") from None
        except OSError as error:
            raise SourceError(f"{location}: not a readable .zip ({error})") from None
        infos = [info for info in self._zip.infolist() if not info.is_dir()]
        prefix = ""
        # What archivers add beside the folder (macOS's __MACOSX, dot files) is not the pack's.
        tops = {
            top
            for info in infos
            if (top := PurePosixPath(info.filename).parts[0]) != "__MACOSX"
            and not top.startswith(".")
        }
        if not any(info.filename == "pack.yaml" for info in infos):
            if len(tops) > 1:
                shown = ", ".join(sorted(tops)[:3]) + (", …" if len(tops) > 3 else "")
                raise SourceError(
                    f"{location}: no pack.yaml at the archive's top, and {len(tops)} things there"
                    f" ({shown}): zip the pack's folder alone"
                )
            if tops:
                prefix = tops.pop() + "/"
        self._infos: dict[str, zipfile.ZipInfo] = {}
        # Link entries: a zip stores a link as the path it points to, never the file's bytes; like
        # a folder's link out of the pack, such an entry is not one of the pack's files.
        self._links: set[str] = set()
        for info in infos:
            if not info.filename.startswith(prefix):
                continue
            name = info.filename[len(prefix) :]
            if any(part.startswith(".") for part in PurePosixPath(name).parts):
                continue  # hidden files, as a folder's are skipped
            if is_link(info):
                self._links.add(name)
                continue
            self._infos[name] = info

    def names(self) -> list[str]:
        return sorted(self._infos)

    def contains(self, name: str) -> bool:
        """Whether `name` is a file inside the archive's pack."""
        return name in self._infos

    def links_out(self, name: str) -> bool:
        """Whether `name` is a link entry of the archive."""
        return name in self._links

    def size(self, name: str) -> int:
        return self._infos[name].file_size

    def stamp(self) -> str:
        """Each member's name, size and checksum as the archive's directory gives them: no
        member is unpacked."""
        digest = hashlib.sha256()
        for name in self.names():
            info = self._infos[name]
            digest.update(f"{name}\0{info.file_size}\0{info.CRC}\0".encode())
        return digest.hexdigest()

    def read(self, name: str) -> bytes:
        try:
            return read_member(self._zip, self._infos[name], MAX_FILE_BYTES + 1)
        except ZipRefused as refused:
            why = "it is encrypted" if refused.kind == "encrypted" else refused.why
            raise SourceError(
                f"{self.display(name)}: cannot be read from the archive ({why})"
            ) from None
        except OSError as error:
            raise SourceError(
                f"{self.display(name)}: cannot be read from the archive ({error})"
            ) from None

    def display(self, name: str) -> str:
        return f"{self.location}/{name}"


# A pack's archive holds at most MAX_FILES files; its directory, read before zipfile holds it in
# memory, has room for that many entries with long names, twice over for what archivers add.
_LIMITS = Limits(
    members=MAX_FILES, unpacked=MAX_TOTAL_BYTES, directory=MAX_FILES * 2 * 1024, zip64=True
)
# How each refusal of the archive's directory is told to the pack's author.
_ZIP_REFUSALS: dict[Kind, str] = {
    "count": f"more than {MAX_FILES} files in the archive",
    "damaged": "not a readable .zip ({0.why})",
    "name": "the entry '{0.name}' {0.why}",
    "twice": "the entry '{0.name}' {0.why}",
    "unpacked": "the archive unpacks to more than 64 MiB",
}
