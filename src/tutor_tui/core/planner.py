"""What a learner should do next, and why.

The order of concerns:

1. **Reviews that are due** by the end of the learner's day, most forgotten first, one skill at a
   time, so that mastered skills come back before they fade. At most `REVIEWS_IN_A_ROW` in a row
   while there is practice to do (fewer when the learner is behind on a goal, more when ahead), and
   at most the daily cap; no new skill is opened while reviews are due under the cap.
   Skills placed out by a placement check come first, as a short mixed check (up to
   `CHECK_QUESTIONS` in a row, one skill after another, those placed by the prerequisite logic
   alone first, then in an order of the learner's own, on questions never answered): its first
   answer on each confirms it or sends it back to practice.
2. **Skills in progress that need help**: after repeated misses, the lesson again, an easier
   question, or the prerequisite the learner recalls least; the lesson once more after as many
   misses again since it was read.
3. **A new skill** whose prerequisites are all mastered (goal skills first, then study order) when
   fewer than `SKILLS_AT_ONCE` skills are in progress and each has had some practice: its lesson,
   or a question if it has none.
4. **Practice** on a skill in progress, taking turns between them: unseen questions first, none
   of the skill's last few, then those whose right answer would count most as evidence now, near
   the learner's level, never the same question twice running. A skill whose every question
   was answered right lately gains nothing from a right answer now: it waits, leaving its place
   to a new skill, until one counts again; it is practised meanwhile only when nothing else is
   left, not even a review, and the reason says so.
5. **Done** when every skill is mastered and no review is due.

Every pick carries a one-line reason a learner understands. The planner is pure: it reads the
pack and the learner's state and decides; it records nothing.
"""

from __future__ import annotations

import hashlib
import operator
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import takewhile

from tutor_tui.core import choosing, held, memory
from tutor_tui.core.activity import Activity, ActivityKind
from tutor_tui.core.content import Mastery, Pack, Skill
from tutor_tui.core.learner import LearnerState, SkillProgress
from tutor_tui.core.standing import is_placed_out

# How many skills a learner works on at once: two lets practice alternate between them.
SKILLS_AT_ONCE = 2
# Answers on the skills in progress before another skill is opened beside them.
PRACTICE_BEFORE_NEW = 3
# How many reviews in a row before new learning gets a turn.
REVIEWS_IN_A_ROW = 3
# Reviews a day, unless the learner sets another cap: after a break, no wall of reviews.
DAILY_REVIEW_CAP = 40
# Misses in a row that call for help.
MISSES_FOR_HELP = 2
# Misses in a row after which a weak prerequisite is revisited.
MISSES_FOR_PREREQUISITE = 4
# Questions in a row of the mixed check of skills placed out, before new learning gets a turn.
CHECK_QUESTIONS = 5


ParamsFor = Callable[[Skill], Mastery]
_pack_params: ParamsFor = operator.attrgetter("mastery")


def takes_a_review_slot(progress: SkillProgress, at: datetime) -> bool:
    """Whether an answer of kind "review" given at `at`, on a skill whose progress is now
    `progress`, took one of the day's reviews (`daily_review_cap`): a review of a skill
    mastered before it does; a check of a skill placed out, no review, does not: it came before
    the skill was mastered, or was its confirming answer, or sent it back to practice."""
    return progress.mastered_at is not None and at > progress.mastered_at


@dataclass(frozen=True, slots=True)
class SkillStatus:
    """Where a skill stands for a learner."""

    skill: Skill
    progress: SkillProgress
    params: Mastery
    mastered: bool
    ready: bool  # not mastered; each skill it requires mastered or `SkillProgress.unlocks`

    @property
    def started(self) -> bool:
        """Whether the learner has begun this skill: read its lesson or answered a question."""
        return self.progress.attempts > 0 or self.progress.lesson_seen_at is not None


