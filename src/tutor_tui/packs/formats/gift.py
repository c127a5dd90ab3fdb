"""Moodle's GIFT format as a draft, parsed with a grammar (lark), as Moodle reads it.

A GIFT file is questions separated by blank lines, `//` comment lines, and `$CATEGORY:` lines
that set the category of the questions after them (its first level becomes the unit, the rest
the skill). A question is an optional `::name::`, an optional format (`[html]`, `[markdown]`,
`[plain]`, `[moodle]`), its text, and an answer block in braces, which may stand in the middle of
the text (a missing word). `\\` escapes `~ = # { } :`.

| GIFT | pack |
| --- | --- |
| one `=` and `~` answers | choice, with each answer's `#feedback` |
| `~%50%` weights | multi: the answers of positive weight |
| `=` answers only | short, every full-credit answer accepted |
| `=a -> b` | match |
| `{T}`, `{FALSE}` | truefalse |
| `{#2:0.5}`, `{#1..3}` | numeric, with its tolerance (a range is its middle, give or take) |
| a block inside the text | cloze (typed answers) or a choice with the gap shown |
| `####feedback` | the explanation |
| essay `{}`, description (no block) | not converted, and reported |
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor_tui.packs.formats.draft import Draft, DraftQuestion, FormatError, Options
from tutor_tui.packs.formats.text import (
    MediaNamer,
    category_levels,
    clean,
    decode,
    markdown_of,
    markdown_of_line,
    markdown_of_text,
    name_key,
    plain_of,
    readable_id,
    report_images,
    shown,
    text_key,
    title_of,
)

GRAMMAR = r"""
start: [TITLE] [FORMAT] [STEM] [block [STEM]]
block: "{" [NUMERIC] [lead] option* [GENERAL] "}"
lead: ATEXT feedback*
option: MARK [WEIGHT] [ATEXT] [feedback]
feedback: HASH [ATEXT]

TITLE.4: /::(?:\\.|[^\\:]|:(?!:))*::/
FORMAT.4: /\s*\[(?:html|moodle|plain|markdown)\]/
STEM: /(?:\\.|[^\\{}])+/
NUMERIC.3: /#(?!###)/
GENERAL.4: /####(?:\\.|[^\\}])*/
HASH.2: "#"
MARK.2: /[=~]/
WEIGHT.3: /%-?\d+(?:\.\d+)?%/
ATEXT: /(?:\\.|[^\\=~#{}])+/
"""
# The escapes GIFT defines, and what they stand for.
_ESCAPES = {"~": "~", "=": "=", "#": "#", "{": "{", "}": "}", ":": ":", "\\": "\\", "n": "\n"}
_TRUE, _FALSE = {"t", "true"}, {"f", "false"}
# A question's id number in its comments, as Moodle reads it: `[id:...]`, a `]` in it escaped.
_IDNUMBER = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f])+)\]")
# An answer or a feedback may name its own format, as the question text does (`=[html]<b>x</b>`).
_OWN_FORMAT = re.compile(r"\s*\[(html|moodle|plain|markdown)\]")
_PARSER: Any = None


def _parser() -> Any:
    global _PARSER
    if _PARSER is None:
        from lark import Lark

        _PARSER = Lark(GRAMMAR, parser="lalr", lexer="contextual", maybe_placeholders=True)
    return _PARSER


def unescape(text: str) -> str:
    """GIFT text with its escapes read: `\\=` is '=', `\\n` a new line."""
    out, at = [], 0
    while at < len(text):
        char = text[at]
        if char == "\\" and at + 1 < len(text) and text[at + 1] in _ESCAPES:
            out.append(_ESCAPES[text[at + 1]])
            at += 2
            continue
        out.append(char)
        at += 1
    return "".join(out)


@dataclass
class Answer:
    """One answer of a block: right (`=`) or not, its weight, text and feedback."""

    right: bool
    weight: float | None
    text: str
    feedback: str = ""
    # Where its mark stands in the question: line (from 1) and column (from 1).
    at: tuple[int, int] = (1, 1)

    def place(self, where: str) -> str:
        """`FILE:LINE:COL` of the answer, given `FILE:LINE` of its question."""
        file, _, first = where.rpartition(":")
        return f"{file}:{int(first) + self.at[0] - 1}:{self.at[1]}"


@dataclass
class Parsed:
    """One question as written: its parts, still GIFT text."""

    title: str = ""
    form: str = "moodle"
    stem: str = ""
    tail: str | None = None
    block: bool = False
    numeric: bool = False
    lead: str = ""
    lead_feedback: list[str] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    general: str = ""
    # How a picture or sound the question shows is told: a GIFT file carries no files.
    namer: MediaNamer | None = None


def parse_question(source: str, where: str) -> Parsed:
    """One question's text parsed; FormatError saying where it does not read as GIFT."""
    from lark.exceptions import LarkError, UnexpectedInput

    try:
        tree = _parser().parse(source)
    except UnexpectedInput as error:
        file, _, first = where.rpartition(":")
        at = f"{file}:{int(first) + max(error.line, 1) - 1}"
        near = shown(error.get_context(source).splitlines()[0])
        raise FormatError(
            f"{at}: not GIFT, near '{near}' (a brace or a mark out of place?)"
        ) from None
    except LarkError as error:
        raise FormatError(f"{where}: not GIFT ({error})") from None
    title, form, stem, block, tail = tree.children
    parsed = Parsed(stem=str(stem or ""), tail=None if tail is None else str(tail))
    parsed.title = unescape(str(title)[2:-2]).strip() if title else ""
    parsed.form = str(form).strip()[1:-1] if form else "moodle"
    if block is not None:
        _read_block(parsed, block)
    return parsed


def _read_block(parsed: Parsed, block: Any) -> None:
    numeric, lead, *options, general = block.children
    parsed.block, parsed.numeric = True, numeric is not None
    if lead is not None:
        text, *feedbacks = lead.children
        parsed.lead = str(text)
        parsed.lead_feedback = [str(f.children[1] or "") for f in feedbacks]
    for place, option in enumerate(options):
        mark, weight, text, feedback = option.children
        if _marks_the_next(option, options[place + 1] if place + 1 < len(options) else None):
            continue
        parsed.answers.append(
            Answer(
                str(mark) == "=",
                float(str(weight)[1:-1]) if weight else None,
                str(text or ""),
                str(feedback.children[1] or "") if feedback is not None else "",
                (mark.line or 1, mark.column or 1),
            )
        )
    if general is not None:
        parsed.general = str(general)[4:]


def _marks_the_next(option: Any, following: Any) -> bool:
    """Whether `option` is the `~` of `~=right`: a mark with nothing after it but an `=` answer.

    Moodle reads every `=` as `~=` and splits the answers at `~`, passing over the empty piece
    this leaves, so `{~=some~a few}` is a choice of "some" (right) and "a few"; a hand-written
    form common in real files."""
    mark, weight, text, feedback = option.children
    return (
        following is not None
        and str(mark) == "~"
        and str(following.children[0]) == "="
        and weight is None
        and feedback is None
        and not str(text or "").strip()
    )


def blocks(text: str) -> list[tuple[int, list[str], str]]:
    """The file's questions as Moodle splits them: at blank lines; each with its `//` comment
    lines apart, where Moodle's export writes a question's id (`// [id:ALG-1]`)."""
    found: list[tuple[int, list[str], str]] = []
    current: list[str] = []
    comments: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), 1):
        if line.lstrip().startswith("//"):
            comments.append(line)
            continue
        if not line.strip():
            if current:
                found.append((start, current, "\n".join(comments)))
            current, comments = [], []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        found.append((start, current, "\n".join(comments)))
    return found


