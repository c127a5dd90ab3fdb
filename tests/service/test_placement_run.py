"""The one placement driver every shell runs: questions one at a time, each answer stored before
the check learns from it, "not sure" noted without storing, and the skills found known placed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from testkit import TutorFor
from testkit.engine import diamond

from tutor_tui.core.clock import FixedClock
from tutor_tui.core.content import AnyQuestion as Question
from tutor_tui.core.content import MultiQuestion
from tutor_tui.core.grading import Response
from tutor_tui.core.learner import Learner
from tutor_tui.core.placement import PlacementResult
from tutor_tui.service.tutor import PlacementRun, Tutor

PACK = diamond()


@pytest.fixture
def tutor(tutor_for: TutorFor) -> Tutor:
    return tutor_for({PACK.id: PACK})


@pytest.fixture
def ada(tutor: Tutor) -> Learner:
    return tutor.add_learner("Ada")


def test_right_answers_are_stored_as_placement_and_every_skill_is_placed(
    tutor: Tutor, ada: Learner
) -> None:
    run = tutor.start_placement(ada, PACK)
    asked = 0
    while (shown := run.next_question()) is not None:
        asked += 1
        assert run.number == asked
        assert shown.question.skill in PACK.skill_index
        feedback = run.answer(shown.question.id, "right", seconds=4.0)
        assert feedback.kind == "placement" and feedback.correct
    result, placed = run.finish()
    assert 0 < asked <= run.max_questions
    attempts = tutor.attempts(ada, PACK.id)
    assert [a.kind for a in attempts] == ["placement"] * asked
    assert len(result.answers) == asked
    # Three right answers to two-way choices on d cannot tell knowing from guessing: d is not
    # settled and stays as it was; what it requires is placed out.
    assert sorted(placed) == sorted(result.ids("known")) == ["a", "b", "c"]
    assert result.ids("unsure") == ["d"]
    reports = {r.skill.id: r for r in tutor.skill_reports(ada, PACK)}
    assert [s for s, r in reports.items() if r.known] == ["a", "b", "c"]
    assert [r.status for r in reports.values()] == ["placed out"] * 3 + ["ready"]
    # Once the learner has done something in the pack, the check is not offered again.
    assert not tutor.offers_placement(ada, PACK)


def test_not_sure_is_stored_as_a_miss_like_a_wrong_answer(
    tutor: Tutor, ada: Learner, clock: FixedClock
) -> None:
    run = tutor.start_placement(ada, PACK, max_questions=3)
    while (shown := run.next_question()) is not None:
        run.not_sure(shown.question.id)
    result, placed = run.finish()
    attempts = tutor.attempts(ada)
    assert [(a.kind, a.score) for a in attempts] == [("placement", 0.0)] * len(result.answers)
    assert placed == [] and result.ids("known") == []
    assert 0 < len(result.answers) <= 3 and not any(a.right for a in result.answers)
    # What the learner could not answer counts as wrong: the first skill is found not known.
    assert "a" in result.ids("not known")
    # The check showed no answer: a check taken again asks none of them again, and one answered
    # right in practice soon after is the learner's own, evidence as at first sight.
    asked = [a.question_id for a in attempts]
    again = tutor.start_placement(ada, PACK, max_questions=1)
    assert (shown := again.next_question()) is None or shown.question.id not in asked
    first = next(q for q in asked if q.startswith("a"))
    clock.at += timedelta(minutes=10)
    feedback = tutor.answer(ada, PACK.id, first, "right")
    assert feedback.kind == "practice" and feedback.progress.evidence == (first,)


def test_stopping_early_places_what_was_found_so_far(tutor: Tutor, ada: Learner) -> None:
    run = tutor.start_placement(ada, PACK)
    shown = run.next_question()
    assert shown is not None
    run.answer(shown.question.id, "right")
    run.stop()
    assert run.next_question() is None
    result, placed = run.finish()
    assert len(result.answers) == 1 and placed == result.ids("known")
    assert len(tutor.attempts(ada)) == 1


def test_answers_before_a_stop_count_in_the_session(tutor: Tutor, ada: Learner) -> None:
    session = tutor.begin_session(ada, PACK.id)
    run = tutor.start_placement(ada, PACK, session=session)
    shown = run.next_question()
    assert shown is not None
    run.answer(shown.question.id, "right")
    run.stop()
    result, _ = run.finish()
    assert result.summary() == "Placement: 1 question (stopped early)."
    summary = tutor.end_session(session)
    assert summary.answers == 1
    assert not summary.lines()[0].startswith("No answers")


def test_a_second_check_adds_to_the_first_and_asks_nothing_again(
    tutor: Tutor, ada: Learner
) -> None:
    first = tutor.start_placement(ada, PACK, max_questions=3)
    asked = []
    while (shown := first.next_question()) is not None:
        asked.append(shown.question.id)
        first.answer(shown.question.id, "right")
    first.finish()
    second = tutor.start_placement(ada, PACK, max_questions=3)
    assert second.number == 1 and second.placement.carried == 3
    while (shown := second.next_question()) is not None:
        assert shown.question.id not in asked
        second.answer(shown.question.id, "right")
    result, _ = second.finish()
    assert result.carried == 3 and len(result.answers) == 3 + result.asked


def test_a_skill_sent_back_to_practice_is_not_placed_out_again_by_a_second_check(
    tutor: Tutor, ada: Learner
) -> None:
    def right_through(run: PlacementRun) -> tuple[PlacementResult, list[str]]:
        while (shown := run.next_question()) is not None:
            run.answer(shown.question.id, "right")
        return run.finish()

    assert "b" in right_through(tutor.start_placement(ada, PACK))[1]
    # The later check of b: a miss sends it back to practice.
    tutor.answer(ada, PACK.id, PACK.skill("b").questions[0].id, "wrong")
    assert {r.skill.id: r.status for r in tutor.skill_reports(ada, PACK)}["b"] == "in progress"
    # Taking the check again, right throughout, does not place b out again.
    result, placed = right_through(tutor.start_placement(ada, PACK))
    assert "b" not in placed and "b" not in result.ids("known")
    assert {r.skill.id: r.status for r in tutor.skill_reports(ada, PACK)}["b"] == "in progress"


def test_the_same_learner_gets_the_same_check_from_every_shell(tutor: Tutor, ada: Learner) -> None:
    first = tutor.start_placement(ada, PACK).next_question()
    again = tutor.start_placement(ada, PACK).next_question()
    assert first is not None and again is not None
    assert first.question.id == again.question.id


def test_the_check_is_offered_on_a_fresh_pack_outside_timed_and_focused_sessions(
    tutor: Tutor, ada: Learner
) -> None:
    assert tutor.offers_placement(ada, PACK)
    free = tutor.begin_session(ada, PACK.id)
    assert tutor.offers_placement_in(free, ada)
    assert not tutor.offers_placement_in(free, ada, focus="a")
    assert not tutor.offers_placement_in(tutor.begin_session(ada, PACK.id, 10), ada)
    assert not tutor.offers_placement_in(tutor.begin_session(ada, PACK.id, skills=("b",)), ada)
    # The app keeps the learner's own length with a session that is not timed.
    assert tutor.offers_placement_in(tutor.begin_session(ada, PACK.id, 20, timed=False), ada)


def test_a_timed_session_ends_when_its_minutes_are_up_and_suggests_no_break(
    tutor: Tutor, ada: Learner, clock: FixedClock
) -> None:
    from datetime import timedelta

    session = tutor.begin_session(ada, PACK.id, 5)
    assert session.timed and tutor.session_minutes(session, ada) == 5
    clock.at += timedelta(minutes=4, seconds=30)
    assert not tutor.time_is_up(session, ada)
    assert tutor.seconds_left(session, ada) == 30.0
    clock.at += timedelta(seconds=30)
    assert tutor.time_is_up(session, ada) and not tutor.break_due(session, ada)


def test_another_session_suggests_a_break_after_the_learners_own_minutes(
    tutor: Tutor, ada: Learner, clock: FixedClock
) -> None:
    from datetime import timedelta

    session = tutor.begin_session(ada, PACK.id)
    assert not session.timed and tutor.session_minutes(session, ada) == 20
    ada = tutor.update_settings(ada, session_minutes=15)
    clock.at += timedelta(minutes=14)
    assert not tutor.break_due(session, ada)
    assert tutor.seconds_spent(session) == 14 * 60
    clock.at += timedelta(minutes=1)
    assert tutor.break_due(session, ada) and not tutor.time_is_up(session, ada)


def test_a_second_check_sends_back_what_its_answers_no_longer_place_out(
    tutor_for: TutorFor,
) -> None:
    pack = diamond(with_multi=True)
    tutor = tutor_for({pack.id: pack})
    ada = tutor.add_learner("Ada")

    def right(question: Question) -> Response:
        return ("p", "q") if isinstance(question, MultiQuestion) else "right"

    first = tutor.start_placement(ada, pack, max_questions=4)
    while (shown := first.next_question()) is not None:
        first.answer(shown.question.id, right(shown.question))
    assert first.finish()[1]
    # Taken again, every answer wrong: the table and every screen agree on what stays.
    second = tutor.start_placement(ada, pack)
    while (shown := second.next_question()) is not None:
        second.answer(shown.question.id, "wrong" if right(shown.question) == "right" else ("s",))
    result, placed = second.finish()
    assert result.asked > 0 and result.withdrawn
    statuses = {r.skill.id: r.status for r in tutor.skill_reports(ada, pack)}
    assert {s for s, status in statuses.items() if status == "placed out"} == set(placed)
    assert set(result.withdrawn).isdisjoint(placed)
    assert "placed out before" in result.outcome(placed)
    assert result.to_dict(pack)["withdrawn"] == list(result.withdrawn)
