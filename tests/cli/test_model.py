"""`tutor model …` through its Typer app: exit codes, messages, JSON shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from testkit.simulate import LEARNER_PARAMS as PARAMS
from testkit.simulate import review_log, simulate, write_log
from typer.testing import CliRunner

from tutor_tui.cli import model as cli
from tutor_tui.core.content import Mastery

runner = CliRunner()


@pytest.fixture
def log(tmp_path: Path) -> Path:
    rows = simulate(PARAMS, learners=60, answers_per_skill=4, seed=9, ability_spread=1.0)
    return write_log(tmp_path / "log.csv.gz", rows, folds=3, compress=True)


def test_evaluate_prints_a_table(log: Path) -> None:
    result = runner.invoke(cli.app, ["evaluate", str(log)])
    assert result.exit_code == 0, result.output
    assert "3 folds from the file" in result.output
    assert "knowledge tracing, fitted" in result.output


def test_evaluate_json_shape(log: Path) -> None:
    result = runner.invoke(cli.app, ["evaluate", str(log), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"model", "models"}
    assert data["model"] in data["models"]
    assert set(data["models"]) == {
        "tutor",
        "bkt_fitted",
        "bkt_default",
        "skill_mean",
        "global_mean",
    }
    for figures in data["models"].values():
        assert set(figures) == {"auc", "rmse", "log_loss"}


def test_evaluate_without_folds_runs_in_sample(log: Path) -> None:
    result = runner.invoke(cli.app, ["evaluate", str(log), "--no-folds"])
    assert result.exit_code == 0, result.output
    assert "in-sample" in result.output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("user_id,correct\na,1\n", "missing column skill_id"),
        ("user_id,skill_id,correct\na,s,3\n", "correct must be 0 or 1"),
        ("", "empty"),
    ],
)
def test_bad_files_exit_1_with_one_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(cli.app, ["evaluate", str(path)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]


def test_missing_file_exits_1(tmp_path: Path) -> None:
    result = runner.invoke(cli.app, ["evaluate-reviews", str(tmp_path / "none.csv")])
    assert result.exit_code == 1
    assert result.output.startswith("error: ")


def test_evaluate_reviews_json(tmp_path: Path) -> None:
    path = review_log(tmp_path / "r.csv")
    result = runner.invoke(cli.app, ["evaluate-reviews", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["model"] == "fsrs_default" and "average" in data["models"]


def test_fit_saves_a_model_that_show_lists(
    log: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = {"a": Mastery(threshold=0.9), "b": Mastery(), "c": Mastery()}
    monkeypatch.setattr(cli, "pack_defaults", lambda context, pack_id: pack)
    out = tmp_path / "arith.json"
    result = runner.invoke(
        cli.app, ["fit", "--from-csv", str(log), "--pack", "arith", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "fitted 3 of 3 skills" in result.output
    shown = runner.invoke(cli.app, ["show", str(out)])
    assert shown.exit_code == 0, shown.output
    assert "pack 'arith'" in shown.output and "fitted" in shown.output


def test_fit_to_the_default_place_then_show_all(log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "pack_defaults", lambda context, pack_id: Mastery())
    assert runner.invoke(cli.app, ["fit", "--from-csv", str(log), "--pack", "arith"]).exit_code == 0
    shown = runner.invoke(cli.app, ["show", "--json"])
    assert shown.exit_code == 0, shown.output
    assert [entry["pack"] for entry in json.loads(shown.output)] == ["arith"]


def test_fit_for_an_unknown_pack_exits_1(log: Path) -> None:
    result = runner.invoke(cli.app, ["fit", "--from-csv", str(log), "--pack", "no-such-pack"])
    assert result.exit_code == 1
    assert "error: no pack 'no-such-pack'" in result.output


def test_show_without_models_says_so() -> None:
    result = runner.invoke(cli.app, ["show"])
    assert result.exit_code == 0
    assert "no fitted models" in result.output


def test_show_a_bad_file_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text("[]", encoding="utf-8")
    result = runner.invoke(cli.app, ["show", str(path)])
    assert result.exit_code == 1 and "not a tutor-tui learner model file" in result.output


def test_fitting_the_model_in_use_needs_the_tutor_passphrase(
    log: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Installing a model changes every learner's mastery, and fitting to this computer's log
    reads everyone's answers: both are a tutor's to do once a passphrase is set."""
    from tutor_tui.cli.context import Context
    from tutor_tui.core import privacy

    monkeypatch.setattr(privacy, "SCRYPT_N", 2**10)
    monkeypatch.setattr(cli, "pack_defaults", lambda context, pack_id: Mastery())
    monkeypatch.delenv("TUTOR_PASSPHRASE", raising=False)
    Context().tutor.set_passphrase("correct horse", None)
    fit = ["fit", "--from-csv", str(log), "--pack", "arith"]
    refused = runner.invoke(cli.app, fit)
    assert refused.exit_code == 1
    assert "needs the tutor passphrase" in refused.output
    assert "no fitted models" in runner.invoke(cli.app, ["show"]).output
    # A model written to a file of one's own, from a file, touches no one's data here.
    out = tmp_path / "model.json"
    assert runner.invoke(cli.app, [*fit, "-o", str(out)]).exit_code == 0
    monkeypatch.setenv("TUTOR_PASSPHRASE", "correct horse")
    assert runner.invoke(cli.app, fit).exit_code == 0
