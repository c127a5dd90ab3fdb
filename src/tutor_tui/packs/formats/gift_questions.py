"""A parsed GIFT question as a question of the pack format, or the reason it cannot be one."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from tutor_tui.packs.formats.draft import TEXTLESS_CHOICE, Draft, match_fields
from tutor_tui.packs.formats.gift import (
    Answer,
    Parsed,
    as_markdown,
    as_plain,
    as_shown,
    key_of,
    unescape,
)
from tutor_tui.packs.formats.text import WORD_JOINER, shown, truth_explanation, unkept

# What `convert` gives: the question's id seed, its type and its keys.
Converted = tuple[str, str, dict[str, Any]]
# The gap of a missing-word question shown in its prompt, as the tutor shows a cloze blank.
GAP = "▁▁▁▁▁"


def convert(parsed: Parsed, draft: Draft, where: str) -> Converted | None:
    """The question of the pack format `parsed` is, or None with the reason recorded."""
    parsed.namer = unkept(draft, where, "a GIFT file")
    if not parsed.block:
        draft.skip(where, "a description, with no answer to check")
        return None
    lead = as_plain(parsed.lead, "plain") if parsed.lead else ""
    if not parsed.answers and not lead and not parsed.numeric:
        draft.skip(where, "an essay question, with no answer to check")
        return None
    base = _base(parsed)
    if parsed.numeric:
        return _numeric(parsed, draft, where, base)
    if not parsed.answers and lead.lower() in ("t", "true", "f", "false"):
        truth = lead.lower() in ("t", "true")
        # GIFT's first feedback of a true-false question is for a wrong answer, the second for
        # the right one.
        wrong, right = (
            [*map(lambda f: as_markdown(f, parsed.form, parsed.namer), parsed.lead_feedback)]
            + ["", ""]
        )[:2]
        said = truth_explanation(
            base.get("explanation", ""), right if truth else wrong, wrong if truth else right
        )
        if said:
            base["explanation"] = said
        return key_of(parsed), "truefalse", {**base, "answer": truth}
    if not parsed.answers:
        draft.skip(where, f"an answer block GIFT does not define ('{lead}')")
        return None
    if any("->" in answer.text for answer in parsed.answers):
        return _match(parsed, draft, where, base)
    if all(answer.right for answer in parsed.answers):
        return _short(parsed, draft, where, base)
    return _choice(parsed, draft, where, base)


def _base(parsed: Parsed) -> dict[str, Any]:
    """The prompt (the gap shown, for a missing word) and the explanation."""
    prompt = as_markdown(parsed.stem, parsed.form, parsed.namer)
    if parsed.tail is not None and parsed.tail.strip():
        prompt = around(parsed, GAP)
    base: dict[str, Any] = {"prompt": prompt}
    general = as_markdown(parsed.general, parsed.form, parsed.namer) if parsed.general else ""
    if general:
        base["explanation"] = general
    return base


def around(parsed: Parsed, gap: str) -> str:
    """A missing-word question's text with `gap` in place of its answer block, spaced as written."""
    # A word joiner right after the answers is what keeps a gap at the end a missing word.
    before, after = parsed.stem, (parsed.tail or "").removeprefix(WORD_JOINER)
    space = (" " if before[-1:].isspace() else "", " " if after[:1].isspace() else "")
    text = as_markdown(before, parsed.form, parsed.namer) + space[0] + gap + space[1]
    return (text + as_markdown(after, parsed.form, parsed.namer)).strip()


def _texts(parsed: Parsed, answers: list[Answer], shown: bool = False) -> list[str]:
    """The answers' texts: plain, to type, or `shown` (a choice) as Markdown that shows them as
    written, a picture in one named, as a choice may be one."""
    if shown:
        return [as_shown(answer.text, parsed.form, parsed.namer) for answer in answers]
    return [as_plain(answer.text, parsed.form) for answer in answers]


def _said_for(parsed: Parsed, full: list[Answer], texts: list[str]) -> list[str]:
    """The feedback of a missing word's right answers, each labelled with its answer: a blank has
    no feedback of its own, and the explanation is shown after either answer."""
    return [
        f"If you answered {text}: {said}"
        for answer, text in zip(full, texts, strict=True)
        if (said := as_markdown(answer.feedback, parsed.form, parsed.namer))
    ]


