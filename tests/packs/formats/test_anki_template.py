"""Anki's card templates rendered as Anki renders them."""

from __future__ import annotations

import pytest

from tutor_tui.packs.formats.anki_template import Card, TemplateError, parse, render


def shown(template: str, front_side: str = "", **fields: str) -> str:
    return render(parse(template), Card(fields, {"Tags": "verbs"}), front_side)


def test_fields_and_literal_text_are_put_in_as_they_are() -> None:
    assert shown("{{Word}} ({{ Gender }}) <b>x</b>", Word="a<i>b</i>", Gender="f") == (
        "a<i>b</i> (f) <b>x</b>"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [("yes", "[yes]"), ("", "none"), (" <br> <div></div>", "none"), ("0", "[0]")],
)
def test_sections_show_by_whether_the_field_is_empty_as_anki_counts_it(
    value: str, expected: str
) -> None:
    template = "{{#F}}[{{F}}]{{/F}}{{^F}}none{{/F}}"
    assert shown(template, F=value) == expected


def test_front_side_and_filters() -> None:
    card = Card({"Back": "<b>Jupiter</b>", "Hint": "gas", "Kanji": "日本[にほん]"}, {})
    template = "{{FrontSide}}|{{text:Back}}|{{type:Back}}|{{hint:Hint}}|{{kana:Kanji}}|"
    assert render(parse(template + "{{kanji:Kanji}}|{{tts en_US:Hint}}"), card, "Q") == (
        "Q|Jupiter|||にほん|日本|gas"
    )
    assert (card.typed, card.hints) == (["Back"], ["gas"])


def test_a_cloze_field_is_given_to_the_card_s_own_reading() -> None:
    card = Card({"Text": "{{c1::Paris}} is"}, {}, cloze=lambda text: f"[{text.upper()}]")
    assert render(parse("<p>{{cloze:Text}}</p>"), card) == "<p>[{{C1::PARIS}} IS]</p>"


@pytest.mark.parametrize(
    ("template", "said"),
    [
        ("{{Nope}}", "a field 'Nope'"),
        ("{{#Nope}}x{{/Nope}}", "a field 'Nope'"),
        ("{{#F}}x", "'{{#F}}' is never closed"),
        ("x{{/F}}", "'{{/F}}' closes no open"),
        ("{{#F}}{{#G}}x{{/F}}{{/G}}", "'{{/F}}' closes no open"),
        ("{{#F}}" * 60, "nested more than 50"),
        ("{{F}}" * 200_001, "renders to more than 200,000 characters"),
    ],
)
def test_a_template_anki_could_not_render_says_why(template: str, said: str) -> None:
    with pytest.raises(TemplateError, match=said.replace("{", r"\{").replace("}", r"\}")):
        shown(template, F="a", G="b")


def test_a_lone_brace_is_text() -> None:
    assert shown("{{F}} {{ and }", F="a") == "a {{ and }"
