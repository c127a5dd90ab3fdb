"""Fitting from the tutor's attempts, and the model file the planner reads."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from testkit.simulate import simulate

from tutor_tui.core.content import Mastery
from tutor_tui.files.modelfile import VERSION, load_model, model_path, save_model
from tutor_tui.modeling.errors import ModelDataError
from tutor_tui.modeling.fitting import fit_from_attempts
from tutor_tui.modeling.learner import AbilityLayer, LearnerModel

PARAMS = {
    "add": Mastery(prior=0.3, learn=0.2, slip=0.1, guess=0.2),
    "sub": Mastery(prior=0.4, learn=0.1, slip=0.15, guess=0.25),
}
START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def attempts(rows: list[tuple[str, str, int]]) -> list[tuple]:
    """The simulated rows as the store's attempt tuples, shuffled out of time order."""
    out = []
    for n, (learner, skill, correct) in enumerate(rows):
        question = f"{skill}-{n % 4}"
        out.append((learner, skill, question, float(correct), 0, START + timedelta(minutes=n)))
    return out[::-1]


def test_fits_each_skill_and_counts_its_answers() -> None:
    rows = simulate(PARAMS, learners=400, answers_per_skill=8, seed=2)
    pack = {"add": Mastery(threshold=0.9), "sub": Mastery(), "mul": Mastery(prior=0.05)}
    model = fit_from_attempts(attempts(rows), pack, pack_id="arith")
    assert model.answers == {"add": 3200, "sub": 3200}
    assert model.fitted == {"add", "sub"}
    assert model.mastery("add").threshold == 0.9
    assert model.mastery("add").prior == pytest.approx(0.3, abs=0.07)
    assert model.layer is not None
    assert model.pack_id == "arith"


def test_thin_data_keeps_the_pack_values_and_no_layer() -> None:
    rows = simulate(PARAMS, learners=3, answers_per_skill=4)
    pack = Mastery(prior=0.15, learn=0.25, slip=0.05, guess=0.1)
    model = fit_from_attempts(attempts(rows), pack)
    assert model.fitted == frozenset()
    assert model.mastery("add") == pack and model.answers["add"] == 12
    assert model.layer is None


def test_hints_and_partial_scores_are_taken() -> None:
    rows = [
        (f"L{n}", "s", f"q{k}", (k % 3) / 2, k % 2, START + timedelta(minutes=k))
        for n in range(40)
        for k in range(8)
    ]
    model = fit_from_attempts(rows, Mastery())
    assert model.answers == {"s": 320}
    m = model.mastery("s")
    assert 0.01 <= m.guess < 0.5 and 0.01 <= m.slip < 0.5


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    model = LearnerModel(
        skills={"add": Mastery(threshold=0.9, prior=0.31, learn=0.2, slip=0.1, guess=0.2)},
        default=Mastery(prior=0.12),
        answers={"add": 321},
        fitted=frozenset({"add"}),
        layer=AbilityLayer(bias=0.1, tracing=0.95, ability=0.7, form=0.2),
        questions={"add-1": 0.4},
        pack_id="arith",
        source="attempt log",
    )
    path = save_model(tmp_path / "models" / "arith.json", model, created=START)
    assert load_model(path) == model
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == VERSION and data["created"].startswith("2025-01-06")


def test_the_default_place_is_in_the_tutors_data(tmp_path: Path) -> None:
    assert model_path("arith").name == "arith.json"
    assert model_path("arith").parent.name == "models"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not valid JSON"),
        ('{"format": "other"}', "not a tutor-tui learner model file"),
        (
            '{"format": "tutor-tui learner model", "version": 99, "skills": {}}',
            "model format version 99",
        ),
        (
            '{"format": "tutor-tui learner model", "version": 1, "skills": {"a": {"prior": 2}}, '
            '"default": {}}',
            "skill 'a' prior: 2.0 is not between 0 and 1",
        ),
        (
            '{"format": "tutor-tui learner model", "version": 1, "skills": '
            '{"a": {"guess": 0.6, "fitted": true}}, "default": {}}',
            "guess and slip must be below 0.5",
        ),
    ],
)
def test_bad_model_files_are_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "m.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ModelDataError, match=message):
        load_model(path)


def test_missing_model_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelDataError, match="no such model file"):
        load_model(tmp_path / "none.json")
