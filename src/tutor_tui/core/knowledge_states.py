"""A weighted sample of knowledge states, for placement's Bayesian update.

A knowledge state is a set of skills closed under prerequisites (a down-set of the pack's graph).
The states are rows of booleans, one column per skill in `SkillGraph` order; `prior_sample` draws
them from the prior, `likelihoods` weighs an answer, `systematic_resample` and `gibbs` refresh an
uneven sample while leaving the posterior unchanged. See `placement` for the model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from tutor_tui.core.content import Pack


@dataclass(frozen=True, eq=False)
class SkillGraph:
    """The pack's skills as indices in an order where prerequisites come first."""

    ids: tuple[str, ...]
    index: dict[str, int]
    requires: tuple[tuple[int, ...], ...]
    dependents: tuple[tuple[int, ...], ...]
    below: tuple[frozenset[int], ...]  # every prerequisite, direct or not
    above: tuple[frozenset[int], ...]  # every descendant
    # above_matrix[s, t]: whether skill t requires skill s, directly or not.
    above_matrix: np.ndarray

    @classmethod
    def of(cls, pack: Pack) -> SkillGraph:
        """The graph of `pack`, in a topological order that keeps study order among equals."""
        order: list[str] = []
        placed: set[str] = set()
        pending = [skill.id for skill in pack.skills]
        while pending:
            ready = [s for s in pending if all(r in placed for r in pack.skill(s).requires)]
            if not ready:  # a validated pack has no cycles
                raise ValueError(f"pack '{pack.id}' has a cycle among {pending}")
            order.extend(ready)
            placed.update(ready)
            pending = [s for s in pending if s not in placed]
        index = {skill_id: i for i, skill_id in enumerate(order)}
        requires = tuple(tuple(index[r] for r in pack.skill(s).requires) for s in order)
        dependents = tuple(tuple(index[d] for d in pack.dependents[s]) for s in order)
        below = tuple(frozenset(index[p] for p in pack.prerequisites(s)) for s in order)
        above = tuple(frozenset(index[d] for d in pack.descendants(s)) for s in order)
        matrix = np.zeros((len(order), len(order)))
        for i, descendants in enumerate(above):
            matrix[i, list(descendants)] = 1.0
        return cls(tuple(order), index, requires, dependents, below, above, matrix)


# How strongly an answer must speak for or against its skill to test the graph.
TESTING_LLR = 0.5
# The prior chance that a learner's knowledge does not follow the graph.
OFF_GRAPH_PRIOR = 0.3
# The chance that a test contradicts the graph: for a learner whose knowledge follows it (a slip
# or a guess), and for one whose knowledge does not (a skill known without its prerequisite).
CLASH_ON_GRAPH = 0.12
CLASH_OFF_GRAPH = 0.5