def statuses(
    pack: Pack, state: LearnerState, params_for: ParamsFor = _pack_params
) -> dict[str, SkillStatus]:
    """Every skill's status, in study order."""
    mastered: dict[str, bool] = {}
    opens: dict[str, bool] = {}
    found: list[tuple[Skill, SkillProgress, Mastery]] = []
    for skill in pack.skills:
        params = params_for(skill)
        progress = state.skills.get(skill.id) or SkillProgress(skill.id, params.prior)
        mastered[skill.id] = progress.is_mastered(params)
        opens[skill.id] = mastered[skill.id] or progress.unlocks(params)
        found.append((skill, progress, params))
    return {
        skill.id: SkillStatus(
            skill,
            progress,
            params,
            mastered[skill.id],
            not mastered[skill.id] and all(opens[r] for r in skill.requires),
        )
        for skill, progress, params in found
    }


def next_activity(
    pack: Pack,
    state: LearnerState,
    now: datetime,
    *,
    params_for: ParamsFor = _pack_params,
    goal_skills: Collection[str] = (),
    focus: str | None = None,
    daily_review_cap: int | None = None,
    pace: str | None = None,
    only: Collection[str] | None = None,
    day_ends: datetime | None = None,
) -> Activity:
    """The learner's next activity in `pack` at `now`; `focus` asks for one skill in particular.

    `only` limits a session to some skills and what they require (a tutor's choice): nothing
    else is taught or reviewed, and it is done when those are mastered. `day_ends` is the end of
    the learner's day: reviews due by then are due, and counted in the activity.
    """
    status = statuses(pack, state, params_for)
    if only is not None:
        chosen = pack.with_prerequisites(only)
        status = {skill_id: s for skill_id, s in status.items() if skill_id in chosen}
    today = day_ends or now
    due = [s for s in status.values() if s.mastered and s.progress.due and s.progress.due <= today]
    checks = sum(1 for s in due if is_placed_out(s.progress, s.params))
    options = (goal_skills, focus, daily_review_cap, pace, only)
    activity = _next(pack, state, now, status, params_for, *options, due_by=today)
    return replace(activity, reviews_due=len(due) - checks, checks_due=checks)


