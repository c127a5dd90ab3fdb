"""Installing, upgrading, removing and exporting packs, and what learners keep through it."""

from __future__ import annotations

import json
import os
import stat
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import typer
from testkit import TutorFor
from testkit.packs import PACK_YAML, UNIT_YAML, write_pack
from typer.testing import CliRunner

from tutor_tui.cli import packs as cli_packs
from tutor_tui.core.clock import FixedClock
from tutor_tui.core.errors import NotFound, TutorError
from tutor_tui.files import paths
from tutor_tui.packs import catalog, reports
from tutor_tui.packs import install as installing
from tutor_tui.packs.install import InstallRefused, export, install, remove
from tutor_tui.packs.loader import load_pack
from tutor_tui.packs.source import PackSource

PACK_ID = "test-pack"


@pytest.fixture(autouse=True)
def builtins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder of built-in packs, so that only what a test writes is found."""
    folder = tmp_path / "builtins"
    folder.mkdir()
    monkeypatch.setattr(catalog, "builtin_packs_home", lambda: folder)
    return folder


def files_of(root: Path) -> dict[str, bytes]:
    """Every file under `root` (dot files too), by relative POSIX path."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def version_two(root: Path) -> Path:
    """The test pack at 1.1.0: `not-five` removed, `three-and-three` and a skill added."""
    unit = UNIT_YAML.replace(
        """      - id: not-five
        type: truefalse
        prompt: 2 + 2 is 5.
        answer: false
        explanation: It is 4.
""",
        """      - id: three-and-three
        type: numeric
        prompt: What is 3 + 3?
        answer: 6
        explanation: Count on from three.
""",
    )
    unit += """\
  - id: doubling
    title: Doubling
    lesson: Double a number by adding it to itself.
    questions:
      - id: double-two
        type: numeric
        prompt: What is double 2?
        answer: 4
        explanation: 2 + 2.
      - id: double-three
        type: numeric
        prompt: What is double 3?
        answer: 6
        explanation: 3 + 3.
      - id: double-four
        type: numeric
        prompt: What is double 4?
        answer: 8
        explanation: 4 + 4.
"""
    manifest = PACK_YAML.replace("version: 1.0.0", "version: 1.1.0")
    return write_pack(root, {"pack.yaml": manifest, "units/one.yaml": unit})


def installed_home() -> Path:
    return paths.installed_packs_home()


# Installing ------------------------------------------------------------------------------------


def test_install_from_a_folder(tmp_path: Path) -> None:
    source = write_pack(tmp_path / "pack", {"lessons/extra.md": "More.\n", ".notes": "mine"})

    report = install(source)

    target = installed_home() / PACK_ID
    assert report.path == target and report.change is None
    assert (report.pack_id, report.version) == (PACK_ID, "1.0.0")
    assert (report.skills, report.questions) == (1, 3)
    # The pack's own files, and not the author's dot files.
    assert files_of(target) == {
        name: data for name, data in files_of(source).items() if name != ".notes"
    }
    found = catalog.load_catalog()
    assert found.origin(PACK_ID) == "installed"
    assert found.packs[PACK_ID].found.path == target
    # Nothing half-written is left beside it.
    assert [p.name for p in installed_home().iterdir()] == [PACK_ID]


@pytest.mark.parametrize("top_folder", ["", "my-pack/"])
def test_install_from_a_zip(tmp_path: Path, top_folder: str) -> None:
    source = write_pack(tmp_path / "pack")
    archive = tmp_path / "pack.zip"
    with zipfile.ZipFile(archive, "w") as opened:
        for name, data in files_of(source).items():
            opened.writestr(top_folder + name, data)
        opened.writestr("__MACOSX/._pack.yaml", b"\x00\x05")
        opened.writestr(top_folder + ".DS_Store", b"\x00")

    report = install(archive)

    assert report.source == str(archive)
    assert files_of(installed_home() / PACK_ID) == files_of(source)
    assert catalog.load_catalog().origin(PACK_ID) == "installed"