def graph_tests(graph: SkillGraph, llr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row of `llr`: on how many skills the answers tested the graph, and how many of those
    contradicted it.

    A skill answered below a skill answered right is a test (the graph says it is known), and so
    is a skill answered above a skill answered wrong (the graph says it is not known); a wrong
    answer in the first case, or a right one in the second, contradicts the graph.
    """
    right = (llr > TESTING_LLR).astype(float)
    wrong = (llr < -TESTING_LLR).astype(float)
    answered = right + wrong
    under_right = (right @ graph.above_matrix.T) > 0
    over_wrong = (wrong @ graph.above_matrix) > 0
    tests = (answered * under_right).sum(axis=-1) + (answered * over_wrong).sum(axis=-1)
    clashes = (wrong * under_right).sum(axis=-1) + (right * over_wrong).sum(axis=-1)
    return tests, clashes


def off_graph(graph: SkillGraph, llr: np.ndarray) -> np.ndarray:
    """Per row of `llr`: how likely the learner's knowledge does not follow the graph.

    The answers' own tests of the graph say (`graph_tests`): each contradiction makes it about
    four times likelier, each test passed a little less likely.
    """
    tests, clashes = graph_tests(graph, llr)
    log_odds = (
        math.log(OFF_GRAPH_PRIOR / (1.0 - OFF_GRAPH_PRIOR))
        + clashes * math.log(CLASH_OFF_GRAPH / CLASH_ON_GRAPH)
        + (tests - clashes) * math.log((1.0 - CLASH_OFF_GRAPH) / (1.0 - CLASH_ON_GRAPH))
    )
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(log_odds, -50.0, 50.0))))


def doubt(graph: SkillGraph, llr: np.ndarray) -> np.ndarray:
    """Per row of `llr`: how likely a skill is not known though a skill that requires it is.

    Nothing for a learner whose knowledge follows the graph; even odds for one whose knowledge
    does not; between the two by how likely the learner is either (`off_graph`).
    """
    return np.asarray(np.maximum(0.5 * off_graph(graph, llr), 1e-9))


def settled_odds(graph: SkillGraph, llr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each skill, the log odds that it is known, and that it is not, by the answers on it
    and on the skills linked to it by prerequisites alone, skill by skill from even odds.

    `llr` holds each skill's summed log likelihood ratio (known against not) of its own answers
    (one row, or one row per hypothetical set of answers). Knowing a skill implies knowing what it
    requires, so an answer on a skill above speaks for the skill; failing a skill implies not
    knowing what requires it, so an answer on a skill below speaks against it. Each linked skill
    counts as a witness that is known with even odds when the skill is: it adds
    `log((1 + e^llr) / 2)`, less than its own evidence and nothing when it was not asked. The
    witnesses together are worth at most what the graph is worth for this learner: with `doubt`
    `d`, odds of `(1 - d) / d`, since a skill can be missing under skills that need it. Nothing
    else moves these odds: not the learner's readiness, and no skill the graph does not link.
    """
    cap = np.log1p(-doubt(graph, llr)) - np.log(doubt(graph, llr))
    if np.ndim(llr) == 2:
        cap = cap[:, None]
    up = np.log(0.5 + 0.5 * np.exp(np.clip(llr, -50.0, 50.0)))
    down = np.log(0.5 + 0.5 * np.exp(np.clip(-llr, -50.0, 50.0)))
    known = llr + np.minimum(up @ graph.above_matrix.T, cap)
    not_known = -llr + np.minimum(down @ graph.above_matrix, cap)
    return known, not_known


def settle(graph: SkillGraph, llr: np.ndarray, place_out: float, not_known: float) -> np.ndarray:
    """Each skill's verdict by `settled_odds`: 1 known, -1 not known, 0 not settled.

    Known when its odds reach `place_out`, not known when the odds against reach `not_known`. A
    skill past both bars, or past one while a skill the graph ties it to is past the other,
    contradicts the graph and is settled neither way. What requires a skill not known is then not
    known either, unless the answers have contradicted the graph; what a known skill requires is
    known only while the graph is trusted as far as the bar to place out (`doubt` at most
    `1 - place_out`). Works row by row on a matrix.
    """
    known_odds, not_odds = settled_odds(graph, llr)
    trusted = doubt(graph, llr) <= 1.0 - place_out
    contradicted = graph_tests(graph, llr)[1] > 0
    if np.ndim(llr) == 2:
        trusted, contradicted = trusted[:, None], contradicted[:, None]
    above = graph.above_matrix
    known = known_odds >= math.log(place_out / (1.0 - place_out))
    unknown = not_odds >= math.log(not_known / (1.0 - not_known))
    # Placed out while it or a prerequisite is found not known, and the other way round.
    clash_known = known & (unknown | (unknown.astype(float) @ above > 0))
    clash_unknown = unknown & (known | (known.astype(float) @ above.T > 0))
    known, unknown = known & ~clash_known, unknown & ~clash_unknown
    known = known | ((known.astype(float) @ above.T > 0) & trusted)
    unknown = unknown | ((unknown.astype(float) @ above > 0) & ~contradicted)
    return np.where(known, 1, np.where(unknown, -1, 0))


def prior_sample(graph: SkillGraph, count: int, rng: np.random.Generator) -> np.ndarray:
    """`count` knowledge states from the prior: a readiness each, then skills in graph order."""
    readiness = rng.random(count)
    states = np.zeros((count, len(graph.ids)), dtype=bool)
    for i, requires in enumerate(graph.requires):
        ready = states[:, list(requires)].all(axis=1) if requires else np.ones(count, dtype=bool)
        states[:, i] = ready & (rng.random(count) < readiness)
    return states


def gibbs(
    states: np.ndarray, graph: SkillGraph, llr: np.ndarray, rng: np.random.Generator, sweeps: int
) -> np.ndarray:
    """Refresh the states by Gibbs sampling from the posterior, the readiness integrated out.

    With readiness uniform, a state with `k` skills known and `u` skills ready (prerequisites
    known) but not known has prior weight `k! u! / (k + u + 1)!`. A skill may change only where
    both of its values keep the state a down-set: all its prerequisites known, none of its
    dependents known. Each such change is drawn from its exact conditional, so the posterior is
    left unchanged.
    """
    states = states.copy()
    count, n = states.shape
    log_factorial = np.array([math.lgamma(k + 1) for k in range(2 * n + 4)])
    everywhere = np.ones(count, dtype=bool)
    known = states.sum(axis=1)
    ready_unknown = _ready_unknown(states, graph)
    for _ in range(sweeps):
        for i in range(n):
            requires, dependents = list(graph.requires[i]), list(graph.dependents[i])
            free = states[:, requires].all(axis=1) if requires else everywhere
            if dependents:
                free = free & ~states[:, dependents].any(axis=1)
            if not free.any():
                continue
            # Dependents that knowing skill i makes ready: all their other prerequisites are known.
            opened = np.zeros(count, dtype=int)
            for d in dependents:
                others = [r for r in graph.requires[d] if r != i]
                opened += states[:, others].all(axis=1) if others else 1
            current = states[:, i]
            # The counts with skill i unknown (it is ready, its dependents are not), and known.
            known_0 = known - current
            unknown_0 = np.where(current, ready_unknown + 1 - opened, ready_unknown)
            known_1, unknown_1 = known_0 + 1, np.maximum(unknown_0 - 1, 0) + opened
            odds = (
                _log_prior(log_factorial, known_1, unknown_1)
                - _log_prior(log_factorial, known_0, np.maximum(unknown_0, 0))
                + llr[i]
            )
            chance = 1.0 / (1.0 + np.exp(-np.clip(odds, -50.0, 50.0)))
            new = np.where(free, rng.random(count) < chance, current)
            known = np.where(new, known_1, known_0)
            ready_unknown = np.where(
                new == current, ready_unknown, np.where(new, unknown_1, unknown_0)
            )
            states[:, i] = new
    return states


def _ready_unknown(states: np.ndarray, graph: SkillGraph) -> np.ndarray:
    """How many skills each state has ready (prerequisites known) but not known."""
    count = np.zeros(len(states), dtype=int)
    for i, requires in enumerate(graph.requires):
        ready = states[:, list(requires)].all(axis=1) if requires else True
        count += ready & ~states[:, i]
    return count


def _log_prior(
    log_factorial: np.ndarray, known: np.ndarray, ready_unknown: np.ndarray
) -> np.ndarray:
    """The log prior weight of states with these counts: log(k! u! / (k + u + 1)!)."""
    lf = log_factorial
    return lf[known] + lf[ready_unknown] - lf[known + ready_unknown + 1]


def systematic_resample(weights: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Indices drawn in proportion to `weights` by systematic resampling (low variance)."""
    count = len(weights)
    positions = (rng.random() + np.arange(count)) / count
    cumulative = np.cumsum(weights)
    cumulative[-1] = 1.0
    return np.searchsorted(cumulative, positions)


def likelihoods(score: float, guess: float, slip: float) -> tuple[float, float]:
    """The likelihood of an answer with this score if the skill is known, and if it is not.

    A guess is taken as no likelier than a right answer from one who knows the skill: a pack
    may say luck answers a question nearly always, and beyond `1 - slip` a wrong answer would
    speak for the skill and a right one against it; at it, the answer says nothing."""
    guess = min(0.95, 1.0 - slip, max(1e-3, guess))
    known = (1.0 - slip) ** score * slip ** (1.0 - score)
    unknown = guess**score * (1.0 - guess) ** (1.0 - score)
    return known, unknown


def entropy(p: np.ndarray) -> np.ndarray:
    """The entropy, in bits, of each belief in `p`."""
    p = np.clip(p, 1e-12, 1.0 - 1e-12)
    return -(p * np.log2(p) + (1.0 - p) * np.log2(1.0 - p))
