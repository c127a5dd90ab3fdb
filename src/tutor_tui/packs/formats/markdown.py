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
| a picture (`![alt](file)`, `![[file]]`) in the file's folder | kept, and named in the text |

A card's text is Markdown already, and is kept as written; a typed answer is its text as shown,
without the Markdown marks. An Obsidian card ends at a blank line; a hashcards card runs on over
blank lines to the next card, a `---` break or a heading. Front matter and the review state
Obsidian writes after a card (`<!--SR:...-->`) are passed over.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from urllib.parse import unquote

from tutor_tui.packs.formats.cards import card
from tutor_tui.packs.formats.cloze import MAX_CARDS
from tutor_tui.packs.formats.draft import MAX_FIELD, Draft, DraftQuestion, Options
from tutor_tui.packs.formats.text import (
    IMAGE,
    MEDIA_REFERENCE,
    clean,
    decode,
    media_name,
    plain_of_markdown,
    shown,
    text_key,
    title_of,
)

HEADING = re.compile(r"#{1,6}\s+(.+?)\s*#*\s*$")
MARKER = re.compile(r"([QAC]):\s?(.*)$")
# A hashcards deletion `[text]`, not a Markdown link `[text](url)` nor an image.
BRACKETS = re.compile(r"(?<![!\\])\[([^\[\]\n]+)\](?!\()")
# An Obsidian deletion: `==text==`, with an optional hint `^[hint]` and card number `[^1]`.
HIGHLIGHT = re.compile(r"==([^=\n]+)==(?:\^\[([^\]\n]*)\])?(?:\[\^(\d+)\])?")
# The review state Obsidian's spaced-repetition plugin writes after a card it has scheduled.
# Obsidian's links inside its vault: `[[Note#Part|label]]`, and `[words](app://obsidian.md/...)`.
WIKI_LINK = re.compile(r"(?<!!)\[\[([^\[\]|\n]+)(?:\|([^\[\]\n]+))?\]\]")
APP_LINK = re.compile(r"\[([^\[\]\n]+)\]\(<?app://obsidian\.md/[^)\s]*\)")
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
    draft = Draft()
    pictures = Pictures(path.parent, draft)
    lines = _without_front_matter(decode(data, where).split("\n"))
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
            _paragraph(draft, pictures, unit, skill, paragraph, where)
            paragraph = []
        # A hashcards card runs on over blank lines, up to the next card, a break or a heading.
        if block is not None and (heading or (marker and marker.group(1) != "A") or ended):
            _block(draft, pictures, unit, skill, block, where)
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


def _block(
    draft: Draft, pictures: Pictures, unit: str, skill: str, block: Block, where: str
) -> None:
    here = f"{where}:{block.line}"
    if block.kind == "C":
        _clozes(draft, pictures, unit, skill, "\n".join(block.parts["C"]), BRACKETS, here)
        return
    question, answer = (clean("\n".join(block.parts.get(k, []))) for k in ("Q", "A"))
    if not answer:
        draft.skip(here, "a question with no answer (A:) after it")
        return
    _card(draft, pictures, unit, skill, question, answer, here)


