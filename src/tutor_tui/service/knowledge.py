"""What the tutor knows about learners in packs: the lookups and the states every part reads.

The parts of the service (study, goals, placement, sessions, access, classroom, transfer) share
one `Knowledge`: the store, the packs, the clock, and the caches that keep the next activity from
needing a round trip to the database.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from tutor_tui.core import mastery, planner
from tutor_tui.core.clock import CLOCK_SLACK, Clock
from tutor_tui.core.content import AnyQuestion, Mastery, Pack, Skill
from tutor_tui.core.errors import ClockBehind, NotFound
from tutor_tui.core.learner import Learner, LearnerState, SkillProgress
from tutor_tui.core.standing import counts_as_mastered, is_placed_out
from tutor_tui.core.words import plural

if TYPE_CHECKING:
    from tutor_tui.modeling.learner import LearnerModel, LearnerTrace
    from tutor_tui.store.database import Store

# A session's length when the learner has not set one (the `session_minutes` setting).
SESSION_MINUTES = 20
# How long after the learner's last event in a pack a new one is stamped when the clock reads
# earlier: the least step a stored time keeps.
CLOCK_SET_BACK_STEP = timedelta(microseconds=1)


@dataclass
class CheckAnswers:
    """A skill's questions by what a learner's answers to them were: right and missed in
    placement checks, right in practice."""

    right: set[str] = field(default_factory=set)
    missed: set[str] = field(default_factory=set)
    practised_right: set[str] = field(default_factory=set)


class Knowledge:
    """The store, the packs and the clock, with the learner states read from the store."""

    def __init__(self, store: Store, packs: Mapping[str, Pack], clock: Clock) -> None:
        self.store = store
        self.packs = packs
        self.clock = clock
        # Learner states read from the store, kept up to date as the service records events,
        # so that the next activity is decided without a round trip. Keyed by (learner, pack),
        # with the local date they were read on: the count of reviews today resets at midnight.
        self._states: dict[tuple[str, str], tuple[date, LearnerState]] = {}
        self._params_tables: dict[str, dict[str, Mastery]] = {}
        self._fitted_models: dict[str, LearnerModel | None] = {}
        self._traces: dict[tuple[str, str], LearnerTrace] = {}

    def now(self) -> datetime:
        """The current time by the tutor's clock."""
        return self.clock.now()

    def stamp(self, learner: Learner, state: LearnerState) -> datetime:
        """When a new event of the learner in the state's pack (an answer, a lesson read, a
        skill placed or sent back) is stamped: now, or just after their last one there, or after
        the learner was created, if the clock reads earlier (set back, or behind the computer
        that created the learner), so that the log keeps the order things were done in and a
        rebuild replays them so: a recital never before its miss, a placement never before the
        answers it followed, an answer never before its learner (another computer would set it
        aside). ClockBehind when that time is more than CLOCK_SLACK ahead of the clock: one of
        the two clocks was wrong, and `tutor doctor` says which."""
        now = self.now()
        last = last_event(state)
        what = "the last answer in this pack is dated"
        if last is None or learner.created_at > last:
            last, what = learner.created_at, f"{learner.name} was created"
        # The same instant is fine (a clock fixed by TUTOR_NOW): events of one instant go by id.
        if now < last:
            # Carrying every later answer that far forward would stop reviews coming due and
            # make every recall look like a repeat.
            if last - now > CLOCK_SLACK:
                raise ClockBehind(
                    f"nothing was recorded: {what}"
                    f" {local_minute(last)}, after this computer's clock ({local_minute(now)});"
                    " if the clock is wrong, set it right, else run: tutor doctor"
                )
            return last + CLOCK_SET_BACK_STEP
        return now

    def pack(self, pack_id: str) -> Pack:
        """The pack with this id; NotFound when there is none."""
        pack = self.packs.get(pack_id)
        if pack is None:
            known = ", ".join(sorted(self.packs)) or "none"
            raise NotFound(f"no pack '{pack_id}'; the packs are: {known}")
        return pack

    def skill(self, pack: Pack, skill_id: str) -> Skill:
        """The skill with this id in `pack`; NotFound when there is none."""
        try:
            return pack.skill(skill_id)
        except KeyError:
            raise NotFound(f"no skill '{skill_id}' in pack '{pack.id}'") from None

    def question(self, pack: Pack, question_id: str) -> AnyQuestion:
        """The question with this id in `pack`; NotFound when there is none."""
        try:
            return pack.question(question_id)
        except KeyError:
            raise NotFound(f"no question '{question_id}' in pack '{pack.id}'") from None

    def params_for(self, pack_id: str, skill_id: str) -> Mastery:
        """The knowledge-tracing parameters in use for a skill: fitted to data, or the pack's."""
        model = self._model(pack_id)
        if model is not None and skill_id in model.skills:
            return model.skills[skill_id]
        pack = self.packs.get(pack_id)
        if pack is not None and skill_id in pack.skill_index:
            return pack.skill(skill_id).mastery
        return Mastery()

    def params(self, pack: Pack) -> planner.ParamsFor:
        """The parameters of each skill of a pack, as the planner asks for them."""
        table = self._params_tables.get(pack.id)
        if table is None:
            table = {skill.id: self.params_for(pack.id, skill.id) for skill in pack.skills}
            self._params_tables[pack.id] = table
        return lambda skill: table[skill.id]

    def _model(self, pack_id: str) -> LearnerModel | None:
        """The learner model fitted for a pack (`tutor model fit`), on the pack's settings."""
        if pack_id not in self._fitted_models:
            self._fitted_models[pack_id] = None
            pack = self.packs.get(pack_id)
            if pack is not None:
                from tutor_tui.files.modelfile import load_model, model_path

                path = model_path(pack_id)
                if path.is_file():
                    model = load_model(path).with_defaults({s.id: s.mastery for s in pack.skills})
                    self._fitted_models[pack_id] = model
        return self._fitted_models[pack_id]

    def trace(self, learner: Learner, pack: Pack) -> LearnerTrace | None:
        """The learner's running state under the pack's fitted ability layer, if it has one."""
        model = self._model(pack.id)
        if model is None or model.layer is None:
            return None
        key = (learner.id, pack.id)
        trace = self._traces.get(key)
        if trace is None:
            trace = model.replay(self.store.attempts(learner.id, pack.id))
            self._traces[key] = trace
        return trace

    def state(self, learner: Learner, pack: Pack) -> LearnerState:
        """What the tutor knows about the learner in this pack."""
        key = (learner.id, pack.id)
        today = self.now().astimezone().date()
        cached = self._states.get(key)
        # On a server other computers record for the learner too: it is read anew every time.
        if cached is not None and cached[0] == today and not self.store.shared:
            return cached[1]
        state = self.store.learner_state(learner, pack.id, self.now())
        self._states[key] = (today, state)
        if self.store.shared:
            return state  # read again next time: frozen, each copy would stay for good
        # The pack and the state are long-lived and large (tens of thousands of objects for a big
        # pack). Moving them out of the collector's view keeps full collections, which would
        # otherwise walk them all, from stalling the next activity or the next key press.
        gc.freeze()
        return state

    def view(self, learner: Learner, pack: Pack, state: LearnerState | None = None) -> LearnerState:
        """The learner's state as the planner and the learner see it (of `state`, when the
        caller has just read it: on a server each read goes to it).

        With a fitted ability layer, the mastery of each skill the learner has answered on is the
        learner model's estimate, which weighs what the learner has shown across the pack; else
        it is knowledge tracing's, from the answers on the skill alone. The store keeps the
        latter, so that it can always be rebuilt from the log.
        """
        if state is None:
            state = self.state(learner, pack)
        trace = self.trace(learner, pack)
        if trace is None:
            return state
        skills = {
            skill_id: progress.estimated(
                trace.p_known(skill_id), self.params_for(pack.id, skill_id)
            )
            if progress.attempts
            else progress
            for skill_id, progress in state.skills.items()
        }
        return replace(state, skills=skills)

    def explain(self, learner: Learner, pack: Pack, skill_id: str) -> str:
        """Why a skill is, or is not yet, mastered: one sentence."""
        params = self.params_for(pack.id, skill_id)
        progress = self.state(learner, pack).progress(skill_id, params)
        # Placed out is known, not mastered, here as on every screen (`standing`).
        verdict = "mastered" if counts_as_mastered(progress, params) else "not mastered yet"
        placed = is_placed_out(progress, params)
        if placed:
            verdict = "placed out by a placement check, not yet confirmed"
        trace = self.trace(learner, pack)
        # The fitted model's estimate where the view reads it: on a skill answered in practice.
        if trace is not None and progress.attempts:
            # Held below the threshold as the view holds it, while distinct questions are missing.
            estimate = trace.estimate(skill_id)
            held = progress.estimated(estimate.p_known, params).p_known
            return replace(estimate, p_known=held).reason(verdict if placed else None)
        lucky = bool(progress.evidence) and not mastery.opened(progress.evidence, params)
        luck = ", and not only questions a lucky guess may answer" if lucky else ""
        right = plural(len(progress.evidence), "distinct question")
        distinct = f"{right} (needs {params.min_distinct}{luck})"
        checks = self.check_answers(learner, pack, skill_id, progress)
        if progress.attempts:
            evidence = (
                f"{progress.correct} of {progress.attempts} answers right on this skill, "
                f"on {distinct}"
            )
            if from_check := len(checks.right & set(progress.evidence) - checks.practised_right):
                evidence += f", {from_check} of them right in a placement check"
            # A miss takes back a right answer given only in a check (`mastery.Answered.after`).
            if taken := len(checks.right - set(progress.evidence)):
                evidence += (
                    "; right in a placement check and missed since, no longer counted: "
                    f"{plural(taken, 'question')}"
                )
        else:
            # A placement check's answers are no practice, yet they are evidence: its right
            # ones count towards mastery, and its misses are what took the estimate down.
            checked = []
            if progress.evidence:
                checked.append(f"right in a placement check on {distinct}")
            if checks.missed:
                checked.append(
                    f"missed in a placement check on {plural(len(checks.missed), 'question')}"
                )
            evidence = "; ".join(["no answers in practice yet", *checked])
            if not checked:
                evidence = "no answers on this skill yet"
        return (
            f"{verdict}: {progress.p_known:.2f} likely known (needs {params.threshold:.2f}); "
            f"{evidence}."
        )

    def check_answers(
        self, learner: Learner, pack: Pack, skill_id: str, progress: SkillProgress
    ) -> CheckAnswers:
        """The skill's questions the learner answered right and missed in placement checks, and
        right in practice (read from the log only when something was done on the skill: an
        answer or a placement)."""
        found = CheckAnswers()
        if progress.last_seen is None:
            return found
        for attempt in self.store.attempts(learner.id, pack.id):
            if attempt.skill_id != skill_id:
                continue
            if attempt.kind != "placement":
                if attempt.score >= 1.0:
                    found.practised_right.add(attempt.question_id)
            else:
                (found.right if attempt.score >= 1.0 else found.missed).add(attempt.question_id)
        return found

    def forget_cached(self) -> None:
        """Read learner states (and fitted models) again: another program may have changed them."""
        self._states.clear()
        self._traces.clear()
        self._fitted_models.clear()

    def forget_learner(self, learner_id: str) -> None:
        """Read one learner's states again: their settings changed how they are read."""
        self._states = {k: v for k, v in self._states.items() if k[0] != learner_id}
        self._traces = {k: v for k, v in self._traces.items() if k[0] != learner_id}


def last_event(state: LearnerState) -> datetime | None:
    """When the learner's last event in the state's pack was stamped: an answer, a lesson read
    or a skill placed (a skill's last time is its last answer's or placement's)."""
    return max(
        (
            when
            for progress in state.skills.values()
            for when in (progress.last_seen, progress.lesson_seen_at)
            if when is not None
        ),
        default=None,
    )


def local_minute(at: datetime) -> str:
    """A stored time as the learner reads it: the local date and minute."""
    return at.astimezone().strftime("%Y-%m-%d %H:%M")
