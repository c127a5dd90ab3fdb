"""What a question gives away of its own answer: the chance that one who does not know the skill
still answers it right from what the question shows.

A pack may say so itself (a question's `guess`). Where it does not, one case is clear enough to
find without it: a short answer that is one of the strings of the program its prompt shows
("What does this program print?" over three `print("...")` lines), which one who cannot read the
program types right one time in as many strings as the program has.

A prompt comes from a pack, which may be crafted: everything here reads it in one pass, and only a
prompt of a length a question's program can have.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from tutor_tui.core.content import GUESSABLE, AnyQuestion, ShortQuestion
from tutor_tui.core.grading.matching import as_code, matches, normal

# Longer than any program a question asks about: a prompt as long is not read for strings, so
# that a crafted pack of long prompts loads as fast as without this rule.
LONGEST_PROMPT = 20_000
# A fence of Markdown, opening or closing a block of code: three or more backticks or tildes.
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
# Code between backticks, outside the blocks.
_SPAN = re.compile(r"(`+)([^`]+?)\1")
_QUOTES = "'\""
_QUOTE = re.compile(r"['\"]")
_QUOTED_LINE = re.compile(r"^.*['\"].*$", re.MULTILINE)
# What follows a string's opening quote up to its closing one, past escaped quotes.
_BODY = {quote: re.compile(rf"(?:\\.|[^\\{quote}])*{quote}") for quote in _QUOTES}
# Letters that may stand before a string's quote in code (f"...", r'...', b"...").
_PREFIXES = "rRbBfFuU"


def program_strings(prompt: str, most: int | None = None) -> list[str]:
    """The distinct strings written in the code a prompt shows, in order: in its blocks of code,
    then between its backticks; with `most`, reading stops once there are more than that."""
    blocks, prose = _code_blocks(prompt)
    spans = [match.group(2) for match in _SPAN.finditer(prose)]
    found: dict[str, None] = {}
    for line in _QUOTED_LINE.findall("\n".join([*blocks, *spans])):
        for text in _strings(line):
            found[text] = None
            if most is not None and len(found) > most:
                return list(found)
    return list(found)


def _code_blocks(text: str) -> tuple[list[str], str]:
    """The blocks of code a Markdown text fences, and the text outside them."""
    if "```" not in text and "~~~" not in text:
        return [], text
    blocks: list[str] = []
    prose: list[str] = []
    fence = ""
    inside: list[str] = []
    for line in text.splitlines():
        opening = _FENCE.match(line)
        if not fence:
            if opening:
                fence, inside = opening.group(1), []
            else:
                prose.append(line)
        elif opening and opening.group(1).startswith(fence) and not line.strip(fence[0] + " \t"):
            blocks.append("\n".join(inside))
            fence = ""
        else:
            inside.append(line)
    if fence:  # a block never closed runs to the end, as Markdown reads it
        blocks.append("\n".join(inside))
    return blocks, "\n".join(prose)


def _strings(line: str) -> Iterator[str]:
    """The strings of one line of code, read left to right as a tokenizer would."""
    at = 0
    while (found := _QUOTE.search(line, at)) is not None:
        at = found.start()
        if not _opens(line, at):
            at += 1
            continue
        body = _BODY[line[at]].match(line, at + 1)
        if body is None:
            return  # never closed: the rest of the line is no string
        yield line[at + 1 : body.end() - 1]
        at = body.end()


def _opens(line: str, at: int) -> bool:
    """Whether the quote at `at` opens a string, rather than stand in a word (`don't`)."""
    start = at
    while start > 0 and at - start < 2 and line[start - 1] in _PREFIXES:
        start -= 1
    before = line[start - 1] if start else " "
    return not (before.isalnum() or before in "_" + _QUOTES)


def literal_chance(question: AnyQuestion) -> float | None:
    """The chance of a right answer by typing one of the strings of the program the prompt
    shows, for a short answer; None when no such string is accepted, when the program has so
    many that the chance is no luck worth counting (`GUESSABLE`), when the prompt is longer than
    any question's program (`LONGEST_PROMPT`), or for another type.

    A string counts as accepted when the question's grader takes it as written or in its
    quotes (`pass`, `'pass'`, `"pass"`)."""
    if not isinstance(question, ShortQuestion) or question.match == "value":
        return None
    if len(question.prompt or "") > LONGEST_PROMPT:
        return None
    # One string in more than a hundred is no luck worth counting: reading stops there.
    most = round(1.0 / GUESSABLE)
    strings = program_strings(question.prompt or "", most)
    if not strings or len(strings) >= most:
        return None
    accepts = _grader(question)
    right = [text for text in strings if any(map(accepts, (text, f"'{text}'", f'"{text}"')))]
    return len(right) / len(strings) if right else None


def _grader(question: ShortQuestion) -> Callable[[str], bool]:
    """Whether the question takes a typed text as right: a look-up in its answers made the way
    its mode compares, so that a pack with many answers costs no more than one pass."""
    if question.match == "regex":
        return lambda typed: any(matches("regex", key, typed) for key in question.answers)
    fold: Callable[[str], str] = {"normal": normal, "code": as_code}.get(question.match, _exact)
    keys = {fold(answer) for answer in question.answers}
    return lambda typed: fold(typed) in keys


def _exact(text: str) -> str:
    # As the exact mode compares: one line ending left out (`matching.matches`).
    return text[:-2] if text.endswith("\r\n") else text.removesuffix("\n")
