"""Events of the same instant replay in one order, whatever order they reached the database in.

Two laptops can log a learner's answers at the same instant (a clock set by `TUTOR_NOW`, or
clocks that agree to the microsecond). Knowledge tracing depends on the order of the evidence, so
if ties were broken by arrival, importing two bundles one way round or the other would give
different mastery from the same log.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from testkit.engine import pack_of, skill

from tutor_tui.core import merge as rules
from tutor_tui.core.clock import FixedClock
from tutor_tui.files import bundle as sync
from tutor_tui.service.tutor import Tutor
from tutor_tui.store.database import Store

PACK = pack_of(skill("a"))
AT = "2026-03-02T09:00:00+00:00"
ANN = {
    "id": "0190f000-0000-7000-8000-000000000001",
    "name": "Ann",
    "created_at": AT,
    "group": None,
    "settings": {},
}


def attempt(event_id: str, question_id: str, score: float) -> dict[str, Any]:
    return {
        "id": event_id,
        "learner_id": ANN["id"],
        "pack_id": PACK.id,
        "pack_version": PACK.version,
        "skill_id": "a",
        "question_id": question_id,
        "response": "right" if score else "wrong",
        "score": score,
        "hints_used": 0,
        "seconds": 10.0,
        "answered_at": AT,
        "kind": "practice",
        "session_id": None,
    }


def bundle(*attempts: dict[str, Any]) -> sync.Bundle:
    rows: dict[str, list[dict[str, Any]]] = {kind: [] for kind in rules.KINDS}
    rows["learners"] = [ANN]
    rows["attempts"] = list(attempts)
    return sync.decode(sync.encode(rows, datetime(2026, 3, 3, tzinfo=UTC)))


def merged(*bundles: sync.Bundle) -> Tutor:
    tutor = Tutor(
        Store.open("sqlite://"), {PACK.id: PACK}, FixedClock(datetime(2026, 3, 3, tzinfo=UTC))
    )
    for item in bundles:
        tutor.store.merge(item, tutor.params_for)
    return tutor


def test_answers_of_the_same_instant_from_two_laptops_give_one_mastery_in_either_order() -> None:
    right = bundle(attempt("0190f000-0000-7000-8000-00000000000a", "a1", 1.0))
    wrong = bundle(
        attempt("0190f000-0000-7000-8000-00000000000b", "a2", 0.0),
        attempt("0190f000-0000-7000-8000-00000000000c", "a3", 0.0),
    )
    one, two = merged(right, wrong), merged(wrong, right)
    ann_one, ann_two = one.learner("Ann"), two.learner("Ann")
    first = one.store.skill_states(ann_one.id)[(PACK.id, "a")]
    second = two.store.skill_states(ann_two.id)[(PACK.id, "a")]
    assert first == second
    # And each is what a rebuild from the log gives.
    assert one.rebuild().changed == 0 and two.rebuild().changed == 0


def test_misses_after_a_placement_at_the_same_instant_count_after_it() -> None:
    """Under a fixed clock (TUTOR_NOW) a placement and the practice after it share their time:
    replayed by id, as they were recorded, the misses undo the placement, and a rebuild agrees."""
    tutor = Tutor(
        Store.open("sqlite://"), {PACK.id: PACK}, FixedClock(datetime(2026, 3, 3, tzinfo=UTC))
    )
    ann = tutor.add_learner("Ann")
    tutor.place(ann, PACK.id, {"a": 0.97})
    for question_id in ("a1", "a2", "a3"):
        tutor.answer(ann, PACK.id, question_id, "wrong")
    state = tutor.store.skill_states(ann.id)[(PACK.id, "a")]
    assert not state.is_mastered(PACK.skill("a").mastery)
    assert tutor.rebuild().changed == 0


def test_a_question_moved_to_another_skill_keeps_its_count_when_answered_at_the_same_instant() -> (
    None
):
    """A new version of a pack moved question a1 from skill a to b. Answered again at the instant
    of the first answer (a fixed clock), the question's count is derived from both answers, as a
    rebuild derives it."""
    from dataclasses import replace

    from testkit.engine import choice

    old = pack_of(skill("a"), skill("b", ("a",)))
    moved = replace(
        old,
        skills=(
            replace(old.skill("a"), questions=old.skill("a").questions[1:]),
            replace(old.skill("b"), questions=(*old.skill("b").questions, choice("a1", "b"))),
        ),
    )
    store, clock = Store.open("sqlite://"), FixedClock(datetime(2026, 3, 3, tzinfo=UTC))
    ann = Tutor(store, {old.id: old}, clock).add_learner("Ann")
    Tutor(store, {old.id: old}, clock).answer(ann, old.id, "a1", "right")
    later = Tutor(store, {moved.id: moved}, clock)
    later.answer(ann, moved.id, "a1", "right")
    assert later.store.learner_state(ann, moved.id, clock.at).questions["a1"].attempts == 2
    assert later.check() == []


def test_an_answer_stamped_earlier_on_another_skill_derives_the_pack_again() -> None:
    """Whether recalled answers count depends on right answers at first sight on two skills that
    require the skill: such answers on b and c, recorded stamped (on another laptop, say) before
    the recalled answers on a, make them count, as a rebuild replaying the log in time order
    finds."""
    from dataclasses import replace

    from tutor_tui.core.content import evidence_rules
    from tutor_tui.core.ids import new_id
    from tutor_tui.core.learner import Attempt

    a, b, c = (
        replace(skill(s, needs), mastery=evidence_rules(skill(s).mastery, 3))
        for s, needs in (("a", ()), ("b", ("a",)), ("c", ("a",)))
    )
    three = pack_of(a, b, c)
    start = datetime(2026, 3, 3, 9, tzinfo=UTC)
    clock = FixedClock(start)
    tutor = Tutor(Store.open("sqlite://"), {three.id: three}, clock)
    ann = tutor.add_learner("Ann")
    for question_id in ("a1", "a2", "a3"):
        tutor.answer(ann, three.id, question_id, "wrong")
    clock.at = start + timedelta(days=1)
    for question_id in ("a1", "a2", "a3"):
        tutor.answer(ann, three.id, question_id, "right")
    assert tutor.store.skill_states(ann.id)[(three.id, "a")].evidence == ()
    for minutes, question_id in ((60, "b1"), (61, "b2"), (62, "c1"), (63, "c2")):
        earlier = Attempt(
            id=new_id(),
            learner_id=ann.id,
            pack_id=three.id,
            pack_version=three.version,
            question_id=question_id,
            skill_id=question_id[0],
            response="right",
            score=1.0,
            hints_used=0,
            seconds=None,
            at=start + timedelta(minutes=minutes),
        )
        tutor.store.record_attempt(earlier, tutor.params_for)
    assert tutor.store.skill_states(ann.id)[(three.id, "a")].evidence == ("a1", "a2", "a3")
    assert tutor.rebuild().changed == 0
