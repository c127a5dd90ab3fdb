"""A clock set back never orders a lesson read or a skill placed before what the learner did
last in the pack: each is stamped just after it, as answers are, and a rebuild derives the same."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from testkit import TutorFor
from testkit.engine import T0, diamond

from tutor_tui.core.clock import FixedClock
from tutor_tui.core.errors import ClockBehind

# A question of several choices on each skill: a miss on it says enough to send back what rests
# on its skill (`placement_followup.sends_back_above`).
PACK = diamond(with_multi=True)


def test_lessons_and_placements_follow_the_last_event_when_the_clock_is_set_back(
    tutor_for: TutorFor, clock: FixedClock
) -> None:
    tutor = tutor_for({PACK.id: PACK})
    ann = tutor.add_learner("Ann")
    clock.at = T0 + timedelta(hours=1)
    tutor.answer(ann, PACK.id, "c1", "wrong")  # c, practised, is not placed out
    clock.at = T0  # an hour back: the lesson read after the miss is still after it
    tutor.read_lesson(ann, PACK.id, "a")
    clock.at = T0 - timedelta(hours=1)
    tutor.place(ann, PACK.id, {"a": 0.95, "b": 0.95})
    clock.at = T0 - timedelta(hours=2)
    missed = tutor.answer(ann, PACK.id, "a-multi", ("s",))  # sends b, which rests on a, back
    assert [s.id for s in missed.sent_back] == ["b"]
    log = tutor.store.export_rows([ann.id])
    done = sorted(
        [(row["id"], row["answered_at"], "answer") for row in log["attempts"]]
        + [(row["id"], row["viewed_at"], "lesson") for row in log["lesson_views"]]
        + [(row["id"], row["placed_at"], "placed") for row in log["placements"]]
    )  # in the order they were done: ids are made in time order
    assert [kind for *_, kind in done] == ["answer", "lesson", *["placed"] * 2, "answer", "placed"]
    replayed = sorted(done, key=lambda event: (event[1], event[0]))
    assert replayed == done, "a rebuild replays them in the order they were done"
    assert datetime.fromisoformat(done[0][1]) == T0 + timedelta(hours=1)
    # The miss after the lesson calls for another look at it; the rebuild agrees with the live
    # state, as it would not with the lesson and the placement replayed before the first miss.
    assert tutor.view(ann, PACK).skills["a"].placed_at is None
    assert tutor.check() == []
    assert tutor.rebuild().changed == 0


def test_an_answer_is_never_dated_before_its_learner_was_created(
    tutor_for: TutorFor, clock: FixedClock
) -> None:
    # A learner created on a computer whose clock reads right, carried to a laptop whose clock
    # reads an hour behind: an answer dated before the learner was created would be set aside by
    # the teacher's import, which showed nothing of what the laptop showed mastered.
    tutor = tutor_for({PACK.id: PACK})
    ann = tutor.add_learner("Ann")
    clock.at = T0 - timedelta(hours=1)
    tutor.answer(ann, PACK.id, "a1", "right")
    (answer,) = tutor.store.export_rows([ann.id])["attempts"]
    assert datetime.fromisoformat(answer["answered_at"]) > ann.created_at
    # A clock more than a day behind a learner's creation records nothing, and says why.
    clock.at = T0
    bob = tutor.add_learner("Bob")
    clock.at = T0 - timedelta(days=2)
    with pytest.raises(ClockBehind, match="Bob was created"):
        tutor.answer(bob, PACK.id, "a1", "right")
    assert tutor.store.export_rows([bob.id])["attempts"] == []
