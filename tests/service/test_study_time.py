"""Time on one answer counts towards study time and pace only up to a pause: a day on one answer,
given on the command line or held in an older row from another laptop, is not a day of study."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from testkit import TutorFor
from testkit.engine import T0, diamond

from tutor_tui.core import merge as rules
from tutor_tui.core.clock import FixedClock
from tutor_tui.core.pace import PAUSE_SECONDS, studied_seconds
from tutor_tui.files import bundle as sync
from tutor_tui.service.reports import class_report
from tutor_tui.service.tutor import Tutor
from tutor_tui.service.wiring import wire_tutor
from tutor_tui.store.database import Store

PACK = diamond()
DAY = 24 * 3600.0
ANN = "0190f000-0000-7000-8000-000000000001"


def test_one_answer_counts_up_to_a_pause() -> None:
    assert studied_seconds(None) is None
    assert [studied_seconds(s) for s in (-5.0, 0.0, 42.5, PAUSE_SECONDS)] == [
        0.0, 0.0, 42.5, PAUSE_SECONDS,
    ]  # fmt: skip
    assert studied_seconds(DAY) == studied_seconds(math.inf) == PAUSE_SECONDS
    assert studied_seconds(math.nan) == 0.0


def counted(tutor: Tutor) -> dict[str, float]:
    """The seconds of study each view counts for Ann."""
    ann = tutor.learner("Ann")
    [learner] = class_report(tutor).learners
    return {
        "answers": sum(a.seconds or 0.0 for a in tutor.store.attempts(ann.id)),
        "totals": tutor.totals(ann)[PACK.id][1],
        "study days": sum(tutor.study_days(ann).values()),
        "skill": tutor.view(ann, PACK).skills["a"].seconds,
        "class report": learner.seconds,
    }


def test_a_day_on_one_answer_is_stored_and_counted_as_a_pause(
    db_url: str, clock: FixedClock
) -> None:
    """On each engine: the sums of study time are made in SQL."""
    store = Store.open(db_url)
    try:
        tutor = wire_tutor(store, {PACK.id: PACK}, clock, guard_clock=clock)
        ann = tutor.add_learner("Ann")
        tutor.answer(ann, PACK.id, "a1", "right", seconds=DAY)
        tutor.answer(ann, PACK.id, "a2", "right", seconds=30)
        [row] = tutor.store.export_rows([ann.id])["attempts"][:1]
        assert row["seconds"] == PAUSE_SECONDS  # stored so, not only read so
        assert set(counted(tutor).values()) == {PAUSE_SECONDS + 30}
    finally:
        store.close()


def older_answer(event: str, question: str, at: datetime) -> dict[str, Any]:
    return {
        "id": event, "learner_id": ANN, "pack_id": PACK.id, "pack_version": PACK.version,
        "skill_id": "a", "question_id": question, "response": "right", "score": 1.0,
        "hints_used": 0, "seconds": DAY, "answered_at": at.isoformat(), "kind": "practice",
        "session_id": None,
    }  # fmt: skip


def test_older_rows_of_a_day_count_as_a_pause_and_the_pace_with_them(
    tutor_for: TutorFor, clock: FixedClock
) -> None:
    """A bundle may hold answers of up to a day, as the tutor once recorded them."""
    rows: dict[str, list[dict[str, Any]]] = {kind: [] for kind in rules.KINDS}
    began = T0 - timedelta(days=2)
    rows["learners"] = [
        {"id": ANN, "name": "Ann", "created_at": began.isoformat(), "group": None, "settings": {}}
    ]
    rows["attempts"] = [
        older_answer(f"0190f000-0000-7000-8000-00000000000{n}", f"a{n}", T0 - timedelta(hours=n))
        for n in (1, 2)
    ]
    tutor = tutor_for({PACK.id: PACK})
    ann = tutor.add_learner("Ann")
    goal, _ = tutor.set_goal(ann, PACK.id, (T0 + timedelta(days=60)).date(), 10)
    tutor.import_bundle(sync.decode(sync.encode(rows, datetime(2026, 1, 1, tzinfo=UTC))))
    assert set(counted(tutor).values()) == {2 * PAUSE_SECONDS}
    clock.at += timedelta(days=1)
    forecast = tutor.forecast(tutor.learner("Ann"), goal)
    # Ten minutes of study in all, not two days: the pace stays near the plan's ten a day.
    assert forecast.minutes_per_day < 12, forecast
