"""Scoring the review scheduler's recall predictions on a real review log.

A review log has one row per flashcard review: `card_id`, `review_rating` (1 Again, 2 Hard,
3 Good, 4 Easy) and `review_time` (ISO 8601). The scheduler predicts, before each review, the
chance that the card is recalled (any rating but Again). Scoring follows the open srs-benchmark:

- only reviews a day or more after the card's previous review are scored (same-day reviews still
  update the card's memory state, as they do in the tutor); a day is counted as the scheduler
  counts it, in whole 24-hour days;
- the scored reviews are split by time into six equal parts; each of the last five is predicted by
  models that may learn only from the reviews before it;
- figures: log loss, RMSE over bins (interval, review count, lapses) and AUC, over all five parts.

Models: `average` (the share recalled before the part), `fsrs_default` (the FSRS-6 scheduler the
tutor runs, `fsrs.Scheduler` with its default parameters) and `fsrs_fitted` (FSRS-6 with
parameters fitted on the earlier reviews by the torch-free optimizer of the `fsrs-rs-python`
package, when it is installed; py-fsrs's own `Optimizer` needs torch).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tutor_tui.modeling.errors import ModelDataError
from tutor_tui.modeling.metrics import auc, log_loss, review_bin, rmse_bins
from tutor_tui.modeling.responses import csv_rows, header_index

REQUIRED = ("card_id", "review_rating", "review_time")
SPLITS = 5
TUTOR_SCHEDULER = "fsrs_default"
REVIEW_MODELS: dict[str, str] = {
    TUTOR_SCHEDULER: "FSRS-6, default parameters",
    "fsrs_fitted": "FSRS-6, fitted to the learner",
    "average": "average recall",
}


@dataclass(frozen=True, slots=True)
class Review:
    """One review of one card."""

    card: str
    rating: int
    time: datetime


@dataclass(frozen=True, slots=True)
class ReviewScores:
    """The srs-benchmark figures for one model."""

    log_loss: float
    rmse_bins: float
    auc: float

    def to_dict(self) -> dict[str, float | None]:
        """The figures as a JSON-ready mapping (AUC null when undefined)."""
        return {
            "log_loss": self.log_loss,
            "rmse_bins": self.rmse_bins,
            "auc": None if math.isnan(self.auc) else self.auc,
        }


@dataclass
class ReviewEvaluation:
    """Every model's figures on one review log."""

    path: str
    reviews: int
    cards: int
    scored: int
    scores: dict[str, ReviewScores] = field(default_factory=dict)
    # Why a model is missing, e.g. the optimizer is not installed.
    unavailable: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, object]:
        """The JSON shape: the tutor's scheduler's name and every model's figures."""
        return {
            "model": TUTOR_SCHEDULER,
            "models": {name: scores.to_dict() for name, scores in self.scores.items()},
        }


def read_reviews(path: Path | str) -> list[Review]:
    """Read and check a review log, sorted by time (file order among equal times)."""
    path = Path(path)
    rows = csv_rows(path)
    first = next(rows, None)
    if first is None:
        raise ModelDataError(f"{path}: the file is empty")
    columns = header_index(path, first[1], REQUIRED)
    card_at, rating_at, time_at = (columns[name] for name in REQUIRED)
    width = max(card_at, rating_at, time_at) + 1
    reviews: list[Review] = []
    for number, row in rows:
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) < width:
            raise ModelDataError(
                f"{path}:{number}: {len(row)} values, but the header names {width} columns"
            )
        card = row[card_at].strip()
        if not card:
            raise ModelDataError(f"{path}:{number}: card_id is empty")
        rating_text = row[rating_at].strip()
        if rating_text not in ("1", "2", "3", "4"):
            raise ModelDataError(
                f"{path}:{number}: review_rating must be 1, 2, 3 or 4, not {rating_text!r}"
            )
        reviews.append(Review(card, int(rating_text), _moment(path, number, row[time_at])))
    if not reviews:
        raise ModelDataError(f"{path}: no reviews, only a header line")
    reviews.sort(key=lambda review: review.time)
    return reviews


