"""The `tutor packs` commands: validate, list, show and new."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from testkit.packs import PACK_YAML, UNIT_YAML, write_pack
from typer.testing import CliRunner

from tutor_tui.cli import main as cli
from tutor_tui.cli import program
from tutor_tui.core.errors import TutorError
from tutor_tui.packs import catalog

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, BaseException | None]:
    result = runner.invoke(cli.app, list(args))
    return result.exit_code, result.output, result.exception


@pytest.fixture
def shelf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of packs on TUTOR_PACK_PATH, with the built-in packs hidden."""
    empty = tmp_path / "no-builtins"
    empty.mkdir()
    monkeypatch.setattr(catalog, "builtin_packs_home", lambda: empty)
    folder = tmp_path / "shelf"
    folder.mkdir()
    monkeypatch.setenv("TUTOR_PACK_PATH", str(folder))
    return folder


def two_skill_pack(root: Path) -> Path:
    """The base pack and a second skill, `subtracting`, that requires `adding`."""
    second = UNIT_YAML.replace("id: one", "id: two").replace("title: Unit one", "title: Unit two")
    second = second.replace("id: adding", "id: subtracting").replace(
        "title: Adding", "title: Taking away"
    )
    second = second.replace("    lesson:", "    requires: [adding]\n    lesson:")
    for ident in ("two-and-two", "not-five", "two-and-three"):
        second = second.replace(f"id: {ident}", f"id: {ident}-b")
    return write_pack(root, {"units/two.yaml": second})


# validate --------------------------------------------------------------------------------------


def test_validate_a_valid_pack(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "pack")
    code, output, _ = invoke("packs", "validate", str(root))
    assert code == 0
    assert output.startswith(f"ok: {root}: test-pack 1.0.0, 1 skills, 3 questions")


def test_validate_an_invalid_pack(tmp_path: Path) -> None:
    root = write_pack(
        tmp_path / "pack", {"units/one.yaml": UNIT_YAML.replace('answer: "4"', "answer: 5")}
    )
    code, output, _ = invoke("packs", "validate", str(root))
    assert code == 1
    lines = output.splitlines()
    assert lines[0] == f"{root / 'units/one.yaml'}:12:17: answer '5' is not one of the choices"
    assert lines[-1] == f"invalid: {root}: 1 error, 0 warnings"


def test_validate_prints_warnings_and_still_succeeds(tmp_path: Path) -> None:
    unit = UNIT_YAML.replace("        explanation: It is 4.\n", "")
    root = write_pack(tmp_path / "pack", {"units/one.yaml": unit})
    code, output, _ = invoke("packs", "validate", str(root))
    assert code == 0
    assert (
        f"{root / 'units/one.yaml'}:14:9: warning: question 'not-five' has no explanation" in output
    )


def test_validate_fails_if_any_of_several_packs_is_invalid(tmp_path: Path) -> None:
    good = write_pack(tmp_path / "good")
    code, output, _ = invoke("packs", "validate", str(good), str(tmp_path / "missing"))
    assert code == 1
    assert f"ok: {good}" in output and f"invalid: {tmp_path / 'missing'}" in output


def test_validate_without_a_path_is_a_usage_error() -> None:
    code, _, _ = invoke("packs", "validate")
    assert code == 2


def test_validate_json(tmp_path: Path) -> None:
    good = write_pack(tmp_path / "good")
    bad = write_pack(tmp_path / "bad", {"pack.yaml": PACK_YAML + "colour: red\n"})
    code, output, _ = invoke("packs", "validate", "--json", str(good), str(bad))
    assert code == 1
    reports = json.loads(output)
    assert [set(report) for report in reports] == [{"path", "ok", "errors", "warnings"}] * 2
    assert [(report["path"], report["ok"]) for report in reports] == [
        (str(good), True),
        (str(bad), False),
    ]
    assert reports[0]["errors"] == [] and reports[0]["warnings"] == []
    assert reports[1]["errors"] == [
        {
            "file": str(bad / "pack.yaml"),
            "line": 5,
            "column": 1,
            "message": "unknown key 'colour'",
        }
    ]


def test_validate_json_lists_warnings_in_the_same_shape(tmp_path: Path) -> None:
    unit = UNIT_YAML.replace("    lesson: Two and two make four.\n", "")
    root = write_pack(tmp_path / "pack", {"units/one.yaml": unit})
    code, output, _ = invoke("packs", "validate", "--json", str(root))
    assert code == 0
    (report,) = json.loads(output)
    assert report["ok"] is True
    assert report["warnings"] == [
        {
            "file": str(root / "units/one.yaml"),
            "line": 4,
            "column": 5,
            "message": "skill 'adding' has no lesson",
        }
    ]


# list ------------------------------------------------------------------------------------------


def test_list_json(shelf: Path) -> None:
    root = two_skill_pack(shelf / "test-pack")
    code, output, _ = invoke("packs", "list", "--json")
    assert code == 0
    assert json.loads(output) == [
        {
            "id": "test-pack",
            "title": "Test pack",
            "version": "1.0.0",
            "path": str(root),
            "source": "path",
            "skills": 2,
            "lessons": 2,
            "questions": 6,
            "question_types": {"choice": 2, "truefalse": 2, "numeric": 2},
        }
    ]