def _next(
    pack: Pack,
    state: LearnerState,
    now: datetime,
    status: dict[str, SkillStatus],
    params_for: ParamsFor,
    goal_skills: Collection[str],
    focus: str | None,
    daily_review_cap: int | None,
    pace: str | None,
    only: Collection[str] | None,
    *,
    due_by: datetime,
) -> Activity:
    """The next activity, by the order of concerns above; due means due by `due_by`."""
    last = state.recent[-1] if state.recent else None
    last_question = last.question_id if last else None

    if focus is not None:
        chosen = status[focus]
        if (
            choosing.stuck(chosen.progress, chosen.params, state)
            and held.release(chosen.skill, chosen.params, pack, state, params_for).sealed
        ):
            # Chosen, and held where nothing the learner can answer now counts: its recitals
            # would not, so no session of them starts; the reason says what it needs.
            return Activity("done", pack.id, None, None, held.done([chosen.skill.title]))
        return _focused(pack, chosen, state, now, last_question)

    # 1. Reviews that are due.
    due = [
        s
        for s in status.values()
        if s.mastered and s.progress.due is not None and s.progress.due <= due_by
    ]
    reviews_in_a_row = len(list(takewhile(lambda r: r.kind == "review", reversed(state.recent))))
    new_learning = any(not s.mastered for s in status.values())
    capped = daily_review_cap is not None and state.reviews_today >= daily_review_cap
    # A goal leans the balance: behind it, new material comes sooner; ahead, reviews get more room.
    in_a_row = {"behind": 1, "ahead": 2 * REVIEWS_IN_A_ROW}.get(pace or "", REVIEWS_IN_A_ROW)
    placed = [s for s in due if _placed_out(s.progress)]
    # The cap is on reviews: checks take no slot of it (`takes_a_review_slot`), nor wait for it.
    if placed and not (new_learning and reviews_in_a_row >= CHECK_QUESTIONS):
        return _check(pack, placed, state, now, last_question, last.skill_id if last else None)
    if due and not capped and not (new_learning and reviews_in_a_row >= in_a_row):
        return _review(pack, due, state, now, last_question, last.skill_id if last else None)
    # Reviews of what was mastered (the check of skills placed out keeps its own turns).
    reviews = [s for s in due if not _placed_out(s.progress)]
    reviewing = bool(reviews) and not capped

    goals = set(goal_skills)
    in_progress = [s for s in status.values() if s.ready and s.started]
    in_progress.sort(key=lambda s: s.skill.id not in goals)

    # 2. Help for a skill in progress after repeated misses.
    for current in in_progress:
        if current.progress.misses_in_a_row >= MISSES_FOR_HELP:
            return _remediate(
                pack, current, status, state, now, last_question, last.skill_id if last else None
            )

    # 3. A new skill, when there is room for one. A skill that gains nothing from practice for
    # now (`choosing.waits`) waits, and leaves its place.
    waiting = {
        s.skill.id for s in in_progress if choosing.waits(s.skill, s.progress, s.params, state, now)
    }
    active = [s for s in in_progress if s.skill.id not in waiting]
    fresh = [s for s in status.values() if s.ready and not s.started]
    fresh.sort(key=lambda s: s.skill.id not in goals)
    settled = all(s.progress.attempts >= PRACTICE_BEFORE_NEW for s in active)
    # A skill mastered once and slipping since is practised again before anything new.
    settled = settled and not any(s.progress.mastered_at is not None for s in active)
    # Due reviews come before anything new: practice may take turns with them, a new skill not.
    if fresh and len(active) < SKILLS_AT_ONCE and settled and not reviewing:
        pick = fresh[0]
        reason = _why_new(pick.skill, goals, status, pack, state, params_for)
        if pick.skill.lesson:
            return Activity("lesson", pack.id, pick.skill.id, None, reason)
        question = choosing.pick_question(pick.skill, state, pick.progress, last_question, now)
        return Activity("question", pack.id, pick.skill.id, question.id, reason)

    # 4. Practice, taking turns between the skills in progress; on one that gains nothing now
    # only when nothing else is left, not even a review; never on one that nothing the learner
    # can answer would release (`held.Release.sealed`): its recitals cannot count.
    releases = {
        s.skill.id: held.release(s.skill, s.params, pack, state, params_for)
        for s in in_progress
        if choosing.stuck(s.progress, s.params, state)
    }
    sealed = [s for s in in_progress if s.skill.id in releases and releases[s.skill.id].sealed]
    practised = [s for s in in_progress if s not in sealed]
    if active or (practised and not reviewing):
        practised.sort(
            key=lambda s: (
                s.skill.id in waiting,
                s.skill.id not in goals,
                s.progress.last_seen or datetime.min.replace(tzinfo=now.tzinfo),
            )
        )
        pick = practised[0]
        question = choosing.pick_question(pick.skill, state, pick.progress, last_question, now)
        found = releases.get(pick.skill.id)
        if pick.skill.id in waiting:
            why = held.why_waiting(pick.skill, pick.progress, pick.params, state, now, found)
        else:
            why = held.why_practice(pick.skill, pick.progress, pick.params, state, found)
        return Activity("question", pack.id, pick.skill.id, question.id, why)
    if reviewing:
        return _review(pack, reviews, state, now, last_question, last.skill_id if last else None)
    if sealed:
        return Activity("done", pack.id, None, None, held.done([s.skill.title for s in sealed]))

    # 5. Done, for now.
    every = "every skill" if only is None else "every skill chosen for this session"
    state_of = (
        "is mastered or placed out"
        if any(_placed_out(s.progress) for s in status.values())
        else "is mastered"
    )
    cards = [(s.progress.due, s) for s in status.values() if s.progress.due]
    if cards:
        next_due, soonest = min(cards, key=lambda card: card[0])
        when = next_due.strftime("%Y-%m-%d")
        what = "check" if _placed_out(soonest.progress) else "review"
        reason = f"Done: {every} {state_of}. Next {what}: {soonest.skill.title} on {when}"
    else:
        reason = f"Done: {every} {state_of}"
    return Activity("done", pack.id, None, None, reason)


