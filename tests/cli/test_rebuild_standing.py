"""A rebuild that changes where a learner stands says so: the command that made it, one line per
learner, and the learner's home, once."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from testkit.commands import Command

PACK = "fractions-ratios"
NOW = "2026-03-02T09:00:00+00:00"
NAME = "[bold]Lu[/]"
LOST = f"{NAME}, Fractions and Ratios: no longer mastered: What a fraction is"


def _as_old_rules_left_it(database: Path, version: int | None = None) -> None:
    """What a Fraction is mastered in the derived state, as rules that have since changed left
    it (the log holds one answer, which masters nothing); with `version`, the schema that kept
    it, to be upgraded and rebuilt on opening."""
    with sqlite3.connect(database) as conn:
        conn.execute(
            "UPDATE skill_states SET p_known = 0.99, mastered_at = ?"
            " WHERE skill_id = 'what-is-a-fraction'",
            (NOW,),
        )
        if version is not None:
            conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version),))
            conn.execute("UPDATE alembic_version SET version_num = ?", (f"{version:04d}",))


@pytest.mark.sqlite_only  # the older state is written with SQLite's own tool
def test_a_rebuild_that_takes_back_a_mastery_says_whose_and_which(
    tutor_command: Command, tmp_path: Path
) -> None:
    """Lu had a skill mastered under the rules of the version before; opened by this one, the
    same answers master nothing, and progress read "0 of 17 skills mastered" with no word why."""
    home = {"TUTOR_HOME": str(tmp_path), "TUTOR_NOW": NOW}
    assert tutor_command("learners", "add", NAME, **home).code == 0
    answer = ("answer", "--learner", NAME, "--pack", PACK, "wif-denominator-name", "1")
    assert tutor_command(*answer, **home).code == 0
    database = tmp_path / "tutor.db"
    _as_old_rules_left_it(database)
    ran = tutor_command("doctor", "--rebuild", **home)
    assert ran.code == 0 and f"\n{LOST}\n" in ran.stdout
    # Nothing changed since: nothing said.
    assert NAME not in tutor_command("doctor", "--rebuild", **home).stdout
    # Opened by a new version: the command that opens it says how many learners it moved, and
    # tells the learner it acts for their own change, apart from what it prints; the two
    # rebuilds as one, and once.
    _as_old_rules_left_it(database, version=10)
    ran = tutor_command("progress", "--learner", NAME, "--json", **home)
    assert ran.code == 0 and json.loads(ran.stdout)
    assert ran.stderr == (
        "note: this version reckons mastery from the same answers by new rules. The standing of"
        " 1 learner changed; each is told on their home, or by a command of their own.\n"
        "note: Fractions and Ratios: no longer mastered: What a fraction is (the tutor reckoned"
        " your answers again by its rules, which changed; your answers did not).\n"
    )
    assert tutor_command("progress", "--learner", NAME, **home).stderr == ""
    from tutor_tui.service.wiring import open_tutor

    tutor = open_tutor(f"sqlite:///{database}")
    lu = tutor.learner(NAME)
    assert tutor.standing_notice(lu) == []
    # Erased, a learner's progress takes what waits for their home with it.
    _as_old_rules_left_it(database)
    assert tutor.rebuild().shifts and tutor.store.get_meta(f"standing-changed:{lu.id}")
    tutor.erase_learner(lu, keep_profile=True)
    assert tutor.store.get_meta(f"standing-changed:{lu.id}") is None


def test_a_pack_installed_again_says_whose_mastery_its_new_numbers_took_back(
    tutor_command: Command, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new version of a pack asks more of its skills: the learner who had one mastered under
    the old numbers is told it is no longer, by the skill's title as written (markup and all)."""
    from tutor_tui.cli.context import Context
    from tutor_tui.packs.catalog import load_catalog

    # The packs installed in the data home, read by each command as it runs.
    monkeypatch.setattr(Context, "catalog", property(lambda _: load_catalog()))
    home = {"TUTOR_HOME": str(tmp_path / "home"), "TUTOR_NOW": NOW}
    pack = tmp_path / "pk"
    assert tutor_command("packs", "new", str(pack), **home).code == 0
    units = pack / "units" / "basics.yaml"
    units.write_text(
        units.read_text().replace("title: Primary colours", 'title: "[b]Primary[/b] colours"')
    )
    manifest = pack / "pack.yaml"
    manifest.write_text(manifest.read_text() + "mastery:\n  threshold: 0.85\n")
    assert tutor_command("packs", "install", str(pack), **home).code == 0
    assert tutor_command("learners", "add", NAME, **home).code == 0
    for question, response in (
        ("mix-green", "yellow and blue"),
        ("primaries", '["red", "blue", "yellow"]'),
        ("orange-is-secondary", "true"),
    ):
        ran = tutor_command("answer", "--learner", NAME, "--pack", "pk", question, response, **home)
        assert ran.code == 0, ran.stderr
    manifest.write_text(
        manifest.read_text()
        .replace("threshold: 0.85", "threshold: 0.99")
        .replace("version: 0.1.0", "version: 0.2.0")
    )
    ran = tutor_command("packs", "install", str(pack), **home)
    assert ran.code == 0
    assert f"\n{NAME}, My First Pack: no longer mastered: [b]Primary[/b] colours\n" in ran.stdout


@pytest.mark.sqlite_only  # the older state is written with SQLite's own tool
def test_whose_standing_changed_is_told_to_that_learner_alone_past_their_pin(
    tutor_command: Command, tmp_path: Path
) -> None:
    """Lu's PIN guards which skills a rebuild took back: another learner's command, and commands
    over everyone without the passphrase, say only how many learners it moved; Lu hears it once
    let in, and not before."""
    home = {"TUTOR_HOME": str(tmp_path), "TUTOR_NOW": NOW}
    for name in (NAME, "Ann"):
        assert tutor_command("learners", "add", name, **home).code == 0
    answer = ("answer", "--learner", NAME, "--pack", PACK, "wif-denominator-name", "1")
    assert tutor_command(*answer, **home).code == 0
    assert tutor_command("learners", "pin", NAME, stdin="4821\n", **home).code == 0
    database = tmp_path / "tutor.db"
    _as_old_rules_left_it(database, version=10)
    ran = tutor_command("next", "--learner", "Ann", "--pack", PACK, **home)
    assert ran.code == 0 and "1 learner changed" in ran.stderr
    assert "What a fraction is" not in ran.stderr
    _as_old_rules_left_it(database)
    ran = tutor_command("doctor", "--rebuild", **home)
    assert ran.code == 0 and "The standing of 1 learner changed" in ran.stdout
    for said in (ran.stdout, ran.stderr):
        assert "What a fraction is" not in said and "Lu" not in said
    # Refused without the PIN, the note waits; with it, Lu reads it, once.
    assert tutor_command("progress", "--learner", NAME, **home).code == 1
    ran = tutor_command("progress", "--learner", NAME, TUTOR_PIN="4821", **home)
    assert ran.code == 0 and "no longer mastered: What a fraction is" in ran.stderr
    assert tutor_command("progress", "--learner", NAME, TUTOR_PIN="4821", **home).stderr == ""
