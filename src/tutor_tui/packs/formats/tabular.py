"""CSV and TSV: Anki's and Quizlet's text exports, and spreadsheets of words.

A row is a card: its first column the front, its second the back. Anki's header lines say more,
and are followed: `#separator:` (a name such as `tab`, or the character), `#html:` (whether the
fields are HTML), `#columns:` (the columns' names), and the columns that hold a note's GUID, note
type, deck and tags (`#guid column:2`...). A cloze note's text becomes cloze questions, a reversed
note type's a card each way; a deck becomes a unit; with tags as skills, a note's first tag
becomes its skill. Columns that are none of these are reported, not read.

A spreadsheet's first row is taken as the columns' names when it names them (`front`, `back`,
`question`, `answer`, `term`, `definition`...).
"""

from __future__ import annotations

import csv
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from tutor_tui.packs.formats.cards import card
from tutor_tui.packs.formats.cloze import DELETION, cloze_questions
from tutor_tui.packs.formats.draft import MAX_SOURCE, Draft, FormatError, Options
from tutor_tui.packs.formats.text import (
    decode,
    digest,
    markdown_of,
    plain_of,
    shown,
    stable_key,
    text_key,
    title_of,
    unkept,
)

SEPARATORS = {
    "tab": "\t",
    "comma": ",",
    "semicolon": ";",
    "space": " ",
    "pipe": "|",
    "colon": ":",
}
_FRONT_NAMES = {"front", "question", "term", "prompt", "word", "text", "q"}
_BACK_NAMES = {"back", "answer", "definition", "meaning", "translation", "a", "extra"}
_META_NAMES = {"guid": "guid", "notetype": "notetype", "deck": "deck", "tags": "tags"}
# A field larger than this is refused by the csv module; a pack would refuse it anyway.
csv.field_size_limit(1_000_000)


@dataclass
class Header:
    """What a file's header lines said."""

    separator: str | None = None
    html: bool = False
    columns: dict[str, int] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)
    deck: str | None = None
    notetype: str | None = None
    lines: int = 0


def read_tabular(path: Path, data: bytes, options: Options) -> Draft:
    """A CSV or TSV file as a draft of flashcards."""
    where = str(path)
    text = decode(data, where)
    header = _header(text, where)
    body = text.split("\n", header.lines)[-1] if header.lines else text
    separator = header.separator or _guess_separator(path, body)
    rows = csv.reader(body.splitlines(keepends=True), delimiter=separator, strict=False)
    draft = Draft()
    fallback = title_of(path)
    first = True
    unused: set[int] = set()
    try:
        for row in rows:
            line = header.lines + rows.line_num
            if first and not header.columns and _names_columns(row, header):
                first = False
                continue
            first = False
            if not any(cell.strip() for cell in row):
                continue
            unused |= _row(draft, header, row, f"{where}:{line}", fallback, options.tags_as_skills)
    except csv.Error as error:
        raise FormatError(f"{where}:{header.lines + rows.line_num}: {error}") from None
    if unused:
        numbers = ", ".join(str(index + 1) for index in sorted(unused))
        said = f"columns {numbers} were" if len(unused) > 1 else f"column {numbers} was"
        draft.skip(where, f"{said} not used: a card has only a front and a back")
    return draft


def _header(text: str, where: str) -> Header:
    header = Header()
    for number, line in enumerate(text.split("\n"), 1):
        if not line.startswith("#") or ":" not in line:
            break
        name, _, value = line[1:].partition(":")
        name, value = name.strip().lower(), value.rstrip("\r")
        header.lines = number
        if name == "separator":
            header.separator = SEPARATORS.get(value.strip().lower(), value)
            if len(header.separator) != 1:
                raise FormatError(f"{where}:{number}: unknown separator '{shown(value)}'")
        elif name == "html":
            header.html = value.strip().lower() == "true"
        elif name == "columns":
            header.names = [cell.strip().lower() for cell in value.split(header.separator or "\t")]
        elif name.endswith(" column") and value.strip().isdigit():
            header.columns[_META_NAMES.get(name[:-7].strip(), name[:-7])] = int(value) - 1
        elif name in ("deck", "notetype"):
            setattr(header, name, value.strip())
    return header