def test_an_invalid_pack_is_refused_with_its_errors_and_nothing_is_written(tmp_path: Path) -> None:
    unit = UNIT_YAML.replace('answer: "4"', 'answer: "5"').replace("answer: 5\n", "answer: five\n")
    manifest = PACK_YAML + "colour: red\n"
    source = write_pack(tmp_path / "pack", {"units/one.yaml": unit, "pack.yaml": manifest})

    with pytest.raises(InstallRefused) as refused:
        install(source)

    located = [(Path(p.file).name, p.line, p.column) for p in refused.value.problems]
    assert located == [("pack.yaml", 5, 1), ("one.yaml", 12, 17), ("one.yaml", 22, 17)]
    assert str(refused.value) == f"cannot install {source}: 3 errors; nothing was installed"
    assert not installed_home().exists()


def test_a_pack_with_the_id_of_a_built_in_pack_is_refused(tmp_path: Path, builtins: Path) -> None:
    write_pack(builtins / "shipped")
    source = write_pack(tmp_path / "pack", {"pack.yaml": PACK_YAML.replace("1.0.0", "9.0.0")})

    with pytest.raises(InstallRefused, match="built into the tutor.*never be used"):
        install(source)

    assert not (installed_home() / PACK_ID).exists()


def test_a_new_version_reports_what_changed_and_learners_keep_their_progress(
    tmp_path: Path, tutor_for: TutorFor, clock: FixedClock
) -> None:
    install(write_pack(tmp_path / "v1"))
    v1 = catalog.load_catalog().get(PACK_ID)
    assert v1 is not None
    tutor = tutor_for({PACK_ID: v1})
    ann = tutor.add_learner("Ann")
    tutor.answer(ann, PACK_ID, "two-and-two", "4")
    tutor.answer(ann, PACK_ID, "not-five", False)

    report = install(version_two(tmp_path / "v2"))

    change = report.change
    assert change is not None
    assert (change.previous_version, change.direction) == ("1.0.0", "upgrade")
    assert report.version == "1.1.0"
    assert change.kept == ("two-and-two", "two-and-three")
    assert change.added == ("three-and-three", "double-two", "double-three", "double-four")
    assert change.removed == ("not-five",)
    assert (change.skills_added, change.skills_removed, change.moved) == (("doubling",), (), ())
    assert reports.HISTORY_KEPT in report.notes

    v2 = catalog.load_catalog().get(PACK_ID)
    assert v2 is not None and v2.version == "1.1.0"
    clock.at += timedelta(minutes=5)
    later = tutor_for({PACK_ID: v2})
    later.answer(ann, PACK_ID, "two-and-two", "4")
    later.rebuild()

    state = later.store.learner_state(ann, PACK_ID, clock.at)
    assert state.questions["two-and-two"].attempts == 2
    # The skill counts every answer given on it, the removed question's included.
    assert state.skills["adding"].attempts == 3
    logged = [(a.question_id, a.pack_version) for a in later.store.attempts(ann.id, PACK_ID)]
    assert logged == [("two-and-two", "1.0.0"), ("not-five", "1.0.0"), ("two-and-two", "1.1.0")]
    assert later.check() == []


def test_a_question_moved_to_another_skill_is_reported(tmp_path: Path) -> None:
    install(write_pack(tmp_path / "v1"))
    unit = (
        UNIT_YAML
        + """\
  - id: counting
    title: Counting
    lesson: Count on.
    questions:
      - id: two-and-three
        type: numeric
        prompt: What is 2 + 3?
        answer: 5
        explanation: Count on from two.
"""
    )
    unit = unit.replace(
        """      - id: two-and-three
        type: numeric
        prompt: What is 2 + 3?
        answer: 5
        explanation: Count on from two.
  - id: counting""",
        "  - id: counting",
    )
    manifest = PACK_YAML.replace("1.0.0", "1.0.1")
    report = install(write_pack(tmp_path / "v2", {"units/one.yaml": unit, "pack.yaml": manifest}))

    assert report.change is not None
    assert report.change.moved == (("two-and-three", "adding", "counting"),)
    assert any("still count for 'adding'" in note for note in report.notes)


def test_a_downgrade_is_allowed_with_a_warning(tmp_path: Path) -> None:
    install(write_pack(tmp_path / "v2", {"pack.yaml": PACK_YAML.replace("1.0.0", "2.0.0")}))

    report = install(write_pack(tmp_path / "v1"))

    assert report.change is not None and report.change.direction == "downgrade"
    assert any(note.startswith("warning: 2.0.0 → 1.0.0 is a downgrade") for note in report.notes)
    assert catalog.load_catalog().packs[PACK_ID].result.pack.version == "1.0.0"  # type: ignore[union-attr]


