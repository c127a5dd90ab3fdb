"""Laptops sharing one database, as a lab shares a school server: a learner moving between them,
the tutor's class report showing every answer as it is given, and a connection dropped."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from testkit.databases import Postgres, shared_url
from testkit.engine import T0, diamond

from tutor_tui.core.clock import FixedClock
from tutor_tui.service.reports import class_report
from tutor_tui.service.tutor import Tutor
from tutor_tui.store.database import Store

PACK = diamond()


def laptop(url: str) -> Tutor:
    return Tutor(Store.open(url), {PACK.id: PACK}, FixedClock(T0))


def answers_in_report(tutor: Tutor, name: str) -> int:
    [standing] = [s for s in class_report(tutor).learners if s.name == name]
    return sum(pack.answers for pack in standing.packs)


def test_a_learner_moves_between_laptops_and_the_tutor_sees_every_answer_at_once(
    engine: str, db_url: str, tmp_path: Path
) -> None:
    url = shared_url(engine, db_url, tmp_path)
    first, second, tutors = laptop(url), laptop(url), laptop(url)
    ana = first.add_learner("Ana")
    first.answer(ana, PACK.id, "a1", "right")
    assert answers_in_report(tutors, "Ana") == 1
    # Ana sits at the second laptop: it carries on from what the first recorded.
    at_second = second.learner("Ana")
    assert second.state(at_second, PACK).skills["a"].attempts == 1
    second.answer(at_second, PACK.id, "a2", "right")
    assert answers_in_report(tutors, "Ana") == 2
    if engine != "sqlite":  # this computer's own file: one program writes for a learner at once
        # Back at the first laptop, still open: it carries on from the second's answer.
        assert first.state(ana, PACK).skills["a"].attempts == 2
    for tutor in (first, second, tutors):
        assert tutor.check() == []
        tutor.store.close()


@pytest.mark.postgresql_only  # a connection to a server
def test_a_dropped_connection_is_replaced_and_studying_goes_on(
    engine: str, db_url: str, postgres: Postgres | None
) -> None:
    tutor = laptop(db_url)
    ana = tutor.add_learner("Ana")
    tutor.answer(ana, PACK.id, "a1", "right")
    # The server ends every connection of this database, as a restart or a network drop does.
    postgres.execute(
        postgres.url,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE application_name = %(name)s AND pid <> pg_backend_pid()",
        {"name": db_url.rsplit("application_name=", 1)[1].split("&")[0]},
    )
    tutor.answer(ana, PACK.id, "a2", "right")
    assert len(tutor.store.attempts(ana.id)) == 2
    assert tutor.check() == []
    tutor.store.close()


def test_two_laptops_counting_at_once_lose_no_count(
    engine: str, db_url: str, tmp_path: Path
) -> None:
    """Wrong PINs are counted in `meta` by whichever laptop they are typed at: none may be lost,
    or guessing on several laptops at once would go unslowed."""
    url = shared_url(engine, db_url, tmp_path)
    stores = [Store.open(url), Store.open(url)]
    barrier = threading.Barrier(2)

    def count(store: Store) -> None:
        barrier.wait()
        for _ in range(20):
            store.update_meta("tries", lambda kept: str(int(kept or "0") + 1))

    threads = [threading.Thread(target=count, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert stores[0].get_meta("tries") == "40"
    for store in stores:
        store.close()


def test_laptops_answering_at_once_for_one_learner_lose_no_update(
    engine: str, db_url: str, tmp_path: Path
) -> None:
    """The same learner on four laptops at once (a shared login, say): every answer is in the log
    and in the derived state, which is what a rebuild from the log gives."""
    url = shared_url(engine, db_url, tmp_path)
    tutors = [laptop(url) for _ in range(4)]
    tutors[0].add_learner("Ana")
    barrier = threading.Barrier(len(tutors))

    def study(tutor: Tutor) -> None:
        ana = tutor.learner("Ana")
        barrier.wait()
        for n in range(15):
            tutor.answer(ana, PACK.id, f"a{n % 3 + 1}", "right" if n % 2 else "wrong")

    threads = [threading.Thread(target=study, args=(tutor,)) for tutor in tutors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ana = tutors[0].learner("Ana")
    assert len(tutors[0].store.attempts(ana.id)) == 60
    assert tutors[0].store.skill_states(ana.id)[(PACK.id, "a")].attempts == 60
    assert tutors[0].check() == []
    for tutor in tutors:
        tutor.store.close()


@pytest.mark.postgresql_only  # a connection to a server
def test_a_stuck_server_is_given_up_on_in_seconds_with_a_message(
    engine: str, db_url: str, postgres: Postgres | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from sqlalchemy import create_engine

    from tutor_tui.core.errors import TutorError
    from tutor_tui.store import engine as store_engine

    # A lock is waited for a tenth of a learner's wait: what ends the wait is the same.
    monkeypatch.setattr(store_engine, "LOCK_MS", store_engine.LOCK_MS // 10)
    tutor = laptop(db_url)
    ana = tutor.add_learner("Ana")
    with tutor.store.db.read() as conn:
        # The URL's own options (its search path) are kept beside the time limits.
        schema = db_url.rsplit("application_name=", 1)[1].split("&")[0]
        assert schema in conn.exec_driver_sql("SHOW search_path").scalar()
        assert conn.exec_driver_sql("SHOW statement_timeout").scalar() == "4s"
        assert conn.exec_driver_sql("SHOW lock_timeout").scalar() == f"{store_engine.LOCK_MS}ms"
        # A laptop gone mid-answer holds its learner's row for half a minute at most.
        assert conn.exec_driver_sql("SHOW idle_in_transaction_session_timeout").scalar() == "30s"
    # Another session holds every table, as a server stuck mid-transaction does: a learner's
    # answer is given up on in seconds, with a message, instead of waiting without end.
    holder = create_engine(db_url)
    with holder.connect() as other, other.begin():
        other.exec_driver_sql("LOCK TABLE attempts IN ACCESS EXCLUSIVE MODE")
        started = time.monotonic()
        with pytest.raises(TutorError, match="did not answer in time"):
            tutor.answer(ana, PACK.id, "a1", "right")
        assert time.monotonic() - started < 10
    holder.dispose()
    tutor.store.close()


@pytest.mark.postgresql_only  # a connection to a server
def test_a_stopped_server_is_given_up_on_by_the_tutor_and_studying_resumes_after(
    engine: str, db_url: str, postgres: Postgres | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server that stops answering (paused, its machine asleep) keeps none of its own time
    limits: the tutor gives up on it, says so, and carries on once it answers again."""
    import os
    import signal
    import time

    from tutor_tui.core.errors import TutorError
    from tutor_tui.store.bounded import BoundedConnection

    monkeypatch.setattr(BoundedConnection, "silent", 0.5)
    tutor = laptop(db_url)
    ana = tutor.add_learner("Ana")
    tutor.answer(ana, PACK.id, "a1", "right")
    stopped: list[int] = []
    started = time.monotonic()
    try:
        with pytest.raises(TutorError, match="cannot be reached") as told:
            with tutor.store.db.write() as conn:
                # Only this test's own server process is paused: the server goes on for others.
                stopped.append(conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one())
                os.kill(stopped[0], signal.SIGSTOP)
                started = time.monotonic()
                conn.exec_driver_sql("SELECT 1")
        assert "nothing was saved" in str(told.value)
        assert "has not answered for 0.5 seconds" in str(told.value)
        assert time.monotonic() - started < 3
    finally:
        for backend in stopped:
            os.kill(backend, signal.SIGCONT)
    # The silent connection was thrown away: the next answer goes through a new one.
    tutor.answer(ana, PACK.id, "a2", "right")
    assert [a.question_id for a in tutor.store.attempts(ana.id)] == ["a1", "a2"]
    assert tutor.check() == []
    tutor.store.close()


