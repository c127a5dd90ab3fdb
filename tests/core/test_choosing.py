"""Which question of a skill comes next, on skill a of the diamond: a1, a2, a3 of difficulty 1, 3,
5, and two distinct questions right for mastery."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from testkit.engine import T0, diamond, started

from tutor_tui.core.choosing import pick_question
from tutor_tui.core.content import evidence_rules
from tutor_tui.core.learner import LearnerState, QuestionProgress

NOW = T0 + timedelta(days=1)


def learner(**progress: object) -> tuple[LearnerState, object]:
    skill = replace(started("a", attempts=2, p_known=0.1), **progress)  # type: ignore[arg-type]
    state = LearnerState("L", "diamond", skills={"a": skill})
    state.questions = {
        question_id: QuestionProgress(1, 0, at, 0.0) for question_id, at in skill.seen
    }
    return state, skill


def test_while_the_learner_misses_the_last_unseen_questions_wait_for_a_right_answer() -> None:
    pack = diamond()
    seen = (("a1", NOW - timedelta(minutes=10)), ("a2", NOW - timedelta(minutes=5)))
    # Two misses and no right answer yet: a3 is the last question never seen, and a right answer
    # at first sight is what opens mastery, so practice goes back over a missed one.
    state, progress = learner(seen=seen, misses_in_a_row=2)
    asked = pick_question(pack.skill("a"), state, progress, "a2", NOW)  # type: ignore[arg-type]
    assert asked.id == "a1"
    # A right answer since: the learner may be ready, and the unseen question is asked.
    state, progress = learner(seen=seen, misses_in_a_row=0, answered_right=("a1",))
    asked = pick_question(pack.skill("a"), state, progress, "a1", NOW)  # type: ignore[arg-type]
    assert asked.id == "a3"


def test_an_easier_question_is_never_the_one_whose_answer_was_just_shown() -> None:
    pack = diamond()
    # a1 is the only question easier than a2, and its answer was shown two answers ago.
    seen = (("a1", NOW - timedelta(minutes=4)), ("a2", NOW - timedelta(minutes=2)))
    state, progress = learner(seen=seen, misses_in_a_row=2, evidence=("a3",))
    skill = pack.skill("a")
    asked = pick_question(skill, state, progress, "a2", NOW, easier_than=3)  # type: ignore[arg-type]
    assert asked.id == "a3"


def test_of_questions_alike_the_one_luck_answers_least_often_comes_first() -> None:
    pack = diamond()
    state, progress = learner(p_known=0.5)
    a = pack.skill("a")
    # At 50% the level is difficulty 3: a2, unless luck answers it one time in two.
    assert pick_question(a, state, progress, None, NOW).id == "a2"  # type: ignore[arg-type]
    lucky = replace(a, mastery=evidence_rules(a.mastery, 3, {"a2": 0.5, "a3": 0.25}))
    assert pick_question(lucky, state, progress, None, NOW).id == "a1"  # type: ignore[arg-type]
