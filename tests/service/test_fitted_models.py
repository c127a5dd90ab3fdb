"""`tutor model fit` on this computer's own answers, and the service using the model it saves."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from testkit.engine import T0
from typer.testing import CliRunner

from tutor_tui.cli import model as cli
from tutor_tui.cli.context import Context
from tutor_tui.core.clock import FixedClock
from tutor_tui.core.content import ChoiceQuestion, Mastery, Pack, Skill, Unit
from tutor_tui.files.modelfile import model_path
from tutor_tui.service.tutor import Tutor
from tutor_tui.service.wiring import wire_tutor
from tutor_tui.store.database import Store


def _skill(skill_id: str, requires: tuple[str, ...] = ()) -> Skill:
    questions = tuple(
        ChoiceQuestion(
            id=f"{skill_id}{n}",
            skill=skill_id,
            prompt=f"{skill_id}{n}?",
            choices=("right", "wrong"),
            answer="right",
            shuffle=False,
        )
        for n in (1, 2, 3)
    )
    return Skill(
        id=skill_id,
        title=skill_id.upper(),
        unit="u",
        requires=requires,
        mastery=Mastery(),
        questions=questions,
    )


PACK = Pack(
    id="fitpack",
    title="Fit",
    version="1.0.0",
    mastery=Mastery(),
    units=(Unit(id="u", title="U", skills=("a", "b")),),
    skills=(_skill("a"), _skill("b", ("a",))),
)


def classroom(path: Path) -> Tutor:
    """Forty learners who answered on both skills: the quick ones mostly right, the others less."""
    tutor = wire_tutor(Store.open(f"sqlite:///{path}"), {PACK.id: PACK}, FixedClock(T0))
    rng = random.Random(3)
    for n in range(40):
        person = tutor.add_learner(f"L{n}")
        strength = 0.85 if n % 2 else 0.45
        for skill_id in ("a", "b"):
            for k in range(4):
                right = rng.random() < strength
                answer = "right" if right else "wrong"
                tutor.answer(person, PACK.id, f"{skill_id}{k % 3 + 1}", answer)
    return tutor


def test_fitting_this_computers_answers_changes_what_the_tutor_believes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tutor = classroom(tmp_path / "tutor.db")
    quick, slow = tutor.learner("L1"), tutor.learner("L0")
    before = tutor.view(slow, PACK).skills["a"].p_known
    # A placement answer is evidence, not learning: it is left out of the fit.
    tutor.answer(slow, PACK.id, "b1", "right", kind="placement")
    monkeypatch.setattr(Context, "tutor", tutor)
    monkeypatch.setattr(Context, "pack", lambda self, pack_id: PACK)

    result = CliRunner().invoke(cli.app, ["fit", "--pack", PACK.id, "--json"])

    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["answers"] == 40 * 8
    assert model_path(PACK.id).is_file()
    # The service reads the saved model: fitted numbers, and the learner's ability in the view.
    assert tutor.params_for(PACK.id, "a") != PACK.skill("a").mastery
    assert tutor.view(slow, PACK).skills["a"].p_known != before
    assert "than expected overall" in tutor.explain(quick, PACK, "a")
    # Its "why" says mastered exactly where the rules say so, distinct questions included: a
    # quick learner right on one question of a skill is not told it is mastered.
    eager = tutor.add_learner("Eager")
    for question in ("a1", "a2", "a3", "b1", "a1", "b1"):
        tutor.answer(eager, PACK.id, question, "right")
    for person in (eager, *(tutor.learner(f"L{n}") for n in range(40))):
        view = tutor.view(person, PACK)
        for skill_id in ("a", "b"):
            params = tutor.params_for(PACK.id, skill_id)
            mastered = view.progress(skill_id, params).is_mastered(params)
            why = tutor.explain(person, PACK, skill_id)
            assert why.startswith("mastered:") == mastered, (person.name, skill_id, why)
    # A skill placed out is known, not mastered, in the fitted model's why as everywhere.
    placed = tutor.add_learner("Placed")
    tutor.place(placed, PACK.id, {"a": 0.97})
    why = tutor.explain(placed, PACK, "a")
    assert why.startswith("placed out by a placement check, not yet confirmed: 0.95"), why
    tutor.answer(placed, PACK.id, "a1", "right")  # one question: not yet confirmed
    why = tutor.explain(placed, PACK, "a")
    assert why.startswith("placed out by a placement check, not yet confirmed:"), why
    assert "1 of 1 answers right on this skill" in why, why
    assert tutor.check() == []
