"""A session's summaries say what it did to skills placed out: those a check placed out (not
"progress", not a review), and those a miss sent back to practice, named in the app's and plain
mode's summary and in the tutor's report alike."""

from __future__ import annotations

from datetime import timedelta

import pytest
from testkit import TutorFor
from testkit.engine import typed_pack

from tutor_tui.core.clock import FixedClock
from tutor_tui.core.learner import Learner
from tutor_tui.render.session_report import to_text
from tutor_tui.service.tutor import PlacementRun, Tutor

# b rests on a, c on b; y, z and w are a second tree the check's misses test the graph with.
GRAPH: dict[str, tuple[str, ...]] = {"a": (), "b": ("a",), "c": ("b",), "y": (), "z": ("y",)}
TREES = typed_pack(GRAPH)


def take(run: PlacementRun, answers: dict[str, str]) -> list[str]:
    """Answer the check's questions by skill (yes is right), unlisted skills wrong; the placed."""
    while (shown := run.next_question()) is not None:
        run.answer(shown.question.id, answers.get(shown.question.skill, "no"))
    return run.finish()[1]


@pytest.fixture
def tutor(tutor_for: TutorFor) -> Tutor:
    return tutor_for({TREES.id: TREES})


@pytest.fixture
def eve(tutor: Tutor) -> Learner:
    return tutor.add_learner("Eve")


def test_a_session_names_the_skills_placed_out_in_it_and_those_sent_back(
    tutor: Tutor, eve: Learner, clock: FixedClock
) -> None:
    session = tutor.begin_session(eve, TREES.id)
    run = tutor.start_placement(eve, TREES, session=session)
    placed = take(run, {"a": "yes", "b": "yes", "c": "yes"})
    assert {"a", "b", "c"} <= set(placed)
    summary = tutor.session_summary(session)
    titles = [TREES.skill(s).title for s in TREES.skill_index if s in placed]
    assert summary.placed == tuple(titles)
    # Placed out is said so, with its check: not as progress, nor as a review.
    lines = summary.lines()
    assert not [line for line in lines if line.startswith(("Progress", "Next review"))]
    check = (clock.at + timedelta(days=2)).strftime("%Y-%m-%d")
    assert f"Placed out: {len(titles)} skills, to confirm in a short check on {check}: " in (
        "\n".join(lines)
    )
    assert tutor.session_report(session).placed_out == tuple(titles)
    tutor.end_session(session)

    clock.at += timedelta(days=2)
    later = tutor.begin_session(eve, TREES.id)
    asked = {a.question_id for a in tutor.attempts(eve, TREES.id)}
    question = next(q for q in TREES.skill("b").questions if q.id not in asked)
    tutor.answer(eve, TREES.id, question.id, "no", session=later)
    # b missed, and c, which rests on it, go back; a stays placed out.
    assert tutor.session_summary(later).sent_back == ("B", "C")
    assert "Back to practice, no longer placed out: B, C" in tutor.session_summary(later).lines()
    report = tutor.session_report(later)
    assert report.sent_back == ("B", "C") and report.placed_out == ()
    assert [(s.title, s.sent_back) for s in report.skills] == [("B", True)]
    assert "Back to practice, no longer placed out: B, C." in to_text(report)