def test_changed_files_under_the_same_version_are_pointed_out(tmp_path: Path) -> None:
    source = write_pack(tmp_path / "pack")
    install(source)
    assert not any("warning" in note for note in install(source).notes)

    (source / "lessons").mkdir()
    (source / "lessons" / "more.md").write_text("More.\n", encoding="utf-8")
    report = install(source)

    assert report.change is not None and report.change.direction == "same"
    assert any("the version is still 1.0.0" in note for note in report.notes)


def test_another_pack_under_an_installed_id_is_pointed_out(tmp_path: Path) -> None:
    install(write_pack(tmp_path / "pack"))
    assert not any("title" in note for note in install(write_pack(tmp_path / "pack")).notes)
    other = UNIT_YAML.replace("id: two-and-two", "id: q1").replace("id: not-five", "id: q2")
    other = other.replace("id: two-and-three", "id: q3").replace("id: adding", "id: sums")
    manifest = PACK_YAML.replace("Test pack", "Sums").replace("1.0.0", "2.0.0")
    report = install(
        write_pack(tmp_path / "other", {"pack.yaml": manifest, "units/one.yaml": other})
    )

    assert report.change is not None and report.change.kept == ()
    assert "Its title was 'Test pack' and is now 'Sums'." in report.notes
    assert any(
        note.startswith("warning: this version keeps none of the questions of the installed")
        and "give it its own id" in note
        for note in report.notes
    )


def test_a_failed_copy_leaves_the_previous_version_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(write_pack(tmp_path / "v1"))
    before = files_of(installed_home() / PACK_ID)
    written: list[Path] = []

    def failing(path: Path, data: bytes) -> None:
        if written:
            raise OSError(28, "No space left on device")
        written.append(path)
        path.write_bytes(data)

    monkeypatch.setattr(installing, "_write_file", failing)
    with pytest.raises(TutorError, match="No space left on device"):
        install(version_two(tmp_path / "v2"))

    assert files_of(installed_home() / PACK_ID) == before
    assert [p.name for p in installed_home().iterdir()] == [PACK_ID]
    assert catalog.load_catalog().get(PACK_ID).version == "1.0.0"  # type: ignore[union-attr]


def test_a_failed_swap_puts_the_previous_version_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(write_pack(tmp_path / "v1"))
    before = files_of(installed_home() / PACK_ID)
    real = installing._rename

    def failing(source: Path, target: Path) -> None:
        if source.name.startswith(".tmp-"):
            raise PermissionError(13, "Permission denied")
        real(source, target)

    monkeypatch.setattr(installing, "_rename", failing)
    with pytest.raises(TutorError, match="Permission denied.*unchanged"):
        install(version_two(tmp_path / "v2"))

    assert files_of(installed_home() / PACK_ID) == before
    assert [p.name for p in installed_home().iterdir()] == [PACK_ID]


def test_installing_over_a_pack_path_copy_says_which_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shelf = tmp_path / "shelf"
    write_pack(shelf / "mine")
    monkeypatch.setenv("TUTOR_PACK_PATH", str(shelf))

    report = install(version_two(tmp_path / "v2"))

    assert report.change is None
    assert any(f"{shelf / 'mine'} (TUTOR_PACK_PATH)" in note for note in report.notes)
    found = catalog.load_catalog()
    assert found.origin(PACK_ID) == "installed" and found.get(PACK_ID).version == "1.1.0"  # type: ignore[union-attr]
    assert [loser.found.path for loser, _ in found.shadowed] == [shelf / "mine"]


def test_a_copy_put_in_the_installed_packs_by_hand_is_replaced(tmp_path: Path) -> None:
    stray = write_pack(installed_home() / "by-hand")

    report = install(version_two(tmp_path / "v2"))

    assert report.change is not None and report.change.previous_version == "1.0.0"
    assert not stray.exists()
    assert sorted(p.name for p in installed_home().iterdir()) == [PACK_ID]


# Hostile archives ------------------------------------------------------------------------------


