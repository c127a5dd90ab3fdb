"""Anki packages, older and newer, as packs: note types, media, ids from GUIDs, hostile files."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest
from testkit.anki import genanki_deck, modern_package, write_zip, zipped
from testkit.imports import imported, matches_golden, questions

from tutor_tui.core.errors import TutorError
from tutor_tui.packs.formats import anki


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A deck genanki wrote, with a review log."""
    folder = tmp_path_factory.mktemp("anki")
    return genanki_deck(folder / "spanish.apkg", reviews=[(0, 3, 0), (0, 1, 2), (5, 4, 1)])


def test_every_standard_note_type_of_a_genanki_deck(deck: Path, tmp_path: Path) -> None:
    pack, report = imported([deck], tmp_path / "pack")
    matches_golden(pack, "genanki.expected.json")
    assert (pack.id, pack.title) == ("spanish", "Spanish")
    assert [unit.title for unit in pack.units] == ["Spanish", "Spanish › Verbs"]
    assert (tmp_path / "pack" / "media" / "eat.png").read_bytes().startswith(b"\x89PNG")
    assert report.skipped == []


def test_the_review_log_is_read_for_the_cards_it_names(deck: Path) -> None:
    draft = anki.read_anki(deck, b"", anki.Options())
    assert [(r.question_key, r.rating) for r in draft.history] == [
        ("g-basic", 3),
        ("g-cloze-c2", 4),
        ("g-basic", 1),
    ]


@pytest.mark.parametrize("name", ["deck.apkg", "all.colpkg"])
def test_the_newer_layout_with_note_types_in_tables(tmp_path: Path, name: str) -> None:
    package = modern_package(tmp_path / name)
    pack, report = imported([package], tmp_path / "pack")
    assert questions(pack) == {
        "m-water": {
            "skill": "Japanese › N5",
            "type": "short",
            "prompt": "水",
            "answers": ["water"],
            "match": "normal",
            "explanation": "water (image: media/mizu.png)",
        },
        "m-cloze-c1": {
            "skill": "Japanese › N5",
            "type": "cloze",
            "text": "{{水}} is water",
            "match": "normal",
        },
    }
    assert (tmp_path / "pack" / "media" / "mizu.png").exists()
    assert report.notes == ["Note type 'Kanji' was read by its templates, Kanji → Meaning."]


def test_the_uncompressed_newer_collection_is_read(tmp_path: Path) -> None:
    package = modern_package(tmp_path / "deck.apkg", collection="collection.anki21")
    pack, _ = imported([package], tmp_path / "pack")
    assert set(questions(pack)) == {"m-water", "m-cloze-c1"}


def test_a_deck_imported_again_keeps_its_ids(deck: Path, tmp_path: Path) -> None:
    first, _ = imported([deck], tmp_path / "pack")
    again, _ = imported([deck], tmp_path / "pack")
    assert set(questions(first)) == set(questions(again)) and again.version == "1.0.1"


