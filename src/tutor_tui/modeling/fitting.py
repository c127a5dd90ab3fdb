"""Fitting the tutor's learner model to answers: from the tutor's own attempts or a response log.

Three steps, each fast enough to run after class on a laptop:

1. each skill's knowledge-tracing numbers by expectation-maximisation (`bkt.fit_skills`), with the
   pack's values kept for skills with too few answers;
2. the learners' answers replayed in order to collect, for each answer, knowledge tracing's
   prediction and the learner's running ability just before it;
3. the three weights of the ability layer by logistic regression on those two inputs (Newton's
   method with a little ridge), and, where questions are named and answered often enough, each
   question's difficulty as a shrunken offset.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tutor_tui.core.content import Mastery
from tutor_tui.core.mastery import HINT_DISCOUNT
from tutor_tui.modeling.bkt import MIN_ANSWERS, fit_skills
from tutor_tui.modeling.learner import AbilityLayer, LearnerModel, LearnerTrace

if TYPE_CHECKING:
    import numpy as np

    from tutor_tui.modeling.responses import ResponseLog

# The ability layer needs answers from several learners to be worth more than plain tracing.
MIN_LAYER_ANSWERS = 200
MIN_LAYER_LEARNERS = 5
# A question gets its own difficulty only after this many answers, shrunk towards zero by
# QUESTION_SHRINK pseudo-answers, and never beyond +-QUESTION_LIMIT logits.
MIN_QUESTION_ANSWERS = 10
QUESTION_SHRINK = 5.0
QUESTION_LIMIT = 3.0
RIDGE = 1.0

# One attempt from the tutor's log: learner, skill, question, score, hints used, timestamp.
Attempt = tuple[Hashable, str, "str | None", float, int, Any]


def default_for(defaults: Mastery | Mapping[str, Mastery], skill: str) -> Mastery:
    """The pack's knowledge-tracing settings for a skill."""
    if isinstance(defaults, Mastery):
        return defaults
    return defaults.get(skill, Mastery())


def fit_model(
    learner: Sequence[Hashable],
    skill: Sequence[str],
    score: Sequence[float],
    *,
    defaults: Mastery | Mapping[str, Mastery] = Mastery(),  # noqa: B008 - frozen value
    hints: Sequence[int] | None = None,
    question: Sequence[str | None] | None = None,
    min_answers: int = MIN_ANSWERS,
    with_layer: bool = True,
    pack_id: str = "",
    source: str = "",
) -> LearnerModel:
    """Fit the learner model to answers given in each learner's order (learners may interleave)."""
    skill_names = list(dict.fromkeys(skill))
    skill_index = {name: k for k, name in enumerate(skill_names)}
    learner_index: dict[Hashable, int] = {}
    learners = [learner_index.setdefault(key, len(learner_index)) for key in learner]
    skills = [skill_index[name] for name in skill]
    starts = [default_for(defaults, name) for name in skill_names]
    fits = fit_skills(learners, skills, score, starts, hints=hints, min_answers=min_answers)
    base_default = defaults if isinstance(defaults, Mastery) else Mastery()
    model = LearnerModel(
        skills={name: fit.mastery for name, fit in zip(skill_names, fits, strict=True)},
        default=base_default,
        answers={name: fit.answers for name, fit in zip(skill_names, fits, strict=True)},
        fitted=frozenset(name for name, fit in zip(skill_names, fits, strict=True) if fit.fitted),
        pack_id=pack_id,
        source=source,
    )
    if not with_layer or len(score) < MIN_LAYER_ANSWERS or len(learner_index) < MIN_LAYER_LEARNERS:
        return model
    return fit_layer(model, learner, skill, score, hints=hints, question=question)


def fit_layer(
    model: LearnerModel,
    learner: Sequence[Hashable],
    skill: Sequence[str],
    score: Sequence[float],
    *,
    hints: Sequence[int] | None = None,
    question: Sequence[str | None] | None = None,
) -> LearnerModel:
    """The model with its ability layer (and question difficulties) fitted to the answers."""
    import numpy as np

    probe = replace(model, layer=AbilityLayer(), questions={})
    traces: dict[Hashable, LearnerTrace] = {}
    n = len(score)
    expected = np.empty(n)
    ability = np.empty(n)
    form = np.empty(n)
    outcome = np.empty(n)
    for i in range(n):
        key = learner[i]
        trace = traces.get(key)
        if trace is None:
            trace = traces[key] = LearnerTrace(probe)
        hints_used = 0 if hints is None else hints[i]
        expected[i], ability[i], form[i] = trace.step(skill[i], score[i], hints_used)
        outcome[i] = score[i] * HINT_DISCOUNT ** max(0, hints_used)
    if outcome.min() == outcome.max():
        return model
    tracing_logit = np.log(np.clip(expected, 1e-9, 1 - 1e-9) / np.clip(1 - expected, 1e-9, 1))
    features = np.column_stack([np.ones(n), tracing_logit, ability, form])
    question_of = _question_numbers(question, n)
    offsets = np.zeros(n)
    difficulty: dict[str, float] = {}
    rounds = 3 if question_of is not None else 1
    weights = np.array([0.0, 1.0, 0.0, 0.0])
    for _ in range(rounds):
        used = [0, 1, 2, 3]
        while True:
            fitted = _logistic(features[:, used], outcome, offsets, weights[used])
            # Ability or form that predicts the wrong way is noise: drop it, don't explain it.
            wrong_way = [k for k, w in zip(used, fitted, strict=True) if k >= 2 and w < 0.0]
            if not wrong_way:
                break
            used = [k for k in used if k not in wrong_way]
        weights = np.zeros(4)
        weights[used] = fitted
        if question_of is not None:
            numbers, names = question_of
            offsets, difficulty = _question_offsets(features @ weights, outcome, numbers, names)
    layer = AbilityLayer(
        bias=float(weights[0]),
        tracing=float(weights[1]),
        ability=float(weights[2]),
        form=float(weights[3]),
    )
    return replace(model, layer=layer, questions=difficulty)


