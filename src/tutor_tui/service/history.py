"""Reviews made in another program (an Anki deck's log) added to a learner's answer log."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tutor_tui.core.content import AnyQuestion, Pack
from tutor_tui.core.learner import Attempt, Learner
from tutor_tui.service.knowledge import Knowledge


@dataclass(frozen=True)
class PastReview:
    """A review made in another program: which question, when, whether it was recalled."""

    question_id: str
    at: datetime
    recalled: bool
    seconds: float | None = None


class History:
    """Another program's reviews, brought into the log as the tutor's own answers."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    def import_reviews(self, learner: Learner, pack: Pack, reviews: Sequence[PastReview]) -> int:
        """Add reviews made in another program to the learner's log; how many were new.

        Each becomes a review answered at its own time with the question's right answer, or a
        wrong one when it was not recalled, graded as the tutor grades (so that a bundle carrying
        it is graded the same elsewhere). Its id is made of what it is, so the same history
        imported twice adds nothing the second time. The derived state is rebuilt from the log
        afterwards, through the tutor's own review scheduler.
        """
        import uuid

        from tutor_tui.core import grading
        from tutor_tui.core.pace import studied_seconds

        have = {attempt.id for attempt in self.knowledge.store.attempts(learner.id, pack.id)}
        added = 0
        for review in sorted(reviews, key=lambda r: r.at):
            question = pack.question_index.get(review.question_id)
            name = f"{learner.id}/{pack.id}/{review.question_id}/{review.at.isoformat()}"
            ident = str(uuid.uuid5(uuid.NAMESPACE_URL, "tutor-tui:review:" + name))
            if question is None or ident in have:
                continue
            response = (
                grading.correct_response(question) if review.recalled else _not_recalled(question)
            )
            try:
                score = grading.grade(question, response).score
            except (grading.ResponseError, TypeError, ValueError, ArithmeticError):
                continue
            attempt = Attempt(
                id=ident,
                learner_id=learner.id,
                pack_id=pack.id,
                pack_version=pack.version,
                question_id=question.id,
                skill_id=question.skill,
                response=response,
                score=score,
                hints_used=0,
                seconds=studied_seconds(review.seconds),
                at=review.at,
                kind="review",
            )
            self.knowledge.store.record_attempt(attempt, self.knowledge.params_for)
            have.add(ident)
            added += 1
        if added:
            self.knowledge.store.rebuild(self.knowledge.params_for)
            self.knowledge.forget_cached()
        return added


def _not_recalled(question: AnyQuestion) -> Any:
    """An answer to `question` that reads as one and is wrong: what a lapse is recorded as, so
    that the log holds only answers the tutor can grade again (a bundle's are)."""
    from tutor_tui.core.content import (
        ChoiceQuestion,
        ClozeQuestion,
        MatchQuestion,
        MultiQuestion,
        NumericQuestion,
        OrderQuestion,
        TrueFalseQuestion,
    )

    match question:
        case ChoiceQuestion():
            return next(choice for choice in question.choices if choice != question.answer)
        case MultiQuestion():
            return tuple(c for c in question.choices if c not in question.answers)
        case TrueFalseQuestion():
            return not question.answer
        case NumericQuestion():
            return str(question.answer + 2 * question.allowed_error() + 1)
        case OrderQuestion():
            return tuple(reversed(question.items))
        case MatchQuestion():
            rights = [pair.right for pair in question.pairs]
            return {
                pair.left: right
                for pair, right in zip(question.pairs, rights[1:] + rights[:1], strict=True)
            }
        case ClozeQuestion():
            return tuple("?" for _ in question.blanks)
    return "?"
