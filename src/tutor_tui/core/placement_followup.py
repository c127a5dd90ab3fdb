"""What follows a placement check: a miss on a skill placed out sends back what rests on it.

A skill placed out goes back to practice when the learner misses it before it is confirmed
(`learner.apply_attempt`). The prerequisite logic that placed skills out applies after the fact
too: the skill missed is now taken as not known, so

- every skill placed out that requires it goes back (failing a skill implies not knowing what
  requires it), and
- a skill placed out that the skill missed, or one of those, requires goes back unless the
  placement answers still place it out without them: they are settled again
  (`knowledge_states.settle`), exactly as the check settled them, without the answers on the
  skill missed and on the skills that require it. A skill placed out by inference through the
  skill missed alone goes back, and so does one placed out only through a skill that requires
  it (what was inferred from a skill sent back is no longer supported); one with answers of its
  own enough to place it out, or placed out through a skill still standing, stays.

Skills the graph does not link to those stay as they are. Pure: the service records what this
returns as withdrawals (`learner.Placed` with belief `learner.WITHDRAWN`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import numpy as np

from tutor_tui.core.content import Pack
from tutor_tui.core.knowledge_states import SkillGraph, settle
from tutor_tui.core.placement import CONFIDENT, PLACE_OUT
from tutor_tui.core.placement_evidence import answer_evidence


def sent_back(
    pack: Pack,
    answers: Iterable[tuple[str, float]],
    missed: str,
    placed: Collection[str],
    *,
    place_out: float = PLACE_OUT,
    confident: float = CONFIDENT,
) -> list[str]:
    """The skills of `placed` (placed out, not yet confirmed) that go back to practice with
    `missed`, a skill placed out that a miss has just sent back, in study order.

    `answers` are the learner's placement answers in the pack, as (question id, score); those
    to questions the pack no longer has are left out.
    """
    if missed not in pack.skill_index:
        return []
    graph = SkillGraph.of(pack)
    llr = np.zeros(len(graph.ids))
    for question_id, score in answers:
        if question_id in pack.question_index:
            skill_id, evidence = answer_evidence(pack, question_id, score)
            llr[graph.index[skill_id]] += evidence
    i = graph.index[missed]
    # Settled again without the answers on the skill missed and on what requires it: what they
    # said is no longer ground to stand on.
    llr[[i, *graph.above[i]]] = 0.0
    still = settle(graph, llr, place_out, confident)
    gone = {i, *graph.above[i]}
    # What the skills that go back require: their answers may have been its only ground.
    under = set().union(*(graph.below[k] for k in gone))
    back = []
    for skill in pack.skills:
        j = graph.index[skill.id]
        if skill.id not in placed or j == i:
            continue
        if j in gone or (j in under and still[j] <= 0):
            back.append(skill.id)
    return back
