"""Writing a file whole or not at all: the one way the tutor replaces a file on disk.

The content goes to a temporary file beside the target, is flushed to the device, takes the
target's place by a rename, and the rename is made durable by syncing the folder. A reader sees
the old file or the new one, never half of one, and whatever stops the write (a full disk, ctrl+c)
leaves no temporary file behind.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO

from tutor_tui.core.errors import TutorError

# What is written: bytes, text (UTF-8, `\n` line ends), or a function that writes to the file.
Content = bytes | str | Callable[[BinaryIO], object]

PRIVATE = 0o600
SHARED = 0o644


def write_atomic(
    target: Path,
    content: Content,
    *,
    mode: int = PRIVATE,
    keep_mode: bool = False,
    check: Callable[[Path], None] | None = None,
) -> Path:
    """Replace `target` with `content` whole or not at all; OSError when it cannot be written.

    A new file gets `mode`; with `keep_mode`, a file already there keeps its own permissions.
    `check` is given the written temporary file before it takes the target's place, to read it
    back; whatever it raises stops the write.
    """
    import tempfile  # here, not at the top: the commands' modules import this one for --help

    folder = target.parent
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as file:
            if isinstance(content, str):
                file.write(content.encode("utf-8"))
            elif isinstance(content, bytes):
                file.write(content)
            else:
                content(file)
            file.flush()
            os.fsync(file.fileno())
        if check is not None:
            check(temporary)
        os.chmod(temporary, _mode_for(target, mode, keep_mode))
        os.replace(temporary, target)
    except BaseException:
        with suppress(OSError):
            temporary.unlink()
        raise
    sync_folder(folder)
    return target


def _mode_for(target: Path, mode: int, keep_mode: bool) -> int:
    if keep_mode:
        with suppress(FileNotFoundError):
            return stat.S_IMODE(target.stat().st_mode)
    return mode


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (a USB stick may be pulled out right after)."""
    # Not every system can open a folder (Windows cannot): there the rename is as durable as it is.
    with suppress(OSError, AttributeError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def output_file(given: str) -> Path:
    """The file an `-o` names, as typed. TutorError with one line when `given` ends in a '/', as
    a folder's name does, and is no folder: a file named like the folder would surprise whoever
    meant one (a path loses its final '/' once read, so it is checked as typed)."""
    path = Path(given).expanduser()
    if given.endswith(("/", os.sep)) and not path.is_dir():
        raise TutorError(f"cannot write {given}: there is no folder {path}")
    return path


def file_for(given: str, name: str) -> Path:
    """The file an `-o` of an export names: `given` itself (`output_file`), or `name` inside it
    when `given` is a folder that exists."""
    path = output_file(given)
    return path / name if path.is_dir() else path


def check_writable(path: Path) -> Path:
    """The file an `-o PATH` of a command may write: nothing yet, or a regular file it replaces.

    TutorError with one line when PATH is a folder, a link, a device, a pipe or a socket (the
    write would replace the node itself, e.g. /dev/full with a file, or hand a guarded report to
    whoever reads the pipe), or when its folder is missing or not writable.
    """
    target = path.expanduser()
    try:
        kind = os.lstat(target).st_mode
    except FileNotFoundError:
        kind = None
    except OSError as error:
        raise TutorError(f"cannot write {path}: {error.strerror or error}") from None
    if kind is not None and not stat.S_ISREG(kind):
        what = (
            "a folder"
            if stat.S_ISDIR(kind)
            else "a link; give the file it points to"
            if stat.S_ISLNK(kind)
            else "not a file (a device, a pipe or a socket)"
        )
        raise TutorError(f"cannot write {path}: it is {what}")
    folder = target.parent
    if not folder.is_dir():
        raise TutorError(f"cannot write {path}: there is no folder {folder}")
    if not os.access(folder, os.W_OK):
        raise TutorError(f"cannot write {path}: the folder {folder} is not writable")
    return target


def write_report(path: Path, text: str) -> Path:
    """Write a report's `text` to `path` whole or not at all; TutorError with one line if not.

    The file is readable by its owner alone, a file replaced there included (whatever its mode
    was), as a report on learners is personal.
    """
    target = check_writable(path)
    try:
        return write_atomic(target, text, mode=PRIVATE)
    except OSError as error:
        raise TutorError(f"cannot write {path}: {error.strerror or error}") from None
