"""Load a content pack: read its files, check them against the format, build the domain values.

Loading never stops at the first fault. Every file is read, every node checked on its own, and
every problem reported as `FILE:LINE:COL: message`, so that an author can fix them all in one go.
A pack with any error is refused as a whole: a learner never sees a pack that half loaded.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from tutor_tui.core import content as m
from tutor_tui.core.giveaway import literal_chance
from tutor_tui.core.grading import PatternError, answer_pattern, forms
from tutor_tui.core.literal import printable_line
from tutor_tui.packs import advice, build
from tutor_tui.packs import schema as s
from tutor_tui.packs.reader import PackReader
from tutor_tui.packs.result import LoadResult, Problem
from tutor_tui.packs.source import PackSource, SourceError
from tutor_tui.packs.yamltree import Document, Mark, Number
from tutor_tui.packs.yamltree import Path as NodePath


def load_pack(location: Path | str, advise: bool = True) -> LoadResult:
    """Load the pack in a folder or `.zip`, reporting every problem rather than raising.

    `advise` adds the warnings about keys and teaching (`advice`), which are for authors: a
    learner's start-up leaves them out, as they cost more than the rest of the checks.
    """
    location = Path(location)
    try:
        source = PackSource.open(location)
        return _Loader(source, advise).load()
    except SourceError as error:
        result = LoadResult(path=str(location))
        message = str(error).removeprefix(f"{location}: ")
        result.errors.append(Problem(printable_line(str(location)), 1, 1, printable_line(message)))
        return result
    except OSError as error:
        result = LoadResult(path=str(location))
        reason = error.strerror or str(error)
        message = f"cannot be read: {reason}"
        result.errors.append(Problem(printable_line(str(location)), 1, 1, printable_line(message)))
        return result


class _Loader:
    """One load of one pack: manifest, units, skills, questions, and the checks across them."""

    def __init__(self, source: PackSource, advise: bool) -> None:
        self.reader = PackReader(source)
        self.advise = advise
        # Where each question and skill was read, for warnings about the pack once it is built.
        self.places: dict[tuple[str, str], tuple[str, Document, NodePath]] = {}

    # The pack --------------------------------------------------------------------------------

    def load(self) -> LoadResult:
        if not self.reader.source.contains("pack.yaml"):
            self.reader.error(
                "pack.yaml", Mark(1, 1), "no pack.yaml: a pack folder starts with its manifest"
            )
            return self.reader.result
        self.reader.check_sizes()
        manifest_doc = self.reader.read_yaml("pack.yaml")
        manifest: s.PackNode | None = None
        if manifest_doc is not None:
            if not isinstance(manifest_doc.value, dict):
                self.reader.error(
                    "pack.yaml", Mark(1, 1), "pack.yaml should be a map of keys, like 'id: my-pack'"
                )
            else:
                manifest = self.reader.validate(s.PackNode, "pack.yaml", manifest_doc, ())
        unit_files = self.unit_files(manifest_doc)
        units: list[tuple[m.Unit, list[m.Skill]]] = []
        raw_skills: list[tuple[str, Document, NodePath, dict[str, Any]]] = []
        for unit_file in unit_files:
            loaded = self.load_unit(unit_file, manifest, raw_skills)
            if loaded is not None:
                units.append(loaded)
        self.check_graph(raw_skills)
        self.reader.result.errors = _in_reading_order(self.reader.result.errors)
        self.reader.result.warnings = _in_reading_order(self.reader.result.warnings)
        if self.reader.result.errors or manifest is None:
            return self.reader.result
        self.reader.result.pack = m.Pack(
            id=manifest.id,
            title=manifest.title,
            version=manifest.version,
            description=manifest.description,
            language=manifest.language,
            authors=tuple(manifest.authors),
            license=manifest.license,
            mastery=build.mastery(manifest.mastery),
            units=tuple(unit for unit, _ in units),
            skills=tuple(skill for _, skills in units for skill in skills),
            path=str(self.reader.source.location),
        )
        if self.advise:
            self.warn_of_keys(self.reader.result.pack)
        return self.reader.result

    def warn_of_keys(self, pack: m.Pack) -> None:
        """Warn, at its place, of each fault of the keys and teaching that a program can see."""
        found = [
            *(("question", ident, item) for ident, item in advice.question_advice(pack)),
            *(("skill", ident, item) for ident, item in advice.skill_advice(pack)),
        ]
        for kind, ident, item in found:
            name, doc, path = self.places[kind, ident]
            self.reader.warn(name, doc.mark((*path, *item.key)), item.message)
        self.reader.result.warnings = _in_reading_order(self.reader.result.warnings)

    def unit_files(self, manifest_doc: Document | None) -> list[str]:
        """The unit files in study order: as `units` lists them, or every `units/*.yaml`."""
        in_folder = [
            name for name in self.reader.source.names() if re.fullmatch(r"units/[^/]+\.yaml", name)
        ]
        listed = (
            manifest_doc.value.get("units")
            if manifest_doc and isinstance(manifest_doc.value, dict)
            else None
        )
        if manifest_doc is None or not isinstance(listed, list):
            self.warn_yml([])
            if not in_folder:
                self.reader.error(
                    "pack.yaml", Mark(1, 1), "the pack has no units: add units/*.yaml files"
                )
            return in_folder
        files: list[str] = []
        for index, entry in enumerate(listed):
            entry = _text_of(entry)
            if entry is None:
                continue  # the schema reports it
            resolved = self.reader.resolve("pack.yaml", manifest_doc, ("units", index), entry)
            if resolved is None:
                continue
            if resolved in files:
                self.reader.error(
                    "pack.yaml",
                    manifest_doc.mark(("units", index)),
                    f"'{entry}' is listed twice in units",
                )
                continue
            files.append(resolved)
        if not listed:
            self.reader.error(
                "pack.yaml", manifest_doc.mark(("units",)), "'units' lists no unit files"
            )
        for name in in_folder:
            if name not in files:
                self.reader.warn(name, Mark(1, 1), "not listed in pack.yaml's units, so not loaded")
        self.warn_yml(files)
        return files

    def warn_yml(self, loaded: list[str]) -> None:
        """Warn of `units/*.yml` files, which are not loaded unless `units` lists them."""
        for name in self.reader.source.names():
            if re.fullmatch(r"units/[^/]+\.yml", name) and name not in loaded:
                self.reader.warn(name, Mark(1, 1), "ignored: unit files end in .yaml, not .yml")

    def load_unit(
        self,
        name: str,
        manifest: s.PackNode | None,
        raw_skills: list[tuple[str, Document, NodePath, dict[str, Any]]],
    ) -> tuple[m.Unit, list[m.Skill]] | None:
        doc = self.reader.read_yaml(name)
        if doc is None:
            return None
        if not isinstance(doc.value, dict):
            self.reader.error(
                name, Mark(1, 1), "a unit file should be a map with id, title and skills"
            )
            return None
        unit = self.reader.validate(s.UnitNode, name, doc, ())
        if unit is not None:
            self.reader.remember("unit", unit.id, name, doc.mark(("id",)))
        skills: list[m.Skill] = []
        raw_list = doc.value.get("skills")
        for index, raw in enumerate(raw_list if isinstance(raw_list, list) else []):
            path: NodePath = ("skills", index)
            if not isinstance(raw, dict):
                self.reader.error(
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
        node = self.reader.validate(s.SkillNode, name, doc, path)
        raw = doc.value_at(path)
        if node is not None:
            self.places.setdefault(("skill", node.id), (name, doc, path))
        questions: list[m.AnyQuestion] = []
        raw_questions = raw.get("questions")
        if not isinstance(raw_questions, list):
            raw_questions = []
        for index in range(len(raw_questions)):
            question = self.load_question(name, doc, (*path, "questions", index), manifest)
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
            self.reader.warn(name, doc.mark(path), f"skill '{node.id}' has no lesson")
        if 1 < len(raw_questions) < 3:  # one question has a warning of its own, in advice
            self.reader.warn(
                name, doc.mark(path), f"skill '{node.id}' has fewer than three questions"
            )
        if len(questions) != len(raw_questions):
            return None
        base = build.mastery(manifest.mastery) if manifest else m.Mastery()
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
            mastery=m.evidence_rules(base, len(questions), m.luck_of(questions)),
            questions=tuple(replace(q, skill=node.id) for q in questions),
        )

    def load_lesson(self, name: str, doc: Document, path: NodePath, relative: str) -> str | None:
        resolved = self.reader.resolve(name, doc, path, relative)
        if resolved is None:
            return None
        return self.reader.read_text(resolved)

    def load_question(
        self, name: str, doc: Document, path: NodePath, manifest: s.PackNode | None
    ) -> m.AnyQuestion | None:
        raw = doc.value_at(path)
        if not isinstance(raw, dict):
            self.reader.error(
                name, doc.mark(path), "a question should be a map with id, type and prompt"
            )
            return None
        ident = _text_of(raw.get("id"))
        if ident:
            self.reader.remember("question", ident, name, doc.mark((*path, "id")))
            self.places.setdefault(("question", ident), (name, doc, path))
        kind = raw.get("type")
        if kind is None:
            self.reader.error(name, doc.mark(path), "missing required key 'type'")
            return None
        node_type = s.QUESTION_NODES.get(kind) if isinstance(kind, str) else None
        if node_type is None:
            close = difflib.get_close_matches(str(kind), m.QUESTION_TYPES, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            self.reader.error(
                name,
                doc.mark((*path, "type")),
                f"unknown question type '{kind}'{hint};"
                f" the types are {', '.join(m.QUESTION_TYPES)}",
            )
            return None
        node = self.reader.validate(node_type, name, doc, path)
        if node is None:
            return None
        if node.explanation is None or not node.explanation.strip():
            self.reader.warn(name, doc.mark(path), f"question '{node.id}' has no explanation")
        unreadable = _unreadable_regex_example(node)
        if unreadable is not None:
            self.reader.warn(
                name,
                doc.mark((*path, "answers" if isinstance(node, s.ShortNode) else "text")),
                f"'{unreadable}' is shown to learners as the right answer, but no pattern of the"
                " question matches it: put a readable right answer first",
            )
        question = build.question(node, manifest.match if manifest else "normal")
        if question.guess is None:
            question = replace(question, guess=literal_chance(question))
        if isinstance(question, m.NumericQuestion):
            written = raw["answer"]
            question = replace(
                question, answer_text=str(getattr(written, "source", written)).strip()
            )
            wrong_form = _numeric_form_problem(question)
            if wrong_form:
                self.reader.error(name, doc.mark((*path, "answer")), wrong_form)
        return question

    # Checks across the pack ----------------------------------------------------------------

    def check_graph(self, raw_skills: list[tuple[str, Document, NodePath, dict[str, Any]]]) -> None:
        """Skill ids are unique, `requires` names skills of the pack, and has no cycle."""
        requires: dict[str, list[str]] = {}
        places: dict[str, tuple[str, Document, NodePath]] = {}
        for name, doc, path, raw in raw_skills:
            ident = _text_of(raw.get("id"))
            if not ident:
                continue
            self.reader.remember("skill", ident, name, doc.mark((*path, "id")))
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
                    self.reader.error(
                        name,
                        doc.mark((*path, "requires", index)),
                        f"skill '{ident}' requires itself",
                    )
                elif other not in requires:
                    close = difflib.get_close_matches(other, list(requires), n=1)
                    hint = f" (did you mean '{close[0]}'?)" if close else ""
                    self.reader.error(
                        name,
                        doc.mark((*path, "requires", index)),
                        f"requires '{other}', which is no skill of this pack{hint}",
                    )
        for cycle in _cycles(requires):
            name, doc, path = places[cycle[0]]
            self.reader.error(
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
            if not any(answer_pattern(pattern).fullmatch(example) for pattern in patterns):
                return example
        except PatternError:
            return None  # reported as an error already
    return None


def _numeric_form_problem(question: m.NumericQuestion) -> str | None:
    """What is wrong when a numeric answer is not written in the form its question asks for."""
    written = forms.quantity_or_none(question.answer_text)
    if question.form is None or written is None or forms.fits(written, question.form):
        return None
    wanted = forms.FORM_WORDS[question.form]
    return f"answer '{question.answer_text}' is not {wanted}, as its 'form' asks"


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
