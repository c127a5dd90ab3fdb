"""The writer's last word: a pack is written only once the loader would take it, unit by unit."""

from __future__ import annotations

from pathlib import Path

import pytest
from testkit.packs import PACK_YAML, UNIT_YAML
from testkit.packs import write_pack as write_files

from tutor_tui.core.errors import TutorError
from tutor_tui.packs.formats.draft import Draft, DraftQuestion
from tutor_tui.packs.formats.writer import _load_problem, write_pack


def _draft(prompt: str, units: int = 1) -> Draft:
    draft = Draft()
    for unit in range(units):
        for number in range(3):
            fields = {"prompt": f"{prompt} {number}", "answers": ["yes"]}
            question = DraftQuestion(f"q{unit}-{number}", "short", fields, f"row {number}")
            draft.add(f"Unit {unit}", "Skill", question)
    return draft


def test_a_pack_the_loader_refuses_is_not_written(tmp_path: Path) -> None:
    # A terminal escape passes the question's schema; the loader refuses it in the file.
    with pytest.raises(TutorError, match=r"does not load \(units/unit-0\.yaml:\d+:\d+: .*"):
        write_pack(_draft("Red \x1b[31m"), tmp_path / "pack", ["words.csv"], None, None)
    assert list(tmp_path.iterdir()) == []


def test_every_unit_is_checked_and_ids_are_unique_across_them(tmp_path: Path) -> None:
    write_pack(_draft("Fine", units=3), tmp_path / "pack", ["words.csv"], None, None)
    units = [f"units/unit-{n}.yaml" for n in range(3)]
    assert _load_problem(tmp_path / "pack", {**_manifest(), "units": units}) is None
    # The same unit listed twice gives every id twice: each unit loads alone, not together.
    twice = write_files(tmp_path / "twice", {"units/two.yaml": UNIT_YAML})
    said = _load_problem(twice, {**_manifest(), "units": ["units/one.yaml", "units/two.yaml"]})
    assert said is not None and "id" in said and "given twice" in said


def _manifest() -> dict[str, object]:
    import yaml

    loaded: dict[str, object] = yaml.safe_load(PACK_YAML)
    return loaded
