"""Connections to a database server that give up on a server gone silent, on the tutor's side.

A server's own time limits (a statement's, a lock's) are kept by the server; a server that has
stopped (its machine asleep, its processes paused, a network that swallows packets without a
word) keeps none of them, and the tutor would wait on it forever with the learner's screen frozen.
So every round trip on a server connection (a statement, a commit, the pool's check of a
connection) is bounded here: when the server has sent nothing for `SILENT_SECONDS` while the tutor
waits for it, the connection is closed and the wait ends as a psycopg `OperationalError` on a
closed connection, which SQLAlchemy takes for a lost connection (and throws away) and the store
tells as a server that cannot be reached. An answer still streaming in, however slowly, keeps its
connection: only silence ends it.

Loaded only for a PostgreSQL URL: psycopg stays off every other path.
"""

from __future__ import annotations

from collections.abc import Generator
from time import monotonic
from typing import Any

import psycopg

# How long the server may be silent while the tutor waits for it: longer than the server's own
# limit on a statement (engine.STATEMENT_MS), so that a slow statement is told by the server.
SILENT_SECONDS = 5.0


class _Silent(Exception):
    """The server said nothing for too long."""


class BoundedConnection(psycopg.Connection[Any]):
    """A psycopg connection whose every wait for the server ends after `silent` seconds without
    a byte from it."""

    silent: float = SILENT_SECONDS

    def wait(self, gen: Any, *args: Any, **kwargs: Any) -> Any:
        """Run one of psycopg's exchanges with the server, giving up on a silent server."""
        try:
            return super().wait(_heard_within(gen, self.silent), *args, **kwargs)
        except _Silent:
            # Closed, the connection is thrown away by the pool rather than reused mid-exchange.
            self.close()
            raise psycopg.OperationalError(
                f"the server has not answered for {self.silent:g} seconds"
            ) from None


def _heard_within(gen: Generator[Any, Any, Any], seconds: float) -> Generator[Any, Any, Any]:
    """Pass psycopg's exchange through, ending it with `_Silent` when the socket stays quiet
    for `seconds`: psycopg's wait wakes every tenth of a second with nothing ready (so that
    ctrl+c is heard), which is when the silence is measured."""
    heard = monotonic()
    try:
        state = next(gen)  # an exchange with nothing to wait for ends at once
        while True:
            ready = yield state
            if ready:
                heard = monotonic()
            elif monotonic() - heard > seconds:
                gen.close()
                raise _Silent
            state = gen.send(ready)
    except StopIteration as done:
        return done.value