def pack_zip(
    path: Path, extra: dict[str, bytes] | None = None, links: dict[str, str] | None = None
) -> Path:
    """The test pack as a zip with its files at the top, plus `extra` entries and link entries."""
    with zipfile.ZipFile(path, "w") as opened:
        opened.writestr("pack.yaml", PACK_YAML)
        opened.writestr("units/one.yaml", UNIT_YAML)
        for name, data in (extra or {}).items():
            opened.writestr(zipfile.ZipInfo(name), data)
        for name, pointing in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.create_system = 3
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            opened.writestr(info, pointing)
    return path


@pytest.mark.parametrize(
    ("entry", "why"),
    [
        ("../escaped.txt", "climbs out of its folder with '..'"),
        ("units/../../escaped-too.txt", "climbs out of its folder with '..'"),
        ("/tmp/tutor-hostile-zip-entry-escaped.txt", "is an absolute path"),
        ("C:/escaped.txt", "is an absolute path"),
        ("units\\..\\..\\escaped.txt", "holds a backslash"),
    ],
)
def test_a_zip_with_an_entry_that_leaves_its_folder_is_refused_whole(
    tmp_path: Path, tutor_home: Path, entry: str, why: str
) -> None:
    archive = pack_zip(tmp_path / "evil.zip", {entry: b"x"})
    with zipfile.ZipFile(archive) as opened:
        assert entry in opened.namelist()

    with pytest.raises(InstallRefused, match="nothing was installed") as refused:
        install(archive)

    [problem] = refused.value.problems
    assert problem.file == str(archive) and (problem.line, problem.column) == (1, 1)
    assert problem.message.startswith(f"the entry '{entry}' {why}")
    assert not Path(entry).is_absolute() or not Path(entry).exists()
    assert list(tutor_home.parent.rglob("escaped*")) == []
    assert not installed_home().exists() or not any(installed_home().iterdir())


def test_a_zip_holding_one_name_twice_is_refused(tmp_path: Path) -> None:
    archive = pack_zip(tmp_path / "twice.zip")
    with pytest.warns(UserWarning, match="Duplicate name"), zipfile.ZipFile(archive, "a") as opened:
        opened.writestr("pack.yaml", PACK_YAML.replace("Test pack", "Another pack"))

    with pytest.raises(InstallRefused) as refused:
        install(archive)

    assert "'pack.yaml' is in the archive twice" in refused.value.problems[0].message
    assert not installed_home().exists() or not any(installed_home().iterdir())


def test_a_zips_link_is_not_a_file_of_the_pack(tmp_path: Path) -> None:
    # Not copied when nothing uses it, as a folder's link out of the pack is not.
    archive = pack_zip(tmp_path / "link.zip", links={"lessons/passwd.md": "/etc/passwd"})
    install(archive)
    assert files_of(installed_home() / PACK_ID).keys() == {"pack.yaml", "units/one.yaml"}


def test_a_zips_link_named_as_a_lesson_is_refused_by_validation_and_install(
    tmp_path: Path,
) -> None:
    unit = UNIT_YAML.replace("lesson: Two and two make four.", "lesson_file: lessons/passwd.md")
    archive = tmp_path / "link.zip"
    with zipfile.ZipFile(archive, "w") as opened:
        opened.writestr("pack.yaml", PACK_YAML)
        opened.writestr("units/one.yaml", unit)
        info = zipfile.ZipInfo("lessons/passwd.md")
        info.create_system = 3
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        opened.writestr(info, "/etc/passwd")
    result = load_pack(archive)
    assert result.pack is None
    assert any("leaves the pack through a link" in e.message for e in result.errors)
    with pytest.raises(InstallRefused):
        install(archive)
    assert not installed_home().exists() or not any(installed_home().iterdir())


def test_a_zip_with_too_many_files_is_refused(tmp_path: Path) -> None:
    archive = pack_zip(tmp_path / "many.zip", {f"notes/{n}.txt": b"" for n in range(2_000)})

    with pytest.raises(InstallRefused) as refused:
        install(archive)

    assert [p.message for p in refused.value.problems] == ["more than 2000 files in the archive"]
    assert not installed_home().exists()


def test_names_that_would_mean_another_place_on_some_system_are_refused(tmp_path: Path) -> None:
    for name in ("units/a.yaml:stream", "units/./a.txt", "a//b.txt"):
        archive = pack_zip(tmp_path / "odd.zip", {name: b"x"})
        with pytest.raises(InstallRefused, match="1 error") as refused:
            install(archive)
        assert "cannot be installed" in refused.value.problems[0].message
    archive = pack_zip(tmp_path / "case.zip", {"notes/A.txt": b"x", "notes/a.txt": b"y"})
    with pytest.raises(InstallRefused) as refused:
        install(archive)
    assert "differ only in capitals" in refused.value.problems[0].message
    assert not any(installed_home().iterdir())


