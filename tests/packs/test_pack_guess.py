"""A question's `guess`: the chance a pack declares of a right answer from what the question
shows. Read and checked as every key is; found by the loader for a short answer that is a string of
the program shown; asked for when a cloze's text shows every answer it takes."""

from __future__ import annotations

from pathlib import Path

import pytest
from testkit.packs import load, only_error, unit_with_question

from tutor_tui.core.content import guess_chance, guessable
from tutor_tui.packs.result import LoadResult

CLOZE = """
- id: q
  type: cloze
  text: "The value on the {{right}} side, then the name on the {{left}} side."
  explanation: Right to left.
"""


def said(result: LoadResult) -> list[str]:
    """The warnings that ask for a `guess`."""
    return [str(warning) for warning in result.warnings if "guess" in warning.message]


def test_a_declared_chance_is_read_and_makes_its_skill_count_luck(tmp_path: Path) -> None:
    unit = unit_with_question(CLOZE.replace("  type: cloze", "  type: cloze\n  guess: 0.5"))
    result = load(tmp_path, {"units/one.yaml": unit})
    assert result.pack is not None and not said(result)
    question = result.pack.question("q")
    assert question.guess == 0.5 and guess_chance(question) == 0.5
    assert result.pack.skill("adding").mastery.chance("q") == 0.5
    # Declared 0: nothing given away, and a typed answer stays one luck may not give.
    unit = unit_with_question(CLOZE.replace("  type: cloze", "  type: cloze\n  guess: 0"))
    nothing = load(tmp_path, {"units/one.yaml": unit}).pack
    assert nothing is not None and not guessable(nothing.question("q"))


@pytest.mark.parametrize("value", ["1", "1.5", "-0.1", ".nan", ".inf"])
def test_a_chance_out_of_range_is_refused_where_it_is(tmp_path: Path, value: str) -> None:
    unit = unit_with_question(CLOZE.replace("  type: cloze", f"  type: cloze\n  guess: {value}"))
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 10, 16)
    assert message.startswith("'guess' must be a chance from 0 up to, not including, 1"), message


@pytest.mark.parametrize("value", ["half", "'0.5'", "true", "[0.5]"])
def test_a_chance_that_is_no_number_is_refused(tmp_path: Path, value: str) -> None:
    unit = unit_with_question(CLOZE.replace("  type: cloze", f"  type: cloze\n  guess: {value}"))
    file, line, column, message = only_error(tmp_path, load(tmp_path, {"units/one.yaml": unit}))
    assert (file, line, column) == ("units/one.yaml", 10, 16)
    assert message.startswith("'guess' should be a number"), message


def test_a_cloze_whose_text_shows_its_answers_is_warned_of(tmp_path: Path) -> None:
    shown = CLOZE.replace('"The value', '"Right or left? The value')
    result = load(tmp_path, {"units/one.yaml": unit_with_question(shown)})
    assert result.pack is not None
    [warning] = [w for w in result.warnings if "guess" in w.message]
    assert (warning.line, warning.column) == (10, 15)
    assert "'right', 'left'" in warning.message and "guess:" in warning.message
    # One blank's answer shown is not the whole answer; a declared chance answers the warning.
    one = CLOZE.replace('"The value', '"Right? The value')
    assert not said(load(tmp_path, {"units/one.yaml": unit_with_question(one)}))
    declared = shown.replace("  type: cloze", "  type: cloze\n  guess: 0.5")
    assert not said(load(tmp_path, {"units/one.yaml": unit_with_question(declared)}))


def test_a_short_answer_that_is_a_string_of_the_program_shown_is_luck(tmp_path: Path) -> None:
    program = """
    - id: q
      type: short
      prompt: |
        What does this print?

        ```python
        print("yes" if 2 > 3 else "no way")
        ```
      answers: ["no way"]
      explanation: 2 is not more than 3.
    """
    loaded = load(tmp_path, {"units/one.yaml": unit_with_question(program)}).pack
    assert loaded is not None and loaded.question("q").guess == 0.5
    # The author's word wins over what the loader finds.
    declared = program.replace("type: short", "type: short\n      guess: 0")
    loaded = load(tmp_path, {"units/one.yaml": unit_with_question(declared)}).pack
    assert loaded is not None and not guessable(loaded.question("q"))


def test_a_chance_below_a_random_pick_is_warned_of(tmp_path: Path) -> None:
    choice = """
    - id: q
      type: choice
      guess: 0.1
      prompt: Which?
      choices: [a, b, c, d]
      answer: a
      explanation: A.
    """
    result = load(tmp_path, {"units/one.yaml": unit_with_question(choice)})
    assert result.pack is not None and guess_chance(result.pack.question("q")) == 0.25
    [warning] = said(result)
    assert (warning.split(":")[1:3], "random pick" in warning) == (["10", "16"], True)
    above = choice.replace("guess: 0.1", "guess: 0.5")
    assert not said(load(tmp_path, {"units/one.yaml": unit_with_question(above)}))
