"""An Anki collection's SQLite file, read only: its note types, decks, notes, cards and reviews.

Anki has kept note types in two ways: as JSON in the `col` table's `models` and `decks` columns
(`collection.anki2`, `collection.anki21`), and, since 2.1.28, in tables of their own (`notetypes`,
`fields`, `templates`, `decks`) whose settings are protocol-buffer messages. Both are read into
the same values. The file is opened read-only, checked whole first, and every query runs under a
budget of steps, so that a damaged or crafted file ends in one clear line rather than a hang.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor_tui.packs.formats.draft import FormatError

# SQLite's virtual-machine steps a whole read may take (checked every 10,000): far more than a
# large deck needs, far less than a query crafted to run for ever.
STEP_BUDGET = 2_000_000_000
_CHECK_EVERY = 10_000


@dataclass
class Template:
    """One card template: its number and its question and answer sides."""

    ord: int
    name: str
    front: str
    back: str


@dataclass
class NoteType:
    """A note type: its name, whether it is a cloze type, its fields and templates."""

    id: int
    name: str
    cloze: bool
    fields: list[str] = field(default_factory=list)
    templates: dict[int, Template] = field(default_factory=dict)


@dataclass(frozen=True)
class Note:
    """A note: its GUID, type, fields and tags."""

    id: int
    guid: str
    type_id: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Card:
    """A card of a note: which template (or cloze number) and which deck."""

    id: int
    note_id: int
    deck_id: int
    ord: int


@dataclass(frozen=True)
class Revlog:
    """One review of a card."""

    at_ms: int
    card_id: int
    ease: int
    took_ms: int
    kind: int


class Collection:
    """An Anki collection file opened read-only."""

    def __init__(self, path: Path, where: str) -> None:
        self.where = where
        try:
            self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        except sqlite3.Error as error:
            raise FormatError(f"{where}: the collection cannot be opened ({error})") from None
        steps = [0]

        def budget() -> int:
            steps[0] += _CHECK_EVERY
            return 1 if steps[0] > STEP_BUDGET else 0

        self.db.set_progress_handler(budget, _CHECK_EVERY)
        # Anki's newer tables order names by a collation of its own; without it, SQLite can
        # neither check their indexes nor read them.
        self.db.create_collation("unicase", _unicase)
        found = self._query("PRAGMA quick_check")
        if [tuple(row) for row in found] != [("ok",)]:
            raise FormatError(f"{where}: the collection is damaged ({found[0][0]})")
        tables = {
            row[0] for row in self._query("SELECT name FROM sqlite_master WHERE type='table'")
        }
        missing = {"notes", "cards", "col"} - tables
        if missing:
            raise FormatError(f"{where}: not an Anki collection (no table {sorted(missing)[0]})")
        self.new_schema = {"notetypes", "fields", "templates", "decks"} <= tables

    def close(self) -> None:
        """Close the file."""
        self.db.close()

    def _query(self, sql: str, *args: Any) -> list[Any]:
        try:
            return self.db.execute(sql, args).fetchall()
        except sqlite3.Error as error:
            raise FormatError(f"{self.where}: the collection cannot be read ({error})") from None

    def note_types(self) -> dict[int, NoteType]:
        """Every note type by id."""
        if self.new_schema:
            return self._note_types_in_tables()
        row = self._query("SELECT models FROM col")
        models = _json(row[0][0] if row else "{}", self.where)
        found: dict[int, NoteType] = {}
        for model in models.values() if isinstance(models, dict) else []:
            kind = NoteType(int(model["id"]), str(model["name"]), model.get("type") == 1)
            kind.fields = [str(f["name"]) for f in sorted(model["flds"], key=lambda f: f["ord"])]
            for template in model["tmpls"]:
                order = int(template["ord"])
                kind.templates[order] = Template(
                    order, str(template["name"]), str(template["qfmt"]), str(template["afmt"])
                )
            found[kind.id] = kind
        return found

    def _note_types_in_tables(self) -> dict[int, NoteType]:
        found: dict[int, NoteType] = {}
        for ident, name, config in self._query("SELECT id, name, config FROM notetypes"):
            kind = _first(config, 1, 0)
            found[ident] = NoteType(int(ident), str(name), kind == 1)
        for ident, _order, name in self._query("SELECT ntid, ord, name FROM fields ORDER BY ord"):
            if ident in found:
                found[ident].fields.append(str(name))
        rows = self._query("SELECT ntid, ord, name, config FROM templates ORDER BY ord")
        for ident, order, name, config in rows:
            if ident in found:
                front, back = _text(config, 1), _text(config, 2)
                found[ident].templates[int(order)] = Template(int(order), str(name), front, back)
        return found

    def decks(self) -> dict[int, str]:
        """Every deck's name by id, its levels joined by '::'."""
        if self.new_schema:
            rows = self._query("SELECT id, name FROM decks")
            return {int(ident): str(name).replace("\x1f", "::") for ident, name in rows}
        row = self._query("SELECT decks FROM col")
        decks = _json(row[0][0] if row else "{}", self.where)
        return {int(d["id"]): str(d["name"]) for d in decks.values()} if decks else {}

    def notes(self) -> dict[int, Note]:
        """Every note by id."""
        rows = self._query("SELECT id, guid, mid, flds, tags FROM notes ORDER BY id")
        return {
            int(ident): Note(
                int(ident),
                str(guid),
                int(mid),
                tuple(str(fields).split("\x1f")),
                tuple(str(tags).split()),
            )
            for ident, guid, mid, fields, tags in rows
        }

    def cards(self) -> Iterator[Card]:
        """Every card, in the order of its note and template."""
        for ident, note, deck, order in self._query(
            # A card in a filtered deck belongs to the deck it came from (`odid`).
            "SELECT id, nid, CASE WHEN odid THEN odid ELSE did END, ord FROM cards"
            " ORDER BY nid, ord"
        ):
            yield Card(int(ident), int(note), int(deck), int(order))

    def reviews(self) -> list[Revlog]:
        """Every review in the collection's log, oldest first."""
        rows = self._query("SELECT id, cid, ease, time, type FROM revlog ORDER BY id")
        return [Revlog(int(a), int(b), int(c), int(d), int(e)) for a, b, c, d, e in rows]


