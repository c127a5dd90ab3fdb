"""Answer widgets, one per question type.

Every answer widget offers `response()`: the learner's answer in the form `grading.grade` takes,
or None while it is incomplete (the screen then says what is missing); and `mark(grade, given)`,
which marks in the question itself which choice, item, pair or blank was right and which wrong,
each with a symbol and a word (never by colour alone). Keys follow the question:
digits pick a choice, space toggles in multi, `t`/`f` for true or false, shift+arrows move an item
of an order question, digits pair the highlighted left of a match question with a right.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tutor_tui.core.content import ClozeQuestion
from tutor_tui.core.grading import Grade
from tutor_tui.service.tutor import Presented
from tutor_tui.ui.widgets.text import inline_text

RIGHT, WRONG = "✓", "✗"


def numbered(number: int, source: str, mark: str = "") -> Text:
    """A numbered choice or item: its Markdown drawn, and a mark after it, if any."""
    text = Text(f"{number}. ")
    text.append_text(inline_text(source))
    if mark:
        text.append(f"  {mark}", "bold")
    return text


_DIGITS: list[BindingType] = [
    Binding(str((n + 1) % 10), f"pick({n})", show=False) for n in range(10)
]


class AnswerWidget(Widget):
    """Base for answer widgets: holds the presented question."""

    DEFAULT_CSS = "AnswerWidget { height: auto; }"

    def __init__(self, shown: Presented, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.shown = shown

    def response(self) -> Any | None:
        """The answer so far, or None while it is incomplete."""
        raise NotImplementedError

    def missing(self) -> str:
        """What the learner still has to do before submitting."""
        return "Choose an answer first."

    def mark(self, grade: Grade, given: Any | None) -> None:
        """Mark the answer `given` (None: "I don't know") in place, once it is graded."""


class ChoiceAnswer(AnswerWidget):
    """One right choice: digits or arrows pick, Enter submits."""

    BINDINGS = _DIGITS

    def compose(self) -> ComposeResult:
        yield OptionList(
            *[
                Option(numbered(n, choice), id=f"c{n}")
                for n, choice in enumerate(self.shown.choices, 1)
            ],
            id="options",
        )

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = None

    def action_pick(self, index: int) -> None:
        """Called when a digit is pressed: highlight that choice."""
        options = self.query_one(OptionList)
        if index < options.option_count:
            options.highlighted = index

    def response(self) -> Any | None:
        index = self.query_one(OptionList).highlighted
        return None if index is None else self.shown.choices[index]

    def mark(self, grade: Grade, given: Any | None) -> None:
        options = self.query_one(OptionList)
        right = self.shown.choices.index(grade.expected) if not grade.correct else None
        for index, choice in enumerate(self.shown.choices):
            if self._is(index, given):
                mark = f"{RIGHT} your answer, right" if grade.correct else f"{WRONG} your answer"
            elif index == right:
                mark = f"{RIGHT} the right answer"
            else:
                continue
            options.replace_option_prompt_at_index(index, numbered(index + 1, choice, mark))

    def _is(self, index: int, given: Any | None) -> bool:
        """Whether the choice at `index` is the answer given."""
        return given is not None and self.shown.choices[index] == given


class TrueFalseAnswer(ChoiceAnswer):
    """True or false: `t` or `f`, or arrows."""

    BINDINGS = [
        Binding("t", "pick(0)", "true"),
        Binding("f", "pick(1)", "false"),
        Binding("1", "pick(0)", show=False),
        Binding("2", "pick(1)", show=False),
    ]

    def response(self) -> Any | None:
        index = self.query_one(OptionList).highlighted
        return None if index is None else index == 0

    def _is(self, index: int, given: Any | None) -> bool:
        return given is not None and given == (index == 0)


class MultiAnswer(AnswerWidget):
    """Every right choice: space or digits toggle, Enter submits.

    Each choice shows one mark, ☐ or ☑, in its text, readable in every theme and without colour:
    a plain list keeps the picks, where Textual's selection list would draw its own toggle
    beside the mark, which tells picked from not by colour alone and reads as picked when not."""

    BINDINGS = [*_DIGITS, Binding("space", "flip", show=False)]

    def __init__(self, shown: Presented, **kwargs: Any) -> None:
        super().__init__(shown, **kwargs)
        self.picked: set[int] = set()

    def compose(self) -> ComposeResult:
        yield OptionList(*[self._prompt(n) for n in range(len(self.shown.choices))], id="options")

    def _prompt(self, index: int, mark: str = "") -> Text:
        box = Text("☑ " if index in self.picked else "☐ ", "bold")
        box.append_text(numbered(index + 1, self.shown.choices[index], mark))
        return box

    def _flip(self, index: int) -> None:
        """Pick the choice at `index`, or unpick it, and redraw its mark."""
        self.picked ^= {index}
        self.query_one(OptionList).replace_option_prompt_at_index(index, self._prompt(index))

    def action_flip(self) -> None:
        """Called on space: pick or unpick the highlighted choice."""
        index = self.query_one(OptionList).highlighted
        if index is not None:
            self._flip(index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Called when a choice is clicked: pick or unpick it."""
        event.stop()
        self._flip(event.option_index)

    def action_pick(self, index: int) -> None:
        """Called when a digit is pressed: toggle that choice."""
        options = self.query_one(OptionList)
        if index < options.option_count:
            self._flip(index)
            options.highlighted = index

    def response(self) -> Any | None:
        return [self.shown.choices[i] for i in sorted(self.picked)] if self.picked else None

    def missing(self) -> str:
        return "Pick at least one choice (space or its number) first."

    def mark(self, grade: Grade, given: Any | None) -> None:
        options = self.query_one(OptionList)
        answers = set(getattr(self.shown.question, "answers", ()))
        picked = set(given or ())
        for index, choice in enumerate(self.shown.choices):
            if choice in picked:
                mark = f"{RIGHT} right" if choice in answers else f"{WRONG} not right"
            elif choice in answers:
                mark = f"{WRONG} missed: it is right"
            else:
                continue
            options.replace_option_prompt_at_index(index, self._prompt(index, mark))