@pytest.mark.postgresql_only  # a user of a server
def test_a_laptop_that_may_not_upgrade_older_tables_is_told_to_run_server_init(
    engine: str, db_url: str, postgres: Postgres | None
) -> None:
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from tutor_tui.core.errors import TutorError
    from tutor_tui.store.migrations import SCHEMA_VERSION, upgrade

    # Schema 7: the upgrade to 8 adds a column, which only the tables' owner may do. (An upgrade
    # that alters no table, as 9's, a laptop's user may make, and the rebuild after it.)
    older = 7
    assert older < SCHEMA_VERSION
    old = create_engine(db_url)
    with old.begin() as conn:
        upgrade(conn, older)
        conn.execute(
            text("INSERT INTO meta (key, value) VALUES ('schema_version', :v)"),
            {"v": str(older)},
        )
    old.dispose()
    # A laptop's user may read and write the tables, as a school gives it, but not alter them.
    role = f"laptop_{uuid.uuid4().hex[:12]}"
    schema = db_url.rsplit("application_name=", 1)[1].split("&")[0]
    postgres.execute(db_url, f"CREATE ROLE {role} LOGIN")
    postgres.execute(db_url, f"GRANT USAGE ON SCHEMA {schema} TO {role}")
    postgres.execute(
        db_url, f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}"
    )
    url = make_url(db_url).set(username=role).render_as_string(hide_password=False)
    try:
        with pytest.raises(TutorError, match=r"run `tutor server init` once with the owner's URL"):
            Store.open(url)
    finally:
        postgres.execute(db_url, f"DROP OWNED BY {role}")
        postgres.execute(db_url, f"DROP ROLE {role}")


def test_a_refused_password_says_how_to_give_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy.exc import OperationalError

    from tutor_tui.core.errors import TutorError
    from tutor_tui.store.engine import Database

    db = Database.connect("postgresql://tutor@school-server/tutor")  # nothing is reached yet

    def refused() -> None:
        raise OperationalError("connect", {}, Exception("fe_sendauth: no password supplied"))

    monkeypatch.setattr(db.engine, "connect", refused)
    with pytest.raises(TutorError) as told:
        with db.read():
            pass
    assert "refused this computer's user or password" in str(told.value)
    assert "tutor server init" in str(told.value) and "TUTOR_DB_PASSWORD" in str(told.value)
    assert "cannot be reached" not in str(told.value)


def test_a_server_out_of_reach_is_said_in_words_when_asked() -> None:
    from tutor_tui.store.engine import Database

    db = Database.connect("postgresql://tutor@/tutor?host=/nonexistent-socket-folder")
    said = db.unreachable()
    assert said is not None and "cannot be reached; try again once it is back" in said
    db.close()