def _question_numbers(
    question: Sequence[str | None] | None, n: int
) -> tuple[np.ndarray, list[str]] | None:
    import numpy as np

    if question is None:
        return None
    index: dict[str, int] = {}
    numbers = np.fromiter(
        (index.setdefault(q, len(index)) if q else -1 for q in question), dtype=np.int64, count=n
    )
    if not index:
        return None
    return numbers, list(index)


def _logistic(
    features: np.ndarray, outcome: np.ndarray, offsets: np.ndarray, start: np.ndarray
) -> np.ndarray:
    """Logistic regression weights by Newton's method with a small ridge (not on the bias)."""
    import numpy as np

    weights = start.astype(float).copy()
    ridge = np.full(len(weights), RIDGE)
    ridge[0] = 0.0
    for _ in range(30):
        z = features @ weights + offsets
        p = 1.0 / (1.0 + np.exp(-z))
        gradient = features.T @ (outcome - p) - ridge * weights
        hessian = (features * (p * (1.0 - p))[:, None]).T @ features + np.diag(ridge + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        weights += step
        if np.abs(step).max() < 1e-7:
            break
    return weights


def _question_offsets(
    z: np.ndarray, outcome: np.ndarray, numbers: np.ndarray, names: list[str]
) -> tuple[np.ndarray, dict[str, float]]:
    """Each question's difficulty (shrunk, bounded) and the per-answer offsets it implies."""
    import numpy as np

    named = numbers >= 0
    q = numbers[named]
    zq = z[named]
    y = outcome[named]
    count = np.bincount(q, minlength=len(names))
    ease = np.zeros(len(names))
    for _ in range(5):
        p = 1.0 / (1.0 + np.exp(-(zq + ease[q])))
        gradient = np.bincount(q, y - p, len(names)) - QUESTION_SHRINK * ease
        curvature = np.bincount(q, p * (1.0 - p), len(names)) + QUESTION_SHRINK
        ease = np.clip(ease + gradient / curvature, -QUESTION_LIMIT, QUESTION_LIMIT)
    ease[count < MIN_QUESTION_ANSWERS] = 0.0
    offsets = np.zeros(len(z))
    offsets[named] = ease[q]
    difficulty = {names[k]: round(float(-ease[k]), 4) for k in range(len(names)) if ease[k] != 0.0}
    return offsets, difficulty


def fit_from_attempts(
    attempts: Iterable[Attempt],
    defaults: Mastery | Mapping[str, Mastery],
    *,
    min_answers: int = MIN_ANSWERS,
    pack_id: str = "",
    source: str = "attempt log",
) -> LearnerModel:
    """Fit the learner model to the tutor's own attempt log.

    Each attempt is a plain tuple (learner, skill, question, score, hints_used, timestamp); they
    are put in each learner's order by timestamp (attempts without one keep their place). The
    result holds the fitted numbers per skill and, in `answers`, how many attempts back each.
    """
    rows = list(attempts)
    if rows and all(_orderable(row[5]) for row in rows):
        rows.sort(key=lambda row: _time_key(row[5]))
    return fit_model(
        [row[0] for row in rows],
        [row[1] for row in rows],
        [float(row[3]) for row in rows],
        hints=[int(row[4] or 0) for row in rows],
        question=[row[2] for row in rows],
        defaults=defaults,
        min_answers=min_answers,
        pack_id=pack_id,
        source=source,
    )


def fit_from_log(
    log: ResponseLog,
    defaults: Mastery | Mapping[str, Mastery] = Mastery(),  # noqa: B008 - frozen value
    *,
    rows: Sequence[int] | None = None,
    min_answers: int = MIN_ANSWERS,
    with_layer: bool = True,
    pack_id: str = "",
) -> LearnerModel:
    """Fit the learner model to a response log, or to the chosen rows of it."""
    picked = range(len(log)) if rows is None else rows
    skills = log.skills
    problems = log.problems
    question = [problems[log.problem[i]] if log.problem[i] >= 0 else None for i in picked]
    return fit_model(
        [log.learner[i] for i in picked],
        [skills[log.skill[i]] for i in picked],
        [float(log.correct[i]) for i in picked],
        question=question if problems else None,
        defaults=defaults,
        min_answers=min_answers,
        with_layer=with_layer,
        pack_id=pack_id,
        source=log.path,
    )


def _orderable(value: Any) -> bool:
    if isinstance(value, str):
        try:
            datetime.fromisoformat(value)
        except ValueError:
            return False
        return True
    return isinstance(value, (int, float, datetime)) and not (
        isinstance(value, float) and math.isnan(value)
    )


def _time_key(value: Any) -> float:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.timestamp()
    return float(value)
