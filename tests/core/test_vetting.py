"""A bundle's events as this computer takes them: graded again here, or set aside."""

from __future__ import annotations

from typing import Any

from tutor_tui.core.content import ChoiceQuestion, Mastery, MultiQuestion, Pack, Skill, Unit
from tutor_tui.core.vetting import unchecked_in_log, vet, vetting_lines

PACK = Pack(
    id="p",
    title="P",
    version="1",
    mastery=Mastery(),
    units=(Unit(id="u", title="U", skills=("s",)),),
    skills=(
        Skill(
            id="s",
            title="S",
            unit="u",
            requires=(),
            lesson="L",
            mastery=Mastery(),
            questions=(
                ChoiceQuestion(id="q", skill="s", prompt="?", choices=("yes", "no"), answer="yes"),
                MultiQuestion(
                    id="m", skill="s", prompt="?", choices=("a", "b", "c"), answers=("a", "b")
                ),
                ChoiceQuestion(id="t", skill="s", prompt="?", choices=("yes", "no"), answer="yes"),
            ),
        ),
    ),
)


def answer(response: Any, score: float = 1.0, **values: Any) -> dict[str, Any]:
    ids = {"pack_id": "p", "pack_version": "1", "question_id": "q", "skill_id": "s"}
    when = {"learner_id": "L", "kind": "practice", "answered_at": "2026-03-02T09:00:00+00:00"}
    return {**ids, **when, "response": response, "score": score, **values}


def test_every_answer_is_graded_again_and_its_score_ignored() -> None:
    rows = {
        "attempts": [
            answer("no", 1.0),
            answer("yes", 0.0),
            answer(["a"], 1.0, question_id="m"),
            # Answered when the question was in another skill, in another version of the pack.
            answer("yes", 0.0, skill_id="before", pack_version="0.9"),
        ]
    }
    vetted = vet(rows, {"p": PACK})
    assert [row["score"] for row in vetted.rows["attempts"]] == [0.0, 1.0, 0.5, 1.0]
    assert vetted.set_aside == {} and rows["attempts"][0]["score"] == 1.0


def test_what_cannot_be_checked_here_is_set_aside_with_a_count() -> None:
    rows = {
        "attempts": [
            answer("yes", question_id="nowhere"),
            answer("yes", skill_id="other"),  # filed under a skill not the question's
            answer({"not": "a choice"}),
            answer("whatever wrong"),
            answer("yes" + " " * 20_000),  # no answer is that long
            answer(["a"], question_id="m"),
            answer("yes", pack_id="elsewhere"),
        ],
        "lesson_views": [{"pack_id": "p", "skill_id": "s"}, {"pack_id": "p", "skill_id": "x"}],
        "placements": [{"pack_id": "p", "skill_id": "x"}, {"pack_id": "gone", "skill_id": "s"}],
        "goals": [
            {"pack_id": "elsewhere", "skills": []},
            {"pack_id": "p", "skills": ["s"]},
            {"pack_id": "p", "skills": ["s", "x"]},  # aiming at a skill the pack does not have
        ],
    }
    vetted = vet(rows, {"p": PACK})
    assert [row["question_id"] for row in vetted.rows["attempts"]] == ["m"]
    assert vetted.rows["lesson_views"] == [{"pack_id": "p", "skill_id": "s"}]
    assert vetted.rows["placements"] == [] and vetted.rows["goals"] == [rows["goals"][1]]
    assert vetted.set_aside == {
        "attempts:question": 2,
        "attempts:response": 3,
        "lesson_views:skill": 1,
        "placements:skill": 1,
        "goals:skill": 1,
    }
    assert vetted.elsewhere == {"attempts": 1, "placements": 1, "goals": 1}
    assert vetted.packs_not_here == ["elsewhere", "gone"]
    lines = vetting_lines(vetted.set_aside, vetted.elsewhere, vetted.packs_not_here)
    assert lines[0] == "Set aside 2 answers to questions not in their pack here."
    assert lines[-1].startswith(
        "Set aside 1 answer, 1 goal, 1 skill placed in packs not on this computer (elsewhere, gone)"
    )


def test_a_skill_placed_counts_only_when_the_check_before_it_places_it_out_here() -> None:
    at = "2026-03-02T09:00:00.000000+00:00"
    check = [
        answer("yes", learner_id="L", kind="placement", answered_at=at),
        answer(["a", "b"], question_id="m", learner_id="L", kind="placement", answered_at=at),
    ]
    placed = {"pack_id": "p", "skill_id": "s", "learner_id": "L", "placed_at": at, "belief": 0.9}
    rows = {"attempts": check, "placements": [placed, {**placed, "learner_id": "M"}]}
    # A right yes/no and a right pick of two of three (the bundle's scores are ignored) are
    # odds of about 11 to 1: short of what places a skill out.
    vetted = vet(rows, {"p": PACK})
    assert vetted.rows["placements"] == []
    assert vetted.set_aside == {"placements:unsupported": 1, "placements:unbacked": 1}
    # A third right answer places it out; one before the check, or after practice, does not.
    third = answer("yes", question_id="t", learner_id="L", kind="placement", answered_at=at)
    assert vet({"attempts": [*check, third], "placements": [placed]}, {"p": PACK}).rows[
        "placements"
    ] == [placed]
    earlier = {**placed, "placed_at": "2026-03-01T09:00:00.000000+00:00"}
    vetted = vet({"attempts": [*check, third], "placements": [earlier]}, {"p": PACK})
    assert vetted.set_aside == {"placements:unbacked": 1}
    practice = answer("yes", learner_id="L", answered_at="2026-03-01T09:00:00+00:00")
    vetted = vet({"attempts": [practice, *check, third], "placements": [placed]}, {"p": PACK})
    assert vetted.set_aside == {"placements:practised": 1}
    # A withdrawal (belief 0) only takes away: it needs nothing behind it.
    withdrawn = {**placed, "belief": 0.0}
    assert vet({"attempts": [], "placements": [withdrawn]}, {"p": PACK}).rows["placements"] == [
        withdrawn
    ]


def test_doctor_names_the_answers_in_the_log_an_import_now_sets_aside() -> None:
    logged = [
        ("p", "1", "q", "s", 3),
        ("p", "1", "nowhere", "s", 60),
        ("p", "1", "q", "other", 2),  # moved to another skill without a new version
        ("p", "0.9", "removed-since", "s", 5),  # another version: no problem
        ("gone", "1", "q", "s", 2),  # a pack not here: no problem
    ]
    problems = unchecked_in_log(logged, {"p": PACK})
    assert len(problems) == 1
    assert problems[0].startswith(
        "the log holds 60 answers to questions not in their pack here in the version of the pack"
    )
    assert unchecked_in_log(logged[:1] + logged[2:], {"p": PACK}) == []
