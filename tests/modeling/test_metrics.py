"""The evaluation figures against values worked out by hand."""

from __future__ import annotations

import math

import pytest

from tutor_tui.modeling.metrics import auc, log_loss, review_bin, rmse, rmse_bins, score


def test_auc_counts_pairs_ranked_right() -> None:
    # Pairs (right, wrong): (0.8, 0.1) (0.8, 0.4) (0.35, 0.1) (0.35, 0.4): 3 of 4 ordered right.
    assert auc([1, 0, 1, 0], [0.8, 0.1, 0.35, 0.4]) == pytest.approx(0.75)


def test_auc_counts_ties_as_half() -> None:
    # Pairs: (0.5r, 0.5w)=0.5, (0.5r, 0.2w)=1, (0.9r, 0.5w)=1, (0.9r, 0.2w)=1 -> 3.5 / 4.
    assert auc([1, 0, 1, 0], [0.5, 0.5, 0.9, 0.2]) == pytest.approx(0.875)
    assert auc([1, 0, 1, 0], [0.3, 0.3, 0.3, 0.3]) == pytest.approx(0.5)


def test_auc_is_undefined_with_one_class() -> None:
    assert math.isnan(auc([1, 1], [0.2, 0.9]))


def test_rmse_and_log_loss_by_hand() -> None:
    assert rmse([1, 0], [0.8, 0.4]) == pytest.approx(math.sqrt((0.04 + 0.16) / 2))
    expected = -(math.log(0.8) + math.log(0.6)) / 2
    assert log_loss([1, 0], [0.8, 0.4]) == pytest.approx(expected)


def test_log_loss_clips_certain_mistakes() -> None:
    assert log_loss([1], [0.0]) == pytest.approx(-math.log(1e-15))
    assert math.isfinite(log_loss([0], [1.0]))


def test_score_bundles_the_three() -> None:
    scores = score([1, 0, 1, 0], [0.8, 0.1, 0.35, 0.4])
    assert scores.auc == pytest.approx(0.75)
    assert scores.count == 4
    assert set(scores.to_dict()) == {"auc", "rmse", "log_loss"}


def test_rmse_bins_compares_bin_means() -> None:
    # Bin a: outcomes mean 0.5, predictions mean 0.7 (2 reviews); bin b: 1 vs 0.9 (1 review).
    value = rmse_bins([1, 0, 1], [0.6, 0.8, 0.9], ["a", "a", "b"])
    assert value == pytest.approx(math.sqrt((2 * 0.2**2 + 1 * 0.1**2) / 3))


def test_review_bins_follow_srs_benchmark_scales() -> None:
    # 1 day: 2.48 * 3.62^0; review 2: 1.99 * 1.89^1 = 3.76 -> 4; no lapses: 0.
    assert review_bin(1, 2, 0) == (2.48, 4.0, 0.0)
    # 4 days: 2.48 * 3.62^1; review 4: 1.99 * 1.89^2 = 7.1 -> 7; 2 lapses: 1.65 * 1.73 -> 3.
    assert review_bin(4, 4, 2) == (round(2.48 * 3.62, 2), 7.0, 3.0)


def test_mismatched_lengths_are_refused() -> None:
    with pytest.raises(ValueError):
        rmse([1, 0], [0.5])
