"""Installing, removing and exporting packs: the copies of packs kept in the data home.

An installed pack is a plain folder, `installed_packs_home()/<pack id>/`, holding the pack's own
files as the loader sees them (no dot files, no links, nothing from outside the pack). The catalog
finds it after the built-in packs and before `TUTOR_PACK_PATH`.

- `install` checks a pack with the loader first and refuses it, with every error, before anything
  is written. The files go to a hidden folder beside the target, are checked again there, and only
  then take the place of the previous version, which is kept until that swap has succeeded.
- `remove` deletes an installed pack, and only an installed one.
- `export` writes any pack the tutor can use to a `.zip` that installs back: the same bytes for the
  same pack, whatever the computer.

A learner's history is the attempt log, keyed by pack id and question id. None of this touches
it: a new version keeps every answer to the questions it keeps, and the answers to the questions
it drops stay in the log.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import stat
import time
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from contextlib import suppress
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from tutor_tui.core.content import Pack
from tutor_tui.core.errors import NotFound, TutorError
from tutor_tui.files import paths
from tutor_tui.files.atomic import SHARED, check_writable, sync_folder, write_atomic
from tutor_tui.packs import catalog, installed, reports
from tutor_tui.packs.loader import load_pack
from tutor_tui.packs.reports import ExportReport, InstallReport, RemoveReport
from tutor_tui.packs.result import Problem
from tutor_tui.packs.schema import PACK_ID
from tutor_tui.packs.source import (
    MAX_FILE_BYTES,
    MAX_FILES,
    MAX_TOTAL_BYTES,
    PackSource,
    SourceError,
)

# A zip's entries get this time, the earliest a zip can hold, so that an export is reproducible.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# Characters a file name of an installed pack may not hold: a path separator other than '/', the
# drive and stream separator ':' (Windows would write `a.yaml:x` to a hidden stream), controls.
_UNSAFE_NAME = re.compile(r"[\\:\x00-\x1f\x7f]")


class InstallRefused(TutorError):
    """A pack that cannot be installed, with the located problems that stop it."""

    def __init__(
        self,
        message: str,
        problems: Sequence[Problem] = (),
        warnings: Sequence[Problem] = (),
    ) -> None:
        super().__init__(message)
        self.problems = tuple(problems)
        self.warnings = tuple(warnings)


# install ---------------------------------------------------------------------------------------


def install(source: Path) -> InstallReport:
    """Check a pack folder or `.zip`, then install a copy of it, in place of its old version."""
    source = Path(source).expanduser()
    checked = load_pack(source)
    if not checked.ok or checked.pack is None:
        count = len(checked.errors)
        raise InstallRefused(
            f"cannot install {source}: {count} error{'s' * (count != 1)}; nothing was installed",
            checked.errors,
            checked.warnings,
        )
    pack = checked.pack
    found = catalog.load_catalog()
    _refuse_builtin_id(found, pack)
    home = paths.installed_packs_home()
    target = home / pack.id
    copies = installed.installed_copies(found, pack.id, target)
    previous = installed.in_use(found, pack.id, copies)
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise TutorError(f"cannot install into {home}: {error.strerror or error}") from None
    staged = _stage(source, home, pack.id)
    try:
        _check_staged(staged, pack)
        _swap_in(staged, target)
    except OSError as error:
        _discard(staged)
        raise TutorError(
            f"cannot install {pack.id} into {target}: {error.strerror or error}; "
            "the installed packs are unchanged"
        ) from None
    except BaseException:
        _discard(staged)
        raise
    _sweep(home)
    notes: list[str] = []
    for copy in copies:
        if copy != target and os.path.lexists(copy):
            # A copy put in the installed packs by hand would shadow or be shadowed by this one.
            _discard(copy)
            notes.append(f"Removed {copy}, an older copy of '{pack.id}' in the installed packs.")
    change = None
    if previous is not None and previous.pack is not None:
        change = reports.compare(
            previous.pack, pack, installed.fingerprint(target) != previous.fingerprint
        )
    elif copies:
        notes.append("It replaces an installed copy that did not load.")
    old_title = previous.pack.title if previous is not None and previous.pack is not None else None
    notes += reports.change_notes(change, pack, old_title)
    for entry in installed.path_copies(found, pack.id):
        notes.append(
            f"The copy at {entry.found.path} (TUTOR_PACK_PATH) has the same id; the installed "
            "copy is used from now on."
        )
    return InstallReport(
        pack_id=pack.id,
        title=pack.title,
        version=pack.version,
        source=str(source),
        path=target,
        skills=len(pack.skills),
        questions=sum(len(skill.questions) for skill in pack.skills),
        warnings=tuple(checked.warnings),
        change=change,
        notes=tuple(notes),
    )


def _refuse_builtin_id(found: catalog.Catalog, pack: Pack) -> None:
    builtin = [
        entry
        for entry in [*found.packs.values(), *(loser for loser, _ in found.shadowed)]
        if entry.found.origin == "builtin" and entry.result.pack and entry.result.pack.id == pack.id
    ]
    if builtin:
        raise InstallRefused(
            f"cannot install {pack.id}: a pack with the id '{pack.id}' is built into the tutor, "
            "and a built-in pack is always used before an installed one, so this copy would never "
            "be used; give the pack its own id in pack.yaml"
        )


# What an install or a removal puts in the installed packs for a moment; a folder of these left
# by a program stopped half-way (killed, power cut) is swept away once it is this old.
_PASSING = (".tmp-", ".old-", ".removing-")
STALE_SECONDS = 3600


def _sweep(home: Path) -> None:
    """Delete what installs and removals stopped half-way left behind, long enough ago."""
    try:
        entries = list(os.scandir(home))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        if not entry.name.startswith(_PASSING):
            continue
        if entry.name.startswith(".old-"):
            # The previous version, kept until its successor was in: if that never came, it is
            # the only copy of the pack there is.
            pack_id = entry.name.removeprefix(".old-").rpartition("-")[0]
            if not os.path.lexists(home / pack_id):
                continue
        with suppress(OSError):
            if now - entry.stat(follow_symlinks=False).st_mtime > STALE_SECONDS:
                _discard(Path(entry.path))


def _stage(source: Path, home: Path, pack_id: str) -> Path:
    """Copy the pack's files into a new hidden folder in `home`, which the catalog skips."""
    staged = home / f".tmp-{pack_id}-{secrets.token_hex(8)}"
    try:
        # Not mkdtemp: an installed pack is as readable as the user's other files, not private.
        staged.mkdir()
    except OSError as error:
        raise TutorError(f"cannot install into {home}: {error.strerror or error}") from None
    try:
        _copy_pack(source, staged)
    except BaseException:
        _discard(staged)
        raise
    return staged