def _short(parsed: Parsed, draft: Draft, where: str, base: dict[str, Any]) -> Converted | None:
    full = [a for a in parsed.answers if a.weight is None or a.weight >= 100]
    # A right answer of no credit, with its feedback, is a wrong answer foreseen (`=%0%dog#No`).
    foreseen = {
        as_plain(a.text, parsed.form): said
        for a in parsed.answers
        if a.weight == 0 and (said := as_markdown(a.feedback, parsed.form, parsed.namer))
    }
    if len(full) + len(foreseen) < len(parsed.answers):
        draft.skip(
            where, "answers with partial credit were left out: a short answer is right or not"
        )
    if any("*" in text for text in foreseen):
        # A wildcard is Moodle's catch-all, not a wrong answer a learner would type.
        foreseen = {text: said for text, said in foreseen.items() if "*" not in text}
        draft.skip(
            where,
            "feedback on a wildcard wrong answer ('*') was left out: a short answer has"
            " feedback only for wrong answers written out",
        )
    answers = _texts(parsed, full)
    if parsed.tail is not None and parsed.tail.strip():
        if any(mark in answer for answer in answers for mark in "{}|"):
            draft.skip(where, "a missing word holding a brace or '|', which a blank cannot")
            return None
        text = around(parsed, f"{{{{{'|'.join(answers)}}}}}")
        fields = {"text": text, **{k: v for k, v in base.items() if k != "prompt"}}
        told = _said_for(parsed, full, answers)
        if told:
            fields["explanation"] = "\n\n".join(filter(None, [base.get("explanation"), *told]))
        if foreseen:
            draft.skip(where, "feedback on wrong answers was left out: a blank has none")
        return key_of(parsed), "cloze", fields
    if any(as_markdown(answer.feedback, parsed.form, parsed.namer) for answer in full):
        draft.skip(
            where, "feedback on right answers was left out: a short answer's is for wrong ones"
        )
    fields = {**base, "answers": answers}
    if foreseen:
        fields["feedback"] = foreseen
    return key_of(parsed), "short", fields


def _choice(parsed: Parsed, draft: Draft, where: str, base: dict[str, Any]) -> Converted | None:
    texts = _texts(parsed, parsed.answers, shown=True)
    if not all(texts):
        empty = next(a for a, t in zip(parsed.answers, texts, strict=True) if not t)
        draft.skip(empty.place(where), TEXTLESS_CHOICE)
        return None
    feedback = {
        text: as_markdown(answer.feedback, parsed.form, parsed.namer)
        for answer, text in zip(parsed.answers, texts, strict=True)
        if as_markdown(answer.feedback, parsed.form, parsed.namer)
    }
    weighted = any(answer.weight is not None for answer in parsed.answers)
    right = [t for a, t in zip(parsed.answers, texts, strict=True) if a.right]
    if weighted and not right:
        answers = [t for a, t in zip(parsed.answers, texts, strict=True) if (a.weight or 0) > 0]
        if feedback:
            draft.skip(where, "per-answer feedback was left out: a multi question has none")
        return key_of(parsed), "multi", {**base, "choices": texts, "answers": answers}
    if len(right) != 1:
        draft.skip(where, f"{len(right)} answers marked right with '=' among '~' answers")
        return None
    if any(not a.right and (a.weight or 0) > 0 for a in parsed.answers):
        draft.skip(where, "partial credit was left out: a choice is right or wrong")
    fields = {**base, "choices": texts, "answer": right[0]}
    if feedback:
        fields["feedback"] = feedback
    return key_of(parsed), "choice", fields


def _match(parsed: Parsed, draft: Draft, where: str, base: dict[str, Any]) -> Converted | None:
    pairs = []
    for answer in parsed.answers:
        left, _, right = answer.text.partition("->")
        left, right = as_shown(left, parsed.form), as_shown(right, parsed.form)
        if not left:
            draft.skip(where, f"the extra right-hand item '{right}' was left out")
            continue
        pairs.append({"left": left, "right": right})
    return key_of(parsed), "match", {**base, **match_fields(pairs)}


def _numeric(parsed: Parsed, draft: Draft, where: str, base: dict[str, Any]) -> Converted | None:
    entries: list[tuple[float | None, str, str]] = []
    if parsed.lead.strip():
        entries.append((None, parsed.lead, "".join(parsed.lead_feedback)))
    entries += [(a.weight, a.text, a.feedback) for a in parsed.answers if a.right]
    full = [text for weight, text, _ in entries if weight is None or weight >= 100]
    if not full:
        draft.skip(where, "a numerical question with no full-credit answer")
        return None
    if len(full) > 1:
        draft.skip(where, "only the first full-credit number was kept of several answers")
    if len(entries) > len(full):
        draft.skip(where, "numbers worth part credit were left out: a number is right or not")
    # A `~#feedback` answer is Moodle's feedback for any wrong number.
    wrong = [a.feedback for a in parsed.answers if not a.right]
    if any(
        as_markdown(said, parsed.form, parsed.namer) for said in [*(e[2] for e in entries), *wrong]
    ):
        draft.skip(where, "feedback on its numbers was left out: a numeric question has none here")
    read = _number(unescape(full[0]).strip())
    if read is None:
        draft.skip(where, f"'{shown(unescape(full[0]))}' is not a number GIFT reads")
        return None
    answer, tolerance = read
    fields = {**base, "answer": answer}
    if tolerance:
        fields["tolerance"] = tolerance
    return key_of(parsed), "numeric", fields


def _number(text: str) -> tuple[float, float] | None:
    """`2`, `2:0.5` (give or take) or `1..3` (a range) as an answer and its tolerance."""
    # Decimal arithmetic, so a range's middle and half-width are as written, not float noise.
    try:
        if ".." in text:
            low, high = (Decimal(part.strip()) for part in text.split("..", 1))
            middle, spread = (low + high) / 2, abs(high - low) / 2
        elif ":" in text:
            middle, spread = (Decimal(part.strip()) for part in text.split(":", 1))
        else:
            middle, spread = Decimal(text), Decimal(0)
    except (ArithmeticError, ValueError):
        return None
    answer, tolerance = float(middle), abs(float(spread))
    if not (math.isfinite(answer) and math.isfinite(tolerance)):
        return None
    return answer, tolerance