def _unicase(one: str, other: str) -> int:
    """Anki's `unicase` collation: names compared without regard to case."""
    first, second = one.casefold(), other.casefold()
    return (first > second) - (first < second)


def _json(text: Any, where: str) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        raise FormatError(f"{where}: the collection's settings are not readable JSON") from None


def protobuf_fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """The fields of a protocol-buffer message, as (number, value); ValueError when damaged."""
    at = 0

    def varint() -> int:
        nonlocal at
        value, shift = 0, 0
        while True:
            if at >= len(data) or shift > 63:
                raise ValueError("a number runs past the end of the message")
            byte = data[at]
            at += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return value

    while at < len(data):
        key = varint()
        number, wire = key >> 3, key & 7
        if wire == 0:
            yield number, varint()
        elif wire == 2:
            size = varint()
            if at + size > len(data):
                raise ValueError("a field runs past the end of the message")
            yield number, data[at : at + size]
            at += size
        elif wire in (1, 5):
            width = 8 if wire == 1 else 4
            yield number, int.from_bytes(data[at : at + width], "little")
            at += width
        else:
            raise ValueError(f"an unknown kind of field ({wire})")


def _first(data: Any, number: int, default: Any) -> Any:
    try:
        for found, value in protobuf_fields(bytes(data or b"")):
            if found == number:
                return value
    except ValueError:
        return default
    return default


def _text(data: Any, number: int) -> str:
    value = _first(data, number, b"")
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else ""