def _moment(path: Path, line: int, text: str) -> datetime:
    value = text.strip()
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ModelDataError(
            f"{path}:{line}: review_time must be an ISO 8601 date and time, not {value!r}"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


@dataclass
class _Row:
    """What the scoring needs about one review."""

    card: int
    rating: int
    time: datetime
    # Whole days since the card's previous review; None for its first review.
    elapsed: int | None
    scored: bool
    bin: tuple[float, float, float] | None


def evaluate_reviews(
    reviews: list[Review], path: str = "", splits: int = SPLITS
) -> ReviewEvaluation:
    """Score every model on a review log sorted by time (see the module's description)."""
    started = time.perf_counter()
    rows = _rows(reviews)
    scored = [i for i, row in enumerate(rows) if row.scored]
    part = len(scored) // (splits + 1)
    if part < 1:
        raise ModelDataError(
            f"{path or 'review log'}: only {len(scored)} reviews come a day or more after the "
            f"card's previous one; at least {splits + 1} are needed to score"
        )
    parts = [
        scored[len(scored) - (splits - k) * part : len(scored) - (splits - k - 1) * part]
        for k in range(splits)
    ]
    tested = [i for chunk in parts for i in chunk]
    outcomes = [1.0 if rows[i].rating > 1 else 0.0 for i in tested]
    bins = [rows[i].bin for i in tested]

    predictions: dict[str, list[float]] = {}
    unavailable: dict[str, str] = {}
    default = _replay(rows, _scheduler(None), len(rows))
    predictions[TUTOR_SCHEDULER] = [default[i] for i in tested]

    fitted: list[float] = []
    try:
        import fsrs_rs_python  # noqa: F401
    except ImportError:
        unavailable["fsrs_fitted"] = (
            "needs the torch-free optimizer: pip install fsrs-rs-python "
            "(py-fsrs's own Optimizer needs torch)"
        )
    else:
        for chunk in parts:
            cutoff = chunk[0]
            parameters = _fit_fsrs(rows[:cutoff])
            replayed = _replay(rows, _scheduler(parameters), chunk[-1] + 1)
            fitted.extend(replayed[i] for i in chunk)
        predictions["fsrs_fitted"] = fitted

    average: list[float] = []
    for chunk in parts:
        before = [1.0 if rows[i].rating > 1 else 0.0 for i in scored if i < chunk[0]]
        mean = sum(before) / len(before) if before else 0.9
        average.extend([mean] * len(chunk))
    predictions["average"] = average

    scores = {
        name: ReviewScores(
            log_loss=log_loss(outcomes, predictions[name]),
            rmse_bins=rmse_bins(outcomes, predictions[name], bins),
            auc=auc(outcomes, predictions[name]),
        )
        for name in REVIEW_MODELS
        if name in predictions
    }
    return ReviewEvaluation(
        path=path,
        reviews=len(rows),
        cards=len({row.card for row in rows}),
        scored=len(tested),
        scores=scores,
        unavailable=unavailable,
        seconds=time.perf_counter() - started,
    )


def _rows(reviews: list[Review]) -> list[_Row]:
    cards: dict[str, int] = {}
    last: dict[int, datetime] = {}
    long_reviews: dict[int, int] = {}
    lapses: dict[int, int] = {}
    rows: list[_Row] = []
    for review in reviews:
        card = cards.setdefault(review.card, len(cards))
        previous = last.get(card)
        elapsed = None if previous is None else (review.time - previous).days
        scored = elapsed is not None and elapsed >= 1
        bin_key = None
        if scored:
            assert elapsed is not None
            count = long_reviews.get(card, 0) + 1
            long_reviews[card] = count
            bin_key = review_bin(elapsed, count + 1, lapses.get(card, 0))
            if review.rating == 1:
                lapses[card] = lapses.get(card, 0) + 1
        rows.append(_Row(card, review.rating, review.time, elapsed, scored, bin_key))
        last[card] = review.time
    return rows


def _scheduler(parameters: list[float] | None) -> Any:
    from fsrs import Scheduler

    if parameters is None:
        return Scheduler(enable_fuzzing=False)
    return Scheduler(parameters=parameters, enable_fuzzing=False)


def _replay(rows: list[_Row], scheduler: Any, end: int) -> list[float]:
    """Each review's predicted recall from the card's earlier reviews, up to row `end`."""
    from fsrs import Card, Rating

    cards: dict[int, Any] = {}
    out = [math.nan] * len(rows)
    for i in range(end):
        row = rows[i]
        card = cards.get(row.card)
        if card is None:
            card = Card(card_id=row.card + 1, due=row.time)
        else:
            out[i] = scheduler.get_card_retrievability(card, row.time)
        cards[row.card], _ = scheduler.review_card(card, Rating(row.rating), row.time)
    return out


def _fit_fsrs(rows: list[_Row]) -> list[float] | None:
    """FSRS-6 parameters fitted to these reviews by fsrs-rs, kept within py-fsrs's bounds."""
    import fsrs_rs_python as rs
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

    history: dict[int, list[Any]] = {}
    items: list[Any] = []
    for row in rows:
        reviews = history.setdefault(row.card, [])
        reviews.append(rs.FSRSReview(row.rating, row.elapsed or 0))
        if row.elapsed:
            items.append(rs.FSRSItem(list(reviews)))
    if not items:
        return None
    try:
        fitted = rs.FSRS(rs.DEFAULT_PARAMETERS).compute_parameters(items)
    except Exception:  # noqa: BLE001 - too little data for the optimizer: keep the defaults
        return None
    if len(fitted) != len(LOWER_BOUNDS_PARAMETERS):
        return None
    return [
        min(high, max(low, float(value)))
        for value, low, high in zip(
            fitted, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True
        )
    ]


def format_review_table(evaluation: ReviewEvaluation) -> str:
    """The figures as an aligned text table, with a line for each model that could not run."""
    lines = [f"{'model':<32} {'log loss':>9} {'RMSE(bins)':>11} {'AUC':>7}"]
    for name, label in REVIEW_MODELS.items():
        scores = evaluation.scores.get(name)
        if scores is None:
            lines.append(f"{label:<32} unavailable: {evaluation.unavailable.get(name, '')}")
            continue
        auc_text = "n/a" if math.isnan(scores.auc) else f"{scores.auc:.4f}"
        lines.append(f"{label:<32} {scores.log_loss:>9.4f} {scores.rmse_bins:>11.4f} {auc_text:>7}")
    return "\n".join(lines)
