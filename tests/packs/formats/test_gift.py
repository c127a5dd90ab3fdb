"""GIFT, as Moodle exports it: every question kind, categories, feedback, escapes, HTML."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from testkit.imports import GOLDEN, imported, matches_golden

from tutor_tui.core.errors import TutorError
from tutor_tui.packs.formats.draft import FormatError, Options
from tutor_tui.packs.formats.gift import parse_question, read_gift, unescape


def test_a_moodle_export_with_every_kind(tmp_path: Path) -> None:
    pack, report = imported([GOLDEN / "moodle-export.gift"], tmp_path / "pack")
    matches_golden(pack, "moodle-export-gift.expected.json")
    assert [(u.title, [pack.skill(s).title for s in u.skills]) for u in pack.units] == [
        ("Default for Geography", ["Capitals", "Europe"])
    ]
    where = str(GOLDEN / "moodle-export.gift")
    assert [str(skipped) for skipped in report.skipped] == [
        f"{where}:17: per-answer feedback was left out: a multi question has none",
        f"{where}:24: answers with partial credit were left out: a short answer is right or not",
        f"{where}:43: the extra right-hand item 'Berlin' was left out",
        f"{where}:57: an essay question, with no answer to check",
        f"{where}:60: a description, with no answer to check",
        f"{where}:63: not GIFT, near '::Broken::What is {{=this ~that' (a brace or a mark out of"
        " place?)",
    ]


def test_escapes_are_read_once() -> None:
    assert unescape(r"a \= b \# c \{d\} \: \\ \n") == "a = b # c {d} : \\ \n"
    parsed = parse_question(r"::a\:b::x {=1 \= 1}", "f:1")
    assert parsed.title == "a:b" and parsed.answers[0].text == r"1 \= 1"


def test_a_file_of_only_broken_questions_imports_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gift"
    broken.write_text("{{{\n\n}}}\n")
    with pytest.raises(TutorError, match="no question could be read .*broken.gift:1: not GIFT"):
        imported([broken], tmp_path / "pack")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="{}=~#:->%\\ab1.\n /$T", max_size=60))
# A numeric answer that is not a number, quoted in the message with its newline.
@example("{#1\n1}")
def test_any_text_reads_or_is_refused_in_one_line(text: str) -> None:
    try:
        draft = read_gift(Path("x.gift"), text.encode(), Options())
    except FormatError as error:
        assert "\n" not in str(error)
        return
    for skipped in draft.skipped:
        assert "\n" not in str(skipped)


def test_the_examples_of_moodle_s_own_guide(tmp_path: Path) -> None:
    pack, report = imported([GOLDEN / "moodle-docs.gift"], tmp_path / "pack")
    matches_golden(pack, "moodle-docs.expected.json")
    assert [s.why for s in report.skipped] == [
        "numbers worth part credit were left out: a number is right or not",
        "feedback on its numbers was left out: a numeric question has none here",
        "an essay question, with no answer to check",
        "partial credit was left out: a choice is right or wrong",
    ]


def test_a_numeric_range_keeps_its_decimals_and_accepts_both_ends(tmp_path: Path) -> None:
    from tutor_tui.core.grading.graders import grade

    bank = tmp_path / "pi.gift"
    bank.write_text("::pi::Pi to three places? {#3.141..3.142}\n")
    pack, _ = imported([bank], tmp_path / "pack")
    question = next(pack.questions())
    assert (question.answer, question.tolerance) == (3.1415, 0.0005)  # type: ignore[union-attr]
    for typed in ("3.141", "3.142", "3.1415"):
        assert grade(question, typed).score == 1.0, typed
    assert grade(question, "3.1421").score == 0.0


def test_true_false_feedback_goes_with_the_answer_it_is_for(tmp_path: Path) -> None:
    bank = tmp_path / "tf.gift"
    bank.write_text("Grant is buried in Grant's tomb.{F#No, he is entombed.#Yes, correct}\n")
    pack, _ = imported([bank], tmp_path / "pack")
    assert next(pack.questions()).explanation == (
        "If you answered true: No, he is entombed.\n\nIf you answered false: Yes, correct"
    )


def test_a_right_answer_after_a_tilde_reads_as_moodle_reads_it(tmp_path: Path) -> None:
    # `~=x` is a right answer x, as Moodle splits it; an empty choice is told with its column.
    bank = tmp_path / "q.gift"
    bank.write_text(
        "::a::Would you like {~=some~a few} rice?\n\n::b::Too {~many~=much} salt\n\n"
        "::c::One\n{=a ~ ~b}\n"
    )
    pack, report = imported([bank], tmp_path / "pack")
    got = {q.id: (q.choices, q.answer) for q in pack.questions()}  # type: ignore[attr-defined]
    assert got == {"a": (("some", "a few"), "some"), "b": (("many", "much"), "much")}
    assert [str(s) for s in report.skipped] == [
        f"{bank}:6:5: a choice with no text, which cannot be shown as a choice"
    ]


def test_a_missing_word_keeps_its_answers_feedback_or_says_it_left_it_out(tmp_path: Path) -> None:
    bank = tmp_path / "mw.gift"
    bank.write_text("::dt::It said {=forty two#Says the Guide =42 =%0%43#Close} here.\n")
    pack, report = imported([bank], tmp_path / "pack")
    assert next(pack.questions()).explanation == "If you answered forty two: Says the Guide"
    assert [s.why for s in report.skipped] == [
        "feedback on wrong answers was left out: a blank has none"
    ]


def test_too_many_answers_is_said_in_the_tutor_s_words(tmp_path: Path) -> None:
    bank = tmp_path / "many.gift"
    months = " ".join(f"~%{'20' if n % 2 else '-100'}%m{n}" for n in range(12))
    bank.write_text(f"::m::Which months have 31 days? {{{months}}}\n\nok {{T}}\n\nWhy? {{}}\n")
    _, report = imported([bank], tmp_path / "pack")
    # In file order, though the first was refused by the writer after the reader told the other.
    assert [str(s) for s in report.skipped] == [
        f"{bank}:1: not a valid multi: 12 choices; a question here has at most 10",
        f"{bank}:5: an essay question, with no answer to check",
    ]


def test_a_numeric_answer_reports_what_it_leaves_out_and_only_that(tmp_path: Path) -> None:
    bank = tmp_path / "n.gift"
    bank.write_text("::pi::Pi? {#=3.14:0.01#Good =%50%3:0.5#Close}\n\n::e::e? {#2.7:0.1~#Wrong}\n")
    _, report = imported([bank], tmp_path / "pack")
    assert [s.why for s in report.skipped] == [
        "numbers worth part credit were left out: a number is right or not",
        "feedback on its numbers was left out: a numeric question has none here",
        "feedback on its numbers was left out: a numeric question has none here",
    ]


def test_a_catch_all_wrong_answer_s_feedback_is_reported(tmp_path: Path) -> None:
    bank = tmp_path / "s.gift"
    bank.write_text("::s::Who wrote Hamlet? {=Shakespeare =%0%*#Think of the Globe}\n")
    pack, report = imported([bank], tmp_path / "pack")
    assert [s.why for s in report.skipped] == [
        "feedback on a wildcard wrong answer ('*') was left out: a short answer has feedback"
        " only for wrong answers written out"
    ]
    assert not next(pack.questions()).feedback  # type: ignore[attr-defined]


def test_an_answer_or_feedback_naming_its_own_format_is_read_in_it(tmp_path: Path) -> None:
    # Moodle's export writes `[html]` before an answer or feedback whose format is not the
    # question's; the mark is not part of the text.
    bank = tmp_path / "f.gift"
    bank.write_text(
        "::c::Colour? {=[html]<b>yellow</b> # [html]<i>good</i> ~[plain]blue #[moodle]no}\n\n"
        "::m::Match {=[html]<b>a</b> -> 1 =[markdown]b -> 2}\n"
    )
    pack, _ = imported([bank], tmp_path / "pack")
    choice, match = pack.questions()
    assert choice.choices == ("yellow", "blue")  # type: ignore[attr-defined]
    assert choice.feedback == {"yellow": "*good*", "blue": "no"}  # type: ignore[attr-defined]
    assert [p.left for p in match.pairs] == ["a", "b"]  # type: ignore[attr-defined]


def test_a_picture_a_gift_question_shows_is_reported_as_not_kept(tmp_path: Path) -> None:
    bank = tmp_path / "p.gift"
    bank.write_text(
        '::p::[html]<img src\\="@@PLUGINFILE@@/map.png"> Where?'
        ' <img src\\="@@PLUGINFILE@@/map.png">{=Paris ~Rome}\n'
    )
    pack, report = imported([bank], tmp_path / "pack")
    assert "map.png, not kept" in next(pack.questions()).prompt
    assert [s.why for s in report.skipped] == [
        "the file 'map.png' it shows is not kept: a GIFT file carries none"
    ]


def test_the_id_number_moodle_writes_in_a_comment_is_the_question_s_id(tmp_path: Path) -> None:
    bank = tmp_path / "ids.gift"
    bank.write_text(
        "// question: 12  name: Renamed in Moodle\n// [id:ALG-1]\n// [tag:algebra]\n"
        "::Renamed in Moodle::2 + 2 = {#4}\n\n// [id:a\\]b]\n::x::Yes?{T}\n\n::plain::No?{F}\n"
    )
    pack, _ = imported([bank], tmp_path / "pack")
    assert [q.id for q in pack.questions()] == ["ALG-1", "a-b", "plain"]


def test_a_choice_that_is_only_a_picture_names_it_and_says_it_is_not_kept(
    tmp_path: Path,
) -> None:
    bank = tmp_path / "flags.gift"
    bank.write_text(
        '::flags::[html]France?{=<img src\\="fr.png"> ~<img src\\="de.png">}\n\n::ok::Fine?{T}\n'
    )
    pack, report = imported([bank], tmp_path / "pack")
    assert [q.choices for q in pack.questions() if q.type == "choice"] == [  # type: ignore[attr-defined]
        ("(image: fr.png, not kept)", "(image: de.png, not kept)")
    ]
    assert [s.why for s in report.skipped] == [
        f"the file '{name}' it shows is not kept: a GIFT file carries none"
        for name in ("fr.png", "de.png")
    ]


def test_a_markdown_picture_a_gift_question_names_is_reported_with_its_place(
    tmp_path: Path,
) -> None:
    # The HTML picture of the first question is reported as above, the Markdown one here.
    _, report = imported([GOLDEN / "pictures.gift"], tmp_path / "pack")
    where = GOLDEN / "pictures.gift"
    assert [str(skipped) for skipped in report.skipped] == [
        f"{where}:2: the file 'cat.png' it shows is not kept: a GIFT file carries none",
        f"{where}:4: the file 'images/mars.jpg' it shows is not kept: a GIFT file carries none",
    ]


def test_plain_text_is_shown_as_written_not_read_as_markdown(tmp_path: Path) -> None:
    bank = tmp_path / "plain.gift"
    bank.write_text("::p::[plain]Is 2*3*4 = 24?\\nSay a_b_c.{T}\n")
    pack, _ = imported([bank], tmp_path / "pack")
    assert next(pack.questions()).prompt == "Is 2\\*3\\*4 = 24?  \nSay a\\_b\\_c."