def test_list_says_what_is_broken_and_what_is_shadowed(
    shelf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "500")  # one line per message, however long the paths
    write_pack(shelf / "a-first")
    write_pack(shelf / "b-second")
    write_pack(shelf / "c-broken", {"pack.yaml": "format: 1\n"})
    code, output, _ = invoke("packs", "list")
    assert code == 0
    assert "test-pack" in output
    assert f"not loaded: {shelf / 'c-broken'} has errors" in output
    assert f"shadowed: {shelf / 'b-second'} has the id of {shelf / 'a-first'}" in output


def test_list_with_no_packs(shelf: Path) -> None:
    code, output, _ = invoke("packs", "list", "--json")
    assert code == 0 and json.loads(output) == []
    code, output, _ = invoke("packs", "list")
    assert code == 0 and "No packs found" in output


# show ------------------------------------------------------------------------------------------


def test_show_draws_what_each_skill_leads_to(shelf: Path) -> None:
    two_skill_pack(shelf / "test-pack")
    code, output, _ = invoke("packs", "show", "test-pack")
    assert code == 0
    lines = output.splitlines()
    assert lines[0] == "Test pack (test-pack 1.0.0)"
    adding = next(
        i for i, line in enumerate(lines) if "Adding (adding: lesson, 3 questions)" in line
    )
    taking = next(i for i, line in enumerate(lines) if "Taking away (subtracting:" in line)
    # `subtracting` requires `adding`, so it hangs below it, indented one more level.
    assert taking == adding + 1
    assert lines[taking].index("Taking") > lines[adding].index("Adding")


def test_show_says_when_no_skill_requires_another(shelf: Path) -> None:
    flat = two_skill_pack(shelf / "test-pack")
    unit = flat / "units" / "two.yaml"
    unit.write_text(unit.read_text().replace("    requires: [adding]\n", ""))
    code, output, _ = invoke("packs", "show", "test-pack")
    assert code == 0 and "No skill requires another" in output
    unit.write_text(
        unit.read_text().replace("    lesson:", "    requires: [adding]\n    lesson:", 1)
    )
    code, output, _ = invoke("packs", "show", "test-pack")
    assert code == 0 and "No skill requires another" not in output


def test_show_an_unknown_pack(shelf: Path) -> None:
    write_pack(shelf / "test-pack")
    code, _, error = invoke("packs", "show", "nothing")
    assert code == 1
    assert isinstance(error, TutorError)
    assert "no pack 'nothing'" in str(error) and "test-pack" in str(error)


# new -------------------------------------------------------------------------------------------


def test_new_writes_a_pack_that_validates(tmp_path: Path) -> None:
    folder = tmp_path / "fractions"
    code, output, _ = invoke("packs", "new", str(folder))
    assert code == 0
    assert f"tutor packs validate {folder}" in output
    code, output, _ = invoke("packs", "validate", str(folder))
    assert code == 0
    assert "(0 warnings)" in output


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("mine", encoding="utf-8")
    code, _, error = invoke("packs", "new", str(tmp_path))
    assert code == 1
    assert isinstance(error, TutorError) and "not empty" in str(error)
    assert os.listdir(tmp_path) == ["notes.md"]


@pytest.mark.parametrize("name", ["", ".", "..", "/", " padded", "a\x1bb"])
def test_new_refuses_what_names_no_new_folder_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    # "" is the current folder, which would take the pack's files among whatever is there.
    monkeypatch.chdir(tmp_path)
    code, _, error = invoke("packs", "new", name)
    assert code == 1 and "does not name a new folder" in str(error)
    assert os.listdir(tmp_path) == []


def test_new_leaves_nothing_when_the_pack_cannot_be_written_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object, **kwargs: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full)
    code, _, error = invoke("packs", "new", str(tmp_path / "pack"))
    assert code == 1 and "No space left" in str(error)
    assert os.listdir(tmp_path) == []


def test_the_program_turns_a_refusal_into_one_line_and_status_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.md").write_text("mine", encoding="utf-8")
    monkeypatch.setattr("sys.argv", ["tutor", "packs", "new", str(tmp_path)])
    with pytest.raises(SystemExit) as exit_info:
        program.main()
    assert exit_info.value.code == 1
    assert (
        capsys.readouterr().err
        == f"error: {tmp_path}: already exists and is not empty; choose a new folder\n"
    )


def test_show_draws_a_chain_of_prerequisites_deeper_than_recursion_cut_to_a_terminal(
    shelf: Path,
) -> None:
    # Each skill requires the one before: drawn by recursion it ended in a RecursionError past
    # 1,000 or so (3,000 are drawn as these are), and drawn whole it is wider than any terminal.
    skills = "".join(
        f"  - id: s{n}\n    title: Step {n}\n"
        + (f"    requires: [s{n - 1}]\n" if n else "")
        + f"    questions:\n      - id: q{n}\n        type: truefalse\n"
        f"        prompt: Step {n}?\n        answer: true\n"
        for n in range(1200)
    )
    write_pack(shelf / "chain", {"units/one.yaml": f"id: one\ntitle: One\nskills:\n{skills}"})
    code, output, error = invoke("packs", "show", "test-pack")
    assert (code, error) == (0, None)
    assert "Step 0 " in output and "Step 15 " in output and "Step 17 " not in output
    assert "↪ Step 16 and 1183" in " ".join(output.split())
