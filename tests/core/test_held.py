"""What could release a skill held below mastery with its recitals not counting, and how the
reasons say it: the skills above it that can still show first sight, or nothing at all."""

from __future__ import annotations

from dataclasses import replace

from testkit.engine import pack_of, skill

from tutor_tui.core import held
from tutor_tui.core.content import Pack, Skill, evidence_rules
from tutor_tui.core.learner import LearnerState, QuestionProgress, SkillProgress

# a <- b, a <- c, a <- d: b, c and d each build on a.
PACK = pack_of(skill("a"), *(skill(s, ("a",)) for s in "bcd"))


def release_of_a(pack: Pack, *progress: SkillProgress, asked: str = "") -> held.Release:
    """What could release a, with the questions of the skills `asked` all answered."""
    questions = {q.id: QuestionProgress(1, 0) for s in asked for q in pack.skill(s).questions}
    state = LearnerState("L", pack.id, {p.skill_id: p for p in progress}, questions)
    a = pack.skill("a")
    return held.release(a, a.mastery, pack, state, lambda s: s.mastery)


def test_two_skills_above_are_needed_and_those_that_can_still_show_are_named() -> None:
    found = release_of_a(PACK)
    assert found == held.Release(2, ("B", "C", "D")) and not found.sealed
    assert held.what_counts(found) == (
        "; what counts now is answering right questions you have not seen on 2 of the skills"
        " built on it: B, C, D"
    )
    # b shows first sight already: one more is needed, of those not asked yet.
    found = release_of_a(PACK, SkillProgress("b", 0.5, first_sight=2), asked="c")
    assert found == held.Release(1, ("D",))
    assert held.what_counts(found).endswith("on D, which builds on it")
    assert held.waits_for("A", "D", found) == (
        "A waits for answers right at first sight here, on what builds on it"
    )
    assert held.waits_for("A", "C", found) == "A, held below mastery, opens what builds on it"


def test_nothing_above_or_every_question_above_asked_releases_nothing() -> None:
    alone = pack_of(skill("a"))
    assert release_of_a(alone).sealed
    assert release_of_a(PACK, asked="bcd").sealed
    # One question left unasked of each is not the two first sight needs.
    some = {s: replace(PACK.skill(s), questions=PACK.skill(s).questions[:1]) for s in "bcd"}
    assert release_of_a(pack_of(PACK.skill("a"), *some.values())).sealed
    assert held.done(["A", "B"]).startswith(
        "Done for now: nothing you can answer now counts towards A, B: every question of them"
    )


def test_questions_luck_may_answer_cannot_release_it() -> None:
    def lucky(s: Skill) -> Skill:
        chances = {q.id: 0.25 for q in s.questions[1:]}
        return replace(s, mastery=evidence_rules(s.mastery, len(s.questions), chances))

    pack = pack_of(PACK.skill("a"), *(lucky(PACK.skill(s)) for s in "bcd"))
    # Each skill above keeps one typed question: first sight needs two.
    assert release_of_a(pack).sealed


def test_questions_luck_may_answer_release_it_once_together_luck_would_not_explain_them() -> None:
    # Every question of b luck may answer, one time in 25 each: two of them right at first
    # sight (one in 625) are more than luck in a pack of four skills (one in 400).
    chances = {q.id: 0.04 for q in PACK.skill("b").questions}
    b = replace(PACK.skill("b"), mastery=evidence_rules(PACK.skill("b").mastery, 3, chances))
    pack = pack_of(PACK.skill("a"), b, *(PACK.skill(s) for s in "cd"))
    assert release_of_a(pack, asked="cd") == held.Release(2, ("B",))
    # Two of b's questions missed: the one left is one in 25, not enough.
    questions = {"b1": QuestionProgress(1, 0), "b2": QuestionProgress(1, 0)}
    state = LearnerState("L", pack.id, {}, questions)
    assert not held.can_show(b, 0, b.mastery, state)
    state.questions["b2"] = QuestionProgress(1, 1)  # right at first sight: one in 625
    assert held.can_show(b, 0, b.mastery, state)
