"""A pack as an Anki deck (`.apkg`), written with genanki: a subdeck per skill, a note per question.

Anki's cards are flashcards: a typed question (`short`, `numeric`) becomes a type-in card, a cloze
a cloze note (all its blanks on one card), and every other kind a card whose back holds the
answer, which the report says. Text is Markdown made HTML. Each note's GUID is its question's id,
so the deck imported back keeps the ids, and a learner's progress with them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

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
from tutor_tui.packs.formats.text import MEDIA_REFERENCE

# The note types' ids: fixed, so that a deck exported again updates the same note types in Anki.
_BASIC_ID, _TYPED_ID, _CLOZE_ID = 1_730_000_001, 1_730_000_002, 1_730_000_003
_FIELDS = [{"name": "Front"}, {"name": "Back"}, {"name": "Explanation"}]
_AFTER = "{{FrontSide}}<hr id=answer>{{Back}}<br><br>{{Explanation}}"


def _html(markdown: str) -> str:
    """Markdown as the HTML Anki shows, with the pack's images and sounds as Anki's own."""
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark", {"html": False}).render(markdown).strip()
    # A kept media file, named as an import names it, made Anki's own reference again.
    return MEDIA_REFERENCE.sub(
        lambda m: f'<img src="{m[2]}">' if m[1] == "image" else f"[sound:{m[2]}]", html
    )


def _models() -> tuple[Any, Any, Any]:
    import genanki  # type: ignore[import-untyped]  # genanki ships no types

    basic = genanki.Model(
        _BASIC_ID,
        "tutor-tui Basic",
        fields=_FIELDS,
        templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": _AFTER}],
    )
    typed = genanki.Model(
        _TYPED_ID,
        "tutor-tui Type-in",
        fields=_FIELDS,
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}<br><br>{{type:Back}}",
                "afmt": "{{Front}}<hr id=answer>{{type:Back}}<br><br>{{Explanation}}",
            }
        ],
    )
    cloze = genanki.Model(
        _CLOZE_ID,
        "tutor-tui Cloze",
        fields=[{"name": "Text"}, {"name": "Explanation"}],
        templates=[
            {
                "name": "Cloze",
                "qfmt": "{{cloze:Text}}",
                "afmt": "{{cloze:Text}}<br><br>{{Explanation}}",
            }
        ],
        model_type=genanki.Model.CLOZE,
    )
    return basic, typed, cloze


def writer(pack: Pack, report: Exported) -> Callable[[BinaryIO], object]:
    """The deck of `pack`, as a function that writes the `.apkg`; what changes is reported."""
    import genanki

    basic, typed, cloze = _models()
    decks: dict[str, Any] = {}
    for unit, skill, question in in_order(pack):
        name = unit.title if skill.title == unit.title else f"{unit.title} › {skill.title}"
        # The pack's decks under one named after it, unless they are so already (as an Anki
        # deck imported is): a deck exported again is then the same deck.
        name = name if name.split(" › ")[0] == pack.title else f"{pack.title} › {name}"
        name = name.replace(" › ", "::")
        if name not in decks:
            ident = int(hashlib.sha256(name.encode()).hexdigest()[:12], 16) % (1 << 62)
            decks[name] = genanki.Deck(ident, name)
        explanation = _html(question.explanation or "")
        made = _note(question, report)
        if made is None:
            continue
        kind, fields = made
        model = {"basic": basic, "typed": typed, "cloze": cloze}[kind]
        fields = [*fields, explanation]
        decks[name].add_note(genanki.Note(model=model, fields=fields, guid=question.id))
        report.questions += 1
    media = Path(pack.path) / "media"
    kept = sorted(str(p) for p in media.iterdir() if p.is_file()) if media.is_dir() else []
    package = genanki.Package(list(decks.values()), media_files=kept)
    # A fixed time: the same pack gives the same deck.
    return lambda file: package.write_to_file(file, timestamp=1_700_000_000)


def _note(question: AnyQuestion, report: Exported) -> tuple[str, list[str]] | None:
    """The note type and the first fields of a question's note."""
    prompt = question.prompt or ""
    if isinstance(question, ShortQuestion):
        if question.match == "regex":
            report.lose(question, "left out: its answers are patterns, which Anki has not")
            return None
        if len(question.answers) > 1:
            report.lose(question, "only its first accepted answer was kept: Anki types one")
        if question.hints:
            report.lose(question, "its hints were left out: Anki has none")
        return "typed", [_html(prompt), question.answers[0]]
    if isinstance(question, NumericQuestion):
        if question.allowed_error():
            report.lose(question, "its tolerance was left out: Anki compares the text typed")
        return "typed", [_html(prompt), question.answer_text or repr(question.answer)]
    if isinstance(question, ClozeQuestion):
        if any(len(blank) > 1 for blank in question.blanks):
            report.lose(question, "only each blank's first answer was kept: Anki has one")
        # A cloze's one hint is Anki's hint of its one blank.
        hint = f"::{question.hints[0]}" if len(question.blanks) == 1 == len(question.hints) else ""
        if question.hints and not hint:
            report.lose(question, "its hints were left out: Anki has one a blank")
        text = BLANK.sub(
            lambda m: "{{c1::" + m.group(1).split("|")[0].strip() + hint + "}}", question.text
        )
        return "cloze", [_html(f"{prompt}\n\n{text}" if prompt else text)]
    if question.hints:
        report.lose(question, "its hints were left out: Anki has none")
    back = _back(question)
    report.lose(question, f"a {question.type} question became a card with its answer on the back")
    return "basic", [_html(prompt + back[0]), _html(back[1])]


def _back(question: AnyQuestion) -> tuple[str, str]:
    """What a flashcard adds to the prompt on its front, and its back."""
    if isinstance(question, ChoiceQuestion):
        return _listed(question.choices), question.answer
    if isinstance(question, MultiQuestion):
        return _listed(question.choices), _listed(question.answers).strip()
    if isinstance(question, TrueFalseQuestion):
        return "\n\nTrue or false?", "True" if question.answer else "False"
    if isinstance(question, OrderQuestion):
        return _listed(sorted(question.items)), _listed(question.items, numbered=True).strip()
    if isinstance(question, MatchQuestion):
        lefts = [pair.left for pair in question.pairs]
        pairs = [f"{pair.left} → {pair.right}" for pair in question.pairs]
        return _listed(lefts), _listed(pairs).strip()
    return "", ""


def _listed(items: Any, numbered: bool = False) -> str:
    marks = [f"{i}." if numbered else "-" for i in range(1, len(items) + 1)]
    return "\n\n" + "\n".join(f"{mark} {item}" for mark, item in zip(marks, items, strict=True))
