"""Reading a response log in the common knowledge-tracing CSV layout.

One row per answer, with the columns `user_id`, `skill_id` and `correct` (0 or 1), and optionally
`order_id` (the answer's place in the learner's sequence), `timestamp`, `problem_id` and `fold`
(the cross-validation group of the learner). The file may be gzip-compressed. Rows come back
grouped by learner, each learner's answers in the order they were given, so that every later step
can replay a learner's sequence from the start.
"""

from __future__ import annotations

import csv
import gzip
import math
import stat
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, cast

from tutor_tui.modeling.errors import ModelDataError

REQUIRED = ("user_id", "skill_id", "correct")
OPTIONAL = ("order_id", "timestamp", "problem_id", "fold")
GZIP_MAGIC = b"\x1f\x8b"
# Learners of a file without a `fold` column are split into this many groups by a hash of their id.
DEFAULT_FOLDS = 5


@dataclass(frozen=True)
class ResponseLog:
    """The answers of a response log, grouped by learner and in each learner's order.

    Learners, skills and problems are numbered by first appearance; `problem` is -1 where the row
    names none. `folds` is None when the file has no `fold` column.
    """

    path: str
    learners: list[str]
    skills: list[str]
    problems: list[str]
    learner: list[int]
    skill: list[int]
    problem: list[int]
    correct: list[int]
    folds: list[int] | None
    # Rows left out because they name no skill.
    skipped: int = 0

    def __len__(self) -> int:
        return len(self.correct)

    def fold_of_rows(self) -> list[int]:
        """Each row's fold: the file's own, else a stable hash of the learner into 5 groups."""
        if self.folds is not None:
            return self.folds
        by_learner = [
            zlib.crc32(name.encode("utf-8")) % DEFAULT_FOLDS + 1 for name in self.learners
        ]
        return [by_learner[index] for index in self.learner]


def open_text_lines(path: Path) -> Iterator[tuple[int, str]]:
    """The lines of a text file, plain or gzip, numbered; refuses what is not UTF-8."""
    try:
        # A device or a pipe is no log: reading one could block, or never end (/dev/zero).
        if path.exists() and not path.is_dir() and not stat.S_ISREG(path.stat().st_mode):
            raise ModelDataError(f"{path}: not a file (a device, a pipe or a socket)")
        raw: IO[bytes] = path.open("rb")
    except FileNotFoundError:
        raise ModelDataError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ModelDataError(f"{path}: is a folder, not a file") from None
    except OSError as error:
        raise ModelDataError(f"{path}: cannot be read ({error.strerror or error})") from None
    with raw:
        head = raw.read(2)
        raw.seek(0)
        stream: IO[bytes] = raw
        if head == GZIP_MAGIC or path.suffix.lower() == ".gz":
            stream = cast(IO[bytes], gzip.GzipFile(fileobj=raw))
        number = 0
        try:
            for number, line in enumerate(stream, start=1):
                try:
                    text = line.decode("utf-8")
                except UnicodeDecodeError:
                    raise ModelDataError(
                        f"{path}:{number}: not UTF-8 text; save the file as UTF-8 CSV"
                    ) from None
                if number == 1:
                    text = text.removeprefix("\ufeff")
                yield number, text
        except (gzip.BadGzipFile, EOFError, zlib.error):
            raise ModelDataError(
                f"{path}: not a readable gzip file (damaged or cut short after line {number})"
            ) from None


def csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """The rows of a CSV file (commas, or tabs when the header has no comma) with line numbers."""
    lines = open_text_lines(path)
    first = next(lines, None)
    if first is None or not first[1].strip():
        raise ModelDataError(f"{path}: the file is empty; expected a header line of column names")
    delimiter = "," if "," in first[1] or "\t" not in first[1] else "\t"
    current = [first[0]]

    def texts() -> Iterator[str]:
        yield first[1]
        for number, text in lines:
            current[0] = number
            yield text

    for row in csv.reader(texts(), delimiter=delimiter):
        yield current[0], row


def header_index(path: Path, header: list[str], required: tuple[str, ...]) -> dict[str, int]:
    """Where each named column is; refuses a header that lacks a required one."""
    names = [name.strip().lower() for name in header]
    missing = [name for name in required if name not in names]
    if missing:
        found = ", ".join(n for n in names if n) or "none"
        raise ModelDataError(
            f"{path}:1: missing column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} (the header has: {found})"
        )
    return {name: index for index, name in reversed(list(enumerate(names)))}


