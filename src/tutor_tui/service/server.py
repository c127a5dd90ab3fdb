"""A school server: setting up a PostgreSQL database that many computers share, and checking it.

`init` connects to the server, creates the tutor's schema there or upgrades it, and saves its URL
(with the password) in the data home, so that every later run on this computer studies there.
`check` reports the database in use: where it is, its schema version and what it holds.
`ServerWatch` asks the server, while a learner studies, whether it still answers, so that both
shells can say so before the learner answers rather than after.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tutor_tui.files import paths

if TYPE_CHECKING:
    from tutor_tui.store.database import Store

# How often a studying laptop asks the server whether it answers: an outage is told within this,
# plus the few seconds a silent server is given. A ping is one tiny statement.
PING_SECONDS = 3.0
OUT_OF_REACH = (
    "The school server cannot be reached; your answer will not be saved until it is back."
)
BACK = "The school server is back: your answer will be saved."


@dataclass(frozen=True)
class ServerReport:
    """What `tutor server init` did, or what `tutor server check` found."""

    where: str
    engine: str
    version: int
    # The version found before an upgrade; None when the schema was made now.
    found: int | None
    counts: dict[str, int] = field(default_factory=dict)
    saved_to: str | None = None

    def what_was_done(self) -> str:
        """What an opening did to the schema, in words."""
        if self.found is None:
            return f"created the tutor's tables (schema version {self.version})"
        if self.found < self.version:
            return f"upgraded the schema from version {self.found} to {self.version}"
        return f"the schema is up to date (version {self.version})"


def init_server(url: str, password: str | None) -> ServerReport:
    """Connect to the PostgreSQL server at `url`, make or upgrade the tutor's schema there, and
    save its URL for every later run on this computer; TutorError when any of it fails, with
    nothing saved."""
    from tutor_tui.store.engine import server_url

    full = server_url(url, password)
    report = _open_and_report(full)
    saved = paths.save_server_url(full)
    return ServerReport(**{**report.__dict__, "saved_to": str(saved)})


def check_server() -> ServerReport:
    """The database this computer uses (the saved server, `TUTOR_DB_URL`, or its own file):
    where it is, its schema version and counts; TutorError when it cannot be reached."""
    return _open_and_report(paths.database_url())


def _open_and_report(url: str) -> ServerReport:
    from tutor_tui.service.wiring import open_tutor
    from tutor_tui.store.engine import where

    # Opened as every run opens it: an upgrade that asks for it rebuilds the derived state.
    tutor = open_tutor(url, close_at_exit=False)
    store = tutor.store
    try:
        return ServerReport(
            where=where(url),
            engine=store.engine.dialect.name,
            version=store.schema_version(),
            found=store.found_version,
            counts=store.counts(),
        )
    finally:
        store.close()


class ServerWatch:
    """Asks a school server every few seconds, on a thread of its own, whether it answers, and
    tells the shell when that changes: `changed(OUT_OF_REACH)` when it stops answering,
    `changed(None)` when it is back. It asks only while `watching` is set (while a question
    waits for an answer), and stops for good at `stop()`."""

    # Seconds between two questions to the server.
    every = PING_SECONDS

    def __init__(
        self, ask: Callable[[], str | None], changed: Callable[[str | None], None]
    ) -> None:
        self._ask = ask
        self._changed = changed
        self.watching = threading.Event()
        self._stopped = threading.Event()
        # Whether the server was out of reach when last asked.
        self.out = False
        self._thread = threading.Thread(target=self._run, name="server-watch", daemon=True)

    @classmethod
    def start(cls, store: Store, changed: Callable[[str | None], None]) -> ServerWatch | None:
        """A watch on the store's server, asking from now on; None for this computer's own
        file, which cannot go out of reach."""
        if not store.shared:
            return None
        watch = cls(store.unreachable, changed)
        watch.watching.set()
        watch._thread.start()
        return watch

    def stop(self) -> None:
        """Ask no more."""
        self._stopped.set()

    def _run(self) -> None:
        while not self._stopped.wait(self.every):
            if not self.watching.is_set():
                continue
            try:
                out = self._ask() is not None
            except Exception:  # whatever failed, the server cannot be used now
                # Never a traceback from this thread over the learner's screen.
                out = True
            if out == self.out or self._stopped.is_set():
                continue
            self.out = out
            try:
                self._changed(OUT_OF_REACH if out else None)
            except RuntimeError:
                return  # the shell is gone (the app closed while the server was asked)
