"""Placement and what the log already holds: a miss on a skill placed out sends back what rests on
it (recorded, said, rebuilt alike), misses before a check block placing out what requires the
skill missed, and a skill placed out by inference says so."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from testkit import TutorFor
from testkit.engine import diamond, typed_pack

from tutor_tui.core import mastery
from tutor_tui.core.clock import FixedClock
from tutor_tui.core.content import Mastery, Pack, evidence_rules
from tutor_tui.core.learner import Learner
from tutor_tui.core.placement_followup import sent_back
from tutor_tui.plain.lines import feedback_lines
from tutor_tui.service.tutor import PlacementRun, Tutor

# b rests on a, c on b, x on a; y, z, w and v are a second tree whose misses test the graph.
SECOND_TREE: dict[str, tuple[str, ...]] = {"y": (), "z": ("y",), "w": ("z",), "v": ("y",)}
TREES = typed_pack({"a": (), "b": ("a",), "c": ("b",), "x": ("a",), **SECOND_TREE})
# Right twice on b, wrong down the second tree: three tests of the graph passed, so a is placed
# out by inference through b alone.
TESTED = [("b1", 1.0), ("b2", 1.0), ("y1", 0.0), ("z1", 0.0), ("w1", 0.0), ("v1", 0.0)]


def test_a_miss_sends_back_what_requires_the_skill_and_what_was_inferred_through_it() -> None:
    assert sent_back(TREES, TESTED, "b", {"a", "b", "c"}) == ["a", "c"]
    # Placed out through x as well, a stays: its ground was not only b.
    assert sent_back(TREES, [*TESTED, ("x1", 1.0)], "b", {"a", "b", "c", "x"}) == ["c"]
    # Missing a sends back all that requires it; the other tree stays as it is.
    assert sent_back(TREES, [*TESTED, ("x1", 1.0)], "a", {"a", "b", "c", "x", "y"}) == [
        "b",
        "c",
        "x",
    ]
    # Skills not placed out (practised, confirmed, or never placed) are none of its business.
    assert sent_back(TREES, TESTED, "b", {"b"}) == []
    assert sent_back(TREES, TESTED, "gone", {"a", "b"}) == []


def test_a_miss_sends_back_what_was_inferred_only_from_a_skill_it_sends_back() -> None:
    # c needs b and d; d was placed out only because c was answered right.
    fork = typed_pack({"a": (), "b": ("a",), "d": (), "c": ("b", "d"), **SECOND_TREE})
    answers = [("c1", 1.0), ("c2", 1.0), ("y1", 0.0), ("z1", 0.0), ("w1", 0.0), ("v1", 0.0)]
    assert sent_back(fork, answers, "b", {"a", "b", "c", "d"}) == ["a", "d", "c"]
    # With a right answer of its own, d stands without c.
    assert sent_back(fork, [*answers, ("d1", 1.0)], "b", {"a", "b", "c", "d"}) == ["a", "c"]


@pytest.fixture
def tutor(tutor_for: TutorFor) -> Tutor:
    return tutor_for({TREES.id: TREES, "diamond": diamond()})


@pytest.fixture
def eve(tutor: Tutor) -> Learner:
    return tutor.add_learner("Eve")


def take(run: PlacementRun, answers: dict[str, str]) -> list[str]:
    """Answer the check's questions by skill (yes is right), unlisted skills wrong; the placed."""
    while (shown := run.next_question()) is not None:
        run.answer(shown.question.id, answers.get(shown.question.skill, "no"))
    return run.finish()[1]


