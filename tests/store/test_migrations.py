"""Alembic's revisions, on each engine: every earlier schema upgrades to the tables a new database
gets, keeping its data; a database made before the revisions were Alembic's is upgraded too."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, inspect, text
from testkit.engine import T0, typed_pack

from tutor_tui.core import mastery
from tutor_tui.core.clock import FixedClock
from tutor_tui.core.content import Mastery, Pack, evidence_rules
from tutor_tui.core.learner import Learner
from tutor_tui.service.tutor import Tutor
from tutor_tui.service.wiring import wire_tutor
from tutor_tui.store.database import Store
from tutor_tui.store.migrations import SCHEMA_VERSION, _script, revision_id, upgrade


def shape(engine: Engine) -> dict[str, object]:
    """Every table's columns, keys and indexes, as the database reports them."""
    found = inspect(engine)
    tables: dict[str, object] = {}
    for name in sorted(found.get_table_names()):
        tables[name] = (
            sorted((c["name"], str(c["type"]), c["nullable"]) for c in found.get_columns(name)),
            found.get_pk_constraint(name)["constrained_columns"],
            sorted(
                (i["name"], tuple(i["column_names"]), i["unique"]) for i in found.get_indexes(name)
            ),
            sorted(tuple(u["column_names"]) for u in found.get_unique_constraints(name)),
            sorted(
                (tuple(f["constrained_columns"]), f["referred_table"])
                for f in found.get_foreign_keys(name)
            ),
        )
    return tables


def test_the_revisions_are_one_line_from_the_first_schema_to_this_one() -> None:
    script = _script()
    assert script.get_heads() == [revision_id(SCHEMA_VERSION)]
    chain = [r.revision for r in script.walk_revisions()]
    assert chain == [revision_id(v) for v in range(SCHEMA_VERSION, 0, -1)]


# The shape of a new database on each engine, made once a process: every upgraded one is
# compared with it, and making and reading a new one cost as much as the upgrade itself.
_NEW_SHAPES: dict[str, dict[str, object]] = {}


def new_shape(engine: str, new_db: Callable[[], str], tmp_path: Path) -> dict[str, object]:
    """The shape of a new database the store made on this engine (a file for SQLite)."""
    if engine not in _NEW_SHAPES:
        url = new_db()
        url = url if url != "sqlite://" else f"sqlite:///{tmp_path / 'new.db'}"
        Store.open(url).close()
        made = create_engine(url)
        try:
            _NEW_SHAPES[engine] = shape(made)
        finally:
            made.dispose()
    return _NEW_SHAPES[engine]


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
@pytest.mark.parametrize("marked", [True, False], ids=["alembic", "before-alembic"])
def test_every_earlier_schema_is_upgraded_to_the_tables_of_a_new_database(
    engine: str, new_db: Callable[[], str], tmp_path: Path, version: int, marked: bool
) -> None:
    # A database the test's engine reaches by URL: SQLite's in a file, not in memory.
    old_url = new_db()
    old_url = old_url if old_url != "sqlite://" else f"sqlite:///{tmp_path / 'old.db'}"
    old = create_engine(old_url)
    with old.begin() as conn:
        upgrade(conn, version)
        conn.execute(
            text("INSERT INTO meta (key, value) VALUES ('schema_version', :v)"), {"v": str(version)}
        )
        conn.execute(
            text(
                "INSERT INTO learners (id, name, created_at, settings)"
                " VALUES ('L1', 'Ann', :at, '{}')"
            ),
            {"at": T0.isoformat()},
        )
        if not marked:  # as the tutor made it before its revisions were Alembic's
            conn.execute(text("DROP TABLE alembic_version"))
    store = Store.open(old_url)
    assert (store.found_version, store.schema_version()) == (version, SCHEMA_VERSION)
    assert store.learner("Ann").id == "L1"
    store.close()
    try:
        assert shape(old) == new_shape(engine, new_db, tmp_path)
        with old.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).all() == [
                (revision_id(SCHEMA_VERSION),)
            ]
    finally:
        old.dispose()


def file_db(new_db: Callable[[], str], tmp_path: Path) -> str:
    """A database of the test's engine that outlives the store opened on it: on SQLite, a file."""
    url = new_db()
    return f"sqlite:///{tmp_path / 'tutor.db'}" if url == "sqlite://" else url


def ann_on_file(
    new_db: Callable[[], str], tmp_path: Path, pack: Pack, clock: FixedClock | None = None
) -> tuple[str, Tutor, Learner]:
    """Ann, new, studying `pack` by `clock` (T0 unless given) on a database that outlives its
    store (`file_db`)."""
    url = file_db(new_db, tmp_path)
    tutor = Tutor(Store.open(url), {pack.id: pack}, clock or FixedClock(T0))
    return url, tutor, tutor.add_learner("Ann")


def as_kept_by(url: str, version: int, *changes: str) -> Store:
    """The database at `url` as schema `version` kept it, once `changes` (SQL) take back what
    later versions derive: opened again, upgraded, and to be rebuilt from the log."""
    with create_engine(url).begin() as conn:
        for statement in (
            *changes,
            f"UPDATE meta SET value = '{version}' WHERE key = 'schema_version'",
            f"UPDATE alembic_version SET version_num = '{revision_id(version)}'",
        ):
            conn.execute(text(statement))
    store = Store.open(url)
    assert store.found_version == version and store.needs_rebuild
    return store


