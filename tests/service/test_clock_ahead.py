"""A clock that read ahead once never carries what follows as far forward: the next event is
refused with the reason, `doctor` names what was dated ahead, and mending dates it again by the
clock, in order, so that reviews come due and recalls count as they would have."""

from __future__ import annotations

from datetime import timedelta

import pytest
from testkit import TutorFor
from testkit.engine import T0, diamond

from tutor_tui.core.clock import FixedClock
from tutor_tui.core.errors import ClockBehind

PACK = diamond()


def test_an_answer_after_one_dated_a_year_ahead_is_refused_until_mended(
    tutor_for: TutorFor, clock: FixedClock
) -> None:
    tutor = tutor_for({PACK.id: PACK})
    ann = tutor.add_learner("Ann")
    tutor.answer(ann, PACK.id, "a1", "wrong")
    clock.at = T0 + timedelta(days=366)  # the clock is wrong once
    tutor.begin_session(ann, PACK.id, 20)
    tutor.answer(ann, PACK.id, "a2", "wrong")
    clock.at = T0 + timedelta(minutes=30)  # and right again
    with pytest.raises(ClockBehind, match="dated 2027-03-0.*after this computer's clock"):
        tutor.answer(ann, PACK.id, "a3", "wrong")
    with pytest.raises(ClockBehind):
        tutor.read_lesson(ann, PACK.id, "a")
    assert len(tutor.attempts(ann)) == 2, "nothing refused was recorded"
    events, others = tutor.check()
    assert "'Ann' in pack 'diamond': 1 event" in events and "--mend-times" in events
    assert others.startswith("1 date of study sessions, goals or learners' settings after")

    assert tutor.mend_times() == 2
    assert tutor.check() == [] and tutor.rebuild().changed == 0
    times = [attempt.at for attempt in tutor.attempts(ann)]
    assert times == [T0, T0 + timedelta(minutes=30, microseconds=1)], "in order, by the clock"
    clock.at = T0 + timedelta(minutes=31)
    tutor.answer(ann, PACK.id, "a3", "wrong")
    assert tutor.attempts(ann)[-1].at == clock.at
    assert tutor.view(ann, PACK).skills["a"].last_seen == clock.at


def test_a_clock_a_few_hours_behind_still_follows_the_last_answer(
    tutor_for: TutorFor, clock: FixedClock
) -> None:
    tutor = tutor_for({PACK.id: PACK})
    ann = tutor.add_learner("Ann")
    clock.at = T0 + timedelta(hours=20)
    tutor.answer(ann, PACK.id, "a1", "wrong")
    clock.at = T0  # within a day: two laptops' clocks, a time zone set wrong
    tutor.answer(ann, PACK.id, "a1", "wrong")
    assert tutor.attempts(ann)[-1].at == T0 + timedelta(hours=20, microseconds=1)
    assert tutor.check() == []


def test_mending_is_refused_when_most_of_the_log_is_ahead_a_clock_now_behind(
    tutor_for: TutorFor, clock: FixedClock
) -> None:
    # A dead clock battery: the computer now reads a year behind everything done on it.
    tutor = tutor_for({PACK.id: PACK})
    ann = tutor.add_learner("Ann")
    for minute, question in enumerate(("a1", "a2", "a3")):
        clock.at = T0 + timedelta(minutes=minute)
        tutor.answer(ann, PACK.id, question, "wrong")
    before = [attempt.at for attempt in tutor.attempts(ann)]
    clock.at = T0 - timedelta(days=365)
    assert tutor.check(), "doctor still names what is ahead of this clock"
    with pytest.raises(ClockBehind, match="3 of the 3 events .* Nothing was changed"):
        tutor.mend_times()
    assert [attempt.at for attempt in tutor.attempts(ann)] == before
