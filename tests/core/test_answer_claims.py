"""What a bundle's answers may claim besides their response: copies set aside, time cut."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor_tui.core.answer_claims import CLAIM_SLACK, COPY_SLACK, Cut, cut_claims, vet_copies
from tutor_tui.core.pace import PAUSE_SECONDS
from tutor_tui.core.vetting import vetting_lines

T = datetime.fromisoformat("2026-03-02T09:00:00+00:00")


def _timed(
    n: int,
    at: datetime,
    score: float = 1.0,
    learner: str = "L",
    question: str = "q1",
    seconds: float | None = 300.0,
    **values: Any,
) -> dict[str, Any]:
    ids = {"id": f"{learner}{n:04}", "learner_id": learner, "pack_id": "p", "question_id": question}
    return {**ids, "answered_at": at.isoformat(), "score": score, "seconds": seconds, **values}


def test_copies_of_an_answer_are_set_aside_whatever_session_they_claim() -> None:
    """A bundle repeated each answer under new ids a microsecond apart, each claiming five
    minutes and each in a study session of its own: the class report read 70 hours of study
    in 84 minutes of answers."""
    honest = [_timed(n, T + timedelta(minutes=n), question=f"q{n}") for n in range(3)]
    copies = [
        _timed(
            100 + 10 * n + k,
            T + timedelta(minutes=n, microseconds=k),
            question=f"q{n}",
            session_id=f"s{k}",
        )
        for n in range(3)
        for k in range(1, 4)
    ]
    kept, count = vet_copies(honest + copies, ())
    assert kept == honest and count == 9
    # Already here, the honest answers stay; the copies are set aside against them, even a
    # microsecond before them.
    early = [{**row, "answered_at": (T - timedelta(microseconds=1)).isoformat()} for row in copies]
    assert vet_copies(copies, honest) == ([], 9)
    assert vet_copies(early[:1], honest[:1]) == ([], 1)
    assert vetting_lines({"attempts:copy": 9}, {}, ()) == [
        "Set aside 9 answers that copy another answer of their learner's: the same question,"
        " graded alike here, within a second of it."
    ]


def test_answers_from_a_clock_behind_are_never_copies() -> None:
    """Another laptop's clock read 15 minutes behind: its answers, five minutes each, are dated
    into the minutes of answers here. Both were given; the order of imports changes nothing."""
    here = [_timed(n, T + timedelta(minutes=2 * n), question=f"n{n}") for n in range(5)]
    there = [_timed(10 + n, T + timedelta(minutes=2 * n + 3), question=f"s{n}") for n in range(5)]
    assert vet_copies(there, here) == (there, 0)
    assert vet_copies(here, there) == (here, 0)
    # The same question graded otherwise, another learner's, or two seconds on: all given.
    other = [_timed(20, T, 0.0), _timed(21, T, learner="M"), _timed(22, T + timedelta(seconds=2))]
    assert vet_copies(other, [_timed(0, T)]) == (other, 0)


def test_a_repeat_under_a_clock_set_back_keeps_its_miss_and_its_right_answer() -> None:
    # A laptop whose clock was set back dates its answers a microsecond apart until the clock
    # catches up: a question missed, missed again two answers later, then answered right, is
    # three answers, all given; dropping a miss showed the skill mastered at the teacher's and
    # not on the laptop.
    step = timedelta(microseconds=1)
    asked = ["rep", "a", "b", "rep", "c", "d", "rep"]
    scores = [0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0]
    run = [
        _timed(n, T + n * step, score, question=question)
        for n, (question, score) in enumerate(zip(asked, scores, strict=True))
    ]
    assert vet_copies(run, []) == (run, 0)
    assert vet_copies(run[3:], run[:3]) == (run[3:], 0)
    # A copy of one of them, next to it, is still set aside.
    copy = {**run[3], "id": "copy", "answered_at": (T + 3 * step + step / 2).isoformat()}
    assert vet_copies([*run, copy], []) == (run, 1)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 5),
            st.sampled_from(["q1", "q2"]),
            st.sampled_from([0.0, 1.0]),
            st.booleans(),
        ),
        max_size=12,
    )
)
def test_what_is_kept_holds_no_copies_and_what_is_here_stays(
    made: list[tuple[int, str, float, bool]],
) -> None:
    answers = [
        _timed(n, T + timedelta(seconds=at / 2), score, question=question)
        for n, (at, question, score, _) in enumerate(made)
    ]
    here = [row for row, (*_, logged) in zip(answers, made, strict=True) if logged]
    kept, count = vet_copies(answers, here)
    assert all(row in kept for row in here) and count == len(answers) - len(kept)

    def alike(one: dict[str, Any], other: dict[str, Any]) -> bool:
        apart = abs(
            datetime.fromisoformat(one["answered_at"])
            - datetime.fromisoformat(other["answered_at"])
        )
        same = (one["question_id"], one["score"]) == (other["question_id"], other["score"])
        return same and apart <= COPY_SLACK

    # Two answers kept next to each other in time are never alike, but where both were here;
    # each set aside is alike to one kept.
    timeline = sorted(kept, key=lambda row: (row["answered_at"], row["id"]))
    for first, row in zip(timeline, timeline[1:], strict=False):
        if not (first in here and row in here):
            assert not alike(first, row), (first, row)
    assert all(any(alike(row, k) for k in kept) for row in answers if row not in kept)
    assert vet_copies(kept, here)[1] == 0


def test_claimed_time_counts_only_up_to_the_answer_before() -> None:
    """84 answers a minute apart, each claiming five minutes, read 7 hours of study in 84
    minutes; the first keeps its claim, each after it counts the minute since the one before."""
    answers = [_timed(n, T + timedelta(minutes=n), question=f"q{n}") for n in range(84)]
    rows, cut = cut_claims(answers, ())
    assert [row["seconds"] for row in rows] == [300.0] + [60.0] * 83
    assert cut == Cut(83, 83 * 240.0)
    assert cut.lines() == [
        "Counted the time 83 answers claim only up to the time since their learner's answer"
        " before, by the bundle's own clock: 332 minutes of study less in all."
    ]
    # Answers here already are neither cut nor counted, but date the answer after them.
    rows, cut = cut_claims(answers[:3], {answers[1]["id"]})
    assert [row["seconds"] for row in rows] == [300.0, 300.0, 60.0] and cut.answers == 1
    # Another learner's answers, or a claim past a pause cut to the pause, cut nothing.
    others = [_timed(n, T, learner=f"L{n}") for n in range(3)]
    long = [_timed(0, T), _timed(1, T + timedelta(seconds=400), seconds=3000.0)]
    assert cut_claims(others, ())[1] == cut_claims(long, ())[1] == Cut()
    assert Cut(1, 20.0).lines() == [
        "Counted the time 1 answer claims only up to the time since its learner's answer before,"
        " by the bundle's own clock: under a minute of study less in all."
    ]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 3600), st.floats(0, 600), st.sampled_from("LM")),
        min_size=1,
        max_size=15,
    ),
    st.randoms(use_true_random=False),
)
def test_a_bundle_claims_no_more_time_than_its_answers_span(
    made: list[tuple[int, float, str]], shuffle: random.Random
) -> None:
    """However a bundle dates and orders its answers, what they count comes to at most each
    learner's first claim and the time from their first answer to their last; honest claims,
    each within the time since the answer before, are never cut."""
    answers = [
        _timed(n, T + timedelta(seconds=at), learner=learner, seconds=claim)
        for n, (at, claim, learner) in enumerate(made)
    ]
    rows, cut = cut_claims(answers, ())
    for learner in "LM":
        mine = sorted(
            (row["answered_at"], row["id"], row["seconds"])
            for row in rows
            if row["learner_id"] == learner
        )
        if mine:
            span = (
                datetime.fromisoformat(mine[-1][0]) - datetime.fromisoformat(mine[0][0])
            ).total_seconds()
            later = sum(seconds for *_, seconds in mine[1:])
            assert later <= span + CLAIM_SLACK * (len(mine) - 1) + 1e-6
    # The order the bundle lists them in changes nothing.
    shuffled = list(answers)
    shuffle.shuffle(shuffled)
    again, same = cut_claims(shuffled, ())
    assert same.answers == cut.answers and same.seconds == pytest.approx(cut.seconds)
    assert sorted(again, key=lambda r: r["id"]) == sorted(rows, key=lambda r: r["id"])
    # What was cut already is within its gaps: cut again, nothing changes.
    assert cut_claims(rows, ())[1] == Cut()
    assert all(0 <= row["seconds"] <= max(PAUSE_SECONDS, 600) for row in rows)
