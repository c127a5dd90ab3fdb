"""The tutor's learner model: knowledge tracing per skill, adjusted by the learner's ability.

Two things are tracked for each learner while their answers are replayed in order, each updated in
constant time per answer:

- **per skill, how likely the learner knows it** (`p`), by Bayesian knowledge tracing with the
  skill's fitted numbers, with exactly the update of `tutor_tui.core.mastery`;
- **the learner's ability**, one number across all skills: after every answer it moves towards
  "better than knowledge tracing expected" or "worse", by a step that shrinks as answers accumulate
  (an Elo rating measured against knowledge tracing's own prediction);
- **the learner's recent form**, the same surprise with a short memory: it follows the last few
  answers and fades, so a run of slips or lucky streaks shows without changing the ability much.

The chance of a right answer combines them in a small logistic layer whose four weights are fitted
on past learners,

    logit P(right) = bias + tracing * logit(P_tracing) + ability_w * ability + form_w * form,

minus the question's difficulty when the question is known and has been answered often enough to
measure it. The knowledge estimate the planner uses is that chance read back through the skill's
guess and slip, `p_known = (P(right) - guess) / (1 - slip - guess)`, so a skill is mastered when
the answers on it, together with what the learner has shown elsewhere, make it likely enough
that they know it. Without a fitted layer the model is plain knowledge tracing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from tutor_tui.core import mastery as tracing
from tutor_tui.core.content import Mastery
from tutor_tui.core.first_sight import PackEvidence
from tutor_tui.core.learner import Attempt


@dataclass(frozen=True, slots=True)
class AbilityLayer:
    """How the learner's ability adjusts knowledge tracing's prediction (weights in logits)."""

    bias: float = 0.0
    tracing: float = 1.0
    ability: float = 0.0
    form: float = 0.0
    # The ability moves by `rate / (1 + rate_decay * answers so far)` times the surprise.
    rate: float = 0.4
    rate_decay: float = 0.05
    # The form fades by `form_decay` per answer and moves by `form_rate` times the surprise.
    form_rate: float = 0.6
    form_decay: float = 0.12


@dataclass(frozen=True)
class LearnerModel:
    """Per-skill knowledge-tracing numbers, the ability layer and question difficulties."""

    skills: Mapping[str, Mastery] = field(default_factory=dict)
    default: Mastery = field(default_factory=Mastery)
    # How many answers back each skill's numbers, and which were fitted rather than defaults.
    answers: Mapping[str, int] = field(default_factory=dict)
    fitted: frozenset[str] = frozenset()
    layer: AbilityLayer | None = None
    # Question difficulty in logits, positive when harder than its skill's other questions.
    questions: Mapping[str, float] = field(default_factory=dict)
    pack_id: str = ""
    source: str = ""

    def mastery(self, skill: str) -> Mastery:
        """The knowledge-tracing numbers (and threshold) used for a skill."""
        return self.skills.get(skill, self.default)

    def trace(self) -> LearnerTrace:
        """A new learner with no answers yet."""
        return LearnerTrace(self)

    def replay(self, attempts: Iterable[Attempt]) -> LearnerTrace:
        """A learner after these answers from the attempt log, in order."""
        trace = LearnerTrace(self)
        for attempt in attempts:
            trace.record(attempt)
        return trace

    def with_defaults(self, defaults: Mastery | Mapping[str, Mastery]) -> LearnerModel:
        """The same model on a pack's settings: its thresholds, and its values where not fitted."""
        base = defaults if isinstance(defaults, Mastery) else self.default
        per_skill = {} if isinstance(defaults, Mastery) else dict(defaults)
        skills: dict[str, Mastery] = {}
        for skill in set(self.skills) | set(per_skill):
            pack = per_skill.get(skill, base)
            if skill in self.fitted and skill in self.skills:
                # The fitted numbers, under every rule of the pack's for when a skill is
                # mastered: its threshold, the distinct questions it needs, which of them luck
                # may answer. Naming the rules kept, rather than the numbers fitted, let a rule
                # added later (the questions luck may answer) fall back to none.
                fit = self.skills[skill]
                skills[skill] = replace(
                    pack, prior=fit.prior, learn=fit.learn, slip=fit.slip, guess=fit.guess
                )
            else:
                skills[skill] = pack
        return replace(self, skills=skills, default=base)