def test_a_missed_check_sends_back_what_rests_on_the_skill_says_so_and_rebuilds_alike(
    tutor: Tutor, eve: Learner, clock: FixedClock
) -> None:
    placed = take(tutor.start_placement(eve, TREES), {"a": "yes", "b": "yes", "c": "yes"})
    assert {"a", "b", "c"} <= set(placed)
    clock.at += timedelta(days=2)
    asked = {a.question_id for a in tutor.attempts(eve, TREES.id)}
    question = next(q for q in TREES.skill("b").questions if q.id not in asked)
    feedback = tutor.answer(eve, TREES.id, question.id, "no")
    # c requires b, so it goes back. a had a right answer of its own, and the misses on x, which
    # requires it, say nothing against it: the miss on b does not take it away.
    assert [s.id for s in feedback.sent_back] == ["c"]
    lines = feedback_lines(feedback)
    assert (
        lines[-1] == "B goes back to practice, and with it what was placed out that rests on it: C."
    )
    assert feedback.to_dict()["sent_back"] == ["b", "c"]
    states = {r.skill.id: r.status for r in tutor.skill_reports(eve, TREES)}
    assert [s for s, state in states.items() if state == "placed out"] == ["a"]
    # c keeps what its own right answers in the check showed, as if it had never been placed
    # out, not the prior. (The check is drawn from the learner's id, so it asked c once or more.)
    skills = tutor.state(eve, TREES).skills
    params = tutor.params_for(TREES.id, "c")
    own = params.prior
    for attempt in tutor.attempts(eve, TREES.id):
        if attempt.question_id.startswith("c"):
            assert attempt.score == 1.0
            own = mastery.posterior(own, 1.0, params)
    assert skills["c"].p_known == pytest.approx(own) and own > params.prior
    # Recorded as facts of the log: a rebuild derives the same.
    assert tutor.check() == []
    assert tutor.rebuild().changed == 0
    # A second check, right throughout, places none of them out again: the misses weigh in.
    again = take(tutor.start_placement(eve, TREES), {s.id: "yes" for s in TREES.skills})
    assert not {"b", "c"} & set(again)
    # Another miss sends back nothing more: nothing that rests on c is placed out.
    question = next(q for q in TREES.skill("c").questions if q.id not in asked)
    assert tutor.answer(eve, TREES.id, question.id, "no").sent_back == ()
    # A miss on a, still placed out, with nothing placed out resting on it: a alone goes back,
    # and every shell says so.
    question = next(q for q in TREES.skill("a").questions if q.id not in asked)
    alone = tutor.answer(eve, TREES.id, question.id, "no")
    assert alone.sent_back == () and alone.to_dict()["sent_back"] == ["a"]
    assert alone.sent_back_line() == f"{TREES.skill('a').title} goes back to practice."


def placed_with_a_lucky_question(
    tutor_for: TutorFor, clock: FixedClock
) -> tuple[Tutor, Learner, Pack]:
    """Eve, placed out of a, b and c two days ago, in a pack where b's third question is a
    coin's toss, as the pack says (a true or false, say)."""
    lucky = replace(TREES.skill("b"), mastery=evidence_rules(Mastery(), 4, {"b3": 0.5}))
    pack = replace(TREES, skills=tuple(lucky if s.id == "b" else s for s in TREES.skills))
    tutor = tutor_for({pack.id: pack})
    eve = tutor.add_learner("Eve")
    tutor.place(eve, pack.id, {"a": 0.99, "b": 0.99, "c": 0.99})
    clock.at += timedelta(days=2)
    return tutor, eve, pack


def test_a_miss_luck_answers_half_the_time_sends_back_its_skill_alone(
    tutor_for: TutorFor, clock: FixedClock
) -> None:
    tutor, eve, pack = placed_with_a_lucky_question(tutor_for, clock)
    missed = tutor.answer(eve, pack.id, "b3", "no")
    # b goes back; c, which rests on it, keeps its own later check.
    assert missed.to_dict()["sent_back"] == ["b"]
    statuses = {r.skill.id: r.status for r in tutor.skill_reports(eve, pack)}
    assert [s for s, status in statuses.items() if status == "placed out"] == ["a", "c"]
    # A typed miss on b, back in practice already, still speaks against c above it: c goes
    # back, as it would have had that miss come first, and a, with no answer of its own, with it.
    again = tutor.answer(eve, pack.id, "b1", "no")
    assert again.to_dict()["sent_back"] == ["a", "c"]
    assert again.sent_back_line() == (
        f"What was placed out that rests on {pack.skill('b').title} goes back to practice:"
        f" {pack.skill('a').title}, {pack.skill('c').title}."
    )
    statuses = {r.skill.id: r.status for r in tutor.skill_reports(eve, pack)}
    assert "placed out" not in statuses.values()
    assert tutor.check() == [] and tutor.rebuild().changed == 0


def test_i_dont_know_where_luck_answers_half_the_time_sends_back_what_rests_on_it(
    tutor_for: TutorFor, clock: FixedClock
) -> None:
    # Luck never answers "I don't know": it weighs as a typed miss, and takes c and a with b.
    tutor, eve, pack = placed_with_a_lucky_question(tutor_for, clock)
    declined = tutor.answer(eve, pack.id, "b3", None)
    assert declined.to_dict()["sent_back"] == ["b", "a", "c"]
    assert tutor.check() == [] and tutor.rebuild().changed == 0


