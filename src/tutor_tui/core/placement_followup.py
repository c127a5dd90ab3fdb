"""What follows a placement check: a miss on a skill placed out sends back what rests on it.

A skill placed out goes back to practice when the learner misses it before it is confirmed
(`learner.apply_attempt`). The prerequisite logic that placed skills out applies after the fact
too, in the direction it speaks: the skill missed is now taken as not known, so

- every skill placed out that requires it goes back (failing a skill implies not knowing what
  requires it), and
- a skill placed out below one of those goes back only if it was placed out on their word
  alone: nothing the learner answered on it speaks for it (its own answers, in the check, in
  its later check or in practice, weigh for it on balance), and no skill still standing above
  it (placed out and not sent back, or confirmed) requires it.

The miss says nothing against what the skill missed requires, so a right answer of the
learner's own is never thrown away, and what stays placed out stays closed under prerequisites:
no skill placed out is left above one sent back. Skills the graph does not link to those stay
as they are. Pure: the service records what this returns as withdrawals (`learner.Placed` with
belief `learner.WITHDRAWN`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from tutor_tui.core.content import Pack
from tutor_tui.core.knowledge_states import SkillGraph
from tutor_tui.core.placement_evidence import answer_evidence


def sent_back(
    pack: Pack,
    answers: Iterable[tuple[str, float]],
    missed: str,
    placed: Collection[str],
    *,
    confirmed: Collection[str] = (),
) -> list[str]:
    """The skills of `placed` (placed out, not yet confirmed) that go back to practice with
    `missed`, a skill placed out that a miss has just sent back, in study order.

    `answers` are the learner's answers in the pack, of every kind, as (question id, score);
    those to questions the pack no longer has are left out. `confirmed` are the skills whose
    placement practice or a later check has confirmed (mastered): they stand, and so does what
    they require.
    """
    if missed not in pack.skill_index:
        return []
    shown: dict[str, float] = {}
    for question_id, score in answers:
        if question_id in pack.question_index:
            skill_id, evidence = answer_evidence(pack, question_id, score)
            shown[skill_id] = shown.get(skill_id, 0.0) + evidence
    gone = {missed, *pack.descendants(missed)}
    # What the skills that go back require: their word may have been its only ground.
    under = set().union(*(pack.prerequisites(s) for s in gone)) - gone
    standing = (set(placed) - gone) | set(confirmed)
    # A skill below one sent back stands on its own answers or on a skill standing above it;
    # judged from the top down, so that what it rests on is judged first.
    kept = (standing - under) | set(confirmed)
    for skill_id in reversed(SkillGraph.of(pack).ids):
        if (
            skill_id in under
            and skill_id in standing
            and (shown.get(skill_id, 0.0) > 0 or any(d in kept for d in pack.descendants(skill_id)))
        ):
            kept.add(skill_id)
    return [s.id for s in pack.skills if s.id in placed and s.id != missed and s.id not in kept]
