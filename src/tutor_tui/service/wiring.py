"""The one place that wires the service: the store, the packs, the clock and the fitted models.

The command line, the app and plain mode all get their `Tutor` from `open_tutor`, so that each
runs on the same database, the same packs and the same time. Tests build it the same way, with an
in-memory database and a fixed clock.
"""

from __future__ import annotations

import atexit
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from tutor_tui.core.clock import Clock, SystemClock
from tutor_tui.files.paths import clock_from_env, database_url

if TYPE_CHECKING:
    from tutor_tui.core.content import Pack
    from tutor_tui.packs.catalog import Catalog
    from tutor_tui.service.tutor import Tutor
    from tutor_tui.store.database import Store


def installed_packs(catalog: Catalog | None = None) -> dict[str, Pack]:
    """Every pack the tutor can use here, by id: built-in, installed and on TUTOR_PACK_PATH."""
    from tutor_tui.packs.catalog import load_catalog

    catalog = catalog or load_catalog()
    return {
        pack_id: entry.result.pack
        for pack_id, entry in catalog.packs.items()
        if entry.result.pack is not None
    }


def open_tutor(
    url: str | None = None,
    *,
    packs: Mapping[str, Pack] | None = None,
    clock: Clock | None = None,
    guard_clock: Clock | None = None,
    close_at_exit: bool = True,
) -> Tutor:
    """The service on the database at `url` (TUTOR_DB_URL or the data home's by default).

    Without `packs` it uses every installed pack; without `clock`, the time TUTOR_NOW gives, else
    the computer's. Wrong PINs wait by `guard_clock`, the computer's own unless given, so that
    TUTOR_NOW (which moves study time) cannot skip a wait.
    """
    from tutor_tui.store.database import Store

    packs = installed_packs() if packs is None else packs
    store = Store.open(url)
    if close_at_exit:
        # Closing the last connection folds the write-ahead log back into tutor.db, so that the
        # file alone holds every answer once the program has ended (a copy is a whole backup).
        atexit.register(store.close)
    return wire_tutor(store, packs, clock or clock_from_env(), guard_clock or SystemClock())


def wire_tutor(
    store: Store, packs: Mapping[str, Pack], clock: Clock, guard_clock: Clock | None = None
) -> Tutor:
    """The service on an open store: what `open_tutor` gives, and what tests build the same way.

    A database an upgrade left needing it has its derived state rebuilt once, with the packs'
    numbers and the fitted models, which the store does not know.
    """
    from tutor_tui.service.tutor import Tutor

    tutor = Tutor(store, packs, clock, guard_clock=guard_clock)
    if store.needs_rebuild:  # an upgrade changed how mastery follows from the answers
        tutor.rebuilt_on_open = tutor.rebuild()
        store.needs_rebuild = False
    return tutor


def stored_tutor() -> Tutor | None:
    """The service on the database, where one exists (none is made), with the packs installed
    now: what `rebuild_if_stored` reads the standing by, from before a pack is installed."""
    url = database_url()
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return None
    return open_tutor(url)


def rebuild_if_stored(
    before: Tutor | None = None, passphrase: str | None = None
) -> tuple[int, list[str]]:
    """Derive mastery and reviews again from the log, where a database exists; none is made.

    They follow the packs' numbers (a skill's mastery settings, its questions), so a change to the
    installed packs calls for it; `before` is the service on the packs before that change
    (`stored_tutor`), whose numbers the standing replaced is read by. Returns how many skill
    states changed, and whose standing, in lines (`Tutor.standing_lines`): by name where
    everyone's data may be shown (`passphrase`, see `Tutor.may_show_class`), else a count.
    """
    tutor = stored_tutor()
    if tutor is None:
        return 0, []
    rebuilt = tutor.rebuild(before.params_for if before is not None else None)
    named = not rebuilt.shifts or tutor.may_show_class(passphrase)
    return rebuilt.changed, tutor.standing_lines(rebuilt, named)
