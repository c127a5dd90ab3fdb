"""Anki packages made in the test, as Anki and genanki write them: no deck comes from outside.

`genanki_deck` is an `.apkg` in the older layout (`collection.anki2`, note types as JSON), with
every standard note type, a subdeck, tags, an image and a review log. `modern_package` is the
newer layout: `collection.anki21b` compressed with zstd, note types in tables whose settings are
protocol-buffer messages, the media list a protocol-buffer message, each media file compressed.
"""

from __future__ import annotations

import io
import sqlite3
import tempfile
import zipfile
from pathlib import Path

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def genanki_deck(path: Path, reviews: list[tuple[int, int, int]] | None = None) -> Path:
    """An .apkg made by genanki; `reviews` are (card's note number, ease, day) rows of its log."""
    import genanki

    top = genanki.Deck(1_000_001, "Spanish")
    verbs = genanki.Deck(1_000_002, "Spanish::Verbs")
    top.add_note(genanki.Note(genanki.BASIC_MODEL, ["<b>perro</b>", "dog"], guid="g-basic"))
    top.add_note(
        genanki.Note(
            genanki.BASIC_AND_REVERSED_CARD_MODEL, ["gato", "cat"], guid="g-both", tags=["animals"]
        )
    )
    verbs.add_note(
        genanki.Note(genanki.BASIC_TYPE_IN_THE_ANSWER_MODEL, ["to eat", "comer"], guid="g-typed")
    )
    verbs.add_note(
        genanki.Note(
            genanki.CLOZE_MODEL,
            ['Yo {{c1::como}} y tú {{c2::comes::tú form}}. <img src="eat.png">', "Present tense."],
            guid="g-cloze",
        )
    )
    verbs.add_note(
        genanki.Note(
            genanki.BASIC_MODEL,
            [
                "Conjugate <i>hablar</i>",
                "hablo, hablas, habla, hablamos, habláis, hablan (regular)",
            ],
            guid="g-long",
        )
    )
    with tempfile.TemporaryDirectory() as folder:
        image = Path(folder) / "eat.png"
        image.write_bytes(PNG)
        package = genanki.Package([top, verbs], media_files=[str(image)])
        package.write_to_file(str(path))
    if reviews:
        _add_reviews(path, reviews)
    return path


def _add_reviews(path: Path, reviews: list[tuple[int, int, int]]) -> None:
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "c.db"
        database.write_bytes(members["collection.anki2"])
        with sqlite3.connect(database) as db:
            cards = [row[0] for row in db.execute("SELECT id FROM cards ORDER BY nid, ord")]
            for number, (card, ease, day) in enumerate(reviews):
                at = 1_700_000_000_000 + day * 86_400_000 + number
                db.execute(
                    "INSERT INTO revlog VALUES (?, ?, -1, ?, 1, 0, 2500, 8000, 1)",
                    (at, cards[card], ease),
                )
        db.close()
        members["collection.anki2"] = database.read_bytes()
    write_zip(path, members)


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    """A zip of these members, as Anki writes its packages."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def message(*fields: tuple[int, int | bytes | str]) -> bytes:
    """A protocol-buffer message of these (number, value) fields."""
    out = bytearray()
    for number, value in fields:
        if isinstance(value, int):
            out += _varint(number << 3) + _varint(value)
        else:
            data = value.encode() if isinstance(value, str) else value
            out += _varint(number << 3 | 2) + _varint(len(data)) + data
    return bytes(out)


def modern_collection() -> bytes:
    """A collection in the newer layout: note types, fields, templates and decks in tables."""
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "c.db"
        with sqlite3.connect(database) as db:
            # As Anki's own tables: names in its `unicase` collation, with an index over them.
            db.create_collation(
                "unicase", lambda a, b: (a.lower() > b.lower()) - (a.lower() < b.lower())
            )
            db.executescript(
                """
                CREATE TABLE col (id integer primary key, ver int);
                INSERT INTO col VALUES (1, 18);
                CREATE TABLE notetypes (id integer primary key, name text COLLATE unicase,
                    mtime_secs int, usn int, config blob);
                CREATE INDEX idx_notetypes_name ON notetypes (name);
                CREATE TABLE fields (ntid int, ord int, name text, config blob);
                CREATE TABLE templates (ntid int, ord int, name text, mtime_secs int, usn int,
                    config blob);
                CREATE TABLE decks (id integer primary key, name text COLLATE unicase,
                    mtime_secs int, usn int, common blob, kind blob);
                CREATE UNIQUE INDEX idx_decks_name ON decks (name);
                CREATE TABLE notes (id integer primary key, guid text, mid int, mod int, usn int,
                    tags text, flds text, sfld text, csum int, flags int, data text);
                CREATE TABLE cards (id integer primary key, nid int, did int, ord int, odid int);
                CREATE TABLE revlog (id integer primary key, cid int, usn int, ease int, ivl int,
                    lastIvl int, factor int, time int, type int);
                """
            )
            front = message((1, "{{Kanji}}"), (2, "{{FrontSide}}<hr>{{Meaning}}"))
            cloze = message((1, "{{cloze:Text}}"), (2, "{{cloze:Text}}<br>{{Notes}}"))
            db.executemany(
                "INSERT INTO notetypes VALUES (?, ?, 0, 0, ?)",
                [(10, "Kanji", message((1, 0))), (11, "Cloze+", message((1, 1)))],
            )
            db.executemany(
                "INSERT INTO fields VALUES (?, ?, ?, x'')",
                [(10, 0, "Kanji"), (10, 1, "Meaning"), (11, 0, "Text"), (11, 1, "Notes")],
            )
            db.executemany(
                "INSERT INTO templates VALUES (?, 0, 'Card 1', 0, 0, ?)",
                [(10, front), (11, cloze)],
            )
            db.execute("INSERT INTO decks VALUES (5, 'Japanese\x1fN5', 0, 0, x'', x'')")
            db.executemany(
                "INSERT INTO notes VALUES (?, ?, ?, 0, 0, ?, ?, '', 0, 0, '')",
                [
                    (1, "m-water", 10, " n5 ", '水\x1fwater <img src="mizu.png">'),
                    (2, "m-cloze", 11, "", "{{c1::水}} is water\x1f"),
                ],
            )
            # The second card waits in a filtered deck: it is still of deck 5.
            db.execute("INSERT INTO decks VALUES (6, 'Filtered', 0, 0, x'', x'')")
            db.executemany(
                "INSERT INTO cards VALUES (?, ?, ?, 0, ?)", [(100, 1, 5, 0), (200, 2, 6, 5)]
            )
        db.close()
        return database.read_bytes()


def modern_package(path: Path, collection: str = "collection.anki21b") -> Path:
    """An .apkg or .colpkg in the newer layout, everything compressed with zstd."""
    import zstandard

    packer = zstandard.ZstdCompressor()
    media = message((1, message((1, "mizu.png"), (2, len(PNG)))))
    members = {
        collection: packer.compress(modern_collection()),
        "collection.anki2": b"an old collection saying: please update Anki",
        "media": packer.compress(media),
        "0": packer.compress(PNG),
    }
    if collection != "collection.anki21b":
        members[collection] = modern_collection()
    return write_zip(path, members)


def zipped(data: bytes) -> bytes:
    """`data` as the only member of a zip, named as Anki's oldest collection."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("collection.anki2", data)
    return buffer.getvalue()
