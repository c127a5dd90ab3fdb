"""What a learner has shown elsewhere in a pack, as the store keeps it: each skill counts its
questions answered right at first sight, so that an answer reads a few rows of an index instead
of every skill and question of the pack; and the count is what a rebuild derives from the log,
whether the answers came live, moved with a new version of the pack, merged from two laptops or
were written before the count was kept."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text
from testkit.engine import choice, pack_of, skill

from tutor_tui.core.clock import FixedClock
from tutor_tui.core.content import Pack, evidence_rules
from tutor_tui.core.learner import Learner
from tutor_tui.files.bundle import read_bundle, write_bundle
from tutor_tui.service.tutor import Tutor
from tutor_tui.service.wiring import wire_tutor
from tutor_tui.store.database import Store

START = datetime(2026, 3, 3, 9, tzinfo=UTC)
# Four skills of three questions each: a skill needs right answers on all three. Skills a and b
# each require c and d, so that first sight on them speaks for c and d (`Mastery.above`).
RULES = evidence_rules(skill("a").mastery, 3)
PACK = pack_of(
    *(replace(skill(s), mastery=RULES) for s in "cd"),
    *(replace(skill(s, ("c", "d")), mastery=RULES) for s in "ab"),
)


def tutor_on(url: str, pack: Pack = PACK) -> Tutor:
    return Tutor(Store.open(url), {pack.id: pack}, FixedClock(START))


def answer(tutor: Tutor, learner: Learner, *marks: str, pack: Pack = PACK) -> None:
    """Answers a minute apart, each `QUESTION+` (right) or `QUESTION-` (wrong)."""
    for mark in marks:
        tutor.clock.at += timedelta(minutes=1)  # type: ignore[attr-defined]
        tutor.answer(learner, pack.id, mark[:-1], "right" if mark[-1] == "+" else "wrong")


def counts(tutor: Tutor, learner: Learner) -> dict[str, int]:
    """Each skill's count of questions right at first sight, as stored."""
    return {skill: p.first_sight for (_, skill), p in tutor.store.skill_states(learner.id).items()}


def evidence(tutor: Tutor, learner: Learner, skill_id: str) -> tuple[str, ...]:
    return tutor.store.skill_states(learner.id)[(PACK.id, skill_id)].evidence


def next_day(tutor: Tutor) -> None:
    tutor.clock.at += timedelta(days=1)  # type: ignore[attr-defined]


def test_a_recall_counts_from_the_answer_that_shows_a_second_skill_and_not_after_a_miss(
    db_url: str,
) -> None:
    tutor = tutor_on(db_url)
    ann = tutor.add_learner("Ann")
    answer(tutor, ann, "c1-", "c2-", "c3-", "d1-", "d2-", "d3-", "b1+", "b2+", "a1+")
    next_day(tutor)
    answer(tutor, ann, "c1+")
    # One skill shown elsewhere, and one question of another: not enough.
    assert evidence(tutor, ann, "c") == ()
    answer(tutor, ann, "a2+", "c2+")
    assert evidence(tutor, ann, "c") == ("c2",)  # the answer just before made it two
    # One of b's two questions right at first sight is missed: b shows too little any more.
    answer(tutor, ann, "b1-", "d1+")
    assert evidence(tutor, ann, "d") == ()
    assert counts(tutor, ann) == {"a": 2, "b": 1, "c": 0, "d": 0}
    assert tutor.check() == [] and tutor.rebuild().changed == 0


def test_first_sight_on_the_skills_a_skill_requires_opens_nothing(db_url: str) -> None:
    """Knowing what a skill requires is no evidence for it: c and d answered right at first
    sight leave a's recitals weak, and a rebuild finds the same."""
    tutor = tutor_on(db_url)
    ann = tutor.add_learner("Ann")
    answer(tutor, ann, "a1-", "a2-", "a3-", "c1+", "c2+", "d1+", "d2+")
    next_day(tutor)
    answer(tutor, ann, "a1+", "a2+")
    assert evidence(tutor, ann, "a") == ()
    # b, which requires c and d and nothing of a, shows first sight: still nothing for a.
    answer(tutor, ann, "b1+", "b2+", "a3+")
    assert evidence(tutor, ann, "a") == ()
    assert tutor.check() == [] and tutor.rebuild().changed == 0


def test_a_question_moved_to_another_skill_counts_under_both_until_it_is_missed(
    db_url: str,
) -> None:
    old = pack_of(skill("a"), skill("b"))
    moved = replace(
        old,
        version="1.1.0",
        skills=(
            replace(old.skill("a"), questions=old.skill("a").questions[1:]),
            replace(old.skill("b"), questions=(*old.skill("b").questions, choice("a1", "b"))),
        ),
    )
    first = tutor_on(db_url, old)
    ann = first.add_learner("Ann")
    answer(first, ann, "a1+", pack=old)
    later = Tutor(first.store, {moved.id: moved}, first.clock)
    answer(later, ann, "a1+", pack=moved)
    assert counts(later, ann) == {"a": 1, "b": 1}
    with later.store.engine.connect() as conn:
        [(skills,)] = conn.execute(text("SELECT skills FROM question_states")).all()
    assert skills == '["a", "b"]'
    assert later.check() == [] and later.rebuild().changed == 0
    answer(later, ann, "a1-", pack=moved)  # under b: a loses it too
    assert counts(later, ann) == {"a": 0, "b": 0}
    assert later.check() == [] and later.rebuild().changed == 0


