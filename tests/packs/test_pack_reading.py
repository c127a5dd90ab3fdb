"""How packs are read: YAML 1.2, numbers written as text, the author guide's decisions, zips."""

from __future__ import annotations

import math
import textwrap
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pytest
from testkit.packs import (
    BASE_FILES,
    PACK_YAML,
    UNIT_YAML,
    dedent,
    load,
    only_error,
    where,
    write_pack,
)

from tutor_tui.core.content import ChoiceQuestion, NumericQuestion, Pack, TrueFalseQuestion
from tutor_tui.packs.loader import load_pack
from tutor_tui.packs.result import Problem
from tutor_tui.packs.yamltree import YamlFloat, YamlInt, parse


def loaded(root: Path, files: Mapping[str, str | bytes | None] | None = None) -> Pack:
    """The pack, which must load without errors."""
    result = load(root, files)
    assert result.ok and result.pack is not None, "\n".join(map(str, result.errors))
    return result.pack


def one_question_unit(question: str) -> str:
    """The base unit with its first question, from line 8, replaced by `question`."""
    start = UNIT_YAML.index("      - id: two-and-two")
    end = UNIT_YAML.index("      - id: not-five")
    return UNIT_YAML[:start] + textwrap.indent(dedent(question), " " * 6) + UNIT_YAML[end:]


# YAML 1.2 --------------------------------------------------------------------------------------


def test_yes_no_and_on_stay_text(tmp_path: Path) -> None:
    unit = one_question_unit(
        """
        - id: vote
          type: choice
          prompt: on
          choices: [yes, no, off, y, n]
          answer: no
          explanation: Off.
        """
    )
    pack_yaml = PACK_YAML + "language: no\n"  # Norwegian, not false
    pack = loaded(tmp_path, {"pack.yaml": pack_yaml, "units/one.yaml": unit})
    question = pack.question("vote")
    assert isinstance(question, ChoiceQuestion)
    assert question.prompt == "on"
    assert question.choices == ("yes", "no", "off", "y", "n")
    assert question.answer == "no"
    assert pack.language == "no"


def test_yes_is_not_a_boolean(tmp_path: Path) -> None:
    unit = one_question_unit(
        """
        - id: q
          type: truefalse
          prompt: Is it?
          answer: yes
        """
    )
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 11, 17)
    assert message == "'answer' should be true or false, not 'yes'"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("~", None),
        ("null", None),
        ("NULL", None),
        ("", None),
        ("True", True),
        ("FALSE", False),
        ("yes", "yes"),
        ("on", "on"),
        ("0o17", 15),
        ("0x1F", 31),
        ("-12", -12),
        ("+3.5", 3.5),
        ("1e3", 1000.0),
        (".inf", math.inf),
        ("-.Inf", -math.inf),
        ("+.INF", math.inf),
        ("1e999", math.inf),
        ("017", 17),
        ("1_000", "1_000"),
        ("0b101", "0b101"),
        ("12:30", "12:30"),
    ],
)
def test_plain_scalars_resolve_by_the_yaml_12_core_schema(written: str, expected: object) -> None:
    value = parse(f"key: {written}\n").value["key"]
    assert value == expected and type(value) in (type(expected), YamlInt, YamlFloat)


@pytest.mark.parametrize("written", [".nan", ".NaN", ".NAN"])
def test_not_a_number_is_read(written: str) -> None:
    assert math.isnan(parse(f"key: {written}\n").value["key"])


def test_true_and_false_are_booleans_in_any_yaml_12_spelling(tmp_path: Path) -> None:
    unit = UNIT_YAML.replace("answer: false", "answer: False")
    question = loaded(tmp_path, {"units/one.yaml": unit}).question("not-five")
    assert isinstance(question, TrueFalseQuestion) and question.answer is False


# Numbers and booleans where text is expected ----------------------------------------------------


def test_numbers_as_text_stand_as_written(tmp_path: Path) -> None:
    unit = one_question_unit(
        """
        - id: q
          type: choice
          prompt: What is 7 / 2?
          choices: [3, 3.5, 3.50, 0x1F, 1e3]
          answer: 3.5
          explanation: Seven halves.
        """
    )
    question = loaded(tmp_path, {"units/one.yaml": unit}).question("q")
    assert isinstance(question, ChoiceQuestion)
    assert question.choices == ("3", "3.5", "3.50", "0x1F", "1e3")
    assert question.answer == "3.5"


def test_booleans_as_text_stand_as_written(tmp_path: Path) -> None:
    unit = one_question_unit(
        """
        - id: q
          type: choice
          prompt: true
          choices: [true, false]
          answer: true
          explanation: It is.
        """
    )
    question = loaded(tmp_path, {"units/one.yaml": unit}).question("q")
    assert isinstance(question, ChoiceQuestion)
    assert (question.prompt, question.choices, question.answer) == (
        "true",
        ("true", "false"),
        "true",
    )


