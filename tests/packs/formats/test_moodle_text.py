"""Texts in every format Moodle writes, plain text shown as written, and combined feedback."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from testkit.imports import imported, questions

from tutor_tui.packs.formats.text import markdown_of, markdown_of_text
from tutor_tui.render.markdown import plain_text

# What Markdown reads as marks, at a line's start or inside it, among words and spaces.
MARKS = st.sampled_from([*"ab1 #*_-+=>`~[]()!<&;\\|.)\t", "\n", "&amp;", "<b>", "  ", "9."])


def _lines(text: str) -> str:
    """Text as a page shows it: runs of space one, blank lines gone."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


@settings(max_examples=50, deadline=None)
@given(st.lists(MARKS, max_size=24).map("".join))
def test_plain_text_made_markdown_shows_as_written(text: str) -> None:
    assert _lines(plain_text(markdown_of_text(text))) == _lines(text)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from([*"a1 #*_-+=>.)", "\n", "  "]), max_size=24).map("".join))
def test_text_of_html_does_not_become_a_heading_a_list_or_a_quote(text: str) -> None:
    from html import escape

    made = markdown_of("<p>" + escape(text).replace("\n", "<br>") + "</p>")
    assert _lines(plain_text(made)) == _lines(text)


def _bank(tmp_path: Path, *questions_xml: str) -> Path:
    bank = tmp_path / "bank.xml"
    bank.write_text("<quiz>" + "".join(questions_xml) + "</quiz>", encoding="utf-8")
    return bank


def test_a_cloze_in_plain_text_is_shown_as_written(tmp_path: Path) -> None:
    bank = _bank(
        tmp_path,
        '<question type="multianswer"><name><text>c</text></name>'
        '<questiontext format="plain_text"><text># 1 *not* a heading\n'
        "- a_b is {1:SHORTANSWER:=x*y}</text></questiontext></question>",
    )
    pack, _ = imported([bank], tmp_path / "pack")
    (cloze,) = pack.questions()
    assert cloze.text == "\\# 1 \\*not\\* a heading  \n\\- a\\_b is {{x*y}}"  # type: ignore[attr-defined]


def test_every_format_of_a_moodle_text_is_honoured(tmp_path: Path) -> None:
    bank = _bank(
        tmp_path,
        '<question type="multichoice"><name><text>m</text></name>'
        '<questiontext format="moodle_auto_format"><text>One\nTwo</text>'
        '</questiontext><generalfeedback format="markdown"><text>**Kept**</text>'
        '</generalfeedback><answer fraction="100" format="markdown"><text>*yes*</text>'
        '<feedback format="plain_text"><text># right</text></feedback></answer>'
        '<answer fraction="0" format="plain_text"><text>&lt;no&gt;</text></answer>'
        '<hint format="plain_text"><text>1. think</text></hint></question>',
    )
    pack, _ = imported([bank], tmp_path / "pack")
    assert questions(pack)["m"] == {
        "skill": "Bank",
        "type": "choice",
        "prompt": "One  \nTwo",
        "explanation": "**Kept**",
        "hints": ["1\\. think"],
        "choices": ["*yes*", "\\<no\\>"],
        "answer": "*yes*",
        "feedback": {"*yes*": "\\# right"},
        "shuffle": True,
    }


def test_combined_feedback_goes_with_the_answers_it_is_for(tmp_path: Path) -> None:
    combined = (
        '<correctfeedback format="html"><text>Well done.</text></correctfeedback>'
        '<partiallycorrectfeedback format="html"><text>Nearly.</text></partiallycorrectfeedback>'
        '<incorrectfeedback format="html"><text>Read it again.</text></incorrectfeedback>'
    )
    defaults = (
        "<correctfeedback><text>Your answer is correct.</text></correctfeedback>"
        "<incorrectfeedback><text>Your answer is incorrect.</text></incorrectfeedback>"
    )
    bank = _bank(
        tmp_path,
        '<question type="multichoice"><name><text>one</text></name><questiontext><text>Pick'
        f"</text></questiontext>{combined}"
        '<answer fraction="100"><text>a</text><feedback><text>A it is.</text></feedback></answer>'
        '<answer fraction="50"><text>b</text></answer><answer fraction="0"><text>c</text>'
        "</answer></question>",
        '<question type="matching"><name><text>pairs</text></name><questiontext><text>Pair'
        f"</text></questiontext><generalfeedback><text>See.</text></generalfeedback>{combined}"
        "<subquestion><text>x</text><answer><text>1</text></answer></subquestion>"
        "<subquestion><text>y</text><answer><text>2</text></answer></subquestion></question>",
        '<question type="multichoice"><name><text>plain</text></name><questiontext><text>Pick'
        f"</text></questiontext>{defaults}"
        '<answer fraction="100"><text>a</text></answer><answer fraction="0"><text>b</text>'
        "</answer></question>",
    )
    pack, report = imported([bank], tmp_path / "pack")
    found = questions(pack)
    assert found["one"]["feedback"] == {
        "a": "A it is.\n\nWell done.",
        "b": "Nearly.",
        "c": "Read it again.",
    }
    assert found["pairs"]["explanation"] == (
        "See.\n\nIf your answer was right: Well done.\n\nIf your answer was partly right: "
        "Nearly.\n\nIf your answer was wrong: Read it again."
    )
    # Moodle's default words say what the tutor says anyway.
    assert "feedback" not in found["plain"] and "explanation" not in found["plain"]
    assert not report.skipped


