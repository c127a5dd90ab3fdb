"""What installing, removing or exporting a pack did, for the person who asked, and what a new
version of a pack changes for its learners."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from tutor_tui.core.content import Pack
from tutor_tui.packs.result import Problem
from tutor_tui.packs.schema import SEMVER

Direction = Literal["upgrade", "downgrade", "same"]


@dataclass(frozen=True)
class Change:
    """How a new version of an installed pack differs from the one it replaces."""

    previous_version: str
    # "same" is the same version number, whatever the content.
    direction: Direction
    content_changed: bool
    kept: tuple[str, ...]
    added: tuple[str, ...]
    removed: tuple[str, ...]
    # Kept questions now under another skill: (question, old skill, new skill).
    moved: tuple[tuple[str, str, str], ...]
    skills_added: tuple[str, ...]
    skills_removed: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON-ready values."""
        return {
            "previous_version": self.previous_version,
            "direction": self.direction,
            "content_changed": self.content_changed,
            "questions": {
                "kept": list(self.kept),
                "added": list(self.added),
                "removed": list(self.removed),
                "moved": [
                    {"question": q, "from_skill": old, "to_skill": new}
                    for q, old, new in self.moved
                ],
            },
            "skills": {"added": list(self.skills_added), "removed": list(self.skills_removed)},
        }


@dataclass(frozen=True)
class InstallReport:
    """What `install` did: the pack, where it went, and what changed for learners."""

    pack_id: str
    title: str
    version: str
    source: str
    path: Path
    skills: int
    questions: int
    warnings: tuple[Problem, ...] = ()
    # None for a first install (or one replacing an installed copy that did not load).
    change: Change | None = None
    # Sentences for the person installing: what learners keep, downgrades, shadowed copies.
    notes: tuple[str, ...] = ()

    @property
    def upgrade(self) -> bool:
        """Whether this replaced an installed version of the pack."""
        return self.change is not None

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready values."""
        return {
            "installed": True,
            "id": self.pack_id,
            "title": self.title,
            "version": self.version,
            "source": self.source,
            "path": str(self.path),
            "skills": self.skills,
            "questions": self.questions,
            "change": self.change.to_dict() if self.change else None,
            "warnings": [problem.to_dict() for problem in self.warnings],
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class RemoveReport:
    """What `remove` did."""

    pack_id: str
    version: str | None
    removed: tuple[Path, ...]
    # The copy of a pack with the same id that the tutor uses now, if any.
    now_used: Path | None = None
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready values."""
        return {
            "removed": True,
            "id": self.pack_id,
            "version": self.version,
            "paths": [str(path) for path in self.removed],
            "now_used": str(self.now_used) if self.now_used else None,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class ExportReport:
    """What `export` wrote."""

    pack_id: str
    version: str
    origin: str
    source: Path
    output: Path
    files: int
    size: int

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready values."""
        return {
            "id": self.pack_id,
            "version": self.version,
            "origin": self.origin,
            "source": str(self.source),
            "output": str(self.output),
            "files": self.files,
            "bytes": self.size,
        }


HISTORY_KEPT = (
    "Learners keep their progress on every question this version keeps; their answers to "
    "removed questions stay in the log."
)


def compare(old: Pack, new: Pack, content_changed: bool) -> Change:
    """How `new` differs from `old`, the version it replaces."""
    old_questions = {q.id: q.skill for q in old.questions()}
    new_questions = {q.id: q.skill for q in new.questions()}
    old_skills = [s.id for s in old.skills]
    new_skills = [s.id for s in new.skills]
    kept = tuple(q for q in new_questions if q in old_questions)
    return Change(
        previous_version=old.version,
        direction=direction_of(old.version, new.version),
        content_changed=content_changed,
        kept=kept,
        added=tuple(q for q in new_questions if q not in old_questions),
        removed=tuple(q for q in old_questions if q not in new_questions),
        moved=tuple(
            (q, old_questions[q], new_questions[q])
            for q in kept
            if old_questions[q] != new_questions[q]
        ),
        skills_added=tuple(s for s in new_skills if s not in old_skills),
        skills_removed=tuple(s for s in old_skills if s not in new_skills),
    )


def change_notes(change: Change | None, pack: Pack, old_title: str | None = None) -> list[str]:
    """What a change means for learners, in sentences for the report."""
    if change is None:
        return []
    notes = [HISTORY_KEPT]
    if old_title is not None and old_title != pack.title:
        notes.append(f"Its title was '{old_title}' and is now '{pack.title}'.")
    if not change.kept and (change.removed or change.skills_removed):
        notes.append(
            f"warning: this version keeps none of the questions of the installed '{pack.id}'"
            f"{f' ({old_title})' if old_title else ''}; if it is another pack, give it its own"
            " id in pack.yaml and install the old one again."
        )
    for question, old_skill, new_skill in change.moved:
        notes.append(
            f"Question '{question}' moved from skill '{old_skill}' to '{new_skill}': the answers "
            f"given before still count for '{old_skill}'."
        )
    if change.direction == "downgrade":
        notes.append(
            f"warning: {change.previous_version} → {pack.version} is a downgrade: the installed "
            "version was newer."
        )
    elif change.direction == "same" and change.content_changed:
        notes.append(
            f"warning: the files changed but the version is still {pack.version}; raise it in "
            "pack.yaml, so that the two can be told apart."
        )
    return notes


def direction_of(old: str, new: str) -> Direction:
    """Whether `new` is a higher, lower or the same version as `old`."""
    older, newer = _precedence(old), _precedence(new)
    if older == newer:
        return "same"
    return "upgrade" if newer > older else "downgrade"


def _precedence(version: str) -> tuple[Any, ...]:
    """A key that orders semantic versions as semver.org does (build metadata ignored)."""
    match = re.fullmatch(SEMVER, version)
    if match is None:
        return (0, 0, 0, 0, ())
    major, minor, patch, pre = match.group(1, 2, 3, 4)
    if pre is None:
        # A release comes after every pre-release of the same version.
        return (int(major), int(minor), int(patch), 1, ())
    fields = tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in pre.split(".")
    )
    return (int(major), int(minor), int(patch), 0, fields)
