"""Placement: a short adaptive check of what a learner already knows when they start a pack.

Pure domain code: it reads a `Pack`, takes scores and a random generator, and returns new values.
It records nothing; the shells grade and store the answers through `Tutor.answer`.

The model
---------

A learner's **knowledge state** is the set of skills they know. Knowledge is taken to be monotone
along the prerequisite graph: whoever knows a skill knows everything it requires. So a knowledge
state is a *down-set* of the graph (closed under prerequisites), and the belief that a learner
knows skill `s` is the posterior probability, over knowledge states, of the states that hold `s`.
This is the knowledge-space view of placement, done as a proper Bayesian update over the partial
order rather than by pushing numbers along edges:

- a right answer on `s` makes the states holding `s` likelier, and every one of them also holds
  every prerequisite of `s`: the skill and its prerequisites go up together (and, weakly, the
  skills that build on `s`, since they are now possible);
- a wrong answer makes the states without `s` likelier, and none of them holds anything that
  requires `s`: the skill and its descendants go down together (and, weakly, its prerequisites).

The strength of each propagation is not a tuning knob: it follows from how many knowledge states
agree with the answer. Every belief is a mean over down-sets, so a prerequisite is always believed
at least as much as what requires it, and the skills called known always form a down-set.

**Prior.** The pack's `mastery.prior` (0.1) describes a learner starting the pack from nothing,
which is exactly the learner placement is not for; so placement starts neutral. A learner has an
unknown *readiness* `r` (uniform on 0..1): each skill whose prerequisites they know, they know
with chance `r`, independently. A root skill is therefore known with prior 0.5 (neutral), and a
skill with `a` skills below it with prior `1 / (a + 2)` (knowing it needs all of them too).
Because `r` is shared, answers also inform skills the graph does not link to the asked ones: a
learner who knows the advanced skills asked so far is likely to know the other advanced ones. The
posterior over `r` is what makes a novice or an expert quick to place. A skill with five or more
skills below it starts under 0.15, so with no evidence at all it counts as not known: the safe
side, since the cost is only teaching it. To be placed as known it needs answers that say so.
(The shape of the prior matters little: in `bench/placement.py`, Beta(0.5, 0.5), Beta(2, 2) and
uniform readiness classify within a point of each other.)

**Evidence.** An answer with score `x` (partial scores count as that share of a right answer) to a
question with guess rate `g` and slip `σ` has likelihood `(1-σ)^x σ^(1-x)` if the skill is known
and `g^x (1-g)^(1-x)` if not. The guess rate is per question type (`guess_rate`): one over the
choices for a choice question, 0.5 for true/false, about 0.05 for what is typed. The slip is the
skill's `mastery.slip` (0.1 by default). Answers in placement get no feedback, so nothing is
learned between them and they are all evidence about one fixed state.

**Inference.** Down-sets are too many to list for a pack of 30 skills, so the posterior is carried
by a weighted sample of knowledge states (`PARTICLES` of them) drawn from the prior. Each answer
reweights them by its likelihood; when the weights grow uneven the sample is resampled and
refreshed by sweeps of Gibbs sampling over skills (with the readiness integrated out), which keep
every state a down-set and leave the posterior unchanged. The generator comes in as an argument,
so a check is reproducible. The noise of a sample of 2000 is about ±0.01 on a belief.

**The next question.** The skill whose answer is expected to leave the least uncertainty in all
the beliefs (the sum of their entropies): a skill near the middle of the unresolved part of the
graph, whose answer settles the most skills either way, and where a question is least likely to be
passed by guessing. Of that skill, a question not yet asked, of moderate difficulty (2 to 4) when
it has one, and of the type that is hardest to guess.

**Stopping.** As soon as every belief is confident (at least `confident`, 0.85 by default, or at
most `1 - confident`), at the question cap (12 by default), when nothing left to ask would change a
belief, or when the learner stops. Each skill is then *known*, *not known* or *unsure*.

**What is recorded.** Nothing here. The attempt log is the only source of truth, and sampling is
not something to replay, so the outcome is kept as facts: each answer, as an attempt of kind
"placement" (`Tutor.answer`), and each skill found known, as a placement event that the store's
reducer turns into a mastered skill with a first review due (`Tutor.place`). A rebuild replays
those facts, never this inference. Skills found not known or unsure need no record: that is where
every skill starts. See `bench/placement.py` for how well it places simulated learners.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, Literal, TypeAlias

import numpy as np

from tutor_tui.core.content import (
    AnyQuestion,
    ChoiceQuestion,
    MatchQuestion,
    MultiQuestion,
    OrderQuestion,
    Pack,
    TrueFalseQuestion,
)
from tutor_tui.core.knowledge_states import (
    SkillGraph,
    entropy,
    gibbs,
    likelihoods,
    prior_sample,
    systematic_resample,
)

__all__ = [
    "CONFIDENT",
    "MAX_QUESTIONS",
    "PARTICLES",
    "Answer",
    "Evidence",
    "Placement",
    "PlacementResult",
    "SkillVerdict",
    "guess_rate",
    "start",
]

# How sure a belief must be to call a skill known (or, at 1 - CONFIDENT, not known).
CONFIDENT = 0.85
# The most questions a check asks unless told otherwise.
MAX_QUESTIONS = 12
# Knowledge states in the sample that carries the posterior.
PARTICLES = 2000
# The guess rate of typed answers (short, numeric, cloze) and the least for any question.
TYPED_GUESS = 0.05
# Moderate difficulty: questions of these difficulties are preferred.
MODERATE = (2, 4)
# Resample when the effective sample size falls below this share of the sample.
RESAMPLE_BELOW = 0.5
# Gibbs sweeps that refresh the sample after resampling.
SWEEPS = 2
# An answer expected to change the summed entropy of the beliefs by less is not worth asking.
LEAST_GAIN = 1e-3

Verdict: TypeAlias = Literal["known", "not known", "unsure"]
StopReason: TypeAlias = Literal["confident", "cap", "nothing to ask", "stopped", ""]
# Why a check ended, in words, for every shell.
ENDED: dict[str, str] = {
    "confident": "sure of every skill",
    "cap": "the question limit was reached",
    "nothing to ask": "no question left could tell more",
    "stopped": "stopped early",
    "": "",
}


def guess_rate(question: AnyQuestion) -> float:
    """The chance that a learner who does not know the skill answers this question right."""
    match question:
        case ChoiceQuestion():
            return 1.0 / max(2, len(question.choices))
        case TrueFalseQuestion():
            return 0.5
        case MultiQuestion():
            # One nonempty subset of the choices is right.
            return max(TYPED_GUESS, 1.0 / (2 ** len(question.choices) - 1))
        case OrderQuestion():
            return max(TYPED_GUESS, 1.0 / math.factorial(len(question.items)))
        case MatchQuestion():
            return max(TYPED_GUESS, 1.0 / math.factorial(len(question.pairs)))
    return TYPED_GUESS


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer given during the check: the only facts placement learns from."""

    question_id: str
    skill_id: str
    score: float

    @property
    def right(self) -> bool:
        """Whether the answer was fully right."""
        return self.score >= 1.0


