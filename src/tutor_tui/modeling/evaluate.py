"""Evaluating learner models on a real response log, as the tutor would use them.

Every answer is predicted from the answers before it in that learner's sequence (online), by
models fitted on other learners: with a `fold` column, each fold in turn is predicted by models
fitted on the other folds (student-disjoint cross-validation); without one, learners are split
into five folds by a hash of their id. With `use_folds=False` the models are fitted on the whole
file and predict the same file (in-sample, optimistic, for a quick look). The figures are the
mean over the folds of each fold's figures, as is usual for cross-validation.

All models are scored on the same answers:

- `global_mean`: the share of right answers in the training learners (by Laplace's rule);
- `skill_mean`: that share per skill;
- `bkt_default`: knowledge tracing with the default values (`Mastery()`);
- `bkt_fitted`: knowledge tracing with each skill's values fitted on the training learners;
- `tutor`: the tutor's model, fitted knowledge tracing adjusted by the learner's ability.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field

from tutor_tui.core.content import Mastery
from tutor_tui.modeling.fitting import fit_from_log
from tutor_tui.modeling.learner import LearnerModel, LearnerTrace
from tutor_tui.modeling.metrics import Scores, score
from tutor_tui.modeling.responses import ResponseLog

TUTOR_MODEL = "tutor"
MODELS: dict[str, str] = {
    TUTOR_MODEL: "tutor: tracing + ability",
    "bkt_fitted": "knowledge tracing, fitted",
    "bkt_default": "knowledge tracing, defaults",
    "skill_mean": "per-skill mean",
    "global_mean": "global mean",
}


@dataclass
class Evaluation:
    """The scores of every model on one response log, and how the evaluation was done."""

    path: str
    answers: int
    learners: int
    skills: int
    skipped: int
    # How the answers were split: "file" (the fold column), "hash" (folds made here) or "none".
    folds_from: str
    folds: int
    scores: dict[str, Scores] = field(default_factory=dict)
    fit_seconds: float = 0.0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, object]:
        """The JSON shape: the tutor's model's name and every model's figures."""
        return {
            "model": TUTOR_MODEL,
            "models": {
                name: {key: _finite(value) for key, value in scores.to_dict().items()}
                for name, scores in self.scores.items()
            },
        }


def evaluate_log(
    log: ResponseLog,
    *,
    use_folds: bool = True,
    defaults: Mastery = Mastery(),  # noqa: B008 - frozen value
    progress: Callable[[str], None] | None = None,
) -> Evaluation:
    """Fit and score every model on the log; see the module's description for the protocol."""
    started = time.perf_counter()
    n = len(log)
    folds_from = "none"
    fold: Sequence[int] = [0] * n
    if use_folds:
        if log.folds is not None and len(set(log.folds)) >= 2:
            fold, folds_from = log.folds, "file"
        else:
            hashed = log.fold_of_rows() if log.folds is None else _hash_folds(log)
            if len(set(hashed)) >= 2:
                fold, folds_from = hashed, "hash"
    groups = sorted(set(fold))
    per_fold: dict[str, list[Scores]] = {name: [] for name in MODELS}
    fit_seconds = 0.0
    skill_names = log.skills
    for group in groups:
        if folds_from == "none":
            train = test = list(range(n))
        else:
            train = [i for i in range(n) if fold[i] != group]
            test = [i for i in range(n) if fold[i] == group]
        if progress:
            what = f"fold {group}" if folds_from != "none" else "all answers"
            progress(f"{what}: fitting on {len(train):,} answers, predicting {len(test):,}")
        fit_started = time.perf_counter()
        right = [log.correct[i] for i in train]
        # Laplace's rule keeps a tiny training set from predicting certainty.
        overall = (sum(right) + 1.0) / (len(right) + 2.0)
        per_skill_n = [0] * len(skill_names)
        per_skill_right = [0] * len(skill_names)
        for i in train:
            per_skill_n[log.skill[i]] += 1
            per_skill_right[log.skill[i]] += log.correct[i]
        skill_mean = [
            (r + overall) / (c + 1.0) for r, c in zip(per_skill_right, per_skill_n, strict=True)
        ]
        tutor = fit_from_log(log, defaults, rows=train)
        fitted = LearnerModel(
            skills=tutor.skills, default=tutor.default, answers=tutor.answers, fitted=tutor.fitted
        )
        fit_seconds += time.perf_counter() - fit_started
        outcomes = [log.correct[i] for i in test]
        plain = LearnerModel(default=defaults)
        predictions = {
            "global_mean": [overall] * len(test),
            "skill_mean": [skill_mean[log.skill[i]] for i in test],
            TUTOR_MODEL: replay_predictions(tutor, log, test),
            "bkt_fitted": replay_predictions(fitted, log, test),
            "bkt_default": replay_predictions(plain, log, test),
        }
        for name in MODELS:
            per_fold[name].append(score(outcomes, predictions[name]))
    return Evaluation(
        path=log.path,
        answers=n,
        learners=len(log.learners),
        skills=len(log.skills),
        skipped=log.skipped,
        folds_from=folds_from,
        folds=len(groups) if folds_from != "none" else 0,
        scores={name: mean_scores(per_fold[name]) for name in MODELS},
        fit_seconds=fit_seconds,
        seconds=time.perf_counter() - started,
    )