@pytest.mark.parametrize(
    ("written", "value", "shown"),
    [
        ("3", 3.0, "3"),
        ('"3/4"', 0.75, "3/4"),
        ("1 1/2", 1.5, "1 1/2"),
        (".5", 0.5, ".5"),
        ("5e-1", 0.5, "5e-1"),
        ("-2.50", -2.5, "-2.50"),
    ],
)
def test_a_numeric_answer_as_written(
    tmp_path: Path, written: str, value: float, shown: str
) -> None:
    unit = UNIT_YAML.replace("answer: 5\n", f"answer: {written}\n")
    question = loaded(tmp_path, {"units/one.yaml": unit}).question("two-and-three")
    assert isinstance(question, NumericQuestion)
    assert question.answer == value
    assert question.answer_text == shown


@pytest.mark.parametrize(
    ("written", "tolerance", "percent"),
    [("0.5", 0.5, False), ("2%", 2.0, True), ('" 2.5 % "', 2.5, True)],
)
def test_tolerances(tmp_path: Path, written: str, tolerance: float, percent: bool) -> None:
    unit = UNIT_YAML.replace("answer: 5\n", f"answer: 5\n        tolerance: {written}\n")
    question = loaded(tmp_path, {"units/one.yaml": unit}).question("two-and-three")
    assert isinstance(question, NumericQuestion)
    assert (question.tolerance, question.tolerance_is_percent) == (tolerance, percent)


def test_ids_are_text_of_any_form_except_pack_and_skill_ids(tmp_path: Path) -> None:
    unit = UNIT_YAML.replace("id: one", "id: Unit One!").replace("id: not-five", "id: Q 2 (b)")
    unit = unit.replace("id: two-and-three", "id: 42")
    pack = loaded(tmp_path, {"units/one.yaml": unit})
    assert pack.units[0].id == "Unit One!"
    assert {q.id for q in pack.questions()} == {"two-and-two", "Q 2 (b)", "42"}


def test_a_skill_id_written_as_a_number(tmp_path: Path) -> None:
    pack = loaded(tmp_path, {"units/one.yaml": UNIT_YAML.replace("id: adding", "id: 101")})
    assert [skill.id for skill in pack.skills] == ["101"]


def test_a_skill_id_with_capitals_is_refused(tmp_path: Path) -> None:
    unit = UNIT_YAML.replace("id: adding", "id: Adding")
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 4, 9)
    assert message.startswith("skill id 'Adding' must start with a lower-case letter or digit")


def test_the_str_tag_is_allowed(tmp_path: Path) -> None:
    unit = UNIT_YAML.replace("answer: 5\n", "answer: 5\n        unit: !!str 10\n")
    question = loaded(tmp_path, {"units/one.yaml": unit}).question("two-and-three")
    assert isinstance(question, NumericQuestion) and question.unit == "10"


# Files and layout ------------------------------------------------------------------------------


def test_crlf_line_endings_and_a_byte_order_mark(tmp_path: Path) -> None:
    files: dict[str, str | bytes | None] = {
        name: "\ufeff" + text.replace("\n", "\r\n") for name, text in BASE_FILES.items()
    }
    pack = loaded(tmp_path, files)
    assert pack.skills[0].lesson == "Two and two make four."


def test_positions_are_right_with_crlf(tmp_path: Path) -> None:
    unit = UNIT_YAML.replace('answer: "4"', 'answer: "5"').replace("\n", "\r\n")
    file, line, column, _ = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 12, 17)


def test_lone_carriage_returns_in_a_lesson_file_become_newlines(tmp_path: Path) -> None:
    unit = UNIT_YAML.replace("lesson: Two and two make four.", "lesson_file: lessons/a.md")
    files = {"units/one.yaml": unit, "lessons/a.md": "# Adding\rTwo and two.\r\n"}
    assert loaded(tmp_path, files).skills[0].lesson == "# Adding\nTwo and two.\n"


def test_units_load_in_name_order_when_not_listed(tmp_path: Path) -> None:
    two = UNIT_YAML.replace("id: one", "id: two").replace("id: adding", "id: more")
    for ident in ("two-and-two", "not-five", "two-and-three"):
        two = two.replace(f"id: {ident}", f"id: {ident}-b")
    pack = loaded(
        tmp_path, {"units/one.yaml": None, "units/b.yaml": UNIT_YAML, "units/a.yaml": two}
    )
    assert [unit.id for unit in pack.units] == ["two", "one"]


