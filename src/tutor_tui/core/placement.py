"""Placement: a short adaptive check of what a learner already knows when they start a pack.

Pure domain code: it reads a `Pack`, takes scores and a random generator, and returns new values.
It records nothing; the shells grade and store the answers through `Tutor.answer`.

The model
---------

A learner's **knowledge state** is the set of skills they know, taken to be closed under
prerequisites (a *down-set* of the graph). The answers serve two ends, kept apart. *Choosing the
next question* may use everything: a sample of knowledge states, with a *readiness* shared by all
skills, predicts each answer. *Settling a skill* uses only direct evidence and the prerequisite
logic of knowledge spaces (`knowledge_states.settled_odds`): answers on the skill, right answers
on skills that require it, wrong answers on skills it requires, each skill from even odds. A skill
is placed out at `PLACE_OUT` (0.94: skipping what the learner does not know is the costly
mistake) or found not known at `CONFIDENT` (0.85). Answers that contradict the graph settle
neither side; a skill no answer bears on stays as it was, and is taught as usual.

**Learners off the graph.** Some learners know a skill without what it requires, or have lost a
prerequisite of what they know. So the graph is worth only what the learner's own answers show
(`knowledge_states.doubt`): each skill answered below one answered right, or above one answered
wrong, tests it. Until three tests pass without a contradiction nothing is placed out on the graph
alone; after a contradiction, direct evidence decides. While the answers leave more than
`VERIFY_WHILE` chance that the learner does not follow the graph, a check with questions to spare
asks the skills the graph alone placed out (`_verification`), since nothing else would find a gap.

**Sample and evidence.** A learner has an unknown readiness `r` (uniform): each skill whose
prerequisites they know, they know with chance `r`. An answer with score `x` to a question with
guess rate `g` (`guess_rate`) and slip `σ` has likelihood `(1-σ)^x σ^(1-x)` if the skill is known
and `g^x (1-g)^(1-x)` if not; nothing is learned between answers (no feedback). `PARTICLES`
weighted knowledge states carry the posterior, resampled and refreshed by Gibbs sweeps.

**The next question.** The one whose answer is expected to leave the least to settle, and, among
near-ties, to tell the most about the learner. Of each skill, a question not yet asked, of
moderate difficulty when it has one, and of the type hardest to guess.

**Stopping.** When every skill is settled and none needs verifying, at the question cap
(`question_budget`: 12, or 6 per 7 skills in a pack of more than 14), when nothing left to ask
would settle more, or when the learner stops; the answers given before a stop count.

**Earlier checks, and practice.** A check starts from the placement answers the learner gave in
earlier checks of the pack (`start(..., earlier=...)`), and never asks those questions again: a
second check adds evidence, it does not draw again. What practice showed of a skill weighs in as
evidence (`practised`), but a skill is found not known only once placement answers bear on it:
misses made while learning do not end a check unasked. Questions answered in practice (`seen`)
are not asked: their answers were shown.

Each answer is recorded as an attempt of kind "placement" (`Tutor.answer`), each skill placed
out as a placement event (`Tutor.place`). docs/model.md says more, and how well it places.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import numpy as np

from tutor_tui.core.content import AnyQuestion, Pack
from tutor_tui.core.knowledge_states import (
    SkillGraph,
    entropy,
    gibbs,
    likelihoods,
    off_graph,
    prior_sample,
    settle,
    settled_odds,
    systematic_resample,
)
from tutor_tui.core.placement_evidence import (
    answer_evidence,
    guess_rate,
    practice_evidence,
    question_preference,
    slip_of,
)
from tutor_tui.core.placement_result import (
    ENDED,
    VERDICT_HEADINGS,
    VERDICT_WORDS,
    Answer,
    Evidence,
    PlacementResult,
    SkillVerdict,
    StopReason,
    Verdict,
)

__all__ = [
    "CONFIDENT",
    "MAX_QUESTIONS",
    "ENDED",
    "PARTICLES",
    "PLACE_OUT",
    "VERDICT_HEADINGS",
    "VERDICT_WORDS",
    "Answer",
    "Evidence",
    "Placement",
    "PlacementResult",
    "SkillVerdict",
    "StopReason",
    "Verdict",
    "answer_evidence",
    "guess_rate",
    "practice_evidence",
    "question_budget",
    "start",
]

# How sure the answers must make it that a skill is not known to settle it so (it is taught).
CONFIDENT = 0.85
# How sure they must make it that a skill is known to place it out (it is skipped): more, since
# skipping what the learner does not know costs more than teaching what they do. One right
# answer to a typed question (odds 18 to 1 from even) reaches it; one right choice, or a right
# answer on a skill that requires it, does not.
PLACE_OUT = 0.94
# The most questions a check of a pack of up to `BUDGET_SKILLS` skills asks unless told
# otherwise; a larger pack gets as many per skill (`question_budget`).
MAX_QUESTIONS = 12
BUDGET_SKILLS = 14
# Knowledge states in the sample that chooses the questions.
PARTICLES = 2000
# Resample when the effective sample size falls below this share of the sample.
RESAMPLE_BELOW = 0.5
# Gibbs sweeps that refresh the sample after resampling.
SWEEPS = 2
# In choosing the next question, how much a bit of information about the learner (in the
# sample) counts against a skill the answer would settle: information leads, as it finds the
# edge of what the learner knows fastest; what an answer settles breaks near-ties and finishes.
TELLS_WEIGHT = 6.0
# A question expected to gain less than this is not worth asking.
LEAST_GAIN = 1e-3
# While the answers leave more than this chance that the learner's knowledge does not follow the
# graph, a check with questions to spare asks skills placed out by the graph alone.
VERIFY_WHILE = 0.02


def question_budget(pack: Pack) -> int:
    """The most questions a check of `pack` asks: `MAX_QUESTIONS`, or for a pack of more than
    `BUDGET_SKILLS` skills as many per skill (15 for 17 skills)."""
    return max(MAX_QUESTIONS, math.ceil(MAX_QUESTIONS * len(pack.skills) / BUDGET_SKILLS))


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
    place_out: float = PLACE_OUT
    stopped_early: bool = False
    # How many of `answers` were given in earlier checks: they count as evidence, not as
    # questions of this check.
    carried: int = 0
    # What practice had shown of the skills practised, as it stood when the check began: each
    # as a right answer (for the skill) or a wrong one (against it), `Answer.in_practice`.
    practised: tuple[Answer, ...] = ()
    # Per skill (graph order), the part of `evidence_llr` from this check's answers and earlier
    # checks', practice aside: a skill is found not known only once they bear on it.
    asked_llr: np.ndarray | None = None
    # Questions the learner answered outside placement: their answers were shown, so they say
    # nothing now and are not asked.
    seen: frozenset[str] = frozenset()

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

    @property
    def asked_now(self) -> int:
        """How many questions this check has asked (answers from earlier checks aside)."""
        return len(self.answers) - self.carried

    # Settling --------------------------------------------------------------------------------

    def settled(self) -> np.ndarray:
        """Each skill's verdict (graph order): 1 placed out, -1 not known, 0 not settled.

        By direct evidence and the prerequisite logic alone (`knowledge_states.settle`), never
        by the sample's readiness. What practice showed weighs in, but a skill is found not
        known only once the check's own answers bear on it (`_settle`).
        """
        return self._settle(self.evidence_llr, self._asked_llr)

    @property
    def _asked_llr(self) -> np.ndarray:
        return np.zeros(len(self.graph.ids)) if self.asked_llr is None else self.asked_llr

    # Stopping --------------------------------------------------------------------------------

    def stop_reason(self) -> StopReason:
        """Why the check is over, or "" while it goes on."""
        if self.stopped_early:
            return "stopped"
        if self.asked_now >= self.max_questions:
            return "cap"
        if self._verification is None:
            if bool(np.all(self.settled() != 0)):
                return "confident"
            if self._choice is None:
                return "nothing to ask"
        return ""

    def done(self) -> bool:
        """Whether the check is over."""
        return self.stop_reason() != ""

    # Choosing the next question --------------------------------------------------------------

    def next_question(self) -> AnyQuestion | None:
        """The most informative question to ask next, or None when the check is over."""
        if self.done():
            return None
        if bool(np.all(self.settled() != 0)):
            return self._verification
        return self._choice or self._verification

    def _candidates(self) -> list[tuple[int, AnyQuestion]]:
        """For each skill not settled with a question not yet asked, the question to ask.

        An answer on a settled skill could only confirm it or contradict the graph; one on a
        skill not settled never unsettles another.
        """
        asked = self.asked()
        settled = self.settled()
        found = []
        for i, skill_id in enumerate(self.graph.ids):
            if not settled[i] and (question := self._question_on(skill_id, asked)) is not None:
                found.append((i, question))
        return found

    @cached_property
    def _choice(self) -> AnyQuestion | None:
        """The question expected to settle the most skills, if any is worth asking.

        What an answer would settle is worked out as the verdicts are, from the answers and the
        graph alone; the sample predicts how likely the answer is to be right, and, where no
        single answer would settle more, which one tells the most about the learner (the least
        uncertainty left in the sample's beliefs).
        """
        candidates = self._candidates()
        if not candidates:
            return None
        w = self.weights / self.weights.sum()
        known = self.states.astype(float)
        columns = [i for i, _ in candidates]
        slip = np.array([slip_of(self.pack, self.graph.ids[i]) for i, _ in candidates])
        guess = np.minimum([guess_rate(q) for _, q in candidates], 1.0 - slip)  # as `likelihoods`
        # The chance of a right answer in each state, for each candidate: (states, candidates).
        p_right = known[:, columns] * (1.0 - slip) + (1.0 - known[:, columns]) * guess
        w_right = w[:, None] * p_right
        w_wrong = w[:, None] * (1.0 - p_right)
        chance_right = w_right.sum(axis=0)
        chance_wrong = w_wrong.sum(axis=0)
        # What each outcome would settle, for each candidate.
        settled_now = int(np.count_nonzero(self.settled()))
        after_right = np.tile(self.evidence_llr, (len(candidates), 1))
        after_wrong = after_right.copy()
        asked_right = np.tile(self._asked_llr, (len(candidates), 1))
        asked_wrong = asked_right.copy()
        for row, column in enumerate(columns):
            for afters, score in (
                ((after_right, asked_right), 1.0),
                ((after_wrong, asked_wrong), 0.0),
            ):
                yes, no = likelihoods(score, guess[row], slip[row])
                for after in afters:
                    after[row, column] += math.log(yes) - math.log(no)
        settles = (
            chance_right * np.count_nonzero(self._settle(after_right, asked_right), axis=1)
            + chance_wrong * np.count_nonzero(self._settle(after_wrong, asked_wrong), axis=1)
            - settled_now
        )
        # The beliefs after each outcome, for each candidate: (candidates, skills).
        believed_right = (w_right.T @ known) / np.maximum(chance_right, 1e-300)[:, None]
        believed_wrong = (w_wrong.T @ known) / np.maximum(chance_wrong, 1e-300)[:, None]
        expected = chance_right * entropy(believed_right).sum(axis=1) + chance_wrong * entropy(
            believed_wrong
        ).sum(axis=1)
        tells = entropy(self.belief_array()).sum() - expected
        gain = settles + TELLS_WEIGHT * tells
        best = int(np.argmax(gain))
        if gain[best] < LEAST_GAIN:
            return None
        return candidates[best][1]

    @cached_property
    def _verification(self) -> AnyQuestion | None:
        """A question on a skill placed out by the graph alone, no answer on it yet, while the
        answers leave more than `VERIFY_WHILE` chance that the learner does not follow the graph:
        the least surely placed, in study order. No other question would find a skill lost under
        what the learner knows; a wrong answer finds it, and the doubt it casts unsettles what
        the graph alone had placed."""
        if float(off_graph(self.graph, self.evidence_llr)) <= VERIFY_WHILE:
            return None
        settled = self.settled()
        known_odds = settled_odds(self.graph, self.evidence_llr)[0]
        asked = self.asked()
        options = []
        for skill in self.pack.skills:
            i = self.graph.index[skill.id]
            if settled[i] > 0 and self.evidence_llr[i] == 0.0:
                if (question := self._question_on(skill.id, asked)) is not None:
                    options.append((known_odds[i], question))
        return min(options, key=lambda option: option[0])[1] if options else None

    def _question_on(self, skill_id: str, asked: set[str]) -> AnyQuestion | None:
        """The question the check would ask on this skill: not asked, not seen, preferred."""
        left = [
            q
            for q in self.pack.skill(skill_id).questions
            if q.id not in asked and q.id not in self.seen
        ]
        return min(enumerate(left), key=question_preference)[1] if left else None

    def _settle(self, llr: np.ndarray, asked: np.ndarray) -> np.ndarray:
        """The verdicts by `settle`, each "not known" kept only where the placement answers
        (`asked`, practice aside) bear against the skill: one on the skill itself, or a wrong
        one on a skill it requires. Misses in practice were made while learning, with answers
        shown and lessons between: they weigh, but the check asks what the learner knows now,
        of the skill missed as of what requires it, rather than ending unasked."""
        verdicts = settle(self.graph, llr, self.place_out, self.confident)
        wrong = (asked < 0).astype(float)
        borne = (asked != 0) | (wrong @ self.graph.above_matrix > 0)
        return np.where((verdicts < 0) & ~borne, 0, verdicts)

    # Answers ---------------------------------------------------------------------------------

    def observe(self, question_id: str, score: float, rng: np.random.Generator) -> Placement:
        """The check after an answer with this score (0 to 1) to this question."""
        question = self.pack.question(question_id)
        if question_id in self.asked():
            raise ValueError(f"question '{question_id}' was already asked in this check")
        score = min(1.0, max(0.0, float(score)))
        skill_id, evidence = answer_evidence(self.pack, question_id, score)
        check = self._weighed(skill_id, evidence, rng)
        asked_llr = self._asked_llr.copy()
        asked_llr[self.graph.index[skill_id]] += evidence
        return replace(
            check,
            answers=(*self.answers, Answer(question_id, question.skill, score)),
            asked_llr=asked_llr,
        )

    def _weighed(self, skill_id: str, evidence: float, rng: np.random.Generator) -> Placement:
        """The check with `evidence` (a log likelihood ratio, known against not) added to what
        it knows of the skill; the sample resampled when its weights grow too uneven."""
        column = self.graph.index[skill_id]
        # Each state by how well it explains the evidence.
        weights = self.weights * np.where(self.states[:, column], math.exp(evidence), 1.0)
        weights = weights / weights.sum()
        llr = self.evidence_llr.copy()
        llr[column] += evidence
        states = self.states
        ess = 1.0 / float(np.sum(weights**2))
        if ess < RESAMPLE_BELOW * len(weights):
            states = states[systematic_resample(weights, rng)]
            states = gibbs(states, self.graph, llr, rng, SWEEPS)
            weights = np.full(len(states), 1.0 / len(states))
        return replace(self, states=states, weights=weights, evidence_llr=llr)

    def stop(self) -> Placement:
        """The check, ended by the learner."""
        return replace(self, stopped_early=True)

    # The result ------------------------------------------------------------------------------

    def result(self) -> PlacementResult:
        """A verdict per skill, with the answers that bear on it."""
        settled = self.settled()
        known_odds, not_odds = settled_odds(self.graph, self.evidence_llr)
        verdicts = []
        for skill in self.pack.skills:
            i = self.graph.index[skill.id]
            verdict: Verdict = (
                "known" if settled[i] > 0 else "not known" if settled[i] < 0 else "unsure"
            )
            # How likely the answers and the graph make it that the skill is known.
            chance_known, chance_not = _chance(known_odds[i]), _chance(not_odds[i])
            belief = chance_known if chance_known - 0.5 >= chance_not - 0.5 else 1 - chance_not
            verdicts.append(
                SkillVerdict(
                    skill.id,
                    verdict,
                    float(belief),
                    tuple(self._evidence_for(skill.id)),
                    self._inferred_from(skill.id) if verdict == "known" else (),
                )
            )
        return PlacementResult(
            self.pack.id, tuple(verdicts), self.answers, self.stop_reason(), self.carried
        )

    def _inferred_from(self, skill_id: str) -> tuple[str, ...]:
        """The nearest skills above `skill_id` answered right, that placed it out when its own
        answers would not have; nothing when they would."""
        graph, i = self.graph, self.graph.index[skill_id]
        if self.evidence_llr[i] >= math.log(self.place_out / (1.0 - self.place_out)):
            return ()
        witnesses = {j for j in graph.above[i] if self.evidence_llr[j] > 0}
        # The nearest of them: those with no other witness between them and the skill.
        nearest = {j for j in witnesses if not witnesses & graph.below[j]}
        return tuple(s.id for s in self.pack.skills if graph.index[s.id] in nearest)

    def _evidence_for(self, skill_id: str) -> Iterable[Evidence]:
        i = self.graph.index[skill_id]
        for answer in (*self.practised, *self.answers):
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
    max_questions: int | None = None,
    confident: float = CONFIDENT,
    place_out: float = PLACE_OUT,
    particles: int = PARTICLES,
    earlier: Iterable[tuple[str, float]] = (),
    practised: Mapping[str, float] | None = None,
    seen: Iterable[str] = (),
) -> Placement:
    """A new check of `pack`, its knowledge states drawn from the prior with `rng`.

    `earlier` holds the (question id, score) of placement answers given in earlier checks of the
    pack: they are evidence from the start, and their questions are not asked again. Questions
    the pack no longer has are left out. `practised` holds what practice has shown of skills
    the learner has practised, each as a log likelihood ratio (known against not,
    `practice_evidence`): it stands for all the evidence on the skill, the earlier checks' answers
    on it included. `seen` holds the questions the learner answered outside placement: they are
    not asked. It asks at most `max_questions`, by default the pack's `question_budget`.
    """
    if not 0.5 < confident < 1.0 or not 0.5 < place_out < 1.0:
        raise ValueError("confident and place_out must lie between 0.5 and 1")
    graph = SkillGraph.of(pack)
    states = prior_sample(graph, particles, rng)
    check = Placement(
        pack=pack,
        graph=graph,
        states=states,
        weights=np.full(particles, 1.0 / particles),
        evidence_llr=np.zeros(len(graph.ids)),
        max_questions=max(0, question_budget(pack) if max_questions is None else max_questions),
        confident=confident,
        place_out=place_out,
        seen=frozenset(seen),
    )
    for question_id, score in earlier:
        if question_id in pack.question_index and question_id not in check.asked():
            check = check.observe(question_id, score, rng)
    shown = []
    for skill_id, evidence in (practised or {}).items():
        if skill_id in graph.index:
            check = check._weighed(
                skill_id, evidence - check.evidence_llr[graph.index[skill_id]], rng
            )
            shown.append(Answer("", skill_id, 1.0 if evidence > 0 else 0.0, in_practice=True))
    return replace(check, carried=len(check.answers), practised=tuple(shown))


def _chance(log_odds: Any) -> Any:
    """The probability with these log odds."""
    return 1.0 / (1.0 + np.exp(-np.clip(log_odds, -50.0, 50.0)))
