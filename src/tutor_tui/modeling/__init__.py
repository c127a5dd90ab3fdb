"""The learner model that learns from data: fitting it, evaluating it on real learners, saving it.

`import tutor_tui.modeling` is light: numpy and fsrs are loaded only by the modules that need
them. Import from the modules themselves:

- `learner`: `LearnerModel`, `LearnerTrace`, `Estimate`, the tutor's model and one learner's
  running state;
- `fitting`: `fit_from_attempts`, `fit_from_log`, fitting it to the tutor's attempts or a log;
- `modelfile`: `save_model`, `load_model`, `model_path`, the model file the planner reads;
- `responses`, `evaluate`: reading and evaluating on a knowledge-tracing response log;
- `reviews`: evaluating the review scheduler on a review log;
- `errors`: `ModelDataError`, a file that cannot be used, with a message naming file and line.
"""
