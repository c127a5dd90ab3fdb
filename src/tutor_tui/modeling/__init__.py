"""The learner model that learns from data: fitting it, evaluating it on real learners, saving it.

`import tutor_tui.modeling` is light: numpy and fsrs are loaded only by the functions that need
them. The names below are loaded on first use.

- `LearnerModel`, `LearnerTrace`, `Estimate`: the tutor's model and one learner's running state;
- `fit_from_attempts`, `fit_from_log`: fitting it to the tutor's attempts or a response log;
- `save_model`, `load_model`, `model_path`: the model file the planner reads;
- `read_responses`, `evaluate_log`: evaluation on a knowledge-tracing response log;
- `read_reviews`, `evaluate_reviews`: evaluation of the review scheduler on a review log;
- `ModelDataError`: a file that cannot be used, with a message naming file and line.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tutor_tui.modeling.errors import ModelDataError
    from tutor_tui.modeling.evaluate import Evaluation, evaluate_log
    from tutor_tui.modeling.fitting import fit_from_attempts, fit_from_log
    from tutor_tui.modeling.learner import AbilityLayer, Estimate, LearnerModel, LearnerTrace
    from tutor_tui.modeling.modelfile import load_model, model_path, save_model
    from tutor_tui.modeling.responses import ResponseLog, read_responses
    from tutor_tui.modeling.reviews import evaluate_reviews, read_reviews

_WHERE = {
    "ModelDataError": "errors",
    "Evaluation": "evaluate",
    "evaluate_log": "evaluate",
    "fit_from_attempts": "fitting",
    "fit_from_log": "fitting",
    "AbilityLayer": "learner",
    "Estimate": "learner",
    "LearnerModel": "learner",
    "LearnerTrace": "learner",
    "load_model": "modelfile",
    "model_path": "modelfile",
    "save_model": "modelfile",
    "ResponseLog": "responses",
    "read_responses": "responses",
    "evaluate_reviews": "reviews",
    "read_reviews": "reviews",
}

__all__ = [
    "AbilityLayer",
    "Estimate",
    "Evaluation",
    "LearnerModel",
    "LearnerTrace",
    "ModelDataError",
    "ResponseLog",
    "evaluate_log",
    "evaluate_reviews",
    "fit_from_attempts",
    "fit_from_log",
    "load_model",
    "model_path",
    "read_responses",
    "read_reviews",
    "save_model",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'tutor_tui.modeling' has no attribute {name!r}")
    value = getattr(import_module(f"tutor_tui.modeling.{module}"), name)
    globals()[name] = value
    return value