@dataclass(frozen=True, slots=True)
class Estimate:
    """What the model believes about one learner and one skill, and why."""

    skill: str
    p_known: float
    p_correct: float
    threshold: float
    # Knowledge tracing's own estimate from the answers on this skill alone.
    tracing: float
    answers: int
    right: float
    ability: float
    form: float
    layer: bool

    @property
    def mastered(self) -> bool:
        """Whether the estimate has reached the skill's threshold."""
        return self.p_known >= self.threshold

    def reason(self, verdict: str | None = None) -> str:
        """One sentence for the learner or the tutor: why the skill is or is not mastered;
        `verdict` says where the learner stands instead, when the estimate alone does not (a
        skill placed out is known, not mastered)."""
        verdict = verdict or ("mastered" if self.mastered else "not mastered yet")
        evidence = (
            f"{_count(self.right)} of {self.answers} answers right on this skill give "
            f"{self.tracing:.2f}"
            if self.answers
            else f"no answers on this skill yet, so it starts from {self.tracing:.2f}"
        )
        text = (
            f"{verdict}: {self.p_known:.2f} likely known (needs {self.threshold:.2f}); {evidence}"
        )
        if self.layer and abs(self.p_known - self.tracing) >= 0.005:
            shift = "raises" if self.p_known > self.tracing else "lowers"
            causes = []
            if abs(self.ability) >= 0.05:
                direction = "better" if self.ability > 0 else "worse"
                causes.append(f"answering {direction} than expected overall ({self.ability:+.2f})")
            if abs(self.form) >= 0.05:
                direction = "better" if self.form > 0 else "worse"
                causes.append(f"recent answers {direction} than expected ({self.form:+.2f})")
            because = " and ".join(causes) or "how past learners' answers went"
            if len(causes) > 1:
                shift = shift.removesuffix("s")
            text += f"; {because} {shift} it"
        return text + "."