def test_two_laptops_each_with_one_skill_shown_count_two_once_merged(
    db_url: str, tmp_path: Path
) -> None:
    home = tutor_on(db_url)
    ann = home.add_learner("Ann")
    answer(home, ann, "c1-", "c2-", "c3-", "b1+", "b2+")
    write_bundle(tmp_path / "home.zip", home.store.export_rows([ann.id]), home.now())
    other = tutor_on("sqlite://")
    other.clock.at = home.now() + timedelta(hours=1)  # type: ignore[attr-defined]
    other.import_bundle(read_bundle(tmp_path / "home.zip"))
    answer(other, ann, "a1+", "a2+")
    assert counts(other, ann)["a"] == 2
    write_bundle(tmp_path / "other.zip", other.store.export_rows([ann.id]), other.now())
    home.clock.at = other.now() + timedelta(hours=1)  # type: ignore[attr-defined]
    home.import_bundle(read_bundle(tmp_path / "other.zip"))
    assert counts(home, ann) == {"a": 2, "b": 2, "c": 0}
    next_day(home)
    answer(home, ann, "c1+")
    assert evidence(home, ann, "c") == ("c1",)
    assert home.check() == [] and home.rebuild().changed == 0


def test_a_database_written_before_the_counts_has_them_right_once_opened(
    new_db: Callable[[], str], tmp_path: Path
) -> None:
    url = new_db()
    if url == "sqlite://":
        url = f"sqlite:///{tmp_path / 'tutor.db'}"
    tutor = tutor_on(url)
    ann = tutor.add_learner("Ann")
    answer(tutor, ann, "c1-", "c2-", "c3-", "a1+", "a2+", "a3-", "b1+", "b2+", "d1+", "d1-")
    expected = counts(tutor, ann)
    assert expected == {"a": 2, "b": 2, "c": 0, "d": 0}
    tutor.store.close()
    # The database as schema 6 kept it: without the counts, the indexes, a question's skills.
    with tutor.store.engine.begin() as conn:
        for statement in (
            "DROP INDEX skill_states_by_first_sight",
            "DROP INDEX skill_states_by_last_seen",
            "ALTER TABLE skill_states DROP COLUMN first_sight",
            "ALTER TABLE skill_states DROP COLUMN unplaced",
            "ALTER TABLE question_states DROP COLUMN skills",
            "UPDATE meta SET value = '6' WHERE key = 'schema_version'",
            "UPDATE alembic_version SET version_num = '0006'",
        ):
            conn.execute(text(statement))
    store = Store.open(url)
    assert store.found_version == 6 and store.needs_rebuild
    opened = wire_tutor(store, {PACK.id: PACK}, FixedClock(tutor.now()))
    assert counts(opened, ann) == expected
    assert opened.check() == []
    # And the tutor carries on from them: c's misses recalled the next day count.
    next_day(opened)
    answer(opened, ann, "c1+")
    assert evidence(opened, ann, "c") == ("c1",)
    assert opened.check() == []
    store.close()


def test_a_question_easy_to_guess_right_at_first_sight_shows_nothing(db_url: str) -> None:
    # Each skill's first question may be answered right by luck (a true/false, say).
    pack = pack_of(
        *(
            replace(
                skill(s, PACK.skill(s).requires),
                mastery=evidence_rules(skill(s).mastery, 3, {f"{s}1": 0.5}),
            )
            for s in "cdab"
        ),
    )
    tutor = tutor_on(db_url, pack)
    ann = tutor.add_learner("Ann")
    answer(tutor, ann, "c1-", "c2-", "c3-", "a1+", "b1+", pack=pack)
    next_day(tutor)
    answer(tutor, ann, "c2+", pack=pack)
    assert counts(tutor, ann) == {"a": 0, "b": 0, "c": 0}
    assert evidence(tutor, ann, "c") == ()  # two lucky guesses elsewhere open nothing
    answer(tutor, ann, "a2+", "a3+", "b2+", "b3+", "c3+", pack=pack)
    assert counts(tutor, ann) == {"a": 2, "b": 2, "c": 0}
    assert evidence(tutor, ann, "c") == ("c3",)
    assert tutor.check() == [] and tutor.rebuild().changed == 0


def test_answers_luck_may_give_show_first_sight_once_luck_would_not_explain_them(
    db_url: str,
) -> None:
    # Every question of a may be answered by luck, one time in 25 each: two right at first sight
    # are one in 625, more than luck in a pack of four skills (one in 400); one is not.
    lucky = evidence_rules(skill("a").mastery, 3, {"a1": 0.04, "a2": 0.04, "a3": 0.04})
    pack = pack_of(*(PACK.skill(s) for s in "cdb"), replace(PACK.skill("a"), mastery=lucky))
    tutor = tutor_on(db_url, pack)
    ann = tutor.add_learner("Ann")
    answer(tutor, ann, "c1-", "c2-", "c3-", "b1+", "b2+", "a1+", pack=pack)
    next_day(tutor)
    answer(tutor, ann, "c1+", pack=pack)
    assert counts(tutor, ann) == {"a": 0, "b": 2, "c": 0}
    assert evidence(tutor, ann, "c") == ()  # a shows nothing yet: c's recital stays weak
    answer(tutor, ann, "a2+", "c2+", pack=pack)
    assert counts(tutor, ann)["a"] == 2
    assert evidence(tutor, ann, "c") == ("c2",)
    # A miss on a1 leaves a2 alone, one in 25: a shows nothing any more.
    answer(tutor, ann, "a1-", pack=pack)
    assert counts(tutor, ann)["a"] == 0
    assert tutor.check() == [] and tutor.rebuild().changed == 0
