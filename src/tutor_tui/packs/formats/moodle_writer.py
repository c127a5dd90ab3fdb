"""A pack as a Moodle XML question bank: a category per skill, text in Moodle's Markdown format."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from tutor_tui.core.content import (
    BLANK,
    AnyQuestion,
    ChoiceQuestion,
    ClozeQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    Pack,
    ShortQuestion,
    TrueFalseQuestion,
)
from tutor_tui.packs.formats.exporting import Exported, in_order
from tutor_tui.packs.formats.text import MEDIA_REFERENCE, category_path, plain_of_markdown


def _text(parent: ET.Element, tag: str, text: str, form: str | None = "markdown") -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": form} if form else {})
    ET.SubElement(element, "text").text = text
    return element


def _shown(parent: ET.Element, tag: str, markdown: str, media: Path) -> None:
    """A text, as Markdown; or, when it shows a picture the pack keeps, as HTML carrying the
    picture as Moodle's own file (`<file encoding="base64">`, shown as `@@PLUGINFILE@@/name`).
    A sound stays named in the text: Moodle plays none in a question's text."""
    pictures = {found[2] for found in MEDIA_REFERENCE.finditer(markdown) if found[1] == "image"}
    files = {name: media / name for name in sorted(pictures) if (media / name).is_file()}
    if not files:
        _text(parent, tag, markdown)
        return
    import base64
    from html import escape

    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark", {"html": False}).render(markdown).strip()
    html = MEDIA_REFERENCE.sub(
        lambda found: (
            f'<img src="@@PLUGINFILE@@/{escape(found[2])}" alt="">'
            if found[2] in files
            else found[0]
        ),
        html,
    )
    element = _text(parent, tag, html, "html")
    for name, path in files.items():
        carried = ET.SubElement(element, "file", {"name": name, "path": "/", "encoding": "base64"})
        carried.text = base64.b64encode(path.read_bytes()).decode("ascii")


def _answer(
    parent: ET.Element, fraction: float, text: str, feedback: str = "", form: str = "plain_text"
) -> ET.Element:
    """An answer: typed ones as plain text; those shown (choices, items) in Markdown, as a pack
    writes them."""
    answer = _text(parent, "answer", text, form)
    answer.set("fraction", f"{fraction:.7g}")
    if feedback:
        _text(answer, "feedback", feedback)
    return answer


def writer(pack: Pack, report: Exported) -> Callable[[BinaryIO], object]:
    """The Moodle XML of `pack`, as a function that writes it; what is left out is reported."""
    quiz = ET.Element("quiz")
    media = Path(pack.path) / "media"
    category = None
    for unit, skill, question in in_order(pack):
        if category != (unit.title, skill.title):
            category = (unit.title, skill.title)
            node = ET.SubElement(quiz, "question", {"type": "category"})
            _text(node, "category", category_path(unit.title, skill.title), None)
        kind = _kind(question, report)
        if kind is None:
            continue
        node = ET.SubElement(quiz, "question", {"type": kind})
        _text(node, "name", question.id, None)
        _shown(node, "questiontext", _prompt(question), media)
        if question.explanation:
            _shown(node, "generalfeedback", question.explanation, media)
        ET.SubElement(node, "idnumber").text = question.id
        _fill(node, question)
        for hint in question.hints:
            _text(node, "hint", hint)
        report.questions += 1
    ET.indent(quiz)
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="utf-8")
    return lambda file: file.write(data + b"\n")


