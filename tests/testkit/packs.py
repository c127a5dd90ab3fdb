"""A small valid pack to break one file at a time, and ways to read what the loader said."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path

from tutor_tui.packs.loader import load_pack
from tutor_tui.packs.result import LoadResult, Problem

PACK_YAML = """\
format: 1
id: test-pack
title: Test pack
version: 1.0.0
"""

# A unit that loads with no error and no warning: a lesson, three questions, each explained.
UNIT_YAML = """\
id: one
title: Unit one
skills:
  - id: adding
    title: Adding
    lesson: Two and two make four.
    questions:
      - id: two-and-two
        type: choice
        prompt: What is 2 + 2?
        choices: ["3", "4"]
        answer: "4"
        explanation: Count on from two.
      - id: not-five
        type: truefalse
        prompt: 2 + 2 is 5.
        answer: false
        explanation: It is 4.
      - id: two-and-three
        type: numeric
        prompt: What is 2 + 3?
        answer: 5
        explanation: Count on from two.
"""

BASE_FILES: dict[str, str] = {"pack.yaml": PACK_YAML, "units/one.yaml": UNIT_YAML}

# A question that is fine, for units written in a test that need a skill's questions to load.
GOOD_QUESTION = """\
      - id: fine
        type: truefalse
        prompt: This question is fine.
        answer: true
        explanation: It is.
"""


def unit_with_question(question: str) -> str:
    """A unit whose one skill holds `question`, from line 8, and then a fine question."""
    header = dedent(
        """
        id: one
        title: Unit one
        skills:
          - id: adding
            title: Adding
            lesson: A lesson.
            questions:
        """
    )
    return header + textwrap.indent(dedent(question), " " * 6) + GOOD_QUESTION


def write_pack(root: Path, files: Mapping[str, str | bytes | None] | None = None) -> Path:
    """Write the valid pack into `root`, with `files` replacing (or, as None, removing) some."""
    contents: dict[str, str | bytes | None] = {**BASE_FILES, **(files or {})}
    for name, content in contents.items():
        if content is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            # newline="" keeps the line endings a test writes, CRLF included.
            path.write_text(content, encoding="utf-8", newline="")
    return root


def dedent(text: str) -> str:
    """A YAML file written indented inside a test, as it is on disk."""
    return textwrap.dedent(text).lstrip("\n")


def load(root: Path, files: Mapping[str, str | bytes | None] | None = None) -> LoadResult:
    """Write the pack with `files` changed, and load it."""
    return load_pack(write_pack(root, files))


def where(root: Path, problems: list[Problem]) -> list[tuple[str, int, int]]:
    """Each problem's file (relative to the pack), line and column."""
    return [(_relative(root, p.file), p.line, p.column) for p in problems]


def only_error(root: Path, result: LoadResult) -> tuple[str, int, int, str]:
    """The one error of a refused pack, as (file, line, column, message)."""
    assert result.pack is None and not result.ok
    assert len(result.errors) == 1, "\n".join(map(str, result.errors))
    problem = result.errors[0]
    return _relative(root, problem.file), problem.line, problem.column, problem.message


def _relative(root: Path, file: str) -> str:
    path = Path(file)
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else file
