"""The sample of knowledge states: every state drawn or refreshed is closed under prerequisites."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from testkit.engine import typed_pack

from tutor_tui.core.content import Pack
from tutor_tui.core.knowledge_states import (
    SkillGraph,
    entropy,
    gibbs,
    likelihoods,
    prior_sample,
    systematic_resample,
)

# A diamond with a tail, and a skill on its own.
KITE = {"a": (), "b": ("a",), "c": ("a",), "d": ("b", "c"), "e": ("d",), "f": ()}


def kite_pack() -> Pack:
    """A pack whose skills require each other as KITE says, listed last-first."""
    return typed_pack(dict(reversed(KITE.items())), questions=1)


def down_sets(states: np.ndarray, graph: SkillGraph) -> bool:
    """Whether every state knows each prerequisite of every skill it knows."""
    return all(
        bool(np.all(~states[:, i] | states[:, list(requires)].all(axis=1)))
        for i, requires in enumerate(graph.requires)
        if requires
    )


def test_the_graph_puts_prerequisites_first() -> None:
    graph = SkillGraph.of(kite_pack())
    position = {skill: i for i, skill in enumerate(graph.ids)}
    for skill, requires in KITE.items():
        assert all(position[r] < position[skill] for r in requires)
    assert {graph.ids[i] for i in graph.below[graph.index["e"]]} == {"a", "b", "c", "d"}
    assert {graph.ids[i] for i in graph.above[graph.index["b"]]} == {"d", "e"}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_drawn_and_refreshed_states_are_down_sets(seed: int) -> None:
    graph = SkillGraph.of(kite_pack())
    rng = np.random.default_rng(seed)
    states = prior_sample(graph, 500, rng)
    assert down_sets(states, graph)
    # Strong evidence that the learner knows the tail skill, and not the skill on its own.
    llr = np.zeros(len(graph.ids))
    llr[graph.index["e"]], llr[graph.index["f"]] = 5.0, -5.0
    refreshed = gibbs(states, graph, llr, rng, sweeps=3)
    assert down_sets(refreshed, graph)
    known = refreshed.mean(axis=0)
    assert known[graph.index["e"]] > states.mean(axis=0)[graph.index["e"]]
    assert known[graph.index["a"]] >= known[graph.index["e"]]


def test_resampling_draws_in_proportion_to_the_weights() -> None:
    rng = np.random.default_rng(7)
    picked = systematic_resample(np.array([0.0, 0.75, 0.25, 0.0]), rng)
    assert sorted(np.bincount(picked, minlength=4).tolist()) == [0, 0, 1, 3]
    assert set(picked.tolist()) == {1, 2}


def test_a_right_answer_is_likelier_from_one_who_knows() -> None:
    known, unknown = likelihoods(1.0, guess=0.25, slip=0.1)
    assert known == pytest.approx(0.9) and unknown == pytest.approx(0.25)
    known, unknown = likelihoods(0.0, guess=0.25, slip=0.1)
    assert known == pytest.approx(0.1) and unknown == pytest.approx(0.75)


@given(
    guess=st.floats(min_value=0.0, max_value=0.999999),
    slip=st.floats(min_value=0.01, max_value=0.5),
)
@settings(max_examples=60)
def test_no_guess_a_pack_declares_turns_a_wrong_answer_into_evidence_for(
    guess: float, slip: float
) -> None:
    # A pack may say luck answers a question 99.9% of the time: a wrong answer to it must not
    # then weigh for the skill (it did, above 1 - slip), nor a right one against it.
    known, unknown = likelihoods(0.0, guess=guess, slip=slip)
    assert known <= unknown * (1 + 1e-12)
    known, unknown = likelihoods(1.0, guess=guess, slip=slip)
    assert known >= unknown * (1 - 1e-12)


def test_entropy_is_greatest_at_an_even_chance() -> None:
    values = entropy(np.array([0.0, 0.5, 1.0, 0.9]))
    assert values[1] == pytest.approx(1.0)
    assert values[0] < 1e-9 and values[2] < 1e-9
    assert 0.0 < values[3] < 1.0
