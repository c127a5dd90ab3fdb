"""The tutor's learner model: the tutor's own update, no peeking ahead, better with ability."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from testkit.simulate import LEARNER_PARAMS, simulate, write_log

from tutor_tui.core import mastery
from tutor_tui.core.content import Mastery, evidence_rules
from tutor_tui.modeling.evaluate import evaluate_log, replay_predictions
from tutor_tui.modeling.learner import AbilityLayer, LearnerModel
from tutor_tui.modeling.responses import ResponseLog, read_responses

PARAMS = LEARNER_PARAMS
LAYERED = LearnerModel(
    skills=PARAMS,
    layer=AbilityLayer(bias=0.1, tracing=0.9, ability=0.8, form=0.3),
    questions={"hard": 1.0, "easy": -0.5},
)


def test_without_a_layer_it_is_the_tutors_knowledge_tracing() -> None:
    model = LearnerModel(skills=PARAMS)
    trace = model.trace()
    p = PARAMS["a"].prior
    for score, hints in [(1, 0), (0, 0), (1, 2), (0.5, 0), (1, 0)]:
        assert trace.p_correct("a") == mastery.p_correct(p, PARAMS["a"])
        assert trace.p_known("a") == p
        trace.observe("a", score, hints)
        p = mastery.update(p, score, PARAMS["a"], hints)
    assert trace.tracing("a") == p


def test_an_answer_that_does_not_teach_is_evidence_only_as_the_store_counts_it() -> None:
    from datetime import UTC, datetime

    from tutor_tui.core.learner import Attempt, apply_attempt

    trace = LAYERED.trace()
    trace.observe("a", 1, teaches=False)  # a placement check's answer
    assert trace.tracing("a") == mastery.posterior(PARAMS["a"].prior, 1, PARAMS["a"])
    at = datetime.now(UTC)
    placed = Attempt("x", "l", "p", "1", "q", "a", "r", 1.0, 0, None, at, "placement")
    stored = apply_attempt(None, placed, PARAMS["a"])
    assert stored.p_known == pytest.approx(trace.tracing("a"))


def test_answers_from_the_log_are_weighed_as_the_store_weighs_them() -> None:
    from datetime import UTC, datetime, timedelta

    from tutor_tui.core.learner import Attempt, apply_attempt

    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    # One question right over and over, then another; a missed one right just after, and the
    # next day.
    script = [("q1", 1.0, 0)] * 6 + [("q2", 0.0, 0), ("q2", 1.0, 0), ("q3", 1.0, 0)]
    script += [("q2", 1.0, 1), ("q1", 1.0, 2)]
    trace = LearnerModel(skills=PARAMS).trace()
    stored = None
    for n, (question, score, days) in enumerate(script):
        at = start + timedelta(days=days, minutes=n)
        # Once mastered, an answer is a review, as the service records it.
        kind = "review" if stored is not None and stored.mastered_at else "practice"
        attempt = Attempt(str(n), "l", "p", "1", question, "a", "r", score, 0, None, at, kind)
        trace.record(attempt)
        stored = apply_attempt(stored, attempt, PARAMS["a"])
        # The store holds its estimate below the threshold until the evidence is there; the
        # trace's knowledge tracing is the same number, held the same way by the service.
        assert stored.estimated(trace.tracing("a"), PARAMS["a"]).p_known == pytest.approx(
            stored.p_known
        )
    once = LearnerModel(skills=PARAMS).trace()
    once.observe("a", 1.0)
    repeated = LearnerModel(skills=PARAMS).trace()
    for n in range(6):
        repeated.record(Attempt(str(n), "l", "p", "1", "q1", "a", "r", 1.0, 0, None, start))
    assert repeated.tracing("a") == once.tracing("a")


def test_what_other_skills_show_weighs_answers_as_the_store_weighs_them() -> None:
    """Missed questions recalled the next day count once two skills that require theirs (a and
    b require c and d) were answered right at first sight, in the trace as in the store's
    replay; a miss takes one back."""
    from dataclasses import replace
    from datetime import UTC, datetime, timedelta

    from tutor_tui.core.content import evidence_rules
    from tutor_tui.core.learner import Attempt
    from tutor_tui.core.progress import replay

    base = evidence_rules(Mastery(), 3)
    rules = {s: replace(base, above=frozenset("ab" if s in "cd" else "")) for s in "abcd"}
    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    script = [(q, 0.0, 0) for q in ("c1", "c2", "c3", "d1", "d2", "d3")]
    script += [("a1", 1.0, 0), ("a2", 1.0, 0), ("b1", 1.0, 0), ("b2", 1.0, 0)]
    script += [("c1", 1.0, 1), ("b1", 0.0, 1), ("d1", 1.0, 1)]
    attempts = [
        Attempt(str(n), "l", "p", "1", q, q[0], "r", score, 0, None, start + timedelta(days, n))
        for n, (q, score, days) in enumerate(script)
    ]
    trace = LearnerModel(skills=rules, default=base).replay(attempts)
    stored = replay(attempts, lambda _pack, skill: rules[skill])
    assert stored[("p", "c")].evidence == ("c1",) and stored[("p", "d")].evidence == ()
    for (_, skill), progress in stored.items():
        held = progress.estimated(trace.tracing(skill), rules[skill]).p_known
        assert held == pytest.approx(progress.p_known), skill


def test_the_layer_keeps_tracing_as_its_input() -> None:
    trace = LAYERED.trace()
    p = PARAMS["b"].prior
    for score in (1, 1, 0, 1):
        trace.observe("b", score)
        p = mastery.update(p, score, PARAMS["b"])
    assert trace.tracing("b") == p
    assert trace.estimate("b").tracing == p


answers = st.lists(
    st.tuples(
        st.sampled_from(["L1", "L2"]),
        st.sampled_from(["a", "b", "c", "z"]),
        st.sampled_from([None, "hard", "easy", "other"]),
        st.integers(0, 1),
    ),
    min_size=1,
    max_size=40,
)


def as_log(rows: list[tuple[str, str, str | None, int]]) -> ResponseLog:
    learners = ["L1", "L2"]
    skills = ["a", "b", "c", "z"]
    problems = ["hard", "easy", "other"]
    ordered = sorted(rows, key=lambda row: learners.index(row[0]))
    return ResponseLog(
        path="memory",
        learners=learners,
        skills=skills,
        problems=problems,
        learner=[learners.index(r[0]) for r in ordered],
        skill=[skills.index(r[1]) for r in ordered],
        problem=[problems.index(r[2]) if r[2] else -1 for r in ordered],
        correct=[r[3] for r in ordered],
        folds=None,
    )


@settings(max_examples=60, deadline=None)
@given(answers, st.data())
def test_changing_a_later_answer_never_changes_an_earlier_prediction(
    rows: list[tuple[str, str, str | None, int]], data: st.DataObject
) -> None:
    log = as_log(rows)
    k = data.draw(st.integers(0, len(log) - 1))
    before = replay_predictions(LAYERED, log, range(len(log)))
    flipped = list(log.correct)
    flipped[k] = 1 - flipped[k]
    changed = ResponseLog(**{**log.__dict__, "correct": flipped})
    after = replay_predictions(LAYERED, changed, range(len(log)))
    assert after[: k + 1] == before[: k + 1]
    # And later predictions of another learner do not move either.
    other = [i for i in range(k + 1, len(log)) if log.learner[i] != log.learner[k]]
    assert [after[i] for i in other] == [before[i] for i in other]


def test_right_answers_reach_mastery_and_say_why() -> None:
    trace = LAYERED.trace()
    estimate = trace.estimate("a")
    assert not estimate.mastered
    assert "no answers on this skill yet" in estimate.reason()
    for _ in range(12):
        trace.observe("a", 1)
    estimate = trace.estimate("a")
    assert estimate.mastered and trace.mastered("a")
    assert estimate.reason().startswith("mastered: ")
    assert "12 of 12 answers right on this skill" in estimate.reason()
    assert 0.0 <= estimate.p_known <= 1.0


def test_ability_from_other_skills_shows_in_the_reason() -> None:
    trace = LAYERED.trace()
    for _ in range(6):
        trace.observe("b", 1)
        trace.observe("c", 1)
    estimate = trace.estimate("a")
    assert estimate.ability > 0
    assert estimate.p_known > estimate.tracing
    assert "better than expected overall" in estimate.reason()


def test_harder_questions_get_lower_predictions() -> None:
    trace = LAYERED.trace()
    assert trace.p_correct("a", "hard") < trace.p_correct("a") < trace.p_correct("a", "easy")


def test_pack_settings_apply_over_a_fitted_model() -> None:
    fitted = LearnerModel(skills=PARAMS, fitted=frozenset({"a"}))
    # The pack's rules for a, the questions luck may answer among them, stand over the fit.
    rules = evidence_rules(Mastery(threshold=0.8), 4, {"a1": 0.5})
    pack = {"a": rules, "b": Mastery(threshold=0.9, prior=0.33)}
    model = fitted.with_defaults(pack)
    a = model.mastery("a")
    assert a.threshold == 0.8 and a.prior == PARAMS["a"].prior == 0.3
    assert (a.min_distinct, a.repeat_window, a.questions) == (2, 3, 4)
    assert a.luck == (("a1", 0.5),) and a.guessable == frozenset({"a1"})
    assert model.mastery("b") == pack["b"]  # not fitted: the pack's values


def test_beats_fitted_tracing_when_learners_differ_in_ability(tmp_path: Path) -> None:
    rows = simulate(PARAMS, learners=240, answers_per_skill=6, seed=3, ability_spread=1.5)
    log = read_responses(write_log(tmp_path / "sim.csv", rows))
    evaluation = evaluate_log(log)
    tutor, fitted = evaluation.scores["tutor"], evaluation.scores["bkt_fitted"]
    assert tutor.auc >= fitted.auc
    assert tutor.rmse <= fitted.rmse
    assert fitted.auc > evaluation.scores["bkt_default"].auc - 0.02
    assert evaluation.folds_from == "hash"


def test_equal_to_tracing_when_there_is_nothing_more_to_learn(tmp_path: Path) -> None:
    rows = simulate(PARAMS, learners=200, answers_per_skill=5, seed=5)
    log = read_responses(write_log(tmp_path / "plain.csv", rows, folds=5))
    evaluation = evaluate_log(log)
    tutor, fitted = evaluation.scores["tutor"], evaluation.scores["bkt_fitted"]
    assert tutor.auc == pytest.approx(fitted.auc, abs=0.01)
    assert tutor.rmse == pytest.approx(fitted.rmse, abs=0.005)


def test_question_difficulty_helps_when_questions_differ(tmp_path: Path) -> None:
    questions = {f"q{k}": (k - 4) * 0.5 for k in range(9)}
    rows = simulate(PARAMS, learners=200, answers_per_skill=6, seed=8, questions=questions)
    log = read_responses(write_log(tmp_path / "items.csv", rows, folds=4))
    evaluation = evaluate_log(log)
    tutor, fitted = evaluation.scores["tutor"], evaluation.scores["bkt_fitted"]
    assert tutor.auc > fitted.auc + 0.02
    assert tutor.rmse < fitted.rmse


def test_a_checks_answer_to_a_question_answered_before_counts_for_nothing_as_in_the_store() -> None:
    """A check on another computer asked again a question answered here: the store's replay
    gives its answer no weight (`learner.apply_attempt`), and so does the trace."""
    from dataclasses import replace
    from datetime import UTC, datetime, timedelta

    from tutor_tui.core.learner import Attempt

    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    missed = Attempt("0", "l", "p", "1", "q1", "a", "r", 0.0, 0, None, start)
    recited = Attempt("1", "l", "p", "1", "q1", "a", "r", 1.0, 0, None, start, "placement")
    fresh = Attempt("2", "l", "p", "1", "q2", "a", "r", 1.0, 0, None, start, "placement")
    alone, both = LearnerModel(skills=PARAMS).trace(), LearnerModel(skills=PARAMS).trace()
    alone.record(missed)
    for attempt in (missed, recited):
        both.record(attempt)
    assert both.tracing("a") == alone.tracing("a")
    both.record(replace(fresh, at=start + timedelta(minutes=1)))
    assert both.tracing("a") > alone.tracing("a")
