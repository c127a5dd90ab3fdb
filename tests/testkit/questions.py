"""Questions of every type for the tests of grading: examples, and hypothesis strategies."""

from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st

from tutor_tui.core.content import (
    AnyQuestion,
    ChoiceQuestion,
    ClozeQuestion,
    MatchMode,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    Pair,
    ShortQuestion,
    TrueFalseQuestion,
)

FAST = settings(max_examples=60, deadline=None)


FLOOR_DIV = ChoiceQuestion(
    id="floor-div",
    choices=("3", "3.5", "4"),
    answer="3",
    feedback={"3.5": "That is `/`; `//` rounds down.", "3": "Yes: 7 // 2 rounds 3.5 down."},
)


LANGUAGES = MultiQuestion(
    id="langs", choices=("python", "rust", "html", "css", "go"), answers=("python", "rust", "go")
)


REBINDING = TrueFalseQuestion(id="rebinding", answer=False)


GREETING = ShortQuestion(
    id="greeting", answers=("Hello World", "hi world"), feedback={"goodbye world": "Other end."}
)


HALF_KG = NumericQuestion(id="half", answer=0.5, answer_text="1/2", unit="kg")


STEPS = OrderQuestion(id="steps", items=("write", "test", "commit"))


CAPITALS = MatchQuestion(
    id="capitals",
    pairs=(Pair("France", "Paris"), Pair("Spain", "Madrid"), Pair("Italy", "Rome")),
)


ASSIGN = ClozeQuestion(id="assign", text="In `x = 5`, the name {{x}} is bound to {{5|five}}.")


# The direction controls an answer may not hold (`grading.check_response`), as no control may.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters=BIDI_CONTROLS),
    max_size=12,
)


distinct_texts = st.lists(text, min_size=2, max_size=10, unique=True)


# Alternatives of a cloze blank: no braces or bars, and trimmed, as the model keeps them.
blank_text = st.text(
    st.characters(
        codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="{}|" + BIDI_CONTROLS
    ),
    max_size=8,
).map(str.strip)


# (pattern, an example it matches) for regex questions.
MODES: tuple[MatchMode, ...] = ("normal", "exact", "regex", "code")


PATTERNS = [r"colou?r", r"[0-9]+", r"[a-z]+ [a-z]+", r"(yes|no)!?", r"x{2,4}"]


@st.composite
def choice_questions(draw: st.DrawFn) -> ChoiceQuestion:
    choices = draw(distinct_texts)
    answer = draw(st.sampled_from(choices))
    replies = draw(st.dictionaries(st.sampled_from(choices), text, max_size=3))
    return ChoiceQuestion(id="q", choices=tuple(choices), answer=answer, feedback=replies)


@st.composite
def multi_questions(draw: st.DrawFn) -> MultiQuestion:
    choices = draw(distinct_texts)
    answers = draw(st.lists(st.sampled_from(choices), min_size=1, unique=True))
    return MultiQuestion(id="q", choices=tuple(choices), answers=tuple(answers))


@st.composite
def short_questions(draw: st.DrawFn) -> ShortQuestion:
    mode = draw(st.sampled_from(MODES))
    if mode == "regex":
        patterns = draw(st.lists(st.sampled_from(PATTERNS), min_size=1, max_size=3, unique=True))
        example = draw(st.from_regex(patterns[0], fullmatch=True))
        return ShortQuestion(id="q", answers=(example, *patterns), match="regex")
    answers = draw(st.lists(text, min_size=1, max_size=3))
    return ShortQuestion(id="q", answers=tuple(answers), match=mode)


@st.composite
def numeric_questions(draw: st.DrawFn) -> NumericQuestion:
    answer = draw(st.fractions(min_value=-1000, max_value=1000, max_denominator=64))
    percent = draw(st.booleans())
    tolerance = draw(st.sampled_from([0.0, 0.5, 2.0]))
    unit = draw(st.sampled_from([None, "kg", "m/s"]))
    return NumericQuestion(
        id="q",
        answer=float(answer),
        answer_text=draw(st.sampled_from(["", str(answer), "about a half"])),
        tolerance=tolerance,
        tolerance_is_percent=percent,
        unit=unit,
    )