def idnumber(comments: str) -> str:
    """The id Moodle's export writes in a question's comments (`// [id:ALG-1]`), or ''."""
    found = _IDNUMBER.search(comments)
    return found.group(1).replace("\\]", "]").strip() if found else ""


def read_gift(path: Path, data: bytes, options: Options) -> Draft:
    """A GIFT file as a draft."""
    from tutor_tui.packs.formats.gift_questions import convert

    where = str(path)
    text = decode(data, where)
    draft = Draft()
    unit = skill = title_of(path)
    for line, lines, comments in blocks(text):
        if lines[0].lstrip().startswith("$CATEGORY:"):
            unit, skill = _category(lines[0].split(":", 1)[1], title_of(path))
            lines = lines[1:]
            if not lines:
                continue
        try:
            parsed = parse_question("\n".join(lines).strip(), f"{where}:{line}")
        except FormatError as error:
            # One question written wrong does not stop the others, as in Moodle's own import.
            at, _, why = str(error).partition(": ")
            draft.skip(at, why)
            continue
        question = convert(parsed, draft, f"{where}:{line}")
        if question is not None:
            key, kind, fields = question
            # Moodle's id number stays when a question is renamed, as in its XML export.
            key = readable_id(idnumber(comments)) or key
            draft.add(unit, skill, DraftQuestion(key, kind, fields, f"{where}:{line}"))
            report_images(
                draft, f"{where}:{line}", "a GIFT file", unescape("\n".join(lines)), html=False
            )
    return draft


def _category(path: str, fallback: str) -> tuple[str, str]:
    """A category's unit and skill: `$course$/top/Verbs/Irregular` is Verbs, Irregular."""
    parts = category_levels(unescape(path))
    if not parts:
        return fallback, fallback
    return parts[0], " › ".join(parts[1:]) or parts[0]


def key_of(parsed: Parsed) -> str:
    """A question's id: its name, or else its text, made an id."""
    return name_key(parsed.title) or text_key(plain_of(unescape(parsed.stem)), "q", parsed.stem)


def own_format(text: str, form: str) -> tuple[str, str]:
    """GIFT text without the format it names at its start, and that format (else `form`)."""
    named = _OWN_FORMAT.match(text)
    return (text[named.end() :], named.group(1)) if named else (text, form)


def as_markdown(text: str, form: str, namer: MediaNamer | None = None) -> str:
    """GIFT text in its format as Markdown: HTML converted, plain text shown as written, the rest
    (Markdown, Moodle's own) kept as written."""
    text, form = own_format(text, form)
    read = unescape(text)
    if form == "html" or (form == "moodle" and "<" in read and ">" in read):
        return markdown_of(read, namer)
    return markdown_of_text(read) if form == "plain" else clean(read)


def as_shown(text: str, form: str, namer: MediaNamer | None = None) -> str:
    """GIFT text shown on one line (a choice, an item to match) as Markdown: Markdown as
    written, other text as plain text whose marks show as written, its pictures named."""
    body, own = own_format(text, form)
    if own == "markdown":
        return " ".join(unescape(body).split())
    return markdown_of_line(as_plain(text, form, namer))


def as_plain(text: str, form: str, namer: MediaNamer | None = None) -> str:
    """GIFT text as plain text, for a choice or an answer; with a namer, a picture in it is
    named (`(image: cat.png, not kept)`), as a choice may be a picture."""
    text, form = own_format(text, form)
    read = unescape(text)
    if form in ("html", "moodle") and "<" in read:
        return plain_of(read, namer)
    return " ".join(read.split())