def test_a_folder_link_to_outside_the_pack_is_not_copied(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("private", encoding="utf-8")
    source = write_pack(tmp_path / "pack")
    (source / "lessons").mkdir()
    try:
        (source / "lessons" / "secret.md").symlink_to(secret)
        (source / "lessons" / "inside.md").symlink_to(source / "pack.yaml")
    except OSError:
        pytest.skip("this system cannot make links")

    install(source)

    target = installed_home() / PACK_ID
    assert files_of(target).keys() == {"pack.yaml", "units/one.yaml", "lessons/inside.md"}
    assert not any(path.is_symlink() for path in target.rglob("*"))


# Removing --------------------------------------------------------------------------------------


def test_remove_an_installed_pack(tmp_path: Path) -> None:
    install(write_pack(tmp_path / "pack"))

    report = remove(PACK_ID)

    assert report.removed == (installed_home() / PACK_ID,) and report.version == "1.0.0"
    assert "stay in the log" in report.notes[0]
    assert report.now_used is None
    assert PACK_ID not in catalog.load_catalog().packs
    assert list(installed_home().iterdir()) == []


def test_removing_an_installed_pack_uncovers_a_pack_path_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(write_pack(tmp_path / "pack"))
    shelf = tmp_path / "shelf"
    write_pack(shelf / "mine")
    monkeypatch.setenv("TUTOR_PACK_PATH", str(shelf))

    assert remove(PACK_ID).now_used == shelf / "mine"


def test_remove_refuses_built_in_and_pack_path_packs(
    tmp_path: Path, builtins: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_pack(builtins / "shipped")
    with pytest.raises(TutorError, match="built into the tutor.*only installed packs"):
        remove(PACK_ID)
    assert (builtins / "shipped" / "pack.yaml").is_file()

    shelf = tmp_path / "shelf"
    write_pack(shelf / "other", {"pack.yaml": PACK_YAML.replace(PACK_ID, "other")})
    monkeypatch.setenv("TUTOR_PACK_PATH", str(shelf))
    with pytest.raises(TutorError, match=f"TUTOR_PACK_PATH, at {shelf / 'other'}"):
        remove("other")
    assert (shelf / "other" / "pack.yaml").is_file()


def test_remove_an_unknown_or_unsafe_id(tmp_path: Path) -> None:
    keep = write_pack(paths.data_home() / "keep")
    for pack_id in ("nothing-here", "../keep", ".."):
        with pytest.raises(NotFound, match="no installed pack"):
            remove(pack_id)
    assert (keep / "pack.yaml").is_file()


def test_remove_takes_away_a_broken_install_too() -> None:
    broken = write_pack(installed_home() / PACK_ID, {"pack.yaml": "id: [\n"})

    assert remove(PACK_ID).removed == (broken,)
    assert not broken.exists()


# Exporting -------------------------------------------------------------------------------------


def test_export_then_install_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shelf = tmp_path / "shelf"
    source = write_pack(shelf / "mine", {"lessons/extra.md": "More.\n"})
    monkeypatch.setenv("TUTOR_PACK_PATH", str(shelf))
    output = tmp_path / "out" / "test-pack.zip"
    output.parent.mkdir()

    report = export(PACK_ID, output)

    assert (report.origin, report.files, report.size) == ("path", 3, output.stat().st_size)
    with zipfile.ZipFile(output) as opened:
        infos = opened.infolist()
    assert [info.filename for info in infos] == [
        "test-pack/lessons/extra.md",
        "test-pack/pack.yaml",
        "test-pack/units/one.yaml",
    ]
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    # Deterministic: the same pack gives the same bytes.
    again = export(PACK_ID, tmp_path / "out" / "again.zip").output
    assert again.read_bytes() == output.read_bytes()
    assert sorted(p.name for p in output.parent.iterdir()) == ["again.zip", "test-pack.zip"]

    install(output)
    assert files_of(installed_home() / PACK_ID) == files_of(source)
    assert catalog.load_catalog().origin(PACK_ID) == "installed"
    # An installed pack exports to the same archive.
    export(PACK_ID, again)
    assert again.read_bytes() == output.read_bytes()
    assert PackSource.open(output).fingerprint() == PackSource.open(source).fingerprint()


def test_export_refuses_what_it_cannot_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shelf = tmp_path / "shelf"
    source = write_pack(shelf / "mine")
    monkeypatch.setenv("TUTOR_PACK_PATH", str(shelf))
    with pytest.raises(NotFound, match="no pack 'other'; the packs are: test-pack"):
        export("other", tmp_path / "other.zip")
    with pytest.raises(TutorError, match="end the name in .zip"):
        export(PACK_ID, tmp_path / "pack.tar")
    with pytest.raises(TutorError, match="there is no folder"):
        export(PACK_ID, tmp_path / "missing" / "pack.zip")
    with pytest.raises(TutorError, match="inside the pack being exported"):
        export(PACK_ID, source / "pack.zip")
    assert not (source / "pack.zip").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# The commands ----------------------------------------------------------------------------------

runner = CliRunner()


def commands() -> typer.Typer:
    """The three commands, registered as the lead registers them on `tutor packs`."""
    app = typer.Typer()
    app.command("install")(cli_packs.packs_install)
    app.command("remove")(cli_packs.packs_remove)
    app.command("export")(cli_packs.packs_export)
    return app


def test_install_command_prints_the_report(tmp_path: Path) -> None:
    runner.invoke(commands(), ["install", str(write_pack(tmp_path / "v1"))])

    result = runner.invoke(commands(), ["install", str(version_two(tmp_path / "v2"))])

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Upgraded test-pack 1.0.0 → 1.1.0 (Test pack): 2 skills, 6 questions.",
        f"  in {installed_home() / PACK_ID}",
        "Questions: 2 kept, 4 added (three-and-three, double-two, double-three, double-four), "
        "1 removed (not-five).",
        "Skills: 1 added (doubling), none removed.",
        reports.HISTORY_KEPT,
    ]


def test_installing_a_new_version_rederives_mastery_with_its_numbers(tmp_path: Path) -> None:
    """A skill's mastery follows its pack's knowledge-tracing numbers: a version with a higher
    prior has every learner's mastery derived again from the log, not left as the old one had it.
    """
    from tutor_tui.service.tutor import Tutor
    from tutor_tui.store.database import Store

    runner.invoke(commands(), ["install", str(write_pack(tmp_path / "v1"))])
    # Not the shared fixtures: the command rederives the data home's database, which the study
    # must be stored in, not the test's in-memory store.
    v1 = catalog.load_catalog().get(PACK_ID)
    assert v1 is not None
    store = Store.open()  # the data home's database, as the commands open it
    tutor = Tutor(store, {PACK_ID: v1}, FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)))
    ann = tutor.add_learner("Ann")
    tutor.answer(ann, PACK_ID, "two-and-two", "4")
    before = store.skill_states(ann.id)[(PACK_ID, "adding")].p_known
    store.close()
    manifest = PACK_YAML.replace("version: 1.0.0", "version: 1.0.1") + "mastery:\n  prior: 0.5\n"
    v2 = write_pack(tmp_path / "v2", {"pack.yaml": manifest})

    result = runner.invoke(commands(), ["install", str(v2)])

    assert result.exit_code == 0, result.output
    assert "Mastery and reviews brought up to date with the pack: 1 skill state." in result.stdout
    store = Store.open()
    try:
        after = store.skill_states(ann.id)[(PACK_ID, "adding")].p_known
    finally:
        store.close()
    assert after > before


