"""The store: the attempt log, derived state that a rebuild reproduces, files, WAL, migrations."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from testkit.engine import T0, diamond

from tutor_tui.core.clock import FixedClock
from tutor_tui.core.content import Pack
from tutor_tui.core.errors import Damaged, NotFound, TutorError
from tutor_tui.service.tutor import Tutor
from tutor_tui.store.database import Store
from tutor_tui.store.migrations import SCHEMA_VERSION

SCHEMA_V1 = Path(__file__).with_name("schema_v1.sql")
PACK = diamond(with_multi=True)


def tutor_on(store: Store, pack: Pack = PACK, at: datetime = T0) -> Tutor:
    return Tutor(store, {pack.id: pack}, FixedClock(at))


def file_url(path: Path) -> str:
    return f"sqlite:///{path}"


def sql(store: Store, statement: str, **params: object) -> list[tuple]:  # type: ignore[type-arg]
    """Run SQL on a store's database as a tool outside the tutor would (committed at once); the
    rows it returns, exactly as stored."""
    with store.engine.begin() as conn:
        result = conn.execute(text(statement), params)
        return [tuple(row) for row in result] if result.returns_rows else []


def derived(store: Store) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    """Every derived row, for comparing before and after a rebuild."""
    return {
        table: sorted(sql(store, f"SELECT * FROM {table}"), key=repr)
        for table in ("skill_states", "question_states")
    }


@contextmanager
def sqlite3_of(store: Store) -> Iterator[sqlite3.Connection]:
    """The sqlite3 connection under a store (autocommitting), for rows exactly as stored."""
    proxy = store.engine.raw_connection()
    try:
        yield proxy.driver_connection  # type: ignore[misc]
    finally:
        proxy.close()


def count(store: Store, table: str) -> int:
    return int(sql(store, f"SELECT count(*) FROM {table}")[0][0])


def answer(tutor: Tutor, name: str, question_id: str, how: str, hints: int = 0) -> None:
    question = PACK.question(question_id)
    if question.type == "multi":
        response = {"right": ("p", "q"), "wrong": ("r",), "half": ("p",)}[how]
    else:
        response = "wrong" if how == "wrong" else "right"
    tutor.answer(tutor.learner(name), PACK.id, question_id, response, hints_used=hints, seconds=4.5)


# The log and the derived state --------------------------------------------------------------


def test_an_attempt_keeps_everything_the_issue_lists(db_url: str) -> None:
    store = Store.open(db_url)
    tutor = tutor_on(store)
    ann = tutor.add_learner("Ann")
    tutor.answer(ann, PACK.id, "a-multi", ("p",), hints_used=1, seconds=12.5)
    [logged] = store.attempts(ann.id)
    assert re.fullmatch(r"[0-9a-f-]{36}", logged.id)
    assert (logged.learner_id, logged.pack_id, logged.pack_version) == (ann.id, "diamond", "1.0.0")
    assert (logged.question_id, logged.skill_id) == ("a-multi", "a")
    assert logged.response == ["p"]
    assert (logged.score, logged.hints_used, logged.seconds) == (0.5, 1, 12.5)
    assert logged.at == T0
    [(raw,)] = sql(store, "SELECT response FROM attempts")
    assert json.loads(raw) == ["p"]


def test_the_log_is_append_only_and_a_rebuild_reproduces_the_derived_state(db_url: str) -> None:
    store = Store.open(db_url)
    tutor = tutor_on(store)
    tutor.add_learner("Ann")
    tutor.read_lesson(tutor.learner("Ann"), PACK.id, "a")
    for n, how in enumerate(["wrong", "right", "half", "right", "right", "right"]):
        tutor.clock.at = T0 + timedelta(minutes=n)  # type: ignore[attr-defined]
        answer(tutor, "Ann", ("a1", "a2", "a-multi", "a3", "a1", "a2")[n], how)
    log = sql(store, "SELECT * FROM attempts ORDER BY seq")
    before = derived(store)
    assert before["skill_states"] and before["question_states"]
    assert tutor.check() == []
    assert tutor.rebuild().changed == 0
    assert derived(store) == before
    # More answers only add rows: the ones before stay as they were.
    answer(tutor, "Ann", "b1", "right")
    after = sql(store, "SELECT * FROM attempts ORDER BY seq")
    assert after[: len(log)] == log and len(after) == len(log) + 1


def test_a_rebuild_repairs_damaged_derived_state(db_url: str) -> None:
    store = Store.open(db_url)
    tutor = tutor_on(store)
    tutor.add_learner("Ann")
    for q in ("a1", "a2", "a3"):
        answer(tutor, "Ann", q, "right")
    sql(store, "UPDATE skill_states SET p_known = 0.5, attempts = 99")
    problems = tutor.check()
    assert len(problems) == 1 and "tutor doctor --rebuild" in problems[0]
    assert tutor.rebuild().changed == 1
    assert tutor.check() == []
    assert store.skill_states(tutor.learner("Ann").id)[("diamond", "a")].attempts == 3


def test_derived_state_that_the_log_does_not_explain_is_found_and_removed(db_url: str) -> None:
    store = Store.open(db_url)
    tutor = tutor_on(store)
    ann = tutor.add_learner("Ann")
    answer(tutor, "Ann", "a1", "right")
    sql(
        store,
        "INSERT INTO skill_states (learner_id, pack_id, skill_id, p_known, attempts, correct,"
        " misses_in_a_row, seconds) VALUES (:id, 'diamond', 'd', 0.99, 5, 5, 0, 0)",
        id=ann.id,
    )
    assert tutor.check()
    assert tutor.rebuild().changed == 1
    assert ("diamond", "d") not in store.skill_states(ann.id)


events = st.lists(
    st.one_of(
        st.tuples(
            st.just("answer"),
            st.sampled_from(["Ann", "Bo"]),
            st.sampled_from([q.id for q in PACK.questions()]),
            st.sampled_from(["right", "wrong", "half"]),
            st.integers(0, 2),
            st.sampled_from([0, 0, 1, 30, 60 * 24, 60 * 24 * 9]),  # minutes to wait first
        ),
        st.tuples(
            st.just("lesson"),
            st.sampled_from(["Ann", "Bo"]),
            st.sampled_from([s.id for s in PACK.skills]),
            st.just(""),
            st.just(0),
            st.sampled_from([0, 5]),
        ),
    ),
    max_size=30,
)


def test_rebuild_changes_nothing_after_any_sequence_of_answers(
    engine: str, empty_dbs: Callable[[int], list[str]]
) -> None:
    # Fewer on a server, where each example costs far more; the rules are the same code.
    @settings(
        max_examples=40 if engine == "sqlite" else 5,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(sequence=events)
    def check(sequence: list[tuple]) -> None:  # type: ignore[type-arg]
        rebuild_changes_nothing(Store.open(empty_dbs(1)[0]), sequence)

    check()


def rebuild_changes_nothing(store: Store, sequence: list[tuple]) -> None:  # type: ignore[type-arg]
    tutor = tutor_on(store)
    tutor.add_learner("Ann")
    bo = tutor.add_learner("Bo")
    # A learner setting the rebuild must honour.
    store.update_settings(bo.id, {"desired_retention": 0.8}, T0)
    at = T0
    for kind, name, target, how, hints, wait in sequence:
        at = at + timedelta(minutes=wait)
        tutor.clock.at = at  # type: ignore[attr-defined]
        if kind == "lesson":
            tutor.read_lesson(tutor.learner(name), PACK.id, target)
        else:
            answer(tutor, name, target, how, hints)
    # What the service kept up to date as it went is what the store now says.
    for name in ("Ann", "Bo"):
        learner = tutor.learner(name)
        assert tutor.state(learner, PACK) == store.learner_state(learner, PACK.id, at)
    before = derived(store)
    assert store.check(tutor.params_for) == []
    assert store.rebuild(tutor.params_for).changed == 0
    assert derived(store) == before
    assert count(store, "attempts") == sum(1 for e in sequence if e[0] == "answer")
    store.close()


def test_rebuild_agrees_with_the_live_state_when_the_clock_goes_back(db_url: str) -> None:
    """An answer stamped earlier than the one before it (TUTOR_NOW moved back, or the system
    clock corrected) must not make the derived state disagree with a rebuild."""
    store = Store.open(db_url)
    tutor = tutor_on(store)
    tutor.add_learner("Ann")
    answer(tutor, "Ann", "a1", "right")
    tutor.clock.at = T0 - timedelta(hours=1)  # type: ignore[attr-defined]
    answer(tutor, "Ann", "a2", "wrong")
    assert tutor.check() == []
    assert tutor.rebuild().changed == 0


# Files -------------------------------------------------------------------------------------


def test_a_database_readable_by_others_is_made_private_when_opened(
    tmp_path: Path, tutor_home: Path
) -> None:
    path = tutor_home / "tutor.db"
    Store.open(file_url(path)).close()
    path.chmod(0o644)  # copied in from a USB stick, say
    Store.open(file_url(path)).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # One named elsewhere (TUTOR_DB_URL, a folder shared on purpose) keeps its access.
    shared = tmp_path / "shared" / "class.db"
    Store.open(file_url(shared)).close()
    shared.chmod(0o660)
    Store.open(file_url(shared)).close()
    assert stat.S_IMODE(shared.stat().st_mode) == 0o660


def test_a_database_file_is_created_for_its_owner_alone_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "new" / "home" / "tutor.db"
    store = Store.open(file_url(path))
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    tutor = tutor_on(store)
    tutor.add_learner("Ann")
    answer(tutor, "Ann", "a1", "right")
    with sqlite3_of(store) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    for side in (path.with_name("tutor.db-wal"), path.with_name("tutor.db-shm")):
        if side.exists():
            assert stat.S_IMODE(side.stat().st_mode) == 0o600, side
    store.close()
    # WAL is a property of the file: a plain sqlite3 connection sees it too.
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT count(*) FROM attempts").fetchone()[0] == 1
    finally:
        conn.close()


def test_the_default_database_is_tutor_db_in_the_data_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("TUTOR_DB_URL", raising=False)
    store = Store.open()
    store.add_learner("Ann", T0)
    store.close()
    assert (tmp_path / "home" / "tutor.db").is_file()


def test_tutor_db_url_is_honoured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TUTOR_DB_URL", file_url(tmp_path / "elsewhere.db"))
    store = Store.open()
    store.add_learner("Ann", T0)
    store.close()
    assert (tmp_path / "elsewhere.db").is_file()
    assert not (tmp_path / "home" / "tutor.db").exists()
    assert [
        learner.name for learner in Store.open(file_url(tmp_path / "elsewhere.db")).learners()
    ] == ["Ann"]


def test_an_unreadable_tutor_db_url_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_DB_URL", "not a database url")
    with pytest.raises(TutorError, match="(?i)url"):
        Store.open()


def test_in_memory_databases_are_separate() -> None:
    one, two = Store.open("sqlite://"), Store.open("sqlite://")
    one.add_learner("Ann", T0)
    assert [learner.name for learner in one.learners()] == ["Ann"]
    assert two.learners() == []


def test_learner_names_are_unique_and_lookups_say_what_is_missing(db_url: str) -> None:
    store = Store.open(db_url)
    store.add_learner("Ann", T0)
    with pytest.raises(TutorError, match="already exists"):
        store.add_learner("Ann", T0)
    with pytest.raises(TutorError, match="already exists"):
        store.add_learner("  Ann ", T0)
    with pytest.raises(NotFound, match="no learner named 'Zed'"):
        store.learner("Zed")
    assert [learner.name for learner in store.learners()] == ["Ann"]


def test_a_name_typed_here_is_kept_as_a_roster_would_keep_it(db_url: str) -> None:
    store = Store.open(db_url)
    assert store.add_learner("  Ana   Lopez ", T0).name == "Ana Lopez"
    assert store.learner("Ana  Lopez").name == "Ana Lopez"
    assert store.add_learner("Zoe\u0301", T0).name == "Zoé"  # composed, as a roster's would be
    for bad in ("", "Bob\u202e", "A\nB", "x" * 81):
        with pytest.raises(TutorError, match="name"):
            store.add_learner(bad, T0)


def test_two_stores_on_one_database_lose_no_update(
    tmp_path: Path, engine: str, db_url: str
) -> None:
    url = file_url(tmp_path / "tutor.db") if engine == "sqlite" else db_url
    first, second = Store.open(url), Store.open(url)
    one, two = tutor_on(first), tutor_on(second)
    one.add_learner("Ann")
    # Interleaved one by one: each store's copy of the state is stale when it writes.
    for n in range(6):
        answer(one if n % 2 == 0 else two, "Ann", f"a{n % 3 + 1}", "right" if n % 3 else "wrong")
    # And at the same time from two threads, for the same learner and skill.
    barrier = threading.Barrier(2)
    failures: list[BaseException] = []

    def work(tutor: Tutor, how: str) -> None:
        try:
            barrier.wait()
            for n in range(15):
                answer(tutor, "Ann", f"a{n % 3 + 1}", how)
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [
        threading.Thread(target=work, args=(t, how)) for t, how in ((one, "right"), (two, "wrong"))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    ann = one.learner("Ann")
    assert len(first.attempts(ann.id)) == 36
    assert first.skill_states(ann.id)[("diamond", "a")].attempts == 36
    assert first.check(one.params_for) == []
    assert first.rebuild(one.params_for).changed == 0
    first.close()
    second.close()


# Damage ---------------------------------------------------------------------------------------


def test_a_file_of_random_bytes_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "tutor.db"
    path.write_bytes(os.urandom(16384))
    with pytest.raises(
        Damaged,
        match=r"cannot open the database .*tutor\.db: the database is damaged \(file is not a",
    ):
        Store.open(file_url(path))


def test_a_database_with_damaged_pages_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "tutor.db"
    Store.open(file_url(path)).close()
    conn = sqlite3.connect(path)
    conn.executemany(
        "INSERT INTO learners (id, name, created_at, settings) VALUES (?, ?, '', '{}')",
        [(f"id-{n}", f"learner {n}" * 5) for n in range(500)],
    )
    conn.commit()
    conn.close()
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 6] = os.urandom(4096 * 4)
    path.write_bytes(bytes(data))
    with pytest.raises(Damaged, match="database disk image is malformed.*tutor doctor"):
        opened = Store.open(file_url(path))
        opened.learners()


def test_a_database_the_tutor_did_not_make_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    with pytest.raises(TutorError, match="did not make"):
        Store.open(file_url(path))


def test_a_database_without_its_schema_version_is_refused_with_a_clear_message(
    tmp_path: Path,
) -> None:
    path = tmp_path / "tutor.db"
    Store.open(file_url(path)).close()
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM meta")
    conn.commit()
    conn.close()
    with pytest.raises(TutorError, match="schema"):
        Store.open(file_url(path))


# Schema versions and migrations -----------------------------------------------------------------


def _schema_of(path: Path) -> dict[str, object]:
    """Every table's columns (name, type, not null) and every index: what migrations must leave."""
    conn = sqlite3.connect(path)
    try:
        names = "SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%'"
        tables = [r[0] for r in conn.execute(names, ("table",))]
        schema: dict[str, object] = {
            t: sorted((c[1], c[2], c[3]) for c in conn.execute(f"PRAGMA table_info({t})"))
            for t in tables
        }
        schema["indexes"] = sorted(
            (r[0], tuple(c[2] for c in conn.execute(f"PRAGMA index_info({r[0]})")))
            for r in conn.execute(names, ("index",))
        )
        return schema
    finally:
        conn.close()


