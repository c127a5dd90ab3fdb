"""Moodle XML question banks, as Moodle exports them, and XML made to hurt."""

from __future__ import annotations

from pathlib import Path

import pytest
from testkit.imports import GOLDEN, imported, matches_golden, questions

from tutor_tui.core.errors import TutorError


def test_a_moodle_bank_with_every_kind(tmp_path: Path) -> None:
    pack, report = imported([GOLDEN / "moodle-bank.xml"], tmp_path / "pack")
    matches_golden(pack, "moodle-bank.expected.json")
    kept = tmp_path / "pack" / "media" / "apple-falls-182492a2.png"
    assert kept.read_bytes().startswith(b"\x89PNG")
    assert [pack.skill(s).title for unit in pack.units for s in unit.skills] == [
        "Units",
        "Mechanics",
    ]
    where = str(GOLDEN / "moodle-bank.xml")
    assert [str(skipped) for skipped in report.skipped] == [
        f"{where} question 9 ('Quantities'): the extra right-hand item 'pascal' was left out",
        f"{where} question 10 ('Newton's second law'): feedback on a gap's answers was left out:"
        " a blank has none",
        f"{where} question 10 ('Newton's second law'): answers worth part of the marks were left"
        " out: a gap is right or not",
        f"{where} question 10 ('Newton's second law'): its choice and number gaps became typed"
        " blanks",
        f"{where} question 11 ('About units'): a description, with no answer to check",
        f"{where} question 12 ('Explain inertia'): an essay question, with no answer to check",
        f"{where} question 13 ('Computed'): Moodle's 'calculated' questions have no kind of"
        " question here",
    ]
    # Only the bank's "do not shuffle" is written; shuffling is the pack format's default.
    written = "".join(path.read_text() for path in (tmp_path / "pack" / "units").iterdir())
    assert written.count("shuffle: false") == 1 and "shuffle: true" not in written


