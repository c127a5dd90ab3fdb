"""Load a content pack: read its files, check them against the format, build the domain values.

Loading never stops at the first fault. Every file is read, every node checked on its own, and
every problem reported as `FILE:LINE:COL: message`, so that an author can fix them all in one go.
A pack with any error is refused as a whole: a learner never sees a pack that half loaded.
"""

from __future__ import annotations

import codecs
import difflib
import posixpath
import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from tutor_tui.core import content as m
from tutor_tui.core.grading import read_number
from tutor_tui.packs import schema as s
from tutor_tui.packs.result import LoadResult, Problem
from tutor_tui.packs.source import MAX_FILE_BYTES, PackSource, SourceError
from tutor_tui.packs.yamltree import Document, Mark, Number, parse
from tutor_tui.packs.yamltree import Path as NodePath

_N = TypeVar("_N", bound=s.Node)

# Control characters could drive the learner's terminal; bidirectional overrides can make text
# read differently from what it is. Newline and tab are the only controls a pack may hold.
_UNSAFE_CHARS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[{_UNSAFE_CHARS}]")
# Line breaks are made newlines before that check; in a value a carriage return can only come
# from an escape (`"\r"`), and it would move the learner's cursor back over the line.
_UNSAFE_IN_VALUE = re.compile(f"[{_UNSAFE_CHARS}\r]")
# A message is printed on one line of the author's terminal, and may quote a value or a file name
# that holds such a character (the value is refused too, but the message must be safe to print).
_UNPRINTABLE = re.compile(f"[{_UNSAFE_CHARS}\t\n\r]")


def _visible(text: str) -> str:
    """`text` with each control, direction or line-break character written as an escape."""
    return _UNPRINTABLE.sub(lambda found: repr(found.group())[1:-1], text)


def load_pack(location: Path | str) -> LoadResult:
    """Load the pack in a folder or `.zip`, reporting every problem rather than raising."""
    location = Path(location)
    try:
        source = PackSource.open(location)
        return _Loader(source).load()
    except SourceError as error:
        result = LoadResult(path=str(location))
        message = str(error).removeprefix(f"{location}: ")
        result.errors.append(Problem(_visible(str(location)), 1, 1, _visible(message)))
        return result
    except OSError as error:
        result = LoadResult(path=str(location))
        reason = error.strerror or str(error)
        message = f"cannot be read: {reason}"
        result.errors.append(Problem(_visible(str(location)), 1, 1, _visible(message)))
        return result


