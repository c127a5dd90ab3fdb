"""What a bundle's answers may claim besides their response: to be answers of their own rather
than copies of another, and the time they took.

A bundle comes from another computer, or from anyone with a text editor. Its answers are graded
again here (`core.vetting`), but two more of their claims move what a teacher reads without
moving mastery: how many answers a learner gave, and how long they studied.

- A copy answers the same question as another answer of its learner's, graded alike here,
  within `COPY_SLACK` of it, whatever study session or time it claims: no one answers a question
  twice in a second. Copies are set aside (`vet_copies`). An answer's time alone, read by another
  computer's clock, never says that two different answers were given at once. One honest case
  looks the same: a clock set back dates the answers after it a microsecond apart until it
  catches up (`Knowledge.stamp`), and a question asked again among them and graded alike is
  taken for a copy (one graded otherwise, a miss and then a right answer, is kept: dropping
  either would show a standing the laptop does not).
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

    A copy answers the same question as another answer of its learner's, graded alike here (its
    score: so that spaces, case or another spelling of one number do not hide it), within
    `COPY_SLACK` of it, in any study session, claiming any time, and whatever answers lie between
    them: copies under new ids would add answers that no one gave, and copies of answers given a
    moment apart interleave. `here` holds the answers already in the log of the learners
    concerned: they stay, and so does a bundle's answer already here.
    """
    bundled = list(attempts)
    logged = {row["id"]: row for row in here}
    kept: dict[tuple[Any, ...], list[datetime]] = {}
    for row in logged.values():
        if (at := _time(row["answered_at"])) is not None:
            kept.setdefault(_copy_key(row), []).append(at)
    fresh = sorted(
        (found, row["id"], row)
        for row in bundled
        if row["id"] not in logged and (found := _time(row["answered_at"])) is not None
    )
    copies: set[str] = set()
    for at, row_id, row in fresh:
        times = kept.setdefault(_copy_key(row), [])
        if any(abs(at - other) <= COPY_SLACK for other in times):
            copies.add(row_id)
        else:
            times.append(at)
    return [a for a in bundled if a["id"] not in copies], len(copies)


def _copy_key(row: Row) -> tuple[Any, ...]:
    """What two answers share when one is a copy of the other: learner, question and score."""
    return row["learner_id"], row["pack_id"], row["question_id"], float(row["score"])


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
        if (at := _time(row["answered_at"])) is not None:
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


def _time(text: Any) -> datetime | None:
    """An answer's time; None for one that cannot be read (a damaged row here)."""
    try:
        at = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return at if at.tzinfo is not None else None