def _review(
    pack: Pack,
    due: list[SkillStatus],
    state: LearnerState,
    now: datetime,
    last_question: str | None,
    last_skill: str | None,
) -> Activity:
    """A review: not of the skill just reviewed, when another is due; then the most forgotten."""
    others = [s for s in due if s.skill.id != last_skill] or due
    pick = max(others, key=lambda s: memory.forgetting(s.progress.card, now))
    question = choosing.pick_question(
        pick.skill, state, pick.progress, last_question, now, review=True
    )
    due_at = pick.progress.due or now
    days = (now - due_at).days
    late = f" ({days} days overdue)" if days >= 2 else ""
    when = " today" if due_at > now else ""
    waiting = f"; {len(due)} reviews are due" if len(due) > 1 else ""
    return Activity(
        "review",
        pack.id,
        pick.skill.id,
        question.id,
        f"Review: {pick.skill.title} is due{when}{late}{waiting}",
    )


def _placed_out(progress: SkillProgress) -> bool:
    """Whether a placement check placed the skill out and nothing has confirmed it since."""
    return progress.placed_at is not None and progress.mastered_at is None


def _check(
    pack: Pack,
    placed: list[SkillStatus],
    state: LearnerState,
    now: datetime,
    last_question: str | None,
    last_skill: str | None,
) -> Activity:
    """A question of the mixed check of skills placed out: a different skill each time, those
    no placement answer was given on first (the prerequisite logic alone placed them), then in
    an order of the learner's own, spread over the pack rather than in study order; of each, a
    question the learner has never answered (in the check or the placement check), if any."""
    others = [s for s in placed if s.skill.id != last_skill] or placed

    def asked(s: SkillStatus) -> bool:
        return any(q.id in state.questions for q in s.skill.questions)

    pick = min(others, key=lambda s: (asked(s), _shuffled(state.learner_id, s.skill.id)))
    unseen = [q for q in pick.skill.questions if q.id not in state.questions]
    if unseen:
        question = min(unseen, key=lambda q: _shuffled(state.learner_id, q.id))
    else:
        question = choosing.pick_question(
            pick.skill, state, pick.progress, last_question, now, review=True
        )
    left = len(placed)
    rest = f", 1 of {left} to confirm" if left > 1 else ""
    return Activity(
        "review",
        pack.id,
        pick.skill.id,
        question.id,
        f"Check: {pick.skill.title}, placed out by the placement check{rest}",
        check=True,
    )


def _shuffled(learner_id: str, key: str) -> bytes:
    """A place for `key` in an order of the learner's own: random-looking, and the same every
    time, so that a check can be replayed and explained."""
    return hashlib.blake2b(f"{learner_id}\0{key}".encode(), digest_size=8).digest()


def _why_new(
    skill: Skill,
    goals: Collection[str],
    status: Mapping[str, SkillStatus],
    pack: Pack,
    state: LearnerState,
    params_for: ParamsFor,
) -> str:
    if skill.id in goals:
        return f"New: {skill.title} is part of your goal"
    if any(r in status and _placed_out(status[r].progress) for r in skill.requires):
        # Placed out is known but not mastered: the reason must not promise more.
        return f"New: what {skill.title} needs is mastered or placed out"
    # A skill it requires held below mastery (`SkillProgress.unlocks`): what is new here frees it.
    needs = [status[r] for r in skill.requires if r in status]
    if waiting := [s for s in needs if not s.mastered]:
        first = waiting[0]
        found = held.release(first.skill, first.params, pack, state, params_for)
        return f"New: {skill.title}: {held.waits_for(first.skill.title, skill.title, found)}"
    if skill.requires:
        return f"New: you have mastered what {skill.title} needs"
    return f"New: {skill.title}, a good place to start"