class _Loader:
    """One load of one pack; collects problems as it goes."""

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

    # Reporting -----------------------------------------------------------------------------

    def error(self, name: str, mark: Mark, message: str) -> None:
        file = _visible(self.source.display(name))
        self.result.errors.append(Problem(file, mark.line, mark.column, _visible(message)))

    def warn(self, name: str, mark: Mark, message: str) -> None:
        file = _visible(self.source.display(name))
        self.result.warnings.append(
            Problem(file, mark.line, mark.column, _visible(message), "warning")
        )

    # Files ---------------------------------------------------------------------------------

    def read_text(self, name: str) -> str | None:
        """A file's text, checked for size, encoding and unsafe characters; None when unusable."""
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
            self.error(name, Mark(1, 1), "file is larger than 2 MiB; split it into smaller files")
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
        value = _at(doc.value, path)
        try:
            checked = node.model_validate(value)
        except ValidationError as error:
            self.report_validation(error, node, name, doc, path)
            return None
        broken = list(checked.rules())
        for rule in broken:
            at: NodePath = (*path, rule.field)
            if rule.index is not None:
                at = (*at, rule.index)
            self.error(name, doc.mark(at) if at in doc.values else doc.key_mark(at), rule.message)
        return None if broken else checked

    def report_validation(
        self,
        error: ValidationError,
        node: type[BaseModel],
        name: str,
        doc: Document,
        path: NodePath,
    ) -> None:
        reported: set[NodePath] = set()
        value = _at(doc.value, path)
        for item in error.errors():
            loc = _tree_loc(value, item["loc"])
            at = (*path, *loc)
            if at in reported:
                continue  # one message per place: a union's members each complain
            reported.add(at)
            kind = item["type"]
            if kind == "extra_forbidden":
                self.error(name, doc.key_mark(at), _unknown_key(str(loc[-1]), node, loc[:-1]))
            elif kind == "missing":
                self.error(name, doc.mark(at[:-1]), f"missing required key '{loc[-1]}'")
            else:
                self.error(name, doc.mark(at), _describe(item, loc, path))

    # The pack --------------------------------------------------------------------------------

    def load(self) -> LoadResult:
        if not self.source.contains("pack.yaml"):
            self.error(
                "pack.yaml", Mark(1, 1), "no pack.yaml: a pack folder starts with its manifest"
            )
            return self.result
        manifest_doc = self.read_yaml("pack.yaml")
        manifest: s.PackNode | None = None
        if manifest_doc is not None:
            if not isinstance(manifest_doc.value, dict):
                self.error(
                    "pack.yaml", Mark(1, 1), "pack.yaml should be a map of keys, like 'id: my-pack'"
                )
            else:
                manifest = self.validate(s.PackNode, "pack.yaml", manifest_doc, ())
        unit_files = self.unit_files(manifest_doc)
        units: list[tuple[m.Unit, list[m.Skill]]] = []
        raw_skills: list[tuple[str, Document, NodePath, dict[str, Any]]] = []
        for unit_file in unit_files:
            loaded = self.load_unit(unit_file, manifest, raw_skills)
            if loaded is not None:
                units.append(loaded)
        self.check_graph(raw_skills)
        self.result.errors = _in_reading_order(self.result.errors)
        self.result.warnings = _in_reading_order(self.result.warnings)
        if self.result.errors or manifest is None:
            return self.result
        self.result.pack = m.Pack(
            id=manifest.id,
            title=manifest.title,
            version=manifest.version,
            description=manifest.description,
            language=manifest.language,
            authors=tuple(manifest.authors),
            license=manifest.license,
            mastery=_mastery(manifest.mastery),
            units=tuple(unit for unit, _ in units),
            skills=tuple(skill for _, skills in units for skill in skills),
            path=str(self.source.location),
        )
        return self.result

    def unit_files(self, manifest_doc: Document | None) -> list[str]:
        """The unit files in study order: as `units` lists them, or every `units/*.yaml`."""
        in_folder = [
            name for name in self.source.names() if re.fullmatch(r"units/[^/]+\.yaml", name)
        ]
        listed = (
            manifest_doc.value.get("units")
            if manifest_doc and isinstance(manifest_doc.value, dict)
            else None
        )
        if manifest_doc is None or not isinstance(listed, list):
            self.warn_yml([])
            if not in_folder:
                self.error("pack.yaml", Mark(1, 1), "the pack has no units: add units/*.yaml files")
            return in_folder
        files: list[str] = []
        for index, entry in enumerate(listed):
            entry = _text_of(entry)
            if entry is None:
                continue  # the schema reports it
            resolved = self.resolve("pack.yaml", manifest_doc, ("units", index), entry)
            if resolved is None:
                continue
            if resolved in files:
                self.error(
                    "pack.yaml",
                    manifest_doc.mark(("units", index)),
                    f"'{entry}' is listed twice in units",
                )
                continue
            files.append(resolved)
        if not listed:
            self.error("pack.yaml", manifest_doc.mark(("units",)), "'units' lists no unit files")
        for name in in_folder:
            if name not in files:
                self.warn(name, Mark(1, 1), "not listed in pack.yaml's units, so not loaded")
        self.warn_yml(files)
        return files

    def warn_yml(self, loaded: list[str]) -> None:
        """Warn of `units/*.yml` files, which are not loaded unless `units` lists them."""
        for name in self.source.names():
            if re.fullmatch(r"units/[^/]+\.yml", name) and name not in loaded:
                self.warn(name, Mark(1, 1), "ignored: unit files end in .yaml, not .yml")

    def load_unit(
        self,
        name: str,
        manifest: s.PackNode | None,
        raw_skills: list[tuple[str, Document, NodePath, dict[str, Any]]],
    ) -> tuple[m.Unit, list[m.Skill]] | None:
        doc = self.read_yaml(name)
        if doc is None:
            return None
        if not isinstance(doc.value, dict):
            self.error(name, Mark(1, 1), "a unit file should be a map with id, title and skills")
            return None
        unit = self.validate(s.UnitNode, name, doc, ())
        if unit is not None:
            self.remember("unit", unit.id, name, doc.mark(("id",)))
        skills: list[m.Skill] = []
        raw_list = doc.value.get("skills")
        for index, raw in enumerate(raw_list if isinstance(raw_list, list) else []):
            path: NodePath = ("skills", index)
            if not isinstance(raw, dict):
                self.error(
                    name, doc.mark(path), "a skill should be a map with id, title and questions"
                )
                continue
            raw_skills.append((name, doc, path, raw))
            skill = self.load_skill(name, doc, path, manifest)
            if skill is not None and unit is not None:
                skills.append(replace(skill, unit=unit.id))
        if unit is None:
            return None
        return m.Unit(id=unit.id, title=unit.title, skills=tuple(s.id for s in skills)), skills

    def load_skill(
        self, name: str, doc: Document, path: NodePath, manifest: s.PackNode | None
    ) -> m.Skill | None:
        node = self.validate(s.SkillNode, name, doc, path)
        raw = _at(doc.value, path)
        questions: list[m.AnyQuestion] = []
        raw_questions = raw.get("questions")
        if not isinstance(raw_questions, list):
            raw_questions = []
        for index in range(len(raw_questions)):
            question = self.load_question(name, doc, (*path, "questions", index))
            if question is not None:
                questions.append(question)
        if node is None:
            return None
        lesson = node.lesson
        if node.lesson_file is not None:
            lesson = self.load_lesson(name, doc, (*path, "lesson_file"), node.lesson_file)
        # A lesson file that could not be read is an error already, not also a missing lesson.
        unread = node.lesson_file is not None and lesson is None
        if not unread and not (lesson or "").strip():
            self.warn(name, doc.mark(path), f"skill '{node.id}' has no lesson")
        if len(raw_questions) < 3:
            self.warn(name, doc.mark(path), f"skill '{node.id}' has fewer than three questions")
        if len(questions) != len(raw_questions):
            return None
        base = _mastery(manifest.mastery) if manifest else m.Mastery()
        if node.mastery is not None:
            overrides = {
                key: getattr(node.mastery, key)
                for key in raw["mastery"]
                if key in m.Mastery.__dataclass_fields__
            }
            base = replace(base, **overrides)
        return m.Skill(
            id=node.id,
            title=node.title,
            requires=tuple(node.requires),
            minutes=node.minutes,
            lesson=lesson,
            mastery=base,
            questions=tuple(replace(q, skill=node.id) for q in questions),
        )

    def load_lesson(self, name: str, doc: Document, path: NodePath, relative: str) -> str | None:
        resolved = self.resolve(name, doc, path, relative)
        if resolved is None:
            return None
        return self.read_text(resolved)

    def load_question(self, name: str, doc: Document, path: NodePath) -> m.AnyQuestion | None:
        raw = _at(doc.value, path)
        if not isinstance(raw, dict):
            self.error(name, doc.mark(path), "a question should be a map with id, type and prompt")
            return None
        ident = _text_of(raw.get("id"))
        if ident:
            self.remember("question", ident, name, doc.mark((*path, "id")))
        kind = raw.get("type")
        if kind is None:
            self.error(name, doc.mark(path), "missing required key 'type'")
            return None
        node_type = s.QUESTION_NODES.get(kind) if isinstance(kind, str) else None
        if node_type is None:
            close = difflib.get_close_matches(str(kind), m.QUESTION_TYPES, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            self.error(
                name,
                doc.mark((*path, "type")),
                f"unknown question type '{kind}'{hint};"
                f" the types are {', '.join(m.QUESTION_TYPES)}",
            )
            return None
        node = self.validate(node_type, name, doc, path)
        if node is None:
            return None
        if node.explanation is None or not node.explanation.strip():
            self.warn(name, doc.mark(path), f"question '{node.id}' has no explanation")
        unreadable = _unreadable_regex_example(node)
        if unreadable is not None:
            self.warn(
                name,
                doc.mark((*path, "answers" if isinstance(node, s.ShortNode) else "text")),
                f"'{unreadable}' is shown to learners as the right answer, but no pattern of the"
                " question matches it: put a readable right answer first",
            )
        question = _question(node)
        if isinstance(question, m.NumericQuestion):
            written = raw["answer"]
            question = replace(
                question, answer_text=str(getattr(written, "source", written)).strip()
            )
        return question

    # Checks across the pack ----------------------------------------------------------------

    def remember(self, kind: str, ident: str, name: str, mark: Mark) -> None:
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

    def check_graph(self, raw_skills: list[tuple[str, Document, NodePath, dict[str, Any]]]) -> None:
        """Skill ids are unique, `requires` names skills of the pack, and has no cycle."""
        requires: dict[str, list[str]] = {}
        places: dict[str, tuple[str, Document, NodePath]] = {}
        for name, doc, path, raw in raw_skills:
            ident = _text_of(raw.get("id"))
            if not ident:
                continue
            self.remember("skill", ident, name, doc.mark((*path, "id")))
            if ident in places:
                continue
            places[ident] = (name, doc, path)
            needed = raw.get("requires")
            listed = needed if isinstance(needed, list) else []
            requires[ident] = [r for r in map(_text_of, listed) if r is not None]
        for ident, needed in requires.items():
            name, doc, path = places[ident]
            for index, other in enumerate(needed):
                if other == ident:
                    self.error(
                        name,
                        doc.mark((*path, "requires", index)),
                        f"skill '{ident}' requires itself",
                    )
                elif other not in requires:
                    close = difflib.get_close_matches(other, list(requires), n=1)
                    hint = f" (did you mean '{close[0]}'?)" if close else ""
                    self.error(
                        name,
                        doc.mark((*path, "requires", index)),
                        f"requires '{other}', which is no skill of this pack{hint}",
                    )
        for cycle in _cycles(requires):
            name, doc, path = places[cycle[0]]
            self.error(
                name,
                doc.mark((*path, "requires")),
                "skills require each other in a cycle: " + " → ".join([*cycle, cycle[0]]),
            )


# Helpers --------------------------------------------------------------------------------------


def _unreadable_regex_example(node: s.QuestionNode) -> str | None:
    """In regex mode, the first answer (or a blank's first) that no pattern of its own matches."""
    if isinstance(node, s.ShortNode) and node.match == "regex":
        groups = [list(node.answers)]
    elif isinstance(node, s.ClozeNode) and node.match == "regex":
        groups = [[a.strip() for a in m.group(1).split("|")] for m in m.BLANK.finditer(node.text)]
    else:
        return None
    for patterns in groups:
        example = patterns[0]
        try:
            if not any(re.fullmatch(pattern, example) for pattern in patterns):
                return example
        except re.error:
            return None  # reported as an error already
    return None


def _in_reading_order(problems: list[Problem]) -> list[Problem]:
    """Problems file by file, in the order the files were read, and by place within a file."""
    files = {problem.file: index for index, problem in enumerate(reversed(problems))}
    return sorted(problems, key=lambda p: (-files[p.file], p.line, p.column))


def _text_of(value: Any) -> str | None:
    """A scalar as the schema reads it where text is expected (`5` is "5"); None for others."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Number):
        return value.source
    return value if isinstance(value, str) else None


def _at(value: Any, path: NodePath) -> Any:
    for step in path:
        value = value[step]
    return value


def _tree_loc(value: Any, loc: Iterable[int | str]) -> NodePath:
    """Pydantic's error location, less the steps that name no node of the YAML (union members)."""
    result: list[str | int] = []
    for step in loc:
        if isinstance(value, dict) and isinstance(step, str) and step in value:
            value = value[step]
            result.append(step)
        elif isinstance(value, list) and isinstance(step, int) and 0 <= step < len(value):
            value = value[step]
            result.append(step)
        elif isinstance(value, dict) and isinstance(step, str) and not result[-1:] == [step]:
            # A key that is missing or unknown: it is the last step that names a place.
            if not any(step == f for f in ("float", "str", "int", "bool")) and "[" not in step:
                result.append(step)
                value = None
    return tuple(result)


def _fields_of(node: type[BaseModel], loc: NodePath) -> list[str]:
    """The keys allowed in the map at `loc` inside a `node`."""
    current: Any = node
    for step in loc:
        if isinstance(step, int) or not (
            isinstance(current, type) and issubclass(current, BaseModel)
        ):
            continue
        info = current.model_fields.get(step)
        current = _model_in(info.annotation) if info else None
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _unknown_key(key: str, node: type[BaseModel], loc: NodePath) -> str:
    allowed = _fields_of(node, loc)
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown key '{key}'{hint}"


_KINDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a map of keys and values",
    "model_type": "a map of keys and values",
    "model_attributes_type": "a map of keys and values",
}


