"""A goal's forecast through the service: the study it counts, and a goal set again."""

from __future__ import annotations

from datetime import timedelta

from testkit import TutorFor
from testkit.engine import T0, diamond

from tutor_tui.core import pace
from tutor_tui.core.clock import FixedClock

PACK = diamond()


def test_a_new_date_for_a_goal_moves_its_forecast_by_the_date_alone(
    tutor_for: TutorFor, clock: FixedClock
) -> None:
    tutor = tutor_for({PACK.id: PACK})
    ann = tutor.add_learner("Ann")
    tutor.set_goal(ann, PACK.id, (T0 + timedelta(days=30)).date(), 60)
    # Far less than the plan's hour a day: five minutes on each of three days, then a break.
    for day in range(3):
        clock.at = T0 + timedelta(days=day)
        tutor.answer(ann, PACK.id, "a1", "wrong", seconds=300)
    clock.at = T0 + timedelta(days=8)
    [goal] = tutor.goals(ann, active_only=True)
    before = tutor.forecast(ann, goal)
    moved, _ = tutor.set_goal(ann, PACK.id, (T0 + timedelta(days=40)).date(), 60)
    after = tutor.forecast(ann, moved)
    # The pace is still the learner's since the first goal, not the new goal's plan again.
    assert after.minutes_per_day == before.minutes_per_day < 60
    assert after.finish == before.finish and after.days == before.days + 10
    # A goal set anew after the last was dropped starts from its plan.
    tutor.close_goal(ann, PACK.id, "dropped")
    fresh, _ = tutor.set_goal(ann, PACK.id, (T0 + timedelta(days=40)).date(), 60)
    assert tutor.forecast(ann, fresh).minutes_per_day == 60


def test_a_forecast_read_from_the_last_fortnight_is_the_one_read_from_the_whole_goal(
    tutor_for: TutorFor, clock: FixedClock
) -> None:
    tutor = tutor_for({PACK.id: PACK})
    ann = tutor.add_learner("Ann")
    goal, _ = tutor.set_goal(ann, PACK.id, (T0 + timedelta(days=90)).date(), 10)
    for day, count in ((1, 2), (2, 2), (40, 12), (41, 12), (42, 12)):
        for n in range(count):
            clock.at = T0 + timedelta(days=day, minutes=n)
            tutor.answer(ann, PACK.id, f"a{1 + n % 2}", "wrong", seconds=300)
    # The last fortnight enough; then not, and the whole goal read; then the last two months.
    for day in (43, 50, 60, 70):
        clock.at = T0 + timedelta(days=day)
        found = tutor.forecast(ann, goal)
        studied = {d: s / 60 for d, s in tutor.study_days(ann).items()}
        # Nothing mastered: every answer was a miss.
        assert found == pace.forecast(goal, PACK, set(), {}, studied, clock.at.date(), set()), day


def test_a_forecast_counts_skills_placed_out_apart_and_says_when_a_check_sent_them_back(
    tutor_for: TutorFor, clock: FixedClock
) -> None:
    # A miss on a question of several choices says enough to send back what rests on its skill.
    pack = diamond(with_multi=True)
    tutor = tutor_for({pack.id: pack})
    eve = tutor.add_learner("Eve")
    goal, _ = tutor.set_goal(eve, pack.id, (T0 + timedelta(days=30)).date(), 20)
    tutor.place(eve, pack.id, {"a": 0.97, "b": 0.97, "c": 0.97})
    clock.at = T0 + timedelta(days=1)
    shown = tutor.forecast(eve, goal)
    assert (shown.mastered, shown.placed_out) == (0, 3)
    assert "0 of 4 skills mastered, 3 placed out" in shown.summary()
    # The next day a miss on a sends it back, and b and c that rest on it.
    clock.at = T0 + timedelta(days=2)
    assert tutor.answer(eve, pack.id, "a-multi", ("s",)).to_dict()["sent_back"] == ["a", "b", "c"]
    now = tutor.forecast(eve, goal)
    assert (now.mastered, now.placed_out) == (0, 0)
    # Yesterday's figure is the one shown yesterday, and the cause is named.
    assert now.change is not None
    assert now.change.startswith(f"(Yesterday: {shown.standing()}")
    assert "3 skills placed out went back to practice" in now.change


def test_yesterdays_forecast_counts_a_skill_mastered_then_that_slipped_today(
    tutor_for: TutorFor, clock: FixedClock
) -> None:
    from tutor_tui.core import grading

    tutor = tutor_for({PACK.id: PACK})
    sly = tutor.add_learner("Sly")
    goal, _ = tutor.set_goal(sly, PACK.id, (T0 + timedelta(days=60)).date(), 20)
    for n, question in enumerate(PACK.skill("a").questions[:3]):
        clock.at = T0 + timedelta(minutes=n)
        right = grading.correct_response(question)
        tutor.answer(sly, PACK.id, question.id, right, seconds=120)
    assert tutor.forecast(sly, goal).mastered == 1
    clock.at = T0 + timedelta(days=20)
    shown = tutor.forecast(sly, goal)
    clock.at += timedelta(days=1)
    for n in range(4):
        question = PACK.skill("a").questions[n % len(PACK.skill("a").questions)]
        clock.at += timedelta(minutes=1)
        tutor.answer(sly, PACK.id, question.id, "wrong")
    now = tutor.forecast(sly, goal)
    assert now.mastered == 0  # slipped
    assert now.change is not None and now.change.startswith(f"(Yesterday: {shown.standing()}")
    assert "1 fewer skill mastered" in now.change