def _guess_separator(path: Path, body: str) -> str:
    first = body.split("\n", 1)[0]
    if path.suffix.lower() == ".tsv" or "\t" in first:
        return "\t"
    if first.count(";") > first.count(","):
        return ";"
    return ","


def _names_columns(row: list[str], header: Header) -> bool:
    """Whether a spreadsheet's first row names its columns; if so, they are taken."""
    names = [cell.strip().lower() for cell in row]
    if not (set(names) & _FRONT_NAMES and set(names) & _BACK_NAMES):
        return False
    header.names = names
    return True


def _sides(header: Header, row: list[str]) -> tuple[int | None, int | None]:
    """The columns of a row's front and back: those named so, else its first two fields."""
    meta = set(header.columns.values())
    named = {name: i for i, name in enumerate(header.names) if i < len(row)}
    fields = [i for i in range(len(row)) if i not in meta]
    front = next((named[n] for n in named if n in _FRONT_NAMES), fields[0] if fields else None)
    back = next((named[n] for n in named if n in _BACK_NAMES), None)
    if back is None:
        back = next((i for i in fields if i != front), None)
    return front, back


def _row(
    draft: Draft, header: Header, row: list[str], where: str, fallback: str, tags: bool
) -> set[int]:
    """Add the row's card or cloze questions; the columns with text that were not used."""

    def column(name: str) -> str:
        index = header.columns.get(name)
        return row[index] if index is not None and index < len(row) else ""

    front_at, back_at = _sides(header, row)
    used = {*header.columns.values(), front_at, back_at}
    unused = {i for i, cell in enumerate(row) if i not in used and cell.strip()}
    front = row[front_at] if front_at is not None else ""
    back = row[back_at] if back_at is not None else ""
    if len(front) > MAX_SOURCE or len(back) > MAX_SOURCE:
        draft.skip(where, f"a field is longer than {MAX_SOURCE} characters")
        return unused
    # Quotes need no escape in HTML text; left as they are, most fronts need no parsing.
    as_html = front if header.html else html.escape(front, quote=False).replace("\n", "<br>")
    back_html = back if header.html else html.escape(back, quote=False).replace("\n", "<br>")
    deck = column("deck") or header.deck or fallback
    unit = " › ".join(part.strip() for part in deck.split("::") if part.strip()) or fallback
    skill = unit
    if tags and column("tags").split():
        skill = column("tags").split()[0].replace("::", " › ")
    guid = column("guid")
    notetype = column("notetype") or header.notetype or ""
    namer = unkept(draft, where, "a text file")
    # Without a note type (Anki's export leaves it out on request), deletions make a cloze.
    if "cloze" in notetype.lower() or (not notetype and DELETION.search(front)):
        key = stable_key(guid) if guid else "cloze-" + digest(front)
        for question in cloze_questions(draft, key, as_html, back_html, where, namer):
            draft.add(unit, skill, question)
        return unused
    # A row of Anki's "Cards in Plain Text": a cloze card's front, its deletion shown as `[...]`.
    card_cloze = _card_cloze(as_html, back_html)
    if card_cloze is not None:
        text, note = card_cloze
        key = "cloze-" + digest(note)
        for question in cloze_questions(draft, key, text, back_html, where, namer):
            draft.add(unit, skill, question)
        return unused
    prompt, answer = markdown_of(as_html, namer), plain_of(back_html)
    if not prompt or not answer:
        draft.skip(where, "a row needs a front and a back")
        return unused
    key = stable_key(guid) if guid else text_key(plain_of(as_html), "card", front)
    shown_back = markdown_of(back_html, namer)
    draft.add(unit, skill, card(key, prompt, answer, shown_back, where))
    if _reversed(notetype, row, header, unused):
        # Anki's second card, back to front; its id as an Anki package's second card has.
        back_key = f"{key}-1" if guid else f"{key}-back"
        made = card(back_key, shown_back, plain_of(as_html), prompt, where)
        draft.add(unit, skill, made)
    return unused