@dataclass(frozen=True, slots=True)
class Evidence:
    """An answer that bears on a skill, and how: on the skill itself, or through the graph."""

    answer: Answer
    # "asked": on this skill; "needed by": on a skill that requires this one (right answers);
    # "needs": on a skill this one requires (wrong answers).
    relation: Literal["asked", "needed by", "needs"]

    def describe(self, pack: Pack) -> str:
        """The evidence in words, e.g. `right on Fractions, which needs it`."""
        outcome = (
            "right"
            if self.answer.right
            else ("wrong" if self.answer.score <= 0 else f"{round(100 * self.answer.score)}% right")
        )
        title = pack.skill(self.answer.skill_id).title
        if self.relation == "asked":
            return f"{outcome} on it"
        if self.relation == "needed by":
            return f"{outcome} on {title}, which needs it"
        return f"{outcome} on {title}, which it needs"


@dataclass(frozen=True, slots=True)
class SkillVerdict:
    """What the check concluded about one skill."""

    skill_id: str
    verdict: Verdict
    belief: float
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class PlacementResult:
    """The outcome of a check: a verdict per skill, in study order, and the answers behind them."""

    pack_id: str
    skills: tuple[SkillVerdict, ...]
    answers: tuple[Answer, ...]
    stopped: StopReason

    def ids(self, verdict: Verdict) -> list[str]:
        """The skills with this verdict, in study order."""
        return [s.skill_id for s in self.skills if s.verdict == verdict]

    def skipped(self) -> list[str]:
        """The skills the learner need not be taught: those placed as known, never asked or not."""
        return self.ids("known")

    def to_dict(self, pack: Pack) -> dict[str, Any]:
        """The result as JSON-ready values."""
        return {
            "pack": self.pack_id,
            "questions": len(self.answers),
            "stopped": self.stopped,
            "answers": [
                {"question": a.question_id, "skill": a.skill_id, "score": round(a.score, 4)}
                for a in self.answers
            ],
            "skills": [
                {
                    "skill": s.skill_id,
                    "title": pack.skill(s.skill_id).title,
                    "verdict": s.verdict,
                    "belief": round(s.belief, 4),
                    "evidence": [e.describe(pack) for e in s.evidence],
                }
                for s in self.skills
            ],
            "known": self.ids("known"),
            "not_known": self.ids("not known"),
            "unsure": self.ids("unsure"),
        }


