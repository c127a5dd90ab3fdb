"""A typed answer its question gives away (a cloze of left and right, of and and or) is a coin's
toss: right at first sight, it does not make the answers shown count when recited on its skill."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from testkit import TutorFor
from testkit.engine import T0

from tutor_tui.core.clock import FixedClock
from tutor_tui.core.content import Pack, evidence_rules, luck_of
from tutor_tui.core.grading import correct_response
from tutor_tui.packs import catalog
from tutor_tui.packs.loader import load_pack

# Each skill's cloze that its text gives away, as the pack declares it (`guess`).
COINS = {"variables": "var-assign-direction", "booleans": "bool-and-or-cloze"}


def python_pack(declared: bool) -> Pack:
    """The built-in Python pack, with its questions' declared chances, or with them taken out."""
    result = load_pack(catalog.builtin_packs_home() / "python-foundations", advise=False)
    assert result.pack is not None
    if declared:
        return result.pack
    skills = []
    for skill in result.pack.skills:
        questions = tuple(replace(q, guess=None) for q in skill.questions)
        rules = evidence_rules(skill.mastery, len(questions), luck_of(questions))
        skills.append(replace(skill, questions=questions, mastery=rules))
    return replace(result.pack, skills=tuple(skills))


@pytest.mark.parametrize("declared", [True, False])
def test_a_given_away_cloze_and_recitals_master_nothing(
    tutor_for: TutorFor, clock: FixedClock, declared: bool
) -> None:
    pack = python_pack(declared)
    tutor = tutor_for({pack.id: pack})
    gia = tutor.add_learner("Gia")
    clock.at = T0
    for skill_id, coin in COINS.items():
        # The cloze filled from its own text; every other question "I don't know", answer shown.
        assert tutor.answer(gia, pack.id, coin, correct_response(pack.question(coin))).correct
        for question in pack.skill(skill_id).questions:
            if question.id != coin:
                assert not tutor.answer(gia, pack.id, question.id, None).correct
    mastered = set()
    for day in (1, 2):
        clock.at = T0 + timedelta(days=day)
        for skill_id, coin in COINS.items():
            for question in pack.skill(skill_id).questions:
                if question.id != coin:
                    feedback = tutor.answer(gia, pack.id, question.id, correct_response(question))
                    assert feedback.correct
                    if feedback.mastered:
                        mastered.add(skill_id)
    # Without the pack's word, the same recitals master both skills: the test can fail.
    assert mastered == (set() if declared else set(COINS))
