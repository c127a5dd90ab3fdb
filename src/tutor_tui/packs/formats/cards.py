"""Flashcards as questions: a short answer is typed, a long one is picked among its neighbours'.

A card is a front and a back. A learner can type a word or a name; nobody types a definition
word for word, with its commas and semicolons. So a card whose back is a few words on one line
becomes a `short` question, and any other a `choice` between its own back and up to three backs of
other cards of its skill, picked by a hash so that a new import of the same deck offers the same
choices. A back written on several lines (a list of steps, a verse) is picked too, however short:
typed on one line it would be an answer nobody gives. The full back is the explanation either way.
A card whose skill holds no other back picks among the backs of the whole pack; a card that cannot
be typed and has nothing to be picked among is left out, and reported, rather than made a question
that can only be answered wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tutor_tui.core.grading.matching import normal
from tutor_tui.packs.formats.draft import DraftQuestion, Skipped
from tutor_tui.packs.formats.text import IMAGE, digest

# A back of at most this many words, and this many characters, on one line, is typed.
TYPED_WORDS = 4
TYPED_ANSWER = 40
# Marks that make a back a phrase of clauses ("Topic particle; marks the topic"), not a word.
_CLAUSES = re.compile(r"[;:,](\s|$)")
# A formula in TeX (`$i$`, `$$a-ib$$`): its source is no answer to type.
_FORMULA = re.compile(r"\$.*\$", re.DOTALL)
# Code marks around a word (`` `class` ``), which a learner sees as a style, not as characters.
_CODE = re.compile(r"`([^`]+)`")
# How many other backs a picked card offers beside its own.
DISTRACTORS = 3
# Why a card is left out that can neither be typed nor picked.
UNPICKABLE = "a card whose back is too long to type, with no other card to pick it among"


def card(
    key: str, prompt: str, answer: str, back: str, where: str, extra: str = "", typable: bool = True
) -> DraftQuestion:
    """A flashcard: its prompt (Markdown), its answer as typed (plain), its back (Markdown), what
    else its back shows (Markdown), and whether a short answer may be typed rather than picked
    (not a list of lines, which nobody types on one line)."""
    fields = {"prompt": prompt, "answer": answer, "back": back, "extra": extra, "typable": typable}
    return DraftQuestion(key, "card", fields, where)


def backs_of(questions: Iterable[DraftQuestion]) -> Backs:
    """The backs of the cards among `questions`, to pick from."""
    held = {q.fields["answer"] for q in questions if q.type == "card" and q.fields["answer"]}
    return Backs(sorted(held), held)


def settle_cards(
    questions: Iterable[DraftQuestion], everywhere: Backs, skipped: list[Skipped]
) -> Iterator[DraftQuestion]:
    """The questions of one skill, in order, with every card made a `short` or a `choice`
    question as it comes: picked among the skill's backs, or, where the skill has no other,
    among `everywhere`'s (the whole pack's). A card that is neither is left out, and said in
    `skipped`."""
    questions = list(questions)
    own = backs_of(questions)
    for question in questions:
        if question.type != "card":
            yield question
            continue
        made = _settled(question, own) or _settled(question, everywhere)
        if made is None:
            skipped.append(Skipped(question.where, UNPICKABLE))
        else:
            yield made


@dataclass(frozen=True, slots=True)
class Backs:
    """Backs to pick from: in order, to pick by place, and as a set, to look one up."""

    ordered: list[str]
    held: set[str]


def typable(answer: str) -> bool:
    """Whether a learner could type `answer` as the card's back: a word or a name, not a phrase of
    clauses, a sentence, a definition, a formula or a picture."""
    return (
        "\n" not in answer
        and len(answer) <= TYPED_ANSWER
        and len(answer.split()) <= TYPED_WORDS
        and not _CLAUSES.search(answer)
        and not _FORMULA.search(answer)
        and not IMAGE.search(answer)
    )


def typed_answers(answer: str) -> list[str]:
    """The answers a typed card accepts: its back as the learner would type it first (without
    the full stop that ends it, or code marks, `KeyError`), then as written."""
    bare = _CODE.sub(r"\1", answer.removesuffix(".").strip()).strip()
    return [bare, answer] if bare and bare != answer else [answer]


def _settled(question: DraftQuestion, backs: Backs) -> DraftQuestion | None:
    prompt, answer, back, extra = (
        question.fields[k] for k in ("prompt", "answer", "back", "extra")
    )
    said = explained(answer, back, extra)
    explanation = {"explanation": said} if said else {}
    if question.fields["typable"] and typable(answer):
        fields = {"prompt": prompt, "answers": typed_answers(answer), **explanation}
        return DraftQuestion(question.key, "short", fields, question.where)
    others = _neighbours(question.key, answer, backs)
    if not others:
        return None
    choices = sorted([answer, *others], key=lambda b: digest(question.key, "at", b))
    fields = {"prompt": prompt, "choices": choices, "answer": answer, **explanation}
    return DraftQuestion(question.key, "choice", fields, question.where)


def _neighbours(key: str, answer: str, backs: Backs) -> list[str]:
    """Up to DISTRACTORS backs other than `answer`, picked by the card's key: the same each time.

    Places in the sorted backs are drawn from a hash of the key, and the answer is looked up in a
    set, so that each card costs the same however large its skill: a deck of 300,000 cards is
    settled in time proportional to its size. A back that reads as the answer but for case, space
    or a final full stop is no wrong choice: picking it would be marked wrong for a full stop.
    """
    picked: list[str] = []
    mine = _bare(answer)
    others = len(backs.ordered) - (answer in backs.held)
    for draw in range(8 * DISTRACTORS):
        if len(picked) == DISTRACTORS or len(picked) == others:
            break
        back = backs.ordered[int(digest(key, str(draw)), 16) % len(backs.ordered)]
        if back != answer and back not in picked and _bare(back) != mine:
            picked.append(back)
    return picked


def _bare(back: str) -> str:
    # A back as compared with the answer to be no wrong choice for it: normally, without its
    # final full stop.
    return normal(back).removesuffix(".").rstrip()


def explained(answer: str, back: str, extra: str) -> str:
    """A card's explanation: its back where it says more than the answer, and what else it shows."""
    return "\n\n".join(part for part in (back if back != answer else "", extra) if part)
