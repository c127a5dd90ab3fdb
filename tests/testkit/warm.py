"""The built-in packs' cache entries, made once a process and put in a test's data home before
the tutor first looks for them there.

Every test has a data home of its own, so the first load of the built-in packs in each test that
runs the program found no cache and read the packs' YAML: a quarter of a second, in some sixty
tests a run. `warm_built_in_packs()` loads them once into a folder of its own, and from then on,
when the tutor loads a built-in pack, copies that pack's cache entry into the data home first,
if it is not there: the tutor then reads its cache as on any run after a home's first. Packs of
any other place, and every test of the cache itself (on packs of its own), are left as they were.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

_entries: Path | None = None


def warm_built_in_packs() -> None:
    """From now on in this process, find each built-in pack's cache entry in a data home."""
    global _entries
    import os

    from tutor_tui.files import paths
    from tutor_tui.packs import catalog

    if _entries is not None:
        return
    home = Path(tempfile.mkdtemp(prefix="tutor-built-in-cache-"))
    saved = {name: os.environ.get(name) for name in ("TUTOR_HOME", "TUTOR_PACK_PATH")}
    os.environ["TUTOR_HOME"] = str(home)
    os.environ.pop("TUTOR_PACK_PATH", None)
    try:
        catalog.load_catalog()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    _entries = home / "cache" / "packs"
    built_in = catalog.builtin_packs_home
    load_cached = catalog.load_cached

    def warmed(location: Path) -> Any:
        if _entries is not None and location.parent == built_in():
            _copy_entries(_entries, paths.cache_home() / "packs")
        return load_cached(location)

    catalog.load_cached = warmed  # type: ignore[assignment]


def _copy_entries(source: Path, target: Path) -> None:
    """Copy the cache entries the target lacks; a cache that cannot be written is left alone, as
    the tutor leaves it."""
    try:
        target.mkdir(parents=True, exist_ok=True)
        for entry in source.iterdir():
            if not (target / entry.name).exists():
                shutil.copyfile(entry, target / entry.name)
    except OSError:
        pass
