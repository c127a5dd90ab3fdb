"""Moodle XML question banks as drafts, read with defusedxml: no entity, DTD or outside file.

| Moodle | pack |
| --- | --- |
| `category` | the unit (its first level) and skill (the rest) of the questions after it |
| `multichoice`, single | choice, with each answer's feedback |
| `multichoice`, several | multi: the answers of positive fraction |
| `truefalse` | truefalse |
| `shortanswer` | short (`*` wildcards as a pattern; `usecase` as exact matching) |
| `numerical` | numeric, with its tolerance and first unit |
| `matching` | match (extra right-hand items are reported) |
| `ordering` | order: the items by their fractions, which are their places |
| `multianswer` (embedded answers) | cloze: each gap's full-credit answers as a blank |
| `ddwtos`, `gapselect` | cloze: each place `[[n]]` a blank, the n-th word its answer |
| `generalfeedback`, `hint` | the explanation, the hints |
| combined feedback (`correctfeedback`...) | a choice's feedback, or the explanation, labelled |
| `description`, `essay`, others | not converted, and reported |
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from tutor_tui.packs.formats.draft import Draft, DraftQuestion, FormatError, Options
from tutor_tui.packs.formats.text import (
    MediaNamer,
    category_levels,
    clean,
    markdown_of,
    markdown_of_line,
    markdown_of_text,
    media_name,
    name_key,
    plain_of,
    plain_of_markdown,
    readable_id,
    shown,
    text_key,
    title_of,
)

# A file a question carries is kept, as an Anki deck's are, up to the loader's 2 MiB for a file.
MAX_MEDIA_FILE = 2 * 2**20

_NOT_CONVERTED = {
    "description": "a description, with no answer to check",
    "essay": "an essay question, with no answer to check",
}


def read_moodle(path: Path, data: bytes, options: Options) -> Draft:
    """A Moodle XML export as a draft."""
    from defusedxml import DefusedXmlException  # type: ignore[import-untyped]  # no types shipped
    from defusedxml.ElementTree import (  # type: ignore[import-untyped]  # no types shipped
        ParseError,
        fromstring,
    )

    where = str(path)
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException as refused:
        raise FormatError(f"{where}: refused: {type(refused).__name__} ({refused})") from None
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise FormatError(f"{where}:{line}:{column + 1}: not well-formed XML") from None
    if root.tag != "quiz":
        raise FormatError(
            f"{where}: not a Moodle XML export (its root is <{root.tag}>, not <quiz>)"
        )
    draft = Draft()
    unit = skill = title_of(path)
    for number, element in enumerate(root.findall("question"), 1):
        kind = element.get("type", "")
        if kind == "category":
            unit, skill = _category(_text(element, "category"), title_of(path))
            continue
        name = plain_of(_text(element, "name"))
        here = f"{where} question {number}" + (f" ('{shown(name, 40)}')" if name else "")
        made = _question(element, kind, draft, here)
        if made is not None:
            # Moodle writes <idnumber>ID</idnumber> with no <text> inside.
            key = readable_id(element.findtext("idnumber") or "") or name_key(name)
            shows = str(made[1].get("prompt") or made[1].get("text") or "")
            key = key or text_key(shows, "q")
            draft.add(unit, skill, DraftQuestion(key, made[0], made[1], here))
    return draft


# Moodle's combined feedback, by the answers it is for.
_COMBINED = {
    "right": "correctfeedback",
    "partly right": "partiallycorrectfeedback",
    "wrong": "incorrectfeedback",
}
# The words Moodle fills combined feedback with when its author writes none.
_DEFAULT_COMBINED = {
    "Your answer is correct.",
    "Your answer is partially correct.",
    "Your answer is incorrect.",
}


def _text(element: Any, path: str) -> str:
    """The text of `path/text` under `element`, or ''."""
    found = element.find(f"{path}/text")
    return (found.text or "") if found is not None else ""


def _markdown(element: Any, path: str, namer: MediaNamer | None = None) -> str:
    found = element.find(path)
    if found is None:
        return ""
    return markdown_in(found.findtext("text") or "", found.get("format", "html"), namer)


def markdown_in(text: str, form: str, namer: MediaNamer | None = None) -> str:
    """A Moodle text in its format as Markdown, shown as Moodle shows it: HTML converted, plain
    text as written (its `*` and a line's `#` are not marks), Markdown kept as it is. Moodle's
    own format is HTML whose line ends are line breaks."""
    if form == "plain_text":
        return markdown_of_text(text)
    if form == "markdown":
        return clean(text)
    if form == "moodle_auto_format":
        text = text.replace("\r\n", "\n").replace("\n", "<br>")
    return markdown_of(text, namer)


def shown_in(text: str, form: str, namer: MediaNamer | None = None) -> str:
    """A Moodle text shown on one line (a choice, an item) as Markdown: Markdown as written,
    other text as plain text whose marks show as written, its pictures named."""
    if form == "markdown":
        return " ".join(clean(text).split())
    return markdown_of_line(plain_in(text, form, namer))


def plain_in(text: str, form: str, namer: MediaNamer | None = None) -> str:
    """A Moodle text in its format as plain text on one line: a choice, an answer, an item. With
    a namer, a picture in it is named, as a picture can be a choice."""
    if form == "plain_text":
        return " ".join(text.split())
    if form == "markdown":
        return plain_of_markdown(text)
    return plain_of(text, namer)


def _category(path: str, fallback: str) -> tuple[str, str]:
    parts = category_levels(path)
    if not parts:
        return fallback, fallback
    return parts[0], " › ".join(parts[1:]) or parts[0]


def _question(
    element: Any, kind: str, draft: Draft, where: str
) -> tuple[str, dict[str, Any]] | None:
    if kind in _NOT_CONVERTED:
        draft.skip(where, _NOT_CONVERTED[kind])
        return None
    namer = _files(element, draft, where)
    image, text = _old_image(element), element.find("questiontext/text")
    if image and text is not None:
        # Moodle's own import shows it after the question's text, so it joins that text here.
        text.text = f'{text.text or ""}<br><img src="{html.escape(image)}">'
    base: dict[str, Any] = {"prompt": _markdown(element, "questiontext", namer)}
    if not base["prompt"].strip():
        # Text made only of markup the import does not follow (an xi:include) reads as nothing.
        draft.skip(where, "its question text is empty, so there is nothing to ask")
        return None
    explanation = _markdown(element, "generalfeedback", namer)
    if explanation:
        base["explanation"] = explanation
    hints = [_markdown(hint, ".") for hint in element.findall("hint")]
    if any(hints):
        base["hints"] = [hint for hint in hints if hint]
    from tutor_tui.packs.formats import moodle_questions as kinds

    convert = kinds.CONVERTERS.get(kind)
    if convert is None:
        draft.skip(where, f"Moodle's '{kind}' questions have no kind of question here")
        return None
    return _with_combined(element, convert(element, base, draft, where, namer), namer)


def _with_combined(
    element: Any, made: tuple[str, dict[str, Any]] | None, namer: MediaNamer
) -> tuple[str, dict[str, Any]] | None:
    """A question with Moodle's combined feedback, said after a right, partly right or wrong
    answer: a choice's goes with its choices by their marks, as Moodle shows it; for the other
    kinds, which have no feedback of their own by answer, it joins the explanation, each part
    labelled with the answers it is for. Moodle's default words (`Your answer is correct.`) say
    what the tutor says anyway, and are passed over."""
    said = {
        grade: text
        for grade, tag in _COMBINED.items()
        if (text := _markdown(element, tag, namer)) and text not in _DEFAULT_COMBINED
    }
    if made is None or not said:
        return made
    kind, fields = made
    if kind == "choice":
        feedback = dict(fields.get("feedback", {}))
        for fraction, text, _ in answers(element, namer, shown=True):
            grade = "right" if fraction >= 100 else "partly right" if fraction > 0 else "wrong"
            if grade in said and text in fields["choices"]:
                feedback[text] = "\n\n".join(filter(None, [feedback.get(text), said[grade]]))
        return kind, {**fields, "feedback": feedback}
    explanation = [fields.get("explanation", "")]
    explanation += [f"If your answer was {grade}: {text}" for grade, text in said.items()]
    return kind, {**fields, "explanation": "\n\n".join(filter(None, explanation))}


def _old_image(element: Any) -> str:
    """The name in a question's <image>: Moodle 1.9 gave a question one picture of its own."""
    return (element.findtext("image") or "").strip()


def _files(element: Any, draft: Draft, where: str) -> MediaNamer:
    """Keep the files a question carries (`<file encoding="base64">`), as its text names them."""
    import base64
    import binascii

    kept: dict[str, str] = {}
    image = _old_image(element)
    old = [(image, element.findtext("image_base64"))] if image else []
    for name, encoded in [(f.get("name") or "", f.text) for f in element.iter("file")] + old:
        try:
            data = base64.b64decode(encoded or "", validate=False)
        except (binascii.Error, ValueError):
            draft.skip(f"{where} file '{shown(name, 40)}'", "not readable base64, not kept")
            continue
        if not name or len(data) > MAX_MEDIA_FILE:
            draft.skip(f"{where} file '{shown(name, 40)}'", "too large to keep in a pack")
            continue
        if data:
            kept[name] = media_name(name)
            draft.media[kept[name]] = data
    missing: set[str] = set()

    def named(reference: str) -> str | None:
        # Moodle names a question's own files `@@PLUGINFILE@@/name` in its HTML.
        name = unquote(reference.removeprefix("@@PLUGINFILE@@/"))
        if name not in kept and name not in missing:
            missing.add(name)
            draft.skip(where, f"the file '{shown(name, 40)}' it shows is not in the export")
        return kept.get(name)

    return named


def answers(
    element: Any, namer: MediaNamer | None = None, shown: bool = False
) -> list[tuple[float, str, str]]:
    """Each answer of a question: its fraction, its text as plain text, its feedback. `shown`
    answers (choices, items) are Markdown that shows them as written, a picture in one named (a
    choice may be a picture; a typed answer may not)."""
    found = []
    for answer in element.findall("answer"):
        try:
            fraction = float(answer.get("fraction", "0"))
        except ValueError:
            fraction = 0.0
        text = answer.findtext("text") or ""
        form = answer.get("format", "html")
        plain = shown_in(text, form, namer) if shown else plain_in(text, form)
        found.append((fraction, plain, _markdown(answer, "feedback", namer)))
    return found
