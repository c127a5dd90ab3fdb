"""The reviews-a-day cap is on reviews: checks of skills placed out take none of its slots, and do
not wait for it."""

from __future__ import annotations

from datetime import timedelta

from testkit import TutorFor
from testkit.engine import diamond

from tutor_tui.core.clock import FixedClock


def test_checks_of_skills_placed_out_take_no_review_slot(
    tutor_for: TutorFor, clock: FixedClock
) -> None:
    pack = diamond()
    tutor = tutor_for({pack.id: pack})
    ann = tutor.add_learner("Ann")
    for n in (1, 2, 3):
        clock.at += timedelta(minutes=1)
        mastered = tutor.answer(ann, pack.id, f"a{n}", "right").mastered
    assert mastered
    tutor.place(ann, pack.id, {"b": 0.97, "c": 0.97})
    tutor.store.update_settings(ann.id, {"daily_review_cap": 1}, clock.now())
    ann = tutor.learner("Ann")
    clock.at += timedelta(days=60)  # a's review and both checks are due
    asked = []
    for n in range(3):
        activity = tutor.next(ann, pack.id)
        assert activity.kind == "review" and activity.question_id is not None, activity
        asked.append((activity.skill_id, activity.check))
        clock.at += timedelta(minutes=1)
        tutor.answer(ann, pack.id, activity.question_id, "right")
        if n == 0:
            tutor.forget_cached()  # the day's count read from the log once, then kept as it goes
    # Both checks first, then the one review the cap allows: the checks took none of its slot.
    assert asked == [("b", True), ("c", True), ("a", False)] or asked == [
        ("c", True),
        ("b", True),
        ("a", False),
    ]
    assert tutor.next(ann, pack.id).kind != "review"
