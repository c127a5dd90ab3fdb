"""Reviews with FSRS: ratings, cards, desired retention, and wrong reviews that undo mastery."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from fsrs import Rating
from hypothesis import given, settings
from hypothesis import strategies as st
from testkit import TutorFor
from testkit.engine import PARAMS, T0, diamond, mastered

from tutor_tui.core import memory, planner
from tutor_tui.core.clock import FixedClock
from tutor_tui.core.learner import (
    Attempt,
    Learner,
    LearnerState,
    LessonView,
    Recent,
    SkillProgress,
    apply_attempt,
    apply_lesson,
)


def attempt(
    skill_id: str,
    score: float,
    at: datetime,
    *,
    hints: int = 0,
    question_id: str | None = None,
    kind: str = "practice",
) -> Attempt:
    return Attempt(
        id=str(uuid.uuid4()),
        learner_id="L",
        pack_id="diamond",
        pack_version="1.0.0",
        question_id=question_id or f"{skill_id}1",
        skill_id=skill_id,
        response="right" if score else "wrong",
        score=score,
        hints_used=hints,
        seconds=5.0,
        at=at,
        kind=kind,  # type: ignore[arg-type]
    )


# Ratings -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "hints", "expected"),
    [
        (1.0, 0, Rating.Good),
        (1.0, 1, Rating.Hard),
        (1.0, 5, Rating.Hard),
        (0.5, 0, Rating.Hard),
        (0.25, 2, Rating.Hard),
        (0.0, 0, Rating.Again),
        (0.0, 3, Rating.Again),
    ],
)
def test_rating_mapping(score: float, hints: int, expected: Rating) -> None:
    assert memory.rating(score, hints) == expected


# Cards ----------------------------------------------------------------------------------------


def test_a_new_card_is_due_after_it_starts_and_is_deterministic() -> None:
    card = memory.start_card(T0)
    assert memory.due(card) > T0
    assert memory.start_card(T0) == card  # no fuzz: a rebuild gives the very same due date
    assert memory.retrievability(card, T0) == pytest.approx(1.0)


def test_retrievability_falls_to_the_desired_retention_about_when_due() -> None:
    card = memory.start_card(T0)
    due = memory.due(card)
    assert memory.retrievability(card, due) == pytest.approx(memory.DEFAULT_RETENTION, abs=0.03)
    later = [memory.retrievability(card, T0 + timedelta(days=d)) for d in (1, 5, 30, 90)]
    assert later == sorted(later, reverse=True)


def test_good_reviews_space_out_and_again_brings_the_skill_back_soon() -> None:
    card = memory.start_card(T0)
    at = memory.due(card)
    good = memory.review(card, 1.0, 0, at)
    hard = memory.review(card, 1.0, 1, at)
    again = memory.review(card, 0.0, 0, at)
    assert memory.due(again) < memory.due(hard) < memory.due(good)
    assert memory.due(good) - at > memory.due(card) - T0  # the interval grows
    assert memory.due(again) - at <= timedelta(days=2)


def test_desired_retention_is_a_learner_setting_that_moves_due_dates() -> None:
    assert Learner("x", "X", T0).desired_retention == memory.DEFAULT_RETENTION == 0.9
    relaxed = Learner("x", "X", T0, settings={"desired_retention": 0.8})
    assert relaxed.desired_retention == 0.8
    strict = memory.due(memory.start_card(T0, 0.95))
    default = memory.due(memory.start_card(T0))
    lax = memory.due(memory.start_card(T0, 0.8))
    assert strict < default < lax
    # And apply_attempt passes the learner's retention on to the scheduler.
    near = SkillProgress("a", 0.9, evidence=("a2",))
    assert apply_attempt(near, attempt("a", 1.0, T0), PARAMS, 0.8).due == lax


@settings(max_examples=60, deadline=None)
@given(
    steps=st.lists(
        st.tuples(st.floats(0.01, 60.0), st.sampled_from([0.0, 0.5, 1.0]), st.integers(0, 2)),
        min_size=1,
        max_size=12,
    )
)
def test_every_review_is_scheduled_after_it(steps: list[tuple[float, float, int]]) -> None:
    card = memory.start_card(T0)
    at = T0
    for days, score, hints in steps:
        at = at + timedelta(days=days)
        card = memory.review(card, score, hints, at)
        assert memory.due(card) > at


# Mastery and the card together --------------------------------------------------------------


def test_the_card_starts_when_the_skill_is_first_mastered() -> None:
    progress = None
    at = T0
    for n in range(3):
        progress = apply_attempt(progress, attempt("a", 1.0, at, question_id=f"a{n}"), PARAMS)
        if n < 2:
            assert progress.card is None and progress.mastered_at is None
        at += timedelta(minutes=1)
    assert progress is not None
    assert progress.is_mastered(PARAMS)
    assert progress.mastered_at == T0 + timedelta(minutes=2)
    assert progress.card == memory.start_card(T0 + timedelta(minutes=2))
    assert progress.due is not None and progress.due > progress.mastered_at


def test_counts_and_misses() -> None:
    p = apply_attempt(None, attempt("a", 0.0, T0), PARAMS)
    p = apply_attempt(p, attempt("a", 0.0, T0 + timedelta(minutes=1)), PARAMS)
    assert (p.attempts, p.correct, p.misses_in_a_row, p.misses_since) == (2, 0, 2, T0)
    p = apply_attempt(p, attempt("a", 0.5, T0 + timedelta(minutes=2)), PARAMS)
    assert (p.attempts, p.correct, p.misses_in_a_row, p.misses_since) == (3, 0, 0, None)
    p = apply_attempt(p, attempt("a", 1.0, T0 + timedelta(minutes=3)), PARAMS)
    assert (p.attempts, p.correct, p.seconds) == (4, 1, 20.0)
    assert p.last_seen == T0 + timedelta(minutes=3)
    view = LessonView("v", "L", "diamond", "a", T0 + timedelta(minutes=4))
    assert apply_lesson(p, view, PARAMS).lesson_seen_at == view.at
    assert apply_lesson(None, view, PARAMS).p_known == PARAMS.prior


def test_a_right_review_keeps_mastery_and_pushes_the_due_date_out() -> None:
    before = mastered("a", p_known=0.96)
    at = before.due
    assert at is not None
    after = apply_attempt(before, attempt("a", 1.0, at, kind="review"), PARAMS)
    assert after.is_mastered(PARAMS)
    assert after.due is not None and after.due > at
    assert after.card == memory.review(before.card, 1.0, 0, at)  # type: ignore[arg-type]


def test_a_wrong_review_lowers_mastery_below_the_threshold() -> None:
    before = mastered("a", p_known=0.97)
    at = T0 + timedelta(days=30)
    after = apply_attempt(before, attempt("a", 0.0, at, kind="review"), PARAMS)
    # By hand: 0.97 * 0.1 / (0.097 + 0.03 * 0.8) = 0.8017, then + 0.1983 * 0.2 = 0.8413
    assert after.p_known == pytest.approx(0.841322, abs=1e-5)
    assert after.p_known < before.p_known
    assert not after.is_mastered(PARAMS)
    # The card stays (reviews continue once it is mastered again), rated Again: due soon.
    assert after.card is not None
    assert after.due is not None and at < after.due <= at + timedelta(days=2)
    # First mastery is history: it stays recorded.
    assert after.mastered_at == before.mastered_at
    assert after.misses_in_a_row == 1


def test_a_wrong_review_sends_the_skill_back_into_practice() -> None:
    pack = diamond()
    now = T0 + timedelta(days=40)
    skills = {s: mastered(s) for s in "abcd"}
    state = LearnerState("L", "diamond", skills=skills)
    first = planner.next_activity(pack, state, now)
    assert first.kind == "review"
    assert first.skill_id is not None and first.question_id is not None
    slipped = apply_attempt(
        skills[first.skill_id],
        attempt(first.skill_id, 0.0, now, question_id=first.question_id, kind="review"),
        PARAMS,
    )
    assert not slipped.is_mastered(PARAMS)
    skills[first.skill_id] = slipped
    state.recent = (Recent(first.question_id, first.skill_id, "review", 0.0),)
    # Now the other due skills are reviewed first; answer them all right.
    seen = set()
    for _ in range(10):
        activity = planner.next_activity(pack, state, now)
        if activity.kind != "review":
            break
        assert activity.skill_id != first.skill_id
        seen.add(activity.skill_id)
        assert activity.skill_id is not None and activity.question_id is not None
        skills[activity.skill_id] = apply_attempt(
            skills[activity.skill_id],
            attempt(activity.skill_id, 1.0, now, question_id=activity.question_id, kind="review"),
            PARAMS,
        )
        state.recent = (
            *state.recent,
            Recent(activity.question_id, activity.skill_id, "review", 1.0),
        )
    assert activity.kind == "question"
    assert activity.skill_id == first.skill_id
    assert activity.reason


# Through the service ------------------------------------------------------------------------


def test_learner_settings_reach_the_scheduler_and_the_planner(
    tutor_for: TutorFor, clock: FixedClock
) -> None:
    pack = diamond()
    tutor = tutor_for({pack.id: pack})
    store = tutor.store
    ann = tutor.add_learner("Ann")
    bo = tutor.add_learner("Bo")
    store.update_settings(bo.id, {"desired_retention": 0.8}, T0)
    store.update_settings(ann.id, {"daily_review_cap": 1}, T0)
    ann, bo = tutor.learner("Ann"), tutor.learner("Bo")
    for skill_id in "abcd":
        for n in (1, 2, 3):
            for learner in (ann, bo):
                feedback = tutor.answer(learner, pack.id, f"{skill_id}{n}", "right")
        assert feedback.mastered
    ann_due = store.skill_states(ann.id)[("diamond", "a")].due
    bo_due = store.skill_states(bo.id)[("diamond", "a")].due
    assert ann_due is not None and bo_due is not None and ann_due < bo_due
    assert tutor.rebuild().changed == 0  # the rebuild uses each learner's own retention

    clock.at = T0 + timedelta(days=60)
    first = tutor.next(ann, pack.id)
    assert first.kind == "review"
    assert first.question_id is not None
    assert tutor.answer(ann, pack.id, first.question_id, "right").kind == "review"
    # Ann's cap of one review a day is reached; Bo has none.
    assert tutor.next(ann, pack.id).kind == "done"
    assert tutor.next(bo, pack.id).kind == "review"
    # The next day the cap starts again.
    clock.at += timedelta(days=1)
    assert tutor.next(ann, pack.id).kind == "review"


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from([0.0, 0.5, 1.0]), max_size=12), st.integers(0, 2))
def test_every_card_fsrs_makes_reads_back_as_a_card(scores: list[float], hints: int) -> None:
    card = memory.start_card(T0)
    at = T0
    for score in scores:
        at += timedelta(days=3)
        card = memory.review(card, score, hints, at)
        assert memory.checked_card(card) == card


@pytest.mark.parametrize(
    "damage",
    [
        {"due": "x"},
        {"difficulty": "hard"},
        {"difficulty": 0.0},
        {"stability": -5.0},
        {"stability": float("nan")},
        {"state": True},
        {"state": 7},
        {"step": -1},
        {"card_id": "0"},
        {"last_review": "2026-03-01"},  # a time without its zone
        {"extra": 1},
    ],
)
def test_a_card_not_as_fsrs_makes_it_is_refused(damage: dict[str, object]) -> None:
    """A card damaged in the store is rebuilt from the log, not scheduled from (a KeyError or a
    ValueError deep in FSRS)."""
    with pytest.raises(ValueError):
        memory.checked_card({**memory.start_card(T0), **damage})
    with pytest.raises(ValueError):
        memory.checked_card({key: 1 for key in ("due", "state")})
