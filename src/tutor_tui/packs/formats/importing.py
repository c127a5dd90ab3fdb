"""`tutor packs import`: files of other programs read by their format, written as one pack.

The format is told by the file's extension (`.apkg`, `.colpkg`, `.gift`, `.xml`, `.md`, `.csv`,
`.tsv`); a `.txt` file is Anki's text export when it starts with Anki's header lines, GIFT when
it reads as GIFT, and a spreadsheet's text otherwise. A file that cannot be read at all stops the
import with one line saying where and why, and nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from tutor_tui.core.errors import TutorError
from tutor_tui.packs.formats.draft import Draft, FormatError, Options
from tutor_tui.packs.formats.writer import WriteReport, write_pack

# A text file larger than this is not read: no question bank is this large, and a pack's unit
# file may not hold more than 2 MiB anyway.
MAX_TEXT_BYTES = 16 * 1024 * 1024
# An Anki package may hold media, so it may be larger; its contents are bounded again inside.
MAX_PACKAGE_BYTES = 512 * 1024 * 1024


def format_of(path: Path, head: bytes) -> str:
    """The format of a file, by its extension and, for `.txt`, its first lines."""
    suffix = path.suffix.lower()
    if suffix == ".txt":
        text = head.decode("utf-8", "replace")
        first = next((line for line in text.splitlines() if line.strip()), "")
        # Anki's header lines, or a tab between columns, say a spreadsheet's text.
        if re.match(r"\ufeff?#[a-z ]+:", text) or "\t" in first:
            return "csv"
        if "gift" in READERS and re.search(r"^\s*(::|\$CATEGORY:|[^\n#]*\{)", text, re.MULTILINE):
            return "gift"
        return "csv"
    kind = SUFFIXES.get(suffix)
    if kind is None or kind not in READERS:
        known = ", ".join(name for name, kind in SUFFIXES.items() if kind in READERS)
        raise TutorError(
            f"{path}: cannot tell its format from its extension; the formats are {known}"
        )
    return kind


# Each format's reader: its module in this package and its function, taking the file's path, its
# bytes (none for an Anki package, which is read as a zip) and the options.
READERS: dict[str, tuple[str, str]] = {
    "csv": ("tabular", "read_tabular"),
    "anki": ("anki", "read_anki"),
    "gift": ("gift", "read_gift"),
    "moodle-xml": ("moodle", "read_moodle"),
    "markdown": ("markdown", "read_markdown"),
}


# The formats by the file's extension (`.txt` is told by its content).
SUFFIXES = {
    ".apkg": "anki",
    ".colpkg": "anki",
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".gift": "gift",
    ".xml": "moodle-xml",
    ".md": "markdown",
    ".markdown": "markdown",
}


def _reader(kind: str) -> Callable[[Path, bytes, Options], Draft]:
    """The reader of a format, its module imported only now."""
    module, function = READERS[kind]
    found: Callable[[Path, bytes, Options], Draft] = getattr(
        import_module(f"tutor_tui.packs.formats.{module}"), function
    )
    return found


def read_files(paths: list[Path], options: Options) -> Draft:
    """Every file read into one draft; TutorError for the first that cannot be read at all."""
    draft = Draft()
    for path in paths:
        try:
            size = path.stat().st_size
            if not path.is_file():
                raise TutorError(f"{path}: not a file")
            with path.open("rb") as file:
                head = file.read(4096)
            kind = format_of(path, head)
            limit = MAX_PACKAGE_BYTES if kind == "anki" else MAX_TEXT_BYTES
            if size > limit:
                raise TutorError(f"{path}: larger than {limit // 2**20} MiB; nothing was imported")
            data = b"" if kind == "anki" else path.read_bytes()[: limit + 1]
            draft.merge(_reader(kind)(path, data, options))
        except FormatError as error:
            raise TutorError(f"{error}; nothing was imported") from None
        except OSError as error:
            raise TutorError(f"{path}: cannot be read: {error.strerror or error}") from None
    return draft


def import_files(
    paths: list[Path],
    target: Path,
    pack_id: str | None = None,
    title: str | None = None,
    options: Options | None = None,
) -> tuple[WriteReport, Draft]:
    """Read `paths` and write them as one pack into `target`; what was written, and the draft."""
    if pack_id is not None:
        from tutor_tui.packs.schema import PACK_ID

        if not re.fullmatch(PACK_ID, pack_id):
            raise TutorError(
                f"'{pack_id}' is not a pack id: 2 to 64 lower-case letters, digits and '-', "
                "starting with a letter or digit"
            )
    draft = read_files(paths, options or Options())
    report = write_pack(draft, target, [str(path) for path in paths], pack_id, title)
    return report, draft