def test_a_skill_placed_out_before_schema_8_is_sent_back_on_its_own_answers(
    new_db: Callable[[], str], tmp_path: Path
) -> None:
    pack = typed_pack({"a": (), "b": ("a",)})
    url, tutor, ann = ann_on_file(new_db, tmp_path, pack)
    tutor.answer(ann, pack.id, "b1", "yes", kind="placement")
    tutor.place(ann, pack.id, {"a": 0.9, "b": 0.99})
    tutor.store.close()
    # The database as schema 7 kept it: no estimate as if never placed.
    store = as_kept_by(url, 7, "ALTER TABLE skill_states DROP COLUMN unplaced")
    opened = wire_tutor(store, {pack.id: pack}, FixedClock(T0))
    # Rebuilt from the log: a miss on a sends b back with its own right answer in the check.
    opened.clock.at += timedelta(days=2)  # type: ignore[attr-defined]
    assert [s.id for s in opened.answer(ann, pack.id, "a1", "no").sent_back] == ["b"]
    b = opened.state(ann, pack).skills["b"]
    assert b.placed_at is None and b.p_known > pack.skill("b").mastery.prior
    assert opened.check() == []
    store.close()


def test_a_database_of_schema_8_is_rebuilt_with_lucky_answers_weighed_as_luck_leaves_them(
    new_db: Callable[[], str], tmp_path: Path
) -> None:
    plain = typed_pack({"a": ()})
    # a2 is a coin's toss, as the pack says (a true or false, say).
    lucky = replace(plain.skill("a"), mastery=evidence_rules(Mastery(), 4, {"a2": 0.5}))
    pack = replace(plain, skills=(lucky,))
    url, tutor, ann = ann_on_file(new_db, tmp_path, pack)
    tutor.answer(ann, pack.id, "a2", "yes")
    tutor.store.close()
    # As schema 8 kept it: the true/false weighed as if luck answered it one time in five.
    before = mastery.update(lucky.mastery.prior, 1.0, lucky.mastery)
    store = as_kept_by(url, 8, f"UPDATE skill_states SET p_known = {before}")
    opened = wire_tutor(store, {pack.id: pack}, FixedClock(T0))
    now = opened.state(ann, pack).skills["a"].p_known
    assert now == mastery.update(lucky.mastery.prior, 1.0, lucky.mastery, question_id="a2") < before
    assert opened.check() == []
    store.close()


def two_skills_one_lucky() -> Pack:
    """Two skills, where luck answers a1 and a2 of skill a one time in ten each: one in a
    hundred together, beyond luck on a skill alone, not on one of two."""
    plain = typed_pack({"a": (), "b": ()})
    lucky = evidence_rules(Mastery(), 4, {"a1": 0.1, "a2": 0.1})
    return replace(plain, skills=(replace(plain.skill("a"), mastery=lucky), plain.skill("b")))


def test_a_database_of_schema_9_is_rebuilt_with_the_bar_of_luck_shared_by_the_pack(
    new_db: Callable[[], str], tmp_path: Path
) -> None:
    pack = two_skills_one_lucky()
    clock = FixedClock(T0)
    url, tutor, ann = ann_on_file(new_db, tmp_path, pack, clock)
    for question, response in (("a3", "no"), ("a1", "yes"), ("a2", "yes")):
        tutor.answer(ann, pack.id, question, response)
    clock.at += timedelta(days=1)
    tutor.answer(ann, pack.id, "a3", "yes")  # recited: two lucky answers do not open a
    assert tutor.state(ann, pack).skills["a"].evidence == ("a1", "a2")
    tutor.store.close()
    # As schema 9 kept it: one in a hundred opened the recitals, and a3 counted.
    store = as_kept_by(
        url, 9, """UPDATE skill_states SET evidence = '["a1", "a2", "a3"]' WHERE skill_id = 'a'"""
    )
    opened = wire_tutor(store, {pack.id: pack}, FixedClock(T0))
    assert opened.state(ann, pack).skills["a"].evidence == ("a1", "a2")
    assert opened.check() == []
    store.close()


def test_a_database_of_schema_10_is_rebuilt_with_first_sight_on_the_bar_shared_by_the_pack(
    new_db: Callable[[], str], tmp_path: Path
) -> None:
    pack = two_skills_one_lucky()
    url, tutor, ann = ann_on_file(new_db, tmp_path, pack)
    tutor.answer(ann, pack.id, "a1", "yes")
    tutor.answer(ann, pack.id, "a2", "yes")
    assert tutor.state(ann, pack).skills["a"].first_sight == 0
    tutor.store.close()
    # As schema 10 kept it: the two counted as first sight.
    store = as_kept_by(url, 10, "UPDATE skill_states SET first_sight = 2 WHERE skill_id = 'a'")
    opened = wire_tutor(store, {pack.id: pack}, FixedClock(T0))
    assert opened.state(ann, pack).skills["a"].first_sight == 0
    assert opened.check() == []
    store.close()


def test_a_database_of_schema_11_is_rebuilt_with_a_recited_checks_answer_counting_for_nothing(
    new_db: Callable[[], str], tmp_path: Path
) -> None:
    pack = typed_pack({"a": (), "b": ("a",)})
    url, tutor, ann = ann_on_file(new_db, tmp_path, pack)
    tutor.answer(ann, pack.id, "a1", "no")
    before = tutor.state(ann, pack).skills["a"]
    tutor.clock.at += timedelta(hours=1)  # type: ignore[attr-defined]
    # A check on another computer asked a1 again: right, it counts for nothing.
    tutor.answer(ann, pack.id, "a1", "yes", kind="placement")
    assert tutor.state(ann, pack).skills["a"] == before
    tutor.store.close()
    # As schema 11 kept it, merged: evidence of a.
    store = as_kept_by(url, 11, "UPDATE skill_states SET p_known = 0.5 WHERE skill_id = 'a'")
    opened = wire_tutor(store, {pack.id: pack}, FixedClock(T0 + timedelta(hours=1)))
    assert opened.state(ann, pack).skills["a"] == before
    assert opened.check() == []
    store.close()
