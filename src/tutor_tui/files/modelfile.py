"""A fitted learner model on disk: a small JSON file with a format version, one per pack.

The planner reads it with `load_model` and puts it on the pack's settings with
`LearnerModel.with_defaults(...)`, so the pack's thresholds always apply and the pack's values stay
in use for every skill the model did not fit. The pack's own files are never touched.
"""

from __future__ import annotations

import json
import math
from datetime import datetime
from pathlib import Path
from typing import Any, TypedDict

from tutor_tui.core.content import Mastery
from tutor_tui.files.atomic import SHARED, write_atomic
from tutor_tui.modeling.errors import ModelDataError
from tutor_tui.modeling.learner import AbilityLayer, LearnerModel

FORMAT = "tutor-tui learner model"
VERSION = 1


class SkillDict(TypedDict):
    """One skill's numbers as stored."""

    threshold: float
    prior: float
    learn: float
    slip: float
    guess: float
    answers: int
    fitted: bool


class LayerDict(TypedDict):
    """The ability layer as stored."""

    bias: float
    tracing: float
    ability: float
    form: float
    rate: float
    rate_decay: float
    form_rate: float
    form_decay: float


class ModelDict(TypedDict):
    """The whole file."""

    format: str
    version: int
    pack: str
    source: str
    created: str
    default: SkillDict
    skills: dict[str, SkillDict]
    layer: LayerDict | None
    questions: dict[str, float]


def model_path(pack_id: str) -> Path:
    """Where the model fitted for a pack is kept: `models/PACK.json` in the tutor's data home."""
    from tutor_tui.files import paths

    return paths.data_home() / "models" / f"{pack_id}.json"


def to_dict(model: LearnerModel, created: datetime | None = None) -> ModelDict:
    """The model as a JSON-ready mapping."""
    layer = model.layer
    return {
        "format": FORMAT,
        "version": VERSION,
        "pack": model.pack_id,
        "source": model.source,
        "created": created.isoformat() if created else "",
        "default": _skill_dict(model.default, 0, False),
        "skills": {
            skill: _skill_dict(params, model.answers.get(skill, 0), skill in model.fitted)
            for skill, params in sorted(model.skills.items())
        },
        "layer": None
        if layer is None
        else {
            "bias": layer.bias,
            "tracing": layer.tracing,
            "ability": layer.ability,
            "form": layer.form,
            "rate": layer.rate,
            "rate_decay": layer.rate_decay,
            "form_rate": layer.form_rate,
            "form_decay": layer.form_decay,
        },
        "questions": dict(sorted(model.questions.items())),
    }


def from_dict(data: Any, where: str = "model") -> LearnerModel:
    """A model from its mapping; `ModelDataError` says what is wrong with it."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ModelDataError(f"{where}: not a tutor-tui learner model file")
    version = data.get("version")
    if not isinstance(version, int) or version > VERSION or version < 1:
        raise ModelDataError(
            f"{where}: model format version {version!r}; this tutor reads version {VERSION} "
            "(fit the model again, or update the tutor)"
        )
    skills_data = data.get("skills")
    if not isinstance(skills_data, dict):
        raise ModelDataError(f"{where}: 'skills' must be a mapping of skill ids")
    skills: dict[str, Mastery] = {}
    answers: dict[str, int] = {}
    fitted: set[str] = set()
    for skill, entry in skills_data.items():
        skills[skill], answers[skill], was_fitted = _read_skill(entry, f"{where}: skill {skill!r}")
        if was_fitted:
            fitted.add(skill)
    default, _, _ = _read_skill(data.get("default"), f"{where}: default")
    layer_data = data.get("layer")
    layer = None
    if layer_data is not None:
        if not isinstance(layer_data, dict):
            raise ModelDataError(f"{where}: 'layer' must be a mapping or null")
        values = {}
        for key in AbilityLayer.__dataclass_fields__:
            value = layer_data.get(key, getattr(AbilityLayer(), key))
            values[key] = _number(value, f"{where}: layer {key}")
        layer = AbilityLayer(**values)
    questions_data = data.get("questions") or {}
    if not isinstance(questions_data, dict):
        raise ModelDataError(f"{where}: 'questions' must be a mapping of question ids")
    questions = {str(q): _number(v, f"{where}: question {q!r}") for q, v in questions_data.items()}
    return LearnerModel(
        skills=skills,
        default=default,
        answers=answers,
        fitted=frozenset(fitted),
        layer=layer,
        questions=questions,
        pack_id=str(data.get("pack", "")),
        source=str(data.get("source", "")),
    )


def save_model(path: Path | str, model: LearnerModel, created: datetime | None = None) -> Path:
    """Write the model to a JSON file (atomically: a reader never sees half a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(to_dict(model, created), indent=1, ensure_ascii=False) + "\n"
    # A model holds no learner's answers, only numbers fitted to them: readable as packs are.
    return write_atomic(path, text, mode=SHARED, keep_mode=True)


def load_model(path: Path | str) -> LearnerModel:
    """Read a model file; `ModelDataError` names the file and what is wrong."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ModelDataError(f"{path}: no such model file") from None
    except UnicodeDecodeError:
        raise ModelDataError(f"{path}: not a tutor-tui learner model file (not UTF-8)") from None
    except OSError as error:
        raise ModelDataError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ModelDataError(f"{path}:{error.lineno}: not valid JSON ({error.msg})") from None
    return from_dict(data, str(path))


def _skill_dict(params: Mastery, answers: int, fitted: bool) -> SkillDict:
    return {
        "threshold": params.threshold,
        "prior": round(params.prior, 6),
        "learn": round(params.learn, 6),
        "slip": round(params.slip, 6),
        "guess": round(params.guess, 6),
        "answers": answers,
        "fitted": fitted,
    }


def _read_skill(entry: Any, where: str) -> tuple[Mastery, int, bool]:
    if not isinstance(entry, dict):
        raise ModelDataError(f"{where}: must be a mapping")
    values: dict[str, float] = {}
    for key in ("threshold", "prior", "learn", "slip", "guess"):
        value = _number(entry.get(key, getattr(Mastery(), key)), f"{where} {key}")
        if not 0.0 <= value <= 1.0:
            raise ModelDataError(f"{where} {key}: {value} is not between 0 and 1")
        values[key] = value
    fitted = bool(entry.get("fitted", False))
    if fitted and (values["guess"] >= 0.5 or values["slip"] >= 0.5):
        raise ModelDataError(f"{where}: fitted guess and slip must be below 0.5")
    answers = entry.get("answers", 0)
    if not isinstance(answers, int) or isinstance(answers, bool) or answers < 0:
        raise ModelDataError(f"{where} answers: must be a whole number, not {answers!r}")
    # The rules of evidence (distinct questions, repeats) are the pack's: `with_defaults` adds them.
    return (
        Mastery(
            threshold=values["threshold"],
            prior=values["prior"],
            learn=values["learn"],
            slip=values["slip"],
            guess=values["guess"],
        ),
        answers,
        fitted,
    )


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ModelDataError(f"{where}: must be a number, not {value!r}")
    return float(value)