def test_a_pack_installed_where_the_database_is_damaged_says_so_and_succeeds(
    tmp_path: Path, tutor_home: Path
) -> None:
    (tutor_home / "tutor.db").write_bytes(b"not a database at all")
    result = runner.invoke(commands(), ["install", str(write_pack(tmp_path / "v1"))])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Installed test-pack 1.0.0")
    assert "mastery was not brought up to date" in result.stderr
    assert "tutor doctor --rebuild" in result.stderr
    assert catalog.load_catalog().get(PACK_ID) is not None


def test_install_command_prints_every_located_error_and_fails(tmp_path: Path) -> None:
    source = write_pack(tmp_path / "bad", {"pack.yaml": PACK_YAML + "colour: red\n"})

    result = runner.invoke(commands(), ["install", str(source)])

    assert result.exit_code == 1 and isinstance(result.exception, InstallRefused)
    assert result.stderr.splitlines() == [f"{source / 'pack.yaml'}:5:1: unknown key 'colour'"]
    assert str(result.exception) == f"cannot install {source}: 1 error; nothing was installed"

    result = runner.invoke(commands(), ["install", "--json", str(source)])
    assert json.loads(result.stdout) == {
        "installed": False,
        "path": str(source),
        "errors": [
            {
                "file": str(source / "pack.yaml"),
                "line": 5,
                "column": 1,
                "message": "unknown key 'colour'",
            }
        ],
        "warnings": [],
    }


