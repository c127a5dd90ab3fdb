"""Bundles: progress carried between computers in one file, for classrooms without a network.

A bundle is a zip holding `manifest.json` and one JSON Lines file per kind of fact:

- `learners.jsonl`: id, name, created_at, group, settings, and (since version 2) when the group
  and each setting were set: group_set_at, and settings_set_at (setting to time). Never a PIN
  hash.
- `goals.jsonl`, `study_sessions.jsonl`: as the store keeps them.
- `attempts.jsonl`, `lesson_views.jsonl`, `placements.jsonl`: the log, every column but the
  local sequence number, each event with its uuid.

The manifest says what the file is and lets a reader trust it:

    {"format": "tutor-tui-bundle", "version": 2, "created": "2026-03-02T09:00:00.000000+00:00",
     "app": "0.1.0", "files": {"attempts.jsonl": {"sha256": "…", "rows": 120}, …}}

Nothing of the database's `meta` table (where a tutor passphrase may live) is ever written. A
bundle may be sealed with the tutor passphrase (`files.sealed`): then the file is that zip,
encrypted, and reading it needs the passphrase.

Reading checks everything before the caller writes anything: the zip opens and holds exactly the
members a bundle has, each within a size bound, each matching its checksum and row
count; every row has the right fields of the right types (the pydantic models of
`bundle_schema`), every id is a well-formed uuid and unique in its file, and every fact's learner
is in the bundle. Any fault is a `BundleError` with one line that names the file, the member and
the row. Merging what was read into the database is the store's (`Store.merge`), by the rules of
`tutor_tui.core.merge`; this module touches no database.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import ValidationError

from tutor_tui import __version__
from tutor_tui.core.clock import CLOCK_SLACK
from tutor_tui.core.errors import TutorError
from tutor_tui.core.merge import EVENT_TIMES, KIND_LABELS, KINDS
from tutor_tui.files.atomic import PRIVATE, check_writable, write_atomic
from tutor_tui.files.bundle_schema import SCHEMAS, Manifest, RowModel
from tutor_tui.files.safezip import Kind, Limits, ZipRefused, is_link, open_zip, read_member

FORMAT = "tutor-tui-bundle"
# 2: learners carry when their group and settings were set. Version 1 bundles are read too.
VERSION = 2
MANIFEST = "manifest.json"
# A bundle bigger than this, packed or unpacked, is refused before it is read: a classroom's
# year of answers is a few MiB, and a zip bomb must not fill the memory.
MAX_BYTES = 512 * 1024 * 1024


class BundleError(TutorError):
    """A bundle cannot be read: damaged, truncated, foreign or from a newer tutor."""


class _Fault(Exception):
    """What is wrong inside a bundle, before it is said which file it is."""


def member(kind: str) -> str:
    """The name of the member holding a kind of fact."""
    return f"{kind}.jsonl"


# What was read ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bundle:
    """A bundle's facts, checked: per kind, rows as dicts (times in UTC as the store keeps them)."""

    created: str
    app: str
    rows: Mapping[str, list[dict[str, Any]]]

    def count(self, kind: str) -> int:
        """How many rows of a kind the bundle holds."""
        return len(self.rows.get(kind, ()))


# When a goal was closed and a study session ended: checked against the clock too.
_ENDINGS = {"goals": "closed_at", "study_sessions": "ended_at"}


def check_times(bundle: Bundle, now: datetime, source: str) -> None:
    """BundleError when the bundle (read from `source`) holds facts dated well after `now`.

    Events, goals closed, sessions ended, and the times a learner's group and settings were set:
    one from a clock far ahead would otherwise win every later merge.
    """
    times = [
        (datetime.fromisoformat(row[column]), KIND_LABELS[kind])
        for kind, column in [*EVENT_TIMES.items(), *_ENDINGS.items()]
        for row in bundle.rows.get(kind, ())
        if row[column] is not None
    ]
    for row in bundle.rows.get("learners", ()):
        stamps = [row.get("group_set_at"), *(row.get("settings_set_at") or {}).values()]
        times += [
            (datetime.fromisoformat(at), "a learner's group or settings") for at in stamps if at
        ]
    latest = max(times, default=None, key=lambda item: item[0])
    if latest is not None and latest[0] > now + CLOCK_SLACK:
        at, what = latest
        raise BundleError(
            f"cannot import {source}: it holds {what} dated {at.date().isoformat()},"
            " after today here; check the clock of the computer that wrote it (and this one's):"
            " if it read ahead, run tutor doctor --mend-times there, then export again"
        )