def _copy_pack(source: Path, staged: Path) -> None:
    """Write the pack's own files, as the loader sees them, into `staged`, and nothing else."""
    try:
        reader = PackSource.open(source)
        names = reader.names()
    except SourceError as error:
        raise InstallRefused(f"cannot install {source}: {error}") from None
    if len(names) > MAX_FILES:
        raise InstallRefused(f"cannot install {source}: more than {MAX_FILES} files in the pack")
    root = staged.resolve()
    seen: dict[str, str] = {}
    total = 0
    for name in names:
        where = reader.display(name)
        parts = _safe_parts(name)
        if parts is None:
            raise _refused(source, where, f"the file name '{name}' cannot be installed; rename it")
        # Two names one disk would take for the same file (macOS and Windows ignore case).
        key = unicodedata.normalize("NFC", name).casefold()
        if key in seen:
            raise _refused(
                source, where, f"'{name}' and '{seen[key]}' differ only in capitals; rename one"
            )
        seen[key] = name
        try:
            data = reader.read(name)
        except SourceError as error:
            raise _refused(source, where, str(error).removeprefix(f"{where}: ")) from None
        except OSError as error:
            raise _refused(source, where, f"cannot be read: {error.strerror or error}") from None
        if len(data) > MAX_FILE_BYTES:
            raise _refused(source, where, "file is larger than 2 MiB; split it into smaller files")
        total += len(data)
        if total > MAX_TOTAL_BYTES:
            raise InstallRefused(f"cannot install {source}: the pack holds more than 64 MiB")
        path = root.joinpath(*parts)
        # The name was checked above; this is the last word on where a file may go.
        if not path.resolve().is_relative_to(root):
            raise _refused(source, where, f"'{name}' leaves the pack; it cannot be installed")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_file(path, data)
        except OSError as error:
            raise TutorError(
                f"cannot install {source}: writing {name}: {error.strerror or error}"
            ) from None