def test_units_load_in_the_order_listed(tmp_path: Path) -> None:
    two = UNIT_YAML.replace("id: one", "id: two").replace("id: adding", "id: more")
    for ident in ("two-and-two", "not-five", "two-and-three"):
        two = two.replace(f"id: {ident}", f"id: {ident}-b")
    pack_yaml = PACK_YAML + "units: [more/two.yaml, units/one.yaml]\n"
    pack = loaded(tmp_path, {"pack.yaml": pack_yaml, "more/two.yaml": two})
    assert [unit.id for unit in pack.units] == ["two", "one"]


def test_unlisted_unit_files_are_warned_of(tmp_path: Path) -> None:
    pack_yaml = PACK_YAML + "units: [units/one.yaml]\n"
    result = load(tmp_path, {"pack.yaml": pack_yaml, "units/extra.yaml": "not even: [valid"})
    assert result.ok
    assert where(tmp_path, result.warnings) == [("units/extra.yaml", 1, 1)]
    assert "not listed in pack.yaml's units" in result.warnings[0].message


def test_yml_unit_files_are_ignored_with_a_warning(tmp_path: Path) -> None:
    result = load(tmp_path, {"units/two.yml": "not even: [valid"})
    assert result.ok
    assert where(tmp_path, result.warnings) == [("units/two.yml", 1, 1)]
    assert "ignored" in result.warnings[0].message and ".yaml" in result.warnings[0].message


def test_a_yml_unit_file_listed_in_units_is_loaded_without_a_warning(tmp_path: Path) -> None:
    pack_yaml = PACK_YAML + "units: [units/one.yml]\n"
    files = {"pack.yaml": pack_yaml, "units/one.yaml": None, "units/one.yml": UNIT_YAML}
    result = load(tmp_path, files)
    assert result.ok and result.pack is not None
    assert [unit.id for unit in result.pack.units] == ["one"]
    assert result.warnings == []


def test_hidden_files_are_not_part_of_a_pack(tmp_path: Path) -> None:
    result = load(tmp_path, {"units/.draft.yaml": "broken: [", ".git/units/x.yaml": "broken: ["})
    assert result.ok and result.warnings == []


def test_mastery_defaults_and_overrides(tmp_path: Path) -> None:
    pack_yaml = PACK_YAML + "mastery: {threshold: 0.9, guess: 0.25}\n"
    unit = UNIT_YAML.replace("    lesson:", "    mastery: {slip: 0.05}\n    lesson:")
    mastery = loaded(tmp_path, {"pack.yaml": pack_yaml, "units/one.yaml": unit}).skills[0].mastery
    assert (mastery.threshold, mastery.guess, mastery.slip) == (0.9, 0.25, 0.05)
    assert (mastery.prior, mastery.learn) == (0.1, 0.2)


# Zips ------------------------------------------------------------------------------------------


def write_zip(path: Path, files: dict[str, str], folder: str = "") -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(folder + name, text)
    return path


def test_a_zip_with_the_pack_at_its_top(tmp_path: Path) -> None:
    result = load_pack(write_zip(tmp_path / "pack.zip", BASE_FILES))
    assert result.ok and result.pack is not None
    assert result.pack.id == "test-pack"
    assert result.warnings == []


def test_a_zip_with_the_pack_in_one_folder(tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "pack.zip", BASE_FILES, folder="test-pack/")
    with zipfile.ZipFile(archive, "a") as more:
        more.writestr("__MACOSX/test-pack/._pack.yaml", "resource fork")  # as macOS adds
    result = load_pack(archive)
    assert result.ok and result.pack is not None
    assert result.pack.id == "test-pack"


def test_errors_in_a_zip_name_the_file_inside_it(tmp_path: Path) -> None:
    unit = UNIT_YAML.replace('answer: "4"', 'answer: "5"')
    archive = write_zip(tmp_path / "pack.zip", {**BASE_FILES, "units/one.yaml": unit}, "p/")
    result = load_pack(archive)
    assert [(p.file, p.line, p.column) for p in result.errors] == [
        (f"{archive}/units/one.yaml", 12, 17)
    ]


