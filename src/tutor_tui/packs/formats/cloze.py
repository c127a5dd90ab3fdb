"""Anki's cloze deletions (`{{c1::answer::hint}}`) as the pack format's cloze questions.

Anki makes one card of a cloze note per deletion number: that number's deletions are blanks, the
others are shown as their text. So does this: one question per number, its blanks written
`{{answer}}`, its hints those the deletions carry.
"""

from __future__ import annotations

import re

from tutor_tui.packs.formats.draft import MAX_SOURCE, Draft, DraftQuestion
from tutor_tui.packs.formats.text import MediaNamer, markdown_of, plain_of

# A deletion: its number, its answer, its optional hint. Anki's own pattern, less nesting.
DELETION = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
# A stand-in for a deletion while the rest of the field becomes Markdown: letters alone, which no
# Markdown conversion touches.
_HOLDER = "zqzclozeholder{}zqz"
# Anki makes a card per deletion number; a note with more is no question set a learner can work.
MAX_CARDS = 50


def cloze_questions(
    draft: Draft, key: str, html: str, extra: str, where: str, namer: MediaNamer | None = None
) -> list[DraftQuestion]:
    """The questions of one cloze note: one per deletion number, in order; the rest skipped."""
    if len(html) > MAX_SOURCE:
        draft.skip(where, f"a cloze text longer than {MAX_SOURCE} characters")
        return []
    found = list(DELETION.finditer(html))
    if len({deletion.group(1) for deletion in found}) > MAX_CARDS:
        draft.skip(where, f"more than {MAX_CARDS} deletion numbers in one note")
        return []
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
    # Each deletion's text, as a blank's answer and as shown, worked out once for all its cards.
    typed = [plain_of(deletion.group(2)) for deletion in found]
    shown = [markdown_of(deletion.group(2)) for deletion in found]
    questions = []
    for number in sorted({int(deletion.group(1)) for deletion in found}):
        question = _card(found, typed, shown, text, number, explanation)
        if isinstance(question, str):
            draft.skip(f"{where} c{number}", question)
            continue
        questions.append(DraftQuestion(f"{key}-c{number}", "cloze", question, f"{where} c{number}"))
    return questions


def _card(
    found: list[re.Match[str]],
    typed: list[str],
    shown: list[str],
    text: str,
    number: int,
    explanation: str,
) -> dict[str, object] | str:
    """The fields of the card of deletion `number`, or why it cannot be one."""
    hints: list[str] = []
    for index, deletion in enumerate(found):
        if int(deletion.group(1)) == number:
            if any(mark in typed[index] for mark in "{}|"):
                return f"the answer '{typed[index]}' holds a brace or '|', which a blank cannot"
            text = text.replace(_HOLDER.format(index), f"{{{{{typed[index]}}}}}", 1)
            if deletion.group(3):
                hints.append(plain_of(deletion.group(3)))
        else:
            text = text.replace(_HOLDER.format(index), shown[index], 1)
    fields: dict[str, object] = {"text": text}
    if hints:
        fields["hints"] = hints
    if explanation:
        fields["explanation"] = explanation
    return fields
