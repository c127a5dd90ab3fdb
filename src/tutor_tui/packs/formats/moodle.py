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
| `generalfeedback`, `hint` | the explanation, the hints |
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
    digest,
    markdown_of,
    markdown_of_text,
    media_name,
    plain_of,
    readable_id,
    shown,
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
            key = readable_id(element.findtext("idnumber") or "") or readable_id(name)
            key = key or "q-" + digest(str(number))
            draft.add(unit, skill, DraftQuestion(key, made[0], made[1], here))
    return draft


def _text(element: Any, path: str) -> str:
    """The text of `path/text` under `element`, or ''."""
    found = element.find(f"{path}/text")
    return (found.text or "") if found is not None else ""


def _markdown(element: Any, path: str, namer: MediaNamer | None = None) -> str:
    found = element.find(path)
    if found is None:
        return ""
    text, form = found.findtext("text") or "", found.get("format", "html")
    if form in ("html", "moodle_auto_format"):
        return markdown_of(text, namer)
    # Plain text is shown as written; Markdown is kept as it is.
    return markdown_of_text(text) if form == "plain_text" else text.strip()


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
    return convert(element, base, draft, where, namer)


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


def answers(element: Any, namer: MediaNamer | None = None) -> list[tuple[float, str, str]]:
    """Each answer of a question: its fraction, its text as plain text, its feedback."""
    found = []
    for answer in element.findall("answer"):
        try:
            fraction = float(answer.get("fraction", "0"))
        except ValueError:
            fraction = 0.0
        text = answer.findtext("text") or ""
        plain = (
            plain_of(text)
            if answer.get("format", "html") != "plain_text"
            else " ".join(text.split())
        )
        found.append((fraction, plain, _markdown(answer, "feedback", namer)))
    return found
