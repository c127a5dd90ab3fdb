"""Small packs built straight from the domain dataclasses, and learner states to go with them."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from tutor_tui.core import memory
from tutor_tui.core.content import (
    ChoiceQuestion,
    Mastery,
    MultiQuestion,
    Pack,
    ShortQuestion,
    Skill,
    Unit,
)
from tutor_tui.core.learner import SkillProgress

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PARAMS = Mastery()
DIFFICULTIES = (1, 3, 5)


def choice(question_id: str, skill_id: str, difficulty: int = 3) -> ChoiceQuestion:
    """A two-way choice question whose right answer is `right`."""
    return ChoiceQuestion(
        id=question_id,
        skill=skill_id,
        prompt=f"Question {question_id}?",
        choices=("right", "wrong"),
        answer="right",
        explanation="Because.",
        difficulty=difficulty,
        shuffle=False,
    )


def multi(question_id: str, skill_id: str, difficulty: int = 3) -> MultiQuestion:
    """Pick `p` and `q`: picking only one of them scores 0.5."""
    return MultiQuestion(
        id=question_id,
        skill=skill_id,
        prompt=f"Question {question_id}?",
        choices=("p", "q", "r", "s"),
        answers=("p", "q"),
        difficulty=difficulty,
        shuffle=False,
    )


def skill(
    skill_id: str,
    requires: tuple[str, ...] = (),
    *,
    lesson: bool = True,
    difficulties: tuple[int, ...] = DIFFICULTIES,
    with_multi: bool = False,
) -> Skill:
    """A skill with one choice question per difficulty, ids `<skill>1`, `<skill>2`, ..."""
    questions = [choice(f"{skill_id}{n}", skill_id, d) for n, d in enumerate(difficulties, 1)]
    if with_multi:
        questions.append(multi(f"{skill_id}-multi", skill_id, 3))
    return Skill(
        id=skill_id,
        title=skill_id.upper(),
        unit="u",
        requires=requires,
        lesson=f"The lesson of {skill_id}." if lesson else None,
        mastery=PARAMS,
        questions=tuple(questions),
    )


def pack_of(*skills: Skill, pack_id: str = "diamond") -> Pack:
    """A pack holding these skills in this study order."""
    return Pack(
        id=pack_id,
        title=pack_id.title(),
        version="1.0.0",
        mastery=PARAMS,
        units=(Unit(id="u", title="U", skills=tuple(s.id for s in skills)),),
        skills=tuple(skills),
    )


def diamond(*, lessons: bool = True, with_multi: bool = False) -> Pack:
    """a -> b, a -> c, {b, c} -> d."""
    return pack_of(
        skill("a", lesson=lessons, with_multi=with_multi),
        skill("b", ("a",), lesson=lessons, with_multi=with_multi),
        skill("c", ("a",), lesson=lessons, with_multi=with_multi),
        skill("d", ("b", "c"), lesson=lessons, with_multi=with_multi),
    )


def typed_pack(graph: dict[str, tuple[str, ...]], questions: int = 4) -> Pack:
    """A pack of these skills and prerequisites, each with typed questions whose answer is yes."""
    skills = tuple(
        Skill(
            id=skill_id,
            title=skill_id.upper(),
            unit="u",
            requires=requires,
            mastery=Mastery(),
            questions=tuple(
                ShortQuestion(id=f"{skill_id}{n}", skill=skill_id, prompt="?", answers=("yes",))
                for n in range(1, questions + 1)
            ),
        )
        for skill_id, requires in graph.items()
    )
    units = (Unit(id="u", title="U", skills=tuple(graph)),)
    return Pack(id="typed", title="Typed", version="1.0.0", units=units, skills=skills)


def mastered(skill_id: str, at: datetime = T0, p_known: float = 0.99) -> SkillProgress:
    """A skill mastered at `at`, with its first review card."""
    return with_card(
        SkillProgress(
            skill_id,
            p_known,
            attempts=4,
            correct=4,
            last_seen=at,
            lesson_seen_at=at - timedelta(minutes=5),
            mastered_at=at,
        ),
        memory.start_card(at),
    )


def with_card(progress: SkillProgress, card: dict[str, Any] | None) -> SkillProgress:
    """`progress` holding this review card, and its due time beside it as the store keeps it."""
    return replace(progress, card=card, due=memory.due(card) if card else None)


def started(
    skill_id: str,
    *,
    p_known: float = 0.3,
    attempts: int = 0,
    lesson_at: datetime | None = T0,
    last_seen: datetime | None = None,
    misses: int = 0,
    misses_since: datetime | None = None,
) -> SkillProgress:
    """A skill in progress: its lesson read, maybe some answers."""
    return SkillProgress(
        skill_id,
        p_known,
        attempts=attempts,
        correct=0,
        misses_in_a_row=misses,
        misses_since=misses_since,
        last_seen=last_seen if last_seen is not None else (T0 if attempts else None),
        lesson_seen_at=lesson_at,
    )