def _refused(source: Path, where: str, message: str) -> InstallRefused:
    return InstallRefused(
        f"cannot install {source}: 1 error; nothing was installed", [Problem(where, 1, 1, message)]
    )


def _safe_parts(name: str) -> tuple[str, ...] | None:
    """The parts of a relative POSIX name that stays inside the pack, or None."""
    if not name or name.startswith("/") or _UNSAFE_NAME.search(name):
        return None
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return None
    return tuple(PurePosixPath(name).parts)


def _write_file(path: Path, data: bytes) -> None:
    """Write a new file of the pack, to the disk itself before the install counts as done."""
    with path.open("xb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())


def _check_staged(staged: Path, pack: Pack) -> None:
    """The copy loads, and is the pack that was checked (the source did not change meanwhile)."""
    result = load_pack(staged)
    copied = result.pack
    if not result.ok or copied is None or (copied.id, copied.version) != (pack.id, pack.version):
        raise TutorError(
            f"cannot install {pack.id}: the pack changed while it was being copied; try again"
        )


def _rename(source: Path, target: Path) -> None:
    os.rename(source, target)


def _swap_in(staged: Path, target: Path) -> None:
    """Put the staged folder in place of the target; the old one stays until the new is in."""
    if not os.path.lexists(target):
        _rename(staged, target)
        sync_folder(target.parent)
        return
    old = target.with_name(f".old-{target.name}-{secrets.token_hex(4)}")
    _rename(target, old)
    try:
        _rename(staged, target)
    except BaseException:
        _rename(old, target)
        raise
    sync_folder(target.parent)
    _discard(old)


def _discard(path: Path) -> None:
    """Delete a file, a link or a folder; what cannot be deleted is left, hidden or harmless."""
    if path.is_symlink() or path.is_file():
        with suppress(OSError):
            path.unlink()
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)


# remove ----------------------------------------------------------------------------------------


def remove(pack_id: str) -> RemoveReport:
    """Delete an installed pack; built-in packs and those of `TUTOR_PACK_PATH` are refused."""
    found = catalog.load_catalog()
    home = paths.installed_packs_home()
    copies = (
        installed.installed_copies(found, pack_id, home / pack_id) if _is_pack_id(pack_id) else []
    )
    if not copies:
        entry = found.packs.get(pack_id)
        if entry is not None and entry.found.origin == "builtin":
            raise TutorError(
                f"cannot remove '{pack_id}': it is built into the tutor ({entry.found.path}); "
                "only installed packs can be removed"
            )
        if entry is not None and entry.found.origin == "path":
            raise TutorError(
                f"cannot remove '{pack_id}': it is not installed but found through "
                f"TUTOR_PACK_PATH, at {entry.found.path}; delete it there, or take its folder "
                "out of TUTOR_PACK_PATH"
            )
        listed = sorted(
            pack for pack, item in found.packs.items() if item.found.origin == "installed"
        )
        raise NotFound(
            f"no installed pack '{pack_id}'; the installed packs are: {', '.join(listed) or 'none'}"
        )
    entry = found.packs.get(pack_id)
    version = None
    if entry is not None and entry.found.origin == "installed" and entry.result.pack:
        version = entry.result.pack.version
    for copy in copies:
        _retire(copy)
    _sweep(home)
    after = catalog.load_catalog().packs.get(pack_id)
    return RemoveReport(
        pack_id=pack_id,
        version=version,
        removed=tuple(copies),
        now_used=after.found.path if after else None,
        notes=(
            "Learners' answers in this pack stay in the log: installing it again brings their "
            "progress back.",
        ),
    )