def read_responses(path: Path | str) -> ResponseLog:
    """Read and check a response log; `ModelDataError` names the file and line of any fault."""
    path = Path(path)
    rows = csv_rows(path)
    first = next(rows, None)
    if first is None:
        raise ModelDataError(f"{path}: the file is empty")
    columns = header_index(path, first[1], REQUIRED)
    user_at, skill_at, correct_at = (columns[name] for name in REQUIRED)
    order_at = columns.get("order_id")
    time_at = columns.get("timestamp")
    problem_at = columns.get("problem_id")
    fold_at = columns.get("fold")
    width = max(columns.values()) + 1

    learner_ids: dict[str, int] = {}
    skill_ids: dict[str, int] = {}
    problem_ids: dict[str, int] = {}
    learner: list[int] = []
    skill: list[int] = []
    problem: list[int] = []
    correct: list[int] = []
    folds: list[int] = []
    keys: list[float] = []
    times: list[tuple[int, str]] = []
    skipped = 0
    for number, row in rows:
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        user, answer = _learner_and_answer(path, number, row, width, user_at, correct_at)
        skill_name = row[skill_at].strip()
        if not skill_name:
            skipped += 1
            continue
        learner.append(learner_ids.setdefault(user, len(learner_ids)))
        skill.append(skill_ids.setdefault(skill_name, len(skill_ids)))
        correct.append(answer)
        if problem_at is not None:
            name = row[problem_at].strip()
            problem.append(problem_ids.setdefault(name, len(problem_ids)) if name else -1)
        else:
            problem.append(-1)
        if fold_at is not None:
            folds.append(_whole_number(path, number, "fold", row[fold_at]))
        if order_at is not None:
            keys.append(_number(path, number, "order_id", row[order_at]))
        elif time_at is not None:
            times.append((number, row[time_at].strip()))

    if not correct:
        if skipped:
            raise ModelDataError(f"{path}: no answers with a skill_id ({skipped} rows without)")
        raise ModelDataError(f"{path}: no answers, only a header line")
    if order_at is None and time_at is not None:
        keys = _time_keys(path, times)
    n = len(correct)
    if keys:
        order = sorted(range(n), key=lambda i: (learner[i], keys[i]))
    else:
        order = sorted(range(n), key=learner.__getitem__)
    return ResponseLog(
        path=str(path),
        learners=list(learner_ids),
        skills=list(skill_ids),
        problems=list(problem_ids),
        learner=[learner[i] for i in order],
        skill=[skill[i] for i in order],
        problem=[problem[i] for i in order],
        correct=[correct[i] for i in order],
        folds=[folds[i] for i in order] if fold_at is not None else None,
        skipped=skipped,
    )


def _learner_and_answer(
    path: Path, number: int, row: list[str], width: int, user_at: int, correct_at: int
) -> tuple[str, int]:
    """A row's learner and whether the answer was right (1) or not (0), checked."""
    if len(row) < width:
        raise ModelDataError(
            f"{path}:{number}: {len(row)} values, but the header names {width} columns"
        )
    value = row[correct_at].strip()
    answer: int | None = int(value) if value == "1" or value == "0" else _zero_or_one(value)
    if answer is None:
        raise ModelDataError(f"{path}:{number}: correct must be 0 or 1, not {value!r}")
    user = row[user_at].strip()
    if not user:
        raise ModelDataError(f"{path}:{number}: user_id is empty")
    return user, answer


def _zero_or_one(value: str) -> int | None:
    """1 or 0 for a number equal to one of them (`1.0`), else None."""
    try:
        number = float(value)
    except ValueError:
        return None
    if number == 1.0:
        return 1
    if number == 0.0:
        return 0
    return None


def _number(path: Path, line: int, column: str, value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if math.isnan(number):
        raise ModelDataError(f"{path}:{line}: {column} must be a number, not {value.strip()!r}")
    return number


def _whole_number(path: Path, line: int, column: str, value: str) -> int:
    number = _number(path, line, column, value)
    if number != int(number):
        raise ModelDataError(f"{path}:{line}: {column} must be a whole number, not {value!r}")
    return int(number)


def _time_keys(path: Path, times: list[tuple[int, str]]) -> list[float]:
    """Timestamps as numbers: epoch numbers as they are, ISO 8601 texts as seconds."""
    keys: list[float] = []
    for line, text in times:
        try:
            keys.append(float(text))
            continue
        except ValueError:
            pass
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ModelDataError(
                f"{path}:{line}: timestamp must be a number or an ISO 8601 date and time, "
                f"not {text!r}"
            ) from None
        keys.append(moment.timestamp())
    return keys
