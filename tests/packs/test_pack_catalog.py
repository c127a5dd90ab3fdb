"""Finding packs (built-in, installed, TUTOR_PACK_PATH), shadowing, and the cache of packs."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from testkit.packs import BASE_FILES, PACK_YAML, write_pack

from tutor_tui.packs import catalog, loader
from tutor_tui.packs.result import LoadResult


def pack_with_id(root: Path, pack_id: str, title: str = "Test pack") -> Path:
    manifest = PACK_YAML.replace("id: test-pack", f"id: {pack_id}").replace("Test pack", title)
    return write_pack(root, {"pack.yaml": manifest})


@pytest.fixture
def no_builtins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hide the built-in packs, so that only what a test writes is found."""
    empty = tmp_path / "no-builtins"
    empty.mkdir()
    monkeypatch.setattr(catalog, "builtin_packs_home", lambda: empty)


def set_pack_path(monkeypatch: pytest.MonkeyPatch, *folders: Path) -> None:
    monkeypatch.setenv("TUTOR_PACK_PATH", os.pathsep.join(map(str, folders)))


# Discovery -------------------------------------------------------------------------------------


@pytest.mark.usefixtures("no_builtins")
def test_pack_path_with_a_pack_and_a_folder_of_packs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    single = pack_with_id(tmp_path / "single", "single")
    shelf = tmp_path / "shelf"
    pack_with_id(shelf / "alpha", "alpha")
    with zipfile.ZipFile(shelf / "beta.zip", "w") as archive:
        archive.writestr("pack.yaml", BASE_FILES["pack.yaml"].replace("test-pack", "beta"))
        archive.writestr("units/one.yaml", BASE_FILES["units/one.yaml"])
    (shelf / "not-a-pack").mkdir()
    (shelf / "notes.txt").write_text("not a pack", encoding="utf-8")
    set_pack_path(monkeypatch, single, shelf)

    found = catalog.load_catalog()

    assert list(found.packs) == ["single", "alpha", "beta"]
    assert {entry.found.origin for entry in found.packs.values()} == {"path"}
    assert found.packs["beta"].found.path == shelf / "beta.zip"
    assert found.broken == [] and found.shadowed == []


@pytest.mark.usefixtures("no_builtins")
def test_two_packs_with_one_id_the_first_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = pack_with_id(tmp_path / "first", "same", title="First")
    second = pack_with_id(tmp_path / "second", "same", title="Second")
    set_pack_path(monkeypatch, first, second)

    found = catalog.load_catalog()

    winner = found.get("same")
    assert winner is not None and winner.title == "First"
    assert [(loser.found.path, winner.found.path) for loser, winner in found.shadowed] == [
        (second, first)
    ]


@pytest.mark.usefixtures("no_builtins")
def test_installed_packs_come_before_the_pack_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tutor_home: Path
) -> None:
    pack_with_id(tutor_home / "packs" / "mine", "same", title="Installed")
    on_path = pack_with_id(tmp_path / "on-path", "same", title="On the path")
    set_pack_path(monkeypatch, on_path)

    found = catalog.load_catalog()

    assert found.packs["same"].found.origin == "installed"
    assert [loser.found.path for loser, _ in found.shadowed] == [on_path]


@pytest.mark.usefixtures("no_builtins")
def test_a_broken_pack_is_listed_as_broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = write_pack(tmp_path / "broken", {"pack.yaml": "format: 1\n"})
    set_pack_path(monkeypatch, broken)

    found = catalog.load_catalog()

    assert found.packs == {}
    assert [entry.found.path for entry in found.broken] == [broken]
    assert found.broken[0].result.errors


def test_the_built_in_packs_come_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builtins = tmp_path / "builtins"
    pack_with_id(builtins / "shipped", "same", title="Built in")
    monkeypatch.setattr(catalog, "builtin_packs_home", lambda: builtins)
    set_pack_path(monkeypatch, pack_with_id(tmp_path / "mine", "same", title="Mine"))

    found = catalog.load_catalog()

    assert found.packs["same"].found.origin == "builtin"
    assert len(found.shadowed) == 1


# The cache -------------------------------------------------------------------------------------