@dataclass(frozen=True, eq=False)
class Placement:
    """A check in progress: the sample of knowledge states, its weights, and the answers so far.

    Functions of it return a new `Placement`; none changes it.
    """

    pack: Pack
    graph: SkillGraph
    # One row per knowledge state, one column per skill in `graph` order.
    states: np.ndarray
    weights: np.ndarray
    # Per skill (graph order), the summed log likelihood ratio of its answers: known vs not.
    evidence_llr: np.ndarray
    answers: tuple[Answer, ...] = ()
    max_questions: int = MAX_QUESTIONS
    confident: float = CONFIDENT
    stopped_early: bool = False

    # Beliefs ---------------------------------------------------------------------------------

    def belief_array(self) -> np.ndarray:
        """The belief of each skill, in graph order."""
        return np.asarray(self.weights @ self.states / self.weights.sum(), dtype=float)

    def beliefs(self) -> dict[str, float]:
        """The belief that the learner knows each skill, by skill id, in study order."""
        values = self.belief_array()
        return {
            skill.id: float(min(1.0, max(0.0, values[self.graph.index[skill.id]])))
            for skill in self.pack.skills
        }

    def asked(self) -> set[str]:
        """The ids of the questions asked so far."""
        return {answer.question_id for answer in self.answers}

    # Stopping --------------------------------------------------------------------------------

    def stop_reason(self) -> StopReason:
        """Why the check is over, or "" while it goes on."""
        if self.stopped_early:
            return "stopped"
        if self._all_confident(self.belief_array()):
            return "confident"
        if len(self.answers) >= self.max_questions:
            return "cap"
        if self._choice is None:
            return "nothing to ask"
        return ""

    def done(self) -> bool:
        """Whether the check is over."""
        return self.stop_reason() != ""

    def _all_confident(self, beliefs: np.ndarray) -> bool:
        return bool(np.all((beliefs >= self.confident) | (beliefs <= 1.0 - self.confident)))

    # Choosing the next question --------------------------------------------------------------

    def next_question(self) -> AnyQuestion | None:
        """The most informative question to ask next, or None when the check is over."""
        if self.done():
            return None
        return self._choice

    def _candidates(self) -> list[tuple[int, AnyQuestion]]:
        """For each skill with a question not yet asked, the question that would be asked."""
        asked = self.asked()
        found = []
        for i, skill_id in enumerate(self.graph.ids):
            left = [q for q in self.pack.skill(skill_id).questions if q.id not in asked]
            if left:
                found.append((i, min(enumerate(left), key=_question_preference)[1]))
        return found

    @cached_property
    def _choice(self) -> AnyQuestion | None:
        """The question expected to leave the least uncertainty, if any is worth asking."""
        candidates = self._candidates()
        if not candidates:
            return None
        w = self.weights / self.weights.sum()
        known = self.states.astype(float)
        columns = [i for i, _ in candidates]
        guess = np.array([guess_rate(q) for _, q in candidates])
        slip = np.array([self._slip(self.graph.ids[i]) for i, _ in candidates])
        # The chance of a right answer in each state, for each candidate: (states, candidates).
        p_right = known[:, columns] * (1.0 - slip) + (1.0 - known[:, columns]) * guess
        w_right = w[:, None] * p_right
        w_wrong = w[:, None] * (1.0 - p_right)
        chance_right = w_right.sum(axis=0)
        chance_wrong = w_wrong.sum(axis=0)
        # The beliefs after each outcome, for each candidate: (candidates, skills).
        after_right = (w_right.T @ known) / np.maximum(chance_right, 1e-300)[:, None]
        after_wrong = (w_wrong.T @ known) / np.maximum(chance_wrong, 1e-300)[:, None]
        left_right = entropy(after_right).sum(axis=1)
        left_wrong = entropy(after_wrong).sum(axis=1)
        expected = chance_right * left_right + chance_wrong * left_wrong
        gain = entropy(self.belief_array()).sum() - expected
        best = int(np.argmax(gain))
        if gain[best] < LEAST_GAIN:
            return None
        return candidates[best][1]

    def _slip(self, skill_id: str) -> float:
        return min(0.5, max(0.01, self.pack.skill(skill_id).mastery.slip))

    # Answers ---------------------------------------------------------------------------------

    def observe(self, question_id: str, score: float, rng: np.random.Generator) -> Placement:
        """The check after an answer with this score (0 to 1) to this question."""
        question = self.pack.question(question_id)
        if question_id in self.asked():
            raise ValueError(f"question '{question_id}' was already asked in this check")
        score = min(1.0, max(0.0, float(score)))
        column = self.graph.index[question.skill]
        known_like, unknown_like = likelihoods(
            score, guess_rate(question), self._slip(question.skill)
        )
        weights = self.weights * np.where(self.states[:, column], known_like, unknown_like)
        weights = weights / weights.sum()
        llr = self.evidence_llr.copy()
        llr[column] += math.log(known_like) - math.log(unknown_like)
        states = self.states
        ess = 1.0 / float(np.sum(weights**2))
        if ess < RESAMPLE_BELOW * len(weights):
            states = states[systematic_resample(weights, rng)]
            states = gibbs(states, self.graph, llr, rng, SWEEPS)
            weights = np.full(len(states), 1.0 / len(states))
        answer = Answer(question_id, question.skill, score)
        return replace(
            self, states=states, weights=weights, evidence_llr=llr, answers=(*self.answers, answer)
        )

    def stop(self) -> Placement:
        """The check, ended by the learner."""
        return replace(self, stopped_early=True)

    # The result ------------------------------------------------------------------------------

    def result(self) -> PlacementResult:
        """A verdict per skill, with the answers that bear on it."""
        beliefs = self.beliefs()
        verdicts = []
        for skill in self.pack.skills:
            belief = beliefs[skill.id]
            verdict: Verdict = (
                "known"
                if belief >= self.confident
                else "not known"
                if belief <= 1.0 - self.confident
                else "unsure"
            )
            verdicts.append(
                SkillVerdict(skill.id, verdict, belief, tuple(self._evidence_for(skill.id)))
            )
        return PlacementResult(self.pack.id, tuple(verdicts), self.answers, self.stop_reason())

    def _evidence_for(self, skill_id: str) -> Iterable[Evidence]:
        i = self.graph.index[skill_id]
        for answer in self.answers:
            j = self.graph.index[answer.skill_id]
            if j == i:
                yield Evidence(answer, "asked")
            elif answer.right and j in self.graph.above[i]:
                yield Evidence(answer, "needed by")
            elif answer.score <= 0 and j in self.graph.below[i]:
                yield Evidence(answer, "needs")


def start(
    pack: Pack,
    rng: np.random.Generator,
    *,
    max_questions: int = MAX_QUESTIONS,
    confident: float = CONFIDENT,
    particles: int = PARTICLES,
) -> Placement:
    """A new check of `pack`, its knowledge states drawn from the prior with `rng`."""
    if not 0.5 < confident < 1.0:
        raise ValueError("confident must lie between 0.5 and 1")
    graph = SkillGraph.of(pack)
    states = prior_sample(graph, particles, rng)
    return Placement(
        pack=pack,
        graph=graph,
        states=states,
        weights=np.full(particles, 1.0 / particles),
        evidence_llr=np.zeros(len(graph.ids)),
        max_questions=max(0, max_questions),
        confident=confident,
    )


def _question_preference(item: tuple[int, AnyQuestion]) -> tuple[object, ...]:
    """Moderate difficulty first, then the hardest to guess, then nearest 3, then pack order."""
    order, question = item
    low, high = MODERATE
    return (
        not low <= question.difficulty <= high,
        guess_rate(question),
        abs(question.difficulty - 3),
        order,
    )