def _is_pack_id(text: str) -> bool:
    return re.fullmatch(PACK_ID, text) is not None


def _retire(path: Path) -> None:
    """Take an installed pack out of the catalog's sight at once, then delete it."""
    hidden = path.with_name(f".removing-{path.name}-{secrets.token_hex(4)}")
    try:
        _rename(path, hidden)
    except OSError as error:
        raise TutorError(f"cannot remove {path}: {error.strerror or error}") from None
    _discard(hidden)


# export ----------------------------------------------------------------------------------------


def export(pack_id: str, output: Path) -> ExportReport:
    """Write a pack the tutor can use to a `.zip` with the pack's folder at its top."""
    target = Path(output).expanduser()
    if target.suffix.lower() != ".zip":
        raise TutorError(
            f"cannot write {output}: a pack is exported as a .zip; end the name in .zip"
        )
    found = catalog.load_catalog()
    entry = found.packs.get(pack_id)
    if entry is None or entry.result.pack is None:
        known = ", ".join(sorted(found.packs)) or "none"
        raise NotFound(f"no pack '{pack_id}'; the packs are: {known}")
    pack = entry.result.pack
    location = entry.found.path
    check_writable(output)
    resolved = target.resolve()
    if resolved == location.resolve() or (
        location.is_dir() and resolved.is_relative_to(location.resolve())
    ):
        raise TutorError(
            f"cannot write {output}: it is inside the pack being exported ({location}); "
            "write the .zip elsewhere"
        )
    try:
        reader = PackSource.open(location)
        names = reader.names()
        files = [(name, reader.read(name)) for name in names]
    except (SourceError, OSError) as error:
        raise TutorError(f"cannot export '{pack_id}': {error}") from None
    for name, data in files:
        if len(data) > MAX_FILE_BYTES:
            raise TutorError(
                f"cannot export '{pack_id}': {reader.display(name)} is larger than 2 MiB"
            )
    _write_zip(target, output, pack.id, files, reader.fingerprint())
    return ExportReport(
        pack_id=pack.id,
        version=pack.version,
        origin=entry.found.origin,
        source=location,
        output=target,
        files=len(files),
        size=target.stat().st_size,
    )


def _write_zip(
    target: Path, shown: Path, pack_id: str, files: Iterable[tuple[str, bytes]], expected: str
) -> None:
    """Write the archive whole or not at all, and check it reads back as the same files."""

    def write(file: BinaryIO) -> None:
        with zipfile.ZipFile(file, "w") as archive:
            for relative, data in sorted(files):
                info = zipfile.ZipInfo(f"{pack_id}/{relative}", date_time=ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3  # Unix, whatever system writes it: the same bytes
                info.external_attr = (stat.S_IFREG | 0o644) << 16
                archive.writestr(info, data, compresslevel=9)

    def check(temporary: Path) -> None:
        if installed.fingerprint(temporary) != expected:
            raise TutorError(f"cannot write {shown}: the archive did not read back the same")

    try:
        write_atomic(target, write, mode=SHARED, check=check)
    except OSError as error:
        raise TutorError(f"cannot write {shown}: {error.strerror or error}") from None


__all__ = [
    "InstallRefused",
    "export",
    "install",
    "remove",
]
