"""The one standing: evidence from distinct questions, repeats as weak evidence, placed out."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from testkit.engine import PARAMS, T0

from tutor_tui.core import mastery
from tutor_tui.core.content import Mastery, evidence_rules
from tutor_tui.core.learner import Attempt, Placed, SkillProgress, apply_attempt, apply_placed
from tutor_tui.core.standing import standing


def answer(
    progress: SkillProgress | None,
    question_id: str,
    score: float,
    at: datetime,
    params: Mastery = PARAMS,
    kind: str = "practice",
) -> SkillProgress:
    attempt = Attempt(
        id=str(uuid.uuid4()),
        learner_id="L",
        pack_id="p",
        pack_version="1",
        question_id=question_id,
        skill_id="a",
        response="x",
        score=score,
        hints_used=0,
        seconds=5.0,
        at=at,
        kind=kind,  # type: ignore[arg-type] - a literal chosen by the test
    )
    return apply_attempt(progress, attempt, params)


def run(questions: str, params: Mastery = PARAMS) -> SkillProgress:
    """Right answers to these questions (one letter each), a minute apart."""
    progress: SkillProgress | None = None
    for n, question in enumerate(questions):
        progress = answer(progress, question, 1.0, T0 + timedelta(minutes=n), params)
    assert progress is not None
    return progress


def test_right_answers_to_one_question_never_master_a_skill() -> None:
    progress = run("q" * 40)
    assert progress.evidence == ("q",)
    assert progress.p_known > PARAMS.threshold  # the estimate alone would have said mastered
    assert standing(progress, PARAMS, T0 + timedelta(hours=1)).state == "learning"
    assert progress.mastered_at is None and progress.card is None


def test_right_answers_on_two_distinct_questions_master_it() -> None:
    progress = run("pqrp")
    now = T0 + timedelta(hours=1)
    found = standing(progress, PARAMS, now)
    assert (found.state, found.distinct, found.needed) == ("mastered", 3, 2)
    assert found.mastered and found.known
    assert progress.mastered_at == T0 + timedelta(minutes=2)


def test_a_repeat_counts_a_quarter_of_a_fresh_answer() -> None:
    first = run("p")
    fresh = answer(first, "q", 1.0, T0 + timedelta(minutes=1))
    repeat = answer(first, "p", 1.0, T0 + timedelta(minutes=1))
    assert repeat.p_known == pytest.approx(
        mastery.update(first.p_known, 1.0, PARAMS, weight=mastery.REPEAT_WEIGHT)
    )
    gain = fresh.p_known - first.p_known
    assert 0 < repeat.p_known - first.p_known < gain / 3
    # A miss on a repeat counts fully against: it says the learner did not take in the answer.
    missed = answer(first, "p", 0.0, T0 + timedelta(minutes=1))
    assert missed.p_known < first.p_known


def test_answers_learnt_from_feedback_never_master_a_skill_that_day() -> None:
    # Each of five questions missed once, its answer read in the feedback, then all five taken
    # in turn, right every time: none of it is fresh evidence, however long it goes on.
    progress: SkillProgress | None = None
    at = T0
    for question in "pqrst":
        at += timedelta(minutes=1)
        progress = answer(progress, question, 0.0, at)
    for question in "pqrst" * 20:
        at += timedelta(minutes=1)
        progress = answer(progress, question, 1.0, at)
    assert progress is not None and progress.evidence == ()
    assert standing(progress, PARAMS, at).state == "learning"
    # The next day, recalling one of them is memory again, and counts fully.
    later = answer(progress, "p", 1.0, at + timedelta(days=1))
    assert later.evidence == ("p",)


def test_a_question_answered_lately_is_a_repeat() -> None:
    seen = (("p", T0), ("q", T0 + timedelta(hours=1)), ("r", T0 + timedelta(hours=2)))
    days = T0 + timedelta(days=2)
    assert mastery.is_repeat(seen, "p", days, PARAMS)  # among the last three
    assert not mastery.is_repeat(seen, "p", days, replace(PARAMS, repeat_window=2))
    assert mastery.is_repeat(seen, "p", T0 + timedelta(hours=6), replace(PARAMS, repeat_window=2))
    assert not mastery.is_repeat(seen, "s", T0, PARAMS)


def test_the_rules_fit_the_questions_a_skill_has() -> None:
    assert evidence_rules(PARAMS, 1) == Mastery(min_distinct=1, repeat_window=1)
    assert evidence_rules(PARAMS, 2) == Mastery(min_distinct=2, repeat_window=1)
    assert evidence_rules(PARAMS, 10) == Mastery(min_distinct=2, repeat_window=3)
    assert evidence_rules(Mastery(min_distinct=5), 3).min_distinct == 3
    # A one-question skill needs its one question, and a second look at it later.
    one = evidence_rules(PARAMS, 1)
    assert standing(run("p", one), one, T0).distinct == standing(run("p", one), one, T0).needed


def placed(at: datetime = T0) -> SkillProgress:
    return apply_placed(None, Placed("x", "L", "p", "a", 0.97, at), PARAMS)


def test_a_placed_skill_is_placed_out_until_an_answer_settles_it() -> None:
    now = T0 + timedelta(minutes=5)
    found = standing(placed(), PARAMS, now)
    assert (found.state, found.known, found.mastered) == ("placed out", True, False)
    assert found.mastered_at is None and found.placed_at == T0
    confirmed = answer(placed(), "q", 1.0, now)
    assert standing(confirmed, PARAMS, now).state == "mastered"
    assert confirmed.mastered_at == now
    missed = answer(placed(), "q", 0.0, now)
    assert standing(missed, PARAMS, now).state == "learning"
    assert missed.card is None and missed.due is None and missed.placed_at is None


def test_a_placed_skill_due_for_review_is_still_placed_out() -> None:
    progress = placed()
    assert progress.due is not None
    assert standing(progress, PARAMS, progress.due + timedelta(days=1)).state == "placed out"


def test_new_learning_due_and_slipping() -> None:
    assert standing(SkillProgress("a", 0.1), PARAMS, T0).state == "new"
    assert standing(run("p"), PARAMS, T0).state == "learning"
    progress = run("pqr")
    assert progress.due is not None
    assert standing(progress, PARAMS, progress.due).state == "due"
    at = progress.due
    for n in range(3):
        progress = answer(progress, "st"[n % 2], 0.0, at + timedelta(minutes=n))
    found = standing(progress, PARAMS, at + timedelta(hours=1))
    assert (found.state, found.known, found.mastered) == ("slipping", False, False)


def test_the_evidence_reads_as_words_and_json() -> None:
    found = standing(run("pp"), PARAMS, T0)
    assert "right on 1 of 2 distinct questions needed" in found.evidence()
    assert found.to_dict()["state"] == "learning"
    assert found.to_dict()["distinct_right"] == 1
    assert "placed out by a placement check" in standing(placed(), PARAMS, T0).evidence()