def test_a_miss_on_a_skill_back_in_practice_leaves_alone_what_nothing_placed_rests_on(
    tutor_for: TutorFor, clock: FixedClock
) -> None:
    # The same learner, c missed first: a typed miss on c sends it and a back.
    tutor, eve, pack = placed_with_a_lucky_question(tutor_for, clock)
    assert tutor.answer(eve, pack.id, "c1", "no").to_dict()["sent_back"][0] == "c"
    # Nothing is placed out above c: a second miss on it sends nothing more back.
    assert tutor.answer(eve, pack.id, "c2", "no").to_dict()["sent_back"] == []


def test_misses_in_practice_weigh_in_but_the_check_still_asks_what_the_learner_knows_now(
    tutor: Tutor, eve: Learner
) -> None:
    zoe = tutor.add_learner("Zoe")
    for learner in (eve, zoe):
        for question in TREES.skill("a").questions[:3]:
            tutor.answer(learner, TREES.id, question.id, "no")
    # A learner who still does not know a: asked it once, on a question not seen in practice,
    # and nothing that requires it is placed out.
    run = tutor.start_placement(eve, TREES)
    placed = take(run, {})
    result, _ = run.finish()
    assert "a4" in [a.question_id for a in result.answers]
    assert not {"a", "b", "c", "x"} & set(placed)
    assert {"a", "b", "c", "x"} <= set(result.ids("not known"))
    said = {s.skill_id: [e.describe(TREES) for e in s.evidence] for s in result.skills}
    assert said["a"] == ["missed in practice", "wrong on it"]
    assert "missed in practice on A, which it needs" in said["b"]
    # One who knows it now shows it, and what requires it is placed out; a itself stays with
    # practice, which judges it.
    run = tutor.start_placement(zoe, TREES)
    placed = take(run, {s.id: "yes" for s in TREES.skills})
    asked = [a.question_id for a in run.finish()[0].answers]
    assert "a4" in asked and not {"a1", "a2", "a3"} & set(asked)
    assert "a" not in placed and {"b", "c", "x"} <= set(placed)


def test_a_skill_placed_out_by_inference_says_what_from(tutor: Tutor, eve: Learner) -> None:
    pack = tutor.pack("diamond")
    run = tutor.start_placement(eve, pack)
    while (shown := run.next_question()) is not None:
        run.answer(shown.question.id, "right")
    result, placed = run.finish()
    inferred = {s.skill_id: s.inferred_from for s in result.skills if s.inferred_from}
    asked = {a.skill_id for a in result.answers}
    # Each skill placed out without answers of its own enough names the nearest skills above it
    # that were answered right, and only those placed out are inferred.
    assert inferred and set(inferred) <= set(placed)
    for skill_id, sources in inferred.items():
        assert set(sources) <= asked and set(sources) <= pack.descendants(skill_id)
    # The table says so rather than a percentage below the bar to place out.
    import io

    from tutor_tui.cli.placement import show_result

    shown = io.StringIO()
    show_result(tutor, result, placed, shown)
    rows = [line for line in shown.getvalue().splitlines() if "inferred" in line]
    assert rows and all("inferred from" in row for row in rows)


def test_a_prerequisite_that_slips_takes_nothing_known_above_it_away(
    tutor: Tutor, eve: Learner, clock: FixedClock
) -> None:
    for skill_id in ("a", "x"):
        for question in TREES.skill(skill_id).questions:
            clock.at += timedelta(minutes=1)
            tutor.answer(eve, TREES.id, question.id, "yes")
    tutor.place(eve, TREES.id, {"b": 0.97, "c": 0.97})
    clock.at += timedelta(days=21)
    for question_id in ("a4", "a1"):
        feedback = tutor.answer(eve, TREES.id, question_id, "no")
        assert feedback.sent_back == () and feedback.sent_back_line() == ""
    # a slips; x, mastered by its own answers, and b and c, placed out, stay known: their own
    # reviews and checks decide them.
    states = {s.skill.id: s.standing.state for s in tutor.skill_reports(eve, TREES)}
    assert states == {
        "a": "slipping",
        "b": "placed out",
        "c": "placed out",
        "x": "due",
        **{s: "new" for s in SECOND_TREE},
    }


