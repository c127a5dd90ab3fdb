"""Every refusal the format lists: a small broken pack each, and the exact place it is reported."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from testkit.packs import PACK_YAML, UNIT_YAML, dedent, load, only_error, unit_with_question, where

from tutor_tui.core.content import MatchQuestion
from tutor_tui.packs.loader import load_pack

# Reading files -----------------------------------------------------------------------------


def test_yaml_that_does_not_parse(tmp_path: Path) -> None:
    unit = unit_with_question(
        """
        - id: q
          type: choice
          prompt: Pick one
          choices: [a, b
          answer: a
        """
    )
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    # Where the parser found out: the `:` of the next line, which cannot be inside a list.
    assert (file, line, column) == ("units/one.yaml", 12, 15)
    assert message.startswith("YAML syntax:") and "']'" in message


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    latin1 = "id: one\ntitle: Caf\xe9 na\xefve\n".encode("latin-1")
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": latin1}))
    # Column 11 is the é, counted in characters as an editor counts them.
    assert (file, line, column) == ("units/one.yaml", 2, 11)
    assert "not UTF-8" in message and "0xe9" in message


def test_not_utf8_after_a_byte_order_mark_and_accents(tmp_path: Path) -> None:
    data = "\ufeffid: é\xff".encode().replace("\xff".encode(), b"\xff")
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": data}))
    assert (file, line, column) == ("units/one.yaml", 1, 6)
    assert "0xff" in message


def test_a_file_over_two_mebibytes(tmp_path: Path) -> None:
    big = UNIT_YAML + "# " + "x" * (2 * 1024 * 1024) + "\n"
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": big}))
    assert (file, line, column) == ("units/one.yaml", 1, 1)
    assert "larger than 2 MiB" in message


def test_a_lesson_file_over_two_mebibytes(tmp_path: Path) -> None:
    unit = UNIT_YAML.replace("lesson: Two and two make four.", "lesson_file: lessons/big.md")
    files = {"units/one.yaml": unit, "lessons/big.md": "x" * (2 * 1024 * 1024 + 1)}
    file, line, column, message = only_error(tmp_path, load(tmp_path, files))
    assert (file, line, column) == ("lessons/big.md", 1, 1)
    assert "larger than 2 MiB" in message


def test_a_key_repeated_in_one_map(tmp_path: Path) -> None:
    pack = dedent(
        """
        format: 1
        id: test-pack
        title: Test pack
        version: 1.0.0
        title: Another title
        """
    )
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"pack.yaml": pack}))
    assert (file, line, column) == ("pack.yaml", 5, 1)
    assert "'title' appears twice" in message and "line 3" in message


def test_anchors_and_aliases(tmp_path: Path) -> None:
    pack = dedent(
        """
        format: 1
        id: test-pack
        title: &name Test pack
        version: 1.0.0
        description: *name
        """
    )
    result = load(tmp_path, {"pack.yaml": pack})
    assert where(tmp_path, result.errors) == [("pack.yaml", 3, 8), ("pack.yaml", 5, 14)]
    anchor, alias = (problem.message for problem in result.errors)
    assert "anchors (&name) are not allowed" in anchor
    assert "aliases (*name) are not allowed" in alias


def test_tags_that_build_objects_are_refused(tmp_path: Path) -> None:
    pack = dedent(
        """
        format: 1
        id: test-pack
        title: !!python/object/apply:os.system echo hi
        version: 1.0.0
        """
    )
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"pack.yaml": pack}))
    assert (file, line, column) == ("pack.yaml", 3, 8)
    assert "tags like '!!python/object/apply:os.system' are not allowed" in message


def test_a_key_that_is_a_list(tmp_path: Path) -> None:
    pack = PACK_YAML + "[colour, size]: red\n"
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"pack.yaml": pack}))
    assert (file, line, column) == ("pack.yaml", 5, 1)
    assert message == "a key must be plain text, not a list or map"


def test_one_document_per_file(tmp_path: Path) -> None:
    file, line, column, message = only_error(
        tmp_path, load(tmp_path, {"units/one.yaml": UNIT_YAML + "---\nid: two\n"})
    )
    assert (file, line, column) == ("units/one.yaml", 24, 1)
    assert "one YAML document" in message


# Keys and values -----------------------------------------------------------------------------


def test_a_missing_required_key(tmp_path: Path) -> None:
    pack = "format: 1\nid: test-pack\nversion: 1.0.0\n"
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"pack.yaml": pack}))
    assert (file, line, column) == ("pack.yaml", 1, 1)
    assert message == "missing required key 'title'"


def test_a_missing_key_of_a_question_points_at_the_question(tmp_path: Path) -> None:
    unit = unit_with_question(
        """
        - id: q
          type: choice
          prompt: Pick one
          choices: [a, b]
        """
    )
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 8, 9)
    assert message == "missing required key 'answer'"


def test_a_missing_prompt(tmp_path: Path) -> None:
    unit = unit_with_question(
        """
        - id: q
          type: truefalse
          answer: true
        """
    )
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 8, 9)
    assert message == "missing required key 'prompt'"


def test_a_value_of_the_wrong_type(tmp_path: Path) -> None:
    unit = unit_with_question(
        """
        - id: q
          type: short
          prompt: Name a colour.
          answers: red
        """
    )
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 11, 18)
    assert message == "'answers' should be a list, not 'red'"


def test_a_quoted_true_is_told_to_lose_its_quotes(tmp_path: Path) -> None:
    unit = unit_with_question(
        """
        - id: q
          type: truefalse
          prompt: Yes?
          answer: "true"
        """
    )
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 11, 17)
    assert "true or false" in message and "without quotes" in message


def test_difficulty_out_of_range(tmp_path: Path) -> None:
    unit = unit_with_question(
        """
        - id: q
          type: truefalse
          prompt: Is it hard?
          answer: true
          difficulty: 7
        """
    )
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 12, 21)
    assert "difficulty" in message and "1 to 5" in message and "7" in message


def test_a_prior_out_of_range(tmp_path: Path) -> None:
    pack = "format: 1\nid: test-pack\ntitle: T\nversion: 1.0.0\nmastery:\n  prior: 1.5\n"
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"pack.yaml": pack}))
    assert (file, line, column) == ("pack.yaml", 6, 10)
    assert "'prior'" in message and "between 0 and 1" in message and "1.5" in message


def test_a_skill_mastery_override_out_of_range(tmp_path: Path) -> None:
    unit = UNIT_YAML.replace("    lesson:", "    mastery: {slip: 0}\n    lesson:")
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 6, 21)
    assert "'slip'" in message and "between 0 and 1" in message


def test_an_unknown_key_with_a_suggestion(tmp_path: Path) -> None:
    unit = unit_with_question(
        """
        - id: q
          type: choice
          prompt: Pick one
          choices: [a, b]
          anwser: a
        """
    )
    result = load(tmp_path, {"units/one.yaml": unit})
    assert where(tmp_path, result.errors) == [("units/one.yaml", 8, 9), ("units/one.yaml", 12, 9)]
    missing, unknown = (problem.message for problem in result.errors)
    assert missing == "missing required key 'answer'"
    assert unknown == "unknown key 'anwser' (did you mean 'answer'?)"


def test_an_unknown_key_far_from_any_gets_no_suggestion(tmp_path: Path) -> None:
    file, line, column, message = only_error(
        tmp_path,
        load(tmp_path, {"pack.yaml": "format: 1\nid: tp\ntitle: T\nversion: 1.0.0\nzzz: 1\n"}),
    )
    assert (file, line, column) == ("pack.yaml", 5, 1)
    assert message == "unknown key 'zzz'"


def test_x_keys_are_left_to_tools(tmp_path: Path) -> None:
    pack = "format: 1\nid: test-pack\ntitle: T\nversion: 1.0.0\nx-editor: {colour: blue}\n"
    unit = UNIT_YAML.replace("    lesson:", "    x-note: [anything, {goes: here}]\n    lesson:")
    unit = unit.replace(
        "        explanation: It is 4.", "        explanation: It is 4.\n        x-id: 7"
    )
    result = load(tmp_path, {"pack.yaml": pack, "units/one.yaml": unit})
    assert result.ok, result.errors
    assert result.warnings == []


def test_an_unknown_question_type(tmp_path: Path) -> None:
    unit = unit_with_question(
        """
        - id: q
          type: chioce
          prompt: Pick one
        """
    )
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 9, 15)
    assert "unknown question type 'chioce'" in message and "did you mean 'choice'" in message


def test_an_unsupported_format(tmp_path: Path) -> None:
    file, line, column, message = only_error(
        tmp_path, load(tmp_path, {"pack.yaml": "format: 2\nid: tp\ntitle: T\nversion: 1.0.0\n"})
    )
    assert (file, line, column) == ("pack.yaml", 1, 9)
    assert "reads format 1" in message


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("id: My Pack", "pack id 'My Pack'"),
        ("version: 1.0", "version '1.0' is not a semantic version"),
        ("language: english!", "not a BCP 47 language tag"),
    ],
)
def test_manifest_values_of_the_wrong_form(tmp_path: Path, line: str, expected: str) -> None:
    key = line.split(":")[0]
    pack = "".join(
        f"{line}\n" if row.startswith(f"{key}:") else f"{row}\n"
        for row in "format: 1\nid: test-pack\ntitle: T\nversion: 1.0.0\nlanguage: en".split("\n")
    )
    file, _, column, message = only_error(tmp_path, load(tmp_path, {"pack.yaml": pack}))
    assert file == "pack.yaml"
    assert column == len(key) + 3
    assert expected in message


# Ids and the graph of skills -----------------------------------------------------------------


def second_unit(unit_id: str, skill_id: str, question_id: str, requires: str = "") -> str:
    requires_line = f"    requires: [{requires}]\n" if requires else ""
    return (
        f"id: {unit_id}\ntitle: Unit two\nskills:\n"
        f"  - id: {skill_id}\n    title: Two\n{requires_line}    lesson: L.\n    questions:\n"
        f"      - id: {question_id}\n        type: truefalse\n"
        "        prompt: P\n        answer: true\n"
    )


def test_two_units_with_one_id(tmp_path: Path) -> None:
    result = load(tmp_path, {"units/two.yaml": second_unit("one", "skill-two", "q-two")})
    file, line, column, message = only_error(tmp_path, result)
    assert (file, line, column) == ("units/two.yaml", 1, 5)
    assert message == "unit id 'one' is used twice; first at " + str(
        tmp_path / "units/one.yaml:1:5"
    )


def test_two_skills_with_one_id(tmp_path: Path) -> None:
    result = load(tmp_path, {"units/two.yaml": second_unit("two", "adding", "q-two")})
    file, line, column, message = only_error(tmp_path, result)
    assert (file, line, column) == ("units/two.yaml", 4, 9)
    assert "skill id 'adding' is used twice" in message and "units/one.yaml:4:9" in message


def test_two_questions_with_one_id_in_different_units(tmp_path: Path) -> None:
    result = load(tmp_path, {"units/two.yaml": second_unit("two", "skill-two", "not-five")})
    file, line, column, message = only_error(tmp_path, result)
    assert (file, line, column) == ("units/two.yaml", 8, 13)
    assert "question id 'not-five' is used twice" in message and "units/one.yaml:14:13" in message


def test_question_ids_written_as_numbers_are_compared_as_text(tmp_path: Path) -> None:
    unit = UNIT_YAML.replace("id: not-five", "id: 5").replace("id: two-and-three", "id: 5")
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 19, 13)
    assert "question id '5' is used twice" in message


def test_skills_units_and_questions_have_separate_ids(tmp_path: Path) -> None:
    unit = UNIT_YAML.replace("id: one", "id: same").replace("id: adding", "id: same")
    unit = unit.replace("id: not-five", "id: same")
    result = load(tmp_path, {"units/one.yaml": unit})
    assert result.ok, result.errors


def test_requires_naming_no_skill(tmp_path: Path) -> None:
    files = {"units/two.yaml": second_unit("two", "more", "q-two", requires="adding, addnig")}
    file, line, column, message = only_error(tmp_path, load(tmp_path, files))
    assert (file, line, column) == ("units/two.yaml", 6, 24)
    assert "requires 'addnig', which is no skill of this pack" in message
    assert "did you mean 'adding'" in message


def test_a_cycle_of_requires_is_spelled_out(tmp_path: Path) -> None:
    one = UNIT_YAML.replace("    lesson:", "    requires: [third]\n    lesson:")
    files = {
        "units/one.yaml": one,
        "units/two.yaml": second_unit("two", "second", "q-two", requires="adding"),
        "units/three.yaml": second_unit("three", "third", "q-three", requires="second"),
    }
    file, line, column, message = only_error(tmp_path, load(tmp_path, files))
    assert (file, line, column) == ("units/one.yaml", 6, 15)
    assert message == "skills require each other in a cycle: adding → third → second → adding"


def test_a_skill_that_requires_itself(tmp_path: Path) -> None:
    unit = UNIT_YAML.replace("    lesson:", "    requires: [adding]\n    lesson:")
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 6, 16)
    assert message == "skill 'adding' requires itself"


# Rules of each question type -----------------------------------------------------------------


def test_an_answer_not_among_the_choices(tmp_path: Path) -> None:
    unit = unit_with_question(
        """
        - id: q
          type: choice
          prompt: Pick one
          choices: [red, green]
          answer: blue
        """
    )
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 12, 17)
    assert message == "answer 'blue' is not one of the choices"


def test_answers_not_among_the_choices(tmp_path: Path) -> None:
    unit = unit_with_question(
        """
        - id: q
          type: multi
          prompt: Pick some
          choices: [red, green, blue]
          answers: [red, pink]
        """
    )
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    # The column of `pink` itself, the second entry of the list.
    assert (file, line, column) == ("units/one.yaml", 12, 24)
    assert message == "answer 'pink' is not one of the choices"


def test_feedback_for_no_choice(tmp_path: Path) -> None:
    unit = unit_with_question(
        """
        - id: q
          type: choice
          prompt: Pick one
          choices: [red, green]
          answer: red
          feedback: {blue: No.}
        """
    )
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 13, 19)
    assert message == "feedback for 'blue', which is not one of the choices"


def test_duplicate_choices(tmp_path: Path) -> None:
    unit = unit_with_question(
        """
        - id: q
          type: choice
          prompt: Pick one
          choices: [red, green, red]
          answer: red
        """
    )
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 11, 31)
    assert message == "'red' is listed twice in choices"


def test_duplicate_order_items_and_match_sides(tmp_path: Path) -> None:
    unit = unit_with_question(
        """
        - id: q
          type: order
          prompt: Order them
          items: [one, two, one]
        - id: m
          type: match
          prompt: Match them
          pairs:
            - {left: a, right: "1"}
            - {left: a, right: "2"}
        """
    )
    result = load(tmp_path, {"units/one.yaml": unit})
    assert where(tmp_path, result.errors) == [
        ("units/one.yaml", 11, 27),
        ("units/one.yaml", 17, 13),
    ]
    assert "'one' is listed twice in items" in result.errors[0].message
    assert "left 'a' appears in two pairs" in result.errors[1].message


def test_a_right_may_partner_several_lefts_only_with_reuse(tmp_path: Path) -> None:
    pairs = """
          pairs:
            - {left: cat, right: mammal}
            - {left: dog, right: mammal}
            - {left: owl, right: bird}
        """
    question = "\n        - id: m\n          type: match\n          prompt: Sort them"
    refused = load(tmp_path / "a", {"units/one.yaml": unit_with_question(question + pairs)})
    assert ["right 'mammal' appears in two pairs"] == [
        p.message for p in refused.errors if "appears in two pairs" in p.message
    ]
    reused = question + "\n          reuse: true" + pairs
    result = load(tmp_path / "b", {"units/one.yaml": unit_with_question(reused)})
    assert result.pack is not None, result.errors
    match = result.pack.question("m")
    assert isinstance(match, MatchQuestion) and match.reuse


def test_too_few_choices(tmp_path: Path) -> None:
    unit = unit_with_question(
        """
        - id: q
          type: choice
          prompt: Pick one
          choices: [red]
          answer: red
        """
    )
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 11, 18)
    assert message == "'choices' needs at least 2 entries"


def test_a_regex_that_does_not_compile(tmp_path: Path) -> None:
    unit = unit_with_question(
        """
        - id: q
          type: short
          prompt: Name a colour.
          match: regex
          answers: ["gr(a|e)y", "re(d"]
        """
    )
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 12, 31)
    assert message.startswith("regex 're(d' does not compile")


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        (r"(a)\1", "no backreferences or lookaround"),
        ("(?=a)a", "no backreferences or lookaround"),
        ("(?<!x)y", "no backreferences or lookaround"),
        ("a{1000}{1000}", "bad repetition"),
    ],
)
def test_a_regex_only_a_backtracking_engine_could_match_is_refused_at_its_place(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], pattern: str, why: str
) -> None:
    # Answer patterns are matched in linear time (RE2): what needs backtracking is refused here,
    # with its place, rather than hanging grading later; and the engine prints nothing itself.
    unit = unit_with_question(
        f"""
        - id: q
          type: short
          prompt: Say a.
          match: regex
          answers: ["a", '{pattern}']
        """
    )
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 12, 24)
    assert message.startswith(f"regex '{pattern}' does not compile") and why in message
    assert capfd.readouterr().err == ""


def test_a_regex_blank_that_does_not_compile(tmp_path: Path) -> None:
    unit = unit_with_question(
        """
        - id: q
          type: cloze
          match: regex
          text: "Say {{h(i|ello}}."
        """
    )
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 11, 15)
    assert "does not compile" in message


def test_a_cloze_without_a_blank(tmp_path: Path) -> None:
    unit = unit_with_question(
        """
        - id: q
          type: cloze
          text: There is no gap in this text.
        """
    )
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 10, 15)
    assert "needs at least one blank" in message


def test_a_cloze_blank_with_an_empty_answer(tmp_path: Path) -> None:
    unit = unit_with_question(
        """
        - id: q
          type: cloze
          text: "Two and two make {{four|}}."
        """
    )
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 10, 15)
    assert message == "blank '{{four|}}' has an empty answer"


@pytest.mark.parametrize(
    ("fields", "place", "expected"),
    [
        ("answer: three", (11, 17), "answer 'three' is not a number"),
        ("answer: .nan", (11, 17), "answer must be a finite number"),
        ("answer: 3\n  tolerance: -1", (12, 20), "tolerance must be a number of 0 or more"),
        ("answer: 3\n  tolerance: two percent", (12, 20), "tolerance 'two percent' should be"),
    ],
)
def test_numeric_answers_and_tolerances(
    tmp_path: Path, fields: str, place: tuple[int, int], expected: str
) -> None:
    unit = unit_with_question(f"- id: q\n  type: numeric\n  prompt: How many?\n  {fields}\n")
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", *place)
    assert message.startswith(expected)


def test_lesson_and_lesson_file_together(tmp_path: Path) -> None:
    unit = UNIT_YAML.replace("    lesson:", "    lesson_file: lessons/a.md\n    lesson:")
    file, line, column, message = only_error(
        tmp_path, load(tmp_path, {"units/one.yaml": unit, "lessons/a.md": "A lesson."})
    )
    assert (file, line, column) == ("units/one.yaml", 6, 18)
    assert message == "give 'lesson' or 'lesson_file', not both"


# Lesson files ----------------------------------------------------------------------------------


def with_lesson_file(path: str) -> dict[str, str | bytes | None]:
    unit = UNIT_YAML.replace("lesson: Two and two make four.", f"lesson_file: {path}")
    return {"units/one.yaml": unit}


def test_a_lesson_file_that_does_not_exist(tmp_path: Path) -> None:
    result = load(tmp_path, with_lesson_file("lessons/missing.md"))
    file, line, column, message = only_error(tmp_path, result)
    assert (file, line, column) == ("units/one.yaml", 6, 18)
    assert message == "'lessons/missing.md' does not exist in the pack"
    # The error is enough: no second complaint that the skill has no lesson.
    assert result.warnings == []


@pytest.mark.parametrize("path", ["../outside.md", "lessons/../../outside.md", "/etc/hostname"])
def test_a_lesson_file_that_leaves_the_pack(tmp_path: Path, path: str) -> None:
    (tmp_path / "outside.md").write_text("Not the pack's.", encoding="utf-8")
    pack = tmp_path / "pack"
    file, line, column, message = only_error(pack, load(pack, with_lesson_file(path)))
    assert (file, line, column) == ("units/one.yaml", 6, 18)
    assert message == f"'{path}' leaves the pack; use a path inside it"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_lesson_file_that_links_out_of_the_pack(tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("Not the pack's.", encoding="utf-8")
    pack = tmp_path / "pack"
    (pack / "lessons").mkdir(parents=True)
    (pack / "lessons" / "link.md").symlink_to(secret)
    file, line, column, message = only_error(pack, load(pack, with_lesson_file("lessons/link.md")))
    assert (file, line, column) == ("units/one.yaml", 6, 18)
    assert "'lessons/link.md' leaves the pack" in message


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_unit_file_that_links_out_of_the_pack_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("id: outside\ntitle: Outside\nskills: []\n", encoding="utf-8")
    pack = tmp_path / "pack"
    (pack / "units").mkdir(parents=True)
    (pack / "units" / "zz.yaml").symlink_to(outside)
    result = load(pack)
    assert result.ok, result.errors
    assert result.pack is not None
    assert [unit.id for unit in result.pack.units] == ["one"]


# Unsafe characters -----------------------------------------------------------------------------


def test_a_raw_control_character(tmp_path: Path) -> None:
    unit = UNIT_YAML.replace("prompt: What is 2 + 2?", "prompt: What is 2 \x1b[2J+ 2?")
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 10, 27)
    assert "control character U+001B is not allowed" in message


def test_a_control_character_from_an_escape(tmp_path: Path) -> None:
    unit = UNIT_YAML.replace("prompt: What is 2 + 2?", 'prompt: "What is \\e[2J 2 + 2?"')
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 10, 17)
    assert "control character U+001B is not allowed" in message


def test_a_carriage_return_from_an_escape(tmp_path: Path) -> None:
    # It would send the cursor back to overwrite the line: "Right!\rWrong".
    unit = UNIT_YAML.replace("explanation: It is 4.", 'explanation: "Wrong\\rRight"')
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 18, 22)
    assert "U+000D" in message


def test_a_control_character_in_a_key(tmp_path: Path) -> None:
    unit = UNIT_YAML.replace("    lesson:", '    "x-\\x07": 1\n    lesson:')
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 6, 5)
    assert "U+0007" in message


def test_a_control_character_in_a_lesson_file(tmp_path: Path) -> None:
    files = {**with_lesson_file("lessons/a.md"), "lessons/a.md": "# A lesson\n\nRing \x07 it.\n"}
    file, line, column, message = only_error(tmp_path, load(tmp_path, files))
    assert (file, line, column) == ("lessons/a.md", 3, 6)
    assert "U+0007" in message


def test_bidi_override_characters(tmp_path: Path) -> None:
    unit = UNIT_YAML.replace("prompt: What is 2 + 2?", "prompt: What is \u202e2 + 2?")
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 10, 25)
    assert "U+202E is not allowed" in message


# Structure -------------------------------------------------------------------------------------


def test_a_folder_without_pack_yaml(tmp_path: Path) -> None:
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"pack.yaml": None}))
    assert (file, line, column) == ("pack.yaml", 1, 1)
    assert message.startswith("no pack.yaml")


def test_a_pack_without_units(tmp_path: Path) -> None:
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": None}))
    assert (file, line, column) == ("pack.yaml", 1, 1)
    assert message == "the pack has no units: add units/*.yaml files"


def test_units_listing_a_missing_file(tmp_path: Path) -> None:
    pack = "format: 1\nid: tp\ntitle: T\nversion: 1.0.0\nunits: [units/one.yaml, units/two.yaml]\n"
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"pack.yaml": pack}))
    assert (file, line, column) == ("pack.yaml", 5, 25)
    assert message == "'units/two.yaml' does not exist in the pack"


def test_a_unit_file_that_is_not_a_map(tmp_path: Path) -> None:
    file, line, column, message = only_error(
        tmp_path, load(tmp_path, {"units/one.yaml": "- id: one\n"})
    )
    assert (file, line, column) == ("units/one.yaml", 1, 1)
    assert "a unit file should be a map" in message


def test_a_nonexistent_path(tmp_path: Path) -> None:
    result = load_pack(tmp_path / "nowhere")
    assert not result.ok
    assert [(p.line, p.column) for p in result.errors] == [(1, 1)]
    assert "no such folder or file" in result.errors[0].message


# All at once -----------------------------------------------------------------------------------


def test_every_error_of_every_file_in_one_run(tmp_path: Path) -> None:
    pack = "format: 1\nid: test-pack\ntitle: T\nversion: one\n"
    one = UNIT_YAML.replace("answer: false", "answer: maybe")
    one = one.replace('answer: "4"', 'answer: "5"')
    two = second_unit("two", "more", "q-two", requires="nothing")
    files = {
        "pack.yaml": pack,
        "units/one.yaml": one,
        "units/two.yaml": two,
        "units/three.yaml": "id: three\ntitle: [unclosed\n",
    }
    result = load(tmp_path, files)
    assert not result.ok
    assert where(tmp_path, result.errors) == [
        ("pack.yaml", 4, 10),
        ("units/one.yaml", 12, 17),
        ("units/one.yaml", 17, 17),
        ("units/three.yaml", 3, 1),
        ("units/two.yaml", 6, 16),
    ]


# Warnings --------------------------------------------------------------------------------------


def test_the_three_warnings_do_not_stop_a_pack(tmp_path: Path) -> None:
    unit = dedent(
        """
        id: one
        title: Unit one
        skills:
          - id: adding
            title: Adding
            questions:
              - id: q
                type: truefalse
                prompt: 2 + 2 is 4.
                answer: true
        """
    )
    result = load(tmp_path, {"units/one.yaml": unit})
    assert result.ok and result.errors == []
    assert where(tmp_path, result.warnings) == [
        ("units/one.yaml", 4, 5),
        ("units/one.yaml", 4, 5),
        ("units/one.yaml", 7, 9),
    ]
    messages = [problem.message for problem in result.warnings]
    assert messages == [
        "skill 'adding' has no lesson",
        "skill 'adding' has only one question: knowing its answer masters the skill",
        "question 'q' has no explanation",
    ]
    assert all(problem.severity == "warning" for problem in result.warnings)


def test_messages_quoting_unsafe_text_are_safe_to_print(tmp_path: Path) -> None:
    # The value is refused; the message that quotes it must not clear the author's screen.
    unit = UNIT_YAML.replace('answer: "4"', 'answer: "\\e[2J4\\n"')
    result = load(tmp_path, {"units/one.yaml": unit})
    assert where(tmp_path, result.errors) == [("units/one.yaml", 12, 17)] * 2
    assert "answer '\\x1b[2J4\\n' is not one of the choices" in [p.message for p in result.errors]
    for problem in result.errors:
        assert str(problem).isprintable()


def test_file_names_in_messages_are_safe_to_print(tmp_path: Path) -> None:
    archive = tmp_path / "pack.zip"
    with zipfile.ZipFile(archive, "w") as packed:
        packed.writestr("pack.yaml", PACK_YAML)
        packed.writestr("units/one.yaml", UNIT_YAML)
        packed.writestr("units/\x1b]0;title\x07.yml", "x: 1")
    result = load_pack(archive)
    assert result.ok
    assert [problem.file for problem in result.warnings] == [
        f"{archive}/units/\\x1b]0;title\\x07.yml"
    ]
    assert str(result.warnings[0]).isprintable()


def test_a_regex_answer_that_its_own_patterns_do_not_match_is_a_warning(tmp_path: Path) -> None:
    # The first answer is what learners are shown as right; "gr[ae]y" would show them a pattern.
    unit = unit_with_question(
        """
        - id: q
          type: short
          prompt: Name a grey.
          explanation: Either spelling.
          match: regex
          answers: ["gr[ae]y", "grey"]
        """
    )
    result = load(tmp_path, {"units/one.yaml": unit})
    assert result.errors == []
    [warning] = [w for w in result.warnings if "shown to learners" in w.message]
    assert where(tmp_path, [warning]) == [("units/one.yaml", 13, 18)]
    assert warning.message.startswith("'gr[ae]y' is shown to learners as the right answer")


def test_min_distinct_is_read_fitted_to_the_questions_and_checked(tmp_path: Path) -> None:
    pack = PACK_YAML + "mastery: {min_distinct: 5}\n"
    unit = UNIT_YAML.replace(
        "    lesson: Two and two make four.\n",
        "    lesson: Two and two make four.\n    mastery: {min_distinct: 1}\n",
    )
    result = load(tmp_path, {"pack.yaml": pack})
    assert result.pack is not None
    # Five asked for, three questions in the skill: all three are needed.
    assert result.pack.mastery.min_distinct == 5
    assert result.pack.skill("adding").mastery.min_distinct == 3
    result = load(tmp_path / "own", {"pack.yaml": pack, "units/one.yaml": unit})
    assert result.pack is not None and result.pack.skill("adding").mastery.min_distinct == 1
    refused = load(tmp_path / "bad", {"pack.yaml": PACK_YAML + "mastery: {min_distinct: 0}\n"})
    file, line, column, message = only_error(tmp_path / "bad", refused)
    assert (file, line) == ("pack.yaml", 5)
    assert message == "min_distinct must be a whole number from 1 to 100, not the number 0"