@st.composite
def match_questions(draw: st.DrawFn) -> MatchQuestion:
    lefts = draw(distinct_texts)
    rights = draw(st.lists(text, min_size=len(lefts), max_size=len(lefts), unique=True))
    return MatchQuestion(
        id="q", pairs=tuple(Pair(a, b) for a, b in zip(lefts, rights, strict=True))
    )


@st.composite
def cloze_questions(draw: st.DrawFn) -> ClozeQuestion:
    mode = draw(st.sampled_from(MODES))
    # Regex alternatives are patterns: plain words are patterns that match themselves.
    word = st.from_regex(r"[a-z0-9]{1,6}", fullmatch=True) if mode == "regex" else blank_text
    blanks = draw(st.lists(st.lists(word, min_size=1, max_size=3), min_size=1, max_size=5))
    filler = st.text(st.sampled_from("ab .,\n"), max_size=5)
    pieces = [draw(filler)]
    for alternatives in blanks:
        pieces += ["{{" + "|".join(alternatives) + "}}", draw(filler)]
    return ClozeQuestion(id="q", text="".join(pieces), match=mode)


questions: st.SearchStrategy[AnyQuestion] = st.one_of(
    choice_questions(),
    multi_questions(),
    st.builds(TrueFalseQuestion, id=st.just("q"), answer=st.booleans()),
    short_questions(),
    numeric_questions(),
    st.builds(OrderQuestion, id=st.just("q"), items=distinct_texts.map(tuple)),
    match_questions(),
    cloze_questions(),
)


def number_texts() -> st.SearchStrategy[str]:
    """Numbers as a learner types them, in every accepted form."""
    fraction = st.fractions(min_value=-100, max_value=100, max_denominator=20)
    return st.one_of(
        fraction.map(str),
        st.decimals(min_value=-100, max_value=100, places=3).map(str),
        st.integers(-(10**6), 10**6).map(lambda n: f"{n}e-3"),
    )


def _each_partner_once(pairs: dict[str, str]) -> dict[str, str]:
    """The pairs with each right kept for its first left only."""
    kept: dict[str, str] = {}
    for left, right in pairs.items():
        if right not in kept.values():
            kept[left] = right
    return kept


def any_response(question: AnyQuestion) -> st.SearchStrategy:
    """Responses of the right shape for `question`, right or wrong, known texts or not."""
    match question:
        case ChoiceQuestion():
            return st.sampled_from(question.choices)
        case MultiQuestion():
            return st.lists(st.one_of(st.sampled_from(question.choices), text), max_size=12)
        case TrueFalseQuestion():
            return st.booleans()
        case ShortQuestion():
            return st.one_of(text, st.sampled_from(question.answers))
        case NumericQuestion():
            return st.one_of(number_texts(), st.fractions(), st.floats(-1e6, 1e6))
        case OrderQuestion():
            items = st.sampled_from(question.items)
            return st.one_of(st.permutations(question.items), st.lists(st.one_of(items, text)))
        case MatchQuestion():
            lefts = st.sampled_from([pair.left for pair in question.pairs])
            rights = st.sampled_from([pair.right for pair in question.pairs])
            # Each partner once: a response that pairs one right with two lefts is refused.
            return st.dictionaries(lefts, st.one_of(rights, text)).map(_each_partner_once)
        case ClozeQuestion():
            return st.lists(text, max_size=len(question.blanks))
    raise AssertionError(question)


def valid_response(question: AnyQuestion) -> st.SearchStrategy:
    """Responses parse_response accepts back: known texts only, each at most once."""
    match question:
        case MultiQuestion():
            return st.lists(st.sampled_from(question.choices), unique=True).map(tuple)
        case NumericQuestion():
            return number_texts()
        case OrderQuestion():
            return st.permutations(question.items).map(tuple)
        case MatchQuestion():
            rights = [pair.right for pair in question.pairs]
            lefts = st.sampled_from([pair.left for pair in question.pairs])
            return st.dictionaries(lefts, st.sampled_from(rights))
        case ClozeQuestion():
            count = len(question.blanks)
            return st.lists(text, min_size=count, max_size=count).map(tuple)
    return any_response(question)
