"""Evaluate the learner models on the real data sets and print the tables for docs/model.md.

    python bench/model_eval.py [DATA]

DATA is the folder of shared data (default: `../shared/data` beside the repository). Every
`responses/*.csv.gz` is evaluated with 5-fold learner-disjoint cross-validation, every
`reviews/*.csv` with the srs-benchmark protocol, and fitting is timed on 100,000 answers.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from tutor_tui.modeling.evaluate import MODELS, evaluate_log  # noqa: E402
from tutor_tui.modeling.fitting import fit_from_log  # noqa: E402
from tutor_tui.modeling.responses import read_responses  # noqa: E402
from tutor_tui.modeling.reviews import REVIEW_MODELS, evaluate_reviews, read_reviews  # noqa: E402


def responses_table(paths: list[Path]) -> None:
    """One row per model and data set: AUC, RMSE, log loss, and the time each evaluation took."""
    print("| data set | model | AUC | RMSE | log loss |")
    print("| --- | --- | --- | --- | --- |")
    timings = []
    for path in paths:
        started = time.perf_counter()
        log = read_responses(path)
        read = time.perf_counter() - started
        evaluation = evaluate_log(log)
        for name, label in MODELS.items():
            s = evaluation.scores[name]
            bold = "**" if name == "tutor" else ""
            print(
                f"| {path.name} | {bold}{label}{bold} | {s.auc:.4f} | {s.rmse:.4f} "
                f"| {s.log_loss:.4f} |"
            )
        timings.append(
            f"{path.name}: {len(log):,} answers, read {read:.1f} s, fitting (5 folds) "
            f"{evaluation.fit_seconds:.1f} s, whole evaluation {evaluation.seconds:.1f} s"
        )
    print()
    for line in timings:
        print(f"- {line}")


def reviews_table(paths: list[Path]) -> None:
    """One row per scheduler model: log loss, RMSE over bins, AUC."""
    print("| review log | model | log loss | RMSE (bins) | AUC |")
    print("| --- | --- | --- | --- | --- |")
    notes = []
    for path in paths:
        evaluation = evaluate_reviews(read_reviews(path), str(path))
        for name, label in REVIEW_MODELS.items():
            s = evaluation.scores.get(name)
            if s is None:
                notes.append(f"{label}: {evaluation.unavailable.get(name, 'unavailable')}")
                continue
            auc = "n/a" if math.isnan(s.auc) else f"{s.auc:.4f}"
            print(f"| {path.name[:24]}… | {label} | {s.log_loss:.4f} | {s.rmse_bins:.4f} | {auc} |")
        notes.append(
            f"{path.name}: {evaluation.reviews:,} reviews, {evaluation.scored:,} scored, "
            f"{evaluation.seconds:.1f} s"
        )
    print()
    for line in notes:
        print(f"- {line}")


def fit_timing(path: Path, answers: int = 100_000) -> None:
    """How long fitting the tutor's model takes for the first `answers` answers of a log."""
    log = read_responses(path)
    rows = range(min(answers, len(log)))
    started = time.perf_counter()
    model = fit_from_log(log, rows=rows)
    seconds = time.perf_counter() - started
    print(
        f"- fitting the tutor's model to {len(rows):,} answers of {path.name} "
        f"({len(model.fitted)} skills fitted, ability layer included): {seconds:.2f} s"
    )


def main() -> None:
    """Run every evaluation the data folder allows."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=REPO.parent / "shared" / "data")
    data = parser.parse_args().data
    responses = sorted((data / "responses").glob("*.csv.gz"))
    reviews = sorted((data / "reviews").glob("*.csv"))
    if not responses and not reviews:
        sys.exit(f"no response or review logs under {data}")
    if responses:
        responses_table(responses)
        print()
        fit_timing(responses[0])
        print()
    if reviews:
        reviews_table(reviews)


if __name__ == "__main__":
    main()