def test_install_json_and_remove_and_export_commands(tmp_path: Path) -> None:
    result = runner.invoke(commands(), ["install", "--json", str(write_pack(tmp_path / "v1"))])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert (report["installed"], report["id"], report["change"]) == (True, PACK_ID, None)

    output = tmp_path / "pack.zip"
    result = runner.invoke(commands(), ["export", PACK_ID, "-o", str(output)])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Wrote test-pack 1.0.0 to {output} (2 files")
    not_a_zip = runner.invoke(commands(), ["export", PACK_ID, "-o", str(tmp_path / "a.txt")])
    assert not_a_zip.exit_code == 2

    result = runner.invoke(commands(), ["remove", PACK_ID])
    assert result.exit_code == 0
    removed = f"Removed test-pack 1.0.0 ({installed_home() / PACK_ID})."
    assert result.stdout.splitlines()[0] == removed

    result = runner.invoke(commands(), ["remove", PACK_ID])
    assert result.exit_code == 1 and isinstance(result.exception, NotFound)


def test_long_lists_of_ids_are_shortened_on_screen() -> None:
    ids = [f"q{n}" for n in range(10)]
    assert cli_packs._ids("added", ids) == "10 added (q0, q1, q2, q3, q4, q5, q6, q7 and 2 more)"
    assert cli_packs._ids("removed", []) == "none removed"


def test_nothing_is_left_in_the_data_home_but_installed_packs(tmp_path: Path) -> None:
    install(write_pack(tmp_path / "v1"))
    install(version_two(tmp_path / "v2"))
    remove(PACK_ID)
    assert [p for p in installed_home().iterdir()] == []
    assert os.listdir(installed_home()) == []


def test_what_a_stopped_install_left_is_swept_once_old(tmp_path: Path) -> None:
    home = installed_home()
    home.mkdir(parents=True)
    left = [home / ".tmp-test-pack-0123", home / ".old-test-pack-4567", home / ".removing-x-89"]
    for folder in left:
        (folder / "units").mkdir(parents=True)
        (folder / "units" / "one.yaml").write_text(UNIT_YAML, encoding="utf-8")
    fresh = home / ".tmp-other-pack-abcd"  # another install, at work now
    fresh.mkdir()
    only = home / ".old-other-pack-ef01"  # a swap that failed half-way: the only copy left
    only.mkdir()
    (home / ".keep").write_text("not the tutor's", encoding="utf-8")
    hour_ago = time.time() - installing.STALE_SECONDS - 60
    for folder in [*left, only]:
        os.utime(folder, (hour_ago, hour_ago))

    install(write_pack(tmp_path / "pack"))

    assert sorted(p.name for p in home.iterdir()) == [
        ".keep", ".old-other-pack-ef01", ".tmp-other-pack-abcd", PACK_ID,
    ]  # fmt: skip


def test_validate_and_install_refuse_the_same_file_too_large_even_one_no_unit_names(
    tmp_path: Path,
) -> None:
    # An installed pack holds every file of its folder: a large one no unit names (a video, a
    # source document) is refused by validation as it is by installing.
    from testkit.packs import write_pack

    from tutor_tui.packs.loader import load_pack

    source = write_pack(tmp_path / "pack", {"notes/lecture.mp4": b"\0" * (2 * 1024 * 1024 + 1)})
    [error] = load_pack(source).errors
    assert (error.file.endswith("lecture.mp4"), error.message) == (
        True,
        "file is larger than 2 MiB; split it into smaller files",
    )
    with pytest.raises(TutorError, match="1 error; nothing was installed"):
        install(source)
