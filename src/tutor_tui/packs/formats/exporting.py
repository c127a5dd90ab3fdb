"""`tutor packs export --format`: a pack written out as GIFT, Moodle XML or an Anki deck.

Each writer turns every question it can into its format and says, for each it cannot (or can only
in part), which and why. The file is written whole or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any, BinaryIO

from tutor_tui.core.content import AnyQuestion, Pack, Skill, Unit
from tutor_tui.core.errors import TutorError
from tutor_tui.files.atomic import SHARED, check_writable, write_atomic

# Each format: its writer's module in this package, and the file extension it is written with.
WRITERS = {
    "gift": ("gift_writer", ".gift"),
    "moodle-xml": ("moodle_writer", ".xml"),
    "apkg": ("anki_writer", ".apkg"),
}


@dataclass
class Exported:
    """What an export wrote, and what it left out or changed, question by question."""

    pack_id: str
    format: str
    output: Path
    questions: int = 0
    left_out: list[str] = field(default_factory=list)

    def lose(self, question: AnyQuestion, why: str) -> None:
        """Record that a question was left out, or written only in part."""
        self.left_out.append(f"{question.id}: {why}")

    def to_dict(self) -> dict[str, Any]:
        """The export as JSON-ready values."""
        return {
            "pack_id": self.pack_id,
            "format": self.format,
            "output": str(self.output),
            "questions": self.questions,
            "left_out": self.left_out,
        }


def in_order(pack: Pack) -> list[tuple[Unit, Skill, AnyQuestion]]:
    """Every question with its unit and skill, in study order."""
    return [
        (unit, pack.skill(skill_id), question)
        for unit in pack.units
        for skill_id in unit.skills
        for question in pack.skill(skill_id).questions
    ]


def export_pack(pack: Pack, kind: str, output: Path) -> Exported:
    """Write `pack` to `output` in the format `kind`; what was written and what was not."""
    if kind not in WRITERS:
        raise TutorError(f"no export format '{kind}'; the formats are {', '.join(WRITERS)}")
    target = check_writable(output)
    module, _ = WRITERS[kind]
    found = import_module(f"tutor_tui.packs.formats.{module}")
    write: Callable[[Pack, Exported], Callable[[BinaryIO], object]] = found.writer
    report = Exported(pack.id, kind, target)
    content = write(pack, report)
    if not report.questions:
        raise TutorError(f"nothing to export: no question of '{pack.id}' fits {kind}")
    try:
        write_atomic(target, content, mode=SHARED, keep_mode=True)
    except OSError as error:
        raise TutorError(f"cannot write {output}: {error.strerror or error}") from None
    return report