def _paragraph(
    draft: Draft,
    pictures: Pictures,
    unit: str,
    skill: str,
    lines: list[tuple[int, str]],
    where: str,
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
        _card(draft, pictures, unit, skill, question, answer, here)
        if texts[at].strip() == "??":
            _card(draft, pictures, unit, skill, answer, question, here, reverse=True)
        return
    for number, text in lines:
        here = f"{where}:{number}"
        if ":::" in text:
            question, _, answer = text.partition(":::")
            _card(draft, pictures, unit, skill, clean(question), clean(answer), here)
            _card(draft, pictures, unit, skill, clean(answer), clean(question), here, reverse=True)
        elif "::" in text:
            question, _, answer = text.partition("::")
            _card(draft, pictures, unit, skill, clean(question), clean(answer), here)
        elif HIGHLIGHT.search(text):
            _clozes(draft, pictures, unit, skill, text, HIGHLIGHT, here)


def _card(
    draft: Draft,
    pictures: Pictures,
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
    key = text_key(question, "card") + ("-back" if reverse else "")
    # The pictures are named once their card's id is made of the text as written, as it was
    # before pictures were kept: a file imported again keeps its ids.
    question, answer = (
        _unlinked(pictures.named(text, here, told=not reverse)) for text in (question, answer)
    )
    # A list is shown on one line, its items apart; one paragraph is its text as shown.
    entries = [plain_of_markdown(entry) for entry in _entries(answer)]
    # A picture is shown, not typed: an answer that is only one is picked, if it can be.
    words = [" ".join(MEDIA_REFERENCE.sub("", entry).split()) for entry in entries]
    typable = len(entries) == 1 and all(words)
    typed = " / ".join(filter(None, words) if typable else entries)
    draft.add(unit, skill, card(key, question, typed, answer, here, typable=typable))


def _unlinked(text: str) -> str:
    """Obsidian's links as Obsidian shows them: `[[target|label]]` as its label, `[[target]]` as
    its target; a link into the vault app (`app://obsidian.md/...`) as its words, which a pack
    cannot follow."""
    text = WIKI_LINK.sub(lambda found: (found.group(2) or found.group(1)).strip(), text)
    return APP_LINK.sub(r"\1", text)


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
    draft: Draft,
    pictures: Pictures,
    unit: str,
    skill: str,
    text: str,
    pattern: re.Pattern[str],
    here: str,
) -> None:
    """The cloze questions of `text`: one per deletion, or per card number the deletions carry
    (Obsidian's `==a==[^1]`), the other deletions shown as their text."""
    written = clean(text)
    text = _unlinked(pictures.named(written, here))
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
    # The id is made of the text as written, pictures and all, as before pictures were kept.
    plain = pattern.sub(lambda m: m.group(1), written)
    key = text_key(plain, "cloze")
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


# A picture kept in the pack may be as large as the loader takes a media file; all of them, as
# large as an Anki deck's may be.
MAX_PICTURE = 2 * 2**20
MAX_PICTURES = 48 * 2**20


class Pictures:
    """The pictures a Markdown file shows (`![alt](file)`, Obsidian's `![[file]]`): each found in
    the file's folder is kept in the pack and named in the text, `(image: media/cat.png)`, as an
    Anki deck's are; one outside that folder (`../`, an absolute path, a link), on the web, or
    missing is not read, stays as written, and is reported."""

    def __init__(self, folder: Path, draft: Draft) -> None:
        self.folder = folder
        self.draft = draft
        self.size = 0
        # Each picture met, by its name as written: its name under `media/`, or why it is not.
        self.kept: dict[str, tuple[str | None, str]] = {}

    def named(self, text: str, where: str, told: bool = True) -> str:
        """`text` with each picture kept named as kept; the others reported with `where` (unless
        not `told`: a card's reverse is the same text again)."""
        if "!" not in text and "<" not in text:
            return text
        return IMAGE.sub(lambda found: self._one(found, where, told), text)

    def _one(self, found: re.Match[str], where: str, told: bool) -> str:
        written = found.group(0)
        reference = next(group for group in found.groups() if group is not None)
        if written.startswith("<"):
            name, why = None, "is HTML, which a Markdown card does not carry"
        else:
            if reference not in self.kept:
                self.kept[reference] = self._keep(reference)
            name, why = self.kept[reference]
        if why and told:
            self.draft.skip(where, f"the picture '{shown(reference, 40)}' {why}, not kept")
        return f"(image: media/{name})" if name else written

    def _keep(self, reference: str) -> tuple[str | None, str]:
        """The name the picture `reference` has under `media/`, or why it is not kept."""
        if re.match(r"[A-Za-z][A-Za-z0-9+.-]+:", reference) and not re.match(
            r"[A-Za-z]:", reference
        ):
            return None, "is on the web or elsewhere (an address)"
        for written in dict.fromkeys((reference, unquote(reference))):
            # hashcards writes `@/` for its deck's root folder: the file's, when a deck is imported.
            relative = PurePosixPath(written.removeprefix("@/").replace("\\", "/"))
            if relative.is_absolute() or PureWindowsPath(written).anchor or ".." in relative.parts:
                return None, "is outside the file's folder"
            if not relative.parts:
                return None, "is not a file"
            path = self.folder.joinpath(*relative.parts)
            try:
                modes = [
                    os.lstat(self.folder.joinpath(*relative.parts[:n])).st_mode
                    for n in range(1, len(relative.parts) + 1)
                ]
            except (OSError, ValueError):
                # Not there (or not a name this system has): the name as written may be.
                continue
            if any(stat.S_ISLNK(mode) for mode in modes):
                return None, "is a link, which is not followed"
            if not stat.S_ISREG(modes[-1]):
                return None, "is not a file"
            # Named by its path in the folder: `./a.png` and `a.png` are one file, kept once.
            return self._read(path, "/".join(relative.parts))
        return None, "is not in the file's folder"

    def _read(self, path: Path, inside: str) -> tuple[str | None, str]:
        try:
            size = path.stat().st_size
            if size > MAX_PICTURE or self.size + size > MAX_PICTURES:
                return None, "is too large to keep in a pack"
            data = path.read_bytes()[: MAX_PICTURE + 1]
        except OSError as error:
            return None, f"cannot be read ({error.strerror or error})"
        name = media_name(inside)
        if name in self.draft.media:
            return name, ""
        self.size += len(data)
        self.draft.media[name] = data
        return name, ""