def test_a_zip_with_names_leaving_it_is_refused_whole(tmp_path: Path) -> None:
    """An archive naming a file outside its folder was made to trick an unpacker: it is not read
    without that entry, quietly, but refused, as `tutor packs install` refuses it."""
    unit = UNIT_YAML.replace("lesson: Two and two make four.", "lesson_file: ../evil.md")
    files = {**BASE_FILES, "units/one.yaml": unit, "../evil.md": "evil"}
    archive = write_zip(tmp_path / "pack.zip", files)
    with zipfile.ZipFile(archive) as check:
        assert "../evil.md" in check.namelist()  # the archive really holds the hostile name
    result = load_pack(archive)
    assert [(p.file, p.line, p.column) for p in result.errors] == [(str(archive), 1, 1)]
    assert result.errors[0].message == "the entry '../evil.md' climbs out of its folder with '..'"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["pack.zip"]


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("p/lessons/../../lessons/x.md", "climbs out of its folder"),
        ("/etc/x.md", "is an absolute path"),
        ("C:/x.md", "is an absolute path"),
        ("lessons\\x.md", "holds a backslash"),
    ],
)
def test_a_zip_with_a_hostile_name_inside_a_folder_is_refused(
    tmp_path: Path, name: str, why: str
) -> None:
    archive = write_zip(tmp_path / "pack.zip", BASE_FILES, folder="p/")
    with zipfile.ZipFile(archive, "a") as opened:
        opened.writestr(name, "evil")
    [problem] = load_pack(archive).errors
    assert why in problem.message and (problem.line, problem.column) == (1, 1)


@pytest.mark.parametrize("name", [".", "", "\x00x"])
def test_a_zip_entry_naming_no_file_is_refused_not_a_crash(tmp_path: Path, name: str) -> None:
    archive = write_zip(tmp_path / "pack.zip", BASE_FILES)
    with zipfile.ZipFile(archive, "a") as opened:
        opened.writestr(zipfile.ZipInfo(name), "x")
    [problem] = load_pack(archive).errors
    assert "names no file" in problem.message


def test_a_zip_of_several_folders_says_so_not_that_pack_yaml_is_missing(tmp_path: Path) -> None:
    archive = tmp_path / "two.zip"
    with zipfile.ZipFile(archive, "w") as opened:
        for folder in ("one/", "two/"):
            for name, text in BASE_FILES.items():
                opened.writestr(folder + name, text)
    [problem] = load_pack(archive).errors
    assert "2 things there (one, two): zip the pack's folder alone" in problem.message


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_zip_is_refused_clearly(tmp_path: Path, damage: str) -> None:
    good = write_zip(tmp_path / "good.zip", BASE_FILES).read_bytes()
    data = b"PK\x03\x04 not really a zip" if damage == "garbage" else good[: len(good) // 2]
    archive = tmp_path / "pack.zip"
    archive.write_bytes(data)
    result = load_pack(archive)
    assert not result.ok
    assert [(p.file, p.line, p.column) for p in result.errors] == [(str(archive), 1, 1)]
    assert "not a readable .zip" in result.errors[0].message


def test_a_zip_with_a_damaged_file_names_that_file(tmp_path: Path) -> None:
    data = write_zip(tmp_path / "good.zip", BASE_FILES).read_bytes()
    at = data.index(b"title: Test pack")
    archive = tmp_path / "pack.zip"
    archive.write_bytes(data[:at] + b"title: Best pack" + data[at + 16 :])  # breaks the CRC
    result = load_pack(archive)
    assert [(p.file, p.line, p.column) for p in result.errors] == [(f"{archive}/pack.yaml", 1, 1)]
    assert "cannot be read from the archive" in result.errors[0].message


def test_a_folder_and_its_zip_give_the_same_problems(tmp_path: Path) -> None:
    unit = UNIT_YAML.replace('answer: "4"', 'answer: "5"')
    unit = unit.replace("lesson: Two and two make four.", "lesson_file: Lessons/a.md")
    files = {**BASE_FILES, "units/one.yaml": unit, "lessons/a.md": "A.", "units/b.yml": "x: 1"}
    folder = write_pack(tmp_path / "pack", files)
    archive = write_zip(tmp_path / "pack.zip", files, folder="pack/")

    from_folder, from_zip = load_pack(folder), load_pack(archive)

    def seen(problems: list[Problem], root: Path) -> list[tuple[str, int, int, str]]:
        return [(p.file.removeprefix(f"{root}/"), p.line, p.column, p.message) for p in problems]

    assert seen(from_folder.errors, folder) == seen(from_zip.errors, archive)
    assert seen(from_folder.warnings, folder) == seen(from_zip.warnings, archive)
    # Capitals count everywhere, even on a disk that ignores them: the zip would refuse it.
    assert "'Lessons/a.md' does not exist in the pack" in [p.message for p in from_folder.errors]


def test_a_hidden_lesson_file_is_not_part_of_the_pack(tmp_path: Path) -> None:
    unit = UNIT_YAML.replace("lesson: Two and two make four.", "lesson_file: lessons/.a.md")
    result = load(tmp_path, {"units/one.yaml": unit, "lessons/.a.md": "Hidden."})
    file, line, column, message = only_error(tmp_path, result)
    assert (file, line, column) == ("units/one.yaml", 6, 18)
    assert message == "'lessons/.a.md' does not exist in the pack"
