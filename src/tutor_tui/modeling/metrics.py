"""How good a model's predictions are: AUC, RMSE, log loss, and RMSE over bins for reviews.

Pure Python, so that these figures mean the same thing wherever they are computed:

- AUC: the chance that a random right answer got a higher prediction than a random wrong one,
  ties counting half (the Mann-Whitney rank statistic with average ranks for ties).
- RMSE: the root mean squared difference between the prediction and the 0/1 outcome.
- Log loss: the mean negative log-likelihood of the outcomes, predictions clipped away from 0 and 1.
- RMSE over bins (the open srs-benchmark's "RMSE (bins)"): reviews are grouped by interval, review
  count and lapse count on logarithmic scales, and the RMSE is taken between each group's mean
  outcome and mean prediction, weighted by the group's size.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

# Predictions are clipped to [EPSILON, 1 - EPSILON] for the log loss, as scikit-learn does.
EPSILON = 1e-15


@dataclass(frozen=True, slots=True)
class Scores:
    """The three figures for one model on one set of answers."""

    auc: float
    rmse: float
    log_loss: float
    count: int

    def to_dict(self) -> dict[str, float]:
        """The figures as a JSON-ready mapping."""
        return {"auc": self.auc, "rmse": self.rmse, "log_loss": self.log_loss}


def auc(outcomes: Sequence[float], predictions: Sequence[float]) -> float:
    """Area under the ROC curve; NaN when the outcomes are all right or all wrong."""
    _check(outcomes, predictions)
    order = sorted(range(len(predictions)), key=predictions.__getitem__)
    positives = 0
    rank_sum = 0.0
    start = 0
    n = len(order)
    while start < n:
        value = predictions[order[start]]
        end = start
        while end < n and predictions[order[end]] == value:
            end += 1
        # Ranks start..end-1 (0-based) share the average rank, 1-based.
        average = (start + end + 1) / 2.0
        right = sum(1 for k in range(start, end) if outcomes[order[k]] >= 0.5)
        positives += right
        rank_sum += right * average
        start = end
    negatives = n - positives
    if positives == 0 or negatives == 0:
        return math.nan
    return (rank_sum - positives * (positives + 1) / 2.0) / (positives * negatives)


def rmse(outcomes: Sequence[float], predictions: Sequence[float]) -> float:
    """Root mean squared error."""
    _check(outcomes, predictions)
    total = math.fsum((y - p) ** 2 for y, p in zip(outcomes, predictions, strict=True))
    return math.sqrt(total / len(outcomes))


def log_loss(outcomes: Sequence[float], predictions: Sequence[float]) -> float:
    """Mean negative log-likelihood, with predictions clipped to [1e-15, 1 - 1e-15]."""
    _check(outcomes, predictions)
    low, high = EPSILON, 1.0 - EPSILON
    total = 0.0
    for y, p in zip(outcomes, predictions, strict=True):
        p = low if p < low else high if p > high else p
        total -= y * math.log(p) + (1.0 - y) * math.log(1.0 - p)
    return total / len(outcomes)


def score(outcomes: Sequence[float], predictions: Sequence[float]) -> Scores:
    """AUC, RMSE and log loss together."""
    return Scores(
        auc=auc(outcomes, predictions),
        rmse=rmse(outcomes, predictions),
        log_loss=log_loss(outcomes, predictions),
        count=len(outcomes),
    )


def rmse_bins(
    outcomes: Sequence[float], predictions: Sequence[float], bins: Sequence[Hashable]
) -> float:
    """RMSE between each bin's mean outcome and mean prediction, weighted by the bin's size."""
    _check(outcomes, predictions)
    groups: dict[Hashable, list[float]] = {}
    for y, p, key in zip(outcomes, predictions, bins, strict=True):
        group = groups.get(key)
        if group is None:
            groups[key] = [1.0, y, p]
        else:
            group[0] += 1.0
            group[1] += y
            group[2] += p
    total = math.fsum(n * (ys / n - ps / n) ** 2 for n, ys, ps in groups.values())
    return math.sqrt(total / len(outcomes))


def review_bin(elapsed_days: float, review_number: int, lapses: int) -> tuple[float, float, float]:
    """The srs-benchmark bin of a review: interval, review count and lapses on log scales.

    `review_number` counts the card's reviews a day or more apart, this one included, plus one
    (so the first such review is number 2); `lapses` counts the earlier ones rated Again.
    """
    days = max(elapsed_days, 1e-6)
    interval = round(2.48 * 3.62 ** math.floor(math.log(days) / math.log(3.62)), 2)
    count = round(1.99 * 1.89 ** math.floor(math.log(review_number) / math.log(1.89)), 0)
    lapse = (
        round(1.65 * 1.73 ** math.floor(math.log(lapses) / math.log(1.73)), 0) if lapses else 0.0
    )
    return interval, count, lapse


def _check(outcomes: Sequence[float], predictions: Sequence[float]) -> None:
    if len(outcomes) != len(predictions):
        raise ValueError("outcomes and predictions differ in length")
    if not outcomes:
        raise ValueError("no outcomes to score")
