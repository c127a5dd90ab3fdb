"""Mutated packs never crash the loader: it loads them, or reports errors at real places."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor_tui.packs.loader import load_pack
from tutor_tui.packs.starter import LESSON_MD, PACK_YAML, UNIT_YAML

# The starter pack has one question of each type, so every part of the loader is reached.
STARTER = {
    "pack.yaml": PACK_YAML.format(pack_id="fuzzed"),
    "units/basics.yaml": UNIT_YAML.format(),
    "lessons/counting.md": LESSON_MD,
}

SNIPPETS = [
    "&a ",
    "*a",
    "&",
    "*",
    "[",
    "]",
    "{",
    "}",
    ":",
    ": ",
    "- ",
    "? ",
    "\t",
    "#",
    ",",
    "|",
    ">",
    "'",
    '"',
    "!",
    "!!python/object ",
    "!!str ",
    "%",
    "@",
    "`",
    "---\n",
    "...\n",
    "\n",
    "\r",
    "\r\n",
    "\x00",
    "\x07",
    "\x1b[2J",
    "\x7f",
    "\x85",
    "\u202e",
    "\ufeff",
    '"\\e"',
    '"\\x07"',
    "{{",
    "}}",
    "|",
    "<<: ",
    "~",
    "é",
    "💡",
    "\\",
]
VALUES = [
    "~",
    "null",
    "[]",
    "{}",
    "[1, 2]",
    "{a: 1}",
    "true",
    "false",
    "yes",
    "0",
    "7",
    "-1",
    "1.5",
    ".nan",
    ".inf",
    "-.Inf",
    "1e999",
    "0x1F",
    "0o17",
    "''",
    '""',
    "[[[]]]",
    "{{x}}",
    "../x.md",
    "/etc/passwd",
    "lessons/counting.md",
    "units/basics.yaml",
    "colours",
    "counting",
    "3/4",
    '"2%"',
    "-5%",
    "[colours, counting]",
    "!!binary aGk=",
]

line_index = st.integers(min_value=0, max_value=200)
retype = st.tuples(st.just("retype"), line_index, st.sampled_from(VALUES))
# Changing a value is drawn more often: it gets past the parser to the checks behind it.
mutation = st.one_of(
    retype,
    retype,
    st.tuples(st.just("delete"), line_index),
    st.tuples(st.just("duplicate"), line_index),
    st.tuples(st.just("swap"), line_index, line_index),
    st.tuples(
        st.just("insert"),
        line_index,
        st.integers(min_value=0, max_value=80),
        st.sampled_from(SNIPPETS) | st.text(max_size=3),
    ),
    st.tuples(st.just("truncate"), st.floats(min_value=0, max_value=1)),
    st.tuples(st.just("indent"), line_index, st.integers(min_value=-4, max_value=4)),
)


def mutate(text: str, mutations: list[tuple[Any, ...]]) -> str:
    """Apply each mutation, in turn, to the lines of `text`."""
    lines = text.split("\n")
    for kind, *args in mutations:
        if not lines:
            lines = [""]
        at = args[0] % len(lines) if kind != "truncate" else 0
        if kind == "delete":
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, lines[at])
        elif kind == "swap":
            other = args[1] % len(lines)
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "insert":
            column = min(args[1], len(lines[at]))
            lines[at] = lines[at][:column] + args[2] + lines[at][column:]
        elif kind == "truncate":
            joined = "\n".join(lines)
            lines = joined[: int(len(joined) * args[0])].split("\n")
        elif kind == "indent":
            shift = args[1]
            lines[at] = " " * shift + lines[at] if shift >= 0 else lines[at][-shift:]
        elif kind == "retype" and ":" in lines[at]:
            key = lines[at].split(":", 1)[0]
            lines[at] = f"{key}: {args[1]}"
    return "\n".join(lines)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    targets=st.lists(
        st.sampled_from(
            ["units/basics.yaml", "units/basics.yaml", "pack.yaml", "lessons/counting.md"]
        ),
        min_size=1,
        max_size=2,
        unique=True,
    ),
    mutations=st.lists(mutation, min_size=1, max_size=4),
)
def test_mutated_packs_never_crash_the_loader(
    targets: list[str], mutations: list[tuple[Any, ...]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        files = dict(STARTER)
        for target in targets:
            files[target] = mutate(files[target], mutations)
        for name, text in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8", "surrogatepass"))

        result = load_pack(root)

        if result.ok:
            assert result.pack is not None
            return
        assert result.errors and result.pack is None
        for problem in result.errors + result.warnings:
            file = Path(problem.file)
            assert file.is_relative_to(root), problem
            assert problem.line >= 1 and problem.column >= 1, problem
            if file.is_file():
                # A place that exists in the file: at most one line past its last one.
                lines = file.read_bytes().replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n")
                assert problem.line <= lines + 2, problem
            assert problem.message.strip(), problem
