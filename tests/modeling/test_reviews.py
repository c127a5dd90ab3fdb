"""Scoring the review scheduler on a review log, srs-benchmark style."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import pytest
from testkit.simulate import review_log

from tutor_tui.modeling.errors import ModelDataError
from tutor_tui.modeling.reviews import evaluate_reviews, read_reviews


def test_scores_the_scheduler_and_the_average(tmp_path: Path) -> None:
    reviews = read_reviews(review_log(tmp_path / "r.csv"))
    evaluation = evaluate_reviews(reviews, "r.csv")
    assert evaluation.cards == 40
    assert 0 < evaluation.scored < evaluation.reviews
    assert {"fsrs_default", "average"} <= set(evaluation.scores)
    for scores in evaluation.scores.values():
        assert scores.log_loss > 0 and 0 <= scores.rmse_bins < 1
    data = evaluation.to_dict()
    assert data["model"] == "fsrs_default"
    assert set(data["models"]["average"]) == {"log_loss", "rmse_bins", "auc"}


def test_without_the_optimizer_fitted_fsrs_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_optimizer(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "fsrs_rs_python":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_optimizer)
    evaluation = evaluate_reviews(read_reviews(review_log(tmp_path / "r.csv")))
    assert "fsrs_fitted" not in evaluation.scores
    assert "torch" in evaluation.unavailable["fsrs_fitted"]


def test_reviews_come_back_in_time_order(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "card_id,review_rating,review_time\n"
        "a,3,2024-03-02T10:00:00+00:00\nb,1,2024-03-01T10:00:00Z\n",
        encoding="utf-8",
    )
    assert [r.card for r in read_reviews(path)] == ["b", "a"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("card_id,review_time\n", "missing column review_rating"),
        ("card_id,review_rating,review_time\na,5,2024-03-01T10:00:00Z\n", ":2: review_rating"),
        ("card_id,review_rating,review_time\na,3,yesterday\n", ":2: review_time must be"),
        ("card_id,review_rating,review_time\n", "no reviews"),
        ("", "empty"),
    ],
)
def test_bad_review_logs_are_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "r.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ModelDataError, match=message):
        read_reviews(path)


def test_too_few_reviews_to_score_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "card_id,review_rating,review_time\na,3,2024-03-01T10:00:00Z\na,3,2024-03-03T10:00:00Z\n",
        encoding="utf-8",
    )
    with pytest.raises(ModelDataError, match="at least 6 are needed"):
        evaluate_reviews(read_reviews(path))
