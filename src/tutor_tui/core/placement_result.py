"""What a placement check found: its answers, a verdict per skill with its evidence, and the
words every shell uses for them. See `tutor_tui.core.placement` for the check itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from tutor_tui.core.content import Pack
from tutor_tui.core.words import plural

Verdict: TypeAlias = Literal["known", "not known", "unsure"]
# Where a skill the check did not place out stands apart from it: placed out before and still,
# or mastered (practice, or the later check of a placement, confirmed it).
Stands: TypeAlias = Literal["placed out", "mastered"]
StopReason: TypeAlias = Literal["confident", "cap", "nothing to ask", "stopped", ""]
# Why a check ended, in words, for every shell.
ENDED: dict[str, str] = {
    "confident": "every skill settled",
    "cap": "the question limit was reached",
    "nothing to ask": "no question left could settle more",
    "stopped": "stopped early",
    "": "",
}
# What each verdict means for the learner, in the words every shell uses.
VERDICT_WORDS: dict[Verdict, str] = {
    "known": "placed out",
    "not known": "to learn",
    "unsure": "not settled",
}
# What a skill that stands apart from the check is, in the same words; and one sent back by it.
STANDS_WORDS: dict[Stands, str] = {"placed out": "stays placed out", "mastered": "mastered"}
BACK_WORDS = "back to practice"
# Each verdict's heading where a shell lists the skills it holds.
VERDICT_HEADINGS: dict[Verdict, str] = {
    "known": "Placed out (skipped until a short check later confirms them)",
    "not known": "To learn",
    "unsure": "Not settled (taught as usual)",
}


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer given during the check: the only facts placement learns from."""

    question_id: str
    skill_id: str
    score: float
    # What practice before the check had shown of the skill, standing in for an answer: right
    # when it spoke for the skill, wrong when against (no question; `Placement.practised`).
    in_practice: bool = False

    @property
    def right(self) -> bool:
        """Whether the answer was fully right."""
        return self.score >= 1.0


@dataclass(frozen=True, slots=True)
class Evidence:
    """An answer that bears on a skill, and how: on the skill itself, or through the graph."""

    answer: Answer
    # "asked": on this skill; "needed by": on a skill that requires this one (right answers);
    # "needs": on a skill this one requires (wrong answers).
    relation: Literal["asked", "needed by", "needs"]

    def describe(self, pack: Pack) -> str:
        """The evidence in words, e.g. `right on Fractions, which needs it`."""
        outcome = (
            "right"
            if self.answer.right
            else ("wrong" if self.answer.score <= 0 else f"{round(100 * self.answer.score)}% right")
        )
        if self.answer.in_practice:
            outcome = "known in practice" if self.answer.right else "missed in practice"
        title = pack.skill(self.answer.skill_id).title
        if self.relation == "asked":
            return outcome if self.answer.in_practice else f"{outcome} on it"
        if self.relation == "needed by":
            return f"{outcome} on {title}, which needs it"
        return f"{outcome} on {title}, which it needs"


@dataclass(frozen=True, slots=True)
class SkillVerdict:
    """What the check concluded about one skill."""

    skill_id: str
    verdict: Verdict
    belief: float
    evidence: tuple[Evidence, ...] = ()
    # Placed out by the prerequisite logic: the nearest skills answered right above it that it
    # was inferred from, in study order, when its own answers were not enough to place it out.
    # `belief` then says little: the skill is known as surely as those are and the graph holds.
    inferred_from: tuple[str, ...] = ()
    # Where the skill stands apart from the check, when it did not place it out: practice, or an
    # earlier check whose answers this one does not overrule, decides it.
    stands: Stands | None = None