# Writing --------------------------------------------------------------------------------------


def encode(
    rows: Mapping[str, list[dict[str, Any]]], created: datetime, app: str = __version__
) -> dict[str, bytes]:
    """A bundle's members, manifest included, from rows as `Store.export_rows` gives them."""
    files: dict[str, bytes] = {}
    entries: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        lines = [
            json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
            for row in rows.get(kind, ())
        ]
        data = "".join(lines).encode("utf-8")
        files[member(kind)] = data
        entries[member(kind)] = {"sha256": hashlib.sha256(data).hexdigest(), "rows": len(lines)}
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created": created.astimezone(UTC).isoformat(timespec="microseconds"),
        "app": app,
        "files": entries,
    }
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    return {MANIFEST: text.encode("utf-8"), **files}


def write_bundle(
    path: Path,
    rows: Mapping[str, list[dict[str, Any]]],
    created: datetime,
    app: str = __version__,
    passphrase: str | None = None,
) -> Bundle:
    """Write a bundle to `path` whole or not at all, readable by its owner alone; return it as read.

    The members are checked exactly as an import will check them before a byte is written, so a
    bundle this writes is one the other computer can read. The zip goes to a temporary file
    beside the target, flushed to the device, which then takes the target's place. With a
    `passphrase`, the zip is sealed with it (`files.sealed`): unreadable without it.
    """
    members = encode(rows, created, app)
    try:
        bundle = _decode(members)
    except _Fault as fault:
        raise TutorError(
            f"cannot export: the database holds what a bundle cannot carry: {fault}"
        ) from None
    if sum(len(data) for data in members.values()) > MAX_BYTES:
        raise TutorError(
            f"cannot export: the bundle would be over {MAX_BYTES // 2**20} MiB;"
            " export fewer learners at a time"
        )
    target = _target(path)
    stamp = max(created.astimezone(UTC).timetuple()[:6], (1980, 1, 1, 0, 0, 0))

    def write(file: BinaryIO) -> None:
        zipped = io.BytesIO() if passphrase else file
        with zipfile.ZipFile(zipped, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in members.items():
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o600 << 16
                archive.writestr(info, data)
        if passphrase and isinstance(zipped, io.BytesIO):
            from tutor_tui.files.sealed import seal

            file.write(seal(zipped.getvalue(), passphrase))

    try:
        write_atomic(target, write, mode=PRIVATE)
    except OSError as error:
        raise TutorError(f"cannot write {path}: {error.strerror or error}") from None
    return bundle


def _target(path: Path) -> Path:
    """Where to write a bundle asked for at `path`; TutorError when it must not be written there.

    A bundle is written where any `-o` may write (`check_writable`: not a folder, a link or a
    device), and replaces only a file that is a bundle already (last week's, say): not a roster
    or a report given by mistake.
    """
    target = check_writable(path)
    if not target.exists():
        return target
    if not _is_bundle(target):
        raise TutorError(
            f"cannot write {path}: it is there already and is not a tutor bundle;"
            " give another name, or remove it first"
        )
    if not os.access(target, os.W_OK):
        raise TutorError(f"cannot write {path}: it is read-only")
    return target


def _is_bundle(path: Path) -> bool:
    """Whether the file is a tutor bundle (of any version, sealed or not), or empty."""
    from tutor_tui.files.sealed import MAGIC, is_sealed

    try:
        if path.stat().st_size == 0:
            return True
        with path.open("rb") as file:
            if is_sealed(file.read(len(MAGIC))):
                return True
        # Whatever is there is read as any untrusted zip is: within a bundle's bounds (and
        # read_member refuses an encrypted member rather than raise RuntimeError).
        with open_zip(path, _limits()) as archive:
            info = archive.getinfo(MANIFEST)
            if info.file_size > 2**20:
                return False
            manifest = json.loads(read_member(archive, info, 2**20))
    except (ZipRefused, zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, KeyError):
        return False
    return isinstance(manifest, dict) and manifest.get("format") == FORMAT


# Reading --------------------------------------------------------------------------------------


class SealedBundle(BundleError):
    """A bundle sealed with a passphrase, and none was given."""


def read_bundle(path: Path, passphrase: str | None = None) -> Bundle:
    """Read and check a bundle, sealed with `passphrase` or not; BundleError with one line naming
    the fault when it is not sound, SealedBundle when it is sealed and no passphrase is given."""
    try:
        return _decode(_members(path, passphrase))
    except _Sealed:
        raise SealedBundle(
            f"cannot import {path}: it is encrypted; give the tutor passphrase it was written"
            " with (type it at a terminal, or set TUTOR_PASSPHRASE)"
        ) from None
    except _Fault as fault:
        raise BundleError(f"cannot import {path}: {fault}") from None


class _Sealed(Exception):
    """The bundle is sealed, and no passphrase was given."""


def _members(path: Path, passphrase: str | None = None) -> dict[str, bytes]:
    """The bytes of every member of the bundle's zip (unsealed with `passphrase` when sealed),
    within the size bounds."""
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise _Fault("it is a folder, not a bundle")
        if not stat.S_ISREG(mode):
            # Opening a pipe would wait for a writer for ever.
            raise _Fault("it is not a file (a device, a pipe or a socket)")
        with path.open("rb") as file:
            return _unzip(_unsealed(file, passphrase))
    except FileNotFoundError:
        raise _Fault("there is no such file") from None
    except IsADirectoryError:
        raise _Fault("it is a folder, not a bundle") from None
    except OSError as error:
        raise _Fault(f"it cannot be read: {error.strerror or error}") from None


def _unsealed(file: BinaryIO, passphrase: str | None) -> BinaryIO:
    """The zip in the file: itself, or what its seal holds."""
    from tutor_tui.files.sealed import MAGIC, SealError, is_sealed, unseal

    if not is_sealed(file.read(len(MAGIC))):
        return file
    if passphrase is None:
        raise _Sealed
    file.seek(0)
    sealed = file.read(MAX_BYTES + 1)
    if len(sealed) > MAX_BYTES:
        raise _Fault(f"it is over {MAX_BYTES // 2**20} MiB, more than a bundle can be")
    try:
        return io.BytesIO(unseal(sealed, passphrase))
    except SealError as error:
        raise _Fault(str(error)) from None


# A bundle's zip directory names 7 members in well under a KiB.
MAX_DIRECTORY = 64 * 1024


def _limits() -> Limits:
    """What a bundle may be: the bounds every zip read as a bundle is held to."""
    return Limits(members=1024, unpacked=MAX_BYTES, directory=MAX_DIRECTORY, packed=MAX_BYTES)


def _unzip(file: BinaryIO) -> dict[str, bytes]:
    """The members of a bundle's zip, each read whole; `_Fault` names what is wrong."""
    file.seek(0)
    if file.read(2) != b"PK":
        raise _Fault("it is not a tutor bundle (not a zip file)")
    try:
        # The directory's bound refuses a zip of many members first; the count is that bound in
        # members, high enough that a member a bundle does not have is named as such.
        with open_zip(file, _limits()) as archive:
            infos = archive.infolist()
            names = [info.filename for info in infos]
            if MANIFEST not in names:
                raise _Fault(f"it is not a tutor bundle (a zip without {MANIFEST})")
            expected = {MANIFEST, *(member(kind) for kind in KINDS)}
            unexpected = sorted(set(names) - expected)
            if unexpected:
                raise _Fault(f"it holds {unexpected[0]}, which a tutor bundle does not")
            return {info.filename: _read(archive, info) for info in infos}
    except ZipRefused as refused:
        told = _ZIP_FAULTS[refused.kind]
        if refused.kind == "damaged" and refused.name:
            told = "{name} is damaged ({why})"
        mib = MAX_BYTES // 2**20
        raise _Fault(told.format(name=refused.name, why=refused.why, mib=mib)) from None


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    if is_link(info):
        raise _Fault(f"{info.filename} is a link, which a tutor bundle never holds")
    return read_member(archive, info)


# How each refusal of the zip reader is told to the person importing a bundle.
_ZIP_FAULTS: dict[Kind, str] = {
    "size": "it is over {mib} MiB, more than a bundle can be",
    "count": "it is not a tutor bundle (a zip of far more files than a bundle has)",
    "damaged": "it is damaged or truncated ({why})",
    "name": "it holds {name}, which a tutor bundle does not",
    "twice": "it is damaged: a member appears twice in the zip",
    "unpacked": "it unpacks to over {mib} MiB, more than a bundle can be",
    "encrypted": "{name} is encrypted, which a tutor bundle never is",
    "unreadable": "{name} cannot be read ({why})",
}


def decode(members: Mapping[str, bytes]) -> Bundle:
    """The bundle these members (from `encode`, or a zip) make; BundleError when not sound."""
    try:
        return _decode(members)
    except _Fault as fault:
        raise BundleError(f"the bundle is not sound: {fault}") from None


def _decode(members: Mapping[str, bytes]) -> Bundle:
    """The bundle these members make; `_Fault` names the first thing wrong."""
    manifest = _manifest(members[MANIFEST])
    listed = set(manifest.files)
    wanted = {member(kind) for kind in KINDS}
    if listed != wanted:
        odd = sorted(listed - wanted) or sorted(wanted - listed)
        raise _Fault(f"{MANIFEST} lists the wrong files ({odd[0]})")
    rows: dict[str, list[dict[str, Any]]] = {}
    for kind in KINDS:
        name = member(kind)
        entry = manifest.files[name]
        data = members.get(name)
        if data is None:
            raise _Fault(f"{name} is missing")
        if hashlib.sha256(data).hexdigest() != entry.sha256:
            raise _Fault(f"{name} does not match its checksum: the file is damaged")
        rows[kind] = _rows(name, data, SCHEMAS[kind])
        if len(rows[kind]) != entry.rows:
            raise _Fault(f"{name} has {len(rows[kind])} rows, but {MANIFEST} says {entry.rows}")
    _check_links(rows)
    return Bundle(created=manifest.created, app=manifest.app, rows=rows)


def _manifest(data: bytes) -> Manifest:
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _Fault(f"it is not a tutor bundle ({MANIFEST} is not JSON)") from None
    if not isinstance(value, dict) or value.get("format") != FORMAT:
        raise _Fault(f"it is not a tutor bundle ({MANIFEST} is not a {FORMAT} manifest)")
    version = value.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _Fault(f"{MANIFEST} has no bundle version the tutor knows")
    if version > VERSION:
        raise _Fault(
            f"it was made by a newer tutor (bundle version {version}; this one reads"
            f" {VERSION}); upgrade tutor-tui"
        )
    try:
        return Manifest.model_validate(value)
    except ValidationError as error:
        raise _Fault(f"{MANIFEST}: {_problem(error)}") from None


def _rows(name: str, data: bytes, schema: type[RowModel]) -> list[dict[str, Any]]:
    if not data:
        return []
    if not data.endswith(b"\n"):
        raise _Fault(f"{name} is truncated: its last row does not end")
    rows = []
    for number, line in enumerate(data[:-1].split(b"\n"), 1):
        try:
            row = schema.model_validate_json(line)
        except ValidationError as error:
            raise _Fault(f"{name} row {number}: {_problem(error)}") from None
        rows.append(row.model_dump())
    return rows


def _check_links(rows: Mapping[str, list[dict[str, Any]]]) -> None:
    """Ids unique in their file, names unique, and every fact's learner in the bundle."""
    for kind in KINDS:
        seen: set[str] = set()
        for number, row in enumerate(rows[kind], 1):
            if row["id"] in seen:
                raise _Fault(f"{member(kind)} row {number}: the id {row['id']} appears twice")
            seen.add(row["id"])
    names: set[str] = set()
    for number, row in enumerate(rows["learners"], 1):
        if row["name"] in names:
            raise _Fault(
                f"{member('learners')} row {number}: the name '{row['name']}' appears twice"
            )
        names.add(row["name"])
    learners = {row["id"] for row in rows["learners"]}
    for kind in KINDS[1:]:
        for number, row in enumerate(rows[kind], 1):
            if row["learner_id"] not in learners:
                raise _Fault(
                    f"{member(kind)} row {number}:"
                    f" its learner {row['learner_id']} is not in the bundle"
                )


def _problem(error: ValidationError) -> str:
    """The first fault pydantic found, on one line."""
    first = error.errors(include_url=False)[0]
    where = ".".join(str(part) for part in first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"field '{where}': {message}" if where else message
