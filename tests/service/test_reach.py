"""What a learner may answer or read: a question or a lesson they chose (`tutor answer`, `tutor
lesson`) only of a skill open to them, as the app and plain mode offer them; a placement check
asks any."""

from __future__ import annotations

import pytest
from testkit import TutorFor
from testkit.engine import diamond

from tutor_tui.core.errors import TutorError

PACK = diamond()


def test_a_question_chosen_waits_for_its_skill_to_open_and_nothing_is_stored(
    tutor_for: TutorFor,
) -> None:
    tutor = tutor_for({PACK.id: PACK})
    ann = tutor.add_learner("Ann")
    with pytest.raises(TutorError, match=r"cannot answer 'b1' yet: 'B' needs A mastered first"):
        tutor.answer(ann, PACK.id, "b1", "right", chosen=True)
    assert tutor.store.attempts(ann.id, PACK.id) == []
    with pytest.raises(TutorError, match="'B' needs A mastered first"):
        tutor.next(ann, PACK.id, focus="b")
    with pytest.raises(TutorError, match="'B' needs A mastered first"):
        tutor.read_lesson(ann, PACK.id, "b", chosen=True)
    assert "b" not in tutor.state(ann, PACK).skills
    # A placement check asks any skill; its answers are not chosen by the learner.
    tutor.answer(ann, PACK.id, "d1", "wrong", kind="placement")
    # Placed out, A opens what requires it alone; D waits for both of its prerequisites.
    tutor.place(ann, PACK.id, {"a": 0.97})
    assert tutor.answer(ann, PACK.id, "b1", "right", chosen=True).correct
    assert tutor.read_lesson(ann, PACK.id, "b", chosen=True).id == "b"
    with pytest.raises(TutorError, match="'D' needs B, C mastered first"):
        tutor.answer(ann, PACK.id, "d2", "right", chosen=True)
    # The skill placed out is known: its later check may be answered too.
    assert tutor.answer(ann, PACK.id, "a2", "right", chosen=True).kind == "review"
    assert [a.question_id for a in tutor.store.attempts(ann.id, PACK.id)] == ["d1", "b1", "a2"]
