"""Read YAML into plain Python values, remembering where every key and value stands.

Packs are YAML 1.2: `yes`, `no` and `on` are text, not booleans. PyYAML's parser (libyaml when it
is installed) gives the events with their line and column; this module builds the values itself so
that it can resolve scalars by YAML 1.2's core schema, refuse what packs must not use (anchors,
aliases, repeated keys, tags, several documents), and record a position for every node.

Positions are kept by path: the path of a value is the tuple of keys and list indexes that lead to
it from the document's root, e.g. `("skills", 0, "questions", 2, "answer")`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# PyYAML ships no type hints, and its stubs (types-PyYAML) are not among the dependencies.
import yaml

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Mark:
    """A place in a file, 1-based as editors show it."""

    line: int
    column: int


class Number:
    """Mixin for numbers read from YAML: they remember the text they were written as."""

    source: str


class YamlInt(int, Number):
    """An integer that remembers how it was written."""


class YamlFloat(float, Number):
    """A float that remembers how it was written."""


@dataclass
class Document:
    """A parsed YAML document: its value, where each node stands, and what was wrong with it."""

    value: Any = None
    # path -> where the value at that path starts
    values: dict[Path, Mark] = field(default_factory=dict)
    # path -> where the key of the value at that path starts (mappings only)
    keys: dict[Path, Mark] = field(default_factory=dict)
    # (mark, message) for each problem found while reading
    problems: list[tuple[Mark, str]] = field(default_factory=list)
    # False when the text stopped parsing part way: the value is then only what came before.
    complete: bool = True

    def value_at(self, path: Path) -> Any:
        """The value at `path`, which must lead to one."""
        value = self.value
        for step in path:
            value = value[step]
        return value

    def mark(self, path: Path) -> Mark:
        """Where the value at `path`, or the nearest node above it, starts."""
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, Mark(1, 1))

    def key_mark(self, path: Path) -> Mark:
        """Where the key of the value at `path` starts, or the value itself."""
        return self.keys.get(path) or self.mark(path)


_NULL = re.compile(r"~|null|Null|NULL|")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)")
_NAN = re.compile(r"\.(nan|NaN|NAN)")
_STR_TAGS = {"tag:yaml.org,2002:str", "!"}


def _resolve(text: str) -> Any:
    """The value of a plain (unquoted) scalar under YAML 1.2's core schema."""
    if _NULL.fullmatch(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    number: YamlInt | YamlFloat
    if _INT.fullmatch(text):
        number = YamlInt(text)
    elif _OCT.fullmatch(text):
        number = YamlInt(text[2:], 8)
    elif _HEX.fullmatch(text):
        number = YamlInt(text[2:], 16)
    elif _FLOAT.fullmatch(text):
        number = YamlFloat(text)
    elif _INF.fullmatch(text) or _NAN.fullmatch(text):
        # `.inf`, `-.Inf`, `.NaN`: Python's float() reads them without the dot, in any case.
        number = YamlFloat(text.replace(".", "", 1))
    else:
        return text
    number.source = text
    return number


def _tag_problem(tag: str) -> str:
    # Shown as authors write it: `!!python/object`, not `tag:yaml.org,2002:python/object`.
    if tag.startswith("tag:yaml.org,2002:"):
        tag = "!!" + tag.removeprefix("tag:yaml.org,2002:")
    return f"tags like '{tag}' are not allowed in packs; remove it"


def _mark(event: yaml.Event) -> Mark:
    # The parser marks every event it reads; only an event built by hand has no mark.
    mark = event.start_mark
    return Mark(mark.line + 1, mark.column + 1) if mark is not None else Mark(1, 1)


def parse(text: str) -> Document:
    """Parse one YAML document from `text`, collecting problems rather than stopping at them."""
    builder = _Builder()
    try:
        for event in yaml.parse(text, Loader=_Parser):
            if not builder.take(event):
                break
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark else Mark(1, 1)
        problem = error.problem or error.context or "not valid YAML"
        builder.doc.problems.append((where, f"YAML syntax: {problem}"))
        builder.doc.complete = False
    except yaml.YAMLError as error:  # errors without a position, e.g. from the reader
        builder.doc.problems.append((Mark(1, 1), f"YAML syntax: {error}"))
        builder.doc.complete = False
    return builder.doc


class _BadKey:
    """Stands for a key that was a list or a map, which has been reported."""


_BAD_KEY = _BadKey()


@dataclass
class _Frame:
    """An open map or list: its path, the container, and for a map the key read but not placed."""

    path: Path
    container: dict[str, Any] | list[Any]
    pending: tuple[Any, Mark] | None = None


class _Builder:
    """Builds a document's value from parser events, noting each node's place and each problem."""

    def __init__(self) -> None:
        self.doc = Document()
        self.stack: list[_Frame] = []
        self.documents = 0

    def problem(self, event: yaml.Event, message: str) -> None:
        self.doc.problems.append((_mark(event), message))

    def take(self, event: yaml.Event) -> bool:
        """Take one event; False when the rest of the text is to be left unread."""
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.problem(event, "a file holds one YAML document; remove the second '---'")
                return False
            return True
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent):
            self.problem(event, f"aliases (*{anchor}) are not allowed in packs; write it out")
            self.place(event, None)
            return True
        if anchor is not None:
            self.problem(event, f"anchors (&{anchor}) are not allowed in packs; remove it")
        tag = getattr(event, "tag", None)
        if isinstance(event, yaml.ScalarEvent):
            self.scalar(event, tag)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self.open(event, tag)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self.stack.pop()
        return True

    def scalar(self, event: yaml.ScalarEvent, tag: str | None) -> None:
        if tag is not None and tag not in _STR_TAGS:
            self.problem(event, _tag_problem(tag))
        plain = not event.style and tag is None
        path = self.place(event, _resolve(event.value) if plain else event.value)
        if path is not None:
            self.doc.values[path] = _mark(event)

    def open(self, event: yaml.Event, tag: str | None) -> None:
        if tag is not None and tag not in _STR_TAGS:
            self.problem(event, _tag_problem(tag))
        container: dict[str, Any] | list[Any] = (
            {} if isinstance(event, yaml.MappingStartEvent) else []
        )
        path = self.place(event, container)
        if path is None:
            # A key used twice, or a map or list used as a key: kept out of the tree.
            path = ("<ignored>",)
        else:
            self.doc.values[path] = _mark(event)
        self.stack.append(_Frame(path, container))

    def place(self, event: yaml.Event, value: Any) -> Path | None:
        """Attach a finished value to its parent; return its path, or None for a mapping key."""
        if not self.stack:
            self.doc.value = value
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            frame.container.append(value)
            return (*frame.path, len(frame.container) - 1)
        if frame.pending is None:
            # This value is a key.
            if isinstance(value, (dict, list)):
                self.problem(event, "a key must be plain text, not a list or map")
                value = _BAD_KEY
            frame.pending = (value, _mark(event))
            return None
        key, key_mark = frame.pending
        frame.pending = None
        return self.place_in_map(frame.path, frame.container, key, key_mark, value)

    def place_in_map(
        self, at: Path, container: dict[str, Any], key: Any, key_mark: Mark, value: Any
    ) -> Path | None:
        """Put a value under its key in a map; None when that key is refused."""
        if key is _BAD_KEY:
            return None  # reported when the key was read; its value is left out
        key_text = key if isinstance(key, str) else str(getattr(key, "source", key)).lower()
        path = (*at, key_text)
        if key_text in container:
            first = self.doc.keys.get(path)
            where = f" (first at line {first.line})" if first else ""
            self.doc.problems.append(
                (key_mark, f"key '{key_text}' appears twice in one map{where}")
            )
            return None
        container[key_text] = value
        self.doc.keys[path] = key_mark
        return path
