"""Reading a pack's files for the loader: size, encoding, unsafe characters and paths checked,
and each fault reported at its place.
"""

from __future__ import annotations

import codecs
import posixpath
import re
from typing import Any, TypeVar

from pydantic import ValidationError

from tutor_tui.core.literal import UNSAFE_CHARS, printable_line
from tutor_tui.packs import schema as s
from tutor_tui.packs.faults import validation_problems
from tutor_tui.packs.result import LoadResult, Problem
from tutor_tui.packs.source import MAX_FILE_BYTES, MAX_TOTAL_BYTES, PackSource, SourceError
from tutor_tui.packs.yamltree import Document, Mark, parse
from tutor_tui.packs.yamltree import Path as NodePath

_N = TypeVar("_N", bound=s.Node)

TOO_LARGE = "file is larger than 2 MiB; split it into smaller files"

# Control characters could drive the learner's terminal; bidirectional overrides can make text
# read differently from what it is. Newline and tab are the only controls a pack may hold.
_UNSAFE = re.compile(f"[{UNSAFE_CHARS}]")
# Line breaks are made newlines before that check; in a value a carriage return can only come
# from an escape (`"\r"`), and it would move the learner's cursor back over the line.
_UNSAFE_IN_VALUE = re.compile(f"[{UNSAFE_CHARS}\r]")


def without_unsafe(text: str) -> str:
    """`text` with its line breaks made newlines and every character a pack may not hold removed.

    For text arriving from another program, which is made fit for a pack rather than refused.
    """
    return _UNSAFE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


