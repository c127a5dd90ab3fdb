"""The keys an author writes for graded forms: match modes, forms, units, a pack's default match."""

from __future__ import annotations

from pathlib import Path

from testkit.packs import PACK_YAML, load, only_error, unit_with_question

from tutor_tui.core.content import NumericQuestion, ShortQuestion
from tutor_tui.core.grading import grade


def test_value_keys_forms_and_units_load_as_written(tmp_path: Path) -> None:
    unit = unit_with_question(
        """
        - id: simplest
          type: short
          prompt: Write 6/8 in its simplest form.
          answers: ["3/4"]
          match: value
          form: simplest
          feedback: {"6/8": "That is where you started."}
          explanation: Divide both by 2.
        - id: cups
          type: numeric
          prompt: How many cups?
          answer: 9/8
          form: fraction
          unit: [cups, cup, c]
          explanation: Nine eighths.
        """
    )
    result = load(tmp_path, {"units/one.yaml": unit})
    assert result.ok, "\n".join(map(str, result.errors))
    assert result.pack is not None
    short = result.pack.question("simplest")
    assert isinstance(short, ShortQuestion) and short.form == "simplest"
    assert grade(short, "3 /4").correct
    assert grade(short, "6 / 8").feedback == "That is where you started."
    cups = result.pack.question("cups")
    assert isinstance(cups, NumericQuestion) and cups.units == ("cups", "cup", "c")
    assert grade(cups, "1 1/8 cup").correct
    assert grade(cups, "1").expected == "9/8 cups"


def test_a_pack_makes_code_its_default_and_a_question_may_say_otherwise(tmp_path: Path) -> None:
    unit = unit_with_question(
        """
        - id: command
          type: short
          prompt: Stage every change.
          answers: ["git add -A"]
          explanation: -A is all.
        - id: word
          type: short
          prompt: Name the command that stages.
          answers: ["add"]
          match: normal
          explanation: add.
        """
    )
    manifest = PACK_YAML + "match: code\n"
    result = load(tmp_path, {"pack.yaml": manifest, "units/one.yaml": unit})
    assert result.pack is not None
    assert not grade(result.pack.question("command"), "git add -a").correct
    assert grade(result.pack.question("command"), "git  add -A").correct
    assert grade(result.pack.question("word"), "ADD").correct


def test_a_value_key_that_is_no_number(tmp_path: Path) -> None:
    unit = unit_with_question(
        """
        - id: q
          type: short
          prompt: Simplify.
          answers: ["3/4", "three quarters"]
          match: value
        """
    )
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line) == ("units/one.yaml", 11)
    assert message == "'three quarters' is not a number or a ratio, as match: value needs"


def test_a_shown_answer_not_in_its_own_form(tmp_path: Path) -> None:
    unit = unit_with_question(
        """
        - id: q
          type: short
          prompt: Simplify.
          answers: ["6/8"]
          match: value
          form: simplest
        - id: n
          type: numeric
          prompt: How many?
          answer: 2.0
          form: integer
        """
    )
    result = load(tmp_path, {"units/one.yaml": unit})
    messages = [str(problem) for problem in result.errors]
    assert len(messages) == 2, messages
    assert messages[0].endswith("'6/8' is shown as the answer but is not in its simplest form")
    assert messages[1].endswith("answer '2.0' is not a whole number, as its 'form' asks")
    assert ":17:" in messages[1]


def test_a_form_without_match_value(tmp_path: Path) -> None:
    unit = unit_with_question(
        """
        - id: q
          type: short
          prompt: Simplify.
          answers: ["3/4"]
          match: normal
          form: simplest
        """
    )
    _, line, _, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert line == 13
    assert message == "'form' is for answers graded by value: add 'match: value'"


def test_an_empty_list_of_units_and_feedback_that_is_no_number(tmp_path: Path) -> None:
    unit = unit_with_question(
        """
        - id: n
          type: numeric
          prompt: How many?
          answer: 3
          unit: []
          feedback: {"a lot": "Count them."}
        """
    )
    result = load(tmp_path, {"units/one.yaml": unit})
    assert [problem.message for problem in result.errors] == [
        "'unit' lists no spelling: give at least one, or leave it out",
        "feedback for 'a lot', which is not a number",
    ]
