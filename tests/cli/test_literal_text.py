"""The command line and plain mode show names, titles, paths and typed text literally.

Rich reads `[...]` as markup and `:smile:` as an emoji code; a terminal acts on an escape
sequence. Neither may happen to text that came from a learner, a pack or a file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from testkit.commands import Command
from testkit.packs import write_pack

NAME = "[@click=app.quit]Click me[/]"
PACK_TITLE = "Intro [/] part [link=x]y :smile: Python [basics]"
SKILL_TITLE = "[/i] [blink]Adding[/blink]"
ESC = "\x1b"

PACK = f"""\
format: 1
id: test-pack
title: "{PACK_TITLE}"
version: 1.0.0
"""


@pytest.fixture
def command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Command:
    """`tutor` on a data home of its own, with one pack of hostile titles on TUTOR_PACK_PATH."""
    from testkit.packs import UNIT_YAML

    unit = UNIT_YAML.replace("title: Adding", f'title: "{SKILL_TITLE}"')
    write_pack(tmp_path / "packs" / "hostile", {"pack.yaml": PACK, "units/one.yaml": unit})
    monkeypatch.setenv("TUTOR_PACK_PATH", str(tmp_path / "packs"))
    monkeypatch.setenv("COLUMNS", "200")
    for name in ("TUTOR_LEARNER", "TUTOR_PIN", "TUTOR_PASSPHRASE", "TUTOR_DB_URL"):
        monkeypatch.delenv(name, raising=False)
    return Command(monkeypatch, capsys)


def test_names_and_titles_print_as_they_are(command: Command) -> None:
    assert command("learners", "add", NAME).code == 0
    assert command("learners", "list").stdout.splitlines() == [NAME]

    listed = command("packs", "list")
    assert listed.code == 0 and PACK_TITLE in listed.stdout

    tree = command("packs", "show", "test-pack")
    assert tree.code == 0, tree.stderr
    assert PACK_TITLE in tree.stdout and SKILL_TITLE in tree.stdout

    lesson = command("lesson", "--learner", NAME, "--pack", "test-pack", "adding")
    assert lesson.code == 0 and SKILL_TITLE in lesson.stdout

    answered = command("answer", "--learner", NAME, "--pack", "test-pack", "two-and-two", "4")
    assert answered.code == 0 and SKILL_TITLE in answered.stdout
    progress = command("progress", "--learner", NAME)
    assert progress.code == 0 and SKILL_TITLE in progress.stdout and PACK_TITLE in progress.stdout


def test_escape_sequences_never_reach_the_terminal(command: Command, tmp_path: Path) -> None:
    command("learners", "add", "Ann")
    typed = f"{ESC}]0;owned{ESC}\\{ESC}[2J\nq\n"
    plain = command("study", "--plain", "--learner", "Ann", "--pack", "test-pack", stdin=typed)
    assert ESC not in plain.stdout + plain.stderr
    assert "\\x1b]0;owned" in plain.stdout

    folder = tmp_path / f"{ESC}[31mred"
    checked = command("packs", "validate", str(folder))
    assert checked.code == 1
    assert ESC not in checked.stdout + checked.stderr
    assert "\\x1b[31mred" in checked.stdout + checked.stderr

    refused = command("learners", "add", f"Ann{ESC}[2J")
    assert refused.code == 1 and ESC not in refused.stderr
    assert len(refused.stderr.splitlines()) == 1


def test_paths_in_success_lines_and_usage_errors_are_shown_literally(
    command: Command, tmp_path: Path
) -> None:
    command("learners", "add", "Ann")
    command("answer", "--learner", "Ann", "--pack", "test-pack", "two-and-two", "4")
    for args, name in [
        (("export", "--learner", "Ann"), f"b{ESC}[31m.zip"),
        (("portfolio", "--learner", "Ann"), f"p{ESC}]0;owned\a.md"),
        (("packs", "export", "test-pack"), f"x{ESC}[2J.zip"),
    ]:
        wrote = command(*args, "-o", str(tmp_path / name))
        assert wrote.code == 0 and ESC not in wrote.stdout + wrote.stderr, wrote
        assert name.encode("unicode_escape").decode() in wrote.stdout, wrote
    usage = command("portfolio", "--learner", "Ann", "-o", str(tmp_path / f"p{ESC}[31m.x"))
    assert usage.code == 2 and ESC not in usage.stderr and "p\\x1b[31m.x" in usage.stderr


def test_a_name_that_reads_as_another_is_refused_and_finds_that_learner(
    command: Command, tmp_path: Path
) -> None:
    assert command("learners", "add", "Ana").code == 0
    assert command("learners", "add", "ABE").code == 0
    for look_alike in ("ana", "АNА", "A\u200bna", "Ａｎａ", "АВЕ"):
        refused = command("learners", "add", look_alike)
        assert refused.code == 1 and len(refused.stderr.splitlines()) == 1, refused
    roster = tmp_path / "roster.csv"
    roster.write_text("name\nBen\nаbе\n", encoding="utf-8")  # Cyrillic а and е, Latin b
    refused = command("learners", "import", str(roster))
    assert refused.code == 1 and "mixes Cyrillic and Latin" in refused.stderr
    roster.write_text("name\nBen\nАВЕ\n", encoding="utf-8")  # all Cyrillic
    refused = command("learners", "import", str(roster))
    assert refused.code == 1 and "'АВЕ' looks like 'ABE'" in refused.stderr
    assert command("learners", "list").stdout.splitlines() == ["ABE", "Ana"]
    assert command("progress", "--learner", "ana").code == 0
