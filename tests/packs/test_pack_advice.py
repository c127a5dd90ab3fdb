"""Warnings about keys and teaching: each class a program can see, and none where it is fine."""

from __future__ import annotations

from pathlib import Path

import pytest
from testkit.packs import PACK_YAML, dedent, load

from tutor_tui.core import content as m
from tutor_tui.packs import advice


def said(question: m.AnyQuestion, lesson: str = "", requires: tuple[str, ...] = ()) -> list[str]:
    """The warnings about one question of a skill with this lesson (after a skill `base`)."""
    base = m.Skill(id="base", title="Base", lesson="Run `git status` and `git add -A`.")
    skill = m.Skill(id="s", title="S", lesson=lesson, requires=requires, questions=(question,))
    pack = m.Pack(id="p", title="P", version="1.0.0", skills=(base, skill))
    return [item.message for _ident, item in advice.question_advice(pack)]


def short(
    *answers: str,
    match: m.MatchMode = "normal",
    prompt: str = "Type it.",
    hints: tuple[str, ...] = (),
) -> m.ShortQuestion:
    return m.ShortQuestion(id="q", prompt=prompt, answers=answers, match=match, hints=hints)


@pytest.mark.parametrize(
    "answer", ["git add -A", "None", "ValueError", "--amend", "HEAD", "x.append(1)"]
)
def test_code_matched_without_case(answer: str) -> None:
    assert any("looks like code" in message for message in said(short(answer)))
    assert not any("looks like code" in message for message in said(short(answer, match="code")))


@pytest.mark.parametrize("answer", ["numerator", "Paris", "working tree", "3.5", "[1, 2]"])
def test_words_and_numbers_are_not_code(answer: str) -> None:
    assert not any("looks like code" in message for message in said(short(answer)))


def test_a_keyword_is_code_only_where_the_question_is_about_code() -> None:
    assert any(
        "looks like code" in s for s in said(short("elif", prompt="Which keyword follows an `if`?"))
    )
    assert not any(
        "looks like code" in s for s in said(short("for", prompt="Fill in: good for you"))
    )


@pytest.mark.parametrize("answer", ["3/4", "3 / 4", "2 1/2", "3:5", "2:3:5"])
def test_fractions_and_ratios_compared_as_text(answer: str) -> None:
    assert any("match: value" in message for message in said(short(answer)))
    assert not any("match: value" in message for message in said(short("3/4", match="value")))


def test_a_tolerance_on_an_exact_answer_and_a_rounded_fraction() -> None:
    exact = m.NumericQuestion(id="q", prompt="?", answer=5 / 9, answer_text="5/9", tolerance=0.001)
    assert any("is exact" in message for message in said(exact))
    rounded = m.NumericQuestion(
        id="q", prompt="?", answer=3.3333, answer_text="3.3333", tolerance=0.001
    )
    assert any("is 10/3 rounded: write answer: 10/3" in message for message in said(rounded))
    measured = m.NumericQuestion(
        id="q", prompt="?", answer=2.718, answer_text="2.718", tolerance=0.001
    )
    assert said(measured) == []
    assert said(m.NumericQuestion(id="q", prompt="?", answer=1.125, answer_text="1.125")) == []


def test_a_question_that_repeats_its_lessons_worked_example() -> None:
    lesson = "Multiply top and bottom by 5: 3/4 = 15/20.\n\nAnother example: 1/3 = 4/12."
    copied = m.NumericQuestion(
        id="q", prompt="Find the missing number: 3/4 = ?/20", answer=15, answer_text="15"
    )
    assert any("worked example (20, 3/4)" in message for message in said(copied, lesson))
    fresh = m.NumericQuestion(
        id="q", prompt="Find the missing number: 2/5 = ?/20", answer=8, answer_text="8"
    )
    assert said(fresh, lesson) == []
    # One small fraction is common to any two texts, not the mark of a copy.
    common = m.NumericQuestion(id="q", prompt="What is 1/3 of 9?", answer=3, answer_text="3")
    assert said(common, lesson) == []


def test_a_first_hint_that_gives_the_answer() -> None:
    given = short("git stash -u", match="code", hints=("Try `git stash -u`.",))
    assert any("first hint gives the answer" in message for message in said(given))
    fair = short("git stash -u", match="code", hints=("Which option means untracked?",))
    assert not any("first hint" in message for message in said(fair))
    numeric = m.NumericQuestion(
        id="q", prompt="?", answer=8, answer_text="8", hints=("36 ÷ 9 = 4, and 2 × 4 = 8.",)
    )
    assert any("first hint works the answer out: 8" in message for message in said(numeric))


def test_a_command_no_lesson_shows() -> None:
    question = m.ChoiceQuestion(
        id="q",
        prompt="Which keeps the file?",
        choices=("git rm --cached a", "git add -A"),
        answer="git rm --cached a",
    )
    assert any("uses `--cached`" in message for message in said(question, "", ("base",))) or any(
        "uses `git rm`" in message for message in said(question, "", ("base",))
    )
    taught = "Use `git rm --cached a` to stop tracking a file."
    assert said(question, taught, ("base",)) == []
    # A lesson the skill does not require teaches it nothing.
    method = m.ShortQuestion(
        id="q", prompt="What does `'ab'.startswith('a')` give?", answers=("True",), match="code"
    )
    assert any("`.startswith`" in message for message in said(method, "Strings have `.upper()`."))
    own = m.ShortQuestion(
        id="q",
        prompt="```python\ndef twice(x):\n    return x * 2\nprint(twice(3))\n```",
        answers=("6",),
        match="code",
    )
    assert said(own, "Call `print(x)` to show a value.") == []


def test_warnings_are_placed_at_the_key_they_name(tmp_path: Path) -> None:
    unit = dedent(
        """
        id: one
        title: Unit one
        skills:
          - id: adding
            title: Adding
            lesson: A lesson.
            questions:
              - id: q1
                type: short
                prompt: Simplify 6/8.
                answers: ["3/4"]
                explanation: Divide by 2.
              - id: q2
                type: numeric
                prompt: What is 1/3 of 1?
                answer: 1/3
                tolerance: 0.001
                explanation: A third.
              - id: q3
                type: short
                prompt: Stage all.
                answers: ["git add -A"]
                explanation: All.
        """
    )
    result = load(tmp_path, {"pack.yaml": PACK_YAML, "units/one.yaml": unit})
    assert result.ok
    places = [(p.line, p.column, p.message.split(" ")[0]) for p in result.warnings]
    assert places == [(11, 19, "'3/4'"), (17, 20, "answer"), (22, 19, "'git")]
    assert str(result.warnings[0]).startswith(f"{tmp_path / 'units/one.yaml'}:11:19: warning: ")
