"""Mastery over time, agreeing with the store day by day, and its chart."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from testkit.progress import TODAY

from tutor_tui.core import grading, progress
from tutor_tui.core.clock import FixedClock
from tutor_tui.core.content import (
    AnyQuestion,
    ChoiceQuestion,
    ClozeQuestion,
    Mastery,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    Pack,
    ShortQuestion,
    TrueFalseQuestion,
)
from tutor_tui.core.learner import Placed
from tutor_tui.core.progress import (
    mastery_over_time,
)

PACK_ID = "fractions-ratios"


def wrong(question: AnyQuestion) -> Any:
    """A response that scores 0."""
    match question:
        case ChoiceQuestion():
            return next(c for c in question.choices if c != question.answer)
        case TrueFalseQuestion():
            return not question.answer
        case NumericQuestion():
            return question.answer + 1000
        case ShortQuestion():
            return "zzz not it"
        case MultiQuestion():
            return [c for c in question.choices if c not in question.answers][:1]
        case OrderQuestion():
            return list(reversed(question.items))
        case MatchQuestion():
            rights = [p.right for p in question.pairs]
            return {p.left: r for p, r in zip(question.pairs, rights[1:] + rights[:1], strict=True)}
        case ClozeQuestion():
            return ["zzz"] * len(question.blanks)
    raise AssertionError(question)


@pytest.fixture(scope="module")
def packs() -> dict[str, Pack]:
    from tutor_tui.packs.catalog import load_catalog

    return {pack_id: entry.result.pack for pack_id, entry in load_catalog().packs.items()}  # type: ignore[misc]


def study(
    tutor: Any, learner: Any, clock: FixedClock, pack_id: str, steps: int, miss_every: int
) -> int:
    """Follow the planner for `steps` activities, missing every `miss_every`-th answer."""
    answered = 0
    for _ in range(steps):
        clock.at += timedelta(minutes=2)
        activity = tutor.next(learner, pack_id)
        if activity.kind == "done":
            break
        if activity.kind == "lesson":
            tutor.read_lesson(learner, pack_id, activity.skill_id)
            continue
        question = tutor.pack(pack_id).question(activity.question_id)
        answered += 1
        miss = miss_every and answered % miss_every == 0
        response = wrong(question) if miss else grading.correct_response(question)
        tutor.answer(learner, pack_id, question.id, response, seconds=45)
    return answered


def test_mastery_over_time_agrees_with_the_store_day_by_day(packs: dict[str, Pack]) -> None:
    from tutor_tui.service.tutor import Tutor
    from tutor_tui.store.database import Store

    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    clock = FixedClock(start)
    tutor = Tutor(Store.open("sqlite://"), packs, clock)
    learner = tutor.add_learner("Ann")
    pack = tutor.pack(PACK_ID)
    expected: dict[date, tuple[int, int]] = {}
    for day in range(6):
        clock.at = start + timedelta(days=day)
        if day != 3:  # a day off
            study(tutor, learner, clock, PACK_ID, steps=12, miss_every=4 if day < 2 else 0)
        state = tutor.state(learner, pack)
        expected[clock.at.date()] = (
            sum(
                1
                for p in state.skills.values()
                if p.is_mastered(tutor.params_for(PACK_ID, p.skill_id))
            ),
            sum(1 for p in state.skills.values() if p.mastered_at is not None),
        )
    attempts = tutor.store.attempts(learner.id, PACK_ID)
    days = progress.day_span(date(2026, 3, 1), date(2026, 3, 8))
    skills = [(PACK_ID, s.id) for s in pack.skills]
    series = mastery_over_time(attempts, tutor.params_for, days, skills=skills, tz=UTC)
    assert [p.day for p in series] == days
    assert series[0].mastered == 0 and series[0].answers == 0
    assert series[0].mean_mastery == pytest.approx(
        sum(s.mastery.prior for s in pack.skills) / len(pack.skills)
    )
    for point in series[1:-1]:
        assert (point.mastered, point.ever_mastered) == expected[point.day], point
    assert series[-1].mastered == series[-2].mastered  # nothing after the last answer
    assert series[4].answers == 0  # the day off
    assert sum(p.answers for p in series) == len(attempts)
    assert series[-2].mastered > 0 and all(p.skills == len(pack.skills) for p in series)
    assert [p.mastered for p in series] == sorted(p.mastered for p in series)  # all right: only up

    # The replay gives the very state the store derived, field for field.
    stored = tutor.store.skill_states(learner.id)
    replayed = progress.replay(attempts, tutor.params_for, learner.desired_retention)
    assert replayed.keys() == {k for k, v in stored.items() if v.attempts}
    for key, found in replayed.items():
        assert found == replace(stored[key], lesson_seen_at=None)

    # Without a list of skills, the skills answered so far are counted.
    loose = mastery_over_time(attempts, tutor.params_for, days, tz=UTC)
    assert loose[0].skills == 0 and loose[-1].skills == len(replayed)


def test_history_days_reach_back_to_the_first_answer() -> None:
    assert progress.history_days([], TODAY, at_least=3) == progress.day_span(
        TODAY - timedelta(days=2), TODAY
    )
    assert progress.day_span(TODAY, TODAY - timedelta(days=1)) == []


def test_mastery_chart_prints_its_numbers() -> None:
    points = [
        progress.MasteryPoint(TODAY - timedelta(days=2 - n), m, m, mean, 4, 1)
        for n, (m, mean) in enumerate(((0, 0.1), (1, 0.4), (3, 0.8)))
    ]
    lines = progress.mastery_chart(points, height=4)
    assert lines[0].startswith("4 ┤") and lines[3].startswith("0 ┤")
    assert lines[4] == "  └───"
    assert lines[5].startswith("   2 Mar") and lines[5].endswith("4 Mar")
    assert lines[-1] == "Skills mastered: 0 → 3 of 4 · mean mastery 10% → 80%"
    columns = ["".join(row[3 + n] for row in lines[:4]) for n in range(3)]
    assert columns[0] == "    " and columns[1] == "   █" and columns[2] == " ███"
    assert progress.mastery_chart([]) == ["No answers yet: the chart starts with your first one."]
    # No pack studied yet: not "0 → 0 of 0" under an empty chart.
    nothing = [progress.MasteryPoint(TODAY, 0, 0, 0.0, 0, 0)]
    assert progress.mastery_chart(nothing) == progress.mastery_chart([])
    assert len(progress.mastery_chart(points * 40, width=20)[0]) == len("4 ┤") + 20


def test_skills_placed_out_are_counted_beside_those_mastered_never_in_them() -> None:
    day = datetime(2026, 3, 2, 10, tzinfo=UTC)
    facts = [Placed(f"p{n}", "L", "p", skill, 0.97, day) for n, skill in enumerate("ab")]
    points = mastery_over_time(
        facts, lambda _pack, _skill: Mastery(), [day.date()], skills=[("p", "a"), ("p", "b")]
    )
    assert (points[-1].mastered, points[-1].placed_out) == (0, 2)
    line = progress.mastery_chart(points)[-1]
    assert line.startswith("Skills mastered: 0 → 0 of 2, 2 placed out · ")


def test_bar() -> None:
    assert progress.bar(0.3) == "███░░░░░░░  30%"
    assert progress.bar(1.4) == "██████████ 100%"
