"""The engine in one place: where the database is, connecting to it, and its transactions.

SQLite (`tutor.db` in the data home), or a PostgreSQL server (saved by `tutor server init`, or any
SQLAlchemy URL in `TUTOR_DB_URL`). What only SQLite needs is here and applied only when the
dialect is SQLite: the database file made private, WAL journaling, full sync, foreign keys, and
`BEGIN IMMEDIATE` for writes, so that two copies of the tutor open on one database never
interleave a read and a write. What a server needs is here too: psycopg 3 as its driver, each
pooled connection checked before use (so that one dropped with the network is replaced), and a
short wait for a server that does not answer. Everything else speaks portable SQLAlchemy.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.pool import StaticPool

from tutor_tui.core.errors import Damaged, TutorError
from tutor_tui.files import paths

_MEMORY = ("sqlite://", "sqlite:///:memory:")
# How long to wait for a database server before saying it cannot be reached.
CONNECT_SECONDS = 3
# How long a statement may run, or wait for a lock, on a server before it is given up on: a
# classroom's queries take milliseconds, and a learner must hear of a stuck server in seconds
# (one that says nothing at all is given up on by the tutor: `bounded.SILENT_SECONDS`).
STATEMENT_MS = 4000
LOCK_MS = 3000
# A transaction left open by a laptop that vanished mid-answer (its network gone without a word)
# is ended by the server after this long, so that the learner's row it holds is free again for
# the laptop they move to: the tutor itself never leaves one idle for more than a moment.
IDLE_MS = 30000
# A connection whose packets go unanswered this long (a dropped network) is given up on.
SILENT_MS = 9000


class Database:
    """An open database: its engine, and transactions that say why they fail in a person's words."""

    def __init__(self, engine: Engine, read_only: str | None = None) -> None:
        self.engine = engine
        # Why changes cannot be saved ("the data home is read-only"); None when they can.
        self.read_only = read_only
        # Rows of the log left out because they could not be read, by kind, since it opened.
        self.left_out: dict[str, int] = {}

    @classmethod
    def connect(cls, url: str) -> Database:
        """Connect to the database at `url` (nothing is read yet); TutorError when it cannot be.

        A SQLite file in a folder that cannot be written (read-only media, a locked-down home) or
        on a full disk is opened read-only and immutable, so that reading needs no `-shm` file:
        everything can be read, and writing says why it cannot be.
        """
        url = with_driver(url)
        sqlite = url.startswith("sqlite")
        read_only = None
        if sqlite:
            _prepare_sqlite_file(url)
            read_only = _cannot_write(url)
            if read_only is not None:
                url = _read_only_url(url)
        try:
            if sqlite:
                engine = create_engine(
                    url,
                    connect_args={"check_same_thread": False, "timeout": 15},
                    poolclass=StaticPool if url in _MEMORY else None,
                )
            else:
                engine = create_engine(url, **_server_options(url))
        except (ArgumentError, ImportError) as error:
            raise TutorError(
                f"the database URL for {where(url)} cannot be used: {reason(error)}"
                " (a PostgreSQL URL starts postgresql://)"
            ) from None
        if sqlite:
            event.listen(engine, "connect", _sqlite_connect)
            event.listen(engine, "begin", _sqlite_begin)
        elif engine.dialect.driver == "psycopg":
            event.listen(engine, "do_connect", _bounded_connect)
        return cls(engine, read_only)

    def close(self) -> None:
        """Release the database."""
        self.engine.dispose()

    @property
    def is_sqlite(self) -> bool:
        """Whether the database is SQLite, which has its own checks."""
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction, holding the write lock from its start."""
        if self.read_only is not None:
            raise TutorError(f"changes cannot be saved: {self.read_only}")
        try:
            with self._connect("nothing was saved: ") as conn:
                conn = conn.execution_options(tutor_write=True)
                with conn.begin():
                    yield conn
        except IntegrityError:
            raise  # a rule of the data broken: the caller says which
        except DBAPIError as error:
            if not self.is_sqlite and error.connection_invalidated:
                raise TutorError(f"nothing was saved: {self._unreachable(error)}") from None
            raise _error(error, "the database is busy or cannot be written") from None

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reading."""
        try:
            with self._connect() as conn:
                if not self.is_sqlite:
                    # No transaction around reads on a server: its default isolation (read
                    # committed) gives each statement its own snapshot either way, and BEGIN and
                    # ROLLBACK would each cost a round trip to it.
                    conn = conn.execution_options(isolation_level="AUTOCOMMIT")
                yield conn
        except IntegrityError:
            raise
        except DBAPIError as error:
            if not self.is_sqlite and error.connection_invalidated:
                raise TutorError(self._unreachable(error)) from None
            raise _error(error, "the database cannot be read") from None

    def unreachable(self) -> str | None:
        """Why the database server cannot be reached now, in a person's words; None when it
        answers, and always for this computer's own file."""
        if self.is_sqlite:
            return None
        try:
            with self.read() as conn:
                conn.exec_driver_sql("SELECT 1")
        except TutorError as error:
            return str(error)
        return None

    def _connect(self, said: str = "") -> Connection:
        """A connection from the pool; on a server that cannot be reached, TutorError saying so."""
        try:
            return self.engine.connect()
        except OperationalError as error:
            if self.is_sqlite:
                raise
            if any(word in reason(error).lower() for word in _REFUSED):
                raise TutorError(
                    f"{said}the database server refused this computer's user or password"
                    f" ({reason(error)}); run `tutor server init` again with the password typed,"
                    " piped in, in TUTOR_DB_PASSWORD or in --password-file"
                ) from None
            raise TutorError(said + self._unreachable(error)) from None

    def _unreachable(self, error: DBAPIError) -> str:
        """A server that could not be reached, in words: the network, or the server, is down."""
        host = self.engine.url.host or "this computer"
        return (
            f"the database server on {host} cannot be reached; try again once it is back"
            f" ({reason(error)})"
        )

    def integrity_problems(self, conn: Connection) -> list[str]:
        """What SQLite's own checks find wrong with the file; none for other databases."""
        if not self.is_sqlite:
            return []
        problems: list[str] = []
        result = conn.exec_driver_sql("PRAGMA integrity_check").scalars().all()
        if result != ["ok"]:
            problems += [f"integrity: {line}" for line in result[:10]]
        for row in conn.exec_driver_sql("PRAGMA foreign_key_check").all():
            problems.append(f"table {row[0]} row {row[1]} points to a missing {row[2]}")
        return problems


