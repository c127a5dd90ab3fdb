"""A school server: setting up a PostgreSQL database that many computers share, and checking it.

`init` connects to the server, creates the tutor's schema there or upgrades it, and saves its URL
(with the password) in the data home, so that every later run on this computer studies there.
`check` reports the database in use: where it is, its schema version and what it holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tutor_tui.files import paths


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