def _focused(
    pack: Pack, chosen: SkillStatus, state: LearnerState, now: datetime, last_question: str | None
) -> Activity:
    """The next activity on the skill the learner chose."""
    skill = chosen.skill
    if chosen.skill.lesson and not chosen.started:
        return Activity(
            "lesson",
            pack.id,
            skill.id,
            None,
            f"Your choice: {skill.title}, starting with its lesson",
        )
    question = choosing.pick_question(
        skill, state, chosen.progress, last_question, now, review=chosen.mastered
    )
    kind: ActivityKind = "review" if chosen.mastered else "question"
    why = f"Your choice: {skill.title}"
    check = is_placed_out(chosen.progress, chosen.params)
    return Activity(kind, pack.id, skill.id, question.id, why, check=check)


def _remediate(
    pack: Pack,
    current: SkillStatus,
    status: dict[str, SkillStatus],
    state: LearnerState,
    now: datetime,
    last_question: str | None,
    last_skill: str | None,
) -> Activity:
    """Help after repeated misses: the lesson again, a weak prerequisite, or an easier question."""
    skill, progress = current.skill, current.progress
    misses = progress.misses_in_a_row
    seen_since = (
        progress.lesson_seen_at is not None
        and progress.misses_since is not None
        and progress.lesson_seen_at >= progress.misses_since
    )
    if skill.lesson and not seen_since:
        return _lesson_again(pack, skill, misses, None)
    present = [status[r] for r in skill.requires if r in status]
    if misses >= MISSES_FOR_PREREQUISITE and present and last_skill == skill.id:
        # Back to what the learner surely knew, the one they recall least first: a miss there
        # shows where the trouble is, a right answer rebuilds footing (as ALEKS falls back).
        weakest = min(present, key=lambda s: _recall(s.progress, now))
        question = choosing.pick_question(
            weakest.skill, state, weakest.progress, last_question, now, review=True
        )
        recalled = round(100 * _recall(weakest.progress, now))
        return Activity(
            "question",
            pack.id,
            weakest.skill.id,
            question.id,
            f"Back to {weakest.skill.title}, {recalled}% recalled: you missed the last {misses}"
            f" answers on {skill.title}, which builds on it",
        )
    # After as many misses again since the lesson was read as call for a prerequisite, the
    # lesson is offered once more.
    since = misses - progress.lesson_misses
    if skill.lesson and since >= MISSES_FOR_PREREQUISITE:
        return _lesson_again(pack, skill, misses, since)
    last_difficulty = None
    if last_question in pack.question_index:
        last_difficulty = pack.question(last_question).difficulty
    question = choosing.pick_question(
        skill, state, progress, last_question, now, easier_than=last_difficulty
    )
    easier = last_difficulty is not None and question.difficulty < last_difficulty
    kind = "An easier one" if easier else "Another one"
    return Activity(
        "question",
        pack.id,
        skill.id,
        question.id,
        f"{kind} on {skill.title}: you missed the last {misses} answers here",
    )


def _lesson_again(pack: Pack, skill: Skill, misses: int, since: int | None) -> Activity:
    """The skill's lesson again after misses, `since` of them since it was last read."""
    more = f", {since} since you last read it" if since is not None else ""
    return Activity(
        "lesson",
        pack.id,
        skill.id,
        None,
        f"Another look at the {skill.title} lesson: you missed the last {misses} answers"
        f" here{more}",
    )


def _recall(progress: SkillProgress, now: datetime) -> float:
    """How likely a mastered skill is still recalled: its card's, or its estimate without one."""
    if progress.card is None:
        return progress.p_known
    return memory.retrievability(progress.card, now)
