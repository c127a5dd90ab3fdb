"""`tutor packs import`: material becomes a pack folder, re-imported in place, or nothing at all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from testkit.commands import Command
from testkit.imports import GOLDEN


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


def test_export_as_gift_says_what_it_left_out(tutor_command: Command, tmp_path: Path) -> None:
    out = tmp_path / "python.gift"
    ran = tutor_command("packs", "export", "python-foundations", "--format", "gift", "-o", str(out))
    assert ran.code == 0, ran.stderr
    lines = ran.stdout.splitlines()
    assert lines[0].startswith("Wrote ") and lines[0].endswith(f"of python-foundations to {out}.")
    assert any(": left out: GIFT has no order question" in line for line in lines)
    assert out.read_text(encoding="utf-8").startswith("// Python Foundations")


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