def _kind(question: AnyQuestion, report: Exported) -> str | None:
    """Moodle's type for a question, or None with why it is left out."""
    if isinstance(question, ChoiceQuestion | MultiQuestion):
        return "multichoice"
    if isinstance(question, ShortQuestion):
        if question.match == "regex":
            report.lose(question, "left out: its answers are patterns, which Moodle has not")
            return None
        return "shortanswer"
    if isinstance(question, ClozeQuestion):
        if question.match == "regex":
            report.lose(question, "left out: its blanks are patterns, which Moodle has not")
            return None
        return "multianswer"
    kinds = {
        TrueFalseQuestion: "truefalse",
        NumericQuestion: "numerical",
        MatchQuestion: "matching",
        # Moodle's ordering question, a plugin and part of Moodle itself since 4.4.
        OrderQuestion: "ordering",
    }
    found = kinds.get(type(question))
    if found is None:
        report.lose(question, f"left out: Moodle's own question types have no {question.type}")
    return found


def _prompt(question: AnyQuestion) -> str:
    if not isinstance(question, ClozeQuestion):
        return question.prompt or ""
    gaps = iter(range(len(question.blanks)))

    def gap(found: object) -> str:
        answers = question.blanks[next(gaps)]
        kind = "SHORTANSWER_C" if question.match == "exact" else "SHORTANSWER"
        options = "~".join(
            ("=" if i == 0 else "%100%") + _embedded(a) for i, a in enumerate(answers)
        )
        return f"{{1:{kind}:{options}}}"

    text = BLANK.sub(gap, question.text)
    return f"{question.prompt}\n\n{text}" if question.prompt else text


def _embedded(answer: str) -> str:
    return "".join("\\" + c if c in "~=#}\\:{" else c for c in answer)


def _fill(node: ET.Element, question: AnyQuestion) -> None:
    """The elements of each type: its answers, pairs, tolerance."""
    if isinstance(question, ChoiceQuestion):
        ET.SubElement(node, "single").text = "true"
        ET.SubElement(node, "shuffleanswers").text = "true" if question.shuffle else "false"
        for choice in question.choices:
            right = 100 if choice == question.answer else 0
            _answer(node, right, choice, question.feedback.get(choice, ""), "markdown")
    elif isinstance(question, MultiQuestion):
        ET.SubElement(node, "single").text = "false"
        ET.SubElement(node, "shuffleanswers").text = "true" if question.shuffle else "false"
        share, others = 100 / len(question.answers), len(question.choices) - len(question.answers)
        for choice in question.choices:
            fraction = share if choice in question.answers else -100 / max(others, 1)
            _answer(node, fraction, choice, form="markdown")
    elif isinstance(question, TrueFalseQuestion):
        _answer(node, 100 if question.answer else 0, "true")
        _answer(node, 0 if question.answer else 100, "false")
    elif isinstance(question, ShortQuestion):
        ET.SubElement(node, "usecase").text = "1" if question.match == "exact" else "0"
        for accepted in question.answers:
            _answer(node, 100, accepted)
        for wrong, said in question.feedback.items():
            _answer(node, 0, wrong, said)
    elif isinstance(question, NumericQuestion):
        row = _answer(node, 100, repr(question.answer))
        ET.SubElement(row, "tolerance").text = repr(question.allowed_error())
        if question.unit:
            named = ET.SubElement(ET.SubElement(node, "units"), "unit")
            ET.SubElement(named, "multiplier").text = "1"
            ET.SubElement(named, "unit_name").text = question.unit
    elif isinstance(question, OrderQuestion):
        _ordering(node, question)
    elif isinstance(question, MatchQuestion):
        for pair in question.pairs:
            sub = _text(node, "subquestion", pair.left, "markdown")
            # Moodle's right-hand items are plain text: shown as the pack shows them.
            ET.SubElement(ET.SubElement(sub, "answer"), "text").text = plain_of_markdown(pair.right)


def _ordering(node: ET.Element, question: OrderQuestion) -> None:
    """Each item's fraction is its place; the learner orders them all, right or not."""
    options = (("layouttype", "VERTICAL"), ("selecttype", "ALL"), ("selectcount", "0"))
    for tag, value in (*options, ("gradingtype", "ALL_OR_NOTHING")):
        ET.SubElement(node, tag).text = value
    for place, item in enumerate(question.items, 1):
        _answer(node, place, item, form="markdown")
