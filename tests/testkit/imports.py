"""Importing material in tests: a file made a pack, and the pack's questions as plain data."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

from tutor_tui.core.content import Pack
from tutor_tui.packs.formats.draft import Options
from tutor_tui.packs.formats.importing import import_files
from tutor_tui.packs.formats.writer import WriteReport
from tutor_tui.packs.loader import load_pack

GOLDEN = Path(__file__).resolve().parent.parent / "packs" / "formats" / "golden"


def imported(
    files: list[Path], folder: Path, options: Options | None = None, **given: Any
) -> tuple[Pack, WriteReport]:
    """Import `files` into `folder`; the pack as the loader reads it back, and the report."""
    report, _ = import_files(files, folder, options=options, **given)
    result = load_pack(folder)
    assert result.ok and result.pack is not None, result.errors
    return result.pack, report


def questions(pack: Pack) -> dict[str, dict[str, Any]]:
    """Every question of a pack by id: its skill's title and the keys it was given."""
    found: dict[str, dict[str, Any]] = {}
    for skill in pack.skills:
        for question in skill.questions:
            data = {
                key: value
                for key, value in dataclasses.asdict(question).items()
                if key not in ("id", "skill") and value not in (None, (), {}, "", 3)
            }
            found[question.id] = {"skill": skill.title, **data}
    return json.loads(json.dumps(found))


def matches_golden(pack: Pack, name: str) -> None:
    """The pack's questions are those the golden file `name` holds (written anew on request)."""
    path = GOLDEN / name
    got = questions(pack)
    if os.environ.get("TUTOR_UPDATE_GOLDEN"):
        path.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert got == json.loads(path.read_text(encoding="utf-8"))
