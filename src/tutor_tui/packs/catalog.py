"""Finding packs and loading them through a cache.

Packs are found, in this order of precedence:

1. the built-in packs, shipped inside the package;
2. packs installed under the data home (`tutor packs install`);
3. every folder named in `TUTOR_PACK_PATH`, each a pack or a folder of packs.

When two packs share an id, the first found wins and the other is reported as shadowed.

A loaded pack is cached by a hash of its files' content, so the next start unpickles it instead of
parsing and checking it again. Any change to a file, or to the loader, gives a new hash.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from tutor_tui.core import content as content_model
from tutor_tui.core.content import Pack
from tutor_tui.files import paths
from tutor_tui.files.atomic import write_atomic
from tutor_tui.packs.result import LoadResult

Origin = Literal["builtin", "installed", "path"]

# Bump when the loader or the domain model changes what a loaded pack holds.
LOADER_VERSION = "7"


def builtin_packs_home() -> Path:
    """The folder of the built-in packs: inside the installed package, or the source checkout's."""
    shipped = Path(__file__).resolve().parent.parent / "content"
    if shipped.is_dir():
        return shipped
    return Path(__file__).resolve().parents[3] / "content"


@dataclass(frozen=True, slots=True)
class Found:
    """A pack's folder or archive, and where it was found."""

    path: Path
    origin: Origin


@dataclass
class Entry:
    """A found pack and what loading it gave."""

    found: Found
    result: LoadResult


@dataclass
class Catalog:
    """The packs the tutor can use, and the ones it could not."""

    packs: dict[str, Entry] = field(default_factory=dict)
    broken: list[Entry] = field(default_factory=list)
    shadowed: list[tuple[Entry, Entry]] = field(default_factory=list)

    def get(self, pack_id: str) -> Pack | None:
        """The pack with this id, or None."""
        entry = self.packs.get(pack_id)
        return entry.result.pack if entry else None

    def origin(self, pack_id: str) -> Origin:
        """Where the pack with this id was found."""
        return self.packs[pack_id].found.origin


def _candidates(folder: Path) -> list[Path]:
    """A folder that is a pack, or the packs (folders and .zip files) inside a folder."""
    if (folder / "pack.yaml").is_file():
        return [folder]
    try:
        children = sorted(folder.iterdir())
    except OSError:
        return []
    return [
        child
        for child in children
        if not child.name.startswith(".")
        and ((child / "pack.yaml").is_file() or child.suffix.lower() == ".zip")
    ]


def find_packs() -> list[Found]:
    """Every pack location, in order of precedence."""
    found = [Found(path, "builtin") for path in _candidates(builtin_packs_home())]
    installed = paths.installed_packs_home()
    if installed.is_dir():
        found += [Found(path, "installed") for path in _candidates(installed)]
    for folder in paths.pack_path():
        try:
            if folder.is_dir():
                found += [Found(path, "path") for path in _candidates(folder)]
            elif folder.suffix.lower() == ".zip" and folder.is_file():
                found.append(Found(folder, "path"))
        except OSError:  # a name too long to be a file: no pack there, as in a missing folder
            continue
    return found


def load_catalog() -> Catalog:
    """Find and load every pack, the first of each id winning."""
    catalog = Catalog()
    for found in find_packs():
        entry = Entry(found, load_cached(found.path))
        pack = entry.result.pack
        if pack is None:
            catalog.broken.append(entry)
        elif pack.id in catalog.packs:
            catalog.shadowed.append((entry, catalog.packs[pack.id]))
        else:
            catalog.packs[pack.id] = entry
    return catalog


# The cache ------------------------------------------------------------------------------------


def _cache_key(location: Path) -> tuple[str, object] | None:
    from tutor_tui.packs.source import PackSource, SourceError, resolved

    try:
        source = PackSource.open(location)
        fingerprint = source.stamp()
        where = resolved(location)
    except (SourceError, OSError):
        return None
    stamp = f"{LOADER_VERSION}\0{_code_stamp()}\0{sys.version_info[:2]}"
    digest = hashlib.sha256(f"{stamp}\0{where}\0{fingerprint}".encode())
    return digest.hexdigest(), source


@functools.cache
def _code_stamp() -> str:
    """The version of the code that builds and holds a pack, so that a cache entry pickled by
    other code is a miss (a new field of a question type, say), without reading that code: each
    module's size and time of change."""
    folders = [Path(__file__).parent, Path(content_model.__file__).parent]
    found = sorted(
        (entry.path, entry.stat().st_size, entry.stat().st_mtime_ns)
        for folder in folders
        for entry in os.scandir(folder)
        if entry.name.endswith(".py")
    )
    return hashlib.sha256(repr(found).encode()).hexdigest()


def load_cached(location: Path) -> LoadResult:
    """Load a pack, from the cache when its files have not changed since it was last loaded."""
    keyed = _cache_key(location)
    cache_file = paths.cache_home() / "packs" / f"{keyed[0]}.pickle" if keyed else None
    if keyed is not None and cache_file is not None and cache_file.is_file():
        try:
            with cache_file.open("rb") as file:
                key, cached = pickle.load(file)  # the user's own cache, written by `_store` below
            # An entry is used only when it says it is this pack's and holds a loaded pack.
            if key == keyed[0] and isinstance(cached, LoadResult) and cached.pack is not None:
                return cached
        except Exception:  # a damaged, outdated or foreign cache entry is only a miss
            pass
    from tutor_tui.packs.loader import load_pack

    # Warnings about keys and teaching are for `packs validate`; learners need the pack only.
    result = load_pack(location, advise=False)
    if keyed is not None and cache_file is not None and result.pack is not None:
        _store(cache_file, (keyed[0], result))
    return result


def _store(cache_file: Path, result: object) -> None:
    """Write a cache entry atomically; a cache that cannot be written is no error."""
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cache_file, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass
