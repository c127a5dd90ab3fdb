"""A pack as GIFT: a `$CATEGORY:` per skill, each question named by its id, text as Markdown."""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from tutor_tui.core.content import (
    AnyQuestion,
    ChoiceQuestion,
    ClozeQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    Pack,
    ShortQuestion,
    TrueFalseQuestion,
)
from tutor_tui.packs.formats.exporting import Exported, in_order
from tutor_tui.packs.formats.text import WORD_JOINER, category_path

# What GIFT escapes with a backslash; a new line is written `\n`, as a blank line ends a question.
_SPECIAL = "\\~=#{}:"


def escape(text: str) -> str:
    """Text as GIFT reads it back: its special characters and new lines escaped."""
    out = "".join("\\" + char if char in _SPECIAL else char for char in text)
    return out.replace("\n", "\\n")


def writer(pack: Pack, report: Exported) -> Callable[[BinaryIO], object]:
    """The GIFT file of `pack`, as a function that writes it; what is left out is reported."""
    parts = [f"// {pack.title} ({pack.id} {pack.version}), written by tutor-tui\n"]
    category = None
    for unit, skill, question in in_order(pack):
        if category != (unit.title, skill.title):
            category = (unit.title, skill.title)
            parts.append(f"$CATEGORY: {category_path(unit.title, skill.title)}\n")
        block = _block(question, report)
        if block is None:
            continue
        if question.hints:
            report.lose(question, "its hints were left out: GIFT has none")
        report.questions += 1
        parts.append(block + "\n")
    text = "\n".join(parts)
    return lambda file: file.write(text.encode("utf-8"))


def _block(question: AnyQuestion, report: Exported) -> str | None:
    general = f"####{escape(question.explanation)}" if question.explanation else ""
    head = f"::{escape(question.id)}::[markdown]"
    prompt = escape(question.prompt or "")
    if isinstance(question, ChoiceQuestion | MultiQuestion) and not question.shuffle:
        report.lose(question, "its choices will be shuffled: GIFT cannot keep their order")
    if isinstance(question, ChoiceQuestion):
        lines = [
            ("=" if choice == question.answer else "~")
            + escape(choice)
            + _feedback(question, choice)
            for choice in question.choices
        ]
        return f"{head}{prompt}{{\n\t" + "\n\t".join([*lines, general]).rstrip() + "\n}"
    if isinstance(question, MultiQuestion):
        right = f"{100 / len(question.answers):.5f}".rstrip("0").rstrip(".")
        lines = [
            f"~%{right if c in question.answers else '-100'}%{escape(c)}" for c in question.choices
        ]
        return f"{head}{prompt}{{\n\t" + "\n\t".join([*lines, general]).rstrip() + "\n}"
    if isinstance(question, TrueFalseQuestion):
        return f"{head}{prompt}{{{'TRUE' if question.answer else 'FALSE'}{general}}}"
    if isinstance(question, ShortQuestion):
        return _short(question, report, head, prompt, general)
    if isinstance(question, NumericQuestion):
        if question.unit:
            report.lose(question, f"its unit '{question.unit}' was left out: GIFT has none")
        tolerance = f":{question.allowed_error()!r}" if question.allowed_error() else ""
        return f"{head}{prompt}{{#{question.answer!r}{tolerance}{general}}}"
    if isinstance(question, MatchQuestion):
        if any("->" in pair.left for pair in question.pairs):
            report.lose(question, "left out: a left-hand item holds '->', which GIFT cannot")
            return None
        lines = [f"={escape(p.left)} -> {escape(p.right)}" for p in question.pairs]
        return f"{head}{prompt}{{\n\t" + "\n\t".join([*lines, general]).rstrip() + "\n}"
    if isinstance(question, ClozeQuestion):
        return _cloze(question, report, head, general)
    report.lose(question, f"left out: GIFT has no {question.type} question")
    return None


def _feedback(question: ChoiceQuestion, choice: str) -> str:
    said = question.feedback.get(choice)
    return f"#{escape(said)}" if said else ""


def _short(
    question: ShortQuestion, report: Exported, head: str, prompt: str, general: str
) -> str | None:
    if question.match == "regex":
        report.lose(question, "left out: its answers are patterns, which GIFT has not")
        return None
    if question.match == "exact":
        report.lose(question, "its answers are matched as typed here; GIFT ignores case")
    lines = [f"={escape(answer)}" for answer in question.answers]
    lines += [f"=%0%{escape(wrong)}#{escape(said)}" for wrong, said in question.feedback.items()]
    return f"{head}{prompt}{{\n\t" + "\n\t".join([*lines, general]).rstrip() + "\n}"


def _cloze(question: ClozeQuestion, report: Exported, head: str, general: str) -> str | None:
    if len(question.blanks) != 1 or question.match == "regex":
        report.lose(question, "left out: GIFT has one typed gap a question, of plain answers")
        return None
    from tutor_tui.core.content import BLANK

    found = BLANK.search(question.text)
    assert found is not None
    before, after = question.text[: found.start()], question.text[found.end() :]
    if question.prompt:
        report.lose(question, "its prompt was put before its text: GIFT has one text a question")
        before = f"{question.prompt}\n\n{before}"
    if not after.strip():
        # GIFT reads answers that end the text as a short answer, not a missing word: an
        # invisible word joiner after them keeps the gap where it is, for Moodle and for us.
        after = WORD_JOINER + after
    answers = " ".join(f"={escape(answer)}" for answer in question.blanks[0])
    return f"{head}{escape(before)}{{{answers}{general}}}{escape(after)}"
