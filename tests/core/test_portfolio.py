"""A portfolio's facts: what a learner's record says agrees with what the store holds."""

from __future__ import annotations

from datetime import timedelta

from testkit import TutorFor
from testkit.portfolios import PACK_ID, START, built, walk
from testkit.sessions import PACK

from tutor_tui.core.clock import FixedClock


def test_the_portfolio_agrees_with_the_store(tutor_for: TutorFor, clock: FixedClock) -> None:
    tutor = tutor_for({PACK_ID: PACK})
    learner = tutor.add_learner("Ann")
    walk(tutor, learner, clock)
    clock.at = START + timedelta(days=6)
    found = built(tutor, learner)
    answers, seconds = tutor.totals(learner)[PACK_ID]
    [record] = found.packs
    assert (record.answers, record.seconds, record.right) == (answers, seconds, answers)
    assert found.accuracy == 1.0 and found.seconds == seconds
    states = tutor.store.skill_states(learner.id)
    mastered = {k[1]: p.mastered_at for k, p in states.items() if p.mastered_at is not None}
    assert {m.skill_id: m.mastered_at for m in record.mastered} == mastered
    assert [m.mastered_at for m in record.mastered] == sorted(mastered.values())
    assert all(m.mastered_on == m.mastered_at.date() and m.current for m in record.mastered)
    assert found.mastered_count == len(mastered) > 0 and found.skills_total == len(PACK.skills)
    assert (found.days_studied, found.longest_streak, found.first_day) == (4, 4, START.date())
    # The chart runs from at least two weeks back to today; its last point is the store's count.
    assert found.series[-1].day == tutor.now().date() and len(found.series) == 14
    assert found.series[-1].mastered == len(mastered)
