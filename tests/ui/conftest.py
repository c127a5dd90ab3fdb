"""The study app on test data: an in-memory store, fixed packs and a fixed clock.

`start()` builds the app the way the command line does (`Context.run_app`): a `connect` that returns
a `Tutor(store, packs, clock)`. Each call is a fresh start on the same store, as a second run of
`tutor` would be. Async tests run under pytest-asyncio (its mode is set in pyproject.toml).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import pytest
from testkit.quiet import settle, wait_for_the_app
from testkit.styles import parse_once
from textual.pilot import Pilot
from textual.widgets import Markdown, Static

from tutor_tui.core.clock import FixedClock
from tutor_tui.core.content import (
    ChoiceQuestion,
    ClozeQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    Pack,
    Pair,
    ShortQuestion,
    Skill,
    TrueFalseQuestion,
    Unit,
)
from tutor_tui.core.grading import correct_response
from tutor_tui.core.learner import Learner
from tutor_tui.service.tutor import Tutor
from tutor_tui.store.database import Store
from tutor_tui.ui.app import TutorApp

# The tutor's "now" in every test: nothing depends on the real clock.
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


# The sampler pack: one skill per question type (no lesson, nothing required, so choosing it on the
# skill map goes straight to its question), a first skill with a lesson, and one locked skill.

READING = Skill(
    id="reading",
    title="Reading fractions",
    unit="basics",
    lesson=(
        "A fraction like **3/4** has two numbers:\n\n"
        "- the *numerator* (3, on top) counts the parts you have;\n"
        "- the *denominator* (4, below) says how many equal parts make a whole.\n"
    ),
    questions=(
        ChoiceQuestion(
            id="reading-denominator",
            skill="reading",
            prompt="In the fraction 3/4, which number is the denominator?",
            choices=("4", "3", "7"),
            answer="4",
            feedback={"3": "3 is the numerator: it counts the parts you have."},
            hints=(
                "The denominator is one of the two numbers you can see.",
                "It is the bottom one.",
            ),
            explanation="The denominator is the bottom number: 4 equal parts make the whole.",
            shuffle=False,
        ),
        ChoiceQuestion(
            id="reading-numerator",
            skill="reading",
            prompt="In the fraction 2/5, which number is the numerator?",
            choices=("2", "5"),
            answer="2",
            explanation="The numerator is the top number.",
            shuffle=False,
        ),
    ),
)

TYPE_SKILLS = {
    "choice": READING,
    "multi": Skill(
        id="halves",
        title="Halves",
        unit="basics",
        questions=(
            MultiQuestion(
                id="halves-multi",
                skill="halves",
                prompt="Which of these are equal to 1/2?",
                choices=("2/4", "2/3", "3/6", "1/3"),
                answers=("2/4", "3/6"),
                explanation="2/4 and 3/6 both simplify to 1/2.",
                shuffle=False,
            ),
        ),
    ),
    "truefalse": Skill(
        id="wholes",
        title="Wholes",
        unit="basics",
        questions=(
            TrueFalseQuestion(
                id="wholes-tf",
                skill="wholes",
                prompt="3/3 is equal to 1.",
                answer=True,
                explanation="Three thirds make one whole.",
            ),
        ),
    ),
    "short": Skill(
        id="lowest",
        title="Lowest terms",
        unit="basics",
        questions=(
            ShortQuestion(
                id="lowest-short",
                skill="lowest",
                prompt="What is 2/4 in lowest terms?",
                answers=("1/2",),
                explanation="Divide the top and the bottom by 2.",
            ),
        ),
    ),
    "numeric": Skill(
        id="halving",
        title="Halving",
        unit="basics",
        questions=(
            NumericQuestion(
                id="halving-numeric",
                skill="halving",
                prompt="What is half of 3?",
                answer=1.5,
                answer_text="1.5",
                explanation="3 ÷ 2 = 1.5, or 3/2.",
            ),
        ),
    ),
    "order": Skill(
        id="sizes",
        title="Sizes",
        unit="basics",
        questions=(
            OrderQuestion(
                id="sizes-order",
                skill="sizes",
                prompt="Put these in order, smallest first.",
                items=("1/4", "1/2", "3/4"),
                explanation="One, two and three quarters.",
            ),
        ),
    ),
    "match": Skill(
        id="decimals",
        title="Decimals",
        unit="basics",
        questions=(
            MatchQuestion(
                id="decimals-match",
                skill="decimals",
                prompt="Match each fraction to its decimal.",
                pairs=(Pair("1/2", "0.5"), Pair("1/4", "0.25"), Pair("3/4", "0.75")),
                explanation="Divide the top by the bottom.",
            ),
        ),
    ),
    "cloze": Skill(
        id="places",
        title="Top and bottom",
        unit="basics",
        questions=(
            ClozeQuestion(
                id="places-cloze",
                skill="places",
                prompt="Fill in the numbers.",
                text="In 3/4 the numerator is {{3|three}} and the denominator is {{4|four}}.",
                explanation="The numerator is on top, the denominator below.",
            ),
        ),
    ),
}

PARTS = Skill(
    id="parts",
    title="Equal parts",
    unit="basics",
    requires=("reading",),
    lesson="Cut a whole into **equal** parts.",
    questions=(
        ChoiceQuestion(
            id="parts-choice",
            skill="parts",
            prompt="Are the parts of a fraction equal?",
            choices=("Yes", "No"),
            answer="Yes",
            shuffle=False,
        ),
    ),
)


def _sampler() -> Pack:
    skills = (*TYPE_SKILLS.values(), PARTS)
    return Pack(
        id="sampler",
        title="Sampler",
        version="1.0.0",
        units=(Unit(id="basics", title="Basics", skills=tuple(s.id for s in skills)),),
        skills=skills,
    )


SAMPLER = _sampler()
SECOND = Pack(
    id="second",
    title="Second steps",
    version="1.0.0",
    units=(Unit(id="u", title="U", skills=("next",)),),
    skills=(
        Skill(
            id="next",
            title="Next",
            unit="u",
            questions=(TrueFalseQuestion(id="next-tf", skill="next", prompt="Yes?", answer=True),),
        ),
    ),
)
TEST_PACKS: dict[str, Pack] = {SAMPLER.id: SAMPLER, SECOND.id: SECOND}


# Fixtures -----------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _pilot_waits_for_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pilot waits for the app to have handled what a key started, not for the process to look
    idle (testkit.quiet)."""
    wait_for_the_app(monkeypatch)


