"""Anki's cloze deletions (`{{c1::answer::hint}}`) as the pack format's cloze questions.

Anki makes one card of a cloze note per deletion number: that number's deletions are blanks, the
others are shown as their text. So does this: one question per number, its blanks written
`{{answer}}`, its hints those the deletions carry.
"""

from __future__ import annotations

import re

from tutor_tui.packs.formats.draft import Draft, DraftQuestion
from tutor_tui.packs.formats.text import MediaNamer, markdown_of, plain_of

# A deletion: its number, its answer, its optional hint. Anki's own pattern, less nesting.
DELETION = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
# A stand-in for a deletion while the rest of the field becomes Markdown: letters alone, which no
# Markdown conversion touches.
_HOLDER = "zqzclozeholder{}zqz"


def cloze_questions(
    draft: Draft, key: str, html: str, extra: str, where: str, namer: MediaNamer | None = None
) -> list[DraftQuestion]:
    """The questions of one cloze note: one per deletion number, in order; the rest skipped."""
    found = list(DELETION.finditer(html))
    if not found:
        draft.skip(where, "a cloze note with no deletion ({{c1::...}}) in its text")
        return []
    if any("{{c" in deletion.group(2) for deletion in found):
        draft.skip(where, "nested cloze deletions, which a blank cannot hold")
        return []
    held = html
    for index, deletion in reversed(list(enumerate(found))):
        held = held[: deletion.start()] + _HOLDER.format(index) + held[deletion.end() :]
    text = markdown_of(held, namer)
    if "{{" in text or "}}" in text:
        draft.skip(where, "the text holds '{{' or '}}' outside its deletions, which read as blanks")
        return []
    explanation = markdown_of(extra, namer) if extra else ""
    questions = []
    for number in sorted({int(deletion.group(1)) for deletion in found}):
        question = _card(found, text, number, explanation)
        if isinstance(question, str):
            draft.skip(f"{where} c{number}", question)
            continue
        questions.append(DraftQuestion(f"{key}-c{number}", "cloze", question, f"{where} c{number}"))
    return questions


def _card(
    found: list[re.Match[str]], text: str, number: int, explanation: str
) -> dict[str, object] | str:
    """The fields of the card of deletion `number`, or why it cannot be one."""
    hints: list[str] = []
    for index, deletion in enumerate(found):
        answer, hint = deletion.group(2), deletion.group(3)
        if int(deletion.group(1)) == number:
            typed = plain_of(answer)
            if any(mark in typed for mark in "{}|"):
                return f"the answer '{typed}' holds a brace or '|', which a blank cannot"
            shown = f"{{{{{typed}}}}}"
            if hint:
                hints.append(plain_of(hint))
        else:
            shown = markdown_of(answer)
        text = text.replace(_HOLDER.format(index), shown, 1)
    fields: dict[str, object] = {"text": text}
    if hints:
        fields["hints"] = hints
    if explanation:
        fields["explanation"] = explanation
    return fields
