"""CSV and TSV: Quizlet's and Anki's text exports, and spreadsheets, as packs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from testkit.imports import GOLDEN, imported, matches_golden, questions

from tutor_tui.core.errors import TutorError
from tutor_tui.packs.formats.draft import Options


def test_a_quizlet_export_becomes_typed_and_picked_cards(tmp_path: Path) -> None:
    pack, report = imported([GOLDEN / "quizlet.tsv"], tmp_path / "pack")
    matches_golden(pack, "quizlet.expected.json")
    assert pack.id == "quizlet" and report.kinds == {"short": 4, "choice": 1}


def test_anki_text_export_follows_its_header_lines(tmp_path: Path) -> None:
    pack, report = imported([GOLDEN / "anki-notes.txt"], tmp_path / "pack")
    matches_golden(pack, "anki-notes.expected.json")
    assert [unit.title for unit in pack.units] == ["Spanish › Verbs", "Spanish › Grammar"]


def test_tags_may_become_skills(tmp_path: Path) -> None:
    pack, _ = imported([GOLDEN / "anki-notes.txt"], tmp_path / "pack", Options(True))
    assert [skill.title for skill in pack.skills] == ["verbs", "grammar"]


def test_a_spreadsheet_with_named_columns_in_another_order(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("notes,answer,question\nx,Paris,Capital of France?\ny,,Empty?\n")
    pack, report = imported([sheet], tmp_path / "pack")
    assert questions(pack)["capital-of-france"]["answers"] == ["Paris"]
    assert [str(s) for s in report.skipped] == [
        f"{sheet}:3: a row needs a front and a back",
        f"{sheet}: column 1 was not used: a card has only a front and a back",
    ]


def test_a_file_not_in_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    sheet = tmp_path / "latin1.csv"
    sheet.write_bytes("a,b\ncafé,coffee\n".encode("latin-1"))
    with pytest.raises(TutorError, match=r"latin1.csv:2: not UTF-8 text \(byte 0xe9\)"):
        imported([sheet], tmp_path / "pack")
    assert not (tmp_path / "pack").exists()


def test_utf16_with_its_mark_is_read(tmp_path: Path) -> None:
    sheet = tmp_path / "excel.txt"
    sheet.write_bytes("chien\tdog\nchat\tcat\n".encode("utf-16"))
    pack, _ = imported([sheet], tmp_path / "pack")
    assert set(questions(pack)) == {"chien", "chat"}


def test_a_first_row_is_a_header_only_when_it_names_both_sides(tmp_path: Path) -> None:
    sheet = tmp_path / "letters.csv"
    sheet.write_text("a,b\nc,d\n", encoding="utf-8")
    pack, _ = imported([sheet], tmp_path / "pack")
    assert [q.prompt for q in pack.questions()] == ["a", "c"]


def test_titles_from_a_source_are_made_safe(tmp_path: Path) -> None:
    sheet = tmp_path / "t.csv"
    sheet.write_text("#deck:Bad\x1b[31m deck\u202e\nhello,world\n", encoding="utf-8")
    pack, _ = imported([sheet], tmp_path / "pack", title="Line\nbreak\x07")
    assert (pack.title, pack.units[0].title) == ("Line break", "Bad[31m deck")


def test_a_txt_file_is_told_by_its_content() -> None:
    from tutor_tui.packs.formats.importing import format_of

    assert format_of(Path("a.txt"), b"set\t{1, 2}\nmap\t{a: 1}\n") == "csv"
    assert format_of(Path("a.txt"), b"#separator:tab\n") == "csv"
    assert format_of(Path("a.txt"), b"// quiz\n::Q1:: 2+2 {=4}\n") == "gift"
    assert format_of(Path("a.txt"), b"hola,hello\n") == "csv"


def test_an_anki_note_export_makes_reverse_cards_and_reports_unused_fields(
    tmp_path: Path,
) -> None:
    # As Anki's "Notes in Plain Text" writes it: GUID, note type and deck columns, then every
    # note type's fields padded to the longest, then the tags.
    export = tmp_path / "notes.txt"
    export.write_text(
        "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n"
        "#tags column:7\n"
        "g1\tBasic (and reversed card)\tEs\tla casa\tthe house\t\t\n"
        "g2\tBasic (optional reversed card)\tEs\tel gato\tthe cat\ty\t\n"
        "g3\tBasic (optional reversed card)\tEs\tel pan\tthe bread\t\t\n"
        'g4\tVocab\tEs\tla manzana\tthe apple\t<img src="apple.jpg">\tfood\n'
    )
    pack, report = imported([export], tmp_path / "pack")
    assert {q.id: q.answers for q in pack.questions()} == {  # type: ignore[attr-defined]
        "g1": ("the house",),
        "g1-1": ("la casa",),
        "g2": ("the cat",),
        "g2-1": ("el gato",),
        "g3": ("the bread",),
        "g4": ("the apple",),
    }
    assert [str(s) for s in report.skipped] == [
        f"{export}: column 6 was not used: a card has only a front and a back"
    ]


def test_anki_s_plain_export_keeps_cloze_notes_and_reports_its_missing_pictures(
    tmp_path: Path,
) -> None:
    # Anki's "Notes in Plain Text" without the note type column: a cloze note is known by its
    # deletions; the export carries no media.
    export = tmp_path / "plain.txt"
    export.write_text(
        "#separator:tab\n#html:true\n"
        'el gato\t"the cat<br><img src=""cat.png"">"\t\n'
        "The capital of France is {{c1::Paris}}.\t\t\n"
    )
    pack, report = imported([export], tmp_path / "pack")
    assert [q.type for q in pack.questions()] == ["short", "cloze"]
    assert [str(s) for s in report.skipped] == [
        f"{export}:3: the file 'cat.png' it shows is not kept: a text file carries none"
    ]


def test_a_field_that_is_only_a_link_imports_without_the_parser_s_warning(tmp_path: Path) -> None:
    import warnings

    sheet = tmp_path / "links.csv"
    sheet.write_text("front,back\nhttps://example.org/a_b,a link\nWhere?,https://example.org/c_d\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pack, _ = imported([sheet], tmp_path / "pack")
    assert len(list(pack.questions())) == 2
    assert not [w for w in caught if "looks more like" in str(w.message)]


def test_ids_follow_each_front_not_its_place(tmp_path: Path) -> None:
    # Fronts that slug alike (case, another script, one front twice) were numbered in file
    # order: a card added at the top took over the next one's progress. Each id now comes from
    # the card's own text, so adding, removing or reordering cards keeps every id on its card.
    rows = ["I,insert before", "i,insert", "N-이에요,to be", "N-은/는,topic particle"]
    rows += ["Same front,one", "Same front,two", "What is DNA?,a molecule"]
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("\n".join(rows) + "\n", encoding="utf-8")
    second.write_text("\n".join(["N-의,possessive", "a,append", *reversed(rows[1:])]) + "\n")

    def ids(sheet: Path) -> dict[str, str]:
        pack, _ = imported([sheet], tmp_path / sheet.stem)
        return {question["answers"][0]: ident for ident, question in questions(pack).items()}

    before, after = ids(first), ids(second)
    assert len(set(before.values())) == len(rows)
    # No id passes to another card; only `i`, alone again once `I` is gone, is `i` again.
    moved = {back: after[back] for back in before if back in after and after[back] != before[back]}
    assert moved == {"insert": "i"}
    assert not {after[back] for back in after} & {before[back] for back in moved}
    # A unique ASCII front keeps the id it always had; one in another script gets a hash.
    assert before["a molecule"] == "what-is-dna"
    assert before["to be"].startswith("n-") and before["to be"] != "n-2"


def test_cards_the_same_in_every_way_are_numbered(tmp_path: Path) -> None:
    # Only a card the same as another, front and back, has nothing of its own to make its id.
    sheet = tmp_path / "same.csv"
    sheet.write_text("Same front,one\nSame front,one\nSame front,,\nSame front,one\n")
    pack, report = imported([sheet], tmp_path / "pack")
    made = sorted(questions(pack))
    assert [ident.removeprefix(made[0]) for ident in made] == ["", "-2", "-3"]
    assert [s.where for s in report.skipped] == [f"{sheet}:3"]


def test_a_long_card_is_picked_among_backs_of_its_own_skill_only(tmp_path: Path) -> None:
    sheet = tmp_path / "defs.csv"
    long = "a definition far too long for anyone to type word for word: number {}"
    rows = [f"term {n},{long.format(n)},deck {n % 2}" for n in range(6)]
    sheet.write_text("#deck column:3\n" + "\n".join(rows) + "\n", encoding="utf-8")
    pack, _ = imported([sheet], tmp_path / "pack")
    by_skill: dict[str, list[dict[str, Any]]] = {}
    for question in questions(pack).values():
        by_skill.setdefault(question["skill"], []).append(question)
    assert sorted(by_skill) == ["deck 0", "deck 1"]
    for asked in by_skill.values():
        backs = {question["answer"] for question in asked}
        for question in asked:
            assert question["answer"] in question["choices"] and len(question["choices"]) == 3
            assert set(question["choices"]) == backs


def test_anki_s_card_export_makes_cloze_questions_of_cloze_cards(tmp_path: Path) -> None:
    # Written by Anki's own library ("Cards in Plain Text", with HTML): a card a row.
    pack, _ = imported([GOLDEN / "anki-cards.txt"], tmp_path / "pack")
    cloze = {k: q for k, q in questions(pack).items() if q["type"] == "cloze"}
    assert [q["text"] for q in cloze.values()] == [
        "{{Soy}} de Madrid y estoy cansado.",
        "Soy de Madrid y {{estoy}} cansado.",
        "The capital of **France** is {{Paris}}, of Spain Madrid and of Italy {{Rome}}.",
        "The capital of **France** is Paris, of Spain {{Madrid}} and of Italy Rome.",
    ]
    assert list(cloze.values())[1]["hints"] == ["verb"]
    # The cards of one note share the note's id, numbered by their deletion.
    first, second = list(cloze)[:2]
    assert first.endswith("-c1") and second == first[:-1] + "2"


def test_a_cloze_card_exported_without_html_is_read_from_its_filled_back(tmp_path: Path) -> None:
    sheet = tmp_path / "cards.txt"
    sheet.write_text(
        "#separator:tab\n#html:false\n"
        "[...] de Madrid y estoy cansado.\tSoy de Madrid y estoy cansado. ser for origin\n"
        "Soy de Madrid y [verb] cansado.\tSoy de Madrid y estoy cansado. ser for origin\n"
        "the [colour] of the sky\tblue, mostly\n"
        "The sky is [...]\tThe sky is blue\n",
        encoding="utf-8",
    )
    pack, _ = imported([sheet], tmp_path / "pack")
    found = [(q["type"], q.get("text"), q.get("hints")) for q in questions(pack).values()]
    assert found == [
        ("cloze", "{{Soy}} de Madrid y estoy cansado.", None),
        ("cloze", "Soy de Madrid y {{estoy}} cansado.", ["verb"]),
        ("choice", None, None),  # "blue, mostly" is a phrase, picked
        ("short", None, None),
    ]


def test_only_a_word_or_a_name_is_typed_and_nothing_untypable_stays(tmp_path: Path) -> None:
    # A definition with its semicolon and full stop was a typed answer nobody could give.
    sheet = tmp_path / "backs.tsv"
    long = "a paragraph " * 40
    rows = ["particle\tTopic particle; marks the topic.", "error\t`KeyError`.", "city\tParis"]
    rows += ["kw\tThe keyword `class`."]
    rows += ["i\t$i$", f"essay\t{long}", "line\tat the beginning of the line."]
    rows += ["end\tat the beginning of the line"]
    sheet.write_text("\n".join(rows) + "\n", encoding="utf-8")
    pack, report = imported([sheet], tmp_path / "pack")
    got = questions(pack)
    assert {got[key]["type"] for key in ("particle", "essay", "line", "i")} == {"choice"}
    assert got["error"]["answers"] == ["KeyError", "`KeyError`."]
    assert got["city"]["answers"] == ["Paris"]
    assert got["kw"]["answers"] == ["The keyword class", "The keyword `class`."]
    # A back equal to the answer but for its full stop is no wrong choice to offer.
    assert "at the beginning of the line" not in got["line"]["choices"]
    alone = tmp_path / "alone.csv"
    alone.write_text(f"essay,{long}\n", encoding="utf-8")
    with pytest.raises(TutorError, match="too long to type, with no other card"):
        imported([alone], tmp_path / "alone")


def test_plain_text_with_backticks_shows_every_character_as_written(tmp_path: Path) -> None:
    # The escapes of `_` landed inside a code span the backticks made, where they show.
    from tutor_tui.render.markdown import plain_text

    front = 'What does `if __name__ == "__main__":` guard?'
    sheet = tmp_path / "code.tsv"
    sheet.write_text(f"{front}\tthe script's own run\nOther\tback\n", encoding="utf-8")
    pack, _ = imported([sheet], tmp_path / "pack")
    assert plain_text(next(pack.questions()).prompt or "") == front