@pytest.fixture(autouse=True)
def _stylesheets_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each CSS source is parsed once a process, not once an app (testkit.styles)."""
    parse_once(monkeypatch)


@pytest.fixture(scope="session")
def builtin_packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Pack]:
    """The built-in packs, loaded once, with the pack cache in a folder of the tests' own."""
    from tutor_tui.packs.catalog import load_catalog

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TUTOR_HOME", str(tmp_path_factory.mktemp("catalog-home")))
        patch.delenv("TUTOR_PACK_PATH", raising=False)
        catalog = load_catalog()
    packs = {pack_id: entry.result.pack for pack_id, entry in catalog.packs.items()}
    assert packs, "no built-in packs found"
    return packs  # type: ignore[return-value]


@pytest.fixture
def clock() -> FixedClock:
    """The tutor's clock, fixed at T0; a test may move it."""
    return FixedClock(T0)


@pytest.fixture
def store() -> Iterator[Store]:
    """An empty in-memory store, shared by every start of the app in one test."""
    store = Store.open("sqlite://")
    yield store
    store.close()


class Started(TutorApp):
    """The app as `start()` returns it (for type checkers): with the notifications it showed."""

    notes: list[tuple[str, str]]


Start = Callable[..., Started]


def _noting(app: TutorApp) -> Started:
    """Note every notification the app shows, for assertions, and still show it."""
    notes: list[tuple[str, str]] = []
    show = app.notify

    def notify(message: str, *, title: str = "", **kwargs: Any) -> None:
        notes.append((title, message))
        show(message, title=title, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    app.notes = notes  # type: ignore[attr-defined]
    return app  # type: ignore[return-value]


@pytest.fixture
def start(store: Store, clock: FixedClock) -> Start:
    """Build the app on the test store: `start(learner=..., pack=..., packs=...)`."""

    def build(
        learner: str | None = None,
        pack: str | None = None,
        packs: Mapping[str, Pack] | None = None,
        **timed: Any,
    ) -> Started:
        tutor = Tutor(store, dict(packs if packs is not None else TEST_PACKS), clock)
        app = TutorApp(lambda: tutor, learner, pack, **timed)
        app.animation_level = "none"
        return _noting(app)

    return build


@pytest.fixture
def ann(store: Store) -> Learner:
    """A learner who has done nothing yet, with the same id in every run: what is seeded by the
    learner (the placement check's draws, the order of choices) is then the same every time."""
    from tutor_tui.store import database as store_module

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store_module, "new_id", lambda: "019a0000-0000-7000-8000-00000000a22e")
        return store.add_learner("Ann", T0)


# Driving the app ----------------------------------------------------------------------------------


