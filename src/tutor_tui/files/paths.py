"""Where the tutor keeps its data and what time it takes it to be: the only reader of `TUTOR_*`.

- `TUTOR_HOME`: the data home (the database, installed packs, fitted models). Default: the
  platform's user data folder, e.g. `~/.local/share/tutor-tui` on Linux.
- `TUTOR_PACK_PATH`: more folders of packs, separated like `PATH`.
- `TUTOR_DB_URL`: the database, as an SQLAlchemy URL. Default: the school server saved in
  `server.url` in the data home by `tutor server init`, else `tutor.db` in the data home.
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
        folder = Path(home).expanduser()
        try:
            not_a_folder = folder.exists() and not folder.is_dir()
        except OSError as error:  # a name too long to be a file
            raise TutorError(f"TUTOR_HOME cannot be used: {error.strerror}") from None
        if not_a_folder:
            raise TutorError(f"TUTOR_HOME names {home}, which is not a folder")
        return folder
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
    """`TUTOR_DB_URL`, else the saved school server, else `tutor.db` in the data home."""
    url = os.environ.get("TUTOR_DB_URL") or saved_server_url()
    if url:
        # Only the data home is made on a first run: a folder named here that is not there is
        # more likely a slip (or an unplugged drive) than a place to fill with new folders.
        if url.startswith("sqlite:///"):
            folder = Path(url.removeprefix("sqlite:///").partition("?")[0]).parent
            try:
                there = folder.is_dir()
            except OSError:  # a name too long to be a folder
                there = False
            if not there:
                raise TutorError(f"TUTOR_DB_URL names a database in {folder}, which is not there")
        return url
    return f"sqlite:///{data_home() / 'tutor.db'}"


def server_file() -> Path:
    """The file that names this computer's school server (with its password): private."""
    return data_home() / "server.url"


def saved_server_url() -> str | None:
    """The school server's URL saved by `tutor server init`, if there is one."""
    path = server_file()
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)  # it holds a password: a copy made readable by others is made private
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise TutorError(
            f"cannot read {path}: {getattr(error, 'strerror', None) or error}"
        ) from None
    lines = [line.strip() for line in text.splitlines()]
    return next((line for line in lines if line and not line.startswith("#")), None)


def save_server_url(url: str | None) -> Path:
    """Save the school server's URL for every later run here (readable by its owner alone); None
    forgets it, so that this computer goes back to its own database."""
    from tutor_tui.files.atomic import write_atomic

    path = server_file()
    if url is None:
        path.unlink(missing_ok=True)
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(path, f"{_SERVER_FILE_HEADER}{url}\n")


_SERVER_FILE_HEADER = (
    "# The school server this computer keeps learners' progress on, written by\n"
    "# `tutor server init`. It holds the server's password: keep it private (mode 0600).\n"
)


def clock_from_env() -> Clock:
    """`TUTOR_NOW` as a fixed clock when it is set, else the system clock."""
    text = os.environ.get("TUTOR_NOW")
    if text:
        try:
            return FixedClock(parse_time(text))
        except TutorError as error:
            raise TutorError(f"TUTOR_NOW={error}") from None
    return SystemClock()
