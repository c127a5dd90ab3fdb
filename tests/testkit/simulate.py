"""Simulated learners for the modelling tests: knowledge tracing plus learner ability."""

from __future__ import annotations

import gzip
import math
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tutor_tui.core.content import Mastery

# Three skills with distinct parameters, for the learner-model and model-command tests.
LEARNER_PARAMS = {
    "a": Mastery(prior=0.3, learn=0.2, slip=0.1, guess=0.2),
    "b": Mastery(prior=0.4, learn=0.1, slip=0.15, guess=0.25),
    "c": Mastery(prior=0.2, learn=0.3, slip=0.05, guess=0.3),
}


def simulate(
    params: dict[str, Mastery],
    learners: int,
    answers_per_skill: int,
    *,
    seed: int = 7,
    ability_spread: float = 0.0,
    questions: dict[str, float] | None = None,
) -> list[tuple[str, str, int]] | list[tuple[str, str, int, str]]:
    """Rows (learner, skill, correct) in each learner's order, skills studied one after another.

    Each learner knows a skill from the start with `prior`, learns it after each answer with
    `learn`, and answers right with 1 - slip when knowing it and `guess` otherwise; with an
    `ability_spread`, that chance is shifted in logits by the learner's ability ~ N(0, spread).
    With `questions` (id -> difficulty in logits), each answer is to a random one of them, and
    rows get the question id as a fourth value.
    """
    rng = random.Random(seed)
    rows: list = []
    names = sorted(questions) if questions else []
    for n in range(learners):
        learner = f"L{n}"
        ability = rng.gauss(0.0, ability_spread) if ability_spread else 0.0
        for skill, p in params.items():
            known = rng.random() < p.prior
            for _ in range(answers_per_skill):
                chance = (1.0 - p.slip) if known else p.guess
                question = rng.choice(names) if questions else ""
                shift = ability - (questions[question] if questions else 0.0)
                if shift:
                    z = math.log(chance / (1.0 - chance)) + shift
                    chance = 1.0 / (1.0 + math.exp(-z))
                right = int(rng.random() < chance)
                rows.append(
                    (learner, skill, right, question) if questions else (learner, skill, right)
                )
                if not known and rng.random() < p.learn:
                    known = True
    return rows


def write_log(path: Path, rows: list, *, folds: int = 0, compress: bool = False) -> Path:
    """Write rows as a response log CSV (with order_id, and a fold column when folds > 0)."""
    header = "user_id,order_id,skill_id,correct,problem_id" + (",fold" if folds else "")
    lines = [header]
    order: dict[str, int] = {}
    for learner, skill, correct, *question in rows:
        k = order.get(learner, 0)
        order[learner] = k + 1
        line = f"{learner},{k},{skill},{correct},{question[0] if question else ''}"
        if folds:
            line += f",{int(learner[1:]) % folds + 1}"
        lines.append(line)
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def review_log(path: Path, cards: int = 40, seed: int = 4) -> Path:
    """A made-up log: each card reviewed at growing intervals, some same-day relearning."""
    rng = random.Random(seed)
    start = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
    lines = ["card_id,review_rating,review_time,review_duration"]
    for card in range(cards):
        moment = start + timedelta(hours=card)
        interval = 1.0
        for _ in range(8):
            rating = 1 if rng.random() < 0.15 else rng.choice([2, 3, 3, 4])
            lines.append(f"{1000 + card},{rating},{moment.isoformat()},5000")
            if rating == 1:
                moment += timedelta(minutes=10)
                lines.append(f"{1000 + card},3,{moment.isoformat()},4000")
                interval = 1.0
            else:
                interval *= 2.2
            moment += timedelta(days=interval)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