class Driver:
    """A learner at the keyboard: presses keys, waits for the app, reads the screen."""

    def __init__(self, pilot: Pilot[Any]) -> None:
        self.pilot = pilot
        self.app: Started = pilot.app  # type: ignore[assignment]
        # Count the workers the app starts, to wait for them only after a key that started one.
        self.workers_started = 0
        manager = self.app.workers
        add_worker = manager.add_worker

        def counted(worker: Any, start: bool = True, exclusive: bool = True) -> None:
            self.workers_started += 1
            add_worker(worker, start=start, exclusive=exclusive)

        manager.add_worker = counted  # type: ignore[method-assign]

    async def settle(self) -> None:
        """Wait until the app has opened its data, no worker runs and the screen has caught up
        (testkit.quiet.settle)."""
        await settle(self.pilot)

    async def press(self, *keys: str) -> None:
        """Press keys one at a time, each after the work the one before it started is done."""
        for key in keys:
            started = self.workers_started
            await self.pilot.press(key)
            if self.workers_started == started:
                # A key's messages may still be on their way up to the app, which starts the work.
                await self.pilot.pause()
            if self.workers_started != started:
                await self.settle()

    async def type(self, text: str) -> None:
        """Type text key by key."""
        await self.pilot.press(*["space" if char == " " else char for char in text])

    async def command(self, name: str) -> None:
        """Run a command from the palette: ctrl+p, its name typed, and Enter once the palette's
        search, which runs in the background, shows it first (waited for, not timed)."""
        from textual.command import CommandList

        await self.pilot.press("ctrl+p")
        await self.type(name)
        found = self.app.screen.query_one(CommandList)
        for _ in range(100):
            if found.option_count and found.highlighted == 0:
                if str(found.get_option_at_index(0).prompt).lower().startswith(name.lower()):
                    break
            # The search is a worker of the palette's; what it found shows once it is done.
            await self.app.workers.wait_for_complete()
            await self.pilot.pause()
        else:
            raise AssertionError(f"the palette did not find {name!r}")
        await self.press("enter")
        await self.settle()

    def text(self, selector: str) -> str:
        """The plain text of one Static, Label or Markdown on the current screen."""
        widget = self.app.screen.query_one(selector)
        if isinstance(widget, Markdown):
            return widget.source
        assert isinstance(widget, Static)
        return str(widget.render())

    def screen_text(self) -> str:
        """Every Static, Label and Markdown text on the current screen, one per line."""
        parts = []
        for widget in self.app.screen.query("Static, Markdown"):
            if isinstance(widget, Markdown):
                parts.append(widget.source)
            elif isinstance(widget, Static):
                parts.append(str(widget.render()))
        return "\n".join(parts)

    @property
    def screen(self) -> Any:
        """The screen on top."""
        return self.app.screen

    def right_answer(self) -> Any:
        """The right answer to the question on screen, in `grading`'s canonical form."""
        return correct_response(self.screen.shown.question)

    async def answer(self, response: Any) -> None:
        """Give `response` to the question on screen with the keys of its type (no Enter)."""
        shown = self.screen.shown
        kind = shown.question.type
        if kind == "choice":
            await self.pilot.press(str(shown.choices.index(response) + 1))
        elif kind == "truefalse":
            await self.pilot.press("t" if response else "f")
        elif kind == "multi":
            # The first by arrows and space, the rest by their numbers: both ways toggle.
            first, *rest = [shown.choices.index(choice) for choice in response]
            await self._arrow_to(first)
            await self.pilot.press("space")
            await self.pilot.press(*[str(index + 1) for index in rest])
        elif kind in ("short", "numeric"):
            await self.type(str(response))
        elif kind == "cloze":
            for number, fill in enumerate(response):
                if number:
                    await self.pilot.press("tab")
                await self.type(fill)
        elif kind == "order":
            await self._put_in_order(list(shown.choices), list(response))
        elif kind == "match":
            # The highlight starts on the first left and moves down after each pairing.
            for left in shown.lefts:
                await self.pilot.press(str(shown.choices.index(response[left]) + 1))
        else:  # pragma: no cover - a new question type needs its keys here
            raise AssertionError(f"no keys for {kind}")

    async def _arrow_to(self, index: int) -> None:
        """Move the highlight of the focused list to `index` with the arrow keys."""
        options = self.app.focused
        assert options is not None
        if options.highlighted is None:  # type: ignore[attr-defined]
            await self.pilot.press("down")
        at = options.highlighted  # type: ignore[attr-defined]
        await self.pilot.press(*["down" if index > at else "up"] * abs(index - at))
        assert options.highlighted == index  # type: ignore[attr-defined]

    async def _put_in_order(self, items: list[str], wanted: list[str]) -> None:
        """Arrows to each item, then shift+up or `-` until it stands in its place."""
        for place, item in enumerate(wanted):
            index = items.index(item)
            await self._arrow_to(index)
            # Both ways of moving an item up, in turn.
            await self.pilot.press(*[("shift+up", "minus")[n % 2] for n in range(index - place)])
            items.insert(place, items.pop(index))
        assert self.screen.query_one("#answer").response() == wanted


@pytest.fixture
def drive() -> type[Driver]:
    """`drive(pilot)`: a learner at the keyboard of the app under test."""
    return Driver


@pytest.fixture
def sampler() -> Pack:
    """The sampler pack: a lesson, one skill per question type, and a locked skill."""
    return SAMPLER


@pytest.fixture
def type_skills() -> dict[str, Skill]:
    """The sampler's skill for each question type."""
    return TYPE_SKILLS
