"""A bundle's events as this computer takes them: graded again here, or set aside."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from testkit.engine import typed_pack

from tutor_tui.core.content import ChoiceQuestion, Mastery, MultiQuestion, Pack, Skill, Unit
from tutor_tui.core.vetting import (
    sent_back_by_practice,
    unchecked_in_log,
    vet,
    vet_births,
    vet_claims,
    vetting_lines,
)

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


def claims(attempts: list[dict[str, Any]], placements: list[dict[str, Any]], here: Any = ()) -> Any:
    """What `vet_claims` keeps of these answers and skills placed (ids given in order), and
    what it sets aside."""
    numbered = [{"id": f"a{n}", **row} for n, row in enumerate(attempts)]
    placed = [{"id": f"p{n}", **row} for n, row in enumerate(placements)]
    return vet_claims({"attempts": numbered, "placements": placed}, {"attempts": here}, {"p": PACK})


AT = "2026-03-02T09:00:00.000000+00:00"
BEFORE = "2026-03-01T09:00:00.000000+00:00"
CHECK = [
    answer("yes", kind="placement", answered_at=AT),
    answer(["a", "b"], question_id="m", kind="placement", answered_at=AT),
]
THIRD = answer("yes", question_id="t", kind="placement", answered_at=AT)
PLACED = {"pack_id": "p", "skill_id": "s", "learner_id": "L", "placed_at": AT, "belief": 0.9}


def test_a_skill_placed_counts_only_when_the_check_before_it_places_it_out_here() -> None:
    # A right yes/no and a right pick of two of three (the bundle's scores are ignored) are
    # odds of about 11 to 1: short of what places a skill out.
    rows, set_aside = claims(CHECK, [PLACED, {**PLACED, "learner_id": "M"}])
    assert rows["placements"] == []
    assert set_aside == {"placements:unsupported": 1, "placements:unbacked": 1}
    # A third right answer places it out; one before the check, or after practice, does not.
    rows, set_aside = claims([*CHECK, THIRD], [PLACED])
    assert [row["id"] for row in rows["placements"]] == ["p0"] and set_aside == {}
    rows, set_aside = claims([*CHECK, THIRD], [{**PLACED, "placed_at": BEFORE}])
    assert set_aside == {"placements:unbacked": 1}
    practice = answer("yes", question_id="m", answered_at=BEFORE)
    rows, set_aside = claims([practice, *CHECK, THIRD], [PLACED])
    assert set_aside == {"placements:practised": 1} and len(rows["attempts"]) == 4
    # A withdrawal (belief 0) only takes away: it needs nothing behind it.
    rows, set_aside = claims([], [{**PLACED, "belief": 0.0}])
    assert len(rows["placements"]) == 1 and set_aside == {}


def test_a_check_is_weighed_against_the_log_here_as_well_as_the_bundle() -> None:
    """A bundle that leaves the learner's practice out still meets it here."""
    here = [
        {**answer("no", score=0.0, question_id="m", answered_at=BEFORE), "id": "h1"},
    ]
    rows, set_aside = claims([*CHECK, THIRD], [PLACED], here)
    # The check's answer to a question answered here stays in the log, counting for nothing
    # (`learner.apply_attempt`), and backs nothing.
    assert rows["placements"] == [] and [row["id"] for row in rows["attempts"]] == [
        "a0",
        "a1",
        "a2",
    ]
    assert set_aside == {"placements:practised": 1}
    # Practice here after the check takes nothing from it.
    later = [{**here[0], "answered_at": "2026-03-03T09:00:00.000000+00:00"}]
    assert claims([*CHECK, THIRD], [PLACED], later)[1] == {}
    # Another learner's practice, or the check's own answers already here, are no objection.
    other = [{**here[0], "learner_id": "M"}]
    assert claims([*CHECK, THIRD], [PLACED], other)[1] == {}
    itself = [{"id": "a1", **CHECK[1], "score": 1.0}]
    assert claims([*CHECK, THIRD], [PLACED], itself)[1] == {}


def test_a_question_answered_twice_in_checks_counts_once() -> None:
    """No check asks a question twice: copies of a right answer, at its time or later, buy
    nothing, and an earlier check's question answered again is not a check's answer."""
    copies = [THIRD, THIRD, {**THIRD, "answered_at": "2026-03-02T09:00:01.000000+00:00"}]
    rows, set_aside = claims([*CHECK, *copies], [PLACED])
    assert len(rows["attempts"]) == 5 and set_aside == {}
    assert [row["id"] for row in rows["placements"]] == ["p0"]
    # Copies of one answer alone do not place out what three distinct questions do.
    rows, set_aside = claims([CHECK[0]] * 3, [PLACED])
    assert set_aside == {"placements:unsupported": 1}
    # Without placement claims, nothing is weighed and nothing is set aside.
    practice = answer("yes")
    assert claims([practice, practice], [])[1] == {}