def _truncated(deck: Path, tmp_path: Path) -> Path:
    with zipfile.ZipFile(deck) as archive:
        data = archive.read("collection.anki2")
    return write_zip(tmp_path / "cut.apkg", {"collection.anki2": data[: len(data) // 2]})


def _not_sqlite(deck: Path, tmp_path: Path) -> Path:
    return write_zip(tmp_path / "text.apkg", {"collection.anki2": b"not a database at all" * 50})


def _no_collection(deck: Path, tmp_path: Path) -> Path:
    return write_zip(tmp_path / "empty.apkg", {"media": b"{}"})


def _not_a_zip(deck: Path, tmp_path: Path) -> Path:
    path = tmp_path / "plain.apkg"
    path.write_bytes(b"PK\x03\x04 but not really")
    return path


def _climbing(deck: Path, tmp_path: Path) -> Path:
    return write_zip(tmp_path / "climb.apkg", {"../collection.anki2": b"x"})


def _wrong_tables(deck: Path, tmp_path: Path) -> Path:
    database = tmp_path / "other.db"
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE notes (id int)")
    db.close()
    return write_zip(tmp_path / "other.apkg", {"collection.anki2": database.read_bytes()})


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (_truncated, "the collection"),
        (_not_sqlite, "the collection"),
        (_no_collection, "no Anki collection inside"),
        (_not_a_zip, "not a readable Anki package"),
        (_climbing, "climbs out of its folder"),
        (_wrong_tables, r"not an Anki collection \(no table cards\)"),
    ],
)
def test_a_damaged_package_is_refused_in_one_line(
    deck: Path, tmp_path: Path, make: object, said: str
) -> None:
    path = make(deck, tmp_path)  # type: ignore[operator]
    with pytest.raises(TutorError, match=said) as refused:
        imported([path], tmp_path / "pack")
    assert "\n" not in str(refused.value) and str(path) in str(refused.value)
    assert not (tmp_path / "pack").exists()


def test_bombs_stop_at_their_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zstandard

    monkeypatch.setattr(anki, "MAX_COLLECTION", 1 << 20)
    zeros = b"\0" * (2 << 20)
    bomb = tmp_path / "bomb.apkg"
    bomb.write_bytes(zipped(zeros))
    with pytest.raises(TutorError, match="larger than 1 MiB"):
        imported([bomb], tmp_path / "pack")
    zstd = write_zip(
        tmp_path / "zstd.apkg", {"collection.anki21b": zstandard.ZstdCompressor().compress(zeros)}
    )
    with pytest.raises(TutorError, match="unpacks to more than 1 MiB"):
        imported([zstd], tmp_path / "pack")


def test_a_custom_note_type_is_rendered_from_its_own_templates(tmp_path: Path) -> None:
    import genanki

    front = "{{Word}} ({{Gender}}){{#Example}}<br><i>{{text:Example}}</i>{{/Example}}"
    model = genanki.Model(
        1_234_567,
        "Vocab",
        fields=[{"name": "Word"}, {"name": "Gender"}, {"name": "Meaning"}, {"name": "Example"}],
        templates=[
            {"name": "Card 1", "qfmt": front, "afmt": "{{FrontSide}}<hr>{{Meaning}}"},
            {"name": "Card 2", "qfmt": "{{Meaning}} {{Unknown}}", "afmt": "{{Word}}"},
        ],
    )
    deck = genanki.Deck(1_000_003, "Words")
    deck.add_note(genanki.Note(model, ["Haus", "n", "house", ""], guid="g-haus"))
    deck.add_note(genanki.Note(model, ["Tür", "f", "door", "Die <b>Tür</b> zu"], guid="g-tur"))
    path = tmp_path / "words.apkg"
    genanki.Package(deck).write_to_file(str(path))
    pack, report = imported([path], tmp_path / "pack")
    found = {q.id: q.prompt for q in pack.questions()}
    assert found["g-haus"] == "Haus (n)"
    assert found["g-tur"] == "Tür (f)  \n*Die Tür zu*"
    # A template Anki could not render either is said so, and its card read by its fields.
    assert found["g-haus-1"] == "house"
    assert [str(skipped) for skipped in report.skipped] == [
        "words.apkg note type 'Vocab' card 'Card 2': the card template cannot be rendered"
        " (it names a field 'Unknown' the note type has not); read by its fields"
    ]


def test_a_picture_a_note_names_but_the_package_lacks_is_reported(tmp_path: Path) -> None:
    import genanki

    deck = genanki.Deck(1_000_004, "Pics")
    deck.add_note(genanki.Note(genanki.BASIC_MODEL, ['Cat <img src="cat.png">', "gato"], guid="g1"))
    path = tmp_path / "pics.apkg"
    genanki.Package(deck).write_to_file(str(path))
    _, report = imported([path], tmp_path / "pack")
    assert [s.why for s in report.skipped] == ["named by a note, not in the package"]


def test_a_field_the_front_shows_as_a_hint_is_a_hint_not_part_of_the_prompt(
    tmp_path: Path,
) -> None:
    import genanki

    typed = "{{Question}}{{#Hint}}<br>{{hint:Hint}}{{/Hint}}<br>{{type:Answer}}"
    picked = "{{hint:Hint}}<br>{{Question}}"
    fields = [{"name": "Question"}, {"name": "Answer"}, {"name": "Hint"}]
    deck = genanki.Deck(1_000_005, "Planets")
    for number, front in enumerate((typed, picked)):
        model = genanki.Model(
            1_234_570 + number,
            f"Hinted {number}",
            fields=fields,
            templates=[{"name": "Card 1", "qfmt": front, "afmt": "{{FrontSide}}<hr>{{Answer}}"}],
        )
        note = genanki.Note(model, ["Largest planet?", "Jupiter", "A gas giant"], guid=f"g{number}")
        deck.add_note(note)
    path = tmp_path / "planets.apkg"
    genanki.Package(deck).write_to_file(str(path))
    pack, _ = imported([path], tmp_path / "pack")
    typed_question, picked_question = pack.questions()
    assert typed_question.prompt == picked_question.prompt == "Largest planet?"
    assert typed_question.hints == ("A gas giant",)
    assert "A gas giant" in (picked_question.explanation or "")