def with_driver(url: str) -> str:
    """A PostgreSQL URL as written by people (`postgresql://`, `postgres://`) with the driver the
    tutor ships with (psycopg 3) named, as SQLAlchemy needs it."""
    for scheme in ("postgresql://", "postgres://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url.removeprefix(scheme)
    return url


def server_url(url: str, password: str | None) -> str:
    """A database server's URL with its password put in; TutorError when it is not a URL of a
    PostgreSQL server, or already holds a password (a password typed on a command line is seen
    by everyone on the computer, and kept in the shell's history)."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(with_driver(url.strip()))
    except ArgumentError:
        parsed = None
    if parsed is None or parsed.get_backend_name() != "postgresql":
        raise TutorError(
            "that is not a PostgreSQL URL: give one like postgresql://tutor@school-server/tutor"
        )
    if parsed.password is not None:
        raise TutorError(
            "leave the password out of the URL: type it when asked, or give it in"
            " TUTOR_DB_PASSWORD or --password-file"
        )
    if password:
        parsed = parsed.set(password=password)
    return parsed.render_as_string(hide_password=False)


def where(url: str) -> str:
    """The database named in a person's words: its file, or its name and host or socket folder
    ("tutor on school-server:5432"), never a password."""
    from sqlalchemy.engine import make_url

    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///")
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url.split("@")[-1].split("?")[0]
    host = parsed.host or parsed.query.get("host") or "this computer"
    host = host[0] if isinstance(host, tuple) else host
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.database or 'the default database'} on {host}{port}"


def reason(error: Exception) -> str:
    """The first line of what the database said."""
    original = getattr(error, "orig", None)
    return str(original or error).splitlines()[0]


# What SQLite says of a damaged file, of a full disk, and of a file it may not write.
_DAMAGED = ("malformed", "file is not a database", "database corrupt")
_FULL = ("database or disk is full", "no space left")
_READ_ONLY = ("readonly database", "read-only")
# What a server (or its client library) says of a user or password it does not accept.
_REFUSED = ("password authentication failed", "no password supplied", "authentication failed")
# What a server says of a statement it gave up on (see `_server_options`).
_TIMED_OUT = ("statement timeout", "lock timeout")


def is_damage(error: Exception) -> bool:
    """Whether the database said its file is damaged."""
    return any(word in reason(error).lower() for word in _DAMAGED)


def _error(error: Exception, otherwise: str) -> TutorError:
    """The error to raise for what the database said: Damaged when the file is."""
    return (Damaged if is_damage(error) else TutorError)(told(error, otherwise))


def told(error: Exception, otherwise: str) -> str:
    """What went wrong with the database, in a person's words, on one line."""
    said = reason(error)
    lowered = said.lower()
    if any(word in lowered for word in _DAMAGED):
        return (
            f"the database is damaged ({said}); `tutor doctor` says what is damaged and how to"
            " recover"
        )
    if any(word in lowered for word in _FULL):
        return "the disk is full: nothing was saved; free some space and try again"
    if any(word in lowered for word in _READ_ONLY):
        return "changes cannot be saved: the database is read-only"
    if any(word in lowered for word in _TIMED_OUT):
        return f"{otherwise}: the database server did not answer in time; try again in a moment"
    return f"{otherwise}: {said}"


def _sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL; None for a database in memory."""
    if not url.startswith("sqlite:///") or url in _MEMORY:
        return None
    return Path(url.removeprefix("sqlite:///").partition("?")[0])


# Less free space than this is a full disk: SQLite could not even make its shared-memory file.
_LEAST_FREE = 256 * 1024


def _cannot_write(url: str) -> str | None:
    """Why the SQLite file at `url` cannot be written (read-only, a full disk); None if it can."""
    path = _sqlite_path(url)
    if path is None or "mode=ro" in url:
        return None
    try:
        if not os.access(path.parent, os.W_OK) or not os.access(path, os.W_OK):
            return f"{path.parent} is read-only"
        room = os.statvfs(path.parent)
    except OSError:
        return None  # left to opening the file, which says why
    if room.f_bavail * room.f_frsize < _LEAST_FREE:
        return "the disk is full"
    return None


def _read_only_url(url: str) -> str:
    """The URL opening a SQLite file read-only and immutable: no lock, no `-shm` file needed."""
    path = _sqlite_path(url)
    assert path is not None
    return f"sqlite:///file:{quote(str(path.resolve()))}?mode=ro&immutable=1&uri=true"


def _server_options(url: str) -> dict[str, Any]:
    """How to reach a database server: each connection checked before it is used, so that one
    dropped with the network is replaced when the server is back; and a server that does not
    answer given up on in seconds, so that a learner hears of it before answering: TCP keepalives
    and a time limit on unanswered packets notice a network that drops mid-session, and a
    statement or lock that waits longer than a few seconds is cancelled by the server."""
    from sqlalchemy.engine import make_url

    options: dict[str, Any] = {"pool_pre_ping": True}
    if url.startswith(("postgresql", "postgres")):
        given = make_url(url).query.get("options", "")  # the URL's own (a search path) are kept
        given = " ".join(given) if isinstance(given, tuple) else given
        options["connect_args"] = {
            "connect_timeout": CONNECT_SECONDS,
            "keepalives": 1,
            "keepalives_idle": 5,
            "keepalives_interval": 2,
            "keepalives_count": 2,
            "tcp_user_timeout": SILENT_MS,
            "options": f"{given} {_limits()}".strip(),
        }
    return options


def _limits() -> str:
    """The server's time limits for a connection, as its options say them; read as each engine
    is made, so that a test of a stuck server may wait less than a learner would."""
    return (
        f"-c statement_timeout={STATEMENT_MS} -c lock_timeout={LOCK_MS}"
        f" -c idle_in_transaction_session_timeout={IDLE_MS}"
    )


def _bounded_connect(_dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
    # A server that stops answering mid-session is given up on by the tutor too (see `bounded`).
    from tutor_tui.store.bounded import BoundedConnection

    return BoundedConnection.connect(*cargs, **cparams)


def _prepare_sqlite_file(url: str) -> None:
    """Create the data home and an empty database file readable by its owner alone."""
    if not url.startswith("sqlite:///") or url in _MEMORY:
        return
    path = Path(url.removeprefix("sqlite:///").partition("?")[0])  # less any ?mode=ro
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as error:
        raise TutorError(f"cannot create the database {path}: {error.strerror}") from None
    if path.resolve().parent != paths.data_home().resolve():
        return  # a database named in TUTOR_DB_URL keeps the access its owner gave it
    # A database copied into the data home, or made by other means, is made private too.
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if file.stat().st_mode & 0o077:
                file.chmod(0o600)
        except OSError:
            pass  # not there, or not ours to change: it opens as it is


def _sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself, so that writes can take the lock at once.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError:
        pass  # read-only media: keep the default journal
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    write = conn.get_execution_options().get("tutor_write")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
