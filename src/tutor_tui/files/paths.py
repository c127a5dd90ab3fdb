"""Where the tutor keeps its data, honouring the environment.

- `TUTOR_HOME`: the data home (the database, installed packs, fitted models). Default: the
  platform's user data folder, e.g. `~/.local/share/tutor-tui` on Linux.
- `TUTOR_PACK_PATH`: more folders of packs, separated like `PATH`.
- The cache of loaded packs lives in `TUTOR_HOME/cache` when `TUTOR_HOME` is set, else in the
  platform's user cache folder.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "tutor-tui"


def data_home() -> Path:
    """The folder that holds this user's tutor data."""
    home = os.environ.get("TUTOR_HOME")
    if home:
        return Path(home).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_home() -> Path:
    """The folder for caches that can be deleted at any time."""
    home = os.environ.get("TUTOR_HOME")
    if home:
        return Path(home).expanduser() / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def installed_packs_home() -> Path:
    """The folder of packs installed with `tutor packs install`."""
    return data_home() / "packs"


def pack_path() -> list[Path]:
    """The folders named in `TUTOR_PACK_PATH`, in order."""
    value = os.environ.get("TUTOR_PACK_PATH", "")
    return [Path(part).expanduser() for part in value.split(os.pathsep) if part.strip()]