def test_a_check_places_out_nothing_above_a_skill_last_missed_in_practice() -> None:
    """As a check here holds them: a skill that requires one whose last answer in practice was
    a miss is not placed out, unless that one was never placed and the check's answers on it
    outweigh the miss."""
    from dataclasses import replace

    above = replace(
        PACK.skills[0],
        id="up",
        requires=("s",),
        questions=tuple(replace(q, id=f"up-{q.id}", skill="up") for q in PACK.skills[0].questions),
    )
    pack = replace(PACK, skills=(PACK.skills[0], above))
    up = [
        answer(r, question_id=f"up-{q}", skill_id="up", kind="placement", answered_at=AT)
        for q, r in (("q", "yes"), ("m", ["a", "b"]), ("t", "yes"))
    ]
    placed = {**PLACED, "skill_id": "up"}

    def weigh(before: list[dict[str, Any]], earlier: list[dict[str, Any]] = ()) -> dict[str, int]:
        rows = {"attempts": [{"id": f"a{n}", **a} for n, a in enumerate([*before, *up])]}
        here = {"attempts": (), "placements": [{"id": "e", **p} for p in earlier]}
        return vet_claims({**rows, "placements": [{"id": "p", **placed}]}, here, {"p": pack})[1]

    missed = answer("no", 0.0, question_id="q", answered_at=BEFORE)
    right = answer("yes", question_id="t", answered_at="2026-03-01T10:00:00.000000+00:00")
    assert weigh([missed]) == {"placements:missed": 1}
    assert weigh([missed, right]) == {}  # the last answer on s was right
    # Three right answers on s in the check outweigh the miss...
    check_on_s = [
        answer("yes", question_id="t", kind="placement", answered_at=AT),
        answer(["a", "b"], question_id="m", kind="placement", answered_at=AT),
    ]
    assert weigh([missed, *check_on_s]) == {}
    # ...unless s was placed out before, and the miss sent it back.
    sent_back = {**PLACED, "placed_at": "2026-02-28T09:00:00.000000+00:00"}
    assert weigh([missed, *check_on_s], [sent_back]) == {"placements:missed": 1}


def test_nothing_a_learner_did_is_dated_before_they_were_created() -> None:
    rows = {
        "attempts": [answer("yes", answered_at=BEFORE), answer("yes", answered_at=AT)],
        "lesson_views": [{"learner_id": "L", "viewed_at": BEFORE}],
        "placements": [{**PLACED, "placed_at": BEFORE}, {**PLACED, "learner_id": "M"}],
        "goals": [{"learner_id": "L", "created_at": BEFORE}],
    }
    kept, set_aside = vet_births(rows, {"L": "2026-03-02T08:00:00.000000+00:00"})
    assert [row["answered_at"] for row in kept["attempts"]] == [AT]
    assert kept["lesson_views"] == [] and kept["placements"] == [rows["placements"][1]]
    assert kept["goals"] == rows["goals"]
    assert set_aside == {"attempts:early": 1, "lesson_views:early": 1, "placements:early": 1}


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


T = datetime.fromisoformat("2026-03-02T09:00:00+00:00")


def test_a_miss_after_a_check_elsewhere_sends_back_what_requires_its_skill() -> None:
    """A check on one computer placed Ann out of a, b and c; on another, after it, she missed
    a: merged, b and c go back as they would have had she missed it where the check was."""
    pack = typed_pack({"a": (), "b": ("a",), "c": ("b",), "d": ()})
    placed = {"b": T, "c": T, "d": T}

    def miss(minutes: int, question: str = "a1", kind: str = "practice") -> dict[str, Any]:
        at = (T + timedelta(minutes=minutes)).isoformat()
        return answer(
            "no", 0.0, question_id=question, skill_id=question[0], kind=kind, answered_at=at
        )

    def back(*answers: dict[str, Any], mastered: int | None = None) -> dict[str, datetime]:
        confirmed = {} if mastered is None else {"a": T + timedelta(minutes=mastered)}
        return sent_back_by_practice(pack, answers, placed, confirmed, lambda s, q: 0.0)

    assert back(miss(5)) == {"b": T + timedelta(minutes=5), "c": T + timedelta(minutes=5)}
    # Before the check, in the check, or on a skill nothing placed requires: nothing goes back.
    assert back(miss(-5)) == {} and back(miss(5, kind="placement")) == {}
    assert back(miss(5, "d1")) == {}
    # A miss luck may explain (a coin's toss) sends back nothing above its skill.
    assert sent_back_by_practice(pack, [miss(5)], placed, {}, lambda s, q: 0.5) == {}
    # "I don't know" is no luck: it sends back what rests on the skill all the same.
    declined = {**miss(5), "response": None}
    assert len(sent_back_by_practice(pack, [declined], placed, {}, lambda s, q: 0.5)) == 2
    # Nor does a miss in a review of a skill mastered before it; one mastered later does not
    # take back what the miss said.
    assert back(miss(5), mastered=1) == {} and len(back(miss(5), mastered=10)) == 2
