"""Knowledge tracing: the update math by hand, and how weaker evidence moves mastery less."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from testkit import TutorFor
from testkit.engine import T0, pack_of, skill

from tutor_tui.core import mastery
from tutor_tui.core.content import (
    ChoiceQuestion,
    Mastery,
    MatchQuestion,
    MultiQuestion,
    OrderQuestion,
    Pair,
    ShortQuestion,
    TrueFalseQuestion,
    evidence_rules,
    guess_chance,
    guessable,
)

DEFAULT = Mastery()  # threshold 0.95, prior 0.1, learn 0.2, slip 0.1, guess 0.2
# Round numbers that make the hand computation easy: slip 0.05, guess 0.25, learn 0.1.
ROUND = Mastery(threshold=0.9, prior=0.5, learn=0.1, slip=0.05, guess=0.25)

probabilities = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
scores = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
hint_counts = st.integers(min_value=0, max_value=10)


@st.composite
def parameters(draw: st.DrawFn) -> Mastery:
    """Sensible parameters: a guess is less likely than a right answer from someone who knows."""
    return Mastery(
        threshold=draw(st.floats(0.5, 0.99)),
        prior=draw(st.floats(0.01, 0.5)),
        learn=draw(st.floats(0.0, 0.5)),
        slip=draw(st.floats(0.01, 0.3)),
        guess=draw(st.floats(0.01, 0.45)),
    )


FAST = settings(max_examples=200, deadline=None)


# Hand-computed values ----------------------------------------------------------------------


def test_p_correct_mixes_knowing_and_guessing() -> None:
    # 0.5 * (1 - 0.05) + 0.5 * 0.25 = 0.475 + 0.125
    assert mastery.p_correct(0.5, ROUND) == pytest.approx(0.6)
    # 0.1 * 0.9 + 0.9 * 0.2 = 0.09 + 0.18
    assert mastery.p_correct(0.1, DEFAULT) == pytest.approx(0.27)


def test_right_answer_by_hand() -> None:
    # Posterior: 0.5 * 0.95 / (0.5 * 0.95 + 0.5 * 0.25) = 0.475 / 0.6 = 19/24
    assert mastery.posterior(0.5, 1.0, ROUND) == pytest.approx(19 / 24)
    # Then learning: 19/24 + (5/24) * 0.1 = 0.8125
    assert mastery.update(0.5, 1.0, ROUND) == pytest.approx(0.8125)
    # From the default prior: 0.09 / 0.27 = 1/3, then 1/3 + (2/3) * 0.2 = 7/15
    assert mastery.posterior(0.1, 1.0, DEFAULT) == pytest.approx(1 / 3)
    assert mastery.update(0.1, 1.0, DEFAULT) == pytest.approx(7 / 15)


def test_wrong_answer_by_hand() -> None:
    # Posterior: 0.5 * 0.05 / (0.5 * 0.05 + 0.5 * 0.75) = 0.025 / 0.4 = 0.0625
    assert mastery.posterior(0.5, 0.0, ROUND) == pytest.approx(0.0625)
    # Then learning: 0.0625 + 0.9375 * 0.1 = 0.15625
    assert mastery.update(0.5, 0.0, ROUND) == pytest.approx(0.15625)
    # From the default prior: 0.01 / 0.73 = 1/73, then 1/73 + (72/73) * 0.2 = 15.4/73, above
    # the prior: a wrong answer never raises the estimate, so it stays where it was.
    assert mastery.posterior(0.1, 0.0, DEFAULT) == pytest.approx(1 / 73)
    assert mastery.update(0.1, 0.0, DEFAULT) == pytest.approx(0.1)
    for p in (0.01, 0.1, 0.2, 0.5, 0.9):
        assert mastery.update(p, 0.0, DEFAULT, weight=0.3) <= p


def test_partial_score_is_that_share_of_a_right_answer() -> None:
    # 2 of 3 right: 2/3 * 19/24 + 1/3 * 1/16 = 19/36 + 1/48
    expected = Fraction(2, 3) * Fraction(19, 24) + Fraction(1, 3) * Fraction(1, 16)
    assert mastery.posterior(0.5, 2 / 3, ROUND) == pytest.approx(float(expected))
    # Then learning with 0.1.
    after = expected + (1 - expected) * Fraction(1, 10)
    assert mastery.update(0.5, 2 / 3, ROUND) == pytest.approx(float(after))


def test_each_hint_keeps_sixty_percent_of_a_right_answers_evidence() -> None:
    assert mastery.HINT_DISCOUNT == 0.6
    # From 0.5 an unaided right answer moves the posterior by 19/24 - 1/2 = 7/24.
    assert mastery.posterior(0.5, 1.0, ROUND, hints_used=1) == pytest.approx(0.5 + 0.6 * 7 / 24)
    assert mastery.posterior(0.5, 1.0, ROUND, hints_used=2) == pytest.approx(0.5 + 0.36 * 7 / 24)
    # From the default prior: 0.1 + 0.6 * (1/3 - 0.1) = 0.24
    assert mastery.posterior(0.1, 1.0, DEFAULT, hints_used=1) == pytest.approx(0.24)


def test_a_right_answer_counts_as_much_as_luck_leaves_it() -> None:
    # A true/false: luck answers it right one time in two, not the skill's one in five. From
    # 0.5 with slip 0.1: 0.45 / (0.45 + 0.25) = 9/14, where a typed answer gives 0.45 / 0.55.
    params = evidence_rules(DEFAULT, 3, {"tf": 0.5, "sure": 0.999})
    assert mastery.posterior(0.5, 1.0, params, question_id="tf") == pytest.approx(9 / 14)
    assert mastery.posterior(0.5, 1.0, params, question_id="typed") == pytest.approx(9 / 11)
    # A wrong one says less against in turn: 0.05 / (0.05 + 0.25).
    assert mastery.posterior(0.5, 0.0, params, question_id="tf") == pytest.approx(1 / 6)
    # Luck is taken as no likelier than a right answer from one who knows: then nothing moves.
    assert mastery.posterior(0.5, 1.0, params, question_id="sure") == pytest.approx(0.5)
    assert mastery.posterior(0.5, 0.0, params, question_id="sure") == pytest.approx(0.5)


def test_lucky_choices_and_true_falses_beside_one_typed_answer_master_nothing() -> None:
    # A simulated novice who had not learnt Finding a fraction of an amount: a typed miss, then a
    # choice of four, a true/false and a typed answer right. Weighed as luck one time in five,
    # the three right answers took it to 97%, mastered.
    params = evidence_rules(DEFAULT, 8, {"choice": 0.25, "tf": 0.5})
    p = DEFAULT.prior
    for score, question in ((0.0, "typed-1"), (1.0, "choice"), (1.0, "tf"), (1.0, "typed-2")):
        p = mastery.update(p, score, params, question_id=question)
    assert p == pytest.approx(0.918, abs=1e-3)
    assert not mastery.is_mastered(p, params)


def test_a_wrong_answer_after_hints_counts_fully_against() -> None:
    unaided = mastery.posterior(0.5, 0.0, ROUND)
    assert mastery.posterior(0.5, 0.0, ROUND, hints_used=3) == pytest.approx(unaided)


def test_negative_hints_count_as_none() -> None:
    assert mastery.posterior(0.5, 1.0, ROUND, hints_used=-2) == mastery.posterior(0.5, 1.0, ROUND)


def test_three_unaided_right_answers_master_a_default_skill() -> None:
    # 0.1 -> 7/15 = 0.4667 -> 0.8380 -> 0.9670 (hand-computed with the default parameters).
    p = DEFAULT.prior
    trail = []
    for _ in range(3):
        p = mastery.update(p, 1.0, DEFAULT)
        trail.append(p)
    assert trail == pytest.approx([7 / 15, 0.837975, 0.967042], abs=1e-6)
    assert not mastery.is_mastered(trail[1], DEFAULT)
    assert mastery.is_mastered(trail[2], DEFAULT)


def test_mastered_at_the_threshold_exactly() -> None:
    assert mastery.is_mastered(0.95, DEFAULT)
    assert not mastery.is_mastered(0.9499999, DEFAULT)
    assert mastery.is_mastered(0.9, ROUND)


def test_scores_outside_0_1_are_clamped() -> None:
    assert mastery.posterior(0.5, 1.7, ROUND) == mastery.posterior(0.5, 1.0, ROUND)
    assert mastery.posterior(0.5, -1.0, ROUND) == mastery.posterior(0.5, 0.0, ROUND)


def test_certainty_is_kept_away_from_0_and_1() -> None:
    # p = 0 or 1 would never move again; the estimate stays strictly inside.
    assert 0.0 < mastery.update(0.0, 0.0, Mastery(learn=0.0)) < 1e-3
    assert 1.0 - 1e-3 < mastery.update(1.0, 1.0, DEFAULT) < 1.0
    assert mastery.update(1.0, 0.0, DEFAULT) < 1.0


def test_always_wrong_never_reaches_mastery() -> None:
    # Repeated misses settle well below the threshold, whatever the learning rate does.
    p = DEFAULT.prior
    for _ in range(200):
        p = mastery.update(p, 0.0, DEFAULT)
    assert p < 0.3
    assert not mastery.is_mastered(p, DEFAULT)


# Properties ---------------------------------------------------------------------------------


@FAST
@given(p=probabilities, score=scores, hints=hint_counts, params=parameters())
def test_more_hints_never_raise_the_posterior_more(
    p: float, score: float, hints: int, params: Mastery
) -> None:
    fewer = mastery.posterior(p, score, params, hints_used=hints)
    more = mastery.posterior(p, score, params, hints_used=hints + 1)
    assert more <= fewer + 1e-12
    assert (
        mastery.update(p, score, params, hints + 1)
        <= mastery.update(p, score, params, hints) + 1e-12
    )


@FAST
@given(p=probabilities, a=scores, b=scores, hints=hint_counts, params=parameters())
def test_the_posterior_rises_with_the_score(
    p: float, a: float, b: float, hints: int, params: Mastery
) -> None:
    low, high = sorted((a, b))
    assert (
        mastery.posterior(p, low, params, hints)
        <= mastery.posterior(p, high, params, hints) + 1e-12
    )
    assert mastery.update(p, low, params, hints) <= mastery.update(p, high, params, hints) + 1e-12


@FAST
@given(
    p=st.floats(0.01, 0.99),
    score=st.floats(0.0, 0.99),
    hints=st.integers(1, 10),
    params=parameters(),
)
def test_partial_and_hinted_answers_move_mastery_less_than_full_unaided_ones(
    p: float, score: float, hints: int, params: Mastery
) -> None:
    full = mastery.update(p, 1.0, params)
    assert mastery.update(p, score, params) < full
    assert mastery.update(p, 1.0, params, hints_used=hints) < full
    assert mastery.update(p, score, params, hints_used=hints) < full


@FAST
@given(p=probabilities, score=scores, hints=hint_counts, params=parameters())
def test_estimates_stay_probabilities(p: float, score: float, hints: int, params: Mastery) -> None:
    after = mastery.update(p, score, params, hints)
    assert 0.0 < after < 1.0
    assert 0.0 <= mastery.posterior(p, score, params, hints) <= 1.0


@FAST
@given(p=st.floats(0.0, 1.0), params=parameters())
def test_right_answers_raise_and_wrong_answers_lower_the_posterior(
    p: float, params: Mastery
) -> None:
    clamped = min(1 - 1e-6, max(1e-6, p))
    assert mastery.posterior(p, 1.0, params) >= clamped - 1e-12
    assert mastery.posterior(p, 0.0, params) <= clamped + 1e-12


def test_the_service_traces_each_skill_with_its_packs_parameters(tutor_for: TutorFor) -> None:
    own = Mastery(threshold=0.6, prior=0.3, learn=0.1, slip=0.1, guess=0.2)
    pack = pack_of(replace(skill("a"), mastery=own), skill("b", ("a",)))
    tutor = tutor_for({pack.id: pack})
    ann = tutor.add_learner("Ann")
    # By hand: 0.3 * 0.9 / (0.27 + 0.7 * 0.2) = 0.6585, then + 0.3415 * 0.1 = 0.6927 >= 0.6
    feedback = tutor.answer(ann, pack.id, "a1", "right")
    assert mastery.update(0.3, 1.0, own) == pytest.approx(0.692683, abs=1e-6)
    # Past the threshold, but right on one question only: not mastered until a second one, and
    # held below the threshold till then.
    assert feedback.progress.p_known == pytest.approx(0.6 - mastery.HELD_BELOW)
    assert not feedback.mastered
    assert feedback.to_dict()["mastery"] == round(feedback.progress.p_known, 4)
    second = tutor.answer(ann, pack.id, "a2", "right")
    assert second.mastered and second.newly_mastered
    # b keeps the defaults: one right answer is far from mastery there.
    other = tutor.answer(ann, pack.id, "b1", "right")
    assert other.progress.p_known == pytest.approx(7 / 15)
    assert not other.mastered


# Answers luck may give ---------------------------------------------------------------------


def test_each_question_types_chance_of_a_lucky_guess() -> None:
    four = ChoiceQuestion(id="c", choices=("a", "b", "c", "d"), answer="a")
    assert guess_chance(four) == 0.25 and guessable(four)
    assert guessable(TrueFalseQuestion(id="t", answer=True))
    assert guessable(MultiQuestion(id="m", choices=tuple("abc"), answers=("a",)))
    assert not guessable(MultiQuestion(id="m", choices=tuple("abcdefg"), answers=("a",)))
    assert guessable(OrderQuestion(id="o", items=tuple("abcd")))
    assert not guessable(OrderQuestion(id="o", items=tuple("abcde")))
    pairs = tuple(Pair(left, str(n)) for n, left in enumerate("abcde"))
    assert guess_chance(MatchQuestion(id="p", pairs=pairs[:2])) == 0.5
    assert guess_chance(MatchQuestion(id="p", pairs=pairs[:3], reuse=True)) == 1 / 27
    assert not guessable(MatchQuestion(id="p", pairs=pairs))
    assert guess_chance(ShortQuestion(id="s", answers=("x",))) == 0.0
    # Typed, but a coin's toss.
    assert guess_chance(ShortQuestion(id="b", answers=("False",))) == 0.5
    assert guess_chance(ShortQuestion(id="y", answers=("yes", "Yes"))) == 0.5
    assert guess_chance(ShortQuestion(id="f", answers=("False.",))) == 0.0


def test_recitals_open_on_evidence_luck_does_not_explain() -> None:
    # A skill of six: two typed (s1, s2), a true/false, a choice of four, a set of six choices.
    luck = {"tf": 0.5, "c4": 0.25, "m6": 1 / 63}
    params = evidence_rules(Mastery(), 6, luck)
    assert params.guessable == frozenset(luck) and params.chance("c4") == 0.25
    assert params.chance("s1") == 0.0
    assert not mastery.opened((), params)
    # One lucky true/false, or with a choice of four too: one in eight, luck explains it.
    assert not mastery.opened(("tf",), params)
    assert not mastery.opened(("tf", "c4"), params)
    # A typed answer, or a set of six and a true/false (one in 126): more than luck.
    assert mastery.opened(("s1",), params)
    assert mastery.opened(("tf", "s2"), params)
    assert mastery.opened(("m6", "tf"), params)
    # Two distinct questions are evidence enough only when they are more than luck.
    assert not mastery.enough(("tf", "c4"), params)
    assert mastery.enough(("tf", "s1"), params) and not mastery.enough(("s1",), params)
    # A skill whose every question luck may answer, all of them more than one in a hundred
    # together, takes right answers to all of them: one coin's toss is not enough.
    every = evidence_rules(Mastery(), 2, {"tf": 0.5, "c4": 0.25})
    assert not mastery.opened(("tf",), every)
    assert mastery.opened(("c4", "tf"), every)
    # Where they may be less together, as much as for any skill (`LUCK`).
    many = evidence_rules(Mastery(), 3, {"tf": 0.5, "c4": 0.25, "m6": 1 / 63})
    assert not mastery.opened(("tf", "c4"), many)
    assert mastery.opened(("m6", "tf"), many)
    # The recall rule reads it: a missed question recalled a day later counts only once opened.
    seen = (("s1", T0), ("tf", T0))
    lucky = mastery.Answered(seen=seen, answered_right=("tf",), evidence=("tf",))
    later = T0 + timedelta(days=1)
    assert lucky.weigh("s1", later, 1.0, params, reviewing=False) == (
        mastery.REPEAT_WEIGHT,
        False,
    )
    shown = mastery.Answered(seen=seen, answered_right=("s2",), evidence=("s2",))
    assert shown.weigh("s1", later, 1.0, params, reviewing=False) == (1.0, True)


def test_a_question_missed_in_a_placement_check_shows_no_answer_to_recite() -> None:
    params = evidence_rules(Mastery(), 3, {})
    soon = T0 + timedelta(hours=1)
    # Missed in practice, its answer shown: a right answer an hour later is a recital.
    taught = mastery.Answered().after("s1", T0, 0.0, False)
    assert taught.weigh("s1", soon, 1.0, params, reviewing=False) == (mastery.REPEAT_WEIGHT, False)
    # Missed in a placement check ("I don't know" as much as a wrong answer): nothing was shown,
    # and a right answer an hour later is the learner's own, as at first sight.
    placed = mastery.Answered().after("s1", T0, 0.0, False, shown=False)
    assert placed.seen == ()
    assert placed.weigh("s1", soon, 1.0, params, reviewing=False) == (1.0, True)
    # Right in the check, it is evidence, and the same right answer never counts twice.
    right = mastery.Answered().after("s1", T0, 1.0, True, shown=False)
    assert right.evidence == ("s1",)
    assert right.weigh("s1", soon, 1.0, params, reviewing=False) == (0.0, False)


def test_a_miss_takes_back_a_right_answer_given_only_in_a_placement_check() -> None:
    """A check on another computer, its clock behind, was dated before the practice here in
    which the learner missed its questions and recited them: its right answers opened every
    recital. A miss on a question right only in a check takes that answer back; a question
    whose answer was shown, and one answered right in practice, keep theirs."""
    params = evidence_rules(Mastery(), 3, {})
    later = T0 + timedelta(days=1)
    checked = mastery.Answered().after("s1", T0, 1.0, True, shown=False)
    missed = checked.after("s1", T0 + timedelta(minutes=1), 0.0, False)
    assert (missed.evidence, missed.answered_right) == ((), ())
    assert [q for q, _ in missed.seen] == ["s1"]
    # Its recital a day later, and a missed one's, open nothing: no evidence stands.
    shown = missed.after("s2", T0 + timedelta(minutes=2), 0.0, False)
    assert shown.weigh("s2", later, 1.0, params, reviewing=False) == (mastery.REPEAT_WEIGHT, False)
    assert shown.weigh("s1", later, 1.0, params, reviewing=False) == (mastery.REPEAT_WEIGHT, False)
    # Right in practice, its answer then shown: a later miss leaves the evidence it gave.
    practised = mastery.Answered().after("s1", T0, 1.0, True)
    assert practised.after("s1", later, 0.0, False).evidence == ("s1",)
    # A miss on another question leaves the check's answer standing.
    assert checked.after("s2", later, 0.0, False).evidence == ("s1",)


def test_recitals_open_only_on_first_sight_on_skills_that_require_the_skill() -> None:
    """Knowing a skill implies knowing what it requires: first sight above a skill speaks for
    it, first sight below it or beside it does not. Two skills answered honestly at the bottom
    of a pack opened recitals on every skill above them."""
    # a <- b <- d, a <- c; e beside them all.
    pack = pack_of(
        skill("a"), skill("b", ("a",)), skill("c", ("a",)), skill("d", ("b",)), skill("e")
    )
    above = {s.id: s.mastery.above for s in pack.skills}
    assert above == {
        "a": frozenset("bcd"),
        "b": frozenset("d"),
        "c": frozenset(),
        "d": frozenset(),
        "e": frozenset(),
    }
    # Two skills above a, or its one skill above b: enough; below or beside: nothing.
    assert mastery.shown_elsewhere({"c", "d"}, above["a"])
    assert not mastery.shown_elsewhere({"b", "e"}, above["a"])
    assert mastery.shown_elsewhere({"d"}, above["b"])
    assert not mastery.shown_elsewhere({"a", "c", "e"}, above["b"])
    # Nothing requires c: only its own first sight opens its recitals, whatever else shows.
    assert not mastery.shown_elsewhere({"a", "b", "d", "e"}, above["c"])
    # Built again, as a new version of the pack or a test's replace would: the same graph.
    assert replace(pack, title="Again").skill("a").mastery.above == frozenset("bcd")


def test_the_bar_luck_must_pass_is_shared_among_the_skills_of_a_pack() -> None:
    # A set of six and a true/false (one in 126) open a skill of a pack alone, not one of 17:
    # luck has a try on every skill.
    alone = evidence_rules(Mastery(), 3, {"tf": 0.5, "m6": 1 / 63})
    assert mastery.opened(("m6", "tf"), alone)
    assert not mastery.opened(("m6", "tf"), replace(alone, skills=17))
    assert mastery.luck_bar(replace(alone, skills=17)) == pytest.approx(0.01 / 17)
    # A skill whose every question luck may answer still opens on all of them right.
    every = replace(evidence_rules(Mastery(), 2, {"tf": 0.5, "c4": 0.25}), skills=17)
    assert not mastery.opened(("tf",), every) and mastery.opened(("c4", "tf"), every)
    # Every pack counts its skills into each one's rules, however it was built.
    pack = pack_of(skill("a"), skill("b", ("a",)), skill("c", ("a",)))
    assert [s.mastery.skills for s in pack.skills] == [3, 3, 3]
    assert Mastery().skills == 1