class OrderAnswer(AnswerWidget):
    """Items in order: arrows choose an item, shift+arrows (or `-`/`+`) move it."""

    BINDINGS = [
        Binding("shift+up,minus,k", "move(-1)", "move up"),
        Binding("shift+down,plus,equals_sign,j", "move(1)", "move down"),
    ]

    def __init__(self, shown: Presented, **kwargs: Any) -> None:
        super().__init__(shown, **kwargs)
        self.items = list(shown.choices)

    def compose(self) -> ComposeResult:
        yield OptionList(*self._options(), id="options")

    def _options(self, marks: list[str] | None = None) -> list[Option]:
        marks = marks or [""] * len(self.items)
        return [
            Option(numbered(n, item, mark))
            for n, (item, mark) in enumerate(zip(self.items, marks, strict=True), 1)
        ]

    def action_move(self, step: int) -> None:
        """Called to move the highlighted item up or down."""
        options = self.query_one(OptionList)
        index = options.highlighted
        if index is None:
            return
        target = index + step
        if 0 <= target < len(self.items):
            self.items[index], self.items[target] = self.items[target], self.items[index]
            options.clear_options()
            options.add_options(self._options())
            options.highlighted = target

    def response(self) -> Any | None:
        return list(self.items)

    def mark(self, grade: Grade, given: Any | None) -> None:
        right = list(getattr(self.shown.question, "items", ()))
        marks = [
            f"{RIGHT} in place"
            if right.index(item) == at
            else f"{WRONG} goes at {right.index(item) + 1}"
            for at, item in enumerate(self.items)
        ]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options(marks))