def placed_out_of_a_and_b(tutor: Tutor, eve: Learner) -> None:
    """A first check stopped after two answers, right on a and on b: both placed out."""
    first = tutor.start_placement(eve, TREES)
    first.answer("a1", "yes")
    first.answer("b1", "yes")
    first.stop()
    assert set(first.finish()[1]) == {"a", "b"}


def taken_again(tutor: Tutor, eve: Learner, clock: FixedClock) -> PlacementRun:
    """A check taken again the next day, stopped after one answer, wrong on c (requires b)."""
    clock.at += timedelta(days=1)
    again = tutor.start_placement(eve, TREES)
    again.answer("c1", "no")
    again.stop()
    return again


def test_a_check_taken_again_takes_nothing_back_on_a_miss_above_alone(
    tutor: Tutor, eve: Learner, clock: FixedClock
) -> None:
    placed_out_of_a_and_b(tutor, eve)
    result, placed = taken_again(tutor, eve, clock).finish()
    # The miss on c leaves b short of the check's bar, but says nothing against it, as a miss
    # on c after a check would not: b stays placed out on its own right answer, and says so.
    b = next(s for s in result.skills if s.skill_id == "b")
    assert b.verdict == "unsure" and result.means(b) == "stays placed out"
    assert result.withdrawn == () and result.listed("known") == ["a", "b"]
    assert "b" not in result.listed("unsure")
    statuses = {r.skill.id: r.status for r in tutor.skill_reports(eve, TREES)}
    assert [s for s, status in statuses.items() if status == "placed out"] == ["a", "b"]
    assert result.outcome(placed).startswith("2 skills placed out")
    assert result.to_dict(TREES)["skills"][1]["means"] == "stays placed out"


def test_a_check_taken_again_says_what_practice_confirmed_and_counts_what_stays(
    tutor: Tutor, eve: Learner, clock: FixedClock
) -> None:
    placed_out_of_a_and_b(tutor, eve)
    # Practice confirms b (a second question right); a is left as the check placed it.
    asked = {a.question_id for a in tutor.attempts(eve, TREES.id)}
    question = next(q for q in TREES.skill("b").questions if q.id not in asked)
    tutor.answer(eve, TREES.id, question.id, "yes")
    result, placed = taken_again(tutor, eve, clock).finish()
    # b was "not settled" (practice judges it) and went uncounted beside a.
    words = {s.skill_id: result.means(s) for s in result.skills}
    assert words["b"] == "mastered" and "b" not in result.listed("unsure")
    statuses = {r.skill.id: r.status for r in tutor.skill_reports(eve, TREES)}
    assert statuses["b"] == "mastered" and statuses["a"] == "placed out"
    assert result.listed("known") == ["a"] and result.outcome(placed).startswith("1 skill placed")


def test_a_check_taken_again_names_what_moved_a_skill_no_answer_spoke_against(
    tutor: Tutor, eve: Learner, clock: FixedClock
) -> None:
    # b placed out on a right answer of its own, a below it on b's word alone.
    tutor.answer(eve, TREES.id, "b1", "yes", kind="placement")
    tutor.place(eve, TREES.id, {"a": 0.99, "b": 0.99})
    clock.at += timedelta(days=1)
    again = tutor.start_placement(eve, TREES)
    again.answer("b2", "no")
    again.stop()
    result, _ = again.finish()
    assert result.withdrawn == ("a", "b")
    # b's row has its miss; a's, with nothing against it, names what it stood on.
    assert result.moved("b", TREES) == ""
    assert result.moved("a", TREES) == "placed out on the word of B, no longer placed out"
    a = result.to_dict(TREES)["skills"][0]
    assert (a["means"], a["evidence"][0]) == ("back to practice", result.moved("a", TREES))


def test_a_miss_says_which_skills_sent_back_rest_on_it_and_which_stood_on_its_word(
    tutor: Tutor, eve: Learner, clock: FixedClock
) -> None:
    tutor.answer(eve, TREES.id, "b1", "yes", kind="placement")
    tutor.place(eve, TREES.id, {"a": 0.99, "b": 0.99, "c": 0.99})
    clock.at += timedelta(days=2)
    feedback = tutor.answer(eve, TREES.id, "b2", "no")
    # c requires b; a is a prerequisite, placed out on the word of b and c alone.
    assert feedback.to_dict()["sent_back"] == ["b", "a", "c"]
    assert feedback.sent_back_line() == (
        "B goes back to practice, and with it what was placed out that rests on it: C, and what"
        " was placed out on their word alone: A."
    )
