"""Reviews of mastered skills, scheduled with FSRS so that they come back before they are forgotten.

A skill gets a review card when it is first mastered. Each later answer on that skill is a review:
a full, unaided right answer is `Good`; a right answer with hints or a partial score is `Hard`; a
wrong one is `Again`. FSRS then says when the skill is next due. The scheduler runs without random
fuzz so that rebuilding the cards from the attempt log gives the very same due dates.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from fsrs import Rating, Scheduler

DEFAULT_RETENTION = 0.9


class ReviewCard(TypedDict):
    """A skill's FSRS review card as kept on disk: the fields of fsrs's `Card.to_dict()`."""

    card_id: int
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: str
    last_review: str | None


@lru_cache(maxsize=16)
def scheduler(desired_retention: float = DEFAULT_RETENTION) -> Scheduler:
    """An FSRS scheduler for this retention; skills, not cards, so no minute-long steps."""
    from fsrs import Scheduler  # imported on first use: most commands never schedule

    return Scheduler(
        desired_retention=desired_retention,
        learning_steps=(),
        relearning_steps=(),
        enable_fuzzing=False,
    )


def rating(score: float, hints_used: int) -> Rating:
    """How an answer rates as a review."""
    from fsrs import Rating

    if score >= 1.0 and hints_used == 0:
        return Rating.Good
    if score > 0.0:
        return Rating.Hard
    return Rating.Again


def start_card(at: datetime, desired_retention: float = DEFAULT_RETENTION) -> ReviewCard:
    """A new review card for a skill mastered at `at`."""
    from fsrs import Card, Rating

    card, _ = scheduler(desired_retention).review_card(
        Card(card_id=0), Rating.Good, at.astimezone(UTC)
    )
    return card.to_dict()


def review(
    card: ReviewCard,
    score: float,
    hints_used: int,
    at: datetime,
    desired_retention: float = DEFAULT_RETENTION,
) -> ReviewCard:
    """The card after a review answered with this score."""
    from fsrs import Card

    updated, _ = scheduler(desired_retention).review_card(
        Card.from_dict(card), rating(score, hints_used), at.astimezone(UTC)
    )
    return updated.to_dict()


def due(card: ReviewCard) -> datetime:
    """When the card is next due."""
    return datetime.fromisoformat(card["due"])


def forgetting(card: ReviewCard | None, at: datetime) -> float:
    """How far a card has gone towards being forgotten at `at`: elapsed days over stability.

    FSRS's recall probability falls as this grows, whatever its parameters, so ordering by it
    orders by recall (lowest first) without computing the curve.
    """
    if card is None:
        return 0.0
    last, stability = card.get("last_review"), card.get("stability")
    if not last or not stability:
        return 0.0
    elapsed = (at - datetime.fromisoformat(last)).total_seconds() / 86400
    return elapsed / float(stability)


def retrievability(card: ReviewCard, at: datetime) -> float:
    """The chance that the skill is still recalled at `at`."""
    from fsrs import Card

    sched = scheduler(DEFAULT_RETENTION)
    return float(sched.get_card_retrievability(Card.from_dict(card), at.astimezone(UTC)))
