"""A skill held below mastery with its recitals not counting: what could still release it, and the
words that say so, in the reasons for practice.

Every question of such a skill has been shown (`SkillProgress.unlocks`), so no answer on it is
first sight any more. Only right answers at first sight on the skills that require it can make
its recitals count (`mastery.shown_elsewhere`): knowing a skill implies knowing what it requires.
When too few of those are left that still can show it (a skill nothing requires, the top of a
pack or a pack of one skill, or one whose skills above have had every question shown too),
nothing the learner does now counts towards it, and the planner says so rather than offer
recitals as if they could.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from tutor_tui.core import choosing, mastery
from tutor_tui.core.content import Mastery, Pack, Skill
from tutor_tui.core.learner import LearnerState, SkillProgress

# The skills named in a reason before "and N more".
NAMED = 3


@dataclass(frozen=True, slots=True)
class Release:
    """What could release a held skill: how many more skills above it must show first sight,
    and the titles of those that still can."""

    needed: int
    could: tuple[str, ...]

    @property
    def sealed(self) -> bool:
        """Whether nothing the learner can answer now would make the skill's recitals count."""
        return len(self.could) < self.needed


def release(
    skill: Skill,
    params: Mastery,
    pack: Pack,
    state: LearnerState,
    rules: Callable[[Skill], Mastery],
) -> Release:
    """What could release `skill`, whose rules are `params`: among the skills above it, those
    that do not show first sight yet but still can (`can_show`; `rules` gives each skill's
    rules)."""
    if not params.above:
        # Nothing requires it: only first sight on the skill itself could open it.
        return Release(1, ())
    shown = 0
    could: list[str] = []
    for other in pack.skills:
        if other.id not in params.above:
            continue
        progress = state.skills.get(other.id)
        count = progress.first_sight if progress is not None else 0
        if mastery.shows_on_skill(count):
            shown += 1
        elif can_show(other, count, rules(other), state):
            could.append(other.title)
    needed = min(mastery.FIRST_SIGHT_SKILLS, len(params.above)) - shown
    return Release(max(0, needed), tuple(could))


def can_show(skill: Skill, count: int, params: Mastery, state: LearnerState) -> bool:
    """Whether a skill whose rules are `params`, with `count` questions right at first sight
    (`SkillProgress.first_sight`) and showing too little yet, still can: with the questions luck
    cannot answer that the learner has never been asked, or with those luck may answer, right
    at first sight or never asked, together more than luck (`first_sight.lucky_change`)."""
    unasked = {q.id for q in skill.questions if q.id not in state.questions}
    if mastery.shows_on_skill(count + len(unasked - params.guessable)):
        return True
    asked = state.questions
    open_to_luck = [
        q for q in params.guessable if q in unasked or (q in asked and asked[q].first_sight)
    ]
    return mastery.beyond_luck(open_to_luck, params)


# How the planner's reason begins when what is left is held skills nothing can release now.
DONE = "Done for now:"
# What such a skill needs, after what it is said of.
UNSEEN = (
    "mastery needs a question not seen yet, answered right; a new version of the pack may add some"
)


def done(titles: list[str]) -> str:
    """The reason when nothing is left but held skills nothing the learner can answer now would
    release: what they need."""
    every = "every question of it has" if len(titles) == 1 else "every question of them has"
    return (
        f"{DONE} nothing you can answer now counts towards {', '.join(titles)}: {every} been"
        f" shown, and {UNSEEN}"
    )


def what_counts(found: Release) -> str:
    """What would count towards a held skill now, as the end of a reason: the skills above it
    that can still release it, or, with none, that nothing can until the pack has more."""
    if found.sealed:
        return f"; nothing counts towards it now: every question of it has been shown, and {UNSEEN}"
    return f"; what counts now is answering right questions you have not seen on {_skills(found)}"


def waits_for(held: str, this: str, found: Release) -> str:
    """Why `this`, a skill that requires the held skill `held`, comes now: what `held` waits
    for, when this one can give it."""
    if this not in found.could:
        return f"{held}, held below mastery, opens what builds on it"
    if len(found.could) == 1:
        return f"{held} waits for answers right at first sight here, on what builds on it"
    return (
        f"{held} waits for answers right at first sight on skills built on it, this one among them"
    )


def _skills(found: Release) -> str:
    """Which of the skills above a held one would release it: each, some, or the one."""
    named = list(found.could[:NAMED])
    if len(found.could) > NAMED:
        named.append(f"{len(found.could) - NAMED} more")
    titles = ", ".join(named)
    if len(found.could) == 1:
        return f"{titles}, which builds on it"
    if found.needed >= len(found.could):
        return f"each of the skills built on it: {titles}"
    return f"{'one' if found.needed == 1 else found.needed} of the skills built on it: {titles}"


def why_practice(
    skill: Skill,
    progress: SkillProgress,
    params: Mastery,
    state: LearnerState,
    found: Release | None,
) -> str:
    """Why practice on a skill: its estimate, and what the last answers or the evidence say;
    `found` is what could release it, when it is held with its recitals not counting."""
    title = skill.title
    percent = round(100 * progress.p_known)
    lately = [r.score >= 1.0 for r in state.recent if r.skill_id == skill.id][-4:]
    missed = lately.count(False)
    if missed >= 2:
        return (
            f"Practice: {title}: you missed {missed} of the last {len(lately)} here;"
            f" {percent}% mastered so far"
        )
    # Held below the threshold (`mastery.held`): the estimate is there, the evidence is not.
    below = progress.p_known >= params.threshold - mastery.HELD_BELOW - 1e-9
    if below and not progress.established(params):
        distinct = len(progress.evidence)
        counts = _what_counts(skill, progress, params, state, found)
        if distinct >= params.min_distinct:
            return (
                f"Practice: {title}, {percent}% likely known, but right only on questions a"
                f" lucky guess may answer{counts}"
            )
        return (
            f"Practice: {title}, {percent}% likely known, but right on "
            f"{distinct} of the {params.min_distinct} different questions mastery needs{counts}"
        )
    return f"Practice: {title}, {percent}% mastered so far"


def why_waiting(
    skill: Skill,
    progress: SkillProgress,
    params: Mastery,
    state: LearnerState,
    now: datetime,
    found: Release | None,
) -> str:
    """Why practice on a skill that gains nothing now: nothing else is ready. `found` is what
    could release it, when it is held with its recitals not counting (`choosing.stuck`)."""
    if found is not None:
        counts = _what_counts(skill, progress, params, state, found)
        return f"Practice: {skill.title}, as nothing else is ready{counts}"
    again = choosing.counts_again(progress)
    hours = max(1, math.ceil((again - now) / timedelta(hours=1))) if again else 0
    later = f" for {hours} more hour{'s' if hours > 1 else ''}" if hours else " for now"
    return (
        f"Practice: {skill.title}: every question of it was answered right lately, so a"
        f" right answer adds nothing{later}, and nothing else is ready: a break helps as much"
    )


def _what_counts(
    skill: Skill,
    progress: SkillProgress,
    params: Mastery,
    state: LearnerState,
    found: Release | None,
) -> str:
    """What would count towards the questions mastery needs, when answers recalled do not:
    said, so that a learner who recites answers shown knows why the percentage stays."""
    if state.answered(progress, params).recall_counts(params):
        return ""
    seen = {question_id for question_id, _ in progress.seen}
    if found is None or any(question.id not in seen for question in skill.questions):
        return "; only a question of it you have not seen yet, answered right, counts now"
    return what_counts(found)