class PackReader:
    """Reads one pack's files and checks their values, collecting every problem as it goes."""

    def __init__(self, source: PackSource) -> None:
        self.source = source
        self.result = LoadResult(path=str(source.location))
        # Where each id was first defined, to report repeats: kind -> id -> (file, mark)
        self.seen: dict[str, dict[str, tuple[str, Mark]]] = {
            "unit": {},
            "skill": {},
            "question": {},
        }
        self._files: set[str] | None = None
        self._oversized: set[str] = set()

    # Reporting -----------------------------------------------------------------------------

    def error(self, name: str, mark: Mark, message: str) -> None:
        """Report an error at `mark` in file `name`."""
        file = printable_line(self.source.display(name))
        self.result.errors.append(Problem(file, mark.line, mark.column, printable_line(message)))

    def warn(self, name: str, mark: Mark, message: str) -> None:
        """Report a warning at `mark` in file `name`."""
        file = printable_line(self.source.display(name))
        self.result.warnings.append(
            Problem(file, mark.line, mark.column, printable_line(message), "warning")
        )

    def remember(self, kind: str, ident: str, name: str, mark: Mark) -> None:
        """Note where an id of this kind is defined; report it when it was defined before."""
        first = self.seen[kind].get(ident)
        if first is None:
            self.seen[kind][ident] = (self.source.display(name), mark)
            return
        file, where = first
        self.error(
            name,
            mark,
            f"{kind} id '{ident}' is used twice; first at {file}:{where.line}:{where.column}",
        )

    # Files ---------------------------------------------------------------------------------

    def check_sizes(self) -> None:
        """Refuse a pack too large to install, as installing would: any file of it over 2 MiB
        (read by the loader or not: an installed pack holds all of its files), or all of them
        together over 64 MiB. So `validate` and `install` agree on what is too large."""
        total = 0
        for name in self.source.names():
            try:
                size = self.source.size(name)
            except (SourceError, OSError):
                continue  # said when the file is read
            total += size
            if size > MAX_FILE_BYTES:
                self._oversized.add(name)
                self.error(name, Mark(1, 1), TOO_LARGE)
        if total > MAX_TOTAL_BYTES:
            self.error("pack.yaml", Mark(1, 1), "the pack holds more than 64 MiB of files")

    def read_text(self, name: str) -> str | None:
        """A file's text, checked for size, encoding and unsafe characters; None when unusable."""
        if name in self._oversized:
            return None  # said by `check_sizes`
        try:
            size = self.source.size(name)
            data = self.source.read(name) if size <= MAX_FILE_BYTES else b""
        except SourceError as error:
            # One damaged file in an archive: the other files can still be checked.
            self.error(name, Mark(1, 1), str(error).removeprefix(f"{self.source.display(name)}: "))
            return None
        except OSError as error:
            self.error(name, Mark(1, 1), f"cannot be read: {error.strerror or error}")
            return None
        if size > MAX_FILE_BYTES or len(data) > MAX_FILE_BYTES:
            self.error(name, Mark(1, 1), TOO_LARGE)
            return None
        # A byte order mark is fine, and not counted as a character of the first line.
        data = data.removeprefix(codecs.BOM_UTF8)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            # Counted in characters, as editors count them.
            before = data[data.rfind(b"\n", 0, error.start) + 1 : error.start].decode("utf-8")
            self.error(
                name,
                Mark(line, len(before) + 1),
                f"not UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8",
            )
            return None
        # Windows (CRLF) and old Mac (CR) line endings are fine; YAML reads a lone CR as a line
        # break too, so lines are counted the same way here.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        bad = list(_UNSAFE.finditer(text))
        for found in bad:
            start = found.start()
            line = text.count("\n", 0, start) + 1
            column = start - (text.rfind("\n", 0, start) + 1) + 1
            self.error(name, Mark(line, column), _unsafe_message(found.group()))
        if bad:
            # Blank them out so that the rest of the file can still be checked.
            text = _UNSAFE.sub(" ", text)
        return text

    def read_yaml(self, name: str) -> Document | None:
        """A YAML file as a document; None when it cannot be read at all."""
        text = self.read_text(name)
        if text is None:
            return None
        doc = parse(text)
        for mark, message in doc.problems:
            self.error(name, mark, message)
        if not doc.complete:
            return None
        self.check_strings(name, doc, doc.value, ())
        return doc

    def resolve(self, name: str, doc: Document, path: NodePath, relative: str) -> str | None:
        """The pack file that `relative` names, or None (reported) when it is not in the pack."""
        normal = posixpath.normpath(relative.replace("\\", "/"))
        if (
            relative.startswith(("/", "\\"))
            or re.match(r"[A-Za-z]:", relative)
            or (normal == ".." or normal.startswith("../"))
        ):
            self.error(name, doc.mark(path), f"'{relative}' leaves the pack; use a path inside it")
            return None
        if self.source.links_out(normal):
            self.error(
                name,
                doc.mark(path),
                f"'{relative}' leaves the pack through a link; copy the file into the pack",
            )
            return None
        # The name exactly as listed: a folder on a disk blind to capitals (macOS, Windows) must
        # not accept `Lessons/a.md` for `lessons/a.md` when the same pack, zipped, would refuse it.
        if normal not in self.files():
            self.error(name, doc.mark(path), f"'{relative}' does not exist in the pack")
            return None
        return normal

    def files(self) -> set[str]:
        """Every file of the pack."""
        if self._files is None:
            self._files = set(self.source.names())
        return self._files

    # Validation ----------------------------------------------------------------------------

    def validate(self, node: type[_N], name: str, doc: Document, path: NodePath) -> _N | None:
        """Check the value at `path` against `node`; report every fault; None if any."""
        value = doc.value_at(path)
        try:
            checked = node.model_validate(value)
        except ValidationError as error:
            for mark, message in validation_problems(error, node, doc, path):
                self.error(name, mark, message)
            return None
        broken = list(checked.rules())
        for rule in broken:
            at: NodePath = (*path, rule.field)
            if rule.index is not None:
                at = (*at, rule.index)
            self.error(name, doc.mark(at) if at in doc.values else doc.key_mark(at), rule.message)
        return None if broken else checked

    def check_strings(self, name: str, doc: Document, value: Any, path: NodePath) -> None:
        """Refuse unsafe characters that escapes in quoted YAML strings put into values."""
        if isinstance(value, str):
            found = _UNSAFE_IN_VALUE.search(value)
            if found:
                self.error(name, doc.mark(path), _unsafe_message(found.group()))
        elif isinstance(value, dict):
            for key, item in value.items():
                found = _UNSAFE_IN_VALUE.search(key)
                if found:
                    self.error(name, doc.key_mark((*path, key)), _unsafe_message(found.group()))
                self.check_strings(name, doc, item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self.check_strings(name, doc, item, (*path, index))


def _unsafe_message(char: str) -> str:
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return (
            f"invisible text-direction character U+{ord(char):04X} is not allowed in pack text "
            "(it can make text read differently from what it is)"
        )
    return (
        f"control character U+{ord(char):04X} is not allowed in pack text "
        "(only newline and tab are)"
    )
