"""Each kind of Moodle XML question as a question of the pack format, or why it cannot be one."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from tutor_tui.packs.formats.draft import Draft, FormatError, match_fields
from tutor_tui.packs.formats.gift import as_plain, parse_question
from tutor_tui.packs.formats.gift_questions import GAP
from tutor_tui.packs.formats.moodle import answers, markdown_in, shown_in
from tutor_tui.packs.formats.text import (
    MediaNamer,
    markdown_of_line,
    plain_of,
    truth_explanation,
)

Made = tuple[str, dict[str, Any]] | None
# An embedded answer of a multianswer question: `{1:SHORTANSWER:=cat#Yes~dog}`, as Moodle's own
# question type finds them; `\}` inside does not end it. Its answers are written as GIFT's.
EMBEDDED = re.compile(r"\{(\d*):([A-Z_]+):((?:\\.|[^\\}])*)\}")
TYPED = {"SHORTANSWER", "SA", "MW", "SHORTANSWER_C", "SAC", "MWC"}
PICKED = {"MULTICHOICE", "MC", "MCV", "MCH", "MCS", "MULTICHOICE_V", "MULTICHOICE_H"}
NUMBERS = {"NUMERICAL", "NM"}
# A Moodle text's format as GIFT names it, for a gap's answers, which are written as GIFT's.
_GIFT_FORMS = {"moodle_auto_format": "moodle", "plain_text": "plain", "markdown": "markdown"}


def _truth(element: Any, base: dict[str, Any], draft: Draft, where: str, namer: MediaNamer) -> Made:
    right = [text.lower() for fraction, text, _ in answers(element, namer) if fraction >= 100]
    if right not in (["true"], ["false"]):
        draft.skip(where, "a true-false question without one right answer, true or false")
        return None
    said = {text.lower(): feedback for _, text, feedback in answers(element, namer)}
    explanation = truth_explanation(
        base.get("explanation", ""), said.get("true", ""), said.get("false", "")
    )
    if explanation:
        base = {**base, "explanation": explanation}
    return "truefalse", {**base, "answer": right[0] == "true"}


def _choice(
    element: Any, base: dict[str, Any], draft: Draft, where: str, namer: MediaNamer
) -> Made:
    # An answer with no text is no choice: Moodle's own import passes it over.
    found = [answer for answer in answers(element, namer, shown=True) if answer[1]]
    choices = [text for _, text, _ in found]
    feedback = {text: said for _, text, said in found if said}
    # Choices are shuffled unless a pack says otherwise: only Moodle's "do not shuffle" is written.
    if (element.findtext("shuffleanswers") or "true").strip() in ("0", "false"):
        base = {**base, "shuffle": False}
    # Moodle's all-or-nothing multiple choice (`multichoiceset`) has several right answers too.
    single = (element.findtext("single") or "true").strip() not in ("false", "0")
    if not single or element.get("type") == "multichoiceset":
        if feedback:
            draft.skip(where, "per-answer feedback was left out: a multi question has none")
        right = [text for fraction, text, _ in found if fraction > 0]
        return "multi", {**base, "choices": choices, "answers": right}
    right = [text for fraction, text, _ in found if fraction >= 100]
    if len(right) != 1:
        draft.skip(where, f"a single-answer question with {len(right)} answers worth full marks")
        return None
    fields = {**base, "choices": choices, "answer": right[0]}
    if feedback:
        fields["feedback"] = feedback
    return "choice", fields


def _short(element: Any, base: dict[str, Any], draft: Draft, where: str, namer: MediaNamer) -> Made:
    found = answers(element, namer)
    full = [text for fraction, text, _ in found if fraction >= 100]
    if len(full) < len([1 for fraction, _, _ in found if fraction > 0]):
        draft.skip(
            where, "answers with partial credit were left out: a short answer is right or not"
        )
    wrong = {
        text: said for fraction, text, said in found if fraction <= 0 and said and "*" not in text
    }
    if any(said and "*" in text for fraction, text, said in found if fraction <= 0):
        draft.skip(
            where,
            "feedback on a wildcard wrong answer ('*') was left out: a short answer has"
            " feedback only for wrong answers written out",
        )
    if any(said for fraction, _, said in found if fraction > 0):
        draft.skip(
            where, "feedback on right answers was left out: a short answer's is for wrong ones"
        )
    fields: dict[str, Any] = {**base, "answers": full}
    if any("*" in text for text in full):
        # Moodle's wildcard stands for any characters; the rest is matched as written.
        flags = "" if (element.findtext("usecase") or "0").strip() == "1" else "(?i)"
        patterns = [flags + ".*".join(re.escape(part) for part in t.split("*")) for t in full]
        # The first answer is the one learners are shown: a readable one that the patterns take.
        readable = [re.escape(" ".join(t.replace("*", " ").split())) for t in full[:1]]
        fields["answers"] = [*filter(None, readable), *patterns]
        fields["match"] = "regex"
    elif (element.findtext("usecase") or "0").strip() == "1":
        fields["match"] = "exact"
    if wrong:
        fields["feedback"] = wrong
    return "short", fields


def _numeric(
    element: Any, base: dict[str, Any], draft: Draft, where: str, namer: MediaNamer
) -> Made:
    rows = [a for a in element.findall("answer") if _fraction(a) >= 100]
    if not rows:
        draft.skip(where, "a numerical question with no answer worth full marks")
        return None
    if len(rows) > 1:
        draft.skip(where, "only the first full-credit number was kept of several answers")
    if any(0 < _fraction(a) < 100 for a in element.findall("answer")):
        draft.skip(where, "numbers worth part credit were left out: a number is right or not")
    # Feedback on a number, or on any other (`*`), has no place in a numeric question.
    if any(said for _, _, said in answers(element, namer)):
        draft.skip(where, "feedback on its numbers was left out: a numeric question has none here")
    text = (rows[0].findtext("text") or "").strip()
    try:
        answer = float(text)
        tolerance = abs(float((rows[0].findtext("tolerance") or "0").strip() or 0))
    except ValueError:
        draft.skip(where, f"'{text}' is not a number")
        return None
    if not (math.isfinite(answer) and math.isfinite(tolerance)):
        draft.skip(where, f"'{text}' is not a finite number")
        return None
    fields: dict[str, Any] = {**base, "answer": answer}
    if tolerance:
        fields["tolerance"] = tolerance
    unit = (element.findtext("units/unit/unit_name") or "").strip()
    if unit:
        fields["unit"] = unit
    return "numeric", fields


def _match(element: Any, base: dict[str, Any], draft: Draft, where: str, namer: MediaNamer) -> Made:
    pairs = []
    for sub in element.findall("subquestion"):
        left = shown_in(sub.findtext("text") or "", sub.get("format", "html"), namer)
        # A right-hand item is plain text in Moodle, whatever its question's format.
        right = markdown_of_line(plain_of(sub.findtext("answer/text") or ""))
        if not left:
            draft.skip(where, f"the extra right-hand item '{right}' was left out")
            continue
        pairs.append({"left": left, "right": right})
    return "match", {**base, **match_fields(pairs)}


def _cloze(element: Any, base: dict[str, Any], draft: Draft, where: str, namer: MediaNamer) -> Made:
    html = element.findtext("questiontext/text") or ""
    gaps = list(EMBEDDED.finditer(html))
    if not gaps:
        draft.skip(where, "an embedded-answers question with no gap")
        return None
    held = html
    form = element.find("questiontext").get("format", "html")
    blanks = []
    for index, gap in reversed(list(enumerate(gaps))):
        held = held[: gap.start()] + f"zqzgap{index}zqz" + held[gap.end() :]
    for gap in gaps:
        kind, body = gap.group(2), gap.group(3)
        right, lost = _gap_answers(body, _GIFT_FORMS.get(form, "html"))
        for why in lost:
            draft.skip(where, why)
        if kind not in TYPED | PICKED | NUMBERS or not right:
            draft.skip(where, f"a gap of kind {kind} with no full-credit answer")
            return None
        if kind in NUMBERS:
            read = _gap_numbers(right)
            if isinstance(read, str) and len(gaps) == 1:
                # One number gap is a number question, whose tolerance the pack format has.
                return _number_gap(base, draft, where, (markdown_in(held, form, namer), right))
            if isinstance(read, str):
                draft.skip(where, read)
                return None
            right = read
        if any(mark in text for text in right for mark in "{}|"):
            draft.skip(where, "a gap's answer holds a brace or '|', which a blank cannot")
            return None
        blanks.append("{{" + "|".join(right) + "}}")
    if any(gap.group(2) not in TYPED for gap in gaps):
        draft.skip(where, "its choice and number gaps became typed blanks")
    return _blanked(base, draft, where, markdown_in(held, form, namer), blanks)


def _blanked(base: dict[str, Any], draft: Draft, where: str, text: str, blanks: list[str]) -> Made:
    """A cloze question of `text`, whose gaps are held as `zqzgapNzqz`, with `blanks` there."""
    if "{{" in text or "}}" in text:
        draft.skip(where, "the text holds '{{' or '}}', which read as blanks")
        return None
    for index, blank in enumerate(blanks):
        text = text.replace(f"zqzgap{index}zqz", blank, 1)
    fields = {key: value for key, value in base.items() if key != "prompt"}
    return "cloze", {"text": text, **fields}


# A place of Moodle's drag-and-drop and select-missing-words questions: `[[2]]`, its right
# answer the second of the question's choices.
PLACE = re.compile(r"\[\[(\d{1,3})\]\]")


def _places(
    element: Any, base: dict[str, Any], draft: Draft, where: str, namer: MediaNamer
) -> Made:
    """Moodle's `ddwtos` (drag words into the text) and `gapselect` (pick missing words): each
    place `[[n]]` becomes a blank whose answer is the n-th choice, to type."""
    choices = [
        plain_of(found.findtext("text") or "")
        for found in [*element.findall("dragbox"), *element.findall("selectoption")]
    ]
    questiontext = element.find("questiontext")
    numbers = iter(range(10_000))
    held = PLACE.sub(lambda _: f"zqzgap{next(numbers)}zqz", questiontext.findtext("text") or "")
    places = [int(found.group(1)) for found in PLACE.finditer(questiontext.findtext("text") or "")]
    if not places:
        draft.skip(where, "a question with no place to fill")
        return None
    if any(not 0 < place <= len(choices) or not choices[place - 1] for place in places):
        draft.skip(where, "a place with no choice of that number, or one with no text")
        return None
    answers = [choices[place - 1] for place in places]
    if any(mark in answer for answer in answers for mark in "{}|"):
        draft.skip(where, "a place's answer holds a brace or '|', which a blank cannot")
        return None
    draft.skip(where, "the words to pick or drag became blanks to type")
    form = questiontext.get("format", "html")
    blanks = ["{{" + answer + "}}" for answer in answers]
    return _blanked(base, draft, where, markdown_in(held, form, namer), blanks)


def _number_gap(base: dict[str, Any], draft: Draft, where: str, gap: tuple[str, list[str]]) -> Made:
    """A text with one number gap that has a tolerance, as a `numeric` question: the text, its
    gap shown, is the prompt; the first full-credit number and its tolerance are the answer."""
    text, right = gap
    if len(right) > 1:
        draft.skip(where, "only the first full-credit number was kept of several answers")
    number, _, spread = right[0].partition(":")
    try:
        answer, tolerance = float(number), abs(float(spread))
    except ValueError:
        draft.skip(where, f"the number gap answer '{right[0]}' is not a number")
        return None
    if not (math.isfinite(answer) and math.isfinite(tolerance)):
        draft.skip(where, f"the number gap answer '{right[0]}' is not a finite number")
        return None
    fields = {**base, "prompt": text.replace("zqzgap0zqz", GAP, 1), "answer": answer}
    return "numeric", {**fields, "tolerance": tolerance} if tolerance else fields


def _gap_numbers(right: list[str]) -> list[str] | str:
    """A number gap's answers (`3.14:0`) as a blank's, or why a blank cannot hold them."""
    numbers = []
    for text in right:
        number, _, spread = text.partition(":")
        try:
            exact = not spread.strip() or float(spread) == 0
            float(number)
        except ValueError:
            return f"the number gap answer '{text}' is not a number"
        if not exact:
            # A blank matches text, so it cannot accept every number within a tolerance.
            return f"the number gap '{text}' has a tolerance, which a typed blank cannot hold"
        numbers.append(number.strip())
    return numbers


def _gap_answers(body: str, form: str) -> tuple[list[str], list[str]]:
    """The full-credit answers of an embedded gap (`=cat#Yes~%100%kitty~dog`), read as GIFT, and
    what of it a blank cannot hold: answers worth part of the marks, feedback."""
    # Moodle lets the first answer start with its weight (`%100%cat`), which GIFT writes `~%100%`.
    body = "~" + body if body.startswith("%") else body
    try:
        parsed = parse_question("{" + body + "}", "gap:1")
    except FormatError:
        return [], []
    right, lost = [], []
    for answer in parsed.answers:
        if (answer.right and answer.weight in (None, 100.0)) or answer.weight == 100.0:
            if text := as_plain(answer.text, form):
                right.append(text)
        elif (answer.weight or 0) > 0:
            lost.append("answers worth part of the marks were left out: a gap is right or not")
        if answer.feedback.strip():
            lost.append("feedback on a gap's answers was left out: a blank has none")
    return right, list(dict.fromkeys(lost))


def _fraction(answer: Any) -> float:
    try:
        return float(answer.get("fraction", "0"))
    except ValueError:
        return 0.0


def _ordering(
    element: Any, base: dict[str, Any], draft: Draft, where: str, namer: MediaNamer
) -> Made:
    """Moodle's ordering question: its items, whose fractions are their places (1, 2, 3...)."""
    found = answers(element, namer, shown=True)
    if any(said for _, _, said in found):
        draft.skip(where, "feedback on its items was left out: an order question has none")
    select = (element.findtext("selecttype") or "ALL").strip().upper()
    if select not in ("ALL", "0"):
        draft.skip(where, "Moodle showed only some of its items; here all are put in order")
    items = [text for _, text, _ in sorted(found, key=lambda answer: answer[0])]
    return "order", {**base, "items": items}


CONVERTERS: dict[str, Callable[[Any, dict[str, Any], Draft, str, MediaNamer], Made]] = {
    "truefalse": _truth,
    "multichoice": _choice,
    "multichoiceset": _choice,
    "shortanswer": _short,
    "numerical": _numeric,
    "matching": _match,
    "multianswer": _cloze,
    # Moodle's own export writes embedded answers as `cloze` and reads `match` as `matching`.
    "cloze": _cloze,
    "match": _match,
    "ordering": _ordering,
    "ddwtos": _places,
    "gapselect": _places,
}