def _first_schema_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA_V1.read_text())
    conn.executescript(
        """
        INSERT INTO meta (key, value) VALUES ('schema_version', '1');
        INSERT INTO learners (id, name, created_at, settings)
            VALUES ('L1', 'Ann', '2026-01-05T09:00:00.000000+00:00', '{"desired_retention": 0.85}');
        INSERT INTO lesson_views (seq, id, learner_id, pack_id, skill_id, viewed_at)
            VALUES (1, 'V1', 'L1', 'diamond', 'a', '2026-01-05T09:01:00.000000+00:00');
        INSERT INTO attempts (seq, id, learner_id, pack_id, pack_version, question_id, skill_id,
                              response, score, hints_used, seconds, answered_at, kind)
            VALUES (1, 'A1', 'L1', 'diamond', '1.0.0', 'a1', 'a', '"right"', 1.0, 0, 7.5,
                    '2026-01-05T09:02:00.000000+00:00', 'practice'),
                   (2, 'A2', 'L1', 'diamond', '1.0.0', 'a-multi', 'a', '["p"]', 0.5, 1, NULL,
                    '2026-01-05T09:03:00.000000+00:00', 'practice');
        """
    )
    conn.commit()
    conn.close()


def test_the_first_schema_file_is_plain_ddl() -> None:
    lines = [line for line in SCHEMA_V1.read_text().splitlines() if not line.startswith("--")]
    statements = [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
    assert len(statements) >= 8
    assert all(re.match(r"CREATE (TABLE|UNIQUE INDEX|INDEX) ", s) for s in statements)


def test_a_first_schema_database_is_upgraded_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "tutor.db"
    _first_schema_database(path)
    store = Store.open(file_url(path))
    assert store.schema_version() == SCHEMA_VERSION
    assert store.needs_rebuild  # replay order changed since: the service rebuilds once
    ann = store.learner("Ann")
    assert (ann.id, ann.desired_retention) == ("L1", 0.85)
    logged = store.attempts(ann.id)
    assert [
        (a.id, a.question_id, a.response, a.score, a.hints_used, a.seconds) for a in logged
    ] == [
        ("A1", "a1", "right", 1.0, 0, 7.5),
        ("A2", "a-multi", ["p"], 0.5, 1, None),
    ]
    # The derived state is rebuilt from the old log, and the tutor carries on from there.
    tutor = tutor_on(store, at=T0)
    assert tutor.rebuild().changed == 1
    assert tutor.check() == []
    progress = store.skill_states("L1")[("diamond", "a")]
    assert progress.attempts == 2 and progress.lesson_seen_at is not None
    answer(tutor, "Ann", "a2", "right")
    assert tutor.check() == []
    store.close()
    # The upgraded file has the tables and columns of a fresh one.
    Store.open(file_url(tmp_path / "fresh.db")).close()
    assert _schema_of(path) == _schema_of(tmp_path / "fresh.db")
    assert Store.open(file_url(path)).schema_version() == SCHEMA_VERSION


def test_the_command_line_rebuilds_once_after_an_upgrade_that_asks_for_it(
    tmp_path: Path, tutor_home: Path
) -> None:
    from tutor_tui.cli.context import Context

    _first_schema_database(tutor_home / "tutor.db")
    tutor = Context().tutor
    assert not tutor.store.needs_rebuild
    # The log's answers are in the derived state without a word from the user.
    assert tutor.check() == []
    assert not Store.open(file_url(tutor_home / "tutor.db")).needs_rebuild


def test_a_database_from_a_newer_tutor_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tutor.db"
    store = Store.open(file_url(path))
    store.add_learner("Ann", T0)
    store.close()
    conn = sqlite3.connect(path)
    conn.execute(
        "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),)
    )
    conn.commit()
    conn.close()
    with pytest.raises(
        TutorError, match=rf"newer tutor \(schema {SCHEMA_VERSION + 1}\); upgrade tutor-tui"
    ):
        Store.open(file_url(path))
    # Refused, not touched.
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT value FROM meta").fetchone()[0] == str(SCHEMA_VERSION + 1)
    assert conn.execute("SELECT count(*) FROM learners").fetchone()[0] == 1
    conn.close()


def test_an_outdated_learner_value_cannot_make_the_derived_state_disagree_with_a_rebuild() -> None:
    store = Store.open("sqlite://")
    tutor = tutor_on(store)
    before = tutor.add_learner("Ann")
    tutor.update_settings(before, desired_retention=0.8)
    # A shell still holding the learner from before the change answers enough to master a skill,
    # which starts a review card scheduled by the retention the learner wants now.
    for number in (1, 2, 3, 1, 2, 3):
        tutor.answer(before, PACK.id, f"a{number}", "right", seconds=3.0)
    assert any(p.card for p in store.skill_states(before.id).values())
    assert store.check(tutor.params_for) == []
    assert store.rebuild(tutor.params_for).changed == 0
