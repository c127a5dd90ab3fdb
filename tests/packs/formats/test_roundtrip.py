"""Round trips: a pack imported, exported, and imported again gives the same questions."""

from __future__ import annotations

from pathlib import Path

import pytest
from testkit.anki import genanki_deck
from testkit.imports import GOLDEN, imported, questions

from tutor_tui.packs.formats.exporting import export_pack

# Among them every kind of question, and an Anki GUID with capitals and a cloze.
SOURCES = ["moodle-export.gift", "moodle-bank.xml", "anki-notes.txt"]


@pytest.mark.parametrize(("kind", "suffix"), [("gift", ".gift"), ("moodle-xml", ".xml")])
@pytest.mark.parametrize("source", SOURCES)
def test_gift_and_moodle_keep_every_question_they_can_hold(
    tmp_path: Path, source: str, kind: str, suffix: str
) -> None:
    first, _ = imported([GOLDEN / source], tmp_path / "first")
    report = export_pack(first, kind, tmp_path / f"out{suffix}")
    again, _ = imported([report.output], tmp_path / "again")
    told = {line.split(":")[0] for line in report.left_out}
    kept = {k: v for k, v in questions(again).items() if k not in told}
    assert kept == {k: v for k, v in questions(first).items() if k not in told}
    assert report.questions == len(questions(again))


def test_an_anki_deck_keeps_its_typed_and_cloze_questions(tmp_path: Path) -> None:
    deck = genanki_deck(tmp_path / "spanish.apkg")
    first, _ = imported([deck], tmp_path / "first")
    report = export_pack(first, "apkg", tmp_path / "out.apkg")
    again, _ = imported([report.output], tmp_path / "again")
    told = {line.split(":")[0] for line in report.left_out}
    # A cloze comes back as its note's first deletion, so its id gains '-c1'.
    came_back = {k.removesuffix("-c1"): v for k, v in questions(again).items()}
    kept = {k: v for k, v in questions(first).items() if k not in told}
    assert kept == {k: v for k, v in came_back.items() if k in kept} and len(kept) == 6
    assert (tmp_path / "again" / "media" / "eat.png").exists()


def test_a_gift_gap_that_ends_its_text_stays_a_gap(tmp_path: Path) -> None:
    # GIFT reads answers at the end of a question as a short answer's, not as a missing word.
    cards = tmp_path / "cards.md"
    cards.write_text("C: The capital of France is [Paris]\n\nC: [Berlin] is in Germany.\n")
    first, _ = imported([cards], tmp_path / "first")
    report = export_pack(first, "gift", tmp_path / "out.gift")
    again, _ = imported([report.output], tmp_path / "again")
    assert [(q["type"], q["text"]) for q in questions(again).values()] == [
        ("cloze", "The capital of France is {{Paris}}"),
        ("cloze", "{{Berlin}} is in Germany."),
    ]
    assert questions(again) == questions(first) and not report.left_out


@pytest.mark.parametrize(("kind", "suffix"), [("gift", ".gift"), ("moodle-xml", ".xml")])
def test_a_slash_in_a_category_name_stays_in_the_name(
    tmp_path: Path, kind: str, suffix: str
) -> None:
    # Moodle writes a '/' inside a category's name as '//'.
    sheet = tmp_path / "io.txt"
    sheet.write_text("#separator:tab\n#deck:Input/Output\nread\tlire\n", encoding="utf-8")
    first, _ = imported([sheet], tmp_path / "first")
    report = export_pack(first, kind, tmp_path / f"out{suffix}")
    assert "top/Input//Output/Input//Output" in report.output.read_text(encoding="utf-8")
    again, _ = imported([report.output], tmp_path / "again")
    assert [unit.title for unit in again.units] == ["Input/Output"]
    assert [skill.title for skill in again.skills] == ["Input/Output"]


def test_moodle_xml_carries_the_pictures_a_pack_keeps(tmp_path: Path) -> None:
    first, _ = imported([GOLDEN / "moodle-bank.xml"], tmp_path / "first")
    report = export_pack(first, "moodle-xml", tmp_path / "out.xml")
    written = report.output.read_text(encoding="utf-8")
    assert '&lt;img src="@@PLUGINFILE@@/apple-falls-182492a2.png"' in written
    assert '<file name="apple-falls-182492a2.png" path="/" encoding="base64">' in written
    again, _ = imported([report.output], tmp_path / "again")
    picture = "media/apple-falls-182492a2.png"
    kept = (tmp_path / "again" / picture).read_bytes()
    assert kept == (tmp_path / "first" / picture).read_bytes()
    told = {line.split(":")[0] for line in report.left_out}
    assert questions(again) == {k: v for k, v in questions(first).items() if k not in told}