class LearnerTrace:
    """One learner's running state under a `LearnerModel`, updated answer by answer."""

    __slots__ = (
        "model",
        "known",
        "ability",
        "form",
        "count",
        "_right",
        "_answers",
        "_answered",
        "_evidence",
    )

    def __init__(self, model: LearnerModel) -> None:
        self.model = model
        # Knowledge tracing's p_known per skill the learner has answered.
        self.known: dict[str, float] = {}
        self.ability = 0.0
        self.form = 0.0
        self.count = 0
        self._right: dict[str, float] = {}
        self._answers: dict[str, int] = {}
        # What was answered on each skill, for the rules of weak evidence, and what other skills
        # show, counted as the store's replay counts it (the trace follows one learner in one pack).
        self._answered: dict[str, tracing.Answered] = {}
        self._evidence = PackEvidence()

    def tracing(self, skill: str) -> float:
        """Knowledge tracing's estimate for the skill, from the answers on it alone."""
        known = self.known.get(skill)
        return self.model.mastery(skill).prior if known is None else known

    def p_correct(self, skill: str, question: str | None = None) -> float:
        """The chance of a right answer to a question of this skill, before answering it."""
        params = self.model.mastery(skill)
        p = tracing.p_correct(self.tracing(skill), params)
        layer = self.model.layer
        if layer is None:
            return p
        z = (
            layer.bias
            + layer.tracing * _logit(p)
            + layer.ability * self.ability
            + layer.form * self.form
        )
        if question is not None:
            z -= self.model.questions.get(question, 0.0)
        return _sigmoid(z)

    def p_known(self, skill: str) -> float:
        """How likely the learner knows the skill: the model's knowledge estimate."""
        if self.model.layer is None:
            return self.tracing(skill)
        params = self.model.mastery(skill)
        room = 1.0 - params.slip - params.guess
        if room <= 0.0:
            return self.tracing(skill)
        return min(1.0, max(0.0, (self.p_correct(skill) - params.guess) / room))

    def mastered(self, skill: str) -> bool:
        """Whether the estimate has reached the skill's threshold."""
        return self.p_known(skill) >= self.model.mastery(skill).threshold

    def estimate(self, skill: str) -> Estimate:
        """The estimate for a skill with what it rests on, for "mastered because…"."""
        params = self.model.mastery(skill)
        return Estimate(
            skill=skill,
            p_known=self.p_known(skill),
            p_correct=self.p_correct(skill),
            threshold=params.threshold,
            tracing=self.tracing(skill),
            answers=self._answers.get(skill, 0),
            right=self._right.get(skill, 0.0),
            ability=self.ability,
            form=self.form,
            layer=self.model.layer is not None,
        )

    def observe(
        self,
        skill: str,
        score: float,
        hints_used: int = 0,
        question: str | None = None,
        teaches: bool = True,
    ) -> None:
        """Take one answer into account: its score from 0 to 1 and the hints used. Each answer
        counts in full: for logs that do not say when an answer was given."""
        self.step(skill, score, hints_used, question, teaches)

    def record(self, attempt: Attempt) -> None:
        """Take one answer of the attempt log into account, weighed by the rules of weak
        evidence (`mastery.Answered`) as the store weighs it: a right answer given before, or to
        a question whose answer was just shown, counts little or nothing, and a placement
        check's answer to a question answered before nothing at all (`learner.apply_attempt`)."""
        params = self.model.mastery(attempt.skill_id)
        if attempt.kind == "placement" and self._evidence.asked_before(attempt):
            self._evidence.note(attempt, params)
            return
        answered = self._answered.get(attempt.skill_id, tracing.Answered())
        answered = replace(answered, elsewhere=self._evidence.before(attempt, params))
        weight, fresh = answered.weigh(
            attempt.question_id,
            attempt.at,
            attempt.score,
            params,
            reviewing=attempt.kind == "review",
        )
        answered = answered.after(
            attempt.question_id, attempt.at, attempt.unaided, fresh, shown=attempt.shows_answer
        )
        self._answered[attempt.skill_id] = answered
        self._evidence.note(attempt, params)
        self.step(
            attempt.skill_id,
            attempt.score,
            attempt.hints_used,
            attempt.question_id,
            teaches=attempt.kind != "placement",
            weight=weight,
        )

    def step(
        self,
        skill: str,
        score: float,
        hints_used: int = 0,
        question: str | None = None,
        teaches: bool = True,
        weight: float = 1.0,
    ) -> tuple[float, float, float]:
        """Observe an answer and return what was believed just before it.

        Returns knowledge tracing's chance of a right answer, the learner's ability and form, all
        from before the answer: the inputs of the ability layer, for fitting it. An answer that
        does not teach (a placement check's, which is not marked) is evidence only, as the store
        counts it (`learner.apply_attempt`): no chance to learn from it. `weight` is how much the
        answer counts, in the estimate and in the ability and form alike.
        """
        params = self.model.mastery(skill)
        known = self.known.get(skill)
        if known is None:
            known = params.prior
        expected = tracing.p_correct(known, params)
        ability = self.ability
        form = self.form
        layer = self.model.layer
        if layer is not None:
            # The surprise: how much better the answer was than tracing plus ability expected.
            evidence = score * tracing.HINT_DISCOUNT ** max(0, hints_used)
            z = _logit(expected)
            surprise = weight * (evidence - _sigmoid(z + ability))
            self.ability = ability + layer.rate / (1.0 + layer.rate_decay * self.count) * surprise
            recent = weight * (evidence - _sigmoid(z + form))
            self.form = (1.0 - layer.form_decay) * form + layer.form_rate * recent
        self.count += 1
        learn = tracing.update if teaches else tracing.posterior
        self.known[skill] = learn(known, score, params, hints_used, weight, question)
        self._answers[skill] = self._answers.get(skill, 0) + 1
        self._right[skill] = self._right.get(skill, 0.0) + score
        return expected, ability, form


def _logit(p: float) -> float:
    p = min(1.0 - 1e-9, max(1e-9, p))
    return math.log(p / (1.0 - p))


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _count(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}"
