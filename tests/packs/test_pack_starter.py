"""The starter pack of `tutor packs new`: valid, clean, and a sample of every question type."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor_tui.core.content import QUESTION_TYPES
from tutor_tui.core.errors import TutorError
from tutor_tui.packs.loader import load_pack
from tutor_tui.packs.starter import write_starter_pack


def test_the_starter_pack_validates_cleanly_with_every_type(tmp_path: Path) -> None:
    write_starter_pack(tmp_path / "my-pack")
    result = load_pack(tmp_path / "my-pack")
    assert result.errors == []
    assert result.warnings == []
    assert result.pack is not None
    assert result.pack.id == "my-pack"
    assert result.pack.question_types() == {kind: 1 for kind in QUESTION_TYPES}
    # It shows both ways of writing a lesson, and a skill that requires another.
    assert all(skill.lesson for skill in result.pack.skills)
    assert any(skill.requires for skill in result.pack.skills)


@pytest.mark.parametrize(
    ("folder", "pack_id"),
    [("Maths Year 7", "maths-year-7"), ("Ääö", "my-first-pack"), ("x", "my-first-pack")],
)
def test_the_pack_id_comes_from_the_folder_name(tmp_path: Path, folder: str, pack_id: str) -> None:
    write_starter_pack(tmp_path / folder)
    result = load_pack(tmp_path / folder)
    assert result.ok and result.pack is not None, result.errors
    assert result.pack.id == pack_id


def test_an_empty_folder_may_be_used(tmp_path: Path) -> None:
    write_starter_pack(tmp_path)
    assert load_pack(tmp_path).ok


def test_a_folder_with_files_is_refused_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(TutorError, match="not empty"):
        write_starter_pack(tmp_path)
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]
