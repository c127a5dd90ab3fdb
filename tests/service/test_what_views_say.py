"""What the views say of a skill: one held below mastery, its answers recalled no longer
counting, is held in the learner's standing and stuck, with why, in the class report; the why of
a skill counts a placement check's right answers as its evidence does."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from testkit import TutorFor
from testkit.engine import T0, diamond

from tutor_tui.cli.progress import progress_report
from tutor_tui.core.clock import FixedClock
from tutor_tui.core.content import evidence_rules
from tutor_tui.render.classroom import report_values
from tutor_tui.service.reports import class_report
from tutor_tui.ui.screens.classroom import cell_words

# The diamond pack with its rules fitted to its questions, as a loaded pack's are.
PACK = diamond()
PACK = replace(
    PACK,
    skills=tuple(
        replace(s, mastery=evidence_rules(s.mastery, len(s.questions))) for s in PACK.skills
    ),
)


def test_a_learner_reciting_answers_shown_is_seen_held_by_the_teacher(
    tutor_for: TutorFor, clock: FixedClock
) -> None:
    tutor = tutor_for({PACK.id: PACK})
    sam = tutor.add_learner("Sam")
    questions = [q.id for q in PACK.skill("a").questions]
    for question in questions:  # every answer missed at first sight, then shown
        clock.at += timedelta(minutes=1)
        tutor.answer(sam, PACK.id, question, "wrong")
    # Missed, not yet held: the misses say it all.
    assert not tutor.skill_reports(sam, PACK)[0].standing.held
    for day in range(1, 12):  # then the answers shown, recited day after day
        clock.at = T0 + timedelta(days=day)
        for question in questions:
            clock.at += timedelta(minutes=1)
            tutor.answer(sam, PACK.id, question, "right")
    skills = progress_report(tutor, sam, [PACK.id])["packs"][0]["skills"]
    a = next(s for s in skills if s["skill"] == "a")
    assert a["status"] == "held"
    standing = a["standing"]
    [report] = [r for r in tutor.skill_reports(sam, PACK) if r.skill.id == "a"]
    assert report.standing.evidence().endswith(
        "held: answers to questions already shown no longer count"
    )
    assert (standing["state"], standing["held"], standing["distinct_right"]) == (
        "learning",
        True,
        0,
    )
    report = class_report(tutor)
    [learner] = report_values(report)["learners"]
    [stuck] = learner["stuck"]
    assert (stuck["skill"], stuck["held"], stuck["answers_to_questions_shown"]) == ("a", True, 33)
    [why] = learner["needs_help"]
    assert why == (
        "could use a hand with A (held at 90%: 33 answers to questions already shown;"
        " needs questions not seen yet)"
    )
    cell = report.heat_maps[0].rows[0][0]
    assert cell.stuck and cell.held
    assert cell_words(cell) == "90%, stuck: held"


def test_the_why_counts_a_placement_checks_answers_as_the_evidence_does(
    tutor_for: TutorFor, clock: FixedClock
) -> None:
    tutor = tutor_for({PACK.id: PACK})
    eve = tutor.add_learner("Eve")
    assert tutor.explain(eve, PACK, "a").endswith("no answers on this skill yet.")
    clock.at += timedelta(minutes=1)
    tutor.answer(eve, PACK.id, "a1", "right", kind="placement")
    [a, *_] = progress_report(tutor, eve, [PACK.id])["packs"][0]["skills"]
    assert (a["standing"]["distinct_right"], a["attempts"]) == (1, 0)
    assert a["why"].endswith(
        "no answers in practice yet; right in a placement check on 1 distinct question (needs 2)."
    )
    # A check's misses are named as its right answers are: they are what took an estimate down.
    clock.at += timedelta(minutes=1)
    tutor.answer(eve, PACK.id, "b1", "wrong", kind="placement")
    tutor.answer(eve, PACK.id, "a2", "wrong", kind="placement")
    whys = {
        s["skill"]: s["why"] for s in progress_report(tutor, eve, [PACK.id])["packs"][0]["skills"]
    }
    assert whys["b"].startswith("not mastered yet: 0.0")
    assert whys["b"].endswith(
        "; no answers in practice yet; missed in a placement check on 1 question."
    )
    assert whys["a"].endswith(
        "; no answers in practice yet; right in a placement check on 1 distinct question"
        " (needs 2); missed in a placement check on 1 question."
    )
    assert whys["c"].endswith("no answers on this skill yet.")


def test_the_why_names_a_checks_right_answer_a_miss_took_back(
    tutor_for: TutorFor, clock: FixedClock
) -> None:
    """Right on a1 and a2 in a check, then a1 missed in practice: a1 no longer counts, and the
    why says where the one distinct question left, and the one taken back, came from."""
    tutor = tutor_for({PACK.id: PACK})
    eve = tutor.add_learner("Eve")
    for question in ("a1", "a2"):
        clock.at += timedelta(minutes=1)
        tutor.answer(eve, PACK.id, question, "right", kind="placement")
    clock.at += timedelta(days=1)
    tutor.answer(eve, PACK.id, "a1", "wrong")
    why = tutor.explain(eve, PACK, "a")
    assert why.endswith(
        "0 of 1 answers right on this skill, on 1 distinct question (needs 2), 1 of them right"
        " in a placement check; right in a placement check and missed since, no longer counted:"
        " 1 question."
    ), why


def test_a_skill_placed_out_has_a_check_ahead_not_a_review_in_every_view(
    tutor_for: TutorFor, clock: FixedClock
) -> None:
    tutor = tutor_for({PACK.id: PACK})
    ada = tutor.add_learner("Ada")
    tutor.place(ada, PACK.id, {"a": 0.97})
    clock.at += timedelta(days=3)
    # Right on one question: the check goes on, the skill still placed out.
    feedback = tutor.answer(ada, PACK.id, "a1", "right").to_dict()
    [skill] = [
        s for s in progress_report(tutor, ada, [PACK.id])["packs"][0]["skills"] if s["skill"] == "a"
    ]
    assert skill["status"] == "placed out"
    assert skill["next_check"] is not None and skill["next_review"] is None
    # Its why says so too: placed out is known, not mastered.
    assert skill["why"].startswith("placed out by a placement check, not yet confirmed: 0.")
    assert (feedback["next_check"], feedback["next_review"]) == (skill["next_check"], None)
