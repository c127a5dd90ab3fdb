"""Shared by every test: no test reads or writes the real user's tutor data.

The shared fixtures build what the program builds, the way it builds it: a clock standing still at
`T0`, an empty in-memory store (one connection shared by every thread), and tutors wired on them
by `wire_tutor`, as the command line and the app wire theirs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest
from testkit import TutorFor
from testkit.databases import ENGINES, SKIP_REASON, Postgres, pg_server_url
from testkit.engine import T0
from testkit.memory import copy_new_databases
from testkit.warm import warm_built_in_packs

from tutor_tui.core.clock import FixedClock
from tutor_tui.core.content import Pack
from tutor_tui.service.tutor import Tutor
from tutor_tui.service.wiring import wire_tutor
from tutor_tui.store.database import Store

TESTS = Path(__file__).parent


def pytest_configure(config: pytest.Config) -> None:
    """Point the user's data, cache and config folders at an empty one of the run's own, before
    any test or fixture runs: what a test forgets to point elsewhere (a cache read without
    TUTOR_HOME, say) then never reads or writes the real user's folders."""
    import os
    import tempfile

    use_memory_folder(config)
    folder = Path(tempfile.mkdtemp(prefix="tutor-tests-"))
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        os.environ[name] = str(folder / name.lower())


# Linux's folder in memory (tmpfs). A disk mounted to discard what is removed (ext4's `discard`)
# takes milliseconds on the clock to remove each file and folder, and the tests make and remove
# tens of thousands: the clock of the command and pack tests halved in memory.
MEMORY_FOLDER = Path("/dev/shm")


def use_memory_folder(config: pytest.Config) -> None:
    """Put the run's throwaway files (pytest's tmp_path, tempfile's folders, the workers') in a
    folder of the run's own in memory where the system has a folder there, unless TMPDIR already
    says where they go; the folder goes when the run ends, so that memory does not fill run after
    run with what tests leave (a failing test's files go too: set TMPDIR to keep them). What the
    tests write and read, and how, is the same; only the place of the files differs."""
    import os
    import shutil
    import tempfile

    if "TMPDIR" in os.environ or not MEMORY_FOLDER.is_dir():
        return
    if not os.access(MEMORY_FOLDER, os.W_OK | os.X_OK):
        return
    run = tempfile.mkdtemp(prefix="tutor-tests-run-", dir=MEMORY_FOLDER)
    # The workers inherit it (and so leave it alone); tempfile reads it again once its cached
    # choice is cleared. The cleanup runs after the workers have ended.
    os.environ["TMPDIR"] = run
    tempfile.tempdir = None
    config.add_cleanup(lambda: shutil.rmtree(run, ignore_errors=True))


# The folders whose tests take longest, started first (the rest keep their order after them): the
# architecture's type check alone, then the app's walks through its screens. Both workers then end
# on short tests, rather than one waiting long for the other's last.
LONGEST_FIRST = ("test_architecture.py", "ui/")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put the longest tests first (LONGEST_FIRST)."""

    def rank(item: pytest.Item) -> int:
        where = item.path.relative_to(TESTS).as_posix()
        return next(
            (n for n, start in enumerate(LONGEST_FIRST) if where.startswith(start)),
            len(LONGEST_FIRST),
        )

    items.sort(key=rank)


@pytest.fixture(scope="session", autouse=True)
def _new_databases_copied() -> None:
    """Each new in-memory database starts as a copy of one the store made (testkit.memory)."""
    copy_new_databases()


@pytest.fixture(scope="session", autouse=True)
def _built_in_packs_cached() -> None:
    """A data home finds the built-in packs in its cache from the first load (testkit.warm)."""
    warm_built_in_packs()


@pytest.fixture(autouse=True)
def tutor_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point TUTOR_HOME at an empty folder and clear TUTOR_PACK_PATH for each test."""
    home = tmp_path_factory.mktemp("tutor-home")
    monkeypatch.setenv("TUTOR_HOME", str(home))
    monkeypatch.delenv("TUTOR_PACK_PATH", raising=False)
    return home


@pytest.fixture
def clock() -> FixedClock:
    """A clock standing still at T0; a test moves it by setting `clock.at`."""
    return FixedClock(T0)


@pytest.fixture
def store() -> Iterator[Store]:
    """An empty in-memory store: one connection (StaticPool), so every thread sees the same data."""
    opened = Store.open("sqlite://")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres | None]:
    """The PostgreSQL server of the run, when one is given; None otherwise."""
    url = pg_server_url()
    if url is None:
        yield None
        return
    server = Postgres(url)
    yield server
    server.admin.dispose()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run a test that asks for `engine` once on each engine, or on the one its mark names: a
    test of SQLite itself, or of a school server, is not even set up on the other."""
    if "engine" not in metafunc.fixturenames:
        return
    marked = metafunc.definition.get_closest_marker
    engines = [
        name
        for name in ENGINES
        if not (name == "postgresql" and marked("sqlite_only"))
        and not (name == "sqlite" and marked("postgresql_only"))
    ]
    metafunc.parametrize("engine", engines, indirect=True)


@pytest.fixture
def engine(request: pytest.FixtureRequest, postgres: Postgres | None) -> str:
    """The engine a test runs on (see `pytest_generate_tests`)."""
    name: str = request.param
    if name == "postgresql" and postgres is None:
        pytest.skip(SKIP_REASON)
    return name


@pytest.fixture
def new_db(engine: str, postgres: Postgres | None) -> Iterator[Callable[[], str]]:
    """Make fresh, empty databases on the test's engine: each call, the URL of another."""

    def fresh() -> str:
        return postgres.fresh() if postgres is not None and engine == "postgresql" else "sqlite://"

    yield fresh
    if postgres is not None and engine == "postgresql":
        postgres.drop()


@pytest.fixture
def empty_dbs(
    engine: str, postgres: Postgres | None, new_db: Callable[[], str]
) -> Callable[[int], list[str]]:
    """For a property test's examples: `empty_dbs(n)` gives n empty databases on the test's
    engine, each call emptied afresh (new ones in memory; on a server, the test's own schemas
    made once and emptied, since making a schema for every example would take too long)."""
    made: list[str] = []

    def empty(n: int) -> list[str]:
        if postgres is None or engine == "sqlite":
            return ["sqlite://"] * n
        while len(made) < n:
            made.append(new_db())
            Store.open(made[-1]).close()
        for url in made[:n]:
            postgres.empty(url)
        return made[:n]

    return empty


@pytest.fixture
def db_url(new_db: Callable[[], str]) -> str:
    """The URL of one fresh, empty database on the test's engine."""
    return new_db()


@pytest.fixture
def tutor_for(store: Store, clock: FixedClock) -> TutorFor:
    """Wire a tutor with these packs on the test's store and clock, as the program wires one.

    Wrong PINs wait by the same clock, so that a test moves both at once. Each call is a fresh
    start on the same store, as a second run of the program is.
    """

    def wire(packs: Mapping[str, Pack]) -> Tutor:
        return wire_tutor(store, dict(packs), clock, guard_clock=clock)

    return wire
