"""Reviews of mastered skills, scheduled with FSRS so that they come back before they are forgotten.

A skill gets a review card when it is first mastered. Each later answer on that skill is a review:
a full, unaided right answer is `Good`; a right answer with hints or a partial score is `Hard`; a
wrong one is `Again`. FSRS then says when the skill is next due. The scheduler runs without random
fuzz so that rebuilding the cards from the attempt log gives the very same due dates.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, TypedDict, cast

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


# What FSRS keeps a card's values within: its states (learning, review, relearning) and its
# difficulty's range. Stability is above zero.
_STATES = (1, 2, 3)
_DIFFICULTY = (1.0, 10.0)


def checked_card(value: object) -> ReviewCard:
    """A review card read back from outside the tutor's hands (the store's derived state), as
    FSRS made it: ValueError when a field is missing, extra, of another kind or out of range, so
    that a damaged card is rebuilt from the log rather than scheduled from."""
    if not isinstance(value, dict) or set(value) != set(ReviewCard.__required_keys__):
        raise ValueError("not a review card")
    if (
        not _whole(value["card_id"])
        or value["state"] not in _STATES
        or isinstance(value["state"], bool)
    ):
        raise ValueError("a review card's id or state")
    if value["step"] is not None and not (_whole(value["step"]) and value["step"] >= 0):
        raise ValueError("a review card's step")
    stability, difficulty = value["stability"], value["difficulty"]
    if stability is not None and not (_finite(stability) and stability > 0):
        raise ValueError("a review card's stability")
    low, high = _DIFFICULTY
    if difficulty is not None and not (_finite(difficulty) and low <= difficulty <= high):
        raise ValueError("a review card's difficulty")
    for key in ("due", "last_review"):
        at = value[key]
        if (at is not None or key == "due") and (
            not isinstance(at, str) or datetime.fromisoformat(at).tzinfo is None
        ):
            raise ValueError(f"a review card's {key}")
    return cast(ReviewCard, value)


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


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