def test_plain_text_lines_that_look_like_markdown_stay_text_in_gift_and_csv(
    tmp_path: Path,
) -> None:
    gift = tmp_path / "plain.gift"
    gift.write_text("::p::[plain]# 1 of 2\n> quoted\n1. first{=yes ~no}\n", encoding="utf-8")
    csv = tmp_path / "cards.txt"
    csv.write_text('#separator:tab\n#html:false\n"Say\n# 1"\tone\n', encoding="utf-8")
    pack, _ = imported([gift, csv], tmp_path / "pack")
    shown = [plain_text(q.prompt) for q in pack.questions()]
    assert shown == ["# 1 of 2\n> quoted\n1. first", "Say\n# 1"]


def test_a_link_to_a_file_the_question_carries_names_the_file(tmp_path: Path) -> None:
    bank = _bank(
        tmp_path,
        '<question type="truefalse"><name><text>s</text></name><questiontext format="html">'
        '<text><![CDATA[<p><a href="@@PLUGINFILE@@/bonjour.mp3">Listen</a>, then '
        '<a href="@@PLUGINFILE@@/gone.pdf">read</a>. <a href="https://example.org">More</a>'
        '</p>]]></text><file name="bonjour.mp3" encoding="base64">SUQz</file></questiontext>'
        '<answer fraction="100"><text>true</text></answer></question>',
    )
    pack, report = imported([bank], tmp_path / "pack")
    assert next(pack.questions()).prompt == (
        "Listen (sound: media/bonjour.mp3), then read (file: gone.pdf, not kept)."
        " [More](https://example.org)"
    )
    assert [s.why for s in report.skipped] == ["the file 'gone.pdf' it shows is not in the export"]


def test_words_to_drag_or_pick_into_a_text_become_its_blanks(tmp_path: Path) -> None:
    boxes = "".join(
        f"<dragbox><text>{word}</text><group>{group}</group></dragbox>"
        for word, group in (("Romani", 1), ("Romanes", 1), ("ite", 2), ("eunt", 2), ("domum", 3))
    )
    bank = _bank(
        tmp_path,
        '<question type="ddwtos"><name><text>latin</text></name><questiontext format="html">'
        "<text><![CDATA[<p>In Latin, &ldquo;Romans go home&rdquo; is [[1]] [[3]] [[5]]</p>]]>"
        f"</text></questiontext>{boxes}</question>",
        '<question type="gapselect"><name><text>sel</text></name><questiontext><text>'
        "A [[2]] is [[9]]</text></questiontext><selectoption><text>x</text><group>1</group>"
        "</selectoption><selectoption><text>y</text><group>1</group></selectoption></question>",
    )
    pack, report = imported([bank], tmp_path / "pack")
    assert [q.text for q in pack.questions()] == [  # type: ignore[attr-defined]
        "In Latin, “Romans go home” is {{Romani}} {{ite}} {{domum}}"
    ]
    assert [str(s).split(": ", 1)[1] for s in report.skipped] == [
        "the words to pick or drag became blanks to type",
        "a place with no choice of that number, or one with no text",
    ]


def test_an_all_or_nothing_multiple_choice_is_a_multi_question(tmp_path: Path) -> None:
    bank = _bank(
        tmp_path,
        '<question type="multichoiceset"><name><text>set</text></name><questiontext><text>'
        'Prime?</text></questiontext><answer fraction="100"><text>2</text></answer>'
        '<answer fraction="100"><text>3</text></answer><answer fraction="0"><text>4</text>'
        "</answer></question>",
    )
    pack, _ = imported([bank], tmp_path / "pack")
    assert questions(pack)["set"]["answers"] == ["2", "3"]


def test_choices_and_items_show_as_written_and_come_back_the_same(tmp_path: Path) -> None:
    from tutor_tui.packs.formats.exporting import export_pack

    gift = tmp_path / "python.gift"
    gift.write_text(
        "::dunder::Which runs first?{=__init__ ~2*3*4 ~[html]<code>a_b</code>}\n\n"
        "::pairs::Pair{=__x__ -> *y* =b -> c}\n",
        encoding="utf-8",
    )
    bank = _bank(
        tmp_path,
        '<question type="ordering"><name><text>o</text></name><questiontext><text>Order'
        '</text></questiontext><answer fraction="1"><text>__a__</text></answer>'
        '<answer fraction="2" format="plain_text"><text>- b</text></answer></question>',
    )
    pack, _ = imported([gift, bank], tmp_path / "pack")
    found = questions(pack)
    shown = {
        key: [plain_text(text) for text in found[key][field]]
        for key, field in (("dunder", "choices"), ("o", "items"))
    }
    assert shown == {"dunder": ["__init__", "2*3*4", "a_b"], "o": ["__a__", "- b"]}
    assert [plain_text(pair["left"]) for pair in found["pairs"]["pairs"]] == ["__x__", "b"]
    for kind, ending in (("moodle-xml", "xml"), ("gift", "gift")):
        written = export_pack(pack, kind, tmp_path / f"out.{ending}")
        again, _ = imported([written.output], tmp_path / kind)
        kept = questions(again)
        assert {"dunder", "pairs"} <= set(kept)
        assert [kept[key] for key in kept if key in found] == [found[key] for key in kept]
