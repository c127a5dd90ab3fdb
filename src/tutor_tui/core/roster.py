"""A class's roster: a CSV of learners (`name`, optionally `group`), imported whole or not at all.

`decode_roster`, `parse_roster` and `plan_import` read a roster file and decide what an import
would do, refusing the whole file with `FILE:LINE: message` for anything wrong in it; the command
applies the plan.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from tutor_tui.core.errors import TutorError
from tutor_tui.core.names import clean_name, name_fold


class RosterError(TutorError):
    """A roster that cannot be imported; `problems` are `FILE:LINE: message` lines."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(problems[0] if len(problems) == 1 else f"{len(problems)} problems")
        self.problems = tuple(problems)


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One learner named in a roster, with the line they are on."""

    line: int
    name: str
    group: str | None


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """What importing a roster would do."""

    add: tuple[RosterEntry, ...]
    # Learners already here whose group the file leaves as it is (or does not give).
    already_here: tuple[RosterEntry, ...]
    # Learners already here that the file puts in another group: (entry, their group now).
    regroup: tuple[tuple[RosterEntry, str | None], ...]


def decode_roster(data: bytes, source: str) -> str:
    """A roster file's text: UTF-8, with or without a byte-order mark; RosterError otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RosterError(
            [f"{source}:{line}: this is not UTF-8 text; save the file as CSV UTF-8"]
        ) from None


def parse_roster(text: str, source: str) -> list[RosterEntry]:
    """The learners a roster names; RosterError listing every problem when any line is wrong.

    The first row is the header: a `name` column (required) and a `group` column (optional), in
    any order and any case; other columns are ignored. Cells are separated by commas, or by the
    semicolons or tabs some spreadsheets write instead. Rows with every cell empty are skipped.
    Two names that differ only in capitals are taken for a slip, not for two learners.
    """
    if not text.strip():
        raise RosterError(
            [f"{source}:1: the file is empty; its first line must be a header such as: name,group"]
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    columns, problems = _header(reader, source)
    name_at = columns.index("name")
    group_at = columns.index("group") if "group" in columns else None
    entries: list[RosterEntry] = []
    first_line: dict[str, tuple[int, str]] = {}
    end = reader.line_num
    while True:
        start = end + 1
        try:
            row = next(reader, None)
        except csv.Error as error:
            problems.append(f"{source}:{start}: {error}")
            break
        end = reader.line_num
        if row is None:
            break
        if not any(cell.strip() for cell in row):
            continue
        entry = _entry(row, len(columns), name_at, group_at, start)
        if isinstance(entry, str):
            problems.append(f"{source}:{start}: {entry}")
            continue
        key = name_fold(entry.name)
        if key in first_line:
            line, before = first_line[key]
            spelled = "" if before == entry.name else f" as '{before}'"
            problems.append(f"{source}:{start}: '{entry.name}' is already on line {line}{spelled}")
            continue
        first_line[key] = (start, entry.name)
        entries.append(entry)
    if not entries and not problems:
        problems.append(f"{source}:{end + 1}: no learners after the header")
    if problems:
        raise RosterError(problems)
    return entries


def _header(reader: Iterator[list[str]], source: str) -> tuple[list[str], list[str]]:
    """The header's columns, folded to lower case, and its problems; RosterError without `name`."""
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise RosterError([f"{source}:1: {error}"]) from None
    cells_read = [cell.strip() for cell in header or []]
    columns = [cell.casefold() for cell in cells_read]
    if "name" not in columns:
        shown = ", ".join(f"'{c}'" for c in cells_read if c) or "nothing"
        raise RosterError(
            [
                f"{source}:1: the first line must be the header, with a 'name' column (and maybe"
                f" 'group'); it has {shown}"
            ]
        )
    problems = [
        f"{source}:1: the header has the column '{wanted}' twice"
        for wanted in ("name", "group")
        if columns.count(wanted) > 1
    ]
    return columns, problems


def _entry(
    row: list[str], width: int, name_at: int, group_at: int | None, line: int
) -> RosterEntry | str:
    """The learner a row names, or what is wrong with it."""
    if len(row) > width and any(cell.strip() for cell in row[width:]):
        return (
            f"{len(row)} cells but the header has {width} columns;"
            ' put a name that holds a comma in double quotes, like "Lopez, Ana"'
        )
    # Empty cells past the header's columns (a spreadsheet's trailing commas) are nothing.
    cells = row[:width] + [""] * (width - len(row))
    if any("\n" in cell or "\r" in cell for cell in cells):
        # A quote opened and not closed takes the lines after it into one cell.
        return 'a cell runs on over several lines: a double quote (") is opened here and not closed'
    try:
        name = clean_name(cells[name_at])
    except ValueError as why:
        return str(why)
    group: str | None = None
    if group_at is not None and cells[group_at].strip():
        try:
            group = clean_name(cells[group_at])
        except ValueError as why:
            return str(why).replace("name", "group")
    return RosterEntry(line, name, group)


def _delimiter(text: str) -> str:
    """What separates the cells: a comma, unless the header names its columns with `;` or tab."""
    first = text.splitlines()[0] if text else ""
    if "," not in first:
        for other in (";", "\t"):
            try:
                cells = next(csv.reader([first], delimiter=other), [])
            except csv.Error:
                continue
            if other in first and "name" in (cell.strip().casefold() for cell in cells):
                return other
    return ","


def check_names_here(entries: Sequence[RosterEntry], here: Iterable[str], source: str) -> None:
    """RosterError for each new name that differs from a learner's here only in capitals or in
    letters that look alike: the store refuses it as the same name, and it is most likely a slip.
    """
    known = set(here)
    folded = {name_fold(name): name for name in known}
    problems = []
    for entry in entries:
        other = folded.get(name_fold(entry.name))
        if entry.name in known or other is None:
            continue
        same = entry.name.casefold() == other.casefold()
        problems.append(
            f"{source}:{entry.line}: '{entry.name}' "
            + ("differs only in capitals from" if same else "looks like")
            + f" '{other}', who is already here; write '{other}' to mean that learner"
        )
    if problems:
        raise RosterError(problems)


def plan_import(entries: Sequence[RosterEntry], existing: Mapping[str, str | None]) -> ImportPlan:
    """What to do with each entry, given the learners already here (name -> group).

    A learner already here is not added again; when the file gives them a group that differs
    from theirs, they are to be moved to it.
    """
    add, here, regroup = [], [], []
    for entry in entries:
        if entry.name not in existing:
            add.append(entry)
        elif entry.group is not None and entry.group != existing[entry.name]:
            regroup.append((entry, existing[entry.name]))
        else:
            here.append(entry)
    return ImportPlan(tuple(add), tuple(here), tuple(regroup))