class MatchAnswer(AnswerWidget):
    """Pairs: arrows choose a left item, a digit pairs it with that right item. Each right item
    goes with one left item (unless the question allows more): pairing it again moves it, and
    the list of rights shows which are taken."""

    BINDINGS = _DIGITS

    def __init__(self, shown: Presented, **kwargs: Any) -> None:
        super().__init__(shown, **kwargs)
        self.pairs: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="match"):
            yield OptionList(*self._lefts(), id="options")
            yield Static(self._rights(), id="rights")

    def _rights(self) -> Text:
        """The rights, numbered, each taken one with the left it is paired with."""
        taken = {right: left for left, right in self.pairs.items()}
        lines = []
        for n, right in enumerate(self.shown.choices, 1):
            line = numbered(n, right)
            if right in taken:
                line.append("  ← ", style="dim")
                line.append_text(inline_text(taken[right]))
            lines.append(line)
        return Text("\n").join(lines)

    def _lefts(self, marks: list[str] | None = None) -> list[Option]:
        marks = marks or [""] * len(self.shown.lefts)
        options = []
        for left, mark in zip(self.shown.lefts, marks, strict=True):
            text = inline_text(left)
            text.append("  →  ")
            text.append_text(inline_text(self.pairs[left]) if left in self.pairs else Text("…"))
            if mark:
                text.append("  ")
                text.append_text(mark if isinstance(mark, Text) else Text(mark, "bold"))
            options.append(Option(text))
        return options

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0

    def action_pick(self, index: int) -> None:
        """Called when a digit is pressed: pair the highlighted left with that right."""
        options = self.query_one(OptionList)
        row = options.highlighted
        if row is None or index >= len(self.shown.choices):
            return
        right = self.shown.choices[index]
        if not getattr(self.shown.question, "reuse", False):
            # A right item goes with one left item: pairing it here unpairs it elsewhere.
            self.pairs = {left: r for left, r in self.pairs.items() if r != right}
        self.pairs[self.shown.lefts[row]] = right
        self.query_one("#rights", Static).update(self._rights())
        options.clear_options()
        options.add_options(self._lefts())
        options.highlighted = min(row + 1, len(self.shown.lefts) - 1)

    def response(self) -> Any | None:
        return dict(self.pairs) if len(self.pairs) == len(self.shown.lefts) else None

    def missing(self) -> str:
        return "Pair every item on the left with a number from the right first."

    def mark(self, grade: Grade, given: Any | None) -> None:
        pairs = getattr(self.shown.question, "pairs", ())
        marks: list[Any] = []
        for pair, right in zip(pairs, grade.parts or [False] * len(pairs), strict=True):
            marks.append(
                Text(f"{RIGHT} right", "bold")
                if right
                else Text.assemble((f"{WRONG} it goes with ", "bold"), inline_text(pair.right))
            )
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._lefts(marks))


class AnswerBox(Input):
    """A box for a typed answer that edits in the order the keys were typed."""

    async def _on_key(self, event: events.Key) -> None:
        # Letters go in as the box reads them, but Input runs its editing keys (Backspace, the
        # arrows, Home...) only once the key has travelled up to the app: typed fast, `4`
        # Backspace `3` became `3` deleted after it. Run them here, in the letters' queue.
        if not event.is_printable:
            for key in event.aliases:
                bindings = self._bindings.key_to_bindings.get(key)
                if bindings and key != "enter":
                    event.stop()
                    event.prevent_default()
                    await self.run_action(bindings[0].action)
                    return
        await super()._on_key(event)


class TextAnswer(AnswerWidget):
    """A typed answer: a short text or a number."""

    def compose(self) -> ComposeResult:
        unit = getattr(self.shown.question, "unit", None)
        placeholder = (
            "Type a number" + (f" (in {unit})" if unit else "")
            if self.shown.question.type == "numeric"
            else "Type your answer"
        )
        yield AnswerBox(placeholder=placeholder, id="text")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def response(self) -> Any | None:
        value = self.query_one(Input).value
        return value if value.strip() else None

    def missing(self) -> str:
        return "Type an answer first."


class ClozeAnswer(AnswerWidget):
    """Fill the blanks: one box per blank, Tab moves between them."""

    def compose(self) -> ComposeResult:
        question = self.shown.question
        assert isinstance(question, ClozeQuestion)
        count = len(question.blanks)
        with Vertical(id="blanks"):
            for number in range(1, count + 1):
                with Horizontal(classes="blank"):
                    yield Label(f"[{number}]" if count > 1 else "Blank", classes="blank-label")
                    # Back in a blank, typing goes on after its text rather than replacing it.
                    yield AnswerBox(id=f"blank-{number}", select_on_focus=False)

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def response(self) -> Any | None:
        fills = [field.value for field in self.query(Input)]
        return fills if all(fill.strip() for fill in fills) else None

    def missing(self) -> str:
        return "Fill every blank first (Tab moves to the next)."

    def mark(self, grade: Grade, given: Any | None) -> None:
        question = self.shown.question
        assert isinstance(question, ClozeQuestion)
        parts = grade.parts or (False,) * len(question.blanks)
        for row, accepted, right in zip(self.query(".blank"), question.blanks, parts, strict=True):
            said = f"{RIGHT} right" if right else f"{WRONG} it is {accepted[0]}"
            row.mount(Label(Text(said), classes="blank-mark"))


ANSWER_WIDGETS: dict[str, type[AnswerWidget]] = {
    "choice": ChoiceAnswer,
    "multi": MultiAnswer,
    "truefalse": TrueFalseAnswer,
    "short": TextAnswer,
    "numeric": TextAnswer,
    "order": OrderAnswer,
    "match": MatchAnswer,
    "cloze": ClozeAnswer,
}
