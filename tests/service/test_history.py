"""Reviews from another program added to a learner's log: graded as ours, once, then replayed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from testkit import TutorFor
from testkit.engine import diamond

from tutor_tui.core import grading
from tutor_tui.service.history import PastReview

PACK = diamond()


def test_reviews_are_graded_once_and_drive_the_derived_state(tutor_for: TutorFor) -> None:
    tutor = tutor_for({PACK.id: PACK})
    ana = tutor.add_learner("Ana")
    question = next(PACK.questions())
    start = datetime(2026, 1, 1, tzinfo=UTC)
    reviews = [
        PastReview(question.id, start + timedelta(days=day), recalled, 4.0)
        for day, recalled in [(0, True), (1, False), (3, True)]
    ]
    reviews.append(PastReview("no-such-question", start, True))
    assert tutor.import_reviews(ana, PACK, reviews) == 3
    assert tutor.import_reviews(ana, PACK, reviews) == 0
    log = tutor.attempts(ana, PACK.id)
    assert [(a.kind, a.score, a.at) for a in log] == [
        ("review", 1.0, start),
        ("review", 0.0, start + timedelta(days=1)),
        ("review", 1.0, start + timedelta(days=3)),
    ]
    assert tutor.check() == []
    # Each is an answer the tutor grades again to the same score, as a bundle's are.
    assert [grading.grade(question, a.response).score for a in log] == [1.0, 0.0, 1.0]


def test_an_imported_pack_is_studied_at_once(tutor_for: TutorFor, tmp_path: Path) -> None:
    from testkit.imports import GOLDEN, imported

    pack, _ = imported([GOLDEN / "moodle-bank.xml"], tmp_path / "pack")
    tutor = tutor_for({pack.id: pack})
    ana = tutor.add_learner("Ana")
    for _ in range(3):
        activity = tutor.next(ana, pack.id)
        assert activity.question_id is not None
        right = grading.correct_response(pack.question(activity.question_id))
        assert tutor.answer(ana, pack.id, activity.question_id, right).correct
