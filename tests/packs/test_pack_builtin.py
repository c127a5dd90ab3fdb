"""The packs shipped with the tutor: whatever content/ holds must load without errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor_tui.packs import catalog
from tutor_tui.packs.loader import load_pack

HOME = catalog.builtin_packs_home()
# As the catalog finds them: folders holding a pack.yaml, and .zip files.
BUILTIN = sorted(
    path
    for path in (HOME.iterdir() if HOME.is_dir() else [])
    if not path.name.startswith(".")
    and ((path / "pack.yaml").is_file() or path.suffix.lower() == ".zip")
)


def test_the_built_in_packs_are_found() -> None:
    assert HOME.is_dir(), f"no built-in packs folder at {HOME}"
    # Folders in content/ are packs, some perhaps still being written; at least one is whole.
    if any(path.is_dir() for path in HOME.iterdir()):
        assert BUILTIN, f"no folder of {HOME} holds a pack.yaml"


@pytest.mark.parametrize("pack", BUILTIN, ids=[path.name for path in BUILTIN])
def test_a_built_in_pack_has_no_errors(pack: Path) -> None:
    result = load_pack(pack)
    assert result.errors == [], "\n".join(map(str, result.errors))
    assert result.pack is not None


def test_every_built_in_pack_is_in_the_catalog() -> None:
    # With no pack path and no installed packs, the catalog is the built-in packs alone:
    # no two may share an id, or one would hide the other.
    found = catalog.load_catalog()
    assert [entry.found.path for entry in found.broken] == []
    assert found.shadowed == []
    assert sorted(entry.found.path for entry in found.packs.values()) == BUILTIN
    assert {entry.found.origin for entry in found.packs.values()} <= {"builtin"}