@dataclass(frozen=True, slots=True)
class PlacementResult:
    """The outcome of a check: a verdict per skill, in study order, and the answers behind them."""

    pack_id: str
    skills: tuple[SkillVerdict, ...]
    answers: tuple[Answer, ...]
    stopped: StopReason
    # How many of `answers` were given in earlier checks of the pack.
    carried: int = 0
    # Skills an earlier check placed out that this one, with every answer, no longer places out:
    # back to practice (`Placements.withdraw_unplaced`), in study order.
    withdrawn: tuple[str, ...] = ()
    # Of `withdrawn`, those no answer on them or on what they require spoke against, each with
    # the skills above it, placed out before, whose word it stood on and that no longer stand:
    # what moved it, for the table to name.
    ungrounded: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def asked(self) -> int:
        """How many questions this check asked."""
        return len(self.answers) - self.carried

    def ids(self, verdict: Verdict) -> list[str]:
        """The skills with this verdict, in study order."""
        return [s.skill_id for s in self.skills if s.verdict == verdict]

    def means(self, skill: SkillVerdict) -> str:
        """What the check's verdict on a skill means for the learner, in the words every shell
        uses: where the skill stands when the check leaves it as it was, or goes back to
        practice, rather than "not settled"."""
        if skill.skill_id in self.withdrawn:
            return BACK_WORDS
        if skill.stands is not None and skill.verdict != "known":
            return STANDS_WORDS[skill.stands]
        return VERDICT_WORDS[skill.verdict]

    def moved(self, skill_id: str, pack: Pack) -> str:
        """What sent a skill back to practice when no answer spoke against it, in words; ""
        otherwise: `placed out on the word of Fractions, no longer placed out`."""
        above = dict(self.ungrounded).get(skill_id)
        if above is None:
            return ""
        if not above:
            return "placed out on the graph's word, which the answers no longer bear out"
        titles = ", ".join(pack.skill(s).title for s in above)
        return f"placed out on the word of {titles}, no longer placed out"

    def listed(self, verdict: Verdict) -> list[str]:
        """The skills to list under a verdict's heading, in study order: the skills placed out
        count those that stay placed out, and a skill that stands apart from the check (placed
        out, or mastered) is never listed as not settled."""
        if verdict == "known":
            return [s.skill_id for s in self.skills if s.verdict == "known" or self._stays(s)]
        return [s.skill_id for s in self.skills if s.verdict == verdict and s.stands is None]

    def _stays(self, skill: SkillVerdict) -> bool:
        """Whether the skill, not placed out by this check, stays placed out from before."""
        return skill.stands == "placed out" and skill.skill_id not in self.withdrawn

    def summary(self) -> str:
        """How many questions, and why the check ended: `Placement: 3 questions (stopped early).`"""
        earlier = (
            f", with {plural(self.carried, 'answer')} from earlier checks" if self.carried else ""
        )
        return f"Placement: {plural(self.asked, 'question')}{earlier} ({ENDED[self.stopped]})."

    def outcome(self, placed: list[str]) -> str:
        """What the check changes, once the skills `placed` are placed out."""
        if not self.answers:
            return "No answers, so nothing is placed out."
        placed = [*placed, *(s.skill_id for s in self.skills if self._stays(s))]
        if placed:
            count = f"{len(set(placed))} skill{'s' if len(set(placed)) != 1 else ''}"
            said = f"{count} placed out: skipped until a short check later confirms them."
        elif self.withdrawn:
            said = "Nothing is placed out now."
        else:
            said = "Nothing is placed out: you start from the beginning."
        if self.withdrawn:
            many = len(self.withdrawn) != 1
            said += (
                f" {len(self.withdrawn)} skill{'s' if many else ''} placed out before"
                f" {'go' if many else 'goes'} back to practice: the answers no longer place"
                f" {'them' if many else 'it'} out."
            )
        return said

    def skipped(self) -> list[str]:
        """The skills placed out: skipped until a later check confirms them."""
        return self.ids("known")

    def to_dict(self, pack: Pack) -> dict[str, Any]:
        """The result as JSON-ready values."""
        return {
            "pack": self.pack_id,
            "questions": self.asked,
            "earlier_answers": self.carried,
            "stopped": self.stopped,
            "answers": [
                {"question": a.question_id, "skill": a.skill_id, "score": round(a.score, 4)}
                for a in self.answers
            ],
            "skills": [
                {
                    "skill": s.skill_id,
                    "title": pack.skill(s.skill_id).title,
                    "verdict": s.verdict,
                    "means": self.means(s),
                    "belief": round(s.belief, 4),
                    "inferred_from": list(s.inferred_from),
                    "evidence": [
                        *filter(None, [self.moved(s.skill_id, pack)]),
                        *(e.describe(pack) for e in s.evidence),
                    ],
                }
                for s in self.skills
            ],
            "known": self.ids("known"),
            "not_known": self.ids("not known"),
            "unsure": self.ids("unsure"),
            "withdrawn": list(self.withdrawn),
        }
