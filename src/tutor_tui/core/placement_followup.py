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

Only a miss that says as much as would find the skill not known in a check, on its own
(`sends_back_above`), sends back what rests on the skill: a miss on a question luck answers half
the time (a true/false, a cloze of two words to swap) sends back the skill missed alone, and each
skill placed out above it keeps its own later check. "I don't know" is no such miss: a learner
who says so was not unlucky, whatever the question.

A check taken again reads its answers by the same rule (`taken_back`): what it no longer places
out goes back when its answers speak against the skill or against what it requires, or when
nothing it was placed out on stands any more; never on the word of a miss on a skill that
requires it alone.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable

from tutor_tui.core.content import Pack
from tutor_tui.core.knowledge_states import SkillGraph, likelihoods
from tutor_tui.core.placement import CONFIDENT
from tutor_tui.core.placement_evidence import TYPED_GUESS, answer_evidence, guess_rate, slip_of


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
    shown, _ = _weighed(pack, answers)
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


def sends_back_above(
    pack: Pack, question_id: str, score: float, luck: float = 0.0, *, declined: bool = False
) -> bool:
    """Whether a miss (`score` below 1) on a skill placed out says enough against it to send
    back what rests on it (`sent_back`): as much as, on its own and from even odds, finds a
    skill not known in a check (`placement.CONFIDENT`). `luck` is the pack's chance of a lucky
    right answer to the question (`Mastery.chance`), where it says more than the question's
    kind does. `declined` says the learner answered "I don't know" (`Attempt.declined`): luck
    never gives that answer, so it weighs as a miss on a typed question does, whatever luck
    answers the question.

    A wrong answer where luck answers right half the time is a fifth as likely from one who
    knows the skill (a slip) as from one who does not; where luck answers right one time in
    twenty, a tenth as likely. The first does not settle a skill in a check, so after one it
    does not take a cascade of skills, each with its own answers and its own check to come.
    """
    if question_id not in pack.question_index:
        return False
    question = pack.question(question_id)
    guess = TYPED_GUESS if declined else max(guess_rate(question), luck)
    known, unknown = likelihoods(min(1.0, max(0.0, score)), guess, slip_of(pack, question.skill))
    return math.log(unknown / known) >= math.log(CONFIDENT / (1.0 - CONFIDENT))


def taken_back(
    pack: Pack,
    answers: Iterable[tuple[str, float]],
    doubted: Collection[str],
    standing: Collection[str],
) -> list[str]:
    """Of `doubted`, skills an earlier check placed out that a check taken again no longer
    places out, those that go back to practice, in study order.

    `answers` are the checks' answers in the pack, as (question id, score); `standing` the
    skills that stay known whatever this decides (placed out by this check, confirmed, or
    placed out before and not doubted). A skill goes back when an answer on it or on a skill it
    requires was wrong (failing a skill implies not knowing what requires it), or when neither
    its own answers on balance nor a skill still standing above it speak for it (it was placed
    out on the word of skills that no longer stand). A miss on a skill that requires it alone
    takes nothing away, as after a check (`sent_back`): a right answer of its own is never
    thrown away.
    """
    shown, wrong = _weighed(pack, answers)
    kept = set(standing)
    # Judged from the top down, so that what a skill rests on above it is judged first.
    for skill_id in reversed(SkillGraph.of(pack).ids):
        if skill_id not in doubted or wrong & {skill_id, *pack.prerequisites(skill_id)}:
            continue
        if shown.get(skill_id, 0.0) > 0 or any(d in kept for d in pack.descendants(skill_id)):
            kept.add(skill_id)
    return [s.id for s in pack.skills if s.id in doubted and s.id not in kept]


def _weighed(pack: Pack, answers: Iterable[tuple[str, float]]) -> tuple[dict[str, float], set[str]]:
    """What the answers say of each skill, as the check weighs them (log likelihood ratios,
    summed), and the skills with a wrong answer; answers to questions the pack no longer has
    are left out."""
    shown: dict[str, float] = {}
    wrong: set[str] = set()
    for question_id, score in answers:
        if question_id in pack.question_index:
            skill_id, evidence = answer_evidence(pack, question_id, score)
            shown[skill_id] = shown.get(skill_id, 0.0) + evidence
            if score <= 0:
                wrong.add(skill_id)
    return shown, wrong