def _what(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{'true' if value else 'false'}'"
    if isinstance(value, (int, float)):
        return f"the number {getattr(value, 'source', value)}"
    if isinstance(value, str):
        return f"'{value[:40]}'"
    if isinstance(value, list):
        return "a list"
    return "a map"


def _describe(item: Any, loc: NodePath, base: NodePath) -> str:
    """A pydantic error in words an author understands."""
    kind = item["type"]
    key = next((step for step in reversed(loc) if isinstance(step, str)), None)
    ctx = item.get("ctx") or {}
    value = item.get("input")
    name = f"'{key}'" if key else "this value"
    if kind in _KINDS:
        if kind == "bool_type" and value in ("true", "false"):
            return f"{name} should be true or false, written without quotes"
        return f"{name} should be {_KINDS[kind]}, not {_what(value)}"
    if kind == "string_pattern_mismatch":
        if key == "id" and not base:
            return (
                f"pack id '{value}' must be 2 to 64 lower-case letters, digits and hyphens, "
                "starting with a letter or digit"
            )
        if key == "id":
            return (
                f"skill id '{value}' must start with a lower-case letter or digit and hold only "
                "lower-case letters, digits, '-' and '_'"
            )
        if key == "version":
            return f"version '{value}' is not a semantic version like 1.0.0"
        if key == "language":
            return f"language '{value}' is not a BCP 47 language tag like en or pt-BR"
        return f"{name} does not have the expected form"
    if kind == "literal_error":
        if key == "format":
            return f"format {_what(value)} is not supported: this tutor reads format 1"
        return f"{name} must be one of {ctx.get('expected', '')}, not {_what(value)}"
    if kind in ("too_short", "string_too_short"):
        if kind == "string_too_short" or ctx.get("min_length") == 1:
            return f"{name} must not be empty"
        return f"{name} needs at least {ctx.get('min_length')} entries"
    if kind == "too_long":
        return f"{name} may have at most {ctx.get('max_length')} entries"
    if kind in ("greater_than", "less_than", "greater_than_equal", "less_than_equal"):
        if key == "difficulty":
            return f"difficulty must be a whole number from 1 to 5, not {_what(value)}"
        if key == "minutes":
            return f"minutes must be a positive whole number, not {_what(value)}"
        return f"{name} must lie strictly between 0 and 1, not {_what(value)}"
    return f"{name}: {item.get('msg', 'not valid')}"


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


def _cycles(requires: dict[str, list[str]]) -> list[list[str]]:
    """Each cycle of the graph once, as the list of skills along it."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles: list[list[str]] = []
    for start in requires:
        if state.get(start):
            continue
        path: list[str] = []
        stack: list[tuple[str, Iterable[str]]] = [(start, iter(requires.get(start, ())))]
        state[start] = 1
        path.append(start)
        while stack:
            current, children = stack[-1]
            for child in children:
                if child not in requires or child == current:
                    continue  # reported elsewhere
                if state.get(child) == 1:
                    cycles.append(path[path.index(child) :])
                elif not state.get(child):
                    state[child] = 1
                    path.append(child)
                    stack.append((child, iter(requires.get(child, ()))))
                    break
            else:
                stack.pop()
                state[path.pop()] = 2
    return cycles


def _mastery(node: s.MasteryNode) -> m.Mastery:
    return m.Mastery(
        threshold=node.threshold,
        prior=node.prior,
        learn=node.learn,
        slip=node.slip,
        guess=node.guess,
    )


def _question(node: s.QuestionNode) -> m.AnyQuestion:
    common: dict[str, Any] = {
        "id": node.id,
        "prompt": node.prompt,
        "hints": tuple(node.hints),
        "explanation": node.explanation,
        "difficulty": node.difficulty,
    }
    if isinstance(node, s.ChoiceNode):
        return m.ChoiceQuestion(
            **common,
            choices=tuple(node.choices),
            answer=node.answer,
            feedback=dict(node.feedback),
            shuffle=node.shuffle,
        )
    if isinstance(node, s.MultiNode):
        return m.MultiQuestion(
            **common, choices=tuple(node.choices), answers=tuple(node.answers), shuffle=node.shuffle
        )
    if isinstance(node, s.TrueFalseNode):
        return m.TrueFalseQuestion(**common, answer=node.answer)
    if isinstance(node, s.ShortNode):
        return m.ShortQuestion(
            **common, answers=tuple(node.answers), match=node.match, feedback=dict(node.feedback)
        )
    if isinstance(node, s.NumericNode):
        if isinstance(node.answer, str):
            answer = float(read_number(node.answer) or 0)
        else:
            answer = float(node.answer)
        percent = isinstance(node.tolerance, str)
        if isinstance(node.tolerance, str):
            tolerance = float(node.tolerance.strip().rstrip("%"))
        else:
            tolerance = float(node.tolerance)
        return m.NumericQuestion(
            **common,
            answer=answer,
            answer_text=str(node.answer),
            tolerance=tolerance,
            tolerance_is_percent=percent,
            unit=node.unit,
        )
    if isinstance(node, s.OrderNode):
        return m.OrderQuestion(**common, items=tuple(node.items))
    if isinstance(node, s.MatchNode):
        return m.MatchQuestion(
            **common, pairs=tuple(m.Pair(left=p.left, right=p.right) for p in node.pairs)
        )
    if isinstance(node, s.ClozeNode):
        return m.ClozeQuestion(**common, text=node.text, match=node.match)
    raise TypeError(f"no question type for {type(node).__name__}")