DOT = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<quiz><question type="truefalse"><name><text>&b;</text></name></question></quiz>"""
OUTSIDE = """<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="truefalse"><name><text>&secret;</text></name></question></quiz>"""


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (LAUGHS.encode(), "refused: DTDForbidden"),
        (OUTSIDE.encode(), "refused: DTDForbidden"),
        ("<quiz><question>café</question></quiz>".encode("latin-1"), r"bank.xml:1:\d+: not well"),
        (b"<quiz><question>", r"bank.xml:1:\d+: not well-formed XML"),
        (b"<html><body/></html>", r"not a Moodle XML export \(its root is <html>"),
    ],
)
def test_hostile_or_wrong_xml_is_refused_in_one_line(
    tmp_path: Path, content: bytes, said: str
) -> None:
    bank = tmp_path / "bank.xml"
    bank.write_bytes(content)
    with pytest.raises(TutorError, match=said) as refused:
        imported([bank], tmp_path / "pack")
    assert "\n" not in str(refused.value) and "passwd" not in str(refused.value)
    assert not (tmp_path / "pack").exists()


def test_a_huge_field_skips_its_question(tmp_path: Path) -> None:
    bank = tmp_path / "bank.xml"
    bank.write_text(
        "<quiz>"
        '<question type="truefalse"><name><text>big</text></name><questiontext format="html">'
        f"<text>{'x' * 20_000}</text></questiontext>"
        '<answer fraction="100"><text>true</text></answer></question>'
        '<question type="truefalse"><name><text>small</text></name><questiontext><text>ok'
        '</text></questiontext><answer fraction="100"><text>false</text></answer></question>'
        "</quiz>"
    )
    pack, report = imported([bank], tmp_path / "pack")
    assert [q.id for q in pack.questions()] == ["small"]
    assert [s.why for s in report.skipped] == ["a field is longer than 10000 characters"]


def test_the_idnumber_is_the_question_id_so_a_renamed_question_keeps_progress(
    tmp_path: Path,
) -> None:
    bank = tmp_path / "bank.xml"
    bank.write_text(
        '<quiz><question type="truefalse"><name><text>Renamed in Moodle</text></name>'
        "<questiontext><text>Is it?</text></questiontext><idnumber>ALG-1</idnumber>"
        '<answer fraction="100"><text>true</text></answer></question></quiz>'
    )
    pack, _ = imported([bank], tmp_path / "pack")
    assert [q.id for q in pack.questions()] == ["ALG-1"]


def _cloze_bank(tmp_path: Path, text: str, kind: str = "multianswer") -> Path:
    bank = tmp_path / "bank.xml"
    bank.write_text(
        f'<quiz><question type="{kind}"><name><text>gaps</text></name>'
        f'<questiontext format="html"><text><![CDATA[<p>{text}</p>]]></text></questiontext>'
        "</question></quiz>"
    )
    return bank


def test_a_gap_whose_first_answer_starts_with_its_weight_is_kept(tmp_path: Path) -> None:
    bank = _cloze_bank(tmp_path, "Say {1:SHORTANSWER:%100%Foo~%0%bar} now")
    pack, report = imported([bank], tmp_path / "pack")
    assert [q.text for q in pack.questions()] == ["Say {{Foo}} now"]  # type: ignore[attr-defined]
    assert not report.skipped


def test_the_type_names_moodle_itself_exports_are_read(tmp_path: Path) -> None:
    # Moodle writes embedded answers as type "cloze", and reads "match" as "matching".
    bank = _cloze_bank(tmp_path, "Say {1:SHORTANSWER:=Foo} now", kind="cloze")
    pack, report = imported([bank], tmp_path / "pack")
    assert [q.text for q in pack.questions()] == ["Say {{Foo}} now"]  # type: ignore[attr-defined]
    match = tmp_path / "match.xml"
    match.write_text(
        '<quiz><question type="match"><name><text>m</text></name><questiontext><text>Pair'
        "</text></questiontext>"
        "<subquestion><text>a</text><answer><text>1</text></answer></subquestion>"
        "<subquestion><text>b</text><answer><text>2</text></answer></subquestion>"
        "</question></quiz>"
    )
    pack, report = imported([match], tmp_path / "matched")
    assert [q.type for q in pack.questions()] == ["match"]
    assert not report.skipped


def test_a_matching_whose_lefts_share_an_answer_is_kept(tmp_path: Path) -> None:
    # Several lefts with one answer is how Moodle classifies; the match lets a partner serve
    # several lefts. A match that keeps nothing tells why it was refused, before a part left out.
    def matching(name: str, pairs: list[tuple[str, str]]) -> str:
        sub = "<subquestion><text>{}</text><answer><text>{}</text></answer></subquestion>"
        return (
            f'<question type="matching"><name><text>{name}</text></name>'
            "<questiontext><text>Classify</text></questiontext>"
            + "".join(sub.format(*pair) for pair in pairs)
            + "</question>"
        )

    classify = matching("m", [("frog", "amphibian"), ("newt", "amphibian"), ("cat", "mammal")])
    broken = matching("two", [("", "x"), ("a", "1"), ("a", "2")])
    bank, alone = tmp_path / "bank.xml", tmp_path / "alone.xml"
    bank.write_text(f"<quiz>{classify}{broken}</quiz>")
    alone.write_text(f"<quiz>{broken}</quiz>")
    pack, report = imported([bank], tmp_path / "pack")
    (got,) = pack.questions()
    assert got.reuse  # type: ignore[union-attr]
    assert [p.right for p in got.pairs] == ["amphibian", "amphibian", "mammal"]  # type: ignore[union-attr]
    assert [s.why for s in report.skipped] == [
        "the extra right-hand item 'x' was left out",
        "not a valid match: left 'a' appears in two pairs",
    ]
    refused = r"\('two'\): not a valid match: left 'a' appears in two pairs; and 1 more"
    with pytest.raises(TutorError, match=refused):
        imported([alone], tmp_path / "refused")


def test_a_number_gap_with_a_tolerance_is_reported_not_made_an_exact_blank(
    tmp_path: Path,
) -> None:
    bank = _cloze_bank(tmp_path, "Pi {2:NUMERICAL:=3.14:0.01} and two {1:NM:=2:0}")
    said = "the number gap '3.14:0.01' has a tolerance, which a typed blank cannot hold"
    with pytest.raises(TutorError, match=said):
        imported([bank], tmp_path / "pack")
    # Alone in its text, such a gap is a number question, with its tolerance.
    alone = _cloze_bank(tmp_path, "g is {1:NUMERICAL:=9.81:0.05~%50%10:1} m/s²")
    pack, report = imported([alone], tmp_path / "alone")
    (question,) = questions(pack).values()
    assert question == {
        "skill": pack.skills[0].title,
        "type": "numeric",
        "prompt": "g is ▁▁▁▁▁ m/s²",
        "answer": 9.81,
        "answer_text": "9.81",
        "tolerance": 0.05,
        "tolerance_is_percent": False,
    }
    where = f"{tmp_path / 'bank.xml'} question 1 ('gaps')"
    assert [str(s) for s in report.skipped] == [
        f"{where}: answers worth part of the marks were left out: a gap is right or not"
    ]
    exact = _cloze_bank(tmp_path, "Two {1:NM:=2:0}")
    pack, _ = imported([exact], tmp_path / "exact")
    assert [q.text for q in pack.questions()] == ["Two {{2}}"]  # type: ignore[attr-defined]


def test_true_false_answer_feedback_is_kept_with_its_answer(tmp_path: Path) -> None:
    bank = tmp_path / "bank.xml"
    bank.write_text(
        '<quiz><question type="truefalse"><name><text>tf</text></name>'
        "<questiontext><text>Is it?</text></questiontext>"
        '<answer fraction="100"><text>true</text><feedback><text>Right.</text></feedback></answer>'
        '<answer fraction="0"><text>false</text><feedback><text>It is.</text></feedback></answer>'
        "</question></quiz>"
    )
    pack, _ = imported([bank], tmp_path / "pack")
    assert next(pack.questions()).explanation == (
        "If you answered true: Right.\n\nIf you answered false: It is."
    )


def test_one_full_credit_number_and_a_partial_one_is_not_called_several(tmp_path: Path) -> None:
    bank = tmp_path / "bank.xml"
    bank.write_text(
        '<quiz><question type="numerical"><name><text>n</text></name>'
        "<questiontext><text>Pi?</text></questiontext>"
        '<answer fraction="100"><text>3.14</text><tolerance>0.01</tolerance></answer>'
        '<answer fraction="50"><text>3</text><tolerance>0.5</tolerance></answer>'
        "</question></quiz>"
    )
    _, report = imported([bank], tmp_path / "pack")
    assert [s.why for s in report.skipped] == [
        "numbers worth part credit were left out: a number is right or not"
    ]


def test_a_question_whose_text_reads_as_nothing_is_reported_not_imported(
    tmp_path: Path,
) -> None:
    bank = tmp_path / "bank.xml"
    bank.write_text(
        '<quiz xmlns:xi="http://www.w3.org/2001/XInclude">'
        '<question type="shortanswer"><name><text>x</text></name><questiontext><text>'
        '<xi:include href="elsewhere.txt" parse="text"/></text></questiontext>'
        '<answer fraction="100"><text>a</text></answer></question>'
        '<question type="shortanswer"><name><text>y</text></name><questiontext><text>Say a'
        '</text></questiontext><answer fraction="100"><text>a</text></answer></question></quiz>'
    )
    pack, report = imported([bank], tmp_path / "pack")
    assert [q.id for q in pack.questions()] == ["y"]
    assert [s.why for s in report.skipped] == [
        "its question text is empty, so there is nothing to ask"
    ]


def test_short_answer_feedback_it_cannot_keep_is_reported(tmp_path: Path) -> None:
    bank = tmp_path / "bank.xml"
    bank.write_text(
        '<quiz><question type="shortanswer"><name><text>s</text></name><questiontext><text>'
        'Who?</text></questiontext><answer fraction="100"><text>Bard</text><feedback><text>'
        'Yes</text></feedback></answer><answer fraction="0"><text>*</text><feedback><text>'
        "Think of Hamlet</text></feedback></answer></question></quiz>"
    )
    _, report = imported([bank], tmp_path / "pack")
    assert [s.why for s in report.skipped] == [
        "feedback on a wildcard wrong answer ('*') was left out: a short answer has feedback"
        " only for wrong answers written out",
        "feedback on right answers was left out: a short answer's is for wrong ones",
    ]


def test_a_picture_missing_from_the_export_is_reported(tmp_path: Path) -> None:
    bank = tmp_path / "bank.xml"
    bank.write_text(
        '<quiz><question type="truefalse"><name><text>pic</text></name>'
        '<questiontext format="html"><text><![CDATA[<p>True? <img src="@@PLUGINFILE@@/cat.png">'
        '</p>]]></text></questiontext><answer fraction="100"><text>true</text></answer>'
        "</question></quiz>"
    )
    _, report = imported([bank], tmp_path / "pack")
    assert [s.why for s in report.skipped] == ["the file 'cat.png' it shows is not in the export"]


def test_the_pictures_of_a_cloze_text_and_of_answer_feedback_are_named_as_kept(
    tmp_path: Path,
) -> None:
    dot = (
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLv"
        "AAAAAElFTkSuQmCC"
    )
    bank = tmp_path / "bank.xml"
    bank.write_text(
        '<quiz><question type="cloze"><name><text>c</text></name><questiontext format="html">'
        '<text><![CDATA[<p><img src="@@PLUGINFILE@@/flag.png"> is {1:SA:=France}</p>]]></text>'
        f'<file name="flag.png" encoding="base64">{dot}</file></questiontext></question>'
        '<question type="multichoice"><name><text>m</text></name><questiontext><text>Which?'
        '</text></questiontext><answer fraction="100"><text>a</text><feedback format="html">'
        '<text><![CDATA[<img src="@@PLUGINFILE@@/yes.png">]]></text>'
        f'<file name="yes.png" encoding="base64">{dot}</file></feedback></answer>'
        '<answer fraction="0"><text>b</text></answer></question></quiz>'
    )
    pack, report = imported([bank], tmp_path / "pack")
    cloze, choice = pack.questions()
    assert cloze.text == "(image: media/flag.png) is {{France}}"  # type: ignore[attr-defined]
    assert choice.feedback == {"a": "(image: media/yes.png)"}  # type: ignore[attr-defined]
    assert not report.skipped


def test_the_picture_of_a_moodle_1_9_question_is_kept_after_its_text(tmp_path: Path) -> None:
    dot = (
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLv"
        "AAAAAElFTkSuQmCC"
    )
    bank = tmp_path / "bank.xml"
    bank.write_text(
        '<quiz><question type="truefalse"><name><text>old</text></name><questiontext>'
        f"<text>Is this a dot?</text></questiontext><image>dot.png</image><image_base64>\n{dot}\n"
        '</image_base64><answer fraction="100"><text>true</text></answer></question>'
        '<question type="truefalse"><name><text>lost</text></name><questiontext><text>And this?'
        '</text></questiontext><image>gone.png</image><answer fraction="100"><text>true</text>'
        "</answer></question></quiz>"
    )
    pack, report = imported([bank], tmp_path / "pack")
    kept, lost = pack.questions()
    assert kept.prompt == "Is this a dot?  \n(image: media/dot.png)"
    assert (tmp_path / "pack" / "media" / "dot.png").read_bytes().startswith(b"\x89PNG")
    assert "gone.png, not kept" in lost.prompt
    assert [s.why for s in report.skipped] == ["the file 'gone.png' it shows is not in the export"]


def test_a_numeric_question_s_feedback_and_catch_all_are_reported_as_what_they_are(
    tmp_path: Path,
) -> None:
    bank = tmp_path / "bank.xml"
    bank.write_text(
        '<quiz><question type="numerical"><name><text>c</text></name><questiontext><text>'
        'Speed of light in km/s?</text></questiontext><answer fraction="100"><text>300000</text>'
        "<feedback><text>Right.</text></feedback><tolerance>1000</tolerance></answer>"
        '<answer fraction="0"><text>*</text><feedback><text>Faster.</text></feedback></answer>'
        "</question></quiz>"
    )
    _, report = imported([bank], tmp_path / "pack")
    assert [s.why for s in report.skipped] == [
        "feedback on its numbers was left out: a numeric question has none here"
    ]


def test_a_choice_that_is_only_a_picture_is_named_by_it_kept_or_not(tmp_path: Path) -> None:
    bank = tmp_path / "bank.xml"
    bank.write_text(
        '<quiz><question type="multichoice"><name><text>f</text></name><questiontext><text>'
        'France?</text></questiontext><answer fraction="100" format="html"><text><![CDATA['
        '<img src="@@PLUGINFILE@@/fr.png">]]></text><file name="fr.png" encoding="base64">'
        f'{DOT}</file></answer><answer fraction="0"><text><![CDATA[<img src="@@PLUGINFILE@@/'
        'es.png">]]></text></answer><answer fraction="0"><text><![CDATA[<p> </p>]]></text>'
        "</answer></question></quiz>"
    )
    pack, report = imported([bank], tmp_path / "pack")
    assert [q.choices for q in pack.questions()] == [  # type: ignore[attr-defined]
        ("(image: media/fr.png)", "(image: es.png, not kept)")
    ]
    assert (tmp_path / "pack" / "media" / "fr.png").read_bytes().startswith(b"\x89PNG")
    # An empty answer is no choice, as in Moodle.
    assert [s.why for s in report.skipped] == ["the file 'es.png' it shows is not in the export"]


def test_an_ordering_question_is_an_order_question_both_ways(tmp_path: Path) -> None:
    # As Moodle writes it: each answer's fraction is its item's place, in any order in the file.
    bank = tmp_path / "bank.xml"
    bank.write_text(
        '<quiz><question type="ordering"><name><text>Planets</text></name>'
        '<questiontext format="html"><text>Nearest the Sun first</text></questiontext>'
        "<selecttype>ALL</selecttype><gradingtype>ABSOLUTE_POSITION</gradingtype>"
        '<answer fraction="2.0000000" format="html"><text><![CDATA[<p>Venus</p>]]></text></answer>'
        '<answer fraction="1.0000000" format="html"><text>Mercury</text></answer>'
        '<answer fraction="3.0000000" format="html"><text>Earth</text></answer>'
        "</question></quiz>"
    )
    pack, report = imported([bank], tmp_path / "pack")
    assert [q.items for q in pack.questions()] == [  # type: ignore[attr-defined]
        ("Mercury", "Venus", "Earth")
    ]
    assert not report.skipped
    from tutor_tui.packs.formats.exporting import export_pack

    written = export_pack(pack, "moodle-xml", tmp_path / "out.xml")
    assert not written.left_out
    again, _ = imported([written.output], tmp_path / "again")
    assert questions(again) == questions(pack)


def test_plain_text_is_shown_as_written_not_read_as_markdown(tmp_path: Path) -> None:
    bank = tmp_path / "bank.xml"
    bank.write_text(
        '<quiz><question type="truefalse"><name><text>p</text></name><questiontext '
        'format="plain_text"><text>Is 2*3*4 = 24?</text></questiontext><answer fraction="100">'
        "<text>true</text></answer></question></quiz>"
    )
    pack, _ = imported([bank], tmp_path / "pack")
    assert next(pack.questions()).prompt == "Is 2\\*3\\*4 = 24?"


def test_a_reason_found_for_each_gap_of_a_question_is_said_once(tmp_path: Path) -> None:
    bank = _cloze_bank(tmp_path, "{1:SA:=a#Yes} and {1:SA:=b#Yes} and {1:SA:=c#Yes}", "cloze")
    _, report = imported([bank], tmp_path / "pack")
    assert [s.why for s in report.skipped] == [
        "feedback on a gap's answers was left out: a blank has none"
    ]