@pytest.fixture
def counted_loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every real load of a pack, by location."""
    calls: list[Path] = []
    real = loader.load_pack

    def counting(location: Path | str, advise: bool = True) -> LoadResult:
        calls.append(Path(location))
        return real(location, advise)

    monkeypatch.setattr(loader, "load_pack", counting)
    return calls


def test_the_second_load_comes_from_the_cache(tmp_path: Path, counted_loads: list[Path]) -> None:
    root = write_pack(tmp_path / "pack")
    first = catalog.load_cached(root)
    second = catalog.load_cached(root)
    assert counted_loads == [root]
    assert second.ok and second.pack == first.pack


def test_a_cached_pack_needs_no_loader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_pack(tmp_path / "pack")
    assert catalog.load_cached(root).ok

    def fail(location: Path | str) -> LoadResult:
        raise AssertionError("the loader was called for a cached pack")

    monkeypatch.setattr(loader, "load_pack", fail)
    assert catalog.load_cached(root).pack is not None


def test_a_changed_file_invalidates_the_cache(tmp_path: Path, counted_loads: list[Path]) -> None:
    root = write_pack(tmp_path / "pack")
    first = catalog.load_cached(root).pack
    assert first is not None and first.title == "Test pack"
    manifest = root / "pack.yaml"
    manifest.write_text(PACK_YAML.replace("Test pack", "Changed pack"), encoding="utf-8")

    result = catalog.load_cached(root)

    assert len(counted_loads) == 2
    assert result.pack is not None and result.pack.title == "Changed pack"


def test_a_new_lesson_file_invalidates_the_cache(tmp_path: Path, counted_loads: list[Path]) -> None:
    root = write_pack(tmp_path / "pack")
    catalog.load_cached(root)
    (root / "lessons").mkdir()
    (root / "lessons" / "new.md").write_text("New.", encoding="utf-8")
    catalog.load_cached(root)
    assert len(counted_loads) == 2


def test_a_damaged_cache_file_is_only_a_miss(
    tmp_path: Path, counted_loads: list[Path], tutor_home: Path
) -> None:
    root = write_pack(tmp_path / "pack")
    catalog.load_cached(root)
    entries = list((tutor_home / "cache" / "packs").glob("*.pickle"))
    assert len(entries) == 1
    entries[0].write_bytes(b"\x80\x05 this is not a pickle")

    result = catalog.load_cached(root)

    assert result.ok and result.pack is not None
    assert len(counted_loads) == 2
    # The damaged entry was written anew, so the next load is a hit again.
    catalog.load_cached(root)
    assert len(counted_loads) == 2


def test_a_broken_pack_is_not_cached(tmp_path: Path, counted_loads: list[Path]) -> None:
    root = write_pack(tmp_path / "pack", {"pack.yaml": "format: 1\n"})
    assert not catalog.load_cached(root).ok
    assert not catalog.load_cached(root).ok
    assert len(counted_loads) == 2


def test_a_cache_that_cannot_be_written_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("TUTOR_HOME", str(blocker))
    assert catalog.load_cached(write_pack(tmp_path / "pack")).ok


@pytest.mark.usefixtures("no_builtins")
def test_a_loop_of_links_anywhere_is_one_problem_and_the_other_packs_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shelf = tmp_path / "shelf"
    pack_with_id(shelf / "fine", "fine")
    looped = pack_with_id(shelf / "looped", "looped")
    (looped / "units" / "loop.yaml").symlink_to("loop.yaml")
    (looped / "lessons").mkdir()
    (looped / "lessons" / "up").symlink_to("../..")
    (shelf / "self").symlink_to("self")
    (shelf / "a").symlink_to("b")
    (shelf / "b").symlink_to("a")
    set_pack_path(monkeypatch, shelf, shelf / "self", tmp_path / "nothing")

    found = catalog.load_catalog()

    assert sorted(found.packs) == ["fine", "looped"] and found.broken == []
    listed = looped / "pack.yaml"
    listed.write_text(PACK_YAML + "units: [units/one.yaml, units/loop.yaml]\n", encoding="utf-8")
    result = loader.load_pack(looped)
    assert [p.message for p in result.errors] == ["'units/loop.yaml' does not exist in the pack"]
    refused = loader.load_pack(shelf / "self")
    assert [p.message for p in refused.errors] == ["a link that leads nowhere, or back to itself"]


def test_a_cache_entry_of_another_pack_or_of_the_wrong_type_is_only_a_miss(
    tmp_path: Path, counted_loads: list[Path], tutor_home: Path
) -> None:
    import pickle

    first, second = pack_with_id(tmp_path / "one", "one"), pack_with_id(tmp_path / "two", "two")
    catalog.load_cached(first)
    catalog.load_cached(second)
    entries = sorted((tutor_home / "cache" / "packs").glob("*.pickle"))
    assert len(entries) == 2 and len(counted_loads) == 2
    # Each entry is given the other's content: a cache file copied over, or left by another pack.
    one, two = (entry.read_bytes() for entry in entries)
    entries[0].write_bytes(two)
    entries[1].write_bytes(one)
    assert catalog.load_cached(first).pack.id == "one"  # type: ignore[union-attr]
    assert catalog.load_cached(second).pack.id == "two"  # type: ignore[union-attr]
    assert len(counted_loads) == 4
    for entry in entries:
        entry.write_bytes(pickle.dumps(42))
    assert catalog.load_cached(first).pack.id == "one"  # type: ignore[union-attr]
    assert len(counted_loads) == 5
