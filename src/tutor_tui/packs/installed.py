"""The copies of a pack the catalog finds in the installed packs, and the one learners use now."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tutor_tui.core.content import Pack
from tutor_tui.packs import catalog
from tutor_tui.packs.loader import load_pack
from tutor_tui.packs.source import PackSource, SourceError


@dataclass(frozen=True)
class Previous:
    """The installed version a new one replaces, and a hash of its files."""

    pack: Pack | None
    fingerprint: str | None


def installed_copies(found: catalog.Catalog, pack_id: str, target: Path) -> list[Path]:
    """Every installed location of a pack id: its own folder (even broken), and any others."""
    copies = [target] if os.path.lexists(target) else []
    entries = [*found.packs.values(), *(loser for loser, _ in found.shadowed)]
    for entry in entries:
        if (
            entry.found.origin == "installed"
            and entry.result.pack is not None
            and entry.result.pack.id == pack_id
            and entry.found.path not in copies
        ):
            copies.append(entry.found.path)
    return copies


def in_use(found: catalog.Catalog, pack_id: str, copies: list[Path]) -> Previous | None:
    """The installed version learners use now, if there is one."""
    entry = found.packs.get(pack_id)
    if entry is not None and entry.found.origin == "installed":
        return Previous(entry.result.pack, fingerprint(entry.found.path))
    if copies:
        result = load_pack(copies[0], advise=False)
        return Previous(result.pack, fingerprint(copies[0]))
    return None


def path_copies(found: catalog.Catalog, pack_id: str) -> list[catalog.Entry]:
    """The copies of a pack id found through `TUTOR_PACK_PATH`."""
    entries = [*found.packs.values(), *(loser for loser, _ in found.shadowed)]
    return [
        entry
        for entry in entries
        if entry.found.origin == "path" and entry.result.pack and entry.result.pack.id == pack_id
    ]


def fingerprint(location: Path) -> str | None:
    """A hash of the pack's files, or None when they cannot be read."""
    try:
        return PackSource.open(location).fingerprint()
    except (SourceError, OSError):
        return None
