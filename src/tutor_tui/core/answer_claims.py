"""What a bundle's answers may claim besides their response: to be answers of their own rather
than copies of another, and the time they took.

A bundle comes from another computer, or from anyone with a text editor. Its answers are graded
again here (`core.vetting`), but two more of their claims move what a teacher reads without
moving mastery: how many answers a learner gave, and how long they studied.

- A copy answers the same question as its learner's answer next to it in time, graded alike
  here, within `COPY_SLACK` of it, whatever study session or time it claims: no one answers a
  question twice in a second. Copies are set aside (`vet_copies`). An answer's time alone, read
  by another computer's clock, never says that two different answers were given at once. A
  clock set back dates the answers after it a microsecond apart until it catches up
  (`Knowledge.stamp`); but the tutor never asks a question again before others, so only an
  answer's neighbour in time can be what it copies, and a question answered again with answers
  between is kept (dropping one would show a standing the laptop does not).
- An answer's claimed seconds count at most up to the time since its learner's answer before it
  in the same bundle, read by the bundle's own clock (`cut_claims`): the tutor times an answer
  from the moment its question is shown, after the answer before was stored. The clock here
  never enters, so another computer's clock reading behind cuts nothing. A bundle that holds two
  computers' answers (one computer's log with another's merged in) interleaves their clocks
  where they disagree, and its claims may be cut there: the seconds an answer counts are no fact
  two computers compare (`merge.alteration`), and each keeps what it counted.

Values in, values out: rows as a bundle carries them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tutor_tui.core.clock import stored_time
from tutor_tui.core.pace import studied_seconds

Row = dict[str, Any]

# How close two answers alike must be to be one answer and its copy: no one answers the same
# question twice within it.
COPY_SLACK = timedelta(seconds=1)
# What a claim may exceed the time since the answer before by: the clock that times an answer
# and the clock that dates it are not the same clock, and may part by a few milliseconds.
CLAIM_SLACK = 1.0


@dataclass(frozen=True)
class Cut:
    """How many answers' claimed time was cut, and by how many seconds of study in all."""

    answers: int = 0
    seconds: float = 0.0

    def lines(self) -> list[str]:
        """The cut in a line for a person; none when nothing was cut."""
        if not self.answers:
            return []
        minutes = round(self.seconds / 60)
        less = "under a minute" if minutes < 1 else f"{minutes} minute{'s' * (minutes != 1)}"
        one = self.answers == 1
        return [
            f"Counted the time {self.answers} {'answer claims' if one else 'answers claim'}"
            f" only up to the time since {'its' if one else 'their'} learner's answer before,"
            f" by the bundle's own clock: {less} of study less in all."
        ]


def vet_copies(attempts: Iterable[Row], here: Iterable[Row]) -> tuple[list[Row], int]:
    """A bundle's answers less copies of another answer of their learner's, and how many were
    set aside.

    A copy answers the same question as the learner's answer next to it in time, here or in the
    bundle, graded alike here (its score: so that spaces, case or another spelling of one number
    do not hide it), within `COPY_SLACK` of it, in any study session and claiming any time:
    copies under new ids would add answers that no one gave. Only a neighbour counts: the tutor
    never asks a question again before others, so a question answered again with answers
    between is a second answer, however close a clock set back dates them (`Knowledge.stamp`).
    `here` holds the answers already in the log of the learners concerned: they stay, and so
    does a bundle's answer already here.
    """
    bundled = list(attempts)
    logged = {row["id"]: row for row in here}
    timelines: dict[Any, list[tuple[datetime, str, bool, Row]]] = {}
    for row in logged.values():
        if (at := stored_time(row["answered_at"])) is not None:
            timelines.setdefault(row["learner_id"], []).append((at, row["id"], True, row))
    for row in bundled:
        if row["id"] not in logged and (at := stored_time(row["answered_at"])) is not None:
            timelines.setdefault(row["learner_id"], []).append((at, row["id"], False, row))
    copies: set[str] = set()
    for timeline in timelines.values():
        timeline.sort(key=lambda entry: (entry[0], entry[1]))
        kept: tuple[datetime, Row] | None = None
        for i, (at, row_id, is_here, row) in enumerate(timeline):
            if not is_here and (
                (kept is not None and _alike(kept, (at, row)))
                or _copies_one_here(timeline, i, (at, row))
            ):
                copies.add(row_id)
                continue
            kept = (at, row)
    return [a for a in bundled if a["id"] not in copies], len(copies)


def _copies_one_here(
    timeline: list[tuple[datetime, str, bool, Row]], i: int, answer: tuple[datetime, Row]
) -> bool:
    """Whether the answer at `i` copies the first answer here after it, past a run of its own
    copies: a copy dated a moment before the answer it copies."""
    for at, _, is_here, row in timeline[i + 1 :]:
        if not _alike(answer, (at, row)):
            return False
        if is_here:
            return True
    return False


def _alike(one: tuple[datetime, Row], other: tuple[datetime, Row]) -> bool:
    """Whether two answers of a learner are one and its copy: the same question, graded alike,
    within `COPY_SLACK`."""
    (at, row), (other_at, other_row) = one, other
    same = (row["pack_id"], row["question_id"], float(row["score"])) == (
        other_row["pack_id"],
        other_row["question_id"],
        float(other_row["score"]),
    )
    return same and abs(at - other_at) <= COPY_SLACK


def cut_claims(attempts: Iterable[Row], logged: Collection[str]) -> tuple[list[Row], Cut]:
    """A bundle's answers with the seconds each claims cut to the time since its learner's
    answer before it in the bundle (with `CLAIM_SLACK`), and what was cut, in seconds of study
    as every view counts them (`pace.studied_seconds`).

    Answers whose ids are in `logged` are here already: they are not added again, so they are
    neither cut nor counted, but they still date the answers after them. An answer with no
    answer before it, or an undated one, keeps its claim: a bundle's first answer claims no
    more than any answer may count for.
    """
    rows = list(attempts)
    timeline: dict[Any, list[tuple[datetime, str, int]]] = {}
    for index, row in enumerate(rows):
        if (at := stored_time(row["answered_at"])) is not None:
            timeline.setdefault(row["learner_id"], []).append((at, row["id"], index))
    cut, less = 0, 0.0
    for answers in timeline.values():
        answers.sort()
        for (before, _, _), (at, _, index) in zip(answers, answers[1:], strict=False):
            row = rows[index]
            claimed = row.get("seconds")
            gap = (at - before).total_seconds() + CLAIM_SLACK
            if row["id"] in logged or claimed is None or claimed <= gap:
                continue
            seconds = max(0.0, gap - CLAIM_SLACK)
            rows[index] = {**row, "seconds": seconds}
            # A claim past a pause counts only up to it anyway: cutting it there takes nothing.
            taken = (studied_seconds(claimed) or 0.0) - (studied_seconds(seconds) or 0.0)
            if taken > 0:
                cut, less = cut + 1, less + taken
    return rows, Cut(cut, less)
