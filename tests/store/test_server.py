"""Laptops sharing one database, as a lab shares a school server: a learner moving between them,
the tutor's class report showing every answer as it is given, and a connection dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
from testkit.databases import Postgres
from testkit.engine import T0, diamond

from tutor_tui.core.clock import FixedClock
from tutor_tui.service.reports import class_report
from tutor_tui.service.tutor import Tutor
from tutor_tui.store.database import Store

PACK = diamond()


def shared(engine: str, db_url: str, tmp_path: Path) -> str:
    """One database every laptop of the test opens: a file for SQLite, else the server's."""
    return f"sqlite:///{tmp_path / 'lab.db'}" if engine == "sqlite" else db_url


def laptop(url: str) -> Tutor:
    return Tutor(Store.open(url), {PACK.id: PACK}, FixedClock(T0))


def answers_in_report(tutor: Tutor, name: str) -> int:
    [standing] = [s for s in class_report(tutor).learners if s.name == name]
    return sum(pack.answers for pack in standing.packs)


def test_a_learner_moves_between_laptops_and_the_tutor_sees_every_answer_at_once(
    engine: str, db_url: str, tmp_path: Path
) -> None:
    url = shared(engine, db_url, tmp_path)
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


def test_a_dropped_connection_is_replaced_and_studying_goes_on(
    engine: str, db_url: str, postgres: Postgres | None
) -> None:
    if engine == "sqlite" or postgres is None:
        pytest.skip("a connection to a server")
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
