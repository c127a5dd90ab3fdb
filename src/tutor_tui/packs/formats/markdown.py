"""Markdown flashcards as drafts: the hashcards layout and the Obsidian spaced-repetition layout.

| written | becomes |
| --- | --- |
| `Q: question` then `A: answer` (hashcards; each may run over several lines) | a card |
| `C: text with [deletions]` (hashcards) | one cloze question per deletion |
| `question::answer` on one line (Obsidian) | a card |
| `question:::answer` on one line (Obsidian) | two cards, one each way |
| lines, then `?` alone, then lines (Obsidian; `??` for both ways) | a card (two) |
| a line with `==highlights==` (Obsidian) | one cloze question per highlight |
| `# heading` | the skill of the cards under it |

A card's text is Markdown already, and is kept as written; a typed answer is its text as shown,
without the Markdown marks. An Obsidian card ends at a blank line; a hashcards card runs on over
blank lines to the next card, a `---` break or a heading. Front matter and the review state
Obsidian writes after a card (`<!--SR:...-->`) are passed over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tutor_tui.packs.formats.cards import card
from tutor_tui.packs.formats.cloze import MAX_CARDS
from tutor_tui.packs.formats.draft import MAX_FIELD, Draft, DraftQuestion, Options
from tutor_tui.packs.formats.text import (
    clean,
    decode,
    digest,
    plain_of_markdown,
    report_images,
    slug,
    title_of,
)

HEADING = re.compile(r"#{1,6}\s+(.+?)\s*#*\s*$")
MARKER = re.compile(r"([QAC]):\s?(.*)$")
# A hashcards deletion `[text]`, not a Markdown link `[text](url)` nor an image.
BRACKETS = re.compile(r"(?<![!\\])\[([^\[\]\n]+)\](?!\()")
# An Obsidian deletion: `==text==`, with an optional hint `^[hint]` and card number `[^1]`.
HIGHLIGHT = re.compile(r"==([^=\n]+)==(?:\^\[([^\]\n]*)\])?(?:\[\^(\d+)\])?")
# The review state Obsidian's spaced-repetition plugin writes after a card it has scheduled.
REVIEW_STATE = re.compile(r"\s*<!--SR:[^>]*-->")
# A thematic break: in hashcards, the end of a card.
BREAK = re.compile(r" {0,3}(?:-[ \t]*){3,}$")
# A list item's mark: `- `, `* `, `+ `, `1. `, `1) `.
LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d{1,9}[.)])\s+")


@dataclass
class Block:
    """Lines of one card as written, where it starts, and its kind."""

    kind: str
    line: int
    parts: dict[str, list[str]] = field(default_factory=dict)


def read_markdown(path: Path, data: bytes, options: Options) -> Draft:
    """A Markdown file of flashcards as a draft."""
    where = str(path)
    lines = _without_front_matter(decode(data, where).split("\n"))
    draft = Draft()
    unit = skill = title_of(path)
    paragraph: list[tuple[int, str]] = []
    block: Block | None = None
    for number, written in enumerate([*lines, ""], 1):
        line = REVIEW_STATE.sub("", written)
        heading = HEADING.match(line)
        marker = MARKER.match(line)
        # A break, or the end of the file (the blank line added after its last).
        ended = BREAK.match(line) is not None or number > len(lines)
        if heading or marker or ended or not line.strip():
            _paragraph(draft, unit, skill, paragraph, where)
            paragraph = []
        # A hashcards card runs on over blank lines, up to the next card, a break or a heading.
        if block is not None and (heading or (marker and marker.group(1) != "A") or ended):
            _block(draft, unit, skill, block, where)
            block = None
        if ended:
            continue
        if heading:
            skill = clean(heading.group(1)) or skill
        elif marker:
            kind, text = marker.groups()
            if kind == "A" and block is not None and block.kind == "Q":
                block.parts["A"] = [text]
            elif kind == "A":
                draft.skip(f"{where}:{number}", "an answer with no question before it")
            else:
                block = Block(kind, number, {kind: [text]})
        elif block is not None:
            block.parts[list(block.parts)[-1]].append(line)
        elif line.strip():
            paragraph.append((number, line))
    return draft


def _without_front_matter(lines: list[str]) -> list[str]:
    """The lines of a note with its front matter (`---` lines around YAML) made blank."""
    if not lines or lines[0].strip() != "---":
        return lines
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            # Blank, not removed, so that every line keeps its number in the report.
            return [""] * (end + 1) + lines[end + 1 :]
    return lines


def _block(draft: Draft, unit: str, skill: str, block: Block, where: str) -> None:
    here = f"{where}:{block.line}"
    if block.kind == "C":
        _clozes(draft, unit, skill, "\n".join(block.parts["C"]), BRACKETS, here)
        return
    question, answer = (clean("\n".join(block.parts.get(k, []))) for k in ("Q", "A"))
    if not answer:
        draft.skip(here, "a question with no answer (A:) after it")
        return
    _card(draft, unit, skill, question, answer, here)


def _paragraph(
    draft: Draft, unit: str, skill: str, lines: list[tuple[int, str]], where: str
) -> None:
    """The Obsidian cards a paragraph holds, if any; plain prose is no card and is passed over."""
    if not lines:
        return
    texts = [text for _, text in lines]
    separators = [i for i, text in enumerate(texts) if text.strip() in ("?", "??")]
    if separators:
        at = separators[0]
        here = f"{where}:{lines[0][0]}"
        question, answer = clean("\n".join(texts[:at])), clean("\n".join(texts[at + 1 :]))
        _card(draft, unit, skill, question, answer, here)
        if texts[at].strip() == "??":
            _card(draft, unit, skill, answer, question, here, reverse=True)
        return
    for number, text in lines:
        here = f"{where}:{number}"
        if ":::" in text:
            question, _, answer = text.partition(":::")
            _card(draft, unit, skill, clean(question), clean(answer), here)
            _card(draft, unit, skill, clean(answer), clean(question), here, reverse=True)
        elif "::" in text:
            question, _, answer = text.partition("::")
            _card(draft, unit, skill, clean(question), clean(answer), here)
        elif HIGHLIGHT.search(text):
            _clozes(draft, unit, skill, text, HIGHLIGHT, here)


def _card(
    draft: Draft,
    unit: str,
    skill: str,
    question: str,
    answer: str,
    here: str,
    reverse: bool = False,
) -> None:
    if not question or not answer:
        draft.skip(here, "a card needs a question and an answer")
        return
    key = (slug(question, 40) or "card-" + digest(question)) + ("-back" if reverse else "")
    # A list is shown on one line, its items apart; one paragraph is its text as shown.
    entries = [plain_of_markdown(entry) for entry in _entries(answer)]
    typed = " / ".join(entries)
    draft.add(unit, skill, card(key, question, typed, answer, here, typable=len(entries) == 1))
    if not reverse:
        report_images(draft, here, "a Markdown file", question, answer)


def _entries(answer: str) -> list[str]:
    """An answer's entries, each on one line: its paragraphs and the items of its lists. Lines
    with no blank line or list mark between them are one paragraph wrapped, as Markdown reads
    them."""
    entries: list[list[str]] = []
    fresh = True
    for line in answer.splitlines():
        if not line.strip():
            fresh = True
            continue
        item = LIST_ITEM.match(line)
        if item or fresh:
            entries.append([])
            fresh = False
        entries[-1].append(line[item.end() :] if item else line)
    return [" ".join(" ".join(words).split()) for words in entries]


def _clozes(
    draft: Draft, unit: str, skill: str, text: str, pattern: re.Pattern[str], here: str
) -> None:
    """The cloze questions of `text`: one per deletion, or per card number the deletions carry
    (Obsidian's `==a==[^1]`), the other deletions shown as their text."""
    text = clean(text)
    if len(text) > MAX_FIELD:
        draft.skip(here, f"a cloze text longer than {MAX_FIELD} characters")
        return
    found = list(pattern.finditer(text))
    if len(found) > MAX_CARDS:
        draft.skip(here, f"more than {MAX_CARDS} deletions in one text")
        return
    if "{{" in text or "}}" in text:
        draft.skip(here, "the text holds '{{' or '}}', which read as blanks")
        return
    if not found:
        draft.skip(here, "a cloze with no deletion")
        return
    plain = pattern.sub(lambda m: m.group(1), text)
    key = slug(plain, 40) or "cloze-" + digest(plain)
    report_images(draft, here, "a Markdown file", text)
    cards: dict[str, list[int]] = {}
    for index, deletion in enumerate(found):
        numbered = deletion.group(3) if pattern.groups >= 3 else None
        cards.setdefault(numbered or f"at {index}", []).append(index)
    for number, chosen in enumerate(cards.values(), 1):
        answers = [found[index].group(1).strip() for index in chosen]
        if any("|" in answer for answer in answers):
            draft.skip(f"{here} deletion {number}", "an answer holding '|', which a blank cannot")
            continue
        fields: dict[str, object] = {"text": _with_blanks(text, found, set(chosen))}
        hints = [found[i].group(2) for i in chosen if pattern.groups >= 2 and found[i].group(2)]
        if hints:
            fields["hints"] = hints
        draft.add(unit, skill, DraftQuestion(f"{key}-c{number}", "cloze", fields, here))


def _with_blanks(text: str, found: list[re.Match[str]], chosen: set[int]) -> str:
    """`text` with the chosen deletions blanks and the others shown as their text."""
    out, at = [], 0
    for index, deletion in enumerate(found):
        answer = deletion.group(1)
        out += [
            text[at : deletion.start()],
            f"{{{{{answer.strip()}}}}}" if index in chosen else answer,
        ]
        at = deletion.end()
    return "".join([*out, text[at:]])