def replay_predictions(model: LearnerModel, log: ResponseLog, rows: Sequence[int]) -> list[float]:
    """Each chosen answer's predicted chance of being right, from that learner's earlier answers.

    The rows must be in each learner's order. A prediction is made before its answer is observed,
    so no answer can influence its own prediction or any earlier one.
    """
    traces: dict[Hashable, LearnerTrace] = {}
    skills = log.skills
    problems = log.problems
    out: list[float] = []
    for i in rows:
        key = log.learner[i]
        trace = traces.get(key)
        if trace is None:
            trace = traces[key] = LearnerTrace(model)
        skill = skills[log.skill[i]]
        question = problems[log.problem[i]] if log.problem[i] >= 0 else None
        out.append(trace.p_correct(skill, question))
        trace.step(skill, log.correct[i], 0, question)
    return out


def _hash_folds(log: ResponseLog) -> list[int]:
    """Hashed folds for a file whose own fold column has a single value."""
    plain = ResponseLog(
        path=log.path,
        learners=log.learners,
        skills=log.skills,
        problems=log.problems,
        learner=log.learner,
        skill=log.skill,
        problem=log.problem,
        correct=log.correct,
        folds=None,
    )
    return plain.fold_of_rows()


def mean_scores(folds: Sequence[Scores]) -> Scores:
    """The mean of each figure over the folds (AUC over the folds where it is defined)."""
    aucs = [s.auc for s in folds if not math.isnan(s.auc)]
    return Scores(
        auc=sum(aucs) / len(aucs) if aucs else math.nan,
        rmse=sum(s.rmse for s in folds) / len(folds),
        log_loss=sum(s.log_loss for s in folds) / len(folds),
        count=sum(s.count for s in folds),
    )


def _finite(value: float) -> float | None:
    return None if math.isnan(value) else value


def format_table(evaluation: Evaluation) -> str:
    """The scores as an aligned text table, the tutor's model first."""
    lines = [f"{'model':<30} {'AUC':>7} {'RMSE':>7} {'log loss':>9}"]
    for name, label in MODELS.items():
        scores = evaluation.scores[name]
        auc = "n/a" if math.isnan(scores.auc) else f"{scores.auc:.4f}"
        lines.append(f"{label:<30} {auc:>7} {scores.rmse:>7.4f} {scores.log_loss:>9.4f}")
    return "\n".join(lines)


def describe(evaluation: Evaluation) -> str:
    """One line saying what was evaluated and how."""
    how = {
        "file": f"{evaluation.folds} folds from the file, learners disjoint",
        "hash": f"{evaluation.folds} folds of learners made by hashing their ids",
        "none": "fitted and predicted on the same answers (in-sample)",
    }[evaluation.folds_from]
    skipped = ""
    if evaluation.skipped:
        skipped = f"; {evaluation.skipped:,} rows without a skill left out"
    return (
        f"{evaluation.path}: {evaluation.answers:,} answers, {evaluation.learners:,} learners, "
        f"{evaluation.skills:,} skills; {how}{skipped}"
    )