def _reversed(notetype: str, row: list[str], header: Header, unused: set[int]) -> bool:
    """Whether Anki makes a reverse card of the row: always, or when its third field says so."""
    kind = notetype.strip().lower()
    if kind.startswith("basic (and reversed"):
        return True
    if kind.startswith("basic (optional reversed"):
        fields = [i for i in range(len(row)) if i not in header.columns.values()]
        # The note's third field, "Add Reverse", is read here: it is used, not left out.
        if len(fields) < 3:
            return False
        unused.discard(fields[2])
        return bool(row[fields[2]].strip())
    return False


# A cloze card's deletion as Anki's card export writes it with HTML: the blank (its answer in
# `data-cloze`, its hint or `[...]` shown), and the card's other deletions, shown as text.
_CARD_BLANK = re.compile(
    r'<span class="?cloze"? data-cloze="([^"]*)" data-ordinal="?(\d+)"?>(.*?)</span>', re.DOTALL
)
_CARD_SHOWN = re.compile(r'<span class="?cloze-inactive"? data-ordinal="?(\d+)"?>(.*?)</span>')
# Without HTML, a blank is `[...]` or `[hint]`, and the back is the text with its answers.
_PLAIN_BLANK = re.compile(r"\[([^\[\]]*)\]")


def _card_cloze(front: str, back: str) -> tuple[str, str] | None:
    """A cloze card of Anki's card export as note text: its own deletions (`{{c1::...}}`) and, for
    an id, the note's text with every deletion; None for a row that is no cloze card."""
    if _CARD_BLANK.search(front):

        def blank(match: re.Match[str], hinted: bool = True) -> str:
            answer, number = html.unescape(match.group(1)), match.group(2)
            hint = match.group(3).strip()
            hint = "" if hint == "[...]" or not hinted else hint.removeprefix("[").removesuffix("]")
            return f"{{{{c{number}::{answer}" + (f"::{hint}" if hint else "") + "}}"

        own = _CARD_SHOWN.sub(lambda m: m.group(2), _CARD_BLANK.sub(blank, front))
        # The note's text, the same from each of its cards (a card shows only its own hints).
        whole = _CARD_SHOWN.sub(lambda m: f"{{{{c{m.group(1)}::{m.group(2)}}}}}", front)
        return own, _CARD_BLANK.sub(lambda m: blank(m, hinted=False), whole)
    blanks = list(_PLAIN_BLANK.finditer(front))
    # A blank that ends the front has no text after it to tell where its answer ends on the back.
    if not blanks or len(blanks) > 20 or blanks[-1].end() == len(front.rstrip()):
        return None
    # The back must be the front with each blank filled: then the fillings are the answers.
    pattern, at = [], 0
    for found in blanks:
        pattern += [re.escape(front[at : found.start()]), "(.+?)"]
        at = found.end()
    # RE2, whose time grows with the text only: lazy groups between literals could backtrack.
    import re2  # type: ignore[import-untyped]  # google-re2 ships no type hints

    filled = re2.match("".join(pattern) + re.escape(front[at:]), back)
    if filled is None:
        return None
    parts, at = [], 0
    for found, answer in zip(blanks, filled.groups(), strict=True):
        hint = found.group(1)
        parts += [front[at : found.start()], f"{{{{c1::{answer}"]
        parts.append(f"::{hint}}}}}" if hint and hint != "..." else "}}")
        at = found.end()
    text = "".join(parts) + front[at:]
    return text, text
