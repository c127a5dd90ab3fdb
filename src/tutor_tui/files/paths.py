"""Where the tutor keeps its data and what time it takes it to be: the only reader of `TUTOR_*`.

- `TUTOR_HOME`: the data home (the database, installed packs, fitted models). Default: the
  platform's user data folder, e.g. `~/.local/share/tutor-tui` on Linux.
- `TUTOR_PACK_PATH`: more folders of packs, separated like `PATH`.
- `TUTOR_DB_URL`: the database, as an SQLAlchemy URL. Default: `tutor.db` in the data home.
- `TUTOR_NOW`: a fixed time for the tutor's clock (ISO 8601), so that tests and simulations can
  move it. Default: the computer's clock.
- The cache of loaded packs lives in `TUTOR_HOME/cache` when `TUTOR_HOME` is set, else in the
  platform's user cache folder.

A learner's PIN and the tutor's passphrase, when given in the environment, are the command line's
own input, and the command line reads them.
"""

from __future__ import annotations

import os
from pathlib import Path

from tutor_tui.core.clock import Clock, FixedClock, SystemClock, parse_time
from tutor_tui.core.errors import TutorError

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


def database_url() -> str:
    """`TUTOR_DB_URL`, or `tutor.db` in the data home."""
    url = os.environ.get("TUTOR_DB_URL")
    if url:
        return url
    return f"sqlite:///{data_home() / 'tutor.db'}"


def clock_from_env() -> Clock:
    """`TUTOR_NOW` as a fixed clock when it is set, else the system clock."""
    text = os.environ.get("TUTOR_NOW")
    if text:
        try:
            return FixedClock(parse_time(text))
        except TutorError:
            raise TutorError(
                f"TUTOR_NOW='{text}' is not an ISO 8601 time like 2026-11-23T09:30:00"
            ) from None
    return SystemClock()
