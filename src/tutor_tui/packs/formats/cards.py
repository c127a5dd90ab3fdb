"""Flashcards as questions: a short answer is typed, a long one is picked among its neighbours'.

A card is a front and a back. A learner can type a back of a few words; nobody types a definition
word for word. So a card whose back is short and on one line becomes a `short` question, and any
other a `choice` between its own back and up to three backs of other cards of its skill, picked
by a hash so that a new import of the same deck offers the same choices. A back written on
several lines (a list of steps, a verse) is picked too, however short: typed on one line it would
be an answer nobody gives. The full back is the explanation either way. A card with no neighbour
to pick from stays typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tutor_tui.packs.formats.draft import DraftQuestion
from tutor_tui.packs.formats.text import digest

# A back at most this long, on one line, is typed; a longer one is picked.
TYPED_ANSWER = 60
# How many other backs a picked card offers beside its own.
DISTRACTORS = 3
# A back longer than this is no choice to read in a list; such a card stays typed.
LONGEST_CHOICE = 300


def card(
    key: str, prompt: str, answer: str, back: str, where: str, extra: str = "", typable: bool = True
) -> DraftQuestion:
    """A flashcard: its prompt (Markdown), its answer as typed (plain), its back (Markdown), what
    else its back shows (Markdown), and whether a short answer may be typed rather than picked
    (not a list of lines, which nobody types on one line)."""
    fields = {"prompt": prompt, "answer": answer, "back": back, "extra": extra, "typable": typable}
    return DraftQuestion(key, "card", fields, where)


def settle_cards(questions: Iterable[DraftQuestion]) -> Iterator[DraftQuestion]:
    """The questions of one skill, in order, with every card made a `short` or a `choice`
    question as it comes."""
    questions = list(questions)
    held = {
        q.fields["answer"]
        for q in questions
        if q.type == "card" and 0 < len(q.fields["answer"]) <= LONGEST_CHOICE
    }
    backs = _Backs(sorted(held), held)
    return (_settled(q, backs) if q.type == "card" else q for q in questions)


@dataclass(frozen=True, slots=True)
class _Backs:
    """A skill's backs to pick from: in order, to pick by place, and as a set, to look one up."""

    ordered: list[str]
    held: set[str]


def _settled(question: DraftQuestion, backs: _Backs) -> DraftQuestion:
    prompt, answer, back, extra = (
        question.fields[k] for k in ("prompt", "answer", "back", "extra")
    )
    said = explained(answer, back, extra)
    explanation = {"explanation": said} if said else {}
    typed = question.fields["typable"] and len(answer) <= TYPED_ANSWER and "\n" not in answer
    others = [] if typed else _neighbours(question.key, answer, backs)
    if typed or not others or len(answer) > LONGEST_CHOICE:
        fields = {"prompt": prompt, "answers": [answer], **explanation}
        return DraftQuestion(question.key, "short", fields, question.where)
    choices = sorted([answer, *others], key=lambda b: digest(question.key, "at", b))
    fields = {"prompt": prompt, "choices": choices, "answer": answer, **explanation}
    return DraftQuestion(question.key, "choice", fields, question.where)


def _neighbours(key: str, answer: str, backs: _Backs) -> list[str]:
    """Up to DISTRACTORS backs other than `answer`, picked by the card's key: the same each time.

    Places in the sorted backs are drawn from a hash of the key, and the answer is looked up in a
    set, so that each card costs the same however large its skill: a deck of 300,000 cards is
    settled in time proportional to its size.
    """
    picked: list[str] = []
    others = len(backs.ordered) - (answer in backs.held)
    for draw in range(8 * DISTRACTORS):
        if len(picked) == DISTRACTORS or len(picked) == others:
            break
        back = backs.ordered[int(digest(key, str(draw)), 16) % len(backs.ordered)]
        if back != answer and back not in picked:
            picked.append(back)
    return picked


def explained(answer: str, back: str, extra: str) -> str:
    """A card's explanation: its back where it says more than the answer, and what else it shows."""
    return "\n\n".join(part for part in (back if back != answer else "", extra) if part)
