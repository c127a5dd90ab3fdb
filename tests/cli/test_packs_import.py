"""`tutor packs import`: material becomes a pack folder, re-imported in place, or nothing at all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from testkit.commands import Command
from testkit.imports import GOLDEN

# Importing a file and exporting a pack open no database: on a server such a test would repeat its
# SQLite run, after making and dropping a schema it never uses.
NO_DATABASE = pytest.mark.sqlite_only


@NO_DATABASE
def test_import_prints_what_it_made_and_what_it_could_not(
    tutor_command: Command, tmp_path: Path
) -> None:
    sheet = tmp_path / "capitals.csv"
    sheet.write_text("France,Paris\nSpain,Madrid\nnothing here,\n", encoding="utf-8")
    ran = tutor_command("packs", "import", str(sheet), "-o", str(tmp_path / "out"))
    assert ran.code == 0, ran.stderr
    assert ran.stdout.startswith(
        f"Imported 2 questions (2 short) into {tmp_path / 'out'}: pack 'capitals' (Capitals),"
        " 1 unit, 1 skill."
    )
    assert f"  {sheet}:3: a row needs a front and a back" in ran.stdout
    assert tutor_command("packs", "validate", str(tmp_path / "out")).code == 0


@NO_DATABASE
def test_importing_again_keeps_the_ids_and_raises_the_version(
    tutor_command: Command, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = tutor_command("packs", "import", str(GOLDEN / "anki-notes.txt"), "-o", str(out))
    assert first.code == 0, first.stderr
    before = {p.name: p.read_text() for p in (out / "units").iterdir()}
    again = tutor_command("packs", "import", str(GOLDEN / "anki-notes.txt"), "-o", str(out))
    assert again.code == 0, again.stderr
    assert {p.name: p.read_text() for p in (out / "units").iterdir()} == before
    assert "version: 1.0.1" in (out / "pack.yaml").read_text()


@NO_DATABASE
def test_a_folder_holding_other_things_is_not_written_over(
    tutor_command: Command, tmp_path: Path
) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    ran = tutor_command("packs", "import", str(GOLDEN / "quizlet.tsv"), "-o", str(out))
    assert ran.code == 1
    assert ran.stderr.strip().splitlines() == [
        f"error: cannot write the pack to {out}: the folder is not empty and holds no pack "
        "imported before; choose a new folder"
    ]
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


@NO_DATABASE
def test_a_file_that_cannot_be_read_stops_the_import_with_nothing_written(
    tutor_command: Command, tmp_path: Path
) -> None:
    good, bad = GOLDEN / "quizlet.tsv", tmp_path / "bad.csv"
    bad.write_bytes(b"ok,fine\n\xe9t\xe9,summer\n")
    ran = tutor_command("packs", "import", str(good), str(bad), "-o", str(tmp_path / "out"))
    assert ran.code == 1 and ran.stdout == ""
    assert ran.stderr.startswith(f"error: {bad}:2: not UTF-8 text")
    assert len(ran.stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["bad.csv"]


@NO_DATABASE
def test_an_unknown_extension_and_a_bad_id_are_refused(
    tutor_command: Command, tmp_path: Path
) -> None:
    odd = tmp_path / "deck.pdf"
    odd.write_bytes(b"%PDF")
    ran = tutor_command("packs", "import", str(odd), "-o", str(tmp_path / "out"))
    assert ran.code == 1 and "cannot tell its format from its extension" in ran.stderr
    ran = tutor_command(
        "packs", "import", str(GOLDEN / "quizlet.tsv"), "-o", str(tmp_path / "o"), "--id", "Bad!"
    )
    assert ran.code == 1 and "'Bad!' is not a pack id" in ran.stderr


def test_the_formats_stay_off_start_up() -> None:
    probe = (
        "import sys\n"
        "from tutor_tui.cli import main, packs\n"
        "main._build('packs')\n"
        "print(','.join(m for m in sys.modules if m.startswith(('tutor_tui.packs.formats',"
        " 'lark', 'markdownify', 'genanki', 'defusedxml', 'zstandard'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@NO_DATABASE
def test_export_as_gift_says_what_it_left_out(tutor_command: Command, tmp_path: Path) -> None:
    out = tmp_path / "python.gift"
    ran = tutor_command("packs", "export", "python-foundations", "--format", "gift", "-o", str(out))
    assert ran.code == 0, ran.stderr
    lines = ran.stdout.splitlines()
    assert lines[0].startswith("Wrote ") and lines[0].endswith(f"of python-foundations to {out}.")
    assert any(": left out: GIFT has no order question" in line for line in lines)
    assert out.read_text(encoding="utf-8").startswith("// Python Foundations")


@NO_DATABASE
def test_export_refuses_an_unknown_format_and_a_missing_folder(
    tutor_command: Command, tmp_path: Path
) -> None:
    ran = tutor_command("packs", "export", "python-foundations", "--format", "pdf", "-o", "x.pdf")
    assert ran.code == 2 and "'pdf' is no format" in ran.stderr
    missing = tmp_path / "nowhere" / "deck.apkg"
    ran = tutor_command(
        "packs", "export", "python-foundations", "--format", "apkg", "-o", str(missing)
    )
    assert ran.code == 1
    assert ran.stderr.splitlines() == [
        f"error: cannot write {missing}: there is no folder {missing.parent}"
    ]


@NO_DATABASE
def test_export_into_a_folder_writes_the_pack_s_file_there_and_a_new_folder_is_refused(
    tutor_command: Command, tmp_path: Path
) -> None:
    for kind, name in (("moodle-xml", "python-foundations.xml"), ("zip", "python-foundations.zip")):
        ran = tutor_command(
            "packs", "export", "python-foundations", "--format", kind, "-o", f"{tmp_path}/"
        )
        assert ran.code == 0, ran.stderr
        assert (tmp_path / name).is_file()
    for kind in ("gift", "zip"):
        ran = tutor_command(
            "packs", "export", "python-foundations", "--format", kind, "-o", f"{tmp_path}/new/"
        )
        assert ran.code == 1
        assert ran.stderr.splitlines() == [
            f"error: cannot write {tmp_path}/new/: there is no folder {tmp_path / 'new'}"
        ]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "python-foundations.xml",
        "python-foundations.zip",
    ]


def test_history_is_added_once_for_the_learner_named(
    tutor_command: Command, tmp_path: Path
) -> None:
    from testkit.anki import genanki_deck

    deck = genanki_deck(tmp_path / "spanish.apkg", reviews=[(0, 3, 0), (0, 1, 2), (5, 4, 1)])
    home = str(tmp_path / "home")
    assert tutor_command("learners", "add", "Ana", TUTOR_HOME=home).code == 0
    out = tmp_path / "pack"
    args = ("packs", "import", str(deck), "-o", str(out), "--history", "Ana")
    ran = tutor_command(*args, TUTOR_HOME=home)
    assert ran.code == 0, ran.stderr
    assert "Added 3 reviews of 3 in the files' history to Ana's" in ran.stdout
    again = tutor_command(*args, TUTOR_HOME=home)
    assert "Added 0 reviews of 3" in again.stdout
    unknown = tutor_command(*args[:-1], "Nobody", TUTOR_HOME=home)
    assert unknown.code == 1 and len(unknown.stderr.splitlines()) == 1


def _basic_deck(path: Path, notes: list[tuple[str, str, str]]) -> Path:
    import genanki  # type: ignore[import-untyped]  # genanki ships no types

    deck = genanki.Deck(1_000_001, "Spanish")
    for front, back, guid in notes:
        deck.add_note(genanki.Note(genanki.BASIC_MODEL, [front, back], guid=guid))
    genanki.Package(deck).write_to_file(str(path))
    return path


def test_an_updated_deck_imported_again_keeps_the_learner_s_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    # The pack is imported into a folder of packs the tutor reads, as a learner would have it.
    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TUTOR_PACK_PATH", str(tmp_path / "packs"))
    for name in ("TUTOR_LEARNER", "TUTOR_PIN", "TUTOR_PASSPHRASE", "TUTOR_DB_URL"):
        monkeypatch.delenv(name, raising=False)
    tutor = Command(monkeypatch, capsys)
    (tmp_path / "packs").mkdir()
    first = [("perro", "dog", "g-dog"), ("gato", "cat", "g-cat"), ("casa", "house", "g-house")]
    # The next version reorders the notes, edits one's front, adds one and drops one.
    second = [("la casa", "house", "g-house"), ("pan", "bread", "g-bread"), first[0]]

    def imported(notes: list[tuple[str, str, str]], name: str) -> None:
        deck = _basic_deck(tmp_path / name, notes)
        ran = tutor("packs", "import", str(deck), "-o", str(tmp_path / "packs" / "spanish"))
        assert ran.code == 0, ran.stderr

    def progress() -> tuple[int, int, float, int]:
        ran = tutor("progress", "-l", "Ana", "-p", "spanish", "--json")
        skill = json.loads(ran.stdout)["packs"][0]["skills"][0]
        return (
            skill["attempts"],
            skill["correct"],
            skill["mastery"],
            skill["standing"]["distinct_right"],
        )

    assert tutor("learners", "add", "Ana").code == 0
    imported(first, "v1.apkg")
    for question, response in (("g-dog", "dog"), ("g-house", "house"), ("g-cat", "perro")):
        assert tutor("answer", "-l", "Ana", "-p", "spanish", question, response).code == 0
    before = progress()
    assert before[:2] == (3, 2) and before[3] == 2
    imported(second, "v2.apkg")
    # The learner stands where they stood (answers to the dropped note stay in the log), and the
    # note whose front was edited is the same question, answered under the same id.
    assert progress() == before
    ran = tutor("answer", "-l", "Ana", "-p", "spanish", "g-house", "house")
    assert ran.code == 0 and progress()[:2] == (4, 3)
    assert "la casa" in (tmp_path / "packs" / "spanish" / "units" / "spanish.yaml").read_text()
