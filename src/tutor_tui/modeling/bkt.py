"""Fitting knowledge tracing's four numbers per skill from answers, by expectation-maximisation.

For each skill, `prior` (the chance a learner knows it before the first answer), `learn` (the chance
of learning it from an answer), `guess` and `slip` are chosen to make the observed answers most
likely under the same model the tutor runs (`tutor_tui.core.mastery`). The fit is Baum-Welch: replay
every learner's answers on the skill forwards (filtering, exactly the tutor's update), smooth
backwards, re-estimate the four numbers from the expected counts, repeat until the likelihood
stops improving.

All learner-skill sequences are processed together with numpy: sequences are sorted by length and
laid out step by step, so each step is a handful of array operations over every sequence still
running, and one iteration costs a few array passes over the answers. 100,000 answers fit in well
under a second.

Safeguards for thin or odd data: a skill with fewer than `min_answers` answers keeps its defaults
(the pack's values, unchanged);
every fitted number stays in [0.01, 0.99], and guess and slip stay at most 0.45, so a right answer
always counts as evidence of knowing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tutor_tui.core.content import Mastery
from tutor_tui.core.mastery import HINT_DISCOUNT

if TYPE_CHECKING:
    import numpy as np

# Below this many answers a skill keeps the pack's values: too little to tell learning from luck.
MIN_ANSWERS = 30
LOW, HIGH = 0.01, 0.99
# Guess and slip stay below one half, or a right answer would count against knowing the skill.
GUESS_MAX = SLIP_MAX = 0.45


@dataclass(frozen=True, slots=True)
class SkillFit:
    """The knowledge-tracing numbers chosen for one skill and what backs them."""

    mastery: Mastery
    answers: int
    fitted: bool


def clip_mastery(params: Mastery) -> Mastery:
    """The same numbers moved into the sane ranges."""
    return Mastery(
        threshold=params.threshold,
        prior=min(HIGH, max(LOW, params.prior)),
        learn=min(HIGH, max(LOW, params.learn)),
        slip=min(SLIP_MAX, max(LOW, params.slip)),
        guess=min(GUESS_MAX, max(LOW, params.guess)),
    )


@dataclass
class _Layout:
    """Answers arranged by step: step t holds the t-th answer of every sequence that long."""

    rows: Any  # original row index of each laid-out answer
    offsets: Any  # step t is rows[offsets[t]:offsets[t + 1]]
    seq_skill: Any  # skill of each sequence, longest sequence first


def _layout(learner: np.ndarray, skill: np.ndarray, n_skills: int) -> _Layout:
    import numpy as np

    n = len(learner)
    key = learner.astype(np.int64) * max(1, n_skills) + skill
    order = np.argsort(key, kind="stable")
    sorted_keys = key[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    lengths = np.diff(np.r_[starts, n])
    sequence = np.repeat(np.arange(len(starts)), lengths)
    position = np.arange(n) - np.repeat(starts, lengths)
    by_length = np.argsort(-lengths, kind="stable")
    rank = np.empty(len(starts), dtype=np.int64)
    rank[by_length] = np.arange(len(starts))
    laid = np.lexsort((rank[sequence], position))
    counts = np.bincount(position)
    return _Layout(
        rows=order[laid],
        offsets=np.r_[0, np.cumsum(counts)],
        seq_skill=skill[order[starts]][by_length],
    )


def fit_skills(
    learner: Sequence[int],
    skill: Sequence[int],
    score: Sequence[float],
    defaults: Sequence[Mastery],
    *,
    hints: Sequence[int] | None = None,
    min_answers: int = MIN_ANSWERS,
    max_iterations: int = 100,
    tolerance: float = 1e-6,
) -> list[SkillFit]:
    """Fit each skill's knowledge-tracing numbers to the answers.

    Rows are answers: the learner's number, the skill's number (an index into `defaults`), the
    score from 0 to 1, and optionally the hints used. Each learner's rows must be in the order
    they were given; different learners may interleave. Thresholds are kept from `defaults`.
    """
    import numpy as np

    n_skills = len(defaults)
    if not len(score):
        return [SkillFit(d, 0, False) for d in defaults]
    learners = np.asarray(learner, dtype=np.int64)
    skills = np.asarray(skill, dtype=np.int64)
    scores = np.clip(np.asarray(score, dtype=float), 0.0, 1.0)
    weight = (
        HINT_DISCOUNT ** np.maximum(0, np.asarray(hints, dtype=float))
        if hints is not None
        else np.ones(len(scores))
    )
    layout = _layout(learners, skills, n_skills)
    obs = scores[layout.rows]
    hint_weight = weight[layout.rows]
    row_skill = skills[layout.rows]
    answers = np.bincount(skills, minlength=n_skills)

    start = [clip_mastery(d) for d in defaults]
    prior = np.array([d.prior for d in start])
    learn = np.array([d.learn for d in start])
    slip = np.array([d.slip for d in start])
    guess = np.array([d.guess for d in start])

    offsets = layout.offsets
    steps = len(offsets) - 1
    n = len(obs)
    # Evidence for guess and slip: a hinted right answer counts as a weaker right answer.
    right_evidence = obs * hint_weight
    all_evidence = (1.0 - obs) + obs * hint_weight
    # Rows followed by another answer in their sequence: where learning can be observed.
    continues = np.zeros(n, dtype=bool)
    for t in range(steps - 1):
        continues[offsets[t] : offsets[t] + (offsets[t + 2] - offsets[t + 1])] = True
    first = slice(offsets[0], offsets[1])
    first_skill = row_skill[first]
    sequences_per_skill = np.maximum(np.bincount(first_skill, minlength=n_skills), 1)

    previous = -np.inf
    for _ in range(max_iterations):
        s_slip = slip[layout.seq_skill]
        s_guess = guess[layout.seq_skill]
        s_learn = learn[layout.seq_skill]
        predicted = np.empty(n)
        filtered = np.empty(n)
        p = prior[layout.seq_skill].copy()
        log_likelihood = 0.0
        for t in range(steps):
            a, b = offsets[t], offsets[t + 1]
            m = b - a
            pk = p[:m]
            o = obs[a:b]
            s, g = s_slip[:m], s_guess[:m]
            predicted[a:b] = pk
            right = pk * (1.0 - s)
            p_right_answer = right + (1.0 - pk) * g
            wrong = pk * s
            after_right = right / p_right_answer
            after_wrong = wrong / (1.0 - p_right_answer)
            after_right = pk + hint_weight[a:b] * (after_right - pk)
            post = o * after_right + (1.0 - o) * after_wrong
            filtered[a:b] = post
            likelihood = o * p_right_answer + (1.0 - o) * (1.0 - p_right_answer)
            log_likelihood += float(np.log(np.maximum(likelihood, 1e-300)).sum())
            p[:m] = post + (1.0 - post) * s_learn[:m]

        # Backward smoothing: P(known at t | the whole sequence), and P(learnt between t, t+1).
        smoothed = filtered.copy()
        learnt = np.zeros(n)
        for t in range(steps - 2, -1, -1):
            a = offsets[t]
            a2, b2 = offsets[t + 1], offsets[t + 2]
            m2 = b2 - a2
            ratio_known = smoothed[a2:b2] / np.maximum(predicted[a2:b2], 1e-300)
            known_now = filtered[a : a + m2]
            smoothed[a : a + m2] = known_now * ratio_known
            learnt[a : a + m2] = (1.0 - known_now) * s_learn[:m2] * ratio_known
        smoothed = np.clip(smoothed, 0.0, 1.0)
        unknown = 1.0 - smoothed

        def per_skill(values: np.ndarray, mask: Any = None) -> np.ndarray:
            if mask is None:
                return np.bincount(row_skill, values, n_skills)
            return np.bincount(row_skill[mask], values[mask], n_skills)

        new_prior = np.bincount(first_skill, smoothed[first], n_skills) / sequences_per_skill
        new_learn = per_skill(learnt, continues) / np.maximum(per_skill(unknown, continues), 1e-12)
        new_guess = per_skill(unknown * right_evidence) / np.maximum(
            per_skill(unknown * all_evidence), 1e-12
        )
        new_slip = per_skill(smoothed * (all_evidence - right_evidence)) / np.maximum(
            per_skill(smoothed * all_evidence), 1e-12
        )
        prior = np.clip(new_prior, LOW, HIGH)
        learn = np.clip(new_learn, LOW, HIGH)
        guess = np.clip(new_guess, LOW, GUESS_MAX)
        slip = np.clip(new_slip, LOW, SLIP_MAX)
        if log_likelihood - previous < tolerance * n:
            break
        previous = log_likelihood

    fits: list[SkillFit] = []
    for k, default in enumerate(defaults):
        count = int(answers[k])
        if count < min_answers:
            fits.append(SkillFit(default, count, False))
            continue
        fits.append(
            SkillFit(
                Mastery(
                    threshold=default.threshold,
                    prior=float(prior[k]),
                    learn=float(learn[k]),
                    slip=float(slip[k]),
                    guess=float(guess[k]),
                ),
                count,
                True,
            )
        )
    return fits
